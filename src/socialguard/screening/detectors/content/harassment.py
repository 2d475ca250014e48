"""Harassment: threats, intimidation, bullying, targeted abuse and incitement (product.md §3).

Data: ``lexicons/harassment.txt`` (fixed phrases; ``ambiguous=yes`` for everyday idioms that can
also be threats), ``patterns/harassment.yaml`` (phrases with a slot: "burn ... down", "someone
should sort her out"), and the insults of ``lexicons/offensive.txt`` for targeted abuse (an insult
aimed at "you" or at a named person or role). Robust but civil criticism ("the councillor should
resign", "useless decision") uses none of these and is not reported.

Forms harassment takes in UK council social media, and the machinery for each:

- direct threat ("I'll batter him", "I'll find ye"): kill_target / sort_them_out patterns, lexicon;
- veiled or conditional threat ("you'll get a visit", "willnae be walkin straight", "move them on
  or we will", "if he does it again I'll sort him"): bad_outcome_for_person, conditional_threat;
- surveillance / "I know where you live" ("I know her car, her gym, her routine", "Cllr X gets the
  7.40 train every morning"): know_their_routine, person_schedule (weak: needs a second cue);
- intimidation ("he can't hide forever", "dinnae deserve tae feel safe"): cant_hide, retaliation;
- hounding ("every day until she's sacked", "tag her in every post"): hounding_until;
- pile-ons and calls to target someone ("we should all email his wife", "do your thing
  internet", "let's make her famous"): collective_contact, pile_on_call, expose_face;
- doxxing ("found her personal insta", "ring his home number"): private_contact, expose_face;
- wishing harm ("hope she gets cancer", "kill yourself @..."): hope_harm, lexicon + an @handle;
- targeted abuse: an insult aimed at "you", an @handle, or a named person or role through a
  copula with abusive modifiers in between ("Kerry from payroll is a proper two-faced cow",
  "Councillor Hendry ye are a useless wee fanny");
- sexualised remarks at a person: a sexual remark the sexual-content detector accepts, aimed
  at an @handle, a titled name ("Cllr Reynolds") or "you" ("I'd bend you over that desk"), and
  sextortion ("send me a pic or I'll share ..."): the sextortion pattern.

Weak evidence (``ambiguous=yes`` lexicon entries, patterns with ``attrs: {weak: true}``) is
reported only with a second cue: another firm threat, abuse, or a second, different weak cue.
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    EntryInfo,
    PatternGroup,
    build_info,
    has_other,
    idle,
    next_words,
    prev_words,
    run_patterns,
    same_sentence,
    word_set,
    words_of,
)
from socialguard.screening.detectors.content.offensive import (
    _MODIFIERS,
    ALLOW,
    drop_allowed,
    insult_frame,
)
from socialguard.screening.detectors.content.sexual import LEXICON as SEXUAL
from socialguard.screening.detectors.content.sexual import SexualSignals
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["HarassmentDetector"]

LEXICON = "harassment"
OFFENSIVE = "offensive"
PATTERNS = "harassment"
FIRST_NAMES = "pii_first_names"
GROUPS = "identity_groups"

_CONFIDENCE = {Severity.HIGH: 0.9, Severity.MEDIUM: 0.8, Severity.LOW: 0.65}
# "you"/"ya" address the reader; possessives ("your bitch has three litters") do not.
_SECOND_PERSON = frozenset({"you", "ya", "u", "youre", "ye"})
# Reported threats ("the bully is threatening to stab him") are someone else's words.
_REPORTED = frozenset({"threatening", "threatened", "threatens", "threaten", "said", "says"})
# "Somebody said they'd found his address", "reported that someone is sharing it": reported.
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|saying|claimed|reported|threatened|threatening|told me)\b[^.!?]*$", re.I
)
# "This is going to kill her", "the cuts are going to kill her": a thing, not a person (I, we,
# he, she, they, you ...), is the subject.
_THING_SUBJECT = re.compile(
    r"\b(?!(?:i|we|he|she|they|you|ye|u|someone|somebody|lads|people|folk|im|i'm)\b)\w+"
    r"(?:'s|’s| is| are| was| were| will| would|ll)"
    r"\s+(?:going to |gonna )?(?:kill|hurt|end(?! up))\b",
    re.I,
)
_THIRD_PERSON = frozenset(
    {
        "he", "she", "him", "her", "cllr", "councillor", "officer", "mayor", "leader", "manager",
        "warden", "neighbour", "landlord", "inspector", "provost", "director", "receptionist",
        "worker", "man", "woman", "bloke", "lady", "guy", "lad", "boss", "supervisor", "teacher",
        "headteacher", "attendant", "chief", "exec", "executive", "clerk", "convener", "planner",
        "caretaker", "janitor", "head", "heidie", "depute", "deputy", "chair", "chairman",
        "chairwoman", "lass", "lassie", "wumman", "fella", "nurse", "librarian", "gardener",
        "ranger", "driver", "cleaner", "assistant", "adviser", "advisor", "lead", "mp", "msp",
    }
)  # fmt: skip
_COPULA = frozenset({"is", "s", "was", "are", "re", "r", "a", "an", "such", "absolute", "total"})


# --- general forms: a TARGET (a person) + a PREDICATE (violence, harm, fear, exclusion ...) -----
# Built from parts so one list of roles and one list of violent verbs serve every form. Each
# regex runs on ``doc.norm`` (lower case, de-obfuscated); ``_GENERAL_GATE`` is a cheap first check.
_ROLE = (
    r"(?:councill?or|cllr|officer|warden|manager|boss|inspector|planner|convener|leader|worker"
    r"|driver|man|woman|wumman|lad|lass|lassie|bloke|guy|girl|fella|chief|exec|executive|director"
    r"|mayor|provost|librarian|receptionist|clerk|teacher|neighbour|landlord|caretaker|nurse"
    r"|binman|bin man|bin men|heidie|head|one|idiot|clown|prick|cow|bitch|bastard|twat|jobsworth)"
)
_TARGET = (
    r"(?:you|ye|u|him|her|cllr \w+|councill?or \w+|mr \w+|mrs \w+|ms \w+|miss \w+"
    r"|(?:that|the|this|yon|thon|those|these|the next|any|every) (?:[\w-]+ ){0,2}?" + _ROLE + r"s?)"
)
_VIOLENT = (
    r"(?:punch|hit|slap|smack|batter|kick|stab|shoot|kill|hurt|deck|drag|strangle|throttle"
    r"|kneecap|glass|hang|lynch|torch|brick|attack|beat up|smash|knock out|chin|leather|skelp"
    r"|headbutt|bottle|jump|do in|string up|run over|knife|waste|end|bury|burn|banjo|stripe"
    r"|lamp|twat|chib|malky|burst|brain|panel|boot|lay out|floor|sink|smack up|kick in|have)"
)
_NEGATED = re.compile(r"\b(?:don'?t|dinnae|never|not|didn'?t|wouldn'?t|won'?t|stop|no)\s+$")
_GENERAL_FORMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        # "can someone just punch that councillor", "I'll drag you out by your hair",
        # "ah'll stripe ye", "I'll banjo the next warden"
        re.compile(
            r"\b(?<!i'd )(?<!id )(?<!i would )(?<!to )" + _VIOLENT + r" " + _TARGET + r"\b"
            r"(?<!have you)(?<!have him)(?<!have her)(?<!have them)"
            r"(?! (?:up|to it|to the|off|in the polls|at the polls|back"
            r"|a (?:message|text|line|form))\b)"
        ),
        "threat",
        "violence aimed at a person",
    ),
    (
        # "I'll have you, you little rat", "we'll get you": a bare "have/get" + a person needs
        # the first person future and the end of the clause.
        re.compile(
            r"\b(?:i'?ll|we'?ll|i will|we will|ah'?ll|gonna) (?:have|get|do) (?:you|ye|him|her)"
            r"(?=\s*(?:[.!,]|$| you | ya | ye |one day|soon|for this|for that|eventually))"
        ),
        "threat",
        "a promise to get a person",
    ),
    (
        # "she will pay", "you're going to have a very bad week", "your days in that job are
        # numbered", "I won't rest till she's suffering", "I'll make your life a living nightmare"
        re.compile(
            r"\b(?:he|she|you|ye|they|" + _TARGET + r")(?:'?ll| will|'?s going to|'?re going to"
            r"| is going to| are going to| is gonna| gonna| going to)"
            r" (?:pay(?= *(?:[.!,]|$| for (?:this"
            r"|that|what)))|suffer|regret (?:it|this|that|the day)|be sorry|get what (?:he|she|they"
            r"|you|'?s)(?: \w+)? (?:deserves?|coming)"
            r"|have a (?:very |really )?(?:bad|rough|hard|horrible"
            r"|nasty) (?:day|week|time|night|year))"
            r"|\b(?:your|his|her|their|yer) days(?: \w+){0,4} (?:are|r) numbered\b"
            r"|\bi (?:won'?t|will not|willnae) rest (?:till|until|untill|til)\b"
            r"|\bmake (?:your|his|her|their|yer) (?:\w+ )?(?:life|lives|job|week) a (?:living )?"
            r"(?:nightmare|hell|misery)\b"
        ),
        "threat",
        "harm promised to a person",
    ),
    (
        # "you should be scared", "be very afraid"
        re.compile(
            r"\b(?:you|ye|u|he|she|they) (?:should|ought to|need to|better|had better|'?d better"
            r"|want to) be (?:very |really )?(?:scared|worried|afraid|frightened|terrified|nervous)"
            r"(?= *(?:[.!,]|$|i'?m not|mate|love|pal|hen|of (?:me|us)))|\bbe very afraid\b"
        ),
        "intimidation",
        "telling a person to be afraid",
    ),
    (
        # "put her in her place", "someone needs to knock him down a peg"
        re.compile(
            r"\bput (?:him|her|them|you|ye|that \w+|the \w+) in (?:his|her|their|your|yer) place\b"
            r"|\b(?:take|knock|bring) (?:him|her|them|you|ye|that \w+|the \w+)"
            r" (?:down|doon) a peg\b"
        ),
        "intimidation",
        "putting a person in their place",
    ),
    (
        # "anyone know where the planning officer lives?", "I want that warden's name and address"
        re.compile(
            r"\b(?:anyone|anybody|does anyone|who|someone|somebody) (?:\w+ )?knows? (?:where|what"
            r" street|which house|whit street) (?:he|she|they|cllr \w+|councill?or \w+"
            r"|(?:the|that|this) (?:[\w-]+ ){0,3}?"
            + _ROLE
            + r"(?: \w+){0,4}) (?:lives?|stays?|bides)\b"
            r"|\bi (?:want|need|'?ll get|will get|'?m getting)"
            r" (?:(?:that|his|her|their) (?:\w+'?s )?"
            r"|the \w+'?s )(?:name and (?:home )?address|home address|address)\b"
        ),
        "doxxing",
        "seeking where a person lives",
    ),
    (
        # "you only got promoted cos you're shagging the boss"
        re.compile(
            r"\b(?:only )?got (?:the job|promoted|the promotion|the post|in|elected|the contract)"
            r"(?: \w+){0,2} (?:cos|because|coz|cause|by) [^.!?]{0,25}?\b"
            r"(?:shagging|sleeping with|sucking|on"
            r" (?:her|his|your) knees|doing favours|bonking)\b"
        ),
        "sexual_harassment",
        "a sexual rumour about a person",
    ),
    (
        # "every time you post I'll be there", "keep messaging him, he'll crack"
        re.compile(
            r"\bevery (?:time|comment|post|day) (?:you|ye|she|he) (?:post|comment|write|speak|open"
            r" (?:your|her|his) mouth|go out|leave)\b[^.!?]{0,40}?\b(?:i'?ll|we'?ll|i will|we will)"
            r" be (?:there|watching|waiting|on it|right behind)"
            r"|\bkeep (?:messaging|ringing|calling|emailing|texting|tagging|hounding|commenting on)"
            r" (?:him|her|them)\b[^.!?]{0,30}?\b(?:crack|break|quit|resign|give up|leave)"
        ),
        "intimidation",
        "hounding a person",
    ),
    (
        # "Imagine if someone told Cllr Reid's wife what he gets up to"
        re.compile(
            r"\b(?:imagine|what) if (?:someone|somebody|i|we) (?:told|showed|sent|emailed)"
            r" (?:his|her|their|your|cllr \w+'?s?|councill?or \w+'?s?) (?:wife|husband|missus"
            r"|partner|boss|employer|kids|family|mum)\b"
        ),
        "intimidation",
        "threatening to expose a person to their family or employer",
    ),
    (
        # "If I see the warden on my street again he's getting it"
        re.compile(
            r"\b(?:he'?s|she'?s|you'?re|ur|they'?re|he is|she is|you are) (?:getting|gonna get"
            r"|going to get|gonnae get) it\b(?! (?:done|fixed|sorted|back|repaired|delivered|in|on"
            r"|from|for|today|tomorrow|next))"
        ),
        "threat",
        "a veiled threat of violence",
    ),
    (
        # "nobody in the team talk to her", "fat ugly thing"
        re.compile(
            r"\b(?:nobody|no one|noone|naebody|don'?t anyone|nae cunt)(?: in (?:the|this|our) \w+)?"
            r" (?:talk|speak|sit|reply|respond|chat) (?:to|with|tae) (?:her|him|them)\b"
            r"|\b(?:fat|ugly|stuck.up|minging|manky|smelly|skanky|gross|vile|greasy|slimy)"
            r" (?:[\w-]+ )?(?:thing|cow|bitch|pig|slag|creep|lump|heifer|whale|tart|troll|witch|hag"
            r"|slut|perv|pervert|weirdo|sleazebag|get|sod)\b"
        ),
        "targeted_abuse",
        "bullying a person",
    ),
)
# Naming and shaming a private person: a shaming cue (a vile label, a warning to keep children
# away, "grassed", "take note") with the person identified (a house number and street, "her
# name's ...", a car registration). A described person alone ("the man who runs the club") is
# left to the defamation and safeguarding detectors.
_SHAME_STRONG = re.compile(
    r"\b(?:is|'?s|was) an? (?:\w+ )?(?:paedo|pedo|paedophile|nonce|kiddy fiddler|kiddie fiddler"
    r"|child molester|wife beater|drug dealer|dealer|smackhead|junkie|perv|pervert|grass|rat"
    r"|thief|scrounger)\b"
    r"|\b(?:keep|get) (?:your|yer|ur) (?:kids|bairns|weans|lassies|daughters|children|wee ones)"
    r" (?:away|well away|clear) (?:from|fae)\b|\bdon'?t let (?:your|yer|ur) (?:kids|bairns|weans"
    r"|children|daughters) (?:near|anywhere near|go near)\b",
    re.I,
)
_SHAME_WEAK = re.compile(
    r"\b(?:grassed|snitched|reported (?:my|me|us|our)|name and shame|take note|spread the word"
    r"|pass it on|she kens what she did|he kens what he did|hope (?:ur|you'?re) proud)\b",
    re.I,
)
_IDENTIFIED = re.compile(
    r"\b(?:at|in|on|lives at|from) (?:number |no\.? |flat )?\d+[a-z]?,? [A-Z][a-z]+"
    r"(?: [A-Z][a-z]+)?(?: (?:Road|Rd|Street|St|Lane|Park|Avenue|Drive|Close|Court|Crescent|Place"
    r"|Way|Gardens|Terrace|View|Grove|Walk|Row|Brae|Wynd|Loan))?\b"
    r"|\b(?i:her|his|their) name(?:'|’)?s [A-Z]|\b(?i:her|his) name is [A-Z]"
    r"|\b[A-Z]{2}\d{2} ?[A-Z]{3}\b"
)
# Violence or expulsion by force against a group named by a protected characteristic ("set fire
# to the travellers' caravans", "burn the lot of them out, these immigrants"): incitement
# against a group is harassment as well as discrimination.
_GROUP_VIOLENCE = re.compile(
    r"\b(?:burn|torch|petrol bomb|firebomb|set fire to|shoot|gas|hang|string up|lynch|stab|kill"
    r"|bomb|wipe out|exterminate|drown)\b"
    r"(?! (?:calories|fat|off|the midnight oil|bridges|rubbish|leaves|garden waste|time|two birds))"
    r"|\b(?:burn|burnt|burned|drive|run|hound|chase|smoke|force|kick|boot) (?:the lot of )?"
    r"(?:them|em|the \w+|these \w+|those \w+)(?: \w+)? (?:out|oot)\b"
    r"|\bwatch (?:their|yer|your) backs?\b"
)


# Trigger words for each of ``_GENERAL_FORMS`` (same order): a form's regex runs only when one
# of its words is in the text, so a text with none of them costs one set intersection per form.
_FORM_TRIGGERS: tuple[frozenset[str], ...] = (
    words_of(
        "punch hit slap smack batter kick stab shoot kill hurt deck drag strangle throttle kneecap"
        " glass hang lynch torch brick attack beat smash knock chin leather skelp headbutt bottle"
        " jump do string run knife waste end bury burn banjo stripe lamp twat chib malky burst"
        " brain panel boot lay floor sink have"
    ),
    words_of("ll will gonna"),
    words_of(
        "pay suffer regret sorry deserve deserves coming bad rough hard horrible nasty numbered"
        " rest nightmare hell misery"
    ),
    words_of("scared worried afraid frightened terrified nervous"),
    words_of("place peg"),
    words_of("lives live stays stay bides address"),
    words_of("promoted promotion job post elected contract"),
    words_of("every keep"),
    words_of("told showed sent emailed"),
    words_of("getting get gonnae"),
    words_of(
        "nobody naebody noone no fat ugly stuck minging manky smelly skanky gross vile greasy slimy"
    ),
)
if len(_FORM_TRIGGERS) != len(_GENERAL_FORMS):
    raise RuntimeError("_FORM_TRIGGERS must hold one word set per general form")
# Word -> indices of the forms it triggers: one set intersection finds the forms to run.
_FORM_BY_WORD: dict[str, tuple[int, ...]] = {
    w: tuple(i for i, t in enumerate(_FORM_TRIGGERS) if w in t)
    for w in frozenset().union(*_FORM_TRIGGERS)
}
_FORM_WORDS = frozenset(_FORM_BY_WORD)
_SHAME_WORDS = words_of(
    "paedo pedo paedophile nonce fiddler molester beater dealer smackhead junkie perv pervert"
    " grass rat thief scrounger kids bairns weans lassies daughters children grassed snitched"
    " reported shame note spread pass kens proud"
)


def _word_set(doc: Document) -> frozenset[str]:
    """The set of words of the document (apostrophes split: "i'll" gives "i" and "ll")."""
    return word_set(doc)


def _handle(doc: Document, *, any_account: bool = False) -> str:
    """An @handle of a person the text is addressed to ("@Mick_Halsall"), not an organisation's
    account ("@StHelensCouncil"), or ``""``; with ``any_account`` any @handle counts."""
    if not doc.has_at:
        return ""
    for m in _HANDLE.finditer(doc.text):
        name = m.group(1).lower()
        if any_account or not any(org in name for org in _ORG_HANDLE):
            return m.group()
    return ""


_TITLED = re.compile(r"\b(?:Cllr|Councillor|Provost|Mrs|Mr|Ms|Miss)\.? [A-Z][a-z]+")


def _titled_name(doc: Document) -> str:
    """A titled person's name in the text ("Cllr Reynolds"), or ``""``."""
    m = _TITLED.search(doc.text)
    return m.group() if m else ""


