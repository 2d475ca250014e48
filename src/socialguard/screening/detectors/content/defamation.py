"""Defamation risk: an allegation of crime, dishonesty, corruption, abuse or misconduct stated as
fact about an identifiable person or organisation (product.md §3).

Three things in one sentence (``lexicons/defamation.txt``):

- a target: a role or organisation word ("Cllr", "the planning officer", "the contractor", "Ltd")
  or a name found in the original text ("Cllr Jane Smith", "Mr Jones", "Smith's Builders");
- an allegation: a person label ("thief", "paedo", "corrupt") joined to the target by "is/are/was
  a ..." or used as its adjective ("bent councillor"), or a deed ("took backhanders", "fiddling
  the books") with the target as subject or anywhere in the sentence for unmistakable deeds;
- no hedge: "alleged", "there are claims", "I'm not saying", a question, or a court report
  ("was convicted at Liverpool Crown Court") makes it something other than a bare assertion.

This can only ever be a *risk*: the detector cannot know whether the allegation is true.

Forms an allegation takes in UK council social media, and how each is recognised:

- direct label: "X is a thief", "Gary Webster of Newton is a known fraudster", "yer boss is a
  fuckin crook" (person=yes label after a copula, with the target anywhere earlier in the clause);
- attributive label: "that bent councillor", "slum landlord Paul X" (label right before target);
- deed with the target as subject: "Cllr X took backhanders", "the steward waters down the beer",
  "Ewan who runs the food bank is skimming donations" (deed words and slot patterns, ``_DEEDS``:
  hitting children, selling to minors, claiming for work never done, using council resources for
  private ends, running with no MOT/DBS/licence);
- euphemism and coded corruption: "brown envelopes", "bought and paid for", "on Bellway's
  payroll", "gets a cut", "takes freebies", "a front for", "in the developer's pocket";
- insinuation by connection (``_KIN``/``_CRONY`` + ``_BENEFIT``): "Cllr X's man got the
  gritting contract", "the director's wife's company got the consultancy", "golfs with the chief
  exec" -- a relative or crony of an identifiable target plus a benefit, even as a question;
- assertion frames (``_ASSERT``): "everyone knows", "whole toon kens", "common knowledge",
  "fact.", "simple as", "seen it with my own eyes", "draw your own conclusions", "make of that
  what you will", "ask yourself why" -- these turn an insinuating question into an assertion
  and let an allegation reach a target elsewhere in the post;
- co-occurrence: a target and a medium/high allegation in one sentence within ~8 words, when
  no grammatical link was found ("the steward at the club waters down the beer and sells the
  stolen spirits"), unless a speech verb, a pet, a passive victim ("was nicked") or an unknown
  culprit clause ("the man who stole") stands between them;
- targets without capitals: first names from the gazetteer ("dave fae the garage"), @handles,
  role heads ("the dinner lady", "yer leisure boss"), "they"/"you" once the post names someone;
- reported-as-true gossip from insiders ("got it confirmed by someone who worked there");
- dialect spellings (Scots "helpin himsel", "cooncil", "fae", "polis"; Scouse/Lancashire
  "our kid", "robbin") are listed beside the standard forms.

Not allegations (guards): hedges ("alleged", "I'm no sayin", "nobody has proven", "reckons
... but"), plain questions without an assertion frame, court and published outcomes, quoted
words, abuse aimed at "you" with no named target, untargeted crime reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from socialguard.screening.detectors.base import Detector
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    Cue,
    EntryInfo,
    SpanIndex,
    build_info,
    cues_by_role,
    is_question,
    next_words,
    prev_words,
    quoted,
    sentence_id,
    word_set,
    words_of,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["DefamationRiskDetector", "name_spans"]

LEXICON = "defamation"
# First names (read only, owned by the personal-data detectors): "dave fae the garage is a
# crook" names someone even in lower case.
NAMES = "pii_first_names"

# Titles and company shapes in the ORIGINAL text: evidence that a specific person or business is
# meant. Case matters here (names are capitalised), so these run on doc.text, not doc.norm.
_TITLED = re.compile(
    r"\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Provost|Bailie|Rev|Reverend|PC|DC|Sgt)"
    r"\.?\s+[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)?"
)
_COMPANY = re.compile(
    r"\b[A-Z][\w&'’]*(?:\s+[A-Z&][\w&'’]*){0,3}\s+(?:Ltd|Limited|PLC|plc|LLP|Builders|Construction"
    r"|Contractors|Developments|Homes|Properties|Lettings|Estates|Roofing|Plumbing|Motors|Garage"
    r"|Services|Group|Housing|Landscaping|Waste|Skips|Haulage|Paving|Driveways|Factoring|Scaffolding"
    r"|Scaff|Hoist|Uplift|Cars|Taxis|Removals|Electrical|Joinery|Builders' Merchants|& Sons"
    r"|and Sons)\b"
)
_FULL_NAME = re.compile(r"\b[A-Z][a-z]{1,15}\s+(?:Mc|Mac|O')?[A-Z][a-z]{2,20}\b")
# Capitalised words that start a two-word "name" which is really a place, body or event.
_NOT_NAMES = frozenset(
    {
        "St", "East", "West", "North", "South", "Town", "City", "County", "Council", "The", "This",
        "That", "Our", "Your", "My", "His", "Her", "Their", "New", "Old", "Great", "Little", "High",
        "Lower", "Upper", "Royal", "National", "Liverpool", "Edinburgh", "Scottish", "British",
        "Labour", "Tory", "Conservative", "Green", "Reform", "Lib", "Liberal", "Local", "Social",
        "Customer", "Contact", "Planning", "Housing", "Street", "Road", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Christmas", "Easter", "Happy", "Good", "Thank", "Thanks", "Dear", "Hi", "Hello", "Well",
        "Just", "Why", "What", "When", "Where", "Who", "How", "If", "And", "But", "So", "Not",
        "All", "Any", "Some", "Every", "No", "Yes", "Please", "Is", "Are", "Was", "Has", "Have",
        "Can", "Could", "Would", "Should", "Will", "Do", "Does", "Did", "Its", "It", "He", "She",
        "They", "We", "You", "I", "Mr", "Mrs", "Ms", "Dr", "Cllr", "Councillor", "Haydock",
        "Newton", "Rainford", "Eccleston", "Thatto", "Sutton", "Parr", "Billinge", "Rainhill",
        "Clock", "Moss", "Windle", "Haddington", "Musselburgh", "Dunbar", "Tranent", "Prestonpans",
        "Gullane", "Cockenzie", "Port", "Longniddry", "Ormiston", "Wallyford", "Aberlady", "Echo",
        "Star", "Courier", "Evening", "BBC", "Radio", "Facebook", "Twitter", "Google", "Victoria",
        "John", "Brewery", "Muir", "Leisure", "Library", "Primary", "Secondary", "Academy",
        "School", "Church", "Hospital", "Park", "Centre", "Lane", "Avenue", "Drive", "Close",
    }
)  # fmt: skip
_PRONOUNS = frozenset(
    {"he", "she", "his", "her", "him", "you", "you're", "they", "they're", "them"}
)
_THEY = frozenset({"they", "they're", "them"})
# "you thieving bastard" to an unknown colleague is abuse, not an allegation about someone named.
_SECOND = frozenset({"you", "you're"})
_STREET = re.compile(
    r"\s(?:Street|St|Road|Rd|Lane|Avenue|Ave|Drive|Close|Way|Crescent|Place|Grove|Terrace"
    r"|Gardens|Park|View|Court|Square|Brae|Wynd|Loan|Hall|House|Centre|Library|School|Church)$"
)
_LINK = frozenset(
    {
        "is", "are", "was", "were", "s", "re", "a", "an", "the", "such", "total", "complete",
        "absolute", "known", "proper", "utter", "bunch", "of", "pack", "load", "nothing", "but",
        "just", "being", "been", "bloody", "fucking", "real", "right", "lying", "thieving",
        "corrupt", "bent", "big", "massive", "serial", "convicted", "and", "all", "basically",
        "clearly", "obviously", "definitely", "literally", "always", "has", "have", "had",
        "who", "that", "lot", "set", "gang", "pair", "his", "her", "their", "own", "mates",
        "fuckin", "fking", "fkn", "effing", "wee", "dirty", "greedy",
    }
)  # fmt: skip
# How far (normalised characters) a target may be from its allegation: about 8 words.
_REACH = 120
_CONFIDENCE = {Severity.HIGH: 0.8, Severity.MEDIUM: 0.72, Severity.LOW: 0.62}
_SUBTYPE_WORD = {
    "crime": "a crime",
    "dishonesty": "dishonesty",
    "corruption": "corruption",
    "abuse": "abuse",
    "misconduct": "misconduct",
}


# Assertion frames (run on doc.norm): the writer insists the allegation is known or true.
# "Fact." opening a sentence is ``_ASSERT_FACT``; every form here starts at a word boundary, so
# the regex engine tests the boundary once per position instead of once per alternative.
_ASSERT = re.compile(
    r"\b(?:every(?:one|body|1)|all|whole (?:town|toon|street|village|estate|place|area)|we all"
    r"|folk|people|everyone in [a-z]+|everybody in [a-z]+) (?:knows?|kens|know it|knew)\b"
    r"|\bwe (?:all )?know (?:it|who|what|why)\b|\bcommon knowledge\b|\bopen secret\b"
    r"|\bfact[.!]|\bsimple as\b|\bplain as day\b|\bi know for a fact\b"
    r"|\b(?:seen|saw|witnessed) it (?:myself|with my own eyes|first ?hand)\b|\bwith my own eyes\b"
    r"|\bi (?:have|ve got|have got|got) (?:the )?(?:dates|proof|evidence|receipts|screenshots)\b"
    r"|\b(?:folk|people|everyone|parents|you all) (?:need|needs|deserve|ought|should)"
    r" (?:to )?know\b"
    r"|\bjust so (?:folk|people|everyone|you all|yous|you) (?:know|are aware)\b"
    r"|\bdraw your own conclusions?\b|\bmake of that what you (?:will|want)\b"
    r"|\bask yourself (?:why|how)\b|\bfunny how\b|\bno coincidence\b|\bwhat a coincidence\b"
    r"|\bnothing to see here\b|\bcoincidence\s*\?|\bconvenient(?:ly)?\b|\bcosy\b"
    r"|\bgot it confirmed\b|\bnae surprise\b|\bno surprise\b|\bshame on (?:him|her|them)\b"
)
# Deed shapes with slots, run on doc.words (punctuation as spaces): (regex, subtype, severity,
# anchors). Each is a FORM, not a sentence: violence to dependants, selling to minors, charging
# for what never happened, private use of public resources, operating without the checks the law
# requires.
# ``anchors`` are sets of whole words the regex cannot match without (at least one word of each
# set), ``fragments`` strings of which one must occur in doc.words (for words that may run into
# the next): C-speed set and substring tests skip the regex in the many posts that lack them.


_Deed = tuple[re.Pattern[str], str, Severity, tuple[frozenset[str], ...], tuple[str, ...]]
_DEEDS: tuple[_Deed, ...] = (
    (
        re.compile(
            r"(?<!nothing )(?<!nae )(?<!never )\b(?:hits?|hitting|beats?|beating|slaps?"
            r"|slapped|slapping"
            r"|starv(?:es|ed|ing)|neglect(?:s|ed|ing)|mistreat(?:s|ed|ing)|abus(?:es|ed|ing)"
            r"|drug(?:s|ged|ging)|terrori[sz](?:es|ed|ing)|bull(?:ies|ied|ying)|batter(?:s|ed|ing)?"
            r"|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|skelp(?:s|ed|it)?|shakes?|shook|drags?"
            r"|dragged|locks?|locked)\s+(?:the |his |her |their |them |those |our |wee |poor )?"
            r"(?:kids|weans|bairns|children|pupils|residents|tenants|wife|husband|missus|toddlers"
            r"|babies|kiddies|little ones|young ones|animals|dogs"
            r"|partner|patients|old folk|elderly|girls|boys)\b"
        ),
        "abuse",
        Severity.HIGH,
        (
            words_of(
                "hit hits hitting beat beats beating slap slaps slapped slapping starves starved "
                "starving neglects neglected neglecting mistreats mistreated mistreating abuses "
                "abused abusing drugs drugged drugging terrorises terrorised terrorising "
                "terrorizes terrorized terrorizing bullies bullied bullying "
                "batter batters battered battering "
                "punch punches punched punching kick kicks kicked kicking skelp skelps skelped "
                "skelpit shake shakes shook drag drags dragged lock locks locked"
            ),
            words_of(
                "kids weans bairns children pupils residents tenants wife husband missus toddlers "
                "babies kiddies little young animals dogs partner patients old elderly girls boys"
            ),
        ),
        (),
    ),
    (
        re.compile(
            r"\b(?:sells?|selling|sold|serves?|serving|served|gives?|giving|gave)\s+"
            r"(?:fags|cigs|cigarettes|vapes?|booze|alcohol|drink|drugs|weed|voddy|cans)\s+"
            r"(?:to|tae)\s+(?:kids|weans|bairns|children|minors|teenagers|under ?age\w*"
            r"|school ?kids|\d+\s*(?:yr|year)s?\s*olds?)"
        ),
        "crime",
        Severity.HIGH,
        (
            words_of("sell sells selling sold serve serves serving served give gives giving gave"),
            words_of("fags cigs cigarettes vape vapes booze alcohol drink drugs weed voddy cans"),
        ),
        (),
    ),
    (
        re.compile(
            r"\b(?:claim(?:s|ed|ing)?|invoic(?:es|ed|ing)|charg(?:es|ed|ing)|bill(?:s|ed|ing))"
            r"\b[^.!?\n]{0,70}\b(?:never|didn ?t|did not|wasn ?t|weren ?t|not even)\b"
            r"\s+(?:went|go|done|did|put|turned|happened|there|built|fitted|delivered|been|attended)"
        ),
        "dishonesty",
        Severity.HIGH,
        (
            words_of(
                "claim claims claimed claiming invoices invoiced invoicing charges charged "
                "charging bill bills billed billing"
            ),
        ),
        (),
    ),
    (
        re.compile(
            r"\b(?:us(?:es|ed|ing)|on)\s+(?:the\s+)?(?:council|cooncil|public|taxpayers?)\s*-?\s*"
            r"(?:funded\s+)?(?:money|funds|cash|tarmac|vans?|staff|crews|printing|time|cars?"
            r"|fuel|cards?|credit cards?|equipment|materials|labour|workers)\b"
            r"|\b(?:council|cooncil|public|taxpayer)\s*-?\s*funded\s+\w+\s+for\s+(?:his|her|their)\b"
        ),
        "misconduct",
        Severity.MEDIUM,
        (words_of("uses used using on for"),),
        ("council", "cooncil", "public", "taxpayer"),
    ),
    (
        re.compile(
            r"\b(?:with|wi|have|has|had)\s+no\s+(?:dbs|mot|mots|insurance|licen[cs]e|safety"
            r" cert\w*|gas safe|checks|tax)\b"
        ),
        "misconduct",
        Severity.MEDIUM,
        (words_of("no"), words_of("dbs mot mots insurance licence license safety gas checks tax")),
        (),
    ),
)
_DEEDS += (
    (
        re.compile(r"\blin(?:e|es|ed|ing)\s+(?:their|his|her|the|its)\s+(?:own\s+)?pockets?\b"),
        "corruption",
        Severity.HIGH,
        (words_of("line lines lined lining"), words_of("pocket pockets")),
        (),
    ),
    (
        # self-dealing: "awarded himself a bonus", "voted themselves a pay rise"
        re.compile(
            r"\b(?:award|pay|paid|gave|give|vot|sign|sign(?:ed)? off)\w*\s+(?:himself|herself"
            r"|themselves|theirsels|hissel|hersel|himsel)\b"
        ),
        "corruption",
        Severity.MEDIUM,
        (words_of("himself herself themselves theirsels hissel hersel himsel"),),
        (),
    ),
    (
        # selling what belongs to the council, the school or donors
        re.compile(
            r"\bsell(?:s|ing)?\s+(?:off\s+)?(?:the\s+)?(?:council|cooncil|school|depot|work|donated"
            r"|food bank|foodbank|charity)(?:\s+s)?\s+\w+"
        ),
        "crime",
        Severity.HIGH,
        (words_of("sell sells selling"),),
        (),
    ),
    (
        re.compile(
            r"\b(?:invent(?:s|ed|ing)?|fabricat(?:es|ed|ing)|makes? up|made up|making up"
            r"|fak(?:es|ed"
            r"|ing)|cook(?:s|ed|ing)?|fiddl(?:es|ed|ing)|doctor(?:s|ed|ing)|manipulat(?:es|ed|ing)"
            r"|rig(?:s|ged|ging)?)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:\w+\s+)?"
            r"(?:fines|tickets|evidence|complaints|figures|numbers|stats|statistics|results|reports?"
            r"|arrears|charges|invoices|timesheets|hours|minutes|records|scores|votes|survey)\b"
        ),
        "dishonesty",
        Severity.HIGH,
        (
            words_of(
                "fines tickets evidence complaints figures numbers stats statistics results report "
                "reports arrears charges invoices timesheets hours minutes records scores votes "
                "survey"
            ),
            words_of(
                "invent invents invented inventing fabricates fabricated fabricating make makes "
                "made making fakes faked faking cook cooks cooked cooking fiddles fiddled "
                "fiddling doctor doctors doctored doctoring manipulates manipulated manipulating "
                "rig rigs rigged rigging"
            ),
        ),
        (),
    ),
    (
        re.compile(
            r"\bgroom(?:s|ed|ing)\s+(?:\w+\s+){0,2}(?:girls|boys|kids|children|teenagers|pupils"
            r"|young|lads|lasses|weans|bairns|vulnerable)\b"
        ),
        "abuse",
        Severity.HIGH,
        (words_of("grooms groomed grooming"),),
        (),
    ),
    (
        # misuse of money: "used the grant money for her holiday"
        re.compile(
            r"\bus(?:ed|es|ing)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:money|funds|cash|budget|grant|donations"
            r"|takings|float|kitty)\s+(?:for|on|to pay for|tae pay for)\s+(?:his|her|their|a)\s+"
            r"(?:own\s+)?(?:holiday|car|house|kitchen|wedding|mortgage|mates|family|pals|drink|night)"
        ),
        "dishonesty",
        Severity.HIGH,
        (
            words_of("used uses using"),
            words_of("money funds cash budget grant donations takings float kitty"),
        ),
        (),
    ),
    (
        re.compile(
            r"(?<!lying )(?<!stuck )(?<!laid up )\bin bed (?:wi|with) (?:the |big )?(?:developers?"
            r"|builders?|contractors?|council|cooncil|landlords?|[a-z]+ s|them|him|her)\b"
        ),
        "corruption",
        Severity.MEDIUM,
        (words_of("bed"),),
        (),
    ),
    (
        # bribery as a transaction: "taking money off developers", "accepted hospitality from",
        # "got a nice little Christmas present from Persimmon"
        re.compile(
            r"\b(?:tak(?:es|ing|en)|took|accept(?:s|ed|ing)|gets|getting|got|receiv(?:es|ed|ing))"
            r"\s+(?:(?:a|an|some|nice|little|wee|big|free|christmas|brown)\s+){0,4}"
            r"(?:money|cash|payments?|gifts?|hospitality|holidays?|freebies|envelopes?|presents?"
            r"|sweeteners?|backhanders?|bungs?|handouts?|donations?)\s+(?:off|from|fae|frae)\b"
        ),
        "corruption",
        Severity.HIGH,
        (
            words_of(
                "money cash payment payments gift gifts hospitality holiday holidays freebies "
                "envelope envelopes present presents sweetener sweeteners backhander backhanders "
                "bung bungs handout handouts donation donations"
            ),
            words_of("off from fae frae"),
        ),
        (),
    ),
    (
        re.compile(
            r"\bin (?:the |their |his |her )?(?:developers?|builders?|contractors?|bidders?"
            r"|landlords?|[a-z]+ s|big business|brewers?|supermarkets?)\s+pockets?\b"
        ),
        "corruption",
        Severity.HIGH,
        (words_of("pocket pockets"),),
        (),
    ),
    (
        # "took £5k off my mum", "had 2 grand off an old lady"
        re.compile(
            r"\b(?:took|takes|taking|had|got|conned|scammed|diddled)\s+(?:\d[\d,.]*\s?(?:k|grand)?"
            r"|thousands|hundreds)\s+(?:off|from|out of)\s+(?:my|me|an?|the|his|her|old|elderly"
            r"|vulnerable|pensioners?)\b"
        ),
        "dishonesty",
        Severity.MEDIUM,
        (words_of("off from out"), words_of("took takes taking had got conned scammed diddled")),
        (),
    ),
    (
        re.compile(
            r"\b(?:money|cash|funds|donations|takings)\s+(?:he|she|they)\s+(?:took|stole|nicked"
            r"|pocketed|trousered|pinched|had away)\b"
        ),
        "dishonesty",
        Severity.HIGH,
        (words_of("money cash funds donations takings"),),
        (),
    ),
    (
        # unexplained wealth: "drives a £70k Range Rover on a council salary"
        re.compile(
            r"\bon an? (?:council|cooncil|councillor s|officer s|public sector)"
            r" (?:salary|wage|pay|allowance)\b"
        ),
        "corruption",
        Severity.MEDIUM,
        (words_of("salary wage pay allowance"),),
        (),
    ),
)
# Insinuation by connection: a relative or crony of the target ...
_KIN = re.compile(
    r"\b(?:his|her|their|[a-z]+ s)\s+(?:own\s+)?(?:husband|wife|son|daughter|brother|sister"
    r"|cousin|nephew|niece|uncle|aunt|auntie|partner|missus|man|boyfriend|girlfriend|mate|mates"
    r"|pal|pals|best mate|best friend|brother in law|son in law|sister in law|family|in laws"
    r"|relatives?|golf buddy|drinking buddy)\b(?:\s+s\b)?"
    r"|\b(?:mates|pals|pally|friends|golfs|drinks|plays golf|in bed)\s+(?:wi|with)\b"
)
# Whole words _KIN cannot match without: a relative or crony, or the verb before "with".
_KIN_ANCHORS = words_of(
    "husband wife son daughter brother sister cousin nephew niece uncle aunt auntie partner "
    "missus man boyfriend girlfriend mate mates pal pals best family laws relative relatives "
    "golf drinking mates pals pally friends golfs drinks plays bed"
)
# ... and a benefit that connection would explain.
_BENEFIT = re.compile(
    r"\b(?:got|gets|get|getting|won|wins|given|gave|awarded|handed|landed|bagged|owns|runs|gives|giving|hands)\b[^.!?\n]{0,35}?"
    r"\b(?:contract|contracts|tender|job|jobs|house|houses|new build|flat|planning|licen[cs]e"
    r"|grant|grants|work|deal)\b"
    r"|\b(?:sailed|waved|got|went|goes|go|sail)\s+(?:straight\s+)?through\s+(?:planning|committee)\b"
    r"|\bworks? for the (?:developer|contractor|firm|company|bidder)\b|\bconsultancy\b"
    r"|\bpaid (?:to|for by)\b|\blet (?:them|him|her) off\b|\bup the (?:housing |waiting )?list\b"
    r"|\bfor (?:free|nothing)\b|\bcompany got\b|\bfirm got\b"
)
_FIRST_PERSON_KIN = re.compile(r"\b(?:my|our|ma|me)\s+\w+$")


_ASSERT_FACT = re.compile(r"(?:^|[.!:]\s*)fact\b")


def _assertive(doc: Document) -> bool:
    return doc.memo("_sg_defamation_assert", lambda: _asserts(doc.norm))


def _asserts(norm: str) -> bool:
    """Whether ``norm`` holds an assertion frame (``_ASSERT`` or ``_ASSERT_FACT``)."""
    if _ASSERT.search(norm) is not None:
        return True
    return "fact" in norm and _ASSERT_FACT.search(norm) is not None


# More shapes of an identifiable person or business (original text, case matters):
# "Sandra from parking", "Abdul at the corner shop", "Ewan who runs the food bank";
_FIRST_AFFIL = re.compile(
    r"\b([A-Z][a-z]{2,15})(?:\s+[A-Z]\.?)?\s+(?:from|fae|frae|at|who|in)\s+"
    r"(?:the\s+|our\s+|your\s+|yer\s+)?[A-Za-z]"
)
# "Dunbar Fish Bar", "Kerr's Coaches", "Haddington Bowling Club": capitalised words ending in a
# business or organisation word (a place may come first).
_VENUE = re.compile(
    r"\b(?:[A-Z][\w&'’-]*\s+){1,3}(?:Bar|Coaches|Club|Hotel|Taxis|Cabs|Motors|Repairs|Theatre"
    r"|Cafe|Café|Kitchen|Takeaway|Shop|Stores|Store|Salon|Gym|Nursery|Build|Civils|Travel"
    r"|Foundation|Association|Juniors|Racecourse|Lantern|Garden|Palace|Inn|Arms|Tavern|Diner"
    r"|Pizza|Chippy|Butchers|Bakery|Fisheries|Autos|Tyres|Glazing|Windows|Kitchens|Carpets"
    r"|Security|Cleaning|Care|Recruitment|Consulting|Consultancy|Partnership|Associates)\b"
)
_NAME_INFO = EntryInfo("target", 1.0, "", False, {"role": "target"})
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z_][A-Za-z0-9_]{2,30}\b")
_DETERMINERS = frozenset({"The", "A", "An", "This", "That", "Our", "Your", "My"})
_POSSESSIVE_FIRM = re.compile(r"\b[A-Z][a-z]{2,15}['’]s\s+(?:[A-Z][a-z]+\s*){1,2}")
# "Gary Webster", "Jade Lantern" found even when a capitalised non-name precedes them.
_FULL_NAME_AT = re.compile(r"(?=\b([A-Z][a-z]{1,15}\s+(?:Mc|Mac|O')?[A-Z][a-z]{2,20})\b)")


def name_spans(doc: Document) -> list[tuple[int, int, str]]:
    """Original spans that look like a named person or business: ``(start, end, kind)``."""
    text = doc.text
    if doc.upper_count == 0 and not doc.has_at:
        return []
    out = [(m.start(), m.end(), "titled name") for m in _TITLED.finditer(text)]
    if doc.has_at:
        out.extend((m.start(), m.end(), "handle") for m in _HANDLE.finditer(text))
    out.extend((m.start(), m.end(), "business name") for m in _COMPANY.finditer(text))
    out.extend(
        (m.start(), m.end(), "business name")
        for m in _VENUE.finditer(text)
        if m.group().split()[0] not in _DETERMINERS
    )
    out.extend((m.start(), m.end(), "business name") for m in _POSSESSIVE_FIRM.finditer(text))
    for m in _FULL_NAME_AT.finditer(text):
        start, end = m.start(1), m.end(1)
        first = m.group(1).split()[0]
        if first in _NOT_NAMES or _STREET.search(m.group(1)):
            continue
        if any(a <= start < b for a, b, _ in out):
            continue
        out.append((start, end, "name"))
    for m in _FIRST_AFFIL.finditer(text):
        first = m.group(1)
        if first in _NOT_NAMES or first in _NOT_FIRST:
            continue
        if any(a <= m.start() < b for a, b, _ in out):
            continue
        out.append((m.start(1), m.end(1), "name"))
    return out


# Capitalised words that are not first names in "X from/at/who ..." (sentence openers, roles).
_NOT_FIRST = frozenset(
    {
        "Whoever", "Whatever", "Someone", "Somebody", "Anyone", "Anybody", "Everyone",
        "Everybody", "Nobody", "People",
        "Folk", "Staff", "Residents", "Kids", "Parents", "Nothing", "Something", "Thanks",
        "Sorry", "Update", "Reply", "Draft", "Watch", "Beware", "Warning", "Lads", "Lad",
        "Woman", "Man", "Guy", "Bloke", "Fella", "Lady", "Manager", "Officer", "Director",
        "Landlord", "Owner", "Boss", "Council", "Cooncil", "Police", "Polis", "Mum", "Dad",
        "Gran", "Granny", "Grandad", "Neighbours", "Neighbour", "Teacher", "Teachers", "Been",
        "Out", "Back", "Down", "Up", "Off", "Over", "Here", "There", "Live", "Living", "Work",
        "Working", "Went", "Going", "Came", "Coming", "Home", "Today", "Tonight", "Yesterday",
        "Tomorrow", "Last", "Next", "Only", "Also", "Still", "Even", "Never", "Always", "Again",
        "Roads", "Bins", "Parking", "Leaving", "Meet", "Join", "Visit", "Open", "Closed",
    }
)  # fmt: skip


class DefamationRiskDetector(Detector):
    """Target + allegation stated as fact, in one sentence, with no hedge.

    Contract: allegation words alone are never findings ("fraud is rising", "the thieves who
    stole the lead"); questions, hedged and court-reported sentences are skipped; a pronoun
    (he/she) counts as a target only for a direct label ("he's a thief") or an unmistakable deed.
    """

    name = "content.defamation_risk"
    version = 2
    categories = frozenset({Category.DEFAMATION_RISK})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON, NAMES)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        # Target words ("the council", "cllr") are in half of all posts; nothing can be found
        # without an allegation, so that is checked first, before any cue is built.
        self._allegations = frozenset(k for k, v in self._info.items() if v.role == "allegation")
        # Deed shapes and insinuation stand for allegation entries, so they are weighed alike.
        self._deeds: list[
            tuple[
                re.Pattern[str],
                LexiconEntry,
                EntryInfo,
                tuple[frozenset[str], ...],
                tuple[str, ...],
            ]
        ] = []
        for i, (regex, subtype, severity, anchors, fragments) in enumerate(_DEEDS):
            attrs = {
                "role": "allegation",
                "subtype": subtype,
                "severity": severity.name.lower(),
                "strength": "strong",
            }
            entry = LexiconEntry(f"deed shape {i + 1}", False, attrs, 0, LEXICON)
            info = EntryInfo("allegation", 1.0, subtype, False, attrs)
            self._deeds.append((regex, entry, info, anchors, fragments))
        # Word -> deeds whose first anchor set holds it: one set intersection per document finds
        # the few deeds worth checking further.
        by_word: dict[str, list[int]] = {}
        for i, (_, _, _, anchors, _) in enumerate(_DEEDS):
            for word in anchors[0]:
                by_word.setdefault(word, []).append(i)
        self._deed_by_word = {w: tuple(ix) for w, ix in by_word.items()}
        self._deed_words = frozenset(by_word)
        attrs = {"role": "allegation", "subtype": "corruption", "severity": "medium"}
        self._insinuation = (
            LexiconEntry("connection + benefit", False, attrs, 0, LEXICON),
            EntryInfo("allegation", 1.0, "corruption", False, attrs),
        )

    def _deed_cues(self, doc: Document) -> list[Cue]:
        out: list[Cue] = []
        words = doc.words  # index i + 1 is norm[i]
        present = word_set(doc)
        found = self._deed_words.intersection(present)
        if not found:
            return out
        by_word = self._deed_by_word
        # File order, as the shapes are listed (ties in the later sort keep this order).
        for i in sorted({i for w in found for i in by_word[w]}):
            regex, entry, info, anchors, fragments = self._deeds[i]
            if len(anchors) > 1 and any(present.isdisjoint(a) for a in anchors[1:]):
                continue  # a word the shape needs is missing
            if fragments and not any(f in words for f in fragments):
                continue
            for m in regex.finditer(words):
                nstart, nend = m.start() - 1, m.end() - 1
                start, end = doc.to_original(nstart, nend)
                hit = LexiconHit(LEXICON, entry, nstart, nend, start, end, doc.text[start:end])
                out.append(Cue(hit, info))
        return out

    def detect(self, doc: Document) -> list[Finding]:
        hits = doc.hits(LEXICON)
        alleged = self._allegations
        lexical = any(id(h.entry) in alleged for h in hits)
        deeds = self._deed_cues(doc)
        kin = not _KIN_ANCHORS.isdisjoint(word_set(doc)) and _KIN.search(doc.words) is not None
        if not lexical and not deeds and not kin:
            return []
        cues = cues_by_role(hits, self._info)
        allegations = [*cues.get("allegation", ()), *deeds]
        hedges = cues.get("hedge", [])
        if any(c.info.attrs.get("scope") == "text" for c in hedges):
            return []  # "someone on Facebook said ...", "allegedly": the whole post is hedged
        if _HEDGE_TEXT.search(doc.words):
            return []  # "I'm no sayin anybody's on the take", "nobody has proven anything"
        # "claims" hedges only as a reporting verb ("claims that", "claims of"), not "mileage
        # claims"; a hedge word inside the allegation itself ("claimed expenses for ... never
        # went") does not hedge it.
        hedges = [c for c in hedges if _reporting(doc, c)]
        hedge_spans: dict[int, list[tuple[int, int]]] = {}
        for c in hedges:
            hedge_spans.setdefault(sentence_id(doc, c.hit.start), []).append(
                (c.hit.nstart, c.hit.nend)
            )
        hedged = set(hedge_spans)
        firsts = [
            Cue(h, _NAME_INFO)
            for h in doc.hits(NAMES)
            if h.entry.attrs.get("word") != "yes" and h.nend - h.nstart >= 3
        ]
        targets = _targets(doc, [*cues.get("target", ()), *firsts])
        if not targets:
            return []
        insist = _assertive(doc)
        index = SpanIndex((t[0], t[1]) for t in targets)
        out: list[Finding] = []
        done: set[int] = set()
        # Strongest allegation first, so "fiddling expenses" wins over "fiddling".
        ordered = sorted(
            allegations,
            key=lambda c: (-c.hit.entry.severity, -(c.hit.nend - c.hit.nstart), c.hit.nstart),
        )
        for cue in ordered:
            if len(out) >= MAX_FINDINGS:
                break
            sid = sentence_id(doc, cue.hit.start)
            if sid in done or any(
                b <= cue.hit.nstart or cue.hit.nend <= a for a, b in hedge_spans.get(sid, ())
            ):
                continue
            if is_question(doc, cue.hit.start) and not insist and not _presupposed(doc, cue):
                continue  # a plain question; "ask yourself why ..." is an insinuation
            if quoted(doc, cue.hit):
                continue  # 'folk keep saying the committee "stole" the grant'

            # Only targets within a few words matter (bounded work per allegation).
            near = (
                targets[i] for i in index.window(cue.hit.nstart - _REACH, cue.hit.nend + _REACH)
            )
            same = [t for t in near if sentence_id(doc, t[2]) == sid and not _overlaps(t, cue)]
            chosen = self._pick_target(doc, cue, same) or _fallback(
                doc, cue, sid, same=same, targets=targets, insist=insist
            )
            if chosen is None:
                continue
            done.add(sid)
            out.append(self._finding(doc, cue, chosen))
        if not out and kin:
            out.extend(self._insinuated(doc, targets, hedged, insist))
        return out

    def _insinuated(
        self,
        doc: Document,
        targets: list[tuple[int, int, int, int, str, str]],
        hedged: set[int],
        insist: bool,
    ) -> list[Finding]:
        """A relative or crony of an identifiable target plus a benefit: "Cllr X's husband's firm
        got the school meals contract", "the director's wife's company ... consultancy?"."""
        named = [t for t in targets if t[4] not in _PRONOUNS and t[4] not in _SECOND]
        if not named:
            return []
        words = doc.words  # index i + 1 is norm[i]
        for m in _KIN.finditer(words):
            if _FIRST_PERSON_KIN.search(words[max(0, m.start() - 12) : m.start()].rstrip()):
                continue
            start, _ = doc.to_original(m.start() - 1, m.end() - 1)
            sid = sentence_id(doc, start)
            if sid in hedged and not insist:
                continue
            lo = max(0, m.start() - 160)
            for b in _BENEFIT.finditer(words, lo, min(len(words), m.end() + 160)):
                bstart, _ = doc.to_original(b.start() - 1, b.end() - 1)
                if abs(sentence_id(doc, bstart) - sid) > (1 if insist else 0):
                    continue
                if not insist and is_question(doc, start) and not _INSINUATING_Q.search(words):
                    continue
                entry, info = self._insinuation
                lo_n, hi_n = min(m.start(), b.start()) - 1, max(m.end(), b.end()) - 1
                ostart, oend = doc.to_original(lo_n, hi_n)
                hit = LexiconHit(LEXICON, entry, lo_n, hi_n, ostart, oend, doc.text[ostart:oend])
                target = min(named, key=lambda t: abs(t[0] - m.start()))
                return [self._finding(doc, Cue(hit, info), (target, "connection"))]
        return []

    def _pick_target_raw(
        self, doc: Document, cue: Cue, targets: list[tuple[int, int, int, int, str, str]]
    ) -> tuple[tuple[int, int, int, int, str, str], str] | None:
        strong = cue.info.attrs.get("strength") == "strong"
        person = cue.info.attrs.get("person") == "yes"
        best: tuple[tuple[int, int, int, int, str, str], str] | None = None
        if (
            person
            and next_words(doc, cue.hit.nend, 1)
            and (next_words(doc, cue.hit.nend, 1)[0] in _COMPOUND_NEXT)
        ):
            return None  # "the council's fraud team", "a racist incident": not a label
        copula = person and _after_copula(doc, cue.hit.nstart)
        for t in sorted(targets, key=lambda t: abs(t[0] - cue.hit.nstart)):
            pronoun = t[4] in _PRONOUNS
            if t[1] <= cue.hit.nstart:  # target before the allegation
                between = doc.words[t[1] + 1 : cue.hit.nstart + 1].split()
                if not _NOT_ACCUSABLE.isdisjoint(between) or not _SPEECH.isdisjoint(between):
                    continue  # "my neighbour's cat steals", "Cllr X said the man who stole"
                if t[4] in _GENERIC and between[:1] in (["who"], ["that"]):
                    continue  # "the man who stole the lead": an unknown culprit described
                if person and len(between) <= 5 and all(w in _LINK for w in between):
                    return t, "labelled"
                if copula and not pronoun and t[4] not in _SECOND and len(between) <= 12:
                    # "Gary Webster of Newton is a thief", "the man who runs X is a nonce"
                    best = best or (t, "labelled")
                if not pronoun and not person and len(between) <= 6:
                    return t, "subject"
                if strong and len(between) <= 12 and t[4] not in _SECOND:
                    best = best or (t, "subject")
            elif cue.hit.nend <= t[0]:  # allegation before the target
                between = doc.words[cue.hit.nend + 1 : t[0] + 1].split()
                if person and not pronoun and not between and t[4] not in _UNIT_HEADS:
                    return t, "labelled"  # "that bent councillor" (not "the fraud team")
                if strong and not pronoun and len(between) <= 6:
                    best = best or (t, "object")
        return best

    def _pick_target(
        self, doc: Document, cue: Cue, targets: list[tuple[int, int, int, int, str, str]]
    ) -> tuple[tuple[int, int, int, int, str, str], str] | None:
        """Nearest target in a subject, label or object relation; "you" addressed by name
        counts as the named person."""
        addressed = [t for t in targets if t[5] == "addressed"]
        chosen = self._pick_target_raw(doc, cue, targets)
        if chosen is None and addressed:
            stand_in = [(*t[:4], "he", "addressed") for t in addressed]
            chosen = self._pick_target_raw(doc, cue, stand_in)
        return chosen

    def _finding(
        self, doc: Document, cue: Cue, chosen: tuple[tuple[int, int, int, int, str, str], str]
    ) -> Finding:
        target, how = chosen
        _, _, tstart, tend, label, kind = target
        start = min(tstart, cue.hit.start)
        end = max(tend, cue.hit.end)
        subtype = cue.info.subtype or "misconduct"
        confidence = _CONFIDENCE[cue.hit.entry.severity]
        if label in _PRONOUNS:
            confidence -= 0.08
        elif kind in ("titled name", "business name", "name"):
            confidence += 0.05
        if label in ("the council", "this council", "council", "the cooncil"):
            confidence -= 0.1
        who = doc.text[tstart:tend]
        return self.finding(
            doc,
            category=Category.DEFAMATION_RISK,
            subtype=subtype,
            start=start,
            end=end,
            confidence=min(confidence, 0.9),
            severity=cue.hit.entry.severity,
            explanation=(
                f"'{doc.text[start:end]}' states as fact that '{who}' ({_KIND.get(kind, kind)}) "
                f"is involved in {_SUBTYPE_WORD.get(subtype, 'misconduct')} ('{cue.hit.text}'), "
                "with no 'alleged', question or court report to hedge it."
            ),
            evidence={
                "allegation": cue.hit.entry.term,
                "allegation_line": cue.hit.entry.line,
                "target": who,
                "target_kind": kind,
                "relation": how,
            },
        )


_KIND = {
    "role": "a role or organisation",
    "titled name": "a named person",
    "name": "a name",
    "business name": "a named business",
}


def _outermost(
    targets: list[tuple[int, int, int, int, str, str]],
) -> list[tuple[int, int, int, int, str, str]]:
    """Drop targets nested inside a longer one ("officer" inside "the planning officer")."""
    out: list[tuple[int, int, int, int, str, str]] = []
    reach = -1
    for t in sorted(targets, key=lambda t: (t[0], -t[1])):
        if t[1] <= reach:
            continue
        out.append(t)
        reach = max(reach, t[1])
    return out


_COPULA = frozenset({"is", "are", "was", "were", "s", "re", "be", "been", "being", "=", "isnae"})
_ARTICLE_ETC = _LINK - {"and", "who", "that", "has", "have", "had"}


def _after_copula(doc: Document, nstart: int) -> bool:
    """Whether a person label is a predicate: "is a thief", "is a pathological liar", "are a
    slumlord and a crook" -- a copula within six words, with only articles, adjectives and
    "and/or" between, and a subject that is not a pet or a child ("the cat is a little thief")."""
    words = doc.words[max(0, nstart - 80) + 1 : nstart + 1].split()[-7:]
    free = 0
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w in _COPULA:
            return i == 0 or words[i - 1] not in _NOT_ACCUSABLE
        if w in _BLOCKERS:
            return False
        if w not in _ARTICLE_ETC:
            free += 1
            if free > 3:
                return False
    return False


_BLOCKERS = frozenset(
    {
        "of", "to", "for", "with", "from", "at", "in", "on", "by", "who", "which", "that",
        "but", "not", "no", "never", "if", "than", "like", "about", "says", "said", "called",
        "calling", "call", "saw", "caught", "arrested", "reported", "whether",
    }
)  # fmt: skip
_GENERIC = frozenset(
    {"the man", "the woman", "bloke", "the guy", "the lad", "that lad", "the fella", "the owner"}
)
_SPEECH = frozenset(
    {"said", "says", "told", "warned", "asked", "reckons", "thinks", "claims", "reported"}
)
_NOT_ACCUSABLE = frozenset(
    {
        "cat", "dog", "puppy", "kitten", "seagull", "seagulls", "squirrel", "fox", "magpie",
        "daughter", "son", "toddler", "baby", "kid", "wee", "bairn", "grandson", "granddaughter",
        "boy", "girl", "husband", "wife", "gull", "pup", "parrot", "budgie",
    }
)  # fmt: skip


# Whole-post hedges in dialect and meta-talk: "I'm no sayin", "nobody has proven anything",
# "my neighbour reckons ... but", "wait for the audit before calling her a crook".
_HEDGE_TEXT = re.compile(
    r"\b(?:i ?m|im|i am) (?:no|not|nae) (?:sayin|saying)\b|\bno sayin\b|\bnot sayin\b"
    r"|\bnobody (?:has|s|have) (?:proven|proved)\b|\bnot (?:been )?proven\b"
    r"|\bbefore (?:calling|accusing)\b"
    r"|\b(?:reckons?|thinks|says|said|claims)\b.{0,60}"
    r"\bbut (?:i|honestly|tbf|to be fair|in fairness)\b"
    r"|\b(?:i ve |i have |i )?(?:got )?no idea (?:if|whether)\b|\bi ve no idea\b|\bnot sure if\b"
    r"|\bdunno if\b"
    r"|\bwait for the (?:audit|investigation|inquiry|report|outcome)\b"
    r"|\b(?:film|movie|novel|tv series|drama|documentary|episode|play|book)\s+(?:is |was )?about\b"
    r"|\bonly joking\b|\bjust kidding\b"
    r"|\bdon ?t (?:believe|trust) (?:everything|the rumours|what you read)\b"
)
_INSINUATING_Q = re.compile(r"\b(?:wonder|how come|why (?:is|does|did|do)|funny|coincidence)\b")


_COMPOUND_NEXT = frozenset(
    {
        "team", "teams", "department", "unit", "officer", "officers", "investigator", "squad",
        "awareness", "prevention", "hotline", "line", "week", "campaign", "case", "cases",
        "charges", "trial", "investigation", "inquiry", "section", "incident", "incidents",
        "abuse", "attack", "attacks", "graffiti", "comments", "remarks", "checks", "warning",
        "alert", "alerts", "detection", "policy", "training",
    }
)  # fmt: skip
_UNIT_HEADS = frozenset({"team", "department", "hr", "unit", "committee", "trust", "fund"})
_REPORTING_TERMS = frozenset({"claim", "claims", "claimed"})
_REPORTING_NEXT = frozenset(
    {"that", "he", "she", "they", "it", "to", "about", "of", "this", "cllr", "his", "her"}
)


def _reporting(doc: Document, cue: Cue) -> bool:
    """Whether a hedge cue really hedges: "claims" must report ("claims that", "claims of")."""
    if cue.hit.entry.term not in _REPORTING_TERMS:
        return True
    after = next_words(doc, cue.hit.nend, 1)
    before = prev_words(doc, cue.hit.nstart, 1)
    if before and before[0] in ("expense", "expenses", "mileage", "benefit", "insurance"):
        return False
    return bool(after) and after[0] in _REPORTING_NEXT


_WH_START = re.compile(r"(?:^|[.!?]\s+)\s*(?:so\s+)?(?:why|how come|how|who|when)\b[^.!?]*$")


def _presupposed(doc: Document, cue: Cue) -> bool:
    """A wh-question presupposes its content ("Why is Cllr X taking backhanders?"); a yes/no
    question ("Is Cllr X corrupt?") does not."""
    if cue.info.attrs.get("strength") != "strong" and cue.info.attrs.get("person") != "yes":
        return False
    head = doc.norm[max(0, cue.hit.nstart - 160) : cue.hit.nstart]
    return _WH_START.search(head) is not None and " whether " not in head


def _targets(
    doc: Document, target_cues: Sequence[Cue]
) -> list[tuple[int, int, int, int, str, str]]:
    """Role words and names as ``(nstart, nend, start, end, label, kind)``, outermost only."""
    targets: list[tuple[int, int, int, int, str, str]] = [
        (c.hit.nstart, c.hit.nend, c.hit.start, c.hit.end, c.hit.entry.term, "role")
        for c in target_cues
    ]
    for start, end, kind in name_spans(doc):
        nstart, nend = _to_norm(doc, start, end)
        targets.append((nstart, nend, start, end, doc.text[start:end], kind))
    if not targets:
        return targets
    targets = _outermost(targets)
    named = any(t[5] != "role" for t in targets) or any(
        t[5] == "role" and t[4] not in _PRONOUNS and t[4] not in _THEY for t in targets
    )
    if not named:
        # "they"/"you" refer to someone identifiable only when the post names someone.
        targets = [t for t in targets if t[4] not in _THEY]
    elif any(t[5] == "handle" or t[5] == "titled name" for t in targets):
        # "@CllrJones you're a liar", "Cllr Smith, you are on the take": a vocative names
        # who "you" is.
        targets = [(*t[:5], "addressed") if t[4] in _SECOND else t for t in targets]
    return targets


def _fallback(
    doc: Document,
    cue: Cue,
    sid: int,
    *,
    same: list[tuple[int, int, int, int, str, str]],
    targets: list[tuple[int, int, int, int, str, str]],
    insist: bool,
) -> tuple[tuple[int, int, int, int, str, str], str] | None:
    """A target for an allegation with no grammatical link: same-sentence co-occurrence, the
    previous sentence's subject, or (with an assertion frame) the post's named subject."""
    chosen: tuple[tuple[int, int, int, int, str, str], str] | None = None
    if chosen is None and cue.hit.entry.severity >= Severity.MEDIUM:
        # Co-occurrence in one sentence within the window: "the steward at the club
        # waters down the beer and sells the stolen spirits".
        window = [t for t in same if t[4] not in _PRONOUNS and _plain_link(doc, t, cue)]
        if window:
            chosen = (window[0], "same sentence")
    if (
        chosen is None
        and sid > 0
        and not any(
            sentence_id(doc, t[2]) == sid and t[4] not in _PRONOUNS and not _overlaps(t, cue)
            for t in targets
        )
    ):
        # "The woman at the food bank keeps the best for herself. Stealing from the poor":
        # the allegation's sentence names nobody, so it is about the previous one's subject.
        earlier = [t for t in targets if sentence_id(doc, t[2]) == sid - 1 and t[4] not in _SECOND]
        if earlier and cue.hit.entry.severity >= Severity.MEDIUM:
            chosen = (earlier[0], "previous sentence")
    if chosen is None and insist and cue.hit.entry.severity >= Severity.MEDIUM:
        # "Everyone knows. Cllr X ... the money he took": an insisted allegation is about
        # the post's named subject even when the sentences are split.
        named = [t for t in targets if t[4] not in _PRONOUNS and not _overlaps(t, cue)]
        if named and (
            cue.info.attrs.get("strength") == "strong" or cue.info.attrs.get("person") == "yes"
        ):
            chosen = (named[0], "asserted")
    return chosen


def _plain_link(doc: Document, t: tuple[int, int, int, int, str, str], cue: Cue) -> bool:
    """No speech verb, pet or unknown-culprit clause between the target and the allegation."""
    lo, hi = (t[1], cue.hit.nstart) if t[1] <= cue.hit.nstart else (cue.hit.nend, t[0])
    between = doc.words[lo + 1 : hi + 1].split()
    if not _NOT_ACCUSABLE.isdisjoint(between) or not _SPEECH.isdisjoint(between):
        return False
    if (
        next_words(doc, cue.hit.nend, 1)[:1]
        and next_words(doc, cue.hit.nend, 1)[0] in _COMPOUND_NEXT
    ):
        return False  # "the council's fraud team"
    if prev_words(doc, cue.hit.nstart, 1)[-1:] in (["was"], ["were"], ["been"], ["got"], ["get"]):
        return False  # "my dad's badge was nicked": a victim, not an accusation
    return not (t[4] in _GENERIC and between[:1] in (["who"], ["that"]))


def _overlaps(t: tuple[int, int, int, int, str, str], cue: Cue) -> bool:
    return not (t[1] <= cue.hit.nstart or cue.hit.nend <= t[0])


def _to_norm(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Approximate normalised offsets for an original span (exact when the map is identity)."""
    if doc.identity:
        return start, end
    # Rare path (the text had characters folded away): search the folded span text nearby.
    piece = doc.text[start:end].lower()
    pos = doc.norm.find(piece, max(0, start - 20))
    if pos == -1:
        pos = min(start, len(doc.norm))
    return pos, pos + len(piece)
