"""Sexual content: explicit or pornographic material, sexual remarks about people, sexual spam.

Data: ``lexicons/sexual.txt``. Entries marked ``ambiguous=yes`` ("escort", "strip club",
"hookup") and advertising phrases (``role=spam_cue``: "link in bio", "in your area") need a second
signal: another sexual term or a link. Health and equality wording ("sexual health clinic",
"sex discrimination", "breast screening") is not on the list at all.

Forms sexual content takes in UK council social media, and how each is recognised:

- explicit words and acts ("porn", "blowjob", "dick pic"): firm lexicon entries;
- propositions and conditional desire about a person ("I'd bend you over that desk", "I'd let
  him process more than my timesheet", "wouldn't mind her holding my surgery", "I'd climb him
  like a tree", "I would 😏"): ``_DESIRE`` (a first-person conditional + a person + a sexual
  verb, or "more than"/"like a tree"/"any time" completions);
- appraisal of a person's body or clothes ("nice legs in the photo", "a cracking pair", "her
  tight trousers", "leggings are see-through", "bet she's a right goer", "a proper ride"):
  ``_APPRAISAL``, which needs a second sexual cue (a flirt emoji, another term) or a person word;
- innuendo (double meanings: "inspect my pipes", "empty more than her bin"): ambiguous entries
  that need two other cues, plus "more than (my|her) <noun>" completions in ``_DESIRE``;
- sexual spam and solicitation (OnlyFans, hot singles, premium-rate "dirty chat" numbers, affairs
  sites, sugar babies, "discreet meets"): firm entries, spam cues with a link, and
  ``_PREMIUM`` (a 09xx number or "text X to 8xxxx" next to a chat/sex cue);
- coded emoji (🍆 🍑 💦 🥵 😈): ambiguous unless combined.
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    EntryInfo,
    SymbolTerm,
    build_info,
    find_symbol_hits,
    has_other,
    idle,
    prev_words,
    symbol_terms,
    word_set,
    words_of,
)
from socialguard.screening.detectors.content.offensive import (
    ALLOW,
    drop_allowed,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.lexicon import Lexicon
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["SexualContentDetector"]

LEXICON = "sexual"
_LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|xxx|co|uk|io|me|ly|tv|cam|live)\b|bit\.ly"
)
_PERSON = frozenset(
    {"she", "he", "her", "his", "him", "you", "your", "shes", "hes", "s", "looks", "look"}
)
_CONFIDENCE = {Severity.HIGH: 0.9, Severity.MEDIUM: 0.8, Severity.LOW: 0.68}
_KIND = {
    "explicit": "explicit sexual content",
    "remark": "a sexual remark about a person",
    "spam": "sexual spam/advertising",
    "solicitation": "sexual solicitation",
}


# First-person conditional desire aimed at a person: "I'd bend you over", "I'd let him process
# more than my timesheet", "wouldn't mind her holding MY surgery", "I'd climb him like a tree".
_DESIRE = re.compile(
    r"\b(?:i'?d|i would|id|i wouldn'?t mind|wouldn'?t mind|wouldnae mind|would not mind|i could)"
    r"(?: (?:let|have|get) )?\s*"
    r"(?:(?:you|ye|u|him|her|them|the \w+|that \w+|the lifeguards?|her \w+)\b"
    r"(?: [\w']+){0,5}? (?:more than (?:my|her|his|their|a|the|mouth) |like a tree|any ?time"
    r"|any day|all night|in a heartbeat|over (?:that|the|my|a) (?:desk|counter|table|bonnet))"
    r"|(?:bend|climb|ride|whip|bang|smash|tap|wreck|devour|straddle|spank|shag|snog) "
    r"(?:you|ye|u|him|her|them)\b"
    r"|(?:her|him|you|ye) (?:holding|inspecting|checking|emptying|riding|whipping|auditing|"
    r"stamping|servicing) (?:my|ma|me))"
    r"|\bi would\s*(?:😏|😈|🥵|😍|😉|🍆|🍑)"
)
# Appraisal of a person's body or clothes; needs another sexual cue or a person word nearby.
_APPRAISAL = re.compile(
    r"\b(?:nice|lovely|cracking|great|gorgeous|fit|tight|short|see.through|skimpy|lush|peng"
    r"|massive|big) (?:\w+ )?(?:legs|arse|bum|bottom|pair|chest|body|figure|trousers|skirt"
    r"|leggings|blouse|top|arms|abs|thighs|lips|package|bulge)\b"
    r"|\b(?:leggings|trousers|blouse|top|skirt|shorts)(?: \w+){0,2} (?:are|is) (?:see.through|"
    r"tight|short|tiny)\b"
    r"|\b(?:a|is a|s a|re a) (?:right|proper|real) (?:goer|ride|minx|stud"
    r"|dirty (?:one|cow|girl|boy|bastard|bitch))\b"
    r"|\b(?:those|them|the) (?:arms|legs|thighs|abs|lips)\b"
    r"|\bthe stud\b|\bin (?:his|her|the|their) (?:tight|wee|short|little) \w+"
)
# Sexual acts with a person as object ("lick her all over", "sucked him off", "fancy a shag").
_ACT = re.compile(
    r"\b(?:lick|licking|licked|suck|sucking|sucked|finger|fingered|grope|groped|groping|spank|"
    r"spanking|shag|shagging|shagged|bang|banging|bonk|bonking|snog|snogging|undress|"
    r"fuck|fucking|fucked|rail|railing|ride|riding) (?:her|him|them|you|ye|u)"
    r"(?: (?:off|all over|senseless|silly|stupid|rotten|good|hard|till|until|in|out))\b"
    r"|\b(?:sucked|sucking|suck|blew|blowing|tossed|tossing|jerked|jerking|wanked|wanking) "
    r"(?:him|her|them|you|me) off\b"
    r"|\bfancy a (?:shag|quickie|bang|bonk|fumble|bunk up|romp|threesome)\b"
    r"|\b(?:wouldn'?t|wouldnae|would not) kick (?:her|him|them|you|ye) out (?:of|o) bed\b"
    r"|\b(?:wouldn'?t|wouldnae|would not|i'?d not) say no(?: to (?:her|him|that|them))?\b"
    r"(?=[^.!?]{0,40}(?:$|[.!?😏😈🥵😍😉🍆🍑🔥]))"
    r"|\b(?:get|got|getting|show|flash|flashing|flashed) (?:yer|your|her|his|their|them|em) "
    r"(?:tits|boobs|knockers|baps|norks|cock|dick|knob|junk|bits|arse|fanny|nips|nipples) out\b"
    r"|\b(?:pictures|pics|photos|picture|pic|photo) of (?:his|her|my|their) "
    r"(?:junk|cock|dick|knob|bits|tits|boobs|privates|willy|penis|genitals)\b"
    r"|\b(?:show|send) (?:you|ye|u) (?:my|ma) "
    r"(?:big one|junk|cock|dick|knob|bits|tits|boobs|package)"
    r"|\bshow me yours\b"
    r"|\b(?:she'?s|he'?s|they'?re|you'?re|is|was|were|been) (?:shagging|sleeping with|bonking"
    r"|screwing|banging|having it off with|knocking off) (?:the|her|his|their|a|that|your|yer) "
    r"(?:\w+ )?(?:boss|manager|director|councill?or|cllr|chief|head|mayor|leader|neighbour"
    r"|husband|wife|supervisor|exec|executive|officer|teacher|lodger)\b"
)
# Body parts appraised or owned ("great rack on the woman", "nice bum on the gardener").
_BODY = re.compile(
    r"\b(?:nice|great|lovely|cracking|amazing|fantastic|tight|peachy|perky|fit|smashing|belting"
    r"|massive|huge|big) (?:\w+ )?(?:rack|tits|boobs|knockers|baps|norks|arse|bum|backside|booty"
    r"|cleavage|jugs|melons)\b"
    r"|\b(?:nice|great|lovely|cracking|amazing|fantastic|smashing|belting) "
    r"(?:pair|pins|figure)\b(?! of)(?= (?:on|for) (?:her|him|a|the))"
)
# Appraising a person as an object of desire: "the hottie on reception", "is she single? cos ...".
_HOTTIE = re.compile(
    r"\b(?:the|that|a|what a|some|this) (?:\w+ )?(?:hottie|hotties|fittie|fitty|stunner|sort|"
    r"babe|dish|ride|looker|piece|totty|talent|eye candy|sex bomb|milf|dilf)\b"
    r"(?= (?:on|in|at|from|who|that|with|working|doing|behind|fae)\b)"
    r"|\b(?:eye candy|totty|sex bomb|sexpot)\b"
)
# Desire markers that turn an appraisal into a sexual remark.
_DESIRE_MARK = re.compile(
    r"\basking for (?:me|a friend)\b|\bis (?:she|he) single\b|\bcan take my \w+ \w+ any"
    r"|\bany (?:day|night|time)\b|\bin the shower\b|\bin (?:your|yer|ur|her|his) "
    r"(?:uniform|underwear|undies|bikini|swimsuit|lingerie|knickers|hi vis)\b"
    r"|\b(?:hun|babe|sexy|gorgeous)\b|\bx\s*$|\bthinking about (?:the|that|her|him)\b"
    r"|\bcan (?:take|empty|check|inspect|service|fix) (?:my|ma) \w+ (?:out )?any"
)
# A person in a role ("the bin lady", "the new planning officer"): the target of a remark.
_ROLE_PERSON = re.compile(
    r"\b(?:the|that|our|yer|your) (?:new |wee |young )?(?:\w+ )?(?:lady|lass|lassie|woman|girl"
    r"|lad|man|guy|fella|bloke|officer|councillor|cllr|receptionist|teacher|lifeguard|warden"
    r"|driver|nurse|instructor|librarian|gardener|ranger|inspector|manager|assistant|cleaner)\b"
)
_PHOTO_ASK = re.compile(
    r"\b(?:send|dm|message|show) (?:me|us) (?:a |some |more )?(?:photo|photos|pic|pics|picture"
    r"|pictures|selfie|selfies|snap|snaps|video|vid)\b(?! of (?!(?:you|yourself|ye|u)\b))"
    r"|\b(?:message|dm|text|inbox|pm) me (?:for|4) (?:pics|photos|more|fun|a good time|vids)\b"
)
# Trade words of sex work and adult spam; two distinct ones, or one with a phone number or link.
_TRADE = re.compile(
    r"\b(?:full service|happy ending|massage|discreet|discretion assured|babes|hotties|lonely"
    r"|subscribers|subscribe|my page|private page|link in bio|link below|no sign up|sign up free"
    r"|local women|local girls|local ladies|local men|affairs?|for pics|incall|outcall|escort"
    r"|hourly rates|1 ?hr|30 ?mins|pics|18\+|adults only|lonely tonight)\b"
)
_PHONE = re.compile(r"\b0\d{3} ?\d{3} ?\d{3,4}\b|\b07\d{3} ?\d{6}\b")
# Premium-rate sex lines: "0909 879 0000", "text HORNY to 89099".
_PREMIUM = re.compile(r"\b09\d{2} ?\d{3} ?\d{4}\b|\btext \w+ to \d{5}\b|\bp (?:a|per) min\b")
_FLIRT = frozenset("😏😈🥵😍😉😘💋🍆🍑💦🔥🍒")
_PERSON_WORDS = frozenset(
    {"she", "he", "her", "him", "his", "you", "ye", "your", "ur", "lass", "lad", "woman", "man",
     "officer", "councillor", "cllr", "receptionist", "teacher", "lifeguard", "bloke", "girl",
     "guy", "fella", "blonde", "brunette", "instructor", "driver"}
)  # fmt: skip


class SexualSignals:
    """The sexual-content decision, shared with the harassment detector (sexual remarks aimed
    at a person are harassment too). Built once per detector; pure afterwards."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.info: dict[int, EntryInfo] = build_info(lexicon)
        self.symbols: tuple[SymbolTerm, ...] = symbol_terms(lexicon)

    def proposition(self, doc: Document) -> re.Match[str] | None:
        """A first-person sexual proposition about a person ("I'd bend you over ..."), if any."""
        return _DESIRE.search(doc.norm)

    def form(self, doc: Document) -> _Form | None:
        """A sexual form written with no listed term: (match on ``doc.norm``, subtype,
        confidence, what it is), or ``None``. Cached per document."""
        return doc.memo("_sg_sexual_form", lambda: _form(doc, self))

    def accepted(self, doc: Document) -> list[tuple[LexiconHit, str]]:
        """Hits the sexual-content detector reports, each with its support phrase."""
        return doc.memo("_sg_sexual_accepted", lambda: self._accepted(doc))

    def _accepted(self, doc: Document) -> list[tuple[LexiconHit, str]]:
        hits: list[LexiconHit] = list(doc.hits(LEXICON))
        if self.symbols:
            hits.extend(find_symbol_hits(doc, self.symbols, LEXICON))
        if not hits:
            return []
        hits = drop_allowed(doc, hits)
        info = self.info
        firm = [
            h
            for h in hits
            if not info[id(h.entry)].ambiguous and info[id(h.entry)].role != "spam_cue"
        ]
        link = bool(_LINK.search(doc.norm)) if len(hits) > len(firm) else False
        out: list[tuple[LexiconHit, str]] = []
        for hit in hits:
            if len(out) >= MAX_FINDINGS:
                break
            meta = info[id(hit.entry)]
            weak = meta.ambiguous or meta.role == "spam_cue"
            support = ""
            if weak:
                if has_other(firm, hit):
                    support = " alongside explicit sexual content"
                elif link:
                    support = " next to a link"
                elif len(hits) > 10 or sum(1 for f in hits if _apart(f, hit)) >= 2:
                    support = " with other sexual wording"
                elif meta.subtype == "remark" and _PERSON.intersection(
                    prev_words(doc, hit.nstart, 3)
                ):
                    support = " about a person"
                else:
                    continue
            out.append((hit, support))
        return out


