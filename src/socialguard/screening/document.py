"""A ``Document`` is one text prepared once for every detector.

It holds the original text, the normalised text with its offset map, cheap gates (digit count,
``@`` present, ...) and, computed on first use, the hits of ONE Aho-Corasick pass over the
normalised text for every lexicon and every pattern trigger. Detectors ask it for the hits of
their lists (``doc.hits("profanity")``) instead of scanning again, and use ``doc.gate_open`` /
``PatternSet.matches(doc)`` for phrase regexes.

Contract for detectors:
- ``doc.text`` is the original; ``doc.norm`` the normalised text (lower case, de-obfuscated, see
  ``normalise.py``). Offsets into ``doc.norm`` must be mapped with ``doc.to_original`` before
  they go into a finding (``Detector.finding(..., normalised=True)`` does it).
- Every ``LexiconHit`` carries both spans: ``nstart/nend`` (normalised) and ``start/end``
  (original), plus ``text`` (the original text matched). Masked words (``f***``) are resolved
  only on request: ``doc.masked_hits(name)``.
- Gates: ``digit_count``, ``has_at``, ``upper_count``, ``shape`` (letters as ``a``, digits as
  ``9``, for substring tests), ``words`` / ``has_word``. ``doc.context`` is the screening
  context when the engine knows it. ``doc.memo(key, build)`` caches derived data per document.
- A Document is not shared between threads; the ``Resources`` it points at are read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar, cast, overload

from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import Context
from socialguard.screening.normalise import MaskedToken, Normalised, normalise
from socialguard.screening.resources import GATE, Resources

__all__ = ["Document", "LexiconHit"]

T = TypeVar("T")


class _lazy(Generic[T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """A lock-free ``cached_property``: computes on first access and stores the value in the
    instance ``__dict__``, which then shadows this (non-data) descriptor.

    ``functools.cached_property`` takes a lock on every first access before Python 3.12, which
    costs microseconds per attribute per document and serialises threads. A ``Document`` belongs
    to one call, so no lock is needed.
    """

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _lazy[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | _lazy[T]:
        if obj is None:
            return self
        value = self.func(obj)
        obj.__dict__[self.name] = value
        return value


class _BoundaryTable(dict[int, str]):
    """``str.translate`` table: alphanumerics kept, everything else becomes a space."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = ch if ch.isalnum() else " "
        self[code] = out
        return out


_BOUNDARY = _BoundaryTable()
_DIGIT_BYTES = b"0123456789"
_NOT_UPPER_BYTES = bytes(c for c in range(128) if not chr(c).isupper())
_SHAPE_BYTES = bytes(
    ord("a")
    if chr(c).isascii() and chr(c).isalpha()
    else ord("9")
    if chr(c).isascii() and chr(c).isdigit()
    else 32
    for c in range(256)
)
_BOUNDARY_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(256))
_EMPTY_RESOURCES: Resources | None = None
_NO_GATES: frozenset[str] = frozenset()


def _empty_resources() -> Resources:
    global _EMPTY_RESOURCES  # noqa: PLW0603 - a lazily built, immutable singleton
    if _EMPTY_RESOURCES is None:
        _EMPTY_RESOURCES = Resources.build()
    return _EMPTY_RESOURCES


class LexiconHit(NamedTuple):
    """A lexicon entry found in a document.

    ``nstart``/``nend`` index ``doc.norm``; ``start``/``end`` index the original text and
    ``text`` is ``doc.text[start:end]``. ``masked`` is true when the hit came from a masked word
    (``f***``); ``variant`` is ``"squeezed"`` when it matched the entry's single-letter spelling.
    """

    lexicon: str
    entry: LexiconEntry
    nstart: int
    nend: int
    start: int
    end: int
    text: str
    masked: bool = False
    variant: str = ""


def _hit_order(hit: LexiconHit) -> tuple[int, int, int]:
    return (hit.nstart, hit.nend, hit.entry.line)


