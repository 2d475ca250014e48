# mypy: disable-error-code="misc"
"""Adversarial inputs built from a regex's own structure, and a timing probe (ReDoS checks).

``adversarial_inputs(regex)`` walks the parsed regex (``re._parser``) and returns named input
makers ``make(size) -> str``, each aimed at the shapes that make a backtracking engine slow:

- ``word``: a literal word of the pattern repeated, with and without separators (every
  position starts a match attempt that runs far before failing);
- ``run``: a long run of a character a loop accepts, then a character it rejects (the classic
  ``\\s+$`` on ``"   ...x"``), alone and as ``"c c c ..."``;
- ``near``: a prefix of a sample match followed by a long tail that fails (a loop run or the
  pattern's words), and a truncated sample match repeated (the near-miss, many times over).

``probe(regex, make)`` times ``finditer`` over the input at growing sizes with CPU time and the
garbage collector out of the timed call (as ``timing.py`` does), stopping early once a run is
slow. It is a heuristic: it finds the shapes people write, not every possible slow input.
"""

from __future__ import annotations

import gc
import importlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# The stdlib regex parser (private but stable since 3.11): typed as Any, it has no stubs.
C: Any = importlib.import_module("re._constants")
P: Any = importlib.import_module("re._parser")

__all__ = ["Probe", "adversarial_inputs", "finditer_seconds", "probe"]

Maker = Callable[[int], str]

# Characters tried, in order, when a class needs a member (or a non-member).
_CANDIDATES = "ae1 .,'-\nxz@#/!?:AéA_(\t"
_FAIL_CANDIDATES = "#\x00~|^!?.,;:1 a\n"

