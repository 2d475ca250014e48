"""Discrimination: derogatory, hostile or exclusionary content about people because of a
protected characteristic (Equality Act 2010). Every finding names the characteristic.

Identity words are never findings on their own ("the mosque open day", "our disabled residents",
"gay pride"). A finding needs one of:

1. a slur (``lexicons/slurs.txt``; the entry names the characteristic);
2. a self-targeting hostile phrase (``discrimination_cues.txt`` with ``standalone=yes``: "go back
   to your own country", "man in a dress");
3. a group word (``identity_groups.txt``) tied to a hostile cue by word order: the group is the
   subject of a dehumanising, generalising or excluding predicate ("asylum seekers are vermin",
   "women shouldn't be allowed to ..."), or the object of an exclusion ("get rid of the gypsies"),
   or qualified by a hostile adjective ("filthy pakis", "lazy immigrants");
4. a phrase pattern (``patterns/discrimination.yaml``: "immigrants out", "that's so gay").

Forms recognised (each with general machinery, not corpus sentences):

- slur, de-obfuscated or masked (a mask reads as profanity first: "c***s" is not a slur); an
  ambiguous slur counts in an insult frame, next to hostility, or used of people ("... who",
  "... on the council");
- direct hostile generalisation / dehumanisation / exclusion: group + cue by word order, incl.
  a strong predicate up to three words after a plural group ("the poles doing all the
  shoplifting") and exclusion imperatives with the group as object ("dinnae let the X near",
  "no more X", "nae mair X");
- back-reference: "these freaks", "they're coming for handouts", "perverts, the lot of them";
- disclaimers: "I'm not racist but", "nothing against X but", "not being funny but";
- resentment framed against locals / our own ("X ... while locals wait", "our own can't");
- othering by "normal" ("shouldn't be in normal classes") and heteronormative exclusion
  ("proper families", "needs a mum and a dad");
- employment decisions because of the characteristic ("pregnant so obviously we went with ...",
  "don't want to hire young women", "time they retired");
- coded / dog-whistle forms pointing at a group named anywhere in the post (scope=text: "lock up
  your sheds", "hide yer purses", "you know what they're like", "we all know who runs this
  town", "just asking questions"), the (((echo))), "great replacement", "so-called refugees";
- scare quotes: a group word ("houses going to 'asylum seekers'") or a gender word denying a
  trans person's gender ("the 'woman' on reception", "calling a bloke 'she'"), a condition said
  to be faked ("PIP for 'anxiety'"), coded 'diverse' / 'vibrant';
- gender identity denied ("men are men", "always be a bloke", "men in frocks");
- sneering determiners and resentful questions ("them foreigners", "bloody Jehovah's
  witnesses", "how come asylum seekers always get ...");
- jokes at a group's expense ("an X walks into a bar", "how many X does it take to change");
- typos/dialect: Scots and northern forms are listed beside the standard ones ("cannae",
  "dinnae let", "nae mair", "comin fir handouts", "ye ken what they're like").

Guards: negation right before a cue ("not", "never", "nae"); counter-speech sentences; for
sentence- and text-scope cues, a preceding negation; for resentful questions, words of need
("why do disabled people get no help" is a complaint on their behalf).

A sentence that names prejudice to reject or report it (role=counter: "racist", "hate crime",
"calling them ...") does not combine groups and cues.
"""

from __future__ import annotations