class Document:
    """One text, normalised once, with gates and lexicon hits for every detector."""

    def __init__(
        self,
        text: str,
        resources: Resources | None = None,
        *,
        context: Context | None = None,
    ) -> None:
        self.text: str = text
        self.resources: Resources = resources if resources is not None else _empty_resources()
        #: Where the text is going, when the caller knows (the engine always sets it). Most
        #: detectors ignore it: decisions belong to the pack, not to detectors.
        self.context: Context | None = context
        self._normalised: Normalised = normalise(text, self.resources.vocabulary)
        self.norm: str = self._normalised.text

    # -- offsets -----------------------------------------------------------------------------

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``norm`` to the original span it came from."""
        return self._normalised.to_original(start, end)

    def original(self, start: int, end: int) -> str:
        """The original text behind the normalised span ``[start, end)``."""
        s, e = self.to_original(start, end)
        return self.text[s:e]

    @property
    def identity(self) -> bool:
        """True when ``norm`` offsets equal original offsets (no characters added or removed)."""
        return self._normalised.identity

    @property
    def masks(self) -> tuple[MaskedToken, ...]:
        """Masked words (``f***``) in ``norm``."""
        return self._normalised.masks

    # -- cheap gates -------------------------------------------------------------------------

    # The gates below run on every text, so they avoid per-character Python: for ASCII texts
    # (most posts) they use bytes.translate, a table look-up in C that is several times faster
    # than str.translate's dict look-ups; other texts take the str route.

    @_lazy
    def _utf8(self) -> bytes:
        # ASCII characters are single bytes in UTF-8 and every byte of a multi-byte character
        # is >= 0x80, so ASCII-level tests on these bytes are exact.
        return self.text.encode("utf-8")

    @_lazy
    def _ascii(self) -> bytes | None:
        return self._utf8 if self.text.isascii() else None

    @_lazy
    def digit_count(self) -> int:
        """Number of ASCII digits in the original text (most posts have few; PII needs some)."""
        raw = self._utf8
        return len(raw) - len(raw.translate(None, _DIGIT_BYTES))

    @_lazy
    def has_at(self) -> bool:
        """Whether the text contains ``@`` (e-mail addresses, handles)."""
        return "@" in self.text

    @_lazy
    def upper_count(self) -> int:
        """Number of upper-case letters in the original text."""
        raw = self._ascii
        if raw is not None:
            return len(raw.translate(None, _NOT_UPPER_BYTES))
        return sum(map(str.isupper, self.text))

    @_lazy
    def shape(self) -> str:
        """The original text with ASCII letters as ``a``, digits as ``9`` and everything else as
        spaces, for C-speed substring tests: ``"9aa" in doc.shape`` means "a digit followed by
        two letters" (a postcode's inward code). For substring tests only: a non-ASCII character
        becomes one space per UTF-8 byte, so offsets match the text only when it is ASCII."""
        return self._utf8.translate(_SHAPE_BYTES).decode("ascii")

    @_lazy
    def words(self) -> str:
        """``norm`` with every non-alphanumeric character replaced by a space, padded with one
        space each side: ``" " + word-chars + " "``. Index ``i + 1`` corresponds to ``norm[i]``.
        ``" foo " in doc.words`` is a fast whole-word test."""
        norm = self.norm
        try:
            # Latin-1 covers ASCII and '£', 'é' …: one byte per character, so a bytes table
            # keeps offsets and runs in C; emoji and other characters take the str route.
            raw = norm.encode("latin-1")
        except UnicodeEncodeError:
            return " " + norm.translate(_BOUNDARY) + " "
        return " " + raw.translate(_BOUNDARY_BYTES).decode("latin-1") + " "

    def has_word(self, word: str) -> bool:
        """Whether ``word`` (already lower case, no punctuation) occurs as a whole word."""
        return f" {word} " in self.words

    # -- lexicon hits (one pass) -------------------------------------------------------------

    @_lazy
    def _hits(self) -> tuple[Mapping[str, tuple[LexiconHit, ...]], frozenset[str]]:
        automaton = self.resources.automaton
        entries: list[LexiconEntry] = []
        self.__dict__["hit_entries"] = entries
        if automaton is None or len(automaton) == 0:
            return {}, _NO_GATES
        by_lexicon: dict[str, list[LexiconHit]] = {}
        gates: set[str] = set()
        padded = self.words
        text = self.text
        identity = self._normalised.identity
        to_original = self._normalised.to_original
        seen: set[tuple[str, int, int, int]] = set()
        unsorted: set[str] = set()
        # This loop runs once per text for every detector, so it is kept lean: the automaton
        # stores the entry itself (no look-up per hit), hits are built with the C-level
        # ``tuple.__new__`` (a NamedTuple's own ``__new__`` is a Python function), and the
        # (common) identity path does no offset mapping.
        new = tuple.__new__
        add_entry = entries.append
        for end_index, items in automaton.iter(padded):
            for lexicon, entry, prefix, key_len, variant in items:
                if lexicon is GATE:
                    gates.add(variant)
                    continue
                nstart = end_index - key_len + 1  # padded index of the leading space == norm start
                # A prefix entry's word runs on to the next boundary.
                nend = padded.find(" ", end_index + 1) - 1 if prefix else end_index - 1
                if variant:
                    mark = (lexicon, id(entry), nstart, nend)
                    if mark in seen:
                        continue
                    seen.add(mark)
                start, end = (nstart, nend) if identity else to_original(nstart, nend)
                hit = new(
                    LexiconHit,
                    (lexicon, entry, nstart, nend, start, end, text[start:end], False, variant),
                )
                add_entry(entry)
                found = by_lexicon.get(lexicon)
                if found is None:
                    by_lexicon[lexicon] = [hit]
                    continue
                # Hits arrive by end position; a lexicon's hits need sorting only when one
                # starts before (or on the same span as) the one before it.
                last = found[-1]
                if nstart < last[2] or (nstart == last[2] and nend <= last[3]):
                    unsorted.add(lexicon)
                found.append(hit)
        frozen = {name: tuple(hits) for name, hits in by_lexicon.items()}
        for name in unsorted:
            frozen[name] = tuple(sorted(by_lexicon[name], key=_hit_order))
        return frozen, frozenset(gates) if gates else _NO_GATES

    @_lazy
    def hit_entries(self) -> list[LexiconEntry]:
        """The entry of every hit of ``all_hits`` (any order), for scorers that only need to
        know which entries occur (the learned layer, the engine's detector gating)."""
        self._hits  # noqa: B018 - the one pass fills this attribute as it goes
        return cast("list[LexiconEntry]", self.__dict__["hit_entries"])

    @property
    def open_gates(self) -> frozenset[str]:
        """Keys (``"<set>.<id>"``) of the phrase patterns whose trigger words occur in the text,
        from the one automaton pass. Intersect it with a detector's pattern keys to run only the
        regexes that could match."""
        return self._hits[1]

    def masked_hits(self, lexicon: str) -> tuple[LexiconHit, ...]:
        """Masked words (``f***``, ``sh*t``, ``c**t``) resolved against ``lexicon``'s single-word
        entries, with ``masked=True``.

        A mask fits an entry of the same length (or a prefix entry that the visible letters
        continue) when every visible letter agrees and at least one letter is hidden. When
        several entries fit, the first in the file wins, so list the likeliest reading first.
        Only lexicons whose detector asks are resolved: a mask says "a rude word", so resolving
        it against, say, a list of legal terms would invent hits.
        """
        if not self.masks:
            return ()
        cached = self._masked_cache.get(lexicon)
        if cached is not None:
            return cached
        candidates = self.resources.mask_index.get(lexicon, {})
        entries = self.resources.lexicons[lexicon].entries if candidates else ()
        out: list[LexiconHit] = []
        for mask in self.masks:
            pattern = mask.pattern
            chosen: int | None = None
            for cand in candidates.get(pattern[0], ()):
                key = cand.key
                if len(pattern) == len(key):
                    part = pattern
                elif cand.prefix and len(pattern) > len(key) and "*" not in pattern[len(key) :]:
                    part = pattern[: len(key)]
                else:
                    continue
                if "*" not in part:
                    continue
                if all(p in ("*", k) for p, k in zip(part, key, strict=True)):
                    chosen = cand.index
                    break
            if chosen is not None:
                start, end = self.to_original(mask.start, mask.end)
                out.append(
                    LexiconHit(
                        lexicon,
                        entries[chosen],
                        mask.start,
                        mask.end,
                        start,
                        end,
                        self.text[start:end],
                        True,
                        "masked",
                    )
                )
        result = tuple(out)
        self._masked_cache[lexicon] = result
        return result

    @_lazy
    def _masked_cache(self) -> dict[str, tuple[LexiconHit, ...]]:
        return {}

    def hits(self, lexicon: str) -> tuple[LexiconHit, ...]:
        """Whole-word hits of ``lexicon`` in text order (empty if none or no such lexicon).

        Masked words are NOT included; ask ``masked_hits(lexicon)`` for those.
        """
        return self._hits[0].get(lexicon, ())

    def has_hits(self, lexicon: str) -> bool:
        """Whether ``lexicon`` has any hit."""
        return lexicon in self._hits[0]

    @property
    def all_hits(self) -> Mapping[str, tuple[LexiconHit, ...]]:
        """Every lexicon's hits, by lexicon name."""
        return self._hits[0]

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A per-document cache for derived data several detectors (or several calls of one
        detector) need, e.g. a sorted index of context words. ``build`` runs once per key."""
        cache = self._memo
        if key not in cache:
            cache[key] = build()
        return cast("T", cache[key])

    @_lazy
    def _memo(self) -> dict[str, object]:
        return {}

    def gate_open(self, pattern_key: str) -> bool:
        """Whether a trigger word of pattern ``"<set>.<id>"`` occurs in the text."""
        return pattern_key in self._hits[1]
