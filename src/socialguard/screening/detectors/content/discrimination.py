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

A sentence that names prejudice to reject or report it (role=counter: "racist", "hate crime",
"calling them ...") does not combine groups and cues.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
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
    run_patterns,
    same_sentence,
    sentence_id,
    triggers_for,
    words_between,
)
from socialguard.screening.detectors.content.offensive import (
    ALLOW,
    drop_allowed,
    insult_frame,
    quoted,
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
    }
)  # fmt: skip
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
    version = 2
    categories = frozenset({Category.DISCRIMINATION})
    lexicons: ClassVar[tuple[str, ...]] = (SLURS, GROUPS, CUES, ALLOW, OFFENSIVE)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._slur_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(SLURS))
        self._group_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(GROUPS))
        self._cue_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(CUES))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))

    def triggers(self) -> Triggers:
        return triggers_for((SLURS, CUES, OFFENSIVE), self._patterns, masks=True)

    def detect(self, doc: Document) -> list[Finding]:
        # Group words alone never make a finding: something hostile must be there too.
        if idle(doc, (SLURS, CUES, OFFENSIVE), self._patterns, masks=True):
            return []
        out: list[Finding] = []
        cue_hits = doc.hits(CUES)
        cues = cues_by_role(cue_hits, self._cue_info) if cue_hits else {}
        counter_sentences = {sentence_id(doc, c.hit.start) for c in cues.get("counter", ())}
        if doc.has_hits(SLURS) or doc.masks:
            out.extend(self._slurs(doc, cues))
        if cues:
            out.extend(self._standalone(doc, cues, counter_sentences))
            if doc.has_hits(GROUPS):
                out.extend(self._combinations(doc, cues, counter_sentences))
                out.extend(self._back_reference(doc, cues, counter_sentences))
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
        out = []
        for hit in hits:
            meta = self._slur_info[id(hit.entry)]
            characteristic = hit.entry.characteristic
            if characteristic is None or quoted(doc, hit):
                continue
            confidence = _CONFIDENCE[hit.entry.severity] + 0.05
            reason = ""
            if meta.ambiguous and not hit.masked:
                frame = insult_frame(doc, hit)
                if frame:
                    reason = f", used as an insult ('{frame} ...')"
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
                if cue.info.attrs.get("standalone") != "yes":
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
                if cue.info.attrs.get("standalone") == "yes":
                    continue
                if sentence_id(doc, cue.hit.start) in counter:
                    continue
                if len(out) >= MAX_FINDINGS:
                    return out
                # Only groups within a few words can be tied to the cue (bounded work per cue).
                for gi in index.window(cue.hit.nstart - _REACH, cue.hit.nend + _REACH):
                    group = groups[gi]
                    if id(group) in used or not same_sentence(doc, group.start, cue.hit.start):
                        continue
                    if _overlap(group, cue.hit):
                        continue
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
            if cue.info.attrs.get("standalone") == "yes":
                continue
            # "these freaks", "they'll eat anything", "they don't even try"
            window = 1 if cue.role == "dehumanise" else 2
            if not _POINTERS.intersection(prev_words(doc, cue.hit.nstart, window)):
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


_POINTERS = frozenset({"these", "those", "such", "them", "they", "theyre", "theyll", "re", "ll"})


def _overlap(a: LexiconHit, b: LexiconHit) -> bool:
    return not (a.nend <= b.nstart or b.nend <= a.nstart)


def _label(characteristic: Characteristic) -> str:
    return characteristic.value.replace("_", " ")
