"""Case, account and other references tied to a person.

"My council tax account number is 61234567", "tenancy ref TEN/004512", "crime reference
MC-2024-118822": a reference word (``kind=reference`` in ``pii_context.txt``) followed closely by
a code with at least four digits. Public references are not personal data and are skipped:
planning applications, FOI requests, committee reports and the like (their words appear just
before the code).

Gate: a ``kind=reference`` word in the one pass and at least four digits.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.pii.common import CONTEXT
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

# After the reference word: optional "no./number/is/:" then the code.
_CODE: Final = re.compile(
    r"\W{0,3}(?:(?:account|acc|no|num|number|ref|reference|id|is|was|of)\b\.?\W{0,3}){0,4}"
    r"(?P<code>(?:[A-Za-z]{1,5}[/-]){0,3}[A-Za-z]{0,4}\d[A-Za-z0-9/-]{3,19}(?: \d{3,8})?)"
    r"(?![\w/-])",
    re.IGNORECASE,
)
# Public references: planning applications, FOI requests, committee papers, contracts. Their
# words sit before the reference word or right after the code.
_PUBLIC_BEFORE: Final = re.compile(
    r"\b(?:planning|report|agenda|item|minute|minutes|policy|licence|license|"
    r"consultation|contract|tender|committee|cabinet|council meeting|bus|route|phone|tel|call|"
    r"licensing|premises licence|byelaw|order)\b[^.]{0,60}$",
    re.IGNORECASE,
)
_PUBLIC_AFTER: Final = re.compile(
    r"\W{0,3}\(?(?:planning|cabinet|committee|report|council|decision|consultation|agenda)\b",
    re.IGNORECASE,
)
# Years, financial years and year ranges are not references: "2019", "2024/25", "2023-2024".
_YEARISH: Final = re.compile(r"(?:19|20)\d\d(?:[/-](?:19|20)?\d\d)?")
# "my FOI request ... reference FOI-2024-0412": the writer's own case, whatever its kind.
_OWN: Final = re.compile(
    r"\b(?:my|our|his|her|their|your|mum's|dad's|son's|daughter's)\b", re.IGNORECASE
)
# Planning reference shapes: 23/00456/FUL, P/2023/0870/OUA.
_PLANNING_SHAPE: Final = re.compile(
    r"(?:\d{2,4}/\d{3,6}/[A-Z]{2,5}|P/\d{4}/\d{3,5}(?:/[A-Z]{2,5})?)", re.IGNORECASE
)


class PersonReferenceDetector(Detector):
    """Finds personal case/account references (see module docstring)."""

    name = "pii.reference"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})
    lexicons = (CONTEXT,)

    def triggers(self) -> Triggers:
        words = [e for e in self.resources.lexicon(CONTEXT) if e.get("kind") == "reference"]
        return Triggers(entries={CONTEXT: words}, min_digits=4)

    def detect(self, doc: Document) -> list[Finding]:
        """Every person-linked reference number in ``doc``."""
        if doc.digit_count < 4:
            return []
        text = doc.text
        out: list[Finding] = []
        taken_until = -1
        for hit in doc.hits(CONTEXT):
            if hit.entry.get("kind") != "reference" or hit.end <= taken_until:
                continue
            m = _CODE.match(text, hit.end)
            if m is None:
                continue
            code = m.group("code")
            if sum(c.isdigit() for c in code) < 4:
                continue
            if _YEARISH.fullmatch(code) or re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", code):
                continue  # a year or a date, not a reference
            if _PLANNING_SHAPE.fullmatch(code) or _PUBLIC_AFTER.match(text, m.end()):
                continue
            own = _OWN.search(text, max(0, hit.start - 60), hit.end)
            if own is None and _PUBLIC_BEFORE.search(text, max(0, hit.start - 80), hit.end):
                continue
            taken_until = m.end()
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="person_reference",
                    start=m.start("code"),
                    end=m.end("code"),
                    confidence=0.85,
                    severity=Severity.MEDIUM,
                    explanation=(
                        f"A reference number after '{hit.text}': it identifies a person's case "
                        "or account"
                    ),
                    evidence={"context_word": hit.text, "reference": code},
                )
            )
        return out