_HANDLE = re.compile(r"(?<![\w.])@(\w{2,30})")
_ORG_HANDLE = ("council", "gov", "news", "echo", "courier", "bbc", "team", "official", "police")


_ORIG_WORD = re.compile(r"[\w@'’-]+")
_ORIG_COPULA = frozenset({"is", "are", "was", "were", "be", "being", "r"})
_ARTICLE = frozenset({"a", "an", "such", "the"})
_SENTENCE_CUT = re.compile(r"[.!?\n]")
_NOT_NAME = frozenset(
    {"I", "The", "This", "That", "My", "Our", "Ma", "Oi", "Aye", "And", "But", "Dear", "Just", "So"}
)


def _named_subject(doc: Document, hit: LexiconHit) -> str:
    """The subject of "<subject> is a [modifiers] <insult>" when it is a person or role.

    "Kerry from payroll is a proper two-faced cow", "Councillor Hendry ye are a useless wee
    fanny", "My team leader in roads is a useless wee prick". Works on the original text (for
    capitals), within the hit's sentence.
    """
    lo = max(0, hit.start - 120)
    seg = doc.text[lo : hit.start]
    cut = list(_SENTENCE_CUT.finditer(seg))
    if cut:
        seg = seg[cut[-1].end() :]
    words: list[str] = _ORIG_WORD.findall(seg)
    i = len(words)
    skipped = 0
    while i > 0 and skipped < 4 and words[i - 1].lower() in _MODIFIERS | _ARTICLE:
        i -= 1
        skipped += 1
    if i == 0 or skipped == 0:
        return ""
    # Coordinated labels: "is a snake and a useless c**t" -> step over "a snake and".
    if i >= 3 and words[i - 1].lower() == "and":
        j = i - 2
        while j > 0 and words[j].lower() in _MODIFIERS | _ARTICLE:
            j -= 1
        if j > 0 and words[j - 1].lower() in _MODIFIERS | _ARTICLE:
            i = j - 1
            while i > 0 and words[i - 1].lower() in _MODIFIERS | _ARTICLE:
                i -= 1
        else:
            i = j
    if i == 0:
        return ""
    verb = words[i - 1].lower().replace("’", "'")
    if verb in _ORIG_COPULA:
        subject = words[max(0, i - 7) : i - 1]
    elif verb.endswith("'s") and len(verb) > 2:
        subject = [*words[max(0, i - 7) : i - 1], verb[:-2]]
    else:
        return ""
    if any(w.lower().startswith(("whoever", "whoevers")) for w in words[:i]):
        return ""  # "whoever designed this junction is a tosser": no identifiable person
    in_place = False
    for j in range(len(subject) - 1, -1, -1):
        w = subject[j]
        low = w.lower()
        if low in _THIRD_PERSON or low in _SECOND_PERSON or low.startswith("@"):
            return w
        if low in _PLACE_SUFFIX:
            in_place = True  # "Sherdley Road", "Town Hall": a place, and the words before it
            continue
        if not w[:1].isupper():
            in_place = False
            continue
        place = in_place or (j > 0 and subject[j - 1].lower() in _PLACE_PREPOSITIONS)
        if w not in _NOT_NAME and low not in _COPULA and not place:
            return w
    return ""