_Form = tuple[re.Match[str], str, float, str]


def _form(doc: Document, signals: SexualSignals) -> _Form | None:
    """Propositions, acts, body appraisal, objectifying labels, photo requests and sex-work spam."""
    del signals  # the lexicon decision is made before; forms use the text alone
    flirt = not doc.text.isascii() and not _FLIRT.isdisjoint(doc.text)
    words = word_set(doc)
    return _person_form(doc, words, flirt) or _trade_form(doc, words, flirt)


# Key words of each form: a form's regex runs only when one of them occurs (or, for the
# objectifying label, a flirt emoji), so most texts cost a few set intersections.
_DESIRE_WORDS = words_of("d id wouldn wouldnae mind would")
_ACT_WORDS = words_of(
    "lick licking licked suck sucking sucked finger fingered grope groped groping spank spanking"
    " shag shagging shagged bang banging bonk bonking snog snogging undress fuck fucking fucked"
    " rail railing ride riding blew blowing tossed tossing jerked jerking wanked wanking fancy"
    " kick say tits boobs knockers baps norks cock dick knob junk bits arse fanny nips nipples"
    " privates willy penis genitals yours sleeping screwing knocking"
)
_BODY_WORDS = words_of(
    "rack tits boobs knockers baps norks arse bum backside booty cleavage jugs melons pair pins"
    " figure"
)
_HOTTIE_WORDS = words_of(
    "hottie hotties fittie fitty stunner sort babe dish ride looker piece totty talent candy bomb"
    " milf dilf sexpot"
)
_APPRAISAL_WORDS = words_of(
    "legs arse bum bottom pair chest body figure trousers skirt leggings blouse top arms abs thighs"
    " lips package bulge goer ride minx stud tight short skimpy shorts"
)
_PHOTO_WORDS = words_of(
    "photo photos pic pics picture pictures selfie selfies snap snaps video vid"
)
_TRADE_WORDS = words_of(
    "service ending massage discreet discretion babes hotties lonely subscribers subscribe page"
    " bio below sign local affair affairs pics incall outcall escort rates hr mins adults 18"
)


