"""Special-category and criminal-offence information about an identifiable private person.

A word from ``pii_special_category.txt`` (health, care, criminal record, sexual orientation) is
reported only when the same sentence identifies a private person (``common.person_anchors``: a
title and surname, a first name and surname, or a house: "at number 12", "flat 3") within 80
characters. The finding spans from the person to the sensitive word, so the redacted text hides
both. Subtypes: ``health_info`` (health and care), ``special_category`` (criminal records and
sexual orientation).

Gate: a special-category word in the one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import ClassVar, Final

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.pii.common import (
    FIRST_NAMES,
    person_anchors,
    sentence_bounds,
)
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

TERMS: Final = "pii_special_category"
_WINDOW: Final = 120
_NEIGHBOUR: Final = 70
_MAX_ANCHOR: Final = 60
_UNNAMED: Final = frozenset({"role_holder", "relation_name"})
_UNNAMED_KINDS: Final = frozenset({"health", "welfare", "sexual_orientation"})
_UNNAMED_GAP: Final = 40
# "the new Cllr IS gay", "the manager ... she'S BEEN signed off": the words must be said OF them.
_LINK: Final = re.compile(r"\b(?:is|was|has|had|been|got|gets|with)\b|'s\b", re.IGNORECASE)
# "dementia-friendly café", "anti-bullying policy": the word modifies something else.
_COMPOUND_AFTER: Final = re.compile(r"-(?:friendly|aware|awareness|free|related|support|unit)")


class SpecialCategoryDetector(Detector):
    """Finds health, care and criminal information about named or located people."""

    name = "pii.special_category"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})
    lexicons = (TERMS, FIRST_NAMES)

    def triggers(self) -> Triggers:
        return Triggers(lexicons=(TERMS,))

    def detect(self, doc: Document) -> list[Finding]:
        """Every sensitive statement about an identifiable private person in ``doc``."""
        terms = doc.hits(TERMS)
        if not terms:
            return []
        anchors = person_anchors(doc)
        if not anchors:
            return []
        out: list[Finding] = []
        text = doc.text
        starts = [a.start for a in anchors]
        for hit in terms:
            if (
                _COMPOUND_AFTER.match(text, hit.end)
                or text[max(0, hit.start - 5) : hit.start] == "anti-"
            ):
                continue
            s_left, s_right = sentence_bounds(doc, hit.start, hit.end)
            best = None
            best_gap = _WINDOW + 1
            # Only anchors that start within the window can qualify (anchors are short).
            lo = bisect_left(starts, hit.start - _WINDOW - _MAX_ANCHOR)
            hi = bisect_right(starts, hit.end + _WINDOW)
            kind = hit.entry.get("kind") or "health"
            for anchor in anchors[lo:hi]:
                if anchor.end <= hit.start:
                    gap = hit.start - anchor.end
                elif anchor.start >= hit.end:
                    gap = anchor.start - hit.end
                else:
                    continue
                if anchor.kind in _UNNAMED and (
                    kind not in _UNNAMED_KINDS
                    or anchor.start > hit.start
                    or gap > _UNNAMED_GAP
                    or not _LINK.search(text, anchor.end, hit.start)
                ):
                    # "the manager" or "my cousin" identifies someone only loosely: it counts
                    # just for health, care-free welfare and sexuality said of them right after.
                    # A crime alleged of "the manager" is a defamation risk, not a record.
                    continue
                # Same sentence within the window, or the person named in the sentence just
                # before ("Mrs H on Cecil Street that we visit. 91, bruises on both arms").
                inside = anchor.start >= s_left and anchor.end <= s_right
                if not inside and (gap > _NEIGHBOUR or anchor.start > hit.start):
                    continue
                if gap < best_gap:
                    best, best_gap = anchor, gap
            if best is None:
                continue
            # "Mrs Jones at number 12 has ...": take in anchors just before the chosen one.
            for anchor in reversed(anchors[max(0, lo - 3) : hi]):
                # Overlapping ("Jim Kelly" + "Kelly from Sutton") or adjacent anchors join.
                if (
                    anchor.start < best.start
                    and anchor.end >= best.start - 4
                    and anchor.start >= s_left
                ):
                    best = type(best)(
                        best.kind, anchor.start, best.end, text[anchor.start : best.end]
                    )
            subtype = "health_info" if kind in ("health", "care", "welfare") else "special_category"
            start, end = min(best.start, hit.start), max(best.end, hit.end)
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype=subtype,
                    start=start,
                    end=end,
                    confidence=0.8 if best.kind != "house" else 0.75,
                    severity=Severity.HIGH,
                    explanation=(
                        f"{kind.replace('_', ' ').capitalize()} information ('{hit.text}') about "
                        f"an identifiable person ('{best.text}') close by"
                    ),
                    evidence={
                        "term": hit.entry.term,
                        "kind": kind,
                        "person": best.text,
                        "person_evidence": best.kind,
                    },
                )
            )
        return out


# "Karen Smith lives on Moss Bank Road", "Mr Jones has moved to Rainford": where a named private
# person lives is personal data even without a house number.
_RESIDES: Final = re.compile(
    r"\b(?:lives|living|lived|moved|moving|stays|staying|resides)\s+(?:at|in|on|to|round|near)\s+"
    r"(?:the\s+)?(?:[A-Z][a-z'-]+)(?:\s+[A-Z][a-z'-]+){0,3}"
)
_NAMED: Final = frozenset({"title", "full_name", "located_name", "aged_person"})
#: Every word ``_RESIDES`` can match contains one of these (a C-level test before the regex).
_RESIDENCE_STEMS: Final = ("live", "mov", "stay", "resid")


class NameContextDetector(Detector):
    """A named private person together with where they live (subtype
    ``name_with_personal_context``). Councillors and officers named by role are not anchors."""

    name = "pii.name_context"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})
    lexicons = (FIRST_NAMES,)

    def triggers(self) -> Triggers:
        return Triggers(substrings=_RESIDENCE_STEMS)

    def detect(self, doc: Document) -> list[Finding]:
        """Every "named person + where they live" statement in ``doc``."""
        text = doc.text
        if not any(stem in text for stem in _RESIDENCE_STEMS):
            return []
        places = list(_RESIDES.finditer(text))
        if not places:
            return []
        anchors = [a for a in person_anchors(doc) if a.kind in _NAMED]
        out: list[Finding] = []
        for m in places:
            near = [a for a in anchors if 0 <= m.start() - a.end <= 40]
            if not near:
                continue
            person = near[-1]
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="name_with_personal_context",
                    start=person.start,
                    end=m.end(),
                    confidence=0.75,
                    severity=Severity.MEDIUM,
                    explanation=(
                        f"A named private person ('{person.text}') and where they live "
                        f"('{m.group()}')"
                    ),
                    evidence={"person": person.text, "person_evidence": person.kind},
                )
            )
        return out
