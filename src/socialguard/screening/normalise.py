"""Text normalisation with an offset map back to the original text.

``normalise(text)`` returns a ``Normalised``: the folded text that lexicons and phrase patterns
match against, plus a map from every normalised character back to the original span it came
from. Detectors work on whichever text suits them and report ORIGINAL offsets via
``Normalised.to_original``.

What is folded, in order:

1. Per character (a cached ``str.translate`` table): NFKC (fullwidth letters, mathematical
   alphanumerics, ligatures), accents stripped (``fück`` → ``fuck``), casefold, Cyrillic and Greek
   look-alike letters mapped to Latin, typographic quotes and dashes mapped to ASCII, zero-width
   characters and soft hyphens deleted.
2. Per token, only when a cheap trigger regex says it could apply:
   - spaced single letters joined: ``f u c k``, ``s.h.i.t``, ``c-u-n-t`` → ``fuck``, ``shit``,
     ``cunt``;
   - leetspeak undone inside mostly-letter tokens: ``sh1t``, ``b@stard``, ``$hite``. Never in
     numbers, ordinals and units (``0800``, ``3rd``, ``10am``), postcode halves (``wa10``,
     ``1hp``), e-mail addresses, URLs or ``@handles``;
   - runs of three or more identical letters collapsed to one: ``fuuuuck`` → ``fuck`` (``w`` is
     exempt so ``www.`` survives);
   - masked words recorded: ``f***``, ``sh*t``, ``c**t``, ``f##king`` become ``MaskedToken``\\ s
     (``#`` shown as ``*``) for the lexicon layer to resolve against its entries.

Fast path: a plain-ASCII text with nothing to de-obfuscate is just ``text.lower()`` with an
identity map; a non-ASCII text whose characters all fold one-to-one is one ``translate`` call. No
per-character Python loop runs unless a rewrite is actually needed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

__all__ = ["MaskedToken", "Normalised", "Vocabulary", "fold_term", "normalise"]

# Characters deleted outright: zero-width space/joiners, word joiner, BOM, soft hyphen, the
# Mongolian vowel separator and other invisible format characters people use to split words.
_DELETE: Final = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\u3164\uffa0"
)

# Typographic punctuation to ASCII so that patterns can say "don't" once.
_PUNCT: Final = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
}

# Look-alike letters (after casefold) → Latin. Cyrillic and Greek lower case, plus a few Latin
# letters from other blocks that NFKC leaves alone. Used for matching only; the original text is
# never altered.
_CONFUSABLES: Final = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "з": "3", "и": "u", "к": "k",
    "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ц": "u", "ч": "4", "ш": "w", "ь": "b", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "һ": "h", "ԛ": "q", "ԝ": "w", "ү": "y", "ӏ": "l", "ɡ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "μ": "u",
    # Latin look-alikes NFKC keeps
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ɑ": "a", "ɩ": "i",
    "ʀ": "r", "ʏ": "y", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ғ": "f", "ɢ": "g",
    "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p",
    "ǫ": "q", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ß": "ss",
}  # fmt: skip


def _fold_char(ch: str) -> str:
    """Fold one character to what matching should see (possibly several characters, or none)."""
    if ch in _DELETE:
        return ""
    if ch in _PUNCT:
        return _PUNCT[ch]
    if ch.isascii():
        return ch.lower()
    folded = unicodedata.normalize("NFKC", ch)
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if not stripped and decomposed:
        # A lone combining mark (decomposed input): it belongs to the previous letter.
        return ""
    return "".join(_CONFUSABLES.get(c, _PUNCT.get(c, c)) for c in stripped.casefold())


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that computes and caches each character's fold on first use.

    ``str.translate`` looks characters up with ``__getitem__``, which calls ``__missing__`` for
    a dict subclass, so the table grows to exactly the characters seen. Characters whose fold is
    not exactly one character are remembered in ``length_changing`` so the caller knows the
    identity offset map no longer holds.
    """

    def __init__(self) -> None:
        super().__init__()
        self.length_changing: set[str] = set(_DELETE)

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = _fold_char(ch)
        if len(folded) != 1:
            self.length_changing.add(ch)
        # dict assignment is atomic under the GIL; two threads computing the same fold store the
        # same value, so the race is harmless.
        self[code] = folded
        return folded


