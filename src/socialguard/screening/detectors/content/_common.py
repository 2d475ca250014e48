"""Shared helpers for the content detectors: lexicon attributes, sentences, word distances.

Everything here is pure. Per-document results (sentence boundaries) are cached on the
``Document`` instance, which the engine never shares between threads.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from socialguard.screening.detectors.base import Triggers
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.lexicon import Lexicon, LexiconEntry
from socialguard.screening.model import Context
from socialguard.screening.normalise import fold_term
from socialguard.screening.patterns import PatternMatch, PhrasePattern, boundary_fold, match_pattern

__all__ = [
    "MAX_FINDINGS",
    "Cue",
    "EntryInfo",
    "PatternGroup",
    "SpanIndex",
    "SymbolTerm",
    "build_info",
    "context_of",
    "cues_by_role",
    "find_symbol_hits",
    "fmt_terms",
    "has_other",
    "idle",
    "is_question",
    "next_words",
    "open_gates",
    "prev_words",
    "quoted",
    "roles_present",
    "run_patterns",
    "same_sentence",
    "sentence_bounds",
    "sentence_id",
    "symbol_terms",
    "triggers_for",
    "word_set",
    "words_between",
    "words_of",
]

# Sentence ends: terminal punctuation followed by whitespace, or a line break. Abbreviations that
# end in a full stop inside a sentence ("St. Helens", "Cllr. Smith") are not boundaries.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"')\]]*\s+|\n+")
_ABBREVIATIONS = frozenset(
    {
        "st",
        "mr",
        "mrs",
        "ms",
        "dr",
        "cllr",
        "no",
        "rd",
        "ave",
        "etc",
        "vs",
        "approx",
        "ref",
        "e.g",
        "i.e",
    }
)
_CACHE_KEY = "_sg_content_sentences"

#: At most this many findings per detector per text. A moderator needs to see that a text is
#: abusive, not 20,000 copies of the same word; the cap also keeps the engine's overlap reduction
#: cheap on adversarial input.
MAX_FINDINGS = 50


class SpanIndex:
    """Sorted normalised spans with fast "is this span inside one of them?" and window queries.

    Linear-time guard: detectors combine hits pairwise only through these bounded lookups, so a
    text made of 20,000 trigger words costs O(n log n), not O(n^2).
    """

    __slots__ = ("_ends", "_items", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        items = sorted(spans)
        self._items = items
        self._starts = [a for a, _ in items]
        self._ends = [b for _, b in items]

    def __bool__(self) -> bool:
        return bool(self._items)

    def contains(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one of the spans."""
        i = bisect_right(self._starts, start)
        # Spans are short phrases; only the few starting just before ``start`` can contain it.
        return any(self._ends[j] >= end for j in range(max(0, i - 4), i))

    def window(self, lo: int, hi: int) -> range:
        """Indices of spans starting in ``[lo, hi]``."""
        return range(bisect_left(self._starts, lo), bisect_right(self._starts, hi))


# Whether this version of Document exposes its open pattern gates publicly (decided once, at
# import, instead of a failing getattr on every call).
_PUBLIC_GATES = hasattr(Document, "open_gates")


def open_gates(doc: Document) -> frozenset[str]:
    """Pattern keys whose trigger words occur in ``doc`` (from the single automaton pass)."""
    if _PUBLIC_GATES:
        gates: frozenset[str] = doc.open_gates  # type: ignore[attr-defined,unused-ignore]
        return gates
    # Until Document exposes its open gates, read the pair its one pass caches.
    return doc._hits[1]


