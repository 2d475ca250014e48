"""Offensive language: profanity, obscenity and abusive insults (product.md §3).

Data: ``lexicons/offensive.txt`` (severity tiers, subtypes, ``ambiguous=yes`` for words with an
everyday sense) and ``lexicons/offensive_allow.txt`` (false friends). Obfuscation is handled by
the normaliser (leet, spacing, stretched letters, look-alike letters) and by masked-word
resolution (``f**k`` fits ``fuck``). Mild exclamations are simply not on the list.

Forms offensive language takes in UK council social media, and the machinery for each:

- profanity and obscenity, plain or obfuscated (``sh1te``, ``f u c k``, ``f***ing``, ``fuuuck``):
  the lexicon through the normaliser and masked-word resolution;
- compounds and similes built on a listed word ("thick as pigshit", "shitebag"): lexicon;
- name-calling with an ambiguous word ("cow", "prick", "fanny", "bam"): the insult frame, which
  now looks past up to three abusive modifiers ("is a useless WEE prick", "a proper TWO-FACED
  cow", "you lying FAT bitch") instead of listing every adjective pair;
- Scots and Northern insults ("bawbag", "fud", "bampot", "fannybaws"): lexicon, ambiguous ones
  framed;
- grawlix emoji standing for a swear word ("this post is 💩"): symbol entries;
- false friends (place names, birds, "cum" as a misspelt "come"): the allow list, and sexual
  entries keep their own ``ambiguous`` flag when reused here as obscenities.
"""

from __future__ import annotations

from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    EntryInfo,
    SpanIndex,
    SymbolTerm,
    build_info,
    find_symbol_hits,
    has_other,
    idle,
    next_words,
    prev_words,
    quoted,
    symbol_terms,
    triggers_for,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Finding, Severity

__all__ = [
    "OffensiveLanguageDetector",
    "allowed_spans",
    "drop_allowed",
    "insult_frame",
]

LEXICON = "offensive"


ALLOW = "offensive_allow"
SLURS = "slurs"
SEXUAL = "sexual"

# Words right before an ambiguous word that make it an insult ("you knob", "what a tit",
# "absolute cock"). Kept small on purpose: each one is a common way of calling someone a name.
_FRAME_BEFORE = frozenset(
    {
        "you", "ya", "ye", "yer", "u", "youse", "absolute", "total", "complete", "utter",
        "such", "massive", "fat", "stupid", "silly", "useless", "lazy", "fucking", "fuckin",
        "bloody", "proper", "right", "thick", "ugly", "dirty", "little", "jumped", "smug",
        "arrogant", "pompous", "what", "daft", "gobby", "selfish", "moaning", "auld",
        "old", "sad", "miserable", "nasty", "lying", "bitter", "two-faced", "spiteful", "slimy",
        "dopey", "dozy", "greedy", "horrible", "vile", "scruffy", "creepy", "sleazy",
        "pathetic", "spineless", "gutless", "clueless", "incompetent", "cheeky", "jumped-up",
        "snidey", "sneaky", "shifty", "manky", "minging", "rank", "pure", "sly", "snooty",
        "disgusting", "filthy", "evil", "sick", "twisted", "pervy", "rude", "ignorant",
        "patronising", "condescending", "entitled", "bent", "corrupt",
    }
)  # fmt: skip
# Words that may stand between a frame word and the insult ("is a useless WEE prick", "a proper
# TWO-FACED cow", "you lying FAT bitch"): adjectives and intensifiers of abuse. The frame is
# looked for before these (at most three of them are skipped), so "is a lying two faced cow"
# counts as an insult frame without listing every adjective pair.
_MODIFIERS = _FRAME_BEFORE - {"you", "ya", "ye", "yer", "u", "youse", "what"} | frozenset(
    {
        "two", "faced", "jumped", "up", "big", "auld", "bald", "specky", "grumpy", "greasy",
        "weird", "bent", "corrupt", "mouthy", "gobshite", "cocky", "thieving", "good", "for",
        "nothing", "f", "effing", "bleeding", "flaming", "wee",
    }
)  # fmt: skip
_COPULA = frozenset({"is", "s", "was", "are", "re", "were", "r", "being", "be", "like"})
_ARTICLE = frozenset({"a", "an", "such", "total", "complete", "absolute", "utter", "proper"})
_GROUP = frozenset({"bunch", "load", "pack", "set", "lot", "shower"})