_FOLD = _FoldTable()

_LEET: Final = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
}

# Cheap triggers, run on the per-character-folded text. If none matches, no rewrite is needed.
_TRIGGER: Final = re.compile(
    r"(?<![a-z0-9])[a-z][ .\-_*][a-z][ .\-_*][a-z](?![a-z0-9])"  # spaced letters
    r"|[a-z][013457$!|]+[a-z]|[a-z]@(?![\w-]*\.[a-z])[a-z]"  # leet between letters, not e-mail
    r"|(?<![a-z0-9])[013457$]+[a-z]{3}"  # leet at the start of a word: $hite, 5hit
    r"|[a-z][*#]"  # masked word
    r"|([a-vx-z])\1\1"  # stretched letters
)
# Character classes for the pre-filter: letter 'a', leet that may start a word '1' (digits and
# '$'), leet only inside a word '2' ('@', '!', '|'), mask 'm', other ASCII 's'. '@' has its own
# class because @handles ("@sthelenscouncil") are common and never a leet word start: with '@'
# in class '1' they sent a fifth of all posts to the trigger regex for nothing.
_CLASS_TABLE: Final = {
    **dict.fromkeys(range(128), "s"),
    **{ord(c): "a" for c in "abcdefghijklmnopqrstuvwxyz"},
    **{ord(c): "1" for c in "013457$"},
    **{ord(c): "2" for c in "@!|"},
    **{ord(c): "m" for c in "*#"},
}


_CLASS_BYTES: Final = bytes(ord(_CLASS_TABLE[c]) if c < 128 else ord("s") for c in range(256))


def _may_need_rewrite(s: str) -> bool:
    """A cheap, C-speed pre-filter for ``_TRIGGER``: False means no rewrite can apply.

    Each test is a substring search on a class string (``bytes.translate`` + ``in``), which is
    several times faster than running the trigger regex over every clean text. Contract: every
    text ``_TRIGGER`` matches passes (each alternative of the regex implies one test below).
    """
    # bytes.translate is a C table look-up, several times faster than str.translate. Every byte
    # of a non-ASCII character maps to 's' ("other"), which can only add candidates: the
    # patterns that matter are made of ASCII characters.
    b = b"s" + s.encode("utf-8").translate(_CLASS_BYTES) + b"s"
    # One-byte tests first (memchr): most posts have no mask and no leet character at all, and
    # a two-byte search through a text of 'a's is several times slower than a one-byte one.
    has1 = b"1" in b
    has2 = b"2" in b
    if (b"m" in b and b"am" in b) or b"sasasas" in b or (has1 and b"1aaa" in b):
        return True  # masked word, spaced letters, leet at the start of a word
    if (has1 or has2) and (b"a1" in b or b"a2" in b) and (b"1a" in b or b"2a" in b):
        # Leet between letters: a run of leet characters with a letter on each side (a run of
        # four or more counts whatever follows). Postcodes and road names ("wa10 1hp", "m62")
        # have letters and digits side by side, but not letter-digit-letter.
        m = b.replace(b"2", b"1")
        if b"a1a" in m or b"a11a" in m or b"a111a" in m or b"a1111" in m:
            return True
    return _has_triple(s) and _RUN.search(s) is not None


def _has_triple(s: str) -> bool:
    """Whether any character occurs three times in a row (a superset of stretched letters).

    XOR-ing the text's bytes with the same bytes shifted by one leaves a zero byte wherever two
    neighbours are equal, so two zero bytes in a row mean three equal characters. Big-integer
    arithmetic and ``bytes.__contains__`` run in C: about a microsecond for a post, against
    several for a back-referencing regex. Characters outside Latin-1 are dropped first, which can
    only add candidates; the regex confirms them.
    """
    b = s.encode("latin-1", "ignore")
    if len(b) < 3:
        return False
    diff = int.from_bytes(b[:-1], "big") ^ int.from_bytes(b[1:], "big")
    return b"\0\0" in diff.to_bytes(len(b) - 1, "big")