class PatternGroup:
    """A detector's phrase patterns, indexed once by gate key for cheap per-document runs.

    ``run(doc)`` intersects the document's open gates with this group's keys (one C-level set
    operation) and runs only those regexes, so a document that opens none of them costs one set
    intersection whatever the number of patterns. Iterating yields the patterns in file order.
    """

    __slots__ = ("_always", "_keys", "_patterns")

    def __init__(self, patterns: Iterable[PhrasePattern]) -> None:
        self._patterns = tuple(patterns)
        self._keys = frozenset(p.key for p in self._patterns if p.triggers)
        # Patterns without triggers run whenever any gate of the document is open (the historic
        # contract of ``run_patterns``); none of the shipped patterns has no triggers.
        self._always = any(not p.triggers for p in self._patterns)

    def __iter__(self) -> Iterator[PhrasePattern]:
        return iter(self._patterns)

    def __len__(self) -> int:
        return len(self._patterns)

    @property
    def keys(self) -> frozenset[str]:
        """Gate keys (``"<set>.<id>"``) of the patterns that have trigger words."""
        return self._keys

    @property
    def always(self) -> bool:
        """Whether some pattern has no trigger words (it runs whenever any gate is open)."""
        return self._always

    def is_open(self, doc: Document) -> bool:
        """Whether any of these patterns could match ``doc``."""
        gates = open_gates(doc)
        return bool(gates) and (self._always or not self._keys.isdisjoint(gates))

    def run(self, doc: Document) -> list[PatternMatch]:
        """Matches of the patterns whose trigger gate is open, in file order."""
        gates = open_gates(doc)
        if not gates:
            return []
        live = self._keys & gates
        if not live and not self._always:
            return []
        out: list[PatternMatch] = []
        for pattern in self._patterns:
            if pattern.key in live or not pattern.triggers:
                out.extend(match_pattern(pattern, doc))
        return out


def run_patterns(
    doc: Document, patterns: PatternGroup | Sequence[PhrasePattern]
) -> list[PatternMatch]:
    """Matches of ``patterns`` whose trigger gate is open (patterns without triggers always run
    once any gate is open). Pass a ``PatternGroup`` built in ``setup()``: it skips the per-pattern
    loop when none of its gates is open, which is the common case."""
    if isinstance(patterns, PatternGroup):
        return patterns.run(doc)
    return PatternGroup(patterns).run(doc)


def idle(
    doc: Document,
    lexicons: Sequence[str],
    group: PatternGroup | None = None,
    *,
    masks: bool = False,
    symbols: bool = False,
) -> bool:
    """True when nothing a detector looks at occurs in ``doc``: no hit of ``lexicons``, no open
    gate of ``group``, no masked word (when ``masks``), no non-ASCII text (when ``symbols``,
    for emoji entries). Detectors return ``[]`` at once when idle, so a text without any of
    their trigger words costs a few dictionary look-ups."""
    found = doc.all_hits
    for name in lexicons:
        if name in found:
            return False
    if masks and doc.masks:
        return False
    if symbols and not doc.text.isascii():
        return False
    return group is None or not group.is_open(doc)


def triggers_for(
    lexicons: Sequence[str] = (),
    group: PatternGroup | None = None,
    *,
    roles: Mapping[str, Collection[str]] | None = None,
    entries: Mapping[str, Collection[LexiconEntry]] | None = None,
    masks: bool = False,
    symbols: Sequence[SymbolTerm] = (),
    contexts: Collection[Context | str | None] | None = None,
) -> Triggers:
    """The ``Triggers`` matching an ``idle(doc, lexicons, group, masks=..., symbols=...)`` check:
    a hit of ``lexicons`` (or of an entry with one of ``roles``, or one of ``entries``), an open
    gate of ``group``, a masked word (``masks``), one of the ``symbols`` in the text.
    ``contexts`` restricts the detector to those screening contexts. Return it from
    ``Detector.triggers`` so the engine skips the detector, without calling it, on documents it
    would dismiss."""
    return Triggers(
        lexicons=tuple(lexicons),
        roles=roles,
        entries=entries,
        gates=group.keys if group is not None else (),
        any_gate=group.always if group is not None else False,
        masks=masks,
        substrings=tuple(s.term for s in symbols),
        contexts=contexts,
    )