import dataclasses
import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    Cue,
    EntryInfo,
    PatternGroup,
    SpanIndex,
    build_info,
    cues_by_role,
    idle,
    next_words,
    prev_words,
    quoted,
    run_patterns,
    same_sentence,
    sentence_id,
    words_between,
)
from socialguard.screening.detectors.content.offensive import (
    ALLOW,
    drop_allowed,
    insult_frame,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Characteristic, Finding, Severity

__all__ = ["DiscriminationDetector"]

SLURS = "slurs"
GROUPS = "identity_groups"
CUES = "discrimination_cues"
OFFENSIVE = "offensive"
PATTERNS = "discrimination"

# Words that link a group to what is said about it ("immigrants ARE vermin", "women SHOULD ...").
_LINK = frozenset(
    {
        "are", "is", "r", "were", "was", "all", "just", "nothing", "basically", "always", "only",
        "really", "so", "being", "like", "look", "such", "should", "shouldn", "must", "need",
        "needs", "will", "ll", "s", "re", "aren", "isn", "never", "bunch", "lot", "of",
        "these", "those", "them", "they", "full", "total", "complete", "utter", "bloody",
        "fucking", "a", "an", "the", "get", "got", "become", "becoming", "turning", "into",
        "have", "has", "had", "do", "does", "can", "cannae", "cant", "even", "still", "ever",
    }
)  # fmt: skip
_NEGATION = frozenset({"not", "no", "never", "t", "nt", "isn", "aren", "wasn", "weren"})
# Nouns a person-form identity adjective may qualify and still name people.
_PEOPLE = frozenset(
    {
        "people", "folk", "folks", "person", "persons", "man", "woman", "men", "women", "lot",
        "ones", "kids", "children", "family", "families", "community", "communities", "lad",
        "lads", "girl", "girls", "boy", "boys", "bloke", "blokes", "guy", "guys", "couple",
        "couples", "tenants", "neighbours", "residents", "workers", "staff",
        # occupations and everyday people nouns ("polish builders", "asian taxi drivers")
        "builders", "drivers", "taxi", "cabbies", "shopkeepers", "shops", "landlords", "doctors",
        "nurses", "cleaners", "carers", "teachers", "mums", "dads", "mothers", "fathers", "wives",
        "husbands", "parents", "lassies", "lasses", "laddies", "weans", "bairns", "youths",
        "gangs", "gang", "yins", "types", "sort", "kind", "members", "owners",
        "councillors", "officers", "managers", "colleagues", "candidates", "applicants",
        "students", "pupils", "patients", "users", "claimants", "households", "incomers",
        "weirdos", "fellas", "geezers", "lady", "ladies",
    }
)  # fmt: skip
# Words that cancel a cue when they come right before it ("NOT welcome" is a cue already;
# "they're NOT criminals", "never lazy").
_GUARD = frozenset({"not", "never", "nae", "no", "isn", "aren", "wasn", "weren", "nothing"})
_ROLE_SUBTYPE = {
    "dehumanise": "dehumanising",
    "exclude": "exclusion",
    "generalise": "generalisation",
    "stereotype": "generalisation",
}
_ROLE_WORD = {
    "dehumanise": "dehumanises",
    "exclude": "calls for excluding",
    "generalise": "makes a hostile generalisation about",
    "stereotype": "applies a hostile stereotype to",
}
# How far (in normalised characters) a group word may be from its cue: ~6 words either side.
_REACH = 90
_CONFIDENCE = {Severity.HIGH: 0.9, Severity.MEDIUM: 0.8, Severity.LOW: 0.7}


def _characteristic(value: str | None) -> Characteristic | None:
    try:
        return Characteristic(value) if value else None
    except ValueError:
        return None


class DiscriminationDetector(Detector):
    """Slurs, self-targeting hostile phrases, and identity group + hostile cue by word order.

    Contract: every finding has ``characteristic`` set; identity words alone never produce a
    finding; spans cover the slur, the phrase, or the group word through the cue.
    """

    name = "content.discrimination"
    version = 3
    categories = frozenset({Category.DISCRIMINATION})
    lexicons: ClassVar[tuple[str, ...]] = (SLURS, GROUPS, CUES, ALLOW, OFFENSIVE)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._slur_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(SLURS))
        self._group_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(GROUPS))
        self._cue_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(CUES))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))

    def detect(self, doc: Document) -> list[Finding]:
        out: list[Finding] = []
        text = doc.text
        if "(((" in text:
            out.extend(self._echo(doc))
        # Group words alone never make a finding: something hostile must be there too (a cue, a
        # slur, abuse, a pattern, or scare quotes around the group word).
        quotes = "'" in text or '"' in text or "\u2018" in text or "\u201c" in text
        if idle(doc, (SLURS, CUES, OFFENSIVE), self._patterns, masks=True):
            if quotes:
                out.extend(self._scare_quotes(doc, {}, set()))
            return out[:MAX_FINDINGS]
        cue_hits = doc.hits(CUES)
        cues = cues_by_role(cue_hits, self._cue_info) if cue_hits else {}
        counter_sentences = _counter_sentences(doc, cues)
        if doc.has_hits(SLURS) or doc.masks:
            out.extend(self._slurs(doc, cues))
        if quotes:
            out.extend(self._scare_quotes(doc, cues, counter_sentences))
        if cues:
            out.extend(self._standalone(doc, cues, counter_sentences))
            if doc.has_hits(GROUPS):
                out.extend(self._combinations(doc, cues, counter_sentences))
                out.extend(self._back_reference(doc, cues, counter_sentences))
                out.extend(self._text_scope(doc, cues, counter_sentences))
        if doc.has_hits(GROUPS):
            out.extend(self._sneers(doc, counter_sentences))
        if doc.has_hits(GROUPS) and (doc.has_hits(OFFENSIVE) or doc.masks):
            out.extend(self._abused_groups(doc, counter_sentences))
        out.extend(self._pattern_findings(doc))
        return out[:MAX_FINDINGS]

    # -- 1. slurs ------------------------------------------------------------------------------

    def _slurs(self, doc: Document, cues: dict[str, list[Cue]]) -> list[Finding]:
        hits = list(doc.hits(SLURS))
        if doc.masks:
            hits.extend(doc.masked_hits(SLURS))
        if not hits:
            return []
        hits = drop_allowed(doc, hits)
        hostile = any(role != "counter" for role in cues)
        # A mask means "a rude word": "c***s", "F***" read as the common profanity first, and
        # only as a slur when no profanity fits the same letters.
        profane = (
            {h.nstart for h in doc.masked_hits(OFFENSIVE)}
            if doc.masks and any(h.masked for h in hits)
            else set()
        )
        out = []
        for hit in hits:
            meta = self._slur_info[id(hit.entry)]
            characteristic = hit.entry.characteristic
            if characteristic is None or quoted(doc, hit):
                continue
            if hit.masked and hit.nstart in profane:
                continue
            confidence = _CONFIDENCE[hit.entry.severity] + 0.05
            reason = ""
            if meta.ambiguous and not hit.masked:
                frame = insult_frame(doc, hit)
                if frame:
                    reason = f", used as an insult ('{frame} ...')"
                elif _person_frame(doc, hit):
                    reason = ", used of people ('... who', '... on the council')"
                elif hostile:
                    reason = ", next to hostile language"
                else:
                    continue
                confidence -= 0.15
            out.append(
                self.finding_from_hit(
                    doc,
                    hit,
                    category=Category.DISCRIMINATION,
                    subtype="slur",
                    confidence=min(confidence, 0.97),
                    characteristic=characteristic,
                    explanation=(
                        f"'{hit.text}' is a slur targeting {_label(characteristic)} "
                        f"(Equality Act 2010 protected characteristic){reason}."
                    ),
                )
            )
        return out

    # -- 2. standalone hostile phrases ------------------------------------------------------------

    def _standalone(
        self, doc: Document, cues: dict[str, list[Cue]], counter: set[int]
    ) -> list[Finding]:
        out = []
        for role, items in cues.items():
            if role == "counter":
                continue
            for cue in items:
                if cue.info.attrs.get("standalone") != "yes" or cue.info.attrs.get("scope"):
                    continue
                characteristic = _characteristic(cue.info.attrs.get("characteristic"))
                if characteristic is None or sentence_id(doc, cue.hit.start) in counter:
                    continue
                out.append(
                    self.finding_from_hit(
                        doc,
                        cue.hit,
                        category=Category.DISCRIMINATION,
                        subtype=_ROLE_SUBTYPE.get(role, "hostile_phrase"),
                        confidence=_CONFIDENCE[cue.hit.entry.severity],
                        characteristic=characteristic,
                        explanation=(
                            f"'{cue.hit.text}' {_ROLE_WORD.get(role, 'is hostile to')} people "
                            f"because of {_label(characteristic)}."
                        ),
                        evidence={"role": role},
                    )
                )
        return out

    # -- 3. group + cue by word order ----------------------------------------------------------

    def _combinations(
        self, doc: Document, cues: dict[str, list[Cue]], counter: set[int]
    ) -> list[Finding]:
        groups = doc.hits(GROUPS)
        index = SpanIndex((g.nstart, g.nend) for g in groups)
        out: list[Finding] = []
        used: set[int] = set()
        for role, items in cues.items():
            if role == "counter":
                continue
            for cue in items:
                attrs = cue.info.attrs
                if attrs.get("standalone") == "yes" or attrs.get("quoted") == "yes":
                    continue
                scope = attrs.get("scope", "")
                if scope == "text" or sentence_id(doc, cue.hit.start) in counter:
                    continue
                if len(out) >= MAX_FINDINGS:
                    return out
                if scope == "sentence" and not _sentence_cue_ok(doc, cue):
                    continue
                reach = _SENTENCE_REACH if scope == "sentence" else _REACH
                # Only groups within a few words can be tied to the cue (bounded work per cue).
                for gi in index.window(cue.hit.nstart - reach, cue.hit.nend + reach):
                    group = groups[gi]
                    if id(group) in used or not same_sentence(doc, group.start, cue.hit.start):
                        continue
                    if _overlap(group, cue.hit):
                        continue
                    if scope == "sentence":
                        form = self._group_info[id(group.entry)].attrs.get("form", "group")
                        why = "" if form == "place" and cue.role != "exclude" else "sentence"
                    else:
                        why = self._relation(doc, group, cue)
                    if not why:
                        continue
                    used.add(id(group))
                    out.append(self._combo_finding(doc, group, cue, why))
                    break
        return out

    def _relation(self, doc: Document, group: LexiconHit, cue: Cue) -> str:
        """How ``cue`` is attached to ``group`` ("subject", "object", "modifier") or ``""``."""
        ginfo = self._group_info[id(group.entry)]
        form = ginfo.attrs.get("form", "group")
        role = cue.role
        severity = cue.hit.entry.severity
        hit = cue.hit
        if form == "place" and role != "exclude":
            return ""
        if group.nend <= hit.nstart:
            between = doc.words[group.nend + 1 : hit.nstart + 1].split()
            if any(w in _NEGATION for w in between):
                return ""
            if form == "person" and between:
                nxt = next_words(doc, group.nend, 1)
                if nxt and nxt[0] not in _LINK and nxt[0] not in _PEOPLE:
                    return ""  # "the disabled toilet is disgusting": the word qualifies a thing
            linked = bool(between) and all(w in _LINK or w in _PEOPLE for w in between)
            d = len(between)
            if role == "exclude" and severity > Severity.LOW and d <= 4 and (linked or d <= 1):
                return "subject"
            if role == "dehumanise" and (d == 0 or (linked and d <= 5)):
                return "subject"
            if role in ("generalise", "stereotype") and d == 0 and severity >= Severity.MEDIUM:
                return "subject"  # "deaf people cannae work": the cue follows the group directly
            if role in ("generalise", "stereotype") and linked and d <= 4:
                if severity == Severity.LOW and not any(
                    w in {"are", "r", "were", "all", "always", "just", "is", "s"} for w in between
                ):
                    return ""
                return "subject"
            # "the poles and the romanians doing all the shoplifting", "polish builders on the
            # job, expect it to fall down": a strong predicate a few words after a plural group.
            plural = form == "group" or (bool(between) and between[0] in _PEOPLE)
            if (
                role in ("generalise", "stereotype", "dehumanise")
                and severity >= Severity.MEDIUM
                and plural
                and d <= 3
                and not _GUARD.intersection(between)
            ):
                return "subject"
            return ""
        if hit.nend <= group.nstart:
            d = words_between(doc, hit.nend, group.nstart)
            if role == "exclude" and (d <= 1 if severity == Severity.LOW else d <= 3):
                return "object"
            if role == "dehumanise" and d <= 2:
                return "modifier"
            if role == "stereotype" and d == 0 and severity >= Severity.MEDIUM:
                return "modifier"
            if role == "generalise" and d <= 3 and severity >= Severity.MEDIUM:
                return "subject"
        return ""

    def _combo_finding(self, doc: Document, group: LexiconHit, cue: Cue, why: str) -> Finding:
        characteristic = group.entry.characteristic or Characteristic.RACE
        start = min(group.start, cue.hit.start)
        end = max(group.end, cue.hit.end)
        role = cue.role
        severity = max(cue.hit.entry.severity, Severity.MEDIUM)
        return self.finding(
            doc,
            category=Category.DISCRIMINATION,
            subtype=_ROLE_SUBTYPE.get(role, "hostile_generalisation"),
            start=start,
            end=end,
            confidence=_CONFIDENCE[cue.hit.entry.severity] - (0.05 if why == "modifier" else 0.0),
            severity=severity,
            characteristic=characteristic,
            explanation=(
                f"'{doc.text[start:end]}' {_ROLE_WORD.get(role, 'is hostile to')} "
                f"'{group.text}' ({_label(characteristic)}, a protected characteristic): "
                f"'{cue.hit.text}' is attached to the group as its {why}."
            ),
            evidence={
                "group": group.entry.term,
                "group_line": group.entry.line,
                "cue": cue.hit.entry.term,
                "cue_line": cue.hit.entry.line,
                "role": role,
                "relation": why,
            },
        )

    def _back_reference(
        self, doc: Document, cues: dict[str, list[Cue]], counter: set[int]
    ) -> list[Finding]:
        """ "Council paying for a trans support group? These freaks need therapy": a dehumanising
        word pointed back at a group named earlier with "these"/"those"."""
        out: list[Finding] = []
        groups = doc.hits(GROUPS)
        pointed = [
            c
            for role in ("dehumanise", "stereotype", "generalise", "exclude")
            for c in cues.get(role, ())
            if c.hit.entry.severity >= Severity.MEDIUM
        ]
        for cue in pointed[:MAX_FINDINGS]:
            if cue.info.attrs.get("standalone") == "yes" or cue.info.attrs.get("quoted"):
                continue
            # "these freaks", "they'll eat anything", "they don't even try"
            window = 1 if cue.role == "dehumanise" else 2
            # ... or after it: "Perverts, the lot of them", "vermin, every one of them"
            after = "them" in next_words(doc, cue.hit.nend, 4)
            if not after and not _POINTERS.intersection(prev_words(doc, cue.hit.nstart, window)):
                continue
            if sentence_id(doc, cue.hit.start) in counter:
                continue
            earlier = [g for g in groups if g.nend <= cue.hit.nstart]
            if earlier:
                out.append(self._combo_finding(doc, earlier[-1], cue, "back-reference"))
        return out

    def _abused_groups(self, doc: Document, counter: set[int]) -> list[Finding]:
        """A group word with an insult or profanity right next to it ("English b@stards",
        "f***ing gypsies", "Fenian bastards")."""
        abuse = [
            h
            for h in (*doc.hits(OFFENSIVE), *(doc.masked_hits(OFFENSIVE) if doc.masks else ()))
            if h.entry.severity >= Severity.MEDIUM and not quoted(doc, h)
        ]
        if not abuse:
            return []
        index = SpanIndex((h.nstart, h.nend) for h in abuse)
        out: list[Finding] = []
        for group in doc.hits(GROUPS)[:MAX_FINDINGS]:
            meta = self._group_info[id(group.entry)]
            if meta.attrs.get("form") == "place" or sentence_id(doc, group.start) in counter:
                continue
            for i in index.window(group.nstart - 30, group.nend + 30):
                hit = abuse[i]
                if _overlap(group, hit):
                    continue
                gap = (
                    words_between(doc, group.nend, hit.nstart)
                    if group.nend <= hit.nstart
                    else words_between(doc, hit.nend, group.nstart)
                )
                if gap == 0 or (
                    gap == 1 and group.nend <= hit.nstart and _between_is_link(doc, group, hit)
                ):
                    characteristic = group.entry.characteristic or Characteristic.RACE
                    start, end = min(group.start, hit.start), max(group.end, hit.end)
                    out.append(
                        self.finding(
                            doc,
                            category=Category.DISCRIMINATION,
                            subtype="abuse",
                            start=start,
                            end=end,
                            confidence=0.8,
                            severity=Severity.HIGH,
                            characteristic=characteristic,
                            explanation=(
                                f"'{doc.text[start:end]}' pairs abuse ('{hit.text}') with "
                                f"'{group.text}' ({_label(characteristic)}, a protected "
                                "characteristic)."
                            ),
                            evidence={"group": group.entry.term, "abuse": hit.entry.term},
                        )
                    )
                    break
        return out

    # -- 3b. coded forms: whole-post cues, scare quotes, the antisemitic echo ----------------------

    def _text_scope(
        self, doc: Document, cues: dict[str, list[Cue]], counter: set[int]
    ) -> list[Finding]:
        """Coded cues that point at a group named anywhere in the post ("Travellers back on the
        field. Lock up your sheds", "Roma centre opening? Hide your purses", "you know what
        they're like"). Counter-speech anywhere in the post cancels them."""
        if counter:
            return []
        coded = [c for items in cues.values() for c in items if c.info.attrs.get("scope") == "text"]
        if not coded:
            return []
        every = doc.hits(GROUPS)
        people = [g for g in every if self._group_info[id(g.entry)].attrs.get("form") != "place"]
        out: list[Finding] = []
        for cue in coded[:MAX_FINDINGS]:
            groups = every if cue.info.attrs.get("places") == "yes" else people
            if not groups or _GUARD.intersection(prev_words(doc, cue.hit.nstart, 1)):
                continue
            # The referent is named before the cue ("Roma family moved in. Hide your purses,
            # ladies"): prefer the nearest earlier group, else the nearest later one.
            before = [g for g in groups if g.nend <= cue.hit.nstart]
            group = before[-1] if before else groups[0]
            out.append(self._combo_finding(doc, group, cue, "coded reference"))
            break
        return out

    def _scare_quotes(
        self, doc: Document, cues: dict[str, list[Cue]], counter: set[int]
    ) -> list[Finding]:
        """An identity word put in scare quotes to deny or sneer at it: "the 'woman' on
        reception", "houses going to 'asylum seekers'", "'diverse' means not from round here"."""
        text = doc.text
        if not any(q in text for q in _OPENING_QUOTES):
            return []  # _QUOTED starts at an opening quote (C-speed test before the regex scan)
        spans = [(m.start(1), m.end(1)) for m in _QUOTED.finditer(text)]
        if not spans:
            return []
        out: list[Finding] = []
        for start, end in spans:
            inner = text[start:end].casefold()
            characteristic = _SCARE_WORDS.get(inner)
            if characteristic is None or sentence_id(doc, start) in counter:
                continue
            return [self._scare_finding(doc, start, end, text[start:end], characteristic)]
        groups = [
            (g, g.entry.characteristic)
            for g in doc.hits(GROUPS)
            if self._group_info[id(g.entry)].attrs.get("form") != "place"
        ]
        for hit, characteristic in groups:
            if characteristic is None or sentence_id(doc, hit.start) in counter:
                continue
            for start, end in spans:
                inner = text[start:end].strip().casefold()
                if inner.startswith("the "):
                    inner = inner[4:]
                if start <= hit.start and hit.end <= end and inner == hit.text.casefold():
                    if _WELCOME.intersection(next_words(doc, hit.nend, 2)):
                        break
                    out.append(self._scare_finding(doc, start, end, hit.text, characteristic))
                    return out
        return out

    def _scare_finding(
        self, doc: Document, start: int, end: int, word: str, characteristic: Characteristic
    ) -> Finding:
        text = doc.text
        return self.finding(
            doc,
            category=Category.DISCRIMINATION,
            subtype="coded",
            start=max(0, start - 1),
            end=min(len(text), end + 1),
            confidence=0.75,
            severity=Severity.MEDIUM,
            characteristic=characteristic,
            explanation=(
                f"'{word}' is put in scare quotes, denying or sneering at people because of "
                f"{_label(characteristic)}."
            ),
            evidence={"quoted": word},
        )

    def _sneers(self, doc: Document, counter: set[int]) -> list[Finding]:
        """A group named with a sneering determiner ("them foreigners", "typical woman driver",
        "bloody Jehovah's witnesses") or in a resentful question ("why do asylum seekers
        always get ...", "how come travellers are allowed ...")."""
        out: list[Finding] = []
        for group in doc.hits(GROUPS)[:MAX_FINDINGS]:
            form = self._group_info[id(group.entry)].attrs.get("form", "group")
            nxt = next_words(doc, group.nend, 3)
            if form == "person" and not (nxt and nxt[0] in _PEOPLE):
                continue
            if sentence_id(doc, group.start) in counter:
                continue
            prev = prev_words(doc, group.nstart, 3)
            why = ""
            if prev and prev[-1] in _SNEER and (form != "place" or prev[-1] != "them"):
                why = f"'{prev[-1]}' sneers at the group"
            elif (
                form != "place"
                and _ASKING.intersection(prev)
                and _PRIVILEGE.intersection(nxt)
                and not _GUARD.intersection(nxt)
                and not _NEEDS.intersection(next_words(doc, group.nend, 6))
            ):
                why = "a resentful question about what the group gets"
            if not why:
                continue
            characteristic = group.entry.characteristic or Characteristic.RACE
            out.append(
                self.finding(
                    doc,
                    category=Category.DISCRIMINATION,
                    subtype="generalisation",
                    start=group.start,
                    end=group.end,
                    confidence=0.7,
                    severity=Severity.MEDIUM,
                    characteristic=characteristic,
                    explanation=(
                        f"'{group.text}' ({_label(characteristic)}, a protected characteristic): "
                        f"{why}."
                    ),
                    evidence={"group": group.entry.term},
                )
            )
            break
        return out

    def _echo(self, doc: Document) -> list[Finding]:
        """The triple-parenthesis "echo" ((( name ))) marks a person or group as Jewish: an
        antisemitic dog whistle whatever the words inside."""
        m = _ECHO.search(doc.text)
        if m is None:
            return []
        return [
            self.finding(
                doc,
                category=Category.DISCRIMINATION,
                subtype="coded",
                start=m.start(),
                end=m.end(),
                confidence=0.85,
                severity=Severity.HIGH,
                characteristic=Characteristic.RELIGION_OR_BELIEF,
                explanation=(
                    f"'{m.group()}': the triple-parenthesis echo is an antisemitic dog whistle "
                    "(religion or belief)."
                ),
            )
        ]

    # -- 4. phrase patterns ---------------------------------------------------------------------

    def _pattern_findings(self, doc: Document) -> list[Finding]:
        out = []
        for match in run_patterns(doc, self._patterns):
            pattern = match.pattern
            if pattern.attrs.get("use") == "cue":
                continue
            characteristic = pattern.characteristic
            if characteristic is None:
                table = str(pattern.attrs.get("characteristic_by_word", ""))
                lookup = dict(item.split("=", 1) for item in table.split() if "=" in item)
                matched = match.text.casefold()
                for word, value in lookup.items():
                    if word in matched:
                        characteristic = _characteristic(value)
                        break
            if characteristic is None:
                continue
            finding = self.finding_from_pattern(
                match,
                explanation=(
                    f"'{match.text}': {pattern.description.rstrip('.')} ({_label(characteristic)})."
                ),
            )
            if finding.characteristic is None:
                finding = _with_characteristic(finding, characteristic)
            out.append(finding)
        return out