_SPACED: Final = re.compile(r"(?<![a-z0-9])[a-z](?:([ .\-_*])[a-z])(?:\1[a-z])+(?![a-z0-9])")
_TOKEN: Final = re.compile(r"\S+")
_LEET_RUN: Final = re.compile(r"[013457@$!|]+")
_LEET_CANDIDATE: Final = re.compile(r"[013457@$!|]+(?=[a-z])")
_LETTERS: Final = re.compile(r"[a-z]*")
# Tokens never de-leeted: ordinals, times, units, postcode halves and similar shapes.
_NO_LEET: Final = re.compile(
    r"[(\"'\[]*(?:\d+[a-z]{1,3}|[a-z]{1,2}\d+|(?:ec|sw|wc|nw|se|w|e|n)\d[a-z]|\d[a-z]{2}|@\w+"
    r"|\w[\w.+-]*@[\w-]+\.[\w.]+"
    r"|\w+://\S*|www\.\S*)[)\"'\].,!?:;]*\Z"
)
_RUN: Final = re.compile(r"([a-vx-z])\1{2,}")
_MASKED: Final = re.compile(r"(?<![a-z0-9*#])[a-z][a-z]*[*#][a-z*#]*(?![a-z0-9*#])")


@dataclass(frozen=True, slots=True)
class MaskedToken:
    """A masked word in the normalised text: ``pattern`` uses ``*`` for each hidden letter."""

    start: int
    end: int
    pattern: str


@dataclass(frozen=True, slots=True)
class Normalised:
    """A normalised text and its map back to the original.

    ``starts[i]``/``ends[i]`` give the original span of normalised character ``i``; both are
    ``None`` when the map is the identity (same length, character for character).
    """

    original: str
    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None
    masks: tuple[MaskedToken, ...] = ()

    @property
    def identity(self) -> bool:
        """True when normalised offsets equal original offsets."""
        return self.starts is None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original span that produced it.

        Contract: the result satisfies ``0 <= s <= e <= len(original)``; an empty span maps to an
        empty span at the corresponding position.
        """
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.starts)
        if n == 0:
            return 0, 0
        if end <= start:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[min(end, n) - 1]


_Edit = tuple[int, int, str, list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Known single words (lexicon terms, already folded) for decisions normalisation cannot
    make from the text alone: whether spaced letters after a lone "a"/"I" spell a word of
    their own. ``prefixes`` are ``term*`` entries, which match any word they begin."""

    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self.words:
            return True
        return any(word[:k] in self.prefixes for k in range(1, len(word) + 1))


