"""Helpers shared by the personal-data detectors: context words, person anchors, lists.

Context words come from ``_shared/lexicons/pii_context.txt`` (each entry has a ``kind``); they are
found in the document's single automaton pass, so asking "is there a DOB word near this date?"
costs a scan of a few hits, not a regex.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from socialguard.screening.document import Document, LexiconHit

__all__ = [
    "CONTEXT",
    "FIRST_NAMES",
    "PersonAnchor",
    "context_near",
    "person_anchors",
    "sentence_bounds",
    "split_words",
]

CONTEXT: Final = "pii_context"
# The longest context phrase, so a window search that bisects on starts misses none.
_MAX_CONTEXT_LEN: Final = 40
FIRST_NAMES: Final = "pii_first_names"

# Titles that mark a private person ("Mrs Jones", "Mr D"). Official roles (Cllr, Councillor, MP,
# Officer, Inspector) are deliberately absent: a councillor or officer named in their role is
# not personal data (product.md §3).
_HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?|[A-Z]\b\.?)"
)
_ROLE_BEFORE = re.compile(
    r"(?:cllr|councillor|council|mp|msp|mayor|provost|officer|director|manager|chief|"
    r"leader|minister|inspector|head|dr|prof|professor|sir|dame|lord|lady|rev|st|saint)\.?\s*$",
    re.IGNORECASE,
)
_CAP_WORD = re.compile(r"\s+((?:Mc|Mac|O')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)\b")
# What makes a bare first name identifiable: an age ("Jade, 6,", "Agnes (103!)"), a place
# ("Brian from Tranent"), or a relative clause about them ("Derek, who has dementia").
_LOCATOR = re.compile(
    r"(?:,\s*\d{1,3}\s*,|\s*\(\d{1,3}!?\)|,?\s+(?:from|fae|of|in)\s+(?:[A-Z][a-z]+)"
    r"|,\s+(?:who|aged|missing)\b|\s+next\s+door\b)"
)
# A specific office holder or someone identified by relation: "the new head of service", "the
# owner of the chippy", "your son Lewis". Used for special-category information only (naming
# someone in their role is not personal data; revealing their health or sexuality is).
_ROLE_HOLDER = re.compile(
    r"\bthe\s+(?:new\s+|current\s+|former\s+|old\s+)?(?:cllr|councillor|head\s+of\s+[a-z]+|"
    r"headteacher|head\s+teacher|manager|provost|mayor|chief\s+executive|director|caretaker|"
    r"janitor|landlord|landlady|lollipop\s+(?:man|lady))\b"
    r"|\bthe\s+(?:owner|manager|landlord|landlady|boss)\s+of\s+(?:the\s+)?[a-z]+\b",
    re.IGNORECASE,
)
_RELATION_NAME = re.compile(
    r"\b(?i:(?:my|your|his|her|their|our)\s+(?:son|daughter|wee\s+boy|wee\s+girl|boy|girl|mum|"
    r"dad|brother|sister|nan|gran|grandad|grandson|granddaughter|husband|wife|partner))\s+"
    r"(?:[A-Z][a-z]+)\b"
)
_STRONG_LOCATOR = re.compile(r",\s*\d|\s*\(\d|\s+next\s+door")
_AGED_PERSON = re.compile(r"\b\d{1,3}[- ]year[- ]old\s+(?:[A-Z][a-z]+)\b")
_FAMILY = re.compile(
    r"\bthe\s+(?:[A-Z][a-z]+\s+family|[A-Z][a-z]+s\s+(?:in|from|of|on|at)\s+[A-Z][a-z]+)\b"
)
_HOUSE = re.compile(
    r"\b(?:(?:at|from|in|of)\s+(?:no\.?|number|flat|house)\s*\d{1,4}[a-z]?\b"
    r"|(?:flat|apartment|apt|room)\s+\d{1,4}[a-z]?\b"
    r"|number\s+\d{1,4}[a-z]?\b(?=[\s,]+(?:on|in|at|is|has|who|\W)))",
    re.IGNORECASE,
)
# The look-behind starts a match only at the start of a run: without it a long run of dots that
# ends in a letter was rescanned from every dot (quadratic time).
_SENTENCE_END = re.compile(r"(?<![.!?\n])[.!?\n]+(?:\s|$)")


def split_words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (keeps long constant lists readable)."""
    return frozenset(text.split())


# Words that make "Victoria Park" or "Grace Academy" a place rather than a person.
_PLACE_WORDS: Final = split_words(
    """park street road lane avenue hall square centre center school primary academy high
    college university house court library hospital church chapel station surgery market
    gardens garden green way close drive place crescent terrace view bank bridge cross common
    pool leisure stadium community council office row walk hill wood woods field fields farm
    estate village town city county ward district quay wharf dock gate gates mews grove rise
    parade precinct arcade mall shops shop centre theatre museum gallery cemetery crematorium
    infirmary hospice nursery club arms inn hotel lodge cottage cottages manor tower towers
    heath moor brae wynd loan vennel care home homes court trust foundation fund appeal day
    week month road's street's park's ward's"""
)
_NOT_FAMILY: Final = split_words(
    "Greens Tories Conservatives Nationalists Liberals Democrats Reds Blues Saints Hibs Hearts"
    " Rangers Celtic Saturdays Sundays Mondays Fridays Scots English Welsh Irish Friends"
)


@dataclass(frozen=True, slots=True)
class PersonAnchor:
    """Something in the text that identifies a private person: ``kind`` is ``title``,
    ``full_name`` or ``house``; the span is in original offsets."""

    kind: str
    start: int
    end: int
    text: str