def _with_characteristic(finding: Finding, characteristic: Characteristic) -> Finding:
    return dataclasses.replace(finding, characteristic=characteristic)


def _between_is_link(doc: Document, first: LexiconHit, second: LexiconHit) -> bool:
    between = doc.words[first.nend + 1 : second.nstart + 1].split()
    return all(w in {"are", "r", "is", "s", "all", "were"} for w in between)


def _counter_sentences(doc: Document, cues: dict[str, list[Cue]]) -> set[int]:
    """Sentences that name prejudice to reject or report it. A counter word inside a hostile
    cue ("I'm not racist but") does not count."""
    counter = cues.get("counter", ())
    if not counter:
        return set()
    hostile = [c.hit for role, items in cues.items() if role != "counter" for c in items]
    return {
        sentence_id(doc, c.hit.start)
        for c in counter
        if not any(_overlap(c.hit, h) for h in hostile)
    }


def _sentence_cue_ok(doc: Document, cue: Cue) -> bool:
    """A sentence-scope cue is not negated ("we would NEVER turn away ...") and, when it is a
    disclaimer ("nothing against X but"), the sentence goes on with "but"."""
    if _GUARD.intersection(prev_words(doc, cue.hit.nstart, 2)) and cue.role != "exclude":
        return False
    if cue.info.attrs.get("needs") == "but":
        rest = next_words(doc, cue.hit.nend, 12)
        return "but" in rest
    return True


