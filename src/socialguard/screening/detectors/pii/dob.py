"""Dates of birth: a full date (day, month and year) with a birth word nearby.

A date alone is not personal data ("bins on 12/03/2025"); "born 12/03/1985", "DOB: 12.03.85",
"date of birth 3rd March 1985" are. Numeric (``dd/mm/yyyy``, ``dd.mm.yy``, ``dd-mm-yyyy``) and
written (``3rd March 1985``, ``March 3, 1985``) dates are recognised and checked (day 1-31, month
1-12, year 1900-2029 or two digits).

Gate: a ``kind=dob`` word from ``pii_context.txt`` in the one pass and at least two digits.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.pii.common import CONTEXT, context_near
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

_MONTHS: Final = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE: Final = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTHS})\.?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTHS})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
    r")(?![\w/-])",
    re.IGNORECASE,
)


def _plausible(day: int, month: int, year: str) -> bool:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return len(year) == 2 or 1900 <= int(year) <= 2029


def _month_number(name: str) -> int:
    return [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ].index(name[:3].lower()) + 1


class DateOfBirthDetector(Detector):
    """Finds full dates next to a birth word (see module docstring)."""

    name = "pii.date_of_birth"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})
    lexicons = (CONTEXT,)

    def triggers(self) -> Triggers:
        dob = [e for e in self.resources.lexicon(CONTEXT) if e.get("kind") == "dob"]
        return Triggers(entries={CONTEXT: dob}, min_digits=2)

    def detect(self, doc: Document) -> list[Finding]:
        """Every date of birth in ``doc``."""
        if doc.digit_count < 2 or not any(h.entry.get("kind") == "dob" for h in doc.hits(CONTEXT)):
            return []
        out: list[Finding] = []
        for m in _DATE.finditer(doc.text):
            if m.group("d"):
                day, month, year = int(m.group("d")), int(m.group("m")), m.group("y")
            elif m.group("d2"):
                day, month, year = int(m.group("d2")), _month_number(m.group("m2")), m.group("y2")
            else:
                day, month, year = int(m.group("d3")), _month_number(m.group("m3")), m.group("y3")
            if not _plausible(day, month, year):
                continue
            context = context_near(doc, "dob", m.start(), m.end(), before=30, after=15)
            if context is None:
                continue
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="date_of_birth",
                    start=m.start(),
                    end=m.end(),
                    confidence=0.95,
                    severity=Severity.MEDIUM,
                    explanation=f"A full date with '{context.text}' nearby: a date of birth",
                    evidence={"context_word": context.text, "day": day, "month": month},
                )
            )
        return out
