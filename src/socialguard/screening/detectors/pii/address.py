"""Home addresses and postcodes.

- ``address``: a house number and a street ("14 Elm Grove", "23a Leith Walk", "flat 2/1, 7 Market
  St"), optionally followed by a town and a postcode (the span then runs to the postcode). The
  street is one to three words ending in a suffix from ``pii_street_suffixes.txt``. Either the
  street words are capitalised, or a residence word ("lives", "address", "house", "moved") is
  near — so "10 minutes walk" and "3 cars parked in the road" are not addresses.
- ``postcode``: a full UK postcode (outward + inward code) whose area is a real postcode area.
  Reported with higher confidence when a residence word is near.

The council's published addresses and postcodes (pack ``contact``) are never reported.
Gate: no digit → nothing to do; addresses also need a street-suffix word from the one pass.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.pii.common import CONTEXT, context_near, split_words
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

SUFFIXES: Final = "pii_street_suffixes"
# How far before a street-suffix word its house number can be ("flat 2/1, 14a Lower Mill Brae").
_WINDOW: Final = 70

# Every UK postcode area (Royal Mail), so "AB12 3CD" is checked against real areas.
_AREAS: Final = split_words(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT "
    "DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L "
    "LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S "
    "SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR "
    "WS WV YO ZE"
)
_POSTCODE: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2})(\d[A-Za-z\d]?)[ \t]{0,2}(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})"
    r"(?![A-Za-z0-9])"
)
_STOP_WORDS: Final = split_words(
    "minute minutes min mins hour hours hr hrs day days week weeks month months year years "
    "second seconds people person persons cars car times time mile miles mph metre metres "
    "meter meters yard yards foot feet inch inches km kg percent per of the a an and or on in "
    "at to for by with from is are was were be been new old other more less bins bin bags bag "
    "houses homes flats properties kids children residents pupils staff families men women "
    "points items pounds pence quid steps floors floor storeys stops buses trains seats "
    "spaces places potholes lights trees weeks' days'"
)


# An address introduced as a business, venue or planning site is not a home address.
_NON_RESIDENTIAL: Final = re.compile(
    r"\b(?:planning|application|change of use|demolition|development|premises|licen[cs]ed?|"
    r"listed building|for sale|to let|auction|shop|store|restaurant|caf[eé]|pub|bar|salon|"
    r"takeaway|chippy|business|company|ltd|offices?|opening|reopens?|reopened|roadworks|"
    r"road closure|venue|church|library|surgery|market|site|session|sessions|event|events|"
    r"drop-in|drop in|visit|hub|clinic|museum|gallery|theatre|meeting|workshop|class|classes|"
    r"hall|club|gym|pool|open day|exhibition|fair|festival|polling station|vaccination|"
    r"headquarters|hq|branch|showroom|garage|practice|pharmacy|bank)\b",
    re.IGNORECASE,
)


class AddressDetector(Detector):
    """Finds house-number-and-street addresses and full postcodes (see module docstring)."""

    name = "pii.postcode_address"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset({Category.PERSONAL_DATA})
    lexicons = (SUFFIXES, CONTEXT)

    def setup(self) -> None:
        """Build the street regex from the suffix list (data, not code)."""
        suffixes = sorted({e.term for e in self.resources.lexicon(SUFFIXES)}, key=len, reverse=True)
        alternation = "|".join(re.escape(s) for s in suffixes)
        # number [letter] [/n] [,] then 1-3 street words then a suffix; words are bounded runs
        # of letters, so matching stays linear.
        self._street = re.compile(
            r"(?<![\w£$.,/:-])(?:(?:flat|apartment|apt|unit)\s+\d{1,4}[a-z]?(?:/\d{1,2})?,?\s+)?"
            r"(\d{1,4}[a-z]?(?:/\d{1,2})?)(?![\d:.,]\d),?\s+"
            r"((?:[a-z][a-z'-]{0,20}\s+){0,2}[a-z][a-z'-]{0,20})\s+"
            rf"({alternation})\.?(?![a-z])",
            re.IGNORECASE,
        )
        # "Forthview Road Longniddry (no.9)", "Glade Park Ave, number 6 here": number after.
        self._street_then_number = re.compile(
            r"(?<![\w'-])((?:[A-Z][a-z'-]{1,20}\s+){1,3}"
            rf"(?i:{alternation})\b\.?)[^.\n\d]{{0,25}}?\b(?i:no\.?\s*|number\s+)(\d{{1,4}}[a-z]?)\b"
        )
        council = self.resources.council
        self._published_postcodes = council.published_postcodes
        self._published_addresses = tuple(
            _squash(a) for a in council.published_addresses if a.strip()
        )

    def _postcodes(self, doc: Document) -> list[tuple[int, int, str, str]]:
        if "9aa" not in doc.shape:
            return []  # no inward code ("1HP") anywhere
        out = []
        for m in _POSTCODE.finditer(doc.text):
            area, district, inward = m.group(1), m.group(2), m.group(3)
            code = f"{area}{district} {inward}"
            if area.upper() not in _AREAS:
                continue
            if not code.isupper() and " " not in m.group():
                continue  # "ab12cd" in lower case run together is more likely a code or typo
            if not (code.isupper() or code.islower()):
                continue
            out.append((m.start(), m.end(), code.upper(), area.upper()))
        return out

    def _street_candidates(self, doc: Document) -> list[re.Match[str]]:
        """Street-address matches, searched only in the short window before each street-suffix
        word that has a digit in it (not over the whole text)."""
        text, shape = doc.text, doc.shape
        found: dict[tuple[int, int], re.Match[str]] = {}
        for hit in doc.hits(SUFFIXES):
            lo = max(0, hit.start - _WINDOW)
            if "9" not in shape[lo : hit.start]:
                continue
            for m in self._street.finditer(text, lo, min(len(text), hit.end + 1)):
                if m.end() >= hit.end:
                    found.setdefault(m.span(), m)
        return [found[span] for span in sorted(found)]

    def triggers(self) -> Triggers:
        # A house number before a street-suffix word, or a postcode's inward code ("1HP").
        return Triggers(lexicons=(SUFFIXES,), shapes=("9aa",), min_digits=1)

    def detect(self, doc: Document) -> list[Finding]:
        """Every address and postcode in ``doc``."""
        if doc.digit_count == 0:
            return []
        postcodes = self._postcodes(doc)
        out: list[Finding] = []
        used: list[tuple[int, int]] = []
        if doc.has_hits(SUFFIXES):
            out += self._numbered_streets(doc, postcodes, used)
            out += self._streets_then_numbers(doc, used)
        out += self._lone_postcodes(doc, postcodes, used)
        return out

    def _numbered_streets(
        self, doc: Document, postcodes: list[tuple[int, int, str, str]], used: list[tuple[int, int]]
    ) -> list[Finding]:
        """ "14 Elm Grove" (+ ", Haddington EH41 3XX"); appends the spans it reports to ``used``."""
        text = doc.text
        out: list[Finding] = []
        for m in self._street_candidates(doc):
            words = m.group(2).split()
            if any(w.lower() in _STOP_WORDS for w in words):
                continue
            capitalised = all(w[:1].isupper() for w in words) and m.group(3)[:1].isupper()
            residence = context_near(doc, "residence", m.start(), m.end(), before=40, after=30)
            if not capitalised and residence is None:
                continue
            if residence is None and _NON_RESIDENTIAL.search(
                text, max(0, m.start() - 70), m.start()
            ):
                continue
            start, end = m.start(), m.end()
            postcode = None
            for p_start, p_end, code, _area in postcodes:
                # "14 Elm Grove, Haddington EH41 3XX": extend to a postcode close behind.
                between = text[end:p_start]
                if 0 <= p_start - end <= 40 and re.fullmatch(r"[\sA-Za-z,.'-]*", between):
                    postcode = code
                    end = p_end
                    break
            if self._published_addresses:
                squashed = _squash(text[start:end])
                if any(squashed in a for a in self._published_addresses):
                    continue
            if postcode is not None and postcode.replace(" ", "") in self._published_postcodes:
                continue
            reasons = ["house number + street"]
            if postcode:
                reasons.append(f"postcode {postcode}")
            if residence:
                reasons.append(f"context word '{residence.text}'")
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="address",
                    start=start,
                    end=end,
                    confidence=0.93 if postcode else (0.88 if residence else 0.8),
                    severity=Severity.MEDIUM,
                    explanation=(
                        "A street address (" + ", ".join(reasons) + ") that is not one of "
                        "the council's published addresses"
                    ),
                    evidence={
                        "house_number": m.group(1),
                        "street": f"{m.group(2)} {m.group(3)}",
                        "postcode": postcode,
                        "context_word": residence.text if residence else None,
                    },
                )
            )
            used.append((start, end))
        return out

    def _streets_then_numbers(self, doc: Document, used: list[tuple[int, int]]) -> list[Finding]:
        """ "Forthview Road (no.9)", "Glade Park Ave, number 6"."""
        if not (doc.has_word("no") or doc.has_word("number")):
            return []
        out: list[Finding] = []
        for m in self._street_then_number.finditer(doc.text):
            if any(s <= m.start() < e for s, e in used):
                continue
            street = m.group(1)
            if not all(w[:1].isupper() for w in street.split()):
                continue
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="address",
                    start=m.start(),
                    end=m.end(),
                    confidence=0.8,
                    severity=Severity.MEDIUM,
                    explanation=(
                        f"A street ({street.strip()}) with a house number ({m.group(2)}) "
                        "given after it"
                    ),
                    evidence={"house_number": m.group(2), "street": street.strip()},
                )
            )
            used.append((m.start(), m.end()))
        return out

    def _lone_postcodes(
        self, doc: Document, postcodes: list[tuple[int, int, str, str]], used: list[tuple[int, int]]
    ) -> list[Finding]:
        """Full postcodes not already inside an address finding."""
        out: list[Finding] = []
        for p_start, p_end, code, area in postcodes:
            if code.replace(" ", "") in self._published_postcodes:
                continue
            if any(s <= p_start and p_end <= e for s, e in used):
                continue
            residence = context_near(doc, "residence", p_start, p_end, before=50, after=20)
            nearby = f"), with the residence word '{residence.text}' nearby" if residence else ")"
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="postcode",
                    start=p_start,
                    end=p_end,
                    confidence=0.9 if residence else 0.7,
                    severity=Severity.LOW if residence is None else Severity.MEDIUM,
                    explanation=f"Full UK postcode {code} (postcode area {area}{nearby}",
                    evidence={
                        "postcode": code,
                        "context_word": residence.text if residence else None,
                    },
                )
            )
        return out


def _squash(value: str) -> str:
    return "".join(c for c in value.lower() if c.isalnum())