_PLACE_SUFFIX = frozenset(
    {
        "road", "rd", "street", "st", "lane", "park", "avenue", "drive", "close", "court",
        "crescent", "place", "way", "gardens", "terrace", "view", "grove", "hall", "house",
        "centre", "library", "council", "square", "station", "school", "academy", "estate",
        "bridge", "green", "heath", "common", "brae", "wynd",
    }
)  # fmt: skip


_PLACE_PREPOSITIONS = frozenset({"at", "in", "on", "to", "near", "by", "of", "from", "off"})


def _aimed_at(doc: Document, hit: LexiconHit) -> str:
    """Who an insult is aimed at: "you" (second person), an @handle, or a person word, or ``""``.

    "you fat twat", "you're a cunt", "@Mick shut it you prick", "Cllr Smith is a wanker".
    """
    handle = _handle(doc)
    if handle:
        return handle
    after = _TITLED.match(doc.text[hit.end : hit.end + 40].lstrip(" ,"))
    if after:
        return after.group()  # a vocative: "dirty slag Cllr Jones", "you fat twat Mr Reid"
    before = prev_words(doc, hit.nstart, 5)
    if not before:
        return ""
    if any(w in _SECOND_PERSON for w in before[-3:]):
        return "you"
    if before[-1] in _COPULA or (len(before) > 1 and before[-2] in _COPULA):
        for w in reversed(before[:-1]):
            if w in _THIRD_PERSON:
                return w
    return _named_subject(doc, hit)


