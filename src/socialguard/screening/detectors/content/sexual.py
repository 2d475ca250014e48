"""Sexual content: explicit or pornographic material, sexual remarks about people, sexual spam.

Data: ``lexicons/sexual.txt``. Entries marked ``ambiguous=yes`` ("escort", "strip club",
"hookup") and advertising phrases (``role=spam_cue``: "link in bio", "in your area") need a second
signal: another sexual term or a link. Health and equality wording ("sexual health clinic",
"sex discrimination", "breast screening") is not on the list at all.
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    EntryInfo,
    SymbolTerm,
    build_info,
    find_symbol_hits,
    has_other,
    idle,
    prev_words,
    symbol_terms,
    triggers_for,
)
from socialguard.screening.detectors.content.offensive import ALLOW, drop_allowed
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["SexualContentDetector"]

LEXICON = "sexual"
_LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|xxx|co|uk|io|me|ly|tv|cam|live)\b|bit\.ly"
)
_PERSON = frozenset(
    {"she", "he", "her", "his", "him", "you", "your", "shes", "hes", "s", "looks", "look"}
)
_CONFIDENCE = {Severity.HIGH: 0.9, Severity.MEDIUM: 0.8, Severity.LOW: 0.68}
_KIND = {
    "explicit": "explicit sexual content",
    "remark": "a sexual remark about a person",
    "spam": "sexual spam/advertising",
    "solicitation": "sexual solicitation",
}


class SexualContentDetector(Detector):
    """Explicit terms, sexual remarks and sexual spam; ambiguous terms need a second signal.

    Contract: a firm (non-ambiguous, non-cue) entry is a finding on its own; an ambiguous entry
    or spam cue is reported only with another sexual hit or a link in the text.
    """

    name = "content.sexual_content"
    version = 1
    categories = frozenset({Category.SEXUAL_CONTENT})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON, ALLOW)

    def setup(self) -> None:
        lexicon = self.resources.lexicon(LEXICON)
        self._info: dict[int, EntryInfo] = build_info(lexicon)
        self._symbols: tuple[SymbolTerm, ...] = symbol_terms(lexicon)

    def triggers(self) -> Triggers:
        return triggers_for((LEXICON,), symbols=self._symbols)

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON,), symbols=bool(self._symbols)):
            return []
        hits: list[LexiconHit] = list(doc.hits(LEXICON))
        if self._symbols:
            hits.extend(find_symbol_hits(doc, self._symbols, LEXICON))
        if not hits:
            return []
        hits = drop_allowed(doc, hits)
        info = self._info
        firm = [
            h
            for h in hits
            if not info[id(h.entry)].ambiguous and info[id(h.entry)].role != "spam_cue"
        ]
        link = bool(_LINK.search(doc.norm)) if len(hits) > len(firm) else False
        out: list[Finding] = []
        for hit in hits:
            if len(out) >= MAX_FINDINGS:
                break
            meta = info[id(hit.entry)]
            weak = meta.ambiguous or meta.role == "spam_cue"
            support = ""
            if weak:
                if has_other(firm, hit):
                    support = " alongside explicit sexual content"
                elif link:
                    support = " next to a link"
                elif len(hits) > 10 or sum(1 for f in hits if _apart(f, hit)) >= 2:
                    support = " with other sexual wording"
                elif meta.subtype == "remark" and _PERSON.intersection(
                    prev_words(doc, hit.nstart, 3)
                ):
                    support = " about a person"
                else:
                    continue
            subtype = meta.subtype or "explicit"
            out.append(
                self.finding_from_hit(
                    doc,
                    hit,
                    category=Category.SEXUAL_CONTENT,
                    subtype=subtype,
                    confidence=_CONFIDENCE[hit.entry.severity] - (0.1 if weak else 0.0),
                    explanation=f"'{hit.text}' is {_KIND.get(subtype, 'sexual content')}{support}.",
                )
            )
        return out


def _apart(a: LexiconHit, b: LexiconHit) -> bool:
    return a.nend <= b.nstart or b.nend <= a.nstart
