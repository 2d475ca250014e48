"""Financial identifiers: payment cards, IBANs, sort codes and bank account numbers.

- ``card_number``: 13-19 digits (spaces or dashes in groups allowed) that pass the Luhn check
  and start with an issuer prefix of a real card scheme (Visa, Mastercard incl. 2-series, Amex,
  Maestro, Discover, JCB, Diners, UnionPay) with a length that scheme issues.
- ``iban``: an IBAN that passes the ISO 7064 mod-97 check (python-stdnum ``iban``).
- ``sort_code``: ``nn-nn-nn`` (or spaced) with a bank word nearby ("sort code", "bank").
- ``bank_account``: eight digits with a bank word nearby; a sort code right next to it joins the
  same finding.

Gate: fewer than 6 digits → nothing to do.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

from stdnum import iban as stdnum_iban
from stdnum import luhn

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.pii.common import CONTEXT, context_near
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

_CARD: Final = re.compile(r"(?<![\w/.-])\d(?:[ -]?\d){12,18}(?![\w/-])")
_IBAN: Final = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?![A-Za-z0-9])"
)
_SORT_CODE: Final = re.compile(r"(?<![\w/.-])(\d{2})([- ])(\d{2})\2(\d{2})(?![\w/-])")
_ACCOUNT: Final = re.compile(r"(?<![\w/.-])\d{8}(?![\w/-])")
_NOT_BANK: Final = re.compile(
    r"\b(?:tax|rent|tenancy|council|customer|gas|electric(?:ity)?|water|energy|phone|mobile|"
    r"broadband|library|parking|housing|benefits?)\W*$",
    re.IGNORECASE,
)

# (prefix ranges, allowed lengths, scheme) — issuer identification ranges as published by the
# schemes; first match wins, so narrower ranges come first.
_IIN: Final[tuple[tuple[tuple[tuple[int, ...], ...], frozenset[int], str], ...]] = (
    (((34, 34), (37, 37)), frozenset({15}), "American Express"),
    (((300, 305), (36, 36), (38, 39)), frozenset({14, 16, 17, 18, 19}), "Diners Club"),
    (((3528, 3589),), frozenset({16, 17, 18, 19}), "JCB"),
    (((2221, 2720), (51, 55)), frozenset({16}), "Mastercard"),
    (((4,),), frozenset({13, 16, 19}), "Visa"),
    (((6011, 6011), (644, 649), (65, 65)), frozenset({16, 17, 18, 19}), "Discover"),
    (((62, 62),), frozenset({16, 17, 18, 19}), "UnionPay"),
    (((50, 50), (56, 58), (6, 6)), frozenset({12, 13, 14, 15, 16, 17, 18, 19}), "Maestro"),
)


def card_scheme(digits: str) -> str | None:
    """The card scheme whose issuer range and length fit ``digits``, or ``None``."""
    for ranges, lengths, scheme in _IIN:
        if len(digits) not in lengths:
            continue
        for bounds in ranges:
            low = bounds[0]
            high = bounds[-1]
            size = len(str(low))
            if low <= int(digits[:size]) <= high:
                return scheme
    return None


class FinancialDetector(Detector):
    """Finds card numbers, IBANs, sort codes and account numbers (see module docstring)."""

    name = "pii.financial"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})
    lexicons = (CONTEXT,)

    def triggers(self) -> Triggers:
        return Triggers(min_digits=6)

    def detect(self, doc: Document) -> list[Finding]:
        """Every validated financial identifier in ``doc``."""
        if doc.digit_count < 6:
            return []
        text = doc.text
        out: list[Finding] = []
        shape = doc.shape
        if doc.digit_count >= 12:
            cards = _CARD.finditer(text) if "9999" in shape else ()
            for m in cards:
                digits = "".join(c for c in m.group() if c.isdigit())
                scheme = card_scheme(digits)
                if scheme is None or not luhn.is_valid(digits):
                    continue
                out.append(
                    self._fin(
                        doc,
                        m.start(),
                        m.end(),
                        "card_number",
                        confidence=0.97,
                        explanation=(
                            f"{scheme} card number: issuer prefix and length fit the scheme "
                            "and the Luhn check digit is valid"
                        ),
                        evidence={"scheme": scheme, "validator": "luhn"},
                    )
                )
            ibans = _IBAN.finditer(text) if "aa99" in shape else ()
            for m in ibans:
                if not stdnum_iban.is_valid(m.group()):
                    continue
                out.append(
                    self._fin(
                        doc,
                        m.start(),
                        m.end(),
                        "iban",
                        confidence=0.98,
                        explanation=f"IBAN ({m.group()[:2]}) with a valid mod-97 check",
                        evidence={"validator": "stdnum.iban"},
                    )
                )
        if not any(h.entry.get("kind") == "bank" for h in doc.hits(CONTEXT)):
            return out  # sort codes and account numbers need a bank word nearby
        sort_codes = []
        for m in _SORT_CODE.finditer(text):
            context = context_near(doc, "bank", m.start(), m.end(), before=30, after=30)
            if context is None:
                continue
            sort_codes.append((m.start(), m.end(), context.text))
        accounts = []
        for m in _ACCOUNT.finditer(text):
            context = context_near(doc, "bank", m.start(), m.end(), before=30, after=30)
            if context is None:
                continue
            if _NOT_BANK.search(text, max(0, context.start - 25), context.start):
                continue  # "council tax account number": a reference, not a bank account
            accounts.append((m.start(), m.end(), context.text))
        joined: set[int] = set()
        for a_start, a_end, a_ctx in accounts:
            pair = next(
                (s for s in sort_codes if 0 <= a_start - s[1] <= 20 or 0 <= s[0] - a_end <= 20),
                None,
            )
            start, end = a_start, a_end
            if pair is not None:
                joined.add(pair[0])
                start, end = min(start, pair[0]), max(end, pair[1])
            out.append(
                self._fin(
                    doc,
                    start,
                    end,
                    "bank_account",
                    confidence=0.95 if pair else 0.85,
                    explanation="Bank account number (eight digits"
                    + (" with a sort code" if pair else "")
                    + f", '{a_ctx}' nearby)",
                    evidence={"context_word": a_ctx, "with_sort_code": pair is not None},
                )
            )
        for s_start, s_end, s_ctx in sort_codes:
            if s_start in joined:
                continue
            out.append(
                self._fin(
                    doc,
                    s_start,
                    s_end,
                    "sort_code",
                    confidence=0.85,
                    explanation=f"Bank sort code with '{s_ctx}' nearby",
                    evidence={"context_word": s_ctx},
                )
            )
        return out

    def _fin(
        self,
        doc: Document,
        start: int,
        end: int,
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
            start=start,
            end=end,
            confidence=confidence,
            severity=Severity.HIGH,
            explanation=explanation,
            evidence=evidence,
        )