def _person_form(doc: Document, words: frozenset[str], flirt: bool) -> _Form | None:
    """Sexual remarks about a person: propositions, acts, body parts, objectifying labels."""
    norm = doc.norm
    m = _DESIRE.search(norm) if flirt or not _DESIRE_WORDS.isdisjoint(words) else None
    if m:
        return m, "remark", 0.75, "a sexual proposition about a person"
    m = _ACT.search(norm) if not _ACT_WORDS.isdisjoint(words) else None
    if m is None and not _BODY_WORDS.isdisjoint(words):
        m = _BODY.search(norm)
    if m and doc.has_hits(ALLOW):
        start, end = doc.to_original(m.start(), m.end())
        if any(h.start < end and start < h.end for h in doc.hits(ALLOW)):
            m = None  # "great tits nesting in the park", "blue tits": birds
    if m:
        return m, "remark", 0.75, "a sexual remark about a person"
    m = _HOTTIE.search(norm) if not _HOTTIE_WORDS.isdisjoint(words) else None
    if m is None and flirt and _ROLE_PERSON.search(norm):
        # "the bin lady ... can take my rubbish out any night 😉": a person in a role plus a
        # desire marker and a flirt emoji.
        m = _DESIRE_MARK.search(norm)
    if m and (flirt or _DESIRE_MARK.search(norm)):
        return m, "remark", 0.7, "a remark treating a person as a sex object"
    m = _APPRAISAL.search(norm) if not _APPRAISAL_WORDS.isdisjoint(words) else None
    if m:
        around = prev_words(doc, m.start(), 8) + doc.words[m.end() : m.end() + 60].split()
        weak_hits = doc.has_hits(LEXICON)
        if flirt or weak_hits or (_PERSON_WORDS.intersection(around) and "bet" in around):
            return m, "remark", 0.7, "a sexual remark about a person's body"
    return None


