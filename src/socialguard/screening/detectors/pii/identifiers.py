"""Government identifiers: NHS/CHI numbers, National Insurance numbers, passport numbers,
driving licence numbers and vehicle registration marks.

- ``nhs_number``: 10 digits passing the NHS modulus-11 check (python-stdnum ``gb.nhs``), written
  3-3-4 or with an NHS/CHI/patient word nearby. Scottish CHI numbers use the same check.
- ``ni_number``: two prefix letters allowed by HMRC's rules (first not D F I Q U V; second not D F
  I O Q U V; not BG GB KN NK NT TN ZZ), six digits, suffix A-D. Lower case only with a
  "national insurance" word nearby.
- ``passport``: nine digits with a passport word nearby.
- ``driving_licence``: the 16-character DVLA format with a valid encoded birth month and day.
- ``vehicle_registration``: current-style marks (``AB12 CDE``) with a valid memory tag and age
  identifier (02-29 for March, 51-79 for September, covering 2001-2029). Lower case, or without
  the space, only with a vehicle word nearby.

Gate: no digit → nothing to do.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

from stdnum.gb import nhs

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.pii.common import CONTEXT, context_near
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

_NHS: Final = re.compile(r"(?<![\w/.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/-])")
_NINO: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[ ]?(\d{2})[ ]?(\d{2})[ ]?(\d{2})"
    r"[ ]?([A-D])(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_NINO_BAD_PREFIX: Final = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_PASSPORT: Final = re.compile(r"(?<![\w/-])\d{9}(?![\w/-])")
_LICENCE: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Z9]{5})(\d)([0156]\d)([0-3]\d)(\d)([A-Z9]{2})(\d)([A-Z]{2})"
    r"(?:\s?\d{2})?(?![A-Za-z0-9])"
)
_VEHICLE: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2})(\d{2})(\s?)([A-Za-z]{3})(?![A-Za-z0-9])",
)
_MEMORY_FIRST: Final = frozenset("ABCDEFGHKLMNOPRSVWY")


def _valid_age_identifier(code: int) -> bool:
    # March series 02..29 (2002-2029), September series 51..79 (2001-2029).
    return 2 <= code <= 29 or 51 <= code <= 79


class IdentifierDetector(Detector):
    """Finds NHS, NI, passport, driving licence and vehicle registration numbers."""

    name = "pii.identifiers"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})
    lexicons = (CONTEXT,)

    def triggers(self) -> Triggers:
        # NHS (10 digits), NI and licence numbers (6+), passports (9) or a registration ("AB12").
        return Triggers(shapes=("aa99",), digits=6, min_digits=1)

    def detect(self, doc: Document) -> list[Finding]:
        """Every validated identifier in ``doc``."""
        if doc.digit_count == 0:
            return []
        out: list[Finding] = []
        text = doc.text
        if doc.digit_count >= 10:
            for m in _NHS.finditer(text):
                digits = m.group(1) + m.group(3) + m.group(4)
                if not nhs.is_valid(digits):
                    continue
                context = context_near(doc, "nhs", m.start(), m.end())
                spaced = bool(m.group(2))
                if context is None and (not spaced or digits.startswith("0")):
                    continue
                out.append(
                    self._id(
                        doc,
                        m,
                        "nhs_number",
                        confidence=0.97 if context else 0.8,
                        explanation=(
                            "NHS/CHI number: passes the modulus-11 check digit"
                            + (f", with '{context.text}' nearby" if context else ", written 3-3-4")
                        ),
                        evidence={"validator": "stdnum.gb.nhs", "context_word": _t(context)},
                    )
                )
        compact = doc.memo("pii.compact_shape", lambda: doc.shape.replace(" ", ""))
        if doc.digit_count >= 6 and "a999999" in compact:
            for m in _NINO.finditer(text):
                prefix = m.group(1).upper()
                if prefix in _NINO_BAD_PREFIX:
                    continue
                context = context_near(doc, "nino", m.start(), m.end())
                if not m.group().isupper() and context is None:
                    continue
                out.append(
                    self._id(
                        doc,
                        m,
                        "ni_number",
                        confidence=0.97 if context else 0.92,
                        explanation=(
                            "National Insurance number: valid HMRC prefix letters "
                            f"({prefix}), six digits and suffix {m.group(5).upper()}"
                        ),
                        evidence={"prefix": prefix, "context_word": _t(context)},
                    )
                )
        if doc.digit_count >= 9 and "999999999" in doc.shape:
            for m in _PASSPORT.finditer(text):
                context = context_near(doc, "passport", m.start(), m.end(), before=30)
                if context is None:
                    continue
                out.append(
                    self._id(
                        doc,
                        m,
                        "passport",
                        confidence=0.9,
                        explanation=(
                            f"Nine-digit number with '{context.text}' nearby: a UK passport number"
                        ),
                        evidence={"context_word": context.text},
                    )
                )
        shape = doc.shape
        licences = _LICENCE.finditer(text) if "999999" in shape else ()
        for m in licences:
            month = int(m.group(3)) % 50
            day = int(m.group(4))
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            out.append(
                self._id(
                    doc,
                    m,
                    "driving_licence",
                    confidence=0.95,
                    explanation=(
                        "DVLA driving licence number: 16-character format with a valid encoded "
                        "date of birth"
                    ),
                    evidence={"birth_month": month, "birth_day": day},
                )
            )
        vehicles = _VEHICLE.finditer(text) if "aa99" in shape else ()
        for m in vehicles:
            area, age, space, letters = m.group(1), m.group(2), m.group(3), m.group(4)
            if not _valid_age_identifier(int(age)):
                continue
            if area[0].upper() not in _MEMORY_FIRST or "I" in area.upper() or "Q" in area.upper():
                continue
            if "I" in letters.upper() or "Q" in letters.upper():
                continue
            upper = m.group().isupper()
            context = context_near(doc, "vehicle", m.start(), m.end(), before=50, after=40)
            if not (upper and space) and context is None:
                continue
            if not upper and not m.group().islower():
                continue
            out.append(
                self._id(
                    doc,
                    m,
                    "vehicle_registration",
                    confidence=0.9 if context else 0.75,
                    explanation=(
                        f"Vehicle registration mark: memory tag {area.upper()}, valid age "
                        f"identifier {age}" + (f", with '{context.text}' nearby" if context else "")
                    ),
                    evidence={"age_identifier": age, "context_word": _t(context)},
                )
            )
        return out

    def _id(
        self,
        doc: Document,
        m: re.Match[str],
        subtype: str,
        *,
        confidence: float,
        explanation: str,
        evidence: dict[str, object],
    ) -> Finding:
        return self.finding(
            doc,
            category=Category.PERSONAL_DATA,
            subtype=subtype,
            start=m.start(),
            end=m.end(),
            confidence=confidence,
            severity=Severity.HIGH if subtype != "vehicle_registration" else Severity.MEDIUM,
            explanation=explanation,
            evidence=evidence,
        )


def _t(hit: object) -> str | None:
    return getattr(hit, "text", None)
