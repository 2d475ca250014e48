"""E-mail addresses: personal addresses (``personal_data``/``email``) and named individuals'
council addresses (``council_email_exposed``).

Rules, in order, for each address found:
1. The council's own published addresses (pack ``contact.emails``) → nothing.
2. A service mailbox (local part made of words from ``pii_generic_mailboxes.txt`` or the pack's
   ``contact.generic_mailboxes``: ``planning@``, ``council.tax@``, ``info@``) → nothing.
3. At a council domain (the pack's ``contact.email_domains``, or any ``*.gov.uk`` /
   ``*.gov.scot`` / ``*.gov.wales`` address) and the local part names a person (``john.smith``,
   ``j.smith``, ``johnsmith`` with a listed first name, ``smithj``) → ``council_email_exposed``.
4. Any other address that is not a service mailbox → ``personal_data``/``email``.
"""

from __future__ import annotations

import re
from typing import ClassVar, Final

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.pii.common import FIRST_NAMES, split_words
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

# Local part up to 64 characters, domain labels up to 63: bounded, so linear on long runs.
_EMAIL: Final = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9](?:[A-Za-z0-9._%+'-]{0,62}[A-Za-z0-9_+-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])"
)
_PARTS: Final = re.compile(r"[._-]+")
_CAPITALISED: Final = re.compile(r"\b[A-Z][a-z]{2,}\b")
_TITLES: Final = frozenset({"mr", "mrs", "ms", "miss", "dr", "cllr"})
# "shona dot ferguson at eastlothian dot gov dot uk": an address spelt out to dodge filters.
_SPELT: Final = re.compile(
    r"(?<![\w.])([a-z][a-z0-9]*(?:\s*(?:\bdot\b|\.|_|-)\s*[a-z0-9]+){0,3})\s*(?:\(at\)|\[at\]|\bat\b)\s*"
    r"([a-z0-9-]+(?:\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*[a-z0-9-]+){1,4})(?![\w.])",
    re.IGNORECASE,
)
_DOT: Final = re.compile(r"\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*", re.IGNORECASE)
_PUBLIC_SECTOR: Final = (".gov.uk", ".gov.scot", ".gov.wales", ".llyw.cymru")
_WEBMAIL: Final = split_words(
    "gmail.com googlemail.com hotmail.com hotmail.co.uk outlook.com live.co.uk live.com "
    "yahoo.com yahoo.co.uk icloud.com me.com aol.com aol.co.uk btinternet.com sky.com "
    "virginmedia.com talktalk.net ntlworld.com protonmail.com proton.me msn.com mail.com "
    "gmx.com gmx.co.uk tiscali.co.uk blueyonder.co.uk"
)


class EmailDetector(Detector):
    """Finds e-mail addresses and classifies them (see module docstring)."""

    name = "pii.email"
    version = 1
    categories: ClassVar[frozenset[Category]] = frozenset(
        {Category.PERSONAL_DATA, Category.COUNCIL_EMAIL_EXPOSED}
    )
    lexicons = (FIRST_NAMES, "pii_generic_mailboxes")

    def setup(self) -> None:
        """Index first names and generic mailbox words once."""
        council = self.resources.council
        self._first_names = frozenset(e.term for e in self.resources.lexicon(FIRST_NAMES))
        generic = {e.term for e in self.resources.lexicon("pii_generic_mailboxes")}
        self._generic = frozenset(generic | set(council.generic_mailbox_words))
        self._published = council.published_emails
        self._council_domains = tuple(d.lower() for d in council.email_domains)

    def _is_generic(self, local: str) -> bool:
        parts = [p for p in _PARTS.split(local) if p]
        if local in self._generic or "".join(parts) in self._generic:
            return True
        if parts and all(p in self._generic or p.isdigit() for p in parts):
            return True
        # "environmentalhealth", "councilTaxEnquiries": a run of service words with no name.
        return _segments_generic(local, self._generic)

    def _names_person(self, local: str, capitalised: frozenset[str]) -> tuple[bool, str]:
        """Whether the local part names an individual, and why. ``capitalised`` holds the
        lower-cased capitalised words of the text, to recognise "ahume" next to "Andrew Hume"."""
        parts = [p for p in _PARTS.split(local) if p]
        if len(parts) > 1 and parts[0] in _TITLES:
            parts = parts[1:]  # "mrs.k.lawson"
        alpha = [p for p in parts if p.isalpha()]
        if len(alpha) >= 2:
            first, last = alpha[0], alpha[-1]
            if first in self._first_names:
                return True, f"'{first}' is a first name and '{last}' a surname"
            if len(first) == 1 and len(last) >= 2:
                return True, f"an initial and surname ('{first}.{last}')"
            if len(last) == 1 and len(first) >= 2:
                return True, f"a surname and initial ('{first}.{last}')"
            if all(len(p) >= 2 for p in alpha[:2]) and not any(p in self._generic for p in alpha):
                return True, "two name-like words joined like first.last"
            return False, ""
        if len(alpha) == 1:
            word = alpha[0]
            if word in self._first_names:
                return True, f"'{word}' is a first name"
            for size in range(min(len(word) - 2, 10), 2, -1):
                if word[:size] in self._first_names and len(word) - size >= 3:
                    return True, f"'{word[:size]}' + surname run together"
            if word[1:] in capitalised or word[:-1] in capitalised:
                # "ahume" next to "Andrew Hume": initial + a surname written in the text.
                surname = word[1:] if word[1:] in capitalised else word[:-1]
                return True, f"an initial and the surname '{surname}'"
        return False, ""

    def _candidates(self, doc: Document) -> list[tuple[int, int, str, bool]]:
        """(start, end, address, spelt out?) for every address, written normally or spelt out."""
        found = [(m.start(), m.end(), m.group(), False) for m in _EMAIL.finditer(doc.text)]
        if doc.has_word("dot"):
            for m in _SPELT.finditer(doc.text):
                local = _DOT.sub(".", m.group(1)).replace(" ", "")
                domain = _DOT.sub(".", m.group(2)).replace(" ", "")
                if "." in domain and domain.rsplit(".", 1)[-1].isalpha():
                    found.append((m.start(), m.end(), f"{local}@{domain}", True))
        return found

    def triggers(self) -> Triggers:
        return Triggers(at=True, words=("dot",))  # "x dot y at z dot gov dot uk"

    def detect(self, doc: Document) -> list[Finding]:
        """Every personal or named-council e-mail address in ``doc``."""
        if not doc.has_at and not doc.has_word("dot"):
            return []
        out: list[Finding] = []
        for start, end, address, spelt in self._candidates(doc):
            local, _, domain = address.lower().rpartition("@")
            if address.lower() in self._published:
                continue
            council_domain = domain in self._council_domains or any(
                domain.endswith("." + d) for d in self._council_domains
            )
            public_sector = council_domain or domain.endswith(_PUBLIC_SECTOR)
            if self._is_generic(local):
                continue
            if public_sector:
                capitalised = frozenset(w.lower() for w in _CAPITALISED.findall(doc.text))
                person, why = self._names_person(local, capitalised)
                if not person:
                    continue
                kind_of_domain = "council" if council_domain else "public-sector"
                out.append(
                    self.finding(
                        doc,
                        category=Category.COUNCIL_EMAIL_EXPOSED,
                        subtype="named_council_email",
                        start=start,
                        end=end,
                        confidence=0.95 if council_domain else 0.85,
                        severity=Severity.MEDIUM,
                        explanation=(
                            f"A named individual's {kind_of_domain}"
                            f" e-mail address ({address}): the part before the @ names a person "
                            f"({why}); it is not a service mailbox"
                        ),
                        evidence={
                            "local_part": local,
                            "domain": domain,
                            "council_domain": council_domain,
                            "reason": why,
                            "spelt_out": spelt,
                        },
                    )
                )
                continue
            webmail = domain in _WEBMAIL
            out.append(
                self.finding(
                    doc,
                    category=Category.PERSONAL_DATA,
                    subtype="email",
                    start=start,
                    end=end,
                    confidence=0.97 if webmail else 0.85,
                    severity=Severity.MEDIUM,
                    explanation=(
                        f"Personal e-mail address ({address})"
                        + (f" at the webmail provider {domain}" if webmail else "")
                        + "; it is not a published service mailbox"
                    ),
                    evidence={
                        "local_part": local,
                        "domain": domain,
                        "webmail": webmail,
                        "spelt_out": spelt,
                    },
                )
            )
        return out


def _segments_generic(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether ``word`` splits entirely into vocabulary words of 3+ letters (digits allowed)."""
    word = word.strip("0123456789")
    if not word.isalpha() or len(word) > 40:
        return False
    n = len(word)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 3, min(n, i + 25) + 1):
            if word[i:j] in vocabulary:
                ok[j] = True
    return ok[n]