class HarassmentDetector(Detector):
    """Threat and intimidation phrases, slot patterns, and insults aimed at a person.

    Contract: fixed phrases marked ``ambiguous=yes`` ("you're dead", "watch yourself") are
    reported only with a second signal in the text (another threat, or abuse). Targeted abuse
    needs an insult of medium or high severity aimed at "you" or at a person or role.
    """

    name = "content.harassment"
    version = 1
    categories = frozenset({Category.HARASSMENT})
    lexicons: ClassVar[tuple[str, ...]] = (
        LEXICON,
        OFFENSIVE,
        ALLOW,
        SEXUAL,
        FIRST_NAMES,
        GROUPS,
    )
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        self._off_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(OFFENSIVE))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))
        self._sexual = SexualSignals(self.resources.lexicon(SEXUAL))
        # Look-up only (never matched as text): tells "Steve Harris" from "Thatto Heath".
        self._first_names = frozenset(
            e.term for e in self.resources.lexicon(FIRST_NAMES) if e.attrs.get("word") != "yes"
        )

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON, OFFENSIVE, SEXUAL, GROUPS), self._patterns, masks=True):
            # General forms and sexual propositions need no listed word ("punch that
            # councillor", "I'd bend you over ...").
            general = self._general_forms(doc)
            if general:
                return general
            return self._sexual_at_person(doc) if self._sexual.form(doc) else []
        matches = [
            m
            for m in run_patterns(doc, self._patterns)
            if not _REPORTED_BEFORE.search(doc.text[max(0, m.start - 60) : m.start])
            and not _THING_SUBJECT.search(doc.text[max(0, m.start - 20) : m.end])
        ]
        strong = [m for m in matches if not (m.pattern.attrs or {}).get("weak")]
        weak = [m for m in matches if (m.pattern.attrs or {}).get("weak")]
        hits = doc.hits(LEXICON)
        abuse = self._targeted_abuse(doc)
        firm = [h for h in hits if not self._info[id(h.entry)].ambiguous]
        weak_terms = {h.entry.term for h in hits if self._info[id(h.entry)].ambiguous}
        weak_terms.update(m.pattern.id for m in weak)
        out: list[Finding] = [
            self.finding_from_pattern(m, explanation=f"'{m.text}': {m.pattern.description}")
            for m in strong
        ]
        if not out:
            out.extend(self._general_forms(doc))
        if weak and (out or firm or abuse or len(weak_terms) >= 2):
            out.extend(
                self.finding_from_pattern(
                    m, explanation=f"'{m.text}': {m.pattern.description}, with a second cue"
                )
                for m in weak
            )
        if hits:
            for hit in hits:
                meta = self._info[id(hit.entry)]
                if _REPORTED.intersection(prev_words(doc, hit.nstart, 3)):
                    continue
                support = ""
                if meta.ambiguous:
                    if has_other(firm, hit) or out:
                        support = " alongside another threat"
                    elif abuse:
                        support = " alongside abusive language"
                    elif len(weak_terms) >= 2:
                        support = " alongside another veiled cue"
                    elif meta.subtype == "threat" and _handle(doc, any_account=True):
                        support = " addressed to an account"
                    else:
                        continue
                subtype = meta.subtype or "threat"
                out.append(
                    self.finding_from_hit(
                        doc,
                        hit,
                        category=Category.HARASSMENT,
                        subtype=subtype,
                        confidence=_CONFIDENCE[hit.entry.severity] - (0.1 if support else 0.0),
                        explanation=(f"'{hit.text}' is {_KIND.get(subtype, 'a threat')}{support}."),
                    )
                )
        out.extend(abuse)
        if doc.has_hits(SEXUAL) or not doc.text.isascii() or self._sexual.form(doc):
            out.extend(self._sexual_at_person(doc))
        return out[:MAX_FINDINGS]

    def _name_and_shame(self, doc: Document) -> list[Finding]:
        """A private person identified or described next to a shaming cue."""
        text = doc.text
        strong = _SHAME_STRONG.search(text)
        weak = None if strong else _SHAME_WEAK.search(text)
        cue = strong or weak
        if cue is None or _REPORTED_BEFORE.search(text[max(0, cue.start() - 60) : cue.start()]):
            return []
        who = _IDENTIFIED.search(text)
        if who is None:
            return []
        return [
            self.finding(
                doc,
                category=Category.HARASSMENT,
                subtype="incitement",
                start=cue.start(),
                end=cue.end(),
                confidence=0.7,
                explanation=(
                    f"'{cue.group()}' shames a private person identified as '{who.group()}'"
                    " (naming and shaming)."
                ),
                evidence={"form": "name and shame", "person": who.group()},
            )
        ]

    def _group_violence(self, doc: Document) -> list[Finding]:
        """Violence urged against a protected group mentioned in the same sentence."""
        groups = doc.hits(GROUPS)
        if not groups:
            return []
        for m in _GROUP_VIOLENCE.finditer(doc.norm):
            start, end = doc.to_original(m.start(), m.end())
            if _NEGATED.search(doc.norm[max(0, m.start() - 12) : m.start()]):
                continue
            if _REPORTED_BEFORE.search(doc.text[max(0, start - 60) : start]):
                continue
            near = [
                g
                for g in groups
                if same_sentence(doc, g.start, start) and abs(g.start - start) < 120
            ]
            if near:
                return [
                    self.finding(
                        doc,
                        category=Category.HARASSMENT,
                        subtype="incitement",
                        start=start,
                        end=end,
                        confidence=0.75,
                        explanation=(
                            f"'{doc.text[start:end]}' urges violence against a group "
                            f"('{near[0].text}')."
                        ),
                        evidence={"form": "violence against a group", "group": near[0].text},
                    )
                ]
        return []

    def _general_forms(self, doc: Document) -> list[Finding]:
        """TARGET + PREDICATE forms (``_GENERAL_FORMS``), skipping negated and reported ones."""
        norm = doc.norm
        words = _word_set(doc)
        shame = self._name_and_shame(doc) if not _SHAME_WORDS.isdisjoint(words) else []
        if not shame and doc.has_hits(GROUPS):
            shame = self._group_violence(doc)
        if shame:
            return shame
        found = _FORM_WORDS.intersection(words)
        if not found:
            return []
        # In the order the forms are listed: the first one that matches wins.
        for i in sorted({i for w in found for i in _FORM_BY_WORD[w]}):
            regex, subtype, what = _GENERAL_FORMS[i]
            for m in regex.finditer(norm):
                if _NEGATED.search(norm[max(0, m.start() - 12) : m.start()]):
                    continue
                start, end = doc.to_original(m.start(), m.end())
                if _REPORTED_BEFORE.search(doc.text[max(0, start - 60) : start]):
                    continue
                if _THING_SUBJECT.search(doc.text[max(0, start - 20) : end]):
                    continue
                return [
                    self.finding(
                        doc,
                        category=Category.HARASSMENT,
                        subtype=subtype,
                        start=start,
                        end=end,
                        confidence=0.75,
                        explanation=f"'{doc.text[start:end]}': {what}.",
                        evidence={"form": what},
                    )
                ]
        return []

    def _sexual_at_person(self, doc: Document) -> list[Finding]:
        """A sexual remark aimed at a particular person: an @handle, a titled name or "you"."""
        remarks = self._sexual.accepted(doc)
        form = self._sexual.form(doc) if not remarks else None
        proposition = form[0] if form is not None and form[1] != "spam" else None
        if not remarks and proposition is None:
            return []
        info = self._sexual.info
        if any(info[id(h.entry)].subtype == "spam" for h, _ in remarks):
            return []  # sexual spam: the @handle is the spammer's own, "YOU" is everyone
        target = _handle(doc) or _titled_name(doc)
        out: list[Finding] = []
        for hit, _ in remarks:
            if hit.nend <= hit.nstart or not any(c.isalpha() for c in hit.text):
                continue
            meta = info[id(hit.entry)]
            who = target
            if not who and not meta.ambiguous and meta.role != "spam_cue":
                near = prev_words(doc, hit.nstart, 3) + next_words(doc, hit.nend, 2)
                if any(w in _SECOND_PERSON or w in {"your", "ur", "yer"} for w in near):
                    who = "you"
            if not who:
                continue
            out.append(
                self.finding_from_hit(
                    doc,
                    hit,
                    category=Category.HARASSMENT,
                    subtype="sexual_harassment",
                    confidence=0.7,
                    explanation=f"'{hit.text}' is a sexual remark aimed at a person ('{who}').",
                    evidence={"target": who},
                )
            )
            break
        if not out and proposition is not None:
            near = (
                prev_words(doc, proposition.start(), 3)
                + doc.words[proposition.start() : proposition.end() + 20].split()
            )
            who = target or ("you" if _SECOND_PERSON.intersection(near) else "")
            if who:
                out.append(
                    self.finding(
                        doc,
                        category=Category.HARASSMENT,
                        subtype="sexual_harassment",
                        start=proposition.start(),
                        end=proposition.end(),
                        normalised=True,
                        confidence=0.7,
                        explanation=f"A sexual proposition aimed at a person ('{who}').",
                        evidence={"target": who},
                    )
                )
        return out

    def _targeted_abuse(self, doc: Document) -> list[Finding]:
        hits = list(doc.hits(OFFENSIVE))
        if doc.masks:
            hits.extend(doc.masked_hits(OFFENSIVE))
        if not hits:
            return []
        hits = drop_allowed(doc, hits)
        out: list[Finding] = []
        for hit in hits:
            if len(out) >= MAX_FINDINGS:
                break
            meta = self._off_info[id(hit.entry)]
            if meta.subtype != "insult":
                target = _told_off(doc, hit)  # "fuck off Cllr Lewis", "@Cllr_P go fuck yourself"
                if not target:
                    continue
            else:
                if meta.ambiguous and not hit.masked and not insult_frame(doc, hit):
                    continue
                target = _aimed_at(doc, hit)
                if not target and not _plural(hit):
                    target = _person_nearby(doc, hit, self._first_names)
                if not target:
                    continue
            if target == "you" and _plural(hit):
                continue  # "ya useless bastards", "you knobheads": the council, not a person
            who = "the reader ('you')" if target == "you" else f"a person ('{target}')"
            out.append(
                self.finding_from_hit(
                    doc,
                    hit,
                    category=Category.HARASSMENT,
                    subtype="targeted_abuse",
                    confidence=0.7 if hit.entry.severity == Severity.MEDIUM else 0.75,
                    explanation=(
                        f"'{hit.text}' is an abusive insult aimed at {who}: targeted abuse."
                    ),
                    evidence={"target": target},
                )
            )
        return out