_CONFIDENCE = {Severity.HIGH: 0.95, Severity.MEDIUM: 0.9, Severity.LOW: 0.78}


def allowed_spans(doc: Document) -> SpanIndex:
    """Normalised spans of allow-listed phrases (place names, birds, food ...)."""
    return SpanIndex((h.nstart, h.nend) for h in doc.hits(ALLOW))


def drop_allowed(doc: Document, hits: list[LexiconHit]) -> list[LexiconHit]:
    """``hits`` minus those inside an allow-listed phrase ("blue tit", "door knob")."""
    if not hits or not doc.has_hits(ALLOW):
        return hits
    spans = allowed_spans(doc)
    return [h for h in hits if not spans.contains(h.nstart, h.nend)]


def insult_frame(doc: Document, hit: LexiconHit) -> str:
    """The words that make ``hit`` an insult aimed at someone, or ``""``.

    "you knob", "what a tit", "he is a prick", "bunch of knobs", "absolute cock", and the same
    frames with abusive adjectives in between: "is a useless wee prick", "a proper two-faced cow".
    """
    before = prev_words(doc, hit.nstart, 6)
    if not before:
        return ""
    last = before[-1]
    if last in _FRAME_BEFORE:
        return " ".join(before[-1:])
    # Skip up to three abusive modifiers, then look for the frame before them.
    i = len(before)
    while i > 0 and len(before) - i < 3 and before[i - 1] in _MODIFIERS:
        i -= 1
    if i < len(before) and any(w in _FRAME_BEFORE for w in before[i:]):
        return " ".join(before[i:])
    head = before[:i]
    if not head:
        return ""
    last = head[-1]
    span = " ".join(before[max(0, i - 2) :])
    if len(head) >= 2 and last in _ARTICLE and head[-2] in _COPULA | _FRAME_BEFORE:
        return span
    if len(head) >= 2 and last == "of" and head[-2] in _GROUP:
        return span
    if len(head) >= 3 and last in _FRAME_BEFORE and head[-2] in _ARTICLE:
        return " ".join(before[max(0, i - 3) :])
    return ""


def _looks_like_name(doc: Document, hit: LexiconHit) -> bool:
    """A capitalised ambiguous word followed by a capitalised word ("Dick Turpin")."""
    if not hit.text[:1].isupper():
        return False
    rest = doc.text[hit.end : hit.end + 30].split()
    return bool(rest) and rest[0][:1].isupper()