def _context_index(doc: Document) -> dict[str, tuple[list[int], list[LexiconHit]]]:
    """``pii_context`` hits grouped by ``kind``, each group sorted by start (for bisecting)."""
    groups: dict[str, list[LexiconHit]] = {}
    for hit in doc.hits(CONTEXT):
        groups.setdefault(hit.entry.get("kind") or "", []).append(hit)
    return {k: ([h.start for h in v], v) for k, v in groups.items()}


def context_near(
    doc: Document,
    kinds: str | Iterable[str],
    start: int,
    end: int,
    *,
    before: int = 40,
    after: int = 25,
) -> LexiconHit | None:
    """The nearest ``pii_context`` hit of one of ``kinds`` within ``before`` characters before
    ``start`` or ``after`` characters after ``end`` (original offsets), else ``None``.

    Looks only at hits whose start lies in the window (binary search), so many candidates in a
    long text stay linear overall.
    """
    index = doc.memo("pii.context_index", lambda: _context_index(doc))
    best: LexiconHit | None = None
    best_gap = 1 << 30
    for kind in (kinds,) if isinstance(kinds, str) else kinds:
        group = index.get(kind)
        if group is None:
            continue
        starts, hits = group
        lo = bisect_left(starts, start - before - _MAX_CONTEXT_LEN)
        hi = bisect_right(starts, end + after)
        for hit in hits[lo:hi]:
            if hit.end <= start:
                gap = start - hit.end
                if gap > before:
                    continue
            elif hit.start >= end:
                gap = hit.start - end
                if gap > after:
                    continue
            else:
                gap = 0
            if gap < best_gap:
                best, best_gap = hit, gap
    return best


def sentence_bounds(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)`` (original offsets): from after the previous sentence
    end to the start of the next one. Boundaries are found once per document."""
    ends = doc.memo(
        "pii.sentence_ends",
        lambda: [(m.start(), m.end()) for m in _SENTENCE_END.finditer(doc.text)],
    )
    i = bisect_right(ends, (start, 1 << 62))
    left = ends[i - 1][1] if i and ends[i - 1][1] <= start else 0
    j = bisect_left(ends, (end, -1))
    right = ends[j][0] if j < len(ends) else len(doc.text)
    return left, right


def person_anchors(doc: Document) -> list[PersonAnchor]:
    """Memoised per document: see ``_person_anchors``."""
    return doc.memo("pii.person_anchors", lambda: _person_anchors(doc))


def _person_anchors(doc: Document) -> list[PersonAnchor]:
    """Private persons identified in the text (original offsets, sorted):

    - ``title``: ``Mrs Jones``, ``Mr D``;
    - ``full_name``: a listed first name and a capitalised surname (``Karen Jones``), unless an
      official title precedes it or the "surname" is a place word (``Victoria Park``);
    - ``located_name``: a listed first name with an age, place or relative clause
      (``Brian from Tranent``, ``Jade, 6,``, ``Derek, who has dementia``);
    - ``role_holder``: ``the new head of service``, ``the owner of the chippy`` (a specific
      person, though not named); ``relation_name``: ``your son Lewis``;
    - ``aged_person``: ``14-year-old Megan``; ``family``: ``the Brown family``, ``the Smiths in
      Wallyford``; ``house``: ``at number 12``, ``flat 3``, ``room 4``.
    """
    text = doc.text
    out = [PersonAnchor("title", t.start(), t.end(), t.group()) for t in _HONORIFIC.finditer(text)]
    for hit in doc.hits(FIRST_NAMES):
        first = text[hit.start : hit.end]
        if not first[:1].isupper() or (first.isupper() and len(first) > 1):
            continue
        if _ROLE_BEFORE.search(text, max(0, hit.start - 14), hit.start):
            continue
        cap = _CAP_WORD.match(text, hit.end)
        if cap is not None and cap.group(1).lower() not in _PLACE_WORDS:
            if hit.entry.get("word") == "yes" and len(cap.group(1)) < 3:
                continue
            out.append(PersonAnchor("full_name", hit.start, cap.end(), text[hit.start : cap.end()]))
            continue
        loc = _LOCATOR.match(text, hit.end)
        if loc is None:
            continue
        # An ordinary-word name ("Jack", "Mark") needs the strongest locators: an age or "next
        # door"; "Grace from Tranent" could be a sentence about grace.
        if hit.entry.get("word") == "yes" and not _STRONG_LOCATOR.match(loc.group()):
            continue
        out.append(PersonAnchor("located_name", hit.start, loc.end(), text[hit.start : loc.end()]))

    out.extend(
        PersonAnchor("role_holder", r.start(), r.end(), r.group())
        for r in _ROLE_HOLDER.finditer(text)
    )
    out.extend(
        PersonAnchor("relation_name", r.start(), r.end(), r.group())
        for r in _RELATION_NAME.finditer(text)
    )
    out.extend(
        PersonAnchor("aged_person", a.start(), a.end(), a.group())
        for a in _AGED_PERSON.finditer(text)
    )
    for fam in _FAMILY.finditer(text):
        name = fam.group().split()[1]
        if name not in _NOT_FAMILY:
            out.append(PersonAnchor("family", fam.start(), fam.end(), fam.group()))
    out.extend(PersonAnchor("house", h.start(), h.end(), h.group()) for h in _HOUSE.finditer(text))
    out.sort(key=lambda a: (a.start, a.end))
    return out
