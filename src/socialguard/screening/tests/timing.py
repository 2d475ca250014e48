"""Growth checks for the linear-time tests, made robust for busy CI machines.

``growth_ratio(run, n)`` times ``run(size)`` for a size and for four times that size and returns
the ratio; a linear algorithm gives about 4, a quadratic one about 16, and the tests fail only
above ``LIMIT`` (10). Why it does not flake:
- CPU time of this process (``time.process_time``), not wall-clock, so other processes on the
  machine do not count; the garbage collector is run before and kept out of each timed call,
  because its cost depends on the whole test process's heap rather than on the input;
- each size is timed ``repeats`` times and the best kept, which filters out our own GC pauses
  and cache misses;
- the size is doubled until the small run takes at least ``min_seconds``, so timer resolution
  and fixed per-call costs cannot dominate the small run and inflate the ratio;
- the caller may retry the whole comparison (``best_growth_ratio``): a quadratic algorithm fails
  every round, a linear one passes at least one.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

__all__ = ["LIMIT", "best_growth_ratio", "growth_ratio"]

#: A ratio above this for 4x the input means super-linear time.
LIMIT = 10.0


def _best_seconds(run: Callable[[int], object], size: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        # The collector's cost grows with the whole test process's heap, not with the input:
        # collect first, then keep it out of the timed call so the ratio measures the algorithm.
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run(size)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def growth_ratio(
    run: Callable[[int], object],
    size: int,
    *,
    repeats: int = 3,
    min_seconds: float = 0.02,
    max_size: int = 1 << 22,
) -> float:
    """Best-of-``repeats`` CPU time of ``run(4 * n)`` over that of ``run(n)``, where ``n``
    starts at ``size`` and doubles (up to ``max_size``) until ``run(n)`` takes ``min_seconds``."""
    run(max(1, size // 10))  # warm caches (regexes compiled, tables filled)
    small = _best_seconds(run, size, repeats)
    while small < min_seconds and size * 2 <= max_size:
        size *= 2
        small = _best_seconds(run, size, repeats)
    large = _best_seconds(run, 4 * size, repeats)
    return large / max(small, 1e-6)


def best_growth_ratio(run: Callable[[int], object], size: int, *, rounds: int = 3) -> float:
    """The smallest ``growth_ratio`` over up to ``rounds`` tries, stopping at the first under
    ``LIMIT``."""
    best = float("inf")
    for _ in range(rounds):
        best = min(best, growth_ratio(run, size))
        if best < LIMIT:
            break
    return best