def _person_frame(doc: Document, hit: LexiconHit) -> bool:
    """An ambiguous slur used of people: "the coon in the council office", "faggots on the
    council", "a fenian who ..." (never the food, the animal or the history)."""
    nxt = next_words(doc, hit.nend, 3)
    if not nxt:
        return False
    if nxt[0] in {"who", "wha", "that's", "running", "funding", "working", "think", "thinks"}:
        return True
    return len(nxt) >= 3 and nxt[0] in {"on", "in", "at", "fae", "from"} and nxt[2] in _PLACES


# Words sneered at in scare quotes: a trans person's gender ("the 'woman' on reception", "calling
# a bloke 'she'"), coded words for race, religion, and disabilities said to be faked. Kept here, not
# in a lexicon, because as lexicon cues every "she" in every post would become evidence.
_SCARE_WORDS: dict[str, Characteristic] = {
    **dict.fromkeys(
        ("woman", "lady", "she", "her", "he", "him", "girl", "female", "ladies", "women"),
        Characteristic.GENDER_REASSIGNMENT,
    ),
    **dict.fromkeys(
        ("diverse", "diversity", "vibrant", "enriched", "culturally enriched", "urban"),
        Characteristic.RACE,
    ),
    **dict.fromkeys(("winter festival", "holiday tree"), Characteristic.RELIGION_OR_BELIEF),
    **dict.fromkeys(
        (
            "anxiety",
            "depression",
            "disabled",
            "disability",
            "bad back",
            "mental health",
            "adhd",
            "autism",
            "autistic",
            "ptsd",
            "chronic fatigue",
            "long covid",
            "stress",
        ),
        Characteristic.DISABILITY,
    ),
}
# Determiners and intensifiers that sneer at the group they qualify ("them foreigners").
_SNEER = frozenset(
    {"them", "typical", "bloody", "bliddy", "flaming", "sodding", "fuckin", "fucking", "effing",
     "feckin", "blasted", "dirty", "filthy", "smelly", "lazy", "stinking", "stinkin"}
)  # fmt: skip
_ASKING = frozenset({"why", "how", "come"})
_PRIVILEGE = frozenset({"get", "gets", "getting", "always", "allowed", "given", "first"})
# What a group is said to lack or need: a complaint on its behalf, not resentment of it.
_NEEDS = frozenset(
    {"help", "support", "access", "wait", "waiting", "left", "ignored", "nothing", "no", "struggle"}
)
_PLACES = frozenset({"council", "office", "cooncil", "desk", "counter", "reception", "street"})
_WELCOME = frozenset({"welcome", "week", "day", "month", "network", "group", "support"})
# A short phrase in quotes opened after a space or line start and closed before a non-letter.
_QUOTED = re.compile(
    "(?:^|(?<=[\\s(\\[]))['\"\u2018\u201c]"
    "([A-Za-z][A-Za-z \\-]{0,28}[A-Za-z])"
    "['\"\u2019\u201d](?![A-Za-z])"
)
_OPENING_QUOTES = ("'", '"', "\u2018", "\u201c")
_ECHO = re.compile(r"\(\(\([^()\n]{1,40}\)\)\)")
# Sentence-scope cues may sit anywhere in their sentence (~30 words either side).
_SENTENCE_REACH = 200


_POINTERS = frozenset({"these", "those", "such", "them", "they", "theyre", "theyll", "re", "ll"})


def _overlap(a: LexiconHit, b: LexiconHit) -> bool:
    return not (a.nend <= b.nstart or b.nend <= a.nstart)


def _label(characteristic: Characteristic) -> str:
    return characteristic.value.replace("_", " ")