_CATEGORY_TESTS: dict[Any, Callable[[str], bool]] = {
    C.CATEGORY_DIGIT: str.isdigit,
    C.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    C.CATEGORY_SPACE: str.isspace,
    C.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    C.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    C.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _in_class(items: list[tuple[Any, Any]], ch: str, ignore_case: bool) -> bool:
    negate = False
    hit = False
    chars = {ch, ch.lower(), ch.upper()} if ignore_case else {ch}
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op in (C.LITERAL,):
            hit = hit or any(ord(c) == av for c in chars)
        elif op in (C.RANGE, C.RANGE_UNI_IGNORE):
            lo, hi = av
            hit = hit or any(lo <= ord(c) <= hi for c in chars)
        elif op is C.CATEGORY:
            test = _CATEGORY_TESTS.get(av)
            hit = hit or (test is not None and test(ch))
    return hit != negate


def _member(op: Any, av: Any, ignore_case: bool, *, inside: bool = True) -> str | None:
    """A character that a single-character node accepts (or, with ``inside=False``, rejects)."""
    pool = _CANDIDATES if inside else _FAIL_CANDIDATES
    for ch in pool:
        if op is C.LITERAL:
            ok = ch == chr(av) or (ignore_case and ch.lower() == chr(av).lower())
        elif op is C.NOT_LITERAL:
            ok = ch.lower() != chr(av).lower()
        elif op is C.ANY:
            ok = ch != "\n"
        elif op is C.IN:
            ok = _in_class(av, ch, ignore_case)
        else:
            return None
        if ok == inside:
            return ch
    return None


@dataclass
class _Walk:
    ignore_case: bool
    words: list[str]
    loops: list[tuple[str, str]]  # (body sample, prefix of the regex before the loop)


def _sample(data: Iterable[tuple[Any, Any]], ic: bool, pick: int, reps: int) -> str:
    """A string the node list probably matches (``pick`` chooses branches, ``reps`` loop counts)."""
    out: list[str] = []
    for op, av in data:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            out.append(_member(op, av, ic) or "a")
        elif op is C.BRANCH:
            branches = av[1]
            out.append(_sample(branches[pick % len(branches)], ic, pick, reps))
        elif op is C.SUBPATTERN:
            out.append(_sample(av[3], ic, pick, reps))
        elif op is C.ATOMIC_GROUP:
            out.append(_sample(av, ic, pick, reps))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            count = max(lo, min(hi, reps))
            out.append(_sample(body, ic, pick, reps) * count)
        elif op is C.GROUPREF_EXISTS:
            out.append(_sample(av[1], ic, pick, reps))
        # AT, ASSERT, ASSERT_NOT, GROUPREF: contribute nothing.
    return "".join(out)


def _walk(data: Iterable[tuple[Any, Any]], w: _Walk, before: str) -> str:
    """Collect literal words and loops; return the sample text matched so far (``before`` + own)."""
    text = before
    run: list[str] = []

    def flush() -> None:
        word = "".join(run).strip()
        if len(word) >= 2 and word not in w.words:
            w.words.append(word)
        run.clear()

    for op, av in data:
        if op is C.LITERAL:
            run.append(chr(av))
            text += chr(av)
            continue
        flush()
        if op is C.BRANCH:
            for branch in av[1]:
                _walk(branch, w, text)
            text += _sample(av[1][0], w.ignore_case, 0, 1)
        elif op in (C.SUBPATTERN, C.ATOMIC_GROUP):
            body = av[3] if op is C.SUBPATTERN else av
            text = _walk(body, w, text)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            if hi is C.MAXREPEAT or hi >= 8:
                sample = _sample(body, w.ignore_case, 0, 1) or " "
                w.loops.append((sample, text))
            inner = _walk(body, w, "")
            text += inner * max(lo, 1)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _walk(av[1], w, "")
        elif op in (C.NOT_LITERAL, C.ANY, C.IN):
            text += _member(op, av, w.ignore_case) or "a"
    flush()
    return text


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def adversarial_inputs(regex: re.Pattern[str], *, limit: int = 16) -> dict[str, Maker]:
    """Named input makers aimed at this regex's loops, words and near-misses (at most ``limit``)."""
    parsed = P.parse(regex.pattern, regex.flags)
    ic = bool(regex.flags & re.IGNORECASE) or bool(parsed.state.flags & re.IGNORECASE)
    w = _Walk(ic, [], [])
    _walk(parsed.data, w, "")
    makers: dict[str, Maker] = {}

    def add(name: str, maker: Maker) -> None:
        if len(makers) < limit and name not in makers:
            makers[name] = maker

    def tail_fail(s: str) -> str:
        for ch in _FAIL_CANDIDATES:
            if ch not in s:
                return ch
        return "#"

    # Near-misses: a truncated sample match, alone with a long failing tail and repeated.
    samples = {_sample(parsed.data, ic, pick, reps) for pick in (0, 1, -1) for reps in (1, 3)}
    for sample in sorted(s for s in samples if len(s) >= 2)[:3]:
        cut = sample[: max(1, len(sample) - 1)]
        add(f"near:{cut!r}*", lambda n, u=cut + " ": _fill(u, n))
        add(f"near:{cut!r}", lambda n, u=cut: _fill(u, n))
    # Loops: long runs of what they accept, then a rejected character; and after their prefix.
    for body, prefix in w.loops[:8]:
        bad = tail_fail(body)
        add(f"run:{body!r}", lambda n, u=body, b=bad: _fill(u, n - 1) + b)
        add(f"run:{body!r}+sp", lambda n, u=body + " ": _fill(u, n - 1) + "#")
        if prefix.strip():
            add(
                f"near:{prefix!r}+{body!r}",
                lambda n, p=prefix, u=body, b=bad: p + _fill(u, n - len(p) - 1) + b,
            )
            add(f"near:{prefix!r}+{body!r}*", lambda n, u=prefix + body + bad: _fill(u, n))
    # Words: each literal word repeated, bare and with separators.
    for word in sorted(w.words, key=len, reverse=True)[:6]:
        add(f"word:{word!r}", lambda n, u=word: _fill(u, n))
        add(f"word:{word!r} ", lambda n, u=word + " ": _fill(u, n))
        add(f"word:{word!r}, ", lambda n, u=word + ", ": _fill(u, n))
    if w.words:
        mix = " ".join(w.words[:12]) + " "
        add("words:mixed", lambda n, u=mix: _fill(u, n))
    return makers


def finditer_seconds(regex: re.Pattern[str], text: str) -> float:
    """CPU seconds for one full ``finditer`` over ``text``, the collector kept out."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for _ in regex.finditer(text):
            pass
        return time.process_time() - start
    finally:
        gc.enable()


@dataclass(frozen=True)
class Probe:
    """Times at the probed sizes (CPU seconds, best of ``repeats``)."""

    sizes: tuple[int, ...]
    seconds: tuple[float, ...]

    @property
    def ratio(self) -> float:
        """Time at the largest size over time at the size before (quick pass; noisy)."""
        if len(self.seconds) < 2:
            return float("inf")
        return self.seconds[-1] / max(self.seconds[-2], 1e-6)


def probe(
    regex: re.Pattern[str],
    make: Maker,
    sizes: tuple[int, ...] = (16, 24, 32, 48, 64, 5_000, 20_000),
    *,
    repeats: int = 1,
    stop_after: float = 0.1,
) -> Probe:
    """Time ``finditer`` on ``make(size)`` for each size, stopping once a run exceeds
    ``stop_after`` seconds: the tiny sizes first, so an exponential regex is stopped before it
    can hang, and a catastrophic one is never run on the larger sizes."""
    done: list[int] = []
    times: list[float] = []
    # One collection for the whole probe (a full collection per call would cost more than the
    # regexes themselves); the collector stays off while the sizes are timed.
    gc.collect()
    gc.disable()
    try:
        for size in sizes:
            text = make(size)
            best = float("inf")
            for _ in range(repeats):
                start = time.process_time()
                for _ in regex.finditer(text):
                    pass
                best = min(best, time.process_time() - start)
            done.append(size)
            times.append(best)
            if best > stop_after:
                break
    finally:
        gc.enable()
    return Probe(tuple(done), tuple(times))


def iter_words(regex: re.Pattern[str]) -> Iterator[str]:
    """The literal words of a regex (for reports)."""
    parsed = P.parse(regex.pattern, regex.flags)
    w = _Walk(bool(regex.flags & re.IGNORECASE), [], [])
    _walk(parsed.data, w, "")
    yield from w.words