def _rewrite(
    s: str, starts: list[int], ends: list[int], edits: list[_Edit]
) -> tuple[str, list[int], list[int]]:
    """Apply sorted, non-overlapping edits ``(a, b, replacement, sources)``.

    ``sources[k] = (lo, hi)`` says replacement character ``k`` came from current characters
    ``lo..hi`` inclusive, so its original span is ``starts[lo]..ends[hi]``.
    """
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for a, b, repl, sources in edits:
        out.append(s[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        out.append(repl)
        for lo, hi in sources:
            new_starts.append(starts[lo])
            new_ends.append(ends[hi])
        pos = b
    out.append(s[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(out), new_starts, new_ends


def _join_spaced(s: str, vocabulary: Vocabulary | None = None) -> list[_Edit]:
    edits: list[_Edit] = []
    for m in _SPACED.finditer(s):
        a, b = m.span()
        if (
            vocabulary is not None
            and s[a] in "ai"
            and s[a + 1] == " "
            and b - a >= 7
            and s[a + 2 : b : 2] in vocabulary
            and s[a:b:2] not in vocabulary
        ):
            # "get a f u c k i n g grip": the article "a" (or "I") is a word of its own when
            # the letters after it spell a known term and the letters with it do not.
            a += 2
        letters = [(i, i) for i in range(a, b, 2)]
        edits.append((a, b, "".join(s[i] for i, _ in letters), letters))
    return edits


def _deleet(s: str) -> list[_Edit]:
    """Leet runs to undo. Works from the candidate runs (leet characters followed by a letter),
    so clean tokens cost nothing; each token's checks are done once."""
    edits: list[_Edit] = []
    verdicts: dict[int, tuple[bool, int]] = {}
    runs = list(_LEET_CANDIDATE.finditer(s))
    if not runs:
        return edits
    # Token boundaries once (a long token must not be rescanned for each of its runs).
    tokens = [t.span() for t in _TOKEN.finditer(s)]
    token_starts = [a for a, _ in tokens]
    for run in runs:
        ra, rb = run.span()
        ts, te = tokens[bisect_right(token_starts, ra) - 1]
        verdict = verdicts.get(ts)
        if verdict is None:
            word = s[ts:te]
            letters = sum(1 for c in word if c.isalpha())
            verdict = (not _NO_LEET.match(word) and letters >= 2, letters)
            verdicts[ts] = verdict
        ok, letters = verdict
        if not ok:
            continue
        before = s[ra - 1 : ra] if ra > ts else ""
        if before.isalpha():
            pass
        elif ra == ts or not before.isalnum():
            # A run at the start of a word: only symbols, or digits before 3+ letters,
            # and never an @handle.
            rest = _LETTERS.match(s, rb)
            if run.group().startswith("@") or rest is None or rest.end() - rb < 3:
                continue
        else:
            continue
        if len(run.group()) * 2 > letters + len(run.group()):
            continue  # mostly symbols: not a word in disguise
        repl = "".join(_LEET[c] for c in run.group())
        edits.append((ra, rb, repl, [(i, i) for i in range(ra, rb)]))
    return edits


def _collapse_runs(s: str) -> list[_Edit]:
    return [(m.start(), m.end(), m.group(1), [(m.start(), m.end() - 1)]) for m in _RUN.finditer(s)]


def _fold_text(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Step 1: per-character fold. Returns the folded text and its map (``None`` = identity)."""
    if text.isascii():
        return text.lower(), None, None
    folded = text.translate(_FOLD)
    if "\u00a2" in folded:
        folded = _fold_cents(folded)
    if _FOLD.length_changing.isdisjoint(text):
        return folded, None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    table = _FOLD
    for i, ch in enumerate(text):
        f = table[ord(ch)] if ord(ch) in table else table.__missing__(ord(ch))
        if not f:
            continue
        out.append(f)
        starts.extend([i] * len(f))
        ends.extend([i + 1] * len(f))
    joined = "".join(out)
    if "\u00a2" in joined:
        joined = _fold_cents(joined)
    return joined, starts, ends


# "¢" is a 'c' inside a word ("¢unt") but a price after a number ("50¢"); '£' is never folded.
_CENT_IN_WORD: Final = re.compile(r"\u00a2(?=[a-z])|(?<=[a-z])\u00a2")


def _fold_cents(s: str) -> str:
    """``¢`` next to a letter becomes ``c`` (one character for one: offsets are unchanged)."""
    return _CENT_IN_WORD.sub("c", s)


def normalise(text: str, vocabulary: Vocabulary | None = None) -> Normalised:
    """Normalise ``text`` for matching; see the module docstring for what is folded.

    ``vocabulary`` (the loaded lexicons' single words; ``Document`` passes it) lets spaced
    letters after a lone "a"/"I" be joined without it when only that reading is a known word.

    Deterministic and pure; linear in ``len(text)`` (every step is a single regex scan or a
    single pass).
    """
    s, starts, ends = _fold_text(text)
    if not _may_need_rewrite(s) or not _TRIGGER.search(s):
        return Normalised(text, s, starts, ends)
    if starts is None or ends is None:
        starts = list(range(len(s)))
        ends = list(range(1, len(s) + 1))
    for step in (_join_spaced, _deleet, _collapse_runs):
        edits = _join_spaced(s, vocabulary) if step is _join_spaced else step(s)
        if edits:
            s, starts, ends = _rewrite(s, starts, ends, edits)
    masks = tuple(
        MaskedToken(m.start(), m.end(), m.group().replace("#", "*")) for m in _MASKED.finditer(s)
    )
    for mask in masks:
        # '#' is a mask character only inside a masked word; hashtags elsewhere stay as they are.
        if "#" in s[mask.start : mask.end]:
            s = s[: mask.start] + mask.pattern + s[mask.end :]
    return Normalised(text, s, starts, ends, masks)


def fold_term(term: str) -> str:
    """Normalise a lexicon term or trigger word exactly as text is normalised."""
    return normalise(term).text