def _trade_form(doc: Document, words: frozenset[str], flirt: bool) -> _Form | None:
    """Photo requests, premium-rate lines and sex-work or adult-spam advertising."""
    norm = doc.norm
    m = _PHOTO_ASK.search(norm) if not _PHOTO_WORDS.isdisjoint(words) else None
    if m and (flirt or _DESIRE_MARK.search(norm)):
        return m, "solicitation", 0.7, "a flirtatious request for pictures"
    m = _PREMIUM.search(norm) if doc.digit_count else None
    if m and any(w in norm for w in ("chat", "dirty", "horny", "lassies", "girls", "ladies")):
        return m, "spam", 0.8, "a premium-rate sex line"
    if len(_TRADE_WORDS & words) < 2:
        return None
    trade = list(_TRADE.finditer(norm))
    kinds = {t.group() for t in trade}
    if len(kinds) < 2:
        return None
    linked = bool(_LINK.search(norm)) or bool(doc.digit_count and _PHONE.search(doc.text))
    if len(kinds) >= 3 or linked or flirt:
        return trade[0], "spam", 0.7, "sex-work or adult-spam advertising"
    return None


class SexualContentDetector(Detector):
    """Explicit terms, sexual remarks and sexual spam; ambiguous terms need a second signal.

    Contract: a firm (non-ambiguous, non-cue) entry is a finding on its own; an ambiguous entry
    or spam cue is reported only with another sexual hit or a link in the text.
    """

    name = "content.sexual_content"
    version = 1
    categories = frozenset({Category.SEXUAL_CONTENT})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON, ALLOW)

    def setup(self) -> None:
        lexicon = self.resources.lexicon(LEXICON)
        self._signals = SexualSignals(lexicon)
        self._info = self._signals.info
        self._symbols: tuple[SymbolTerm, ...] = self._signals.symbols

    def detect(self, doc: Document) -> list[Finding]:
        out: list[Finding] = []
        if not idle(doc, (LEXICON,), symbols=bool(self._symbols)):
            for hit, support in self._signals.accepted(doc):
                meta = self._info[id(hit.entry)]
                weak = meta.ambiguous or meta.role == "spam_cue"
                subtype = meta.subtype or "explicit"
                out.append(
                    self.finding_from_hit(
                        doc,
                        hit,
                        category=Category.SEXUAL_CONTENT,
                        subtype=subtype,
                        confidence=_CONFIDENCE[hit.entry.severity] - (0.1 if weak else 0.0),
                        explanation=(
                            f"'{hit.text}' is {_KIND.get(subtype, 'sexual content')}{support}."
                        ),
                    )
                )
        if not out:
            form = self._signals.form(doc)
            if form is not None:
                m, subtype, conf, what = form
                out.append(self._span(doc, m, subtype, conf, what))
        return out[:MAX_FINDINGS]

    def _span(
        self, doc: Document, m: re.Match[str], subtype: str, conf: float, what: str
    ) -> Finding:
        start, end = doc.to_original(m.start(), m.end())
        return self.finding(
            doc,
            category=Category.SEXUAL_CONTENT,
            subtype=subtype,
            start=start,
            end=end,
            confidence=conf,
            explanation=f"'{doc.text[start:end]}' is {what}.",
            evidence={"form": subtype},
        )


def _apart(a: LexiconHit, b: LexiconHit) -> bool:
    return a.nend <= b.nstart or b.nend <= a.nstart