def has_other(items: Sequence[LexiconHit], hit: LexiconHit) -> bool:
    """Whether ``items`` holds a hit that does not overlap ``hit`` (O(1) for long lists)."""
    if len(items) > 8:
        return True  # lexicon terms are short: no more than a handful can overlap one hit
    return any(f.nend <= hit.nstart or f.nstart >= hit.nend for f in items)


@dataclass(frozen=True, slots=True)
class EntryInfo:
    """Parsed attributes of one lexicon entry, computed once in ``setup()``."""

    role: str
    weight: float
    subtype: str
    ambiguous: bool
    attrs: dict[str, str]


@dataclass(frozen=True, slots=True)
class Cue:
    """A lexicon hit with its parsed role and weight."""

    hit: LexiconHit
    info: EntryInfo

    @property
    def role(self) -> str:
        return self.info.role

    @property
    def weight(self) -> float:
        return self.info.weight


@dataclass(frozen=True, slots=True)
class SymbolTerm:
    """A lexicon entry with no letters or digits (an emoji): matched by substring search."""

    term: str
    entry: LexiconEntry


def build_info(
    lexicon: Lexicon, *, default_role: str = "", default_weight: float = 1.0
) -> dict[int, EntryInfo]:
    """Map ``id(entry)`` to its parsed attributes for every entry of ``lexicon``.

    Keys are object ids because entries hold a dict and are not hashable; the lexicon (and so
    every entry) lives as long as the detector that built the map.
    """
    out: dict[int, EntryInfo] = {}
    for entry in lexicon:
        attrs = dict(entry.attrs)
        weight = attrs.get("weight")
        out[id(entry)] = EntryInfo(
            role=attrs.get("role", default_role),
            weight=float(weight) if weight is not None else default_weight,
            subtype=attrs.get("subtype", ""),
            ambiguous=attrs.get("ambiguous", "no") == "yes",
            attrs=attrs,
        )
    return out


def roles_present(hits: Iterable[LexiconHit], info: dict[int, EntryInfo]) -> set[str]:
    """The roles of ``hits`` (cheap early exit before building cue lists)."""
    return {info[id(h.entry)].role for h in hits if id(h.entry) in info}


def cues_by_role(hits: Iterable[LexiconHit], info: dict[int, EntryInfo]) -> dict[str, list[Cue]]:
    """Group hits by their entry's ``role`` attribute, in text order."""
    out: dict[str, list[Cue]] = {}
    for hit in hits:
        meta = info.get(id(hit.entry))
        if meta is None:
            continue
        out.setdefault(meta.role, []).append(Cue(hit, meta))
    return out


def symbol_terms(lexicon: Lexicon) -> tuple[SymbolTerm, ...]:
    """Entries that the word automaton cannot hold because they have no letters or digits."""
    out = [
        SymbolTerm(entry.term, entry)
        for entry in lexicon
        if not boundary_fold(fold_term(entry.term)).strip()
    ]
    # Longest first so a skin-toned emoji is preferred over its base character.
    return tuple(sorted(out, key=lambda s: -len(s.term)))


def find_symbol_hits(doc: Document, terms: Sequence[SymbolTerm], lexicon: str) -> list[LexiconHit]:
    """Substring hits of symbol-only entries in the ORIGINAL text (cheap: only non-ASCII texts).

    ``nstart``/``nend`` are set to the original offsets too; symbol hits are only used for their
    original span.
    """
    text = doc.text
    if not terms or text.isascii():
        return []
    out: list[LexiconHit] = []
    taken: list[tuple[int, int]] = []
    for sym in terms:
        start = text.find(sym.term)
        while start != -1:
            end = start + len(sym.term)
            if all(end <= a or start >= b for a, b in taken):
                taken.append((start, end))
                out.append(
                    LexiconHit(
                        lexicon, sym.entry, start, end, start, end, text[start:end], False, ""
                    )
                )
            start = text.find(sym.term, end)
    return out


_CONTEXT_NAMES: dict[object, str] = {c: c.value for c in Context}


