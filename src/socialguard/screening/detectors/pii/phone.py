"""UK telephone numbers, validated with libphonenumber's GB metadata.

A candidate is a run of 10-11 digits (UK national form ``0…`` or international ``+44``/``0044``,
optionally ``(0)``) with the usual separators. It is reported when libphonenumber says it is a
valid number in the UK numbering plan (GB, or the Crown Dependencies GG/JE/IM, which share it) of
a type that can belong to a person (mobile, geographic, personal, VoIP, pager), or when it is in
one of Ofcom's ranges reserved for drama (``07700 900xxx``, ``01632 960xxx``), which people use
as stand-ins for real numbers. Freephone, shared-cost, ``03`` and premium numbers belong to
organisations and are not personal data; the council's published numbers are never reported.

Gate: fewer than 10 digits in the text → nothing to do.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

import phonenumbers
from phonenumbers import PhoneNumberType

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

# Separators between digits are optional and at most two characters, and digits are mandatory,
# so the repetition cannot backtrack exponentially.
_CANDIDATE: Final = re.compile(
    r"(?<![\w+/.])(?:(?:\+|00)\s?44[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)\d(?:[\s().-]{0,2}\d){8,9}(?![\d/])"
)
_PERSONAL_TYPES: Final = {
    PhoneNumberType.MOBILE: ("mobile", 0.97),
    PhoneNumberType.FIXED_LINE: ("landline", 0.9),
    PhoneNumberType.FIXED_LINE_OR_MOBILE: ("landline or mobile", 0.9),
    PhoneNumberType.PERSONAL_NUMBER: ("personal (070)", 0.9),
    PhoneNumberType.VOIP: ("VoIP", 0.85),
    PhoneNumberType.PAGER: ("pager", 0.8),
}
_UK_REGIONS: Final = frozenset({"GB", "GG", "JE", "IM"})
# Ofcom's drama ranges (national significant numbers) that libphonenumber rejects.
_DRAMA: Final = re.compile(r"7700900\d{3}|1632960\d{3}")


# A landline introduced as a service's or organisation's number ("the Community Alarm service
# on 01875 ...", "School Admissions can be reached on ...") is not personal data, unless the
# writer makes it theirs ("ring me on", "my number").
_ORGANISATION: Final = re.compile(
    r"\b(?:service|services|office|team|helpline|line|centre|center|admissions|council|"
    r"department|dept|reception|switchboard|desk|unit|hub|library|school|surgery|practice|"
    r"press|enquiries|police|hospital|clinic|charity|trust|association|club|shop|company|"
    r"ltd|limited|business|bookings?|box office)\b",
    re.IGNORECASE,
)
_PERSONAL: Final = re.compile(
    r"\b(?:me|my|mine|his|her|their|home|mum|dad|nan|gran|wife|husband|partner|son|daughter)\b",
    re.IGNORECASE,
)


def _organisation_number(text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start]
    return bool(_ORGANISATION.search(before)) and not _PERSONAL.search(before)


class UkPhoneDetector(Detector):
    """Finds UK phone numbers that could belong to a person (see module docstring)."""

    name = "pii.uk_phone"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})

    def setup(self) -> None:
        """Keep the council's published numbers (national digits) to skip them."""
        council = self.resources.council
        self._published = council.published_phones
        self._prefixes = council.phone_prefixes

    def triggers(self) -> Triggers:
        return Triggers(min_digits=10)

    def detect(self, doc: Document) -> list[Finding]:
        """Every personal UK phone number in ``doc``."""
        if doc.digit_count < 10:
            return []
        out: list[Finding] = []
        for m in _CANDIDATE.finditer(doc.text):
            raw = m.group()
            digits = "".join(c for c in raw if c.isdigit())
            if raw.startswith(("+", "00")):
                digits = digits[4:] if raw.startswith("00") else digits[2:]
                if raw.replace(" ", "").find("(0)") >= 0 and digits.startswith("0"):
                    digits = digits[1:]
                national = "0" + digits
            else:
                national = digits
            if national in self._published or national.startswith(self._prefixes or ("\0",)):
                continue
            nsn = national[1:]
            if _DRAMA.fullmatch(nsn):
                kind, confidence, how = (
                    "mobile" if nsn.startswith("7") else "landline",
                    0.95,
                    "in an Ofcom range reserved for drama (treated as a real number)",
                )
            else:
                try:
                    number = phonenumbers.parse(national, "GB")
                except phonenumbers.NumberParseException:
                    continue
                if not phonenumbers.is_valid_number(number):
                    continue
                if phonenumbers.region_code_for_number(number) not in _UK_REGIONS:
                    continue
                found = _PERSONAL_TYPES.get(phonenumbers.number_type(number))
                if found is None:
                    continue
                kind, confidence = found
                how = "valid per libphonenumber (GB numbering plan)"
                if kind != "mobile" and _organisation_number(doc.text, m.start()):
                    continue
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="uk_phone",
                    start=m.start(),
                    end=m.end(),
                    confidence=confidence,
                    severity=Severity.MEDIUM,
                    explanation=f"UK {kind} number, {how}",
                    evidence={"national_number": national, "type": kind, "validator": how},
                )
            )
        return out
