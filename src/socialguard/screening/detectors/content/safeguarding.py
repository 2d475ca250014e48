"""Safeguarding concern: a child or adult may be at risk of harm, abuse, neglect, exploitation,
self-harm or suicide (product.md §3). Tuned for HIGH RECALL: every finding goes to a human.

Data: ``lexicons/safeguarding.txt`` and ``patterns/safeguarding.yaml``.

- a strong signal ("I want to end it all", "he hits me", "being groomed") is a finding by itself;
- a weaker harm word ("left alone", "bruises", "not coping") is a finding with someone who may be
  at risk in the same sentence ("the kids next door", "my elderly neighbour", "a 6 year old");
- an awareness, training, helpline or fiction frame ("domestic abuse awareness week", "a film
  about ...", "if you're worried about a child call ...") suppresses all but the strongest
  first-person signals, because the council's own campaign posts are not concerns.

A child's age counts as a person at risk: "he's 9", "I'm 13", "Jayden (11)", "maybe 6 and 8"
(ages under 18 after an age frame, read from the normalised text only when it has digits).
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    Cue,
    EntryInfo,
    PatternGroup,
    build_info,
    cues_by_role,
    fmt_terms,
    idle,
    roles_present,
    run_patterns,
    sentence_id,
    triggers_for,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["SafeguardingDetector"]

LEXICON = "safeguarding"
PATTERNS = "safeguarding"
_KIND = {
    "suicide_self_harm": "suicide or self-harm",
    "domestic_abuse": "domestic abuse",
    "child_at_risk": "a child or adult at risk",
    "adult_at_risk": "an adult at risk",
    "abuse": "abuse",
    "neglect": "neglect",
    "exploitation": "exploitation or grooming",
}


class SafeguardingDetector(Detector):
    """Strong signals alone; harm + person in a sentence; frames suppress weak signals."""

    name = "content.safeguarding_concern"
    version = 2
    categories = frozenset({Category.SAFEGUARDING_CONCERN})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON,)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))

    def triggers(self) -> Triggers:
        return triggers_for(group=self._patterns, roles={LEXICON: ("signal", "harm")})

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON,), self._patterns):
            return []
        hits = doc.hits(LEXICON)
        out: list[Finding] = []
        # People words ("my son", "she") are everywhere; without a signal or harm word there is
        # nothing to pair them with.
        if hits and not roles_present(hits, self._info) & {"signal", "harm"}:
            hits = ()
        cues = cues_by_role(hits, self._info) if hits else {}
        if cues and doc.digit_count:
            cues.setdefault("person", []).extend(_minor_ages(doc))
        framed = bool(cues.get("frame"))
        for m in run_patterns(doc, self._patterns):
            if framed and m.pattern.confidence < 0.85:
                continue
            out.append(
                self.finding_from_pattern(m, explanation=f"'{m.text}': {m.pattern.description}")
            )
        if not cues:
            return out
        # A frame only cancels signals below this weight ("suicide" in "suicide prevention day"),
        # never a first-person statement like "I want to kill myself".
        floor = 0.95 if framed else 0.6
        out.extend(
            self._finding(doc, [cue], cue.weight)
            for cue in cues.get("signal", ())
            if cue.weight >= floor
        )
        people = cues.get("person", [])
        if people:
            person_sentences: dict[int, Cue] = {}
            for p in people:
                sid = sentence_id(doc, p.hit.start)
                if sid not in person_sentences or p.weight > person_sentences[sid].weight:
                    person_sentences[sid] = p
            weak = [c for c in cues.get("signal", ()) if c.weight < floor]
            for cue in [*cues.get("harm", ()), *weak]:
                sid = sentence_id(doc, cue.hit.start)
                person = person_sentences.get(sid)
                if person is None or _overlap(person, cue):
                    continue
                # Pronouns ("i", "she") are weaker evidence than "the kids next door".
                bonus = 0.3 if person.weight >= 0.5 else 0.15
                score = cue.weight + bonus - (0.35 if framed else 0.0)
                if score >= 0.6:
                    out.append(self._finding(doc, [cue, person], score))
        return out[:MAX_FINDINGS]

    def _finding(self, doc: Document, parts: list[Cue], score: float) -> Finding:
        signal = parts[0]
        start = min(c.hit.start for c in parts)
        end = max(c.hit.end for c in parts)
        subtype = signal.info.subtype or "child_at_risk"
        who = f" about '{parts[1].hit.text}'" if len(parts) > 1 else ""
        return self.finding(
            doc,
            category=Category.SAFEGUARDING_CONCERN,
            subtype=subtype,
            start=start,
            end=end,
            confidence=min(0.5 + score / 2.5, 0.95),
            severity=Severity.HIGH,
            explanation=(
                f"{fmt_terms(parts[:1])}{who} may mean {_KIND.get(subtype, 'someone at risk')}: "
                "a person should look at this."
            ),
            evidence={"cues": [c.hit.entry.term for c in parts], "score": round(score, 2)},
        )


def _overlap(a: Cue, b: Cue) -> bool:
    return not (a.hit.nend <= b.hit.nstart or b.hit.nend <= a.hit.nstart)


# An age under 18 after a frame that makes it a person's age. Linear: no nested repeats.
_MINOR_AGE = re.compile(
    r"\b(?:i'?m|i am|im|he'?s|she'?s|hes|shes|he is|she is|they'?re|aged?|only|maybe|about|"
    r"more than|under|and)\s(?:[1-9]|1[0-7])\b(?![.:,]?\d|\s?(?:%|pm|am|mins?\b|minutes|hours|"
    r"days|weeks|months|years? ago|quid|pounds|o'?clock|times))|\((?:[1-9]|1[0-7])\)"
)
_AGE_ENTRY = LexiconEntry("age under 18", False, {"role": "person", "weight": "0.6"}, 0, LEXICON)
_AGE_INFO = EntryInfo("person", 0.6, "", False, {"role": "person", "weight": "0.6"})


def _minor_ages(doc: Document) -> list[Cue]:
    """Person cues for children's ages in the text (at most a handful: ages are short)."""
    out: list[Cue] = []
    for m in _MINOR_AGE.finditer(doc.norm):
        start, end = doc.to_original(m.start(), m.end())
        hit = LexiconHit(LEXICON, _AGE_ENTRY, m.start(), m.end(), start, end, doc.text[start:end])
        out.append(Cue(hit, _AGE_INFO))
        if len(out) >= 8:
            break
    return out