def context_of(doc: Document) -> str | None:
    """The screening context (``"inbound"``/``"business"``/``"personal"``) if the document
    carries one, else ``None``."""
    ctx = doc.context
    if ctx is None:
        return None
    name = _CONTEXT_NAMES.get(ctx)
    return name if name is not None else str(getattr(ctx, "value", ctx))


def sentence_bounds(doc: Document) -> Sequence[int]:
    """Original offsets where sentences 2, 3, ... start (empty for a one-sentence text).

    Computed once per document (``Document.memo``) and shared by every content detector.
    """
    return doc.memo(_CACHE_KEY, lambda: _sentence_bounds(doc.text))


def _sentence_bounds(text: str) -> tuple[int, ...]:
    bounds: list[int] = []
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith("."):
            before = text[max(0, m.start() - 6) : m.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        bounds.append(m.end())
    return tuple(bounds)


def sentence_id(doc: Document, pos: int) -> int:
    """Index of the sentence containing original offset ``pos``."""
    return bisect_right(sentence_bounds(doc), pos)


def same_sentence(doc: Document, a: int, b: int) -> bool:
    """Whether original offsets ``a`` and ``b`` fall in the same sentence."""
    bounds = sentence_bounds(doc)
    if not bounds:
        return True
    return bisect_right(bounds, a) == bisect_right(bounds, b)


def is_question(doc: Document, pos: int) -> bool:
    """Whether the sentence containing original offset ``pos`` ends with a question mark."""
    bounds = sentence_bounds(doc)
    i = bisect_right(bounds, pos)
    end = bounds[i] if i < len(bounds) else len(doc.text)
    tail = doc.text[pos:end].rstrip().rstrip("\"')]")
    return tail.endswith("?")


def words_between(doc: Document, nend: int, nstart: int) -> int:
    """Number of words in ``doc.norm[nend:nstart]`` (0 when adjacent or overlapping)."""
    if nstart <= nend:
        return 0
    return len(doc.words[nend + 1 : nstart + 1].split())


def prev_words(doc: Document, nstart: int, k: int) -> list[str]:
    """Up to ``k`` whole words before normalised offset ``nstart``, nearest last."""
    lo = max(0, nstart - 12 * k)
    return doc.words[lo + 1 : nstart + 1].split()[-k:]


def next_words(doc: Document, nend: int, k: int) -> list[str]:
    """Up to ``k`` whole words after normalised offset ``nend``."""
    return doc.words[nend + 1 : nend + 1 + 12 * k].split()[:k]


def fmt_terms(cues: Iterable[Cue], limit: int = 3) -> str:
    """Quote the matched text of up to ``limit`` cues: ``'pothole', 'can someone'``."""
    seen: list[str] = []
    for cue in cues:
        text = cue.hit.text.strip()
        if text and text not in seen:
            seen.append(text)
        if len(seen) >= limit:
            break
    return ", ".join(f"'{t}'" for t in seen)


def words_of(text: str) -> frozenset[str]:
    """The space-separated words of a literal (a form's anchor words, written as one string)."""
    return frozenset(text.split())


def word_set(doc: Document) -> frozenset[str]:
    """The whole words of ``doc.words`` ("i'll" gives "i" and "ll"), built once per document and
    shared by the content detectors: ``words.isdisjoint(anchors)`` is a C-speed "none of these
    words occurs" test that gates a slot pattern before its regex runs."""
    return doc.memo("_sg_content_words", lambda: frozenset(doc.words.split()))


def quoted(doc: Document, hit: LexiconHit) -> bool:
    """Whether the hit is quoted ("they're not 'bed blockers'"): a word mentioned, not used."""
    before = doc.text[hit.start - 1 : hit.start] if hit.start else ""
    after = doc.text[hit.end : hit.end + 1]
    return before in _QUOTES and after in _QUOTES


_QUOTES = frozenset({'"', "'", "‘", "’", "“", "”"})