# Profanity used as a dismissal of someone: needs a person target to be harassment.
_DISMISSAL = re.compile(
    r"\b(?:fuck off|fuck yourself|fuck himself|fuck herself|fuck themselves|get (?:tae|te|to) fuck"
    r"|piss off|sod off|do one|bugger off|shove it)\b"
)
# A named person next to an insult: "Steve Harris = massive bellend", "Phil in payroll? Absolute
# wanker.", "what a knobhead that Cllr Ferguson is". First + last name, or a first name tied to a
# department or workplace.
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]{2,}) (?:Mc|Mac|O')?[A-Z][a-z]{2,}\b")
# "Phil in payroll", "Kerry from HR": a capitalised word tied to a department is a person.
_NAME_DEPT = re.compile(
    r"\b[A-Z][a-z]{2,} (?:in|from|at|on) (?:the )?(?:payroll|planning|housing|finance|hr|it|roads"
    r"|parking|reception|legal|accounts|environmental health|highways|licensing|building control"
    r"|benefits|revenues|waste|bins|comms|education|social work|customer services|council tax)\b",
    re.I,
)


def _told_off(doc: Document, hit: LexiconHit) -> str:
    """A person told to "fuck off": an @handle, a titled name, or a name right after."""
    m = _DISMISSAL.search(doc.norm, max(0, hit.nstart - 8), hit.nend + 16)
    if m is None:
        return ""
    after = _TITLED_NORM.match(doc.norm, m.end(), m.end() + 30)
    return _handle(doc) or _titled_name(doc) or (after.group().strip() if after else "")


_TITLED_NORM = re.compile(r"[ ,]*(?:cllr|councill?or|mr|mrs|ms|provost) [a-z]+")


def _person_nearby(doc: Document, hit: LexiconHit, first_names: frozenset[str]) -> str:
    """A titled name, a person's @handle, or a known first name followed by a surname or a
    department ("Steve Harris", "Phil in payroll") in the insult's sentence or the one before
    it ("Phil in payroll? Absolute wanker."). Place names ("Thatto Heath") are not first names."""
    lo = max(0, hit.start - 120)
    window = doc.text[lo : hit.end + 40]
    cuts = [m.end() for m in _SENTENCE_CUT.finditer(doc.text, lo, hit.start)]
    if len(cuts) >= 2:
        window = doc.text[cuts[-2] : hit.end + 40]
    m = _TITLED.search(window) or _NAME_DEPT.search(window)
    if m and m.group()[:1].isupper():
        return m.group()
    for pair in _NAME_PAIR.finditer(window):
        if pair.group(1).lower() in first_names:
            return pair.group()
    return _handle(doc)


def _plural(hit: LexiconHit) -> bool:
    """Whether an insult is in the plural ("bastards", "numpties"): aimed at a group."""
    term = hit.entry.term
    return term.endswith("s") and not term.endswith(("ss", "us"))


_KIND = {
    "threat": "a threat of violence or harm",
    "intimidation": "intimidation",
    "incitement": "incitement against a person",
    "doxxing": "exposing where a person can be found (doxxing)",
    "targeted_abuse": "abuse aimed at a person",
}