class OffensiveLanguageDetector(Detector):
    """Profanity and insults from a curated UK lexicon, de-obfuscated, with false friends removed.

    Contract: one finding per offensive word or phrase (the engine keeps the strongest of
    overlapping ones). Entries marked ``ambiguous=yes`` ("knob", "cock", "tit") are reported only
    when masked (``c**k``), used in an insult frame ("you knob", "what a tit"), or alongside
    another, unambiguous offensive word. Hits inside allow-listed phrases ("blue tit", "door
    knob", "cock-a-leekie") are dropped.
    """

    name = "content.offensive_language"
    version = 1
    categories = frozenset({Category.OFFENSIVE_LANGUAGE})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON, ALLOW, SLURS, SEXUAL)

    def setup(self) -> None:
        lexicon = self.resources.lexicon(LEXICON)
        self._info: dict[int, EntryInfo] = build_info(lexicon)
        # Slurs are offensive language as well as discrimination (the discrimination detector
        # names the characteristic); they share the ambiguity rules.
        self._info.update(build_info(self.resources.lexicon(SLURS), default_role="slur"))
        # Sexual terms marked obscene=yes ("blowjob", "dick pic") are obscenities too.
        sexual = build_info(self.resources.lexicon(SEXUAL))
        self._obscene = {
            # Keep the entry's ambiguity: "cum" is also a misspelt "come" ("can sum1 cum fix").
            key: EntryInfo("obscene", 1.0, "obscenity", meta.ambiguous, meta.attrs)
            for key, meta in sexual.items()
            if meta.attrs.get("obscene") == "yes"
        }
        self._info.update(self._obscene)
        self._symbols: tuple[SymbolTerm, ...] = symbol_terms(lexicon)
        self._trigger_lexicons = (LEXICON, SLURS, SEXUAL)

    def candidate_hits(self, doc: Document) -> list[LexiconHit]:
        """Whole-word, masked and symbol hits of the offensive lexicon outside allowed phrases."""
        hits = [*doc.hits(LEXICON), *doc.hits(SLURS)]
        if doc.has_hits(SEXUAL):
            hits.extend(h for h in doc.hits(SEXUAL) if id(h.entry) in self._obscene)
        if doc.masks:
            hits.extend(doc.masked_hits(LEXICON))
            hits.extend(doc.masked_hits(SLURS))
        if self._symbols:
            hits.extend(find_symbol_hits(doc, self._symbols, LEXICON))
        return drop_allowed(doc, hits)

    def triggers(self) -> Triggers:
        return triggers_for(self._trigger_lexicons, masks=True, symbols=self._symbols)

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, self._trigger_lexicons, masks=True, symbols=bool(self._symbols)):
            return []
        hits = self.candidate_hits(doc)
        if not hits:
            return []
        info = self._info
        firm = [h for h in hits if h.masked or not info[id(h.entry)].ambiguous]
        out: list[Finding] = []
        for hit in hits:
            if len(out) >= MAX_FINDINGS:
                break
            meta = info[id(hit.entry)]
            if meta.role == "slur" and quoted(doc, hit):
                continue
            severity = hit.entry.severity
            confidence = _CONFIDENCE[severity]
            why = ""
            if meta.ambiguous and not hit.masked:
                frame = insult_frame(doc, hit)
                nxt = next_words(doc, hit.nend, 1)
                if frame:
                    why = f" used as an insult ('{frame} ...')"
                elif has_other(firm, hit):
                    why = " alongside other offensive language"
                elif nxt and nxt[0] in {"head", "heads", "end", "face"}:
                    why = " in an insulting compound"
                else:
                    continue
                if _looks_like_name(doc, hit) and not frame:
                    continue
                confidence -= 0.1
            subtype = meta.subtype or ("slur" if meta.role == "slur" else "profanity")
            out.append(
                self.finding_from_hit(
                    doc,
                    hit,
                    category=Category.OFFENSIVE_LANGUAGE,
                    subtype=subtype,
                    confidence=confidence - (0.03 if hit.masked else 0.0),
                    explanation=_explain(hit, subtype, severity) + why + ".",
                    evidence={"severity": severity.label, "ambiguous": meta.ambiguous},
                )
            )
        return out


def _explain(hit: LexiconHit, subtype: str, severity: Severity) -> str:
    kind = {
        "insult": "an abusive insult",
        "obscenity": "an obscenity",
        "gesture": "an obscene gesture",
        "slur": "an identity slur",
    }
    what = kind.get(subtype, "profanity")
    text = f"'{hit.text}' is {what} ({severity.label} severity) on the offensive-language list"
    if hit.masked:
        text += f", written masked for '{hit.entry.term}'"
    elif hit.text.casefold() != hit.entry.term.casefold() and hit.entry.term.isascii():
        text += f", an obfuscated spelling of '{hit.entry.term}'"
    return text
