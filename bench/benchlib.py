"""Shared pieces of the benchmark: the corpus, the metrics, the clocks and the memory gauge.

Nothing here imports a benchmarked tool, so a measurement child can read its inputs and take its
memory baseline before the tool under test is imported.
"""

from __future__ import annotations

import gc
import json
import math
import os
import resource
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
CORPUS_DIR = ROOT / "corpus"
TEXTS_PATH = BENCH_DIR / "texts.jsonl"
RESULTS_PATH = BENCH_DIR / "results.json"

#: The categories all three tools are compared on, and the corpus labels that count as positive
#: for each. A named officer's council e-mail is labelled ``council_email_exposed`` rather than
#: ``personal_data`` in our corpus; Presidio cannot tell the two apart, so both count.
SHARED: dict[str, frozenset[str]] = {
    "personal_data": frozenset({"personal_data", "council_email_exposed"}),
    "offensive_language": frozenset({"offensive_language"}),
}


@dataclass(frozen=True, slots=True)
class Item:
    """One corpus or throughput text. ``labels`` and ``hard_negative_for`` are empty for the
    throughput set, which carries no labels."""

    id: str
    text: str
    context: str
    policy: str
    labels: frozenset[str] = frozenset()
    hard_negative_for: frozenset[str] = frozenset()

    def is_positive(self, category: str) -> bool:
        """Whether the gold labels count as ``category`` (see ``SHARED``)."""
        return not self.labels.isdisjoint(SHARED[category])

    def is_trap(self, category: str) -> bool:
        """Whether the text is a deliberate hard negative for any label counted as ``category``."""
        return not self.hard_negative_for.isdisjoint(SHARED[category])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every non-blank line of ``path`` as a JSON object."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_items(path: Path) -> list[Item]:
    """The texts of a corpus split or of the throughput set, in file order."""
    return [
        Item(
            id=row["id"],
            text=row["text"],
            context=row.get("context", "inbound"),
            policy=row["policy"],
            labels=frozenset(row.get("labels", ())),
            hard_negative_for=frozenset(row.get("hard_negative_for", ())),
        )
        for row in read_jsonl(path)
    ]


# --- accuracy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Confusion:
    """Text-level confusion counts for one category."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of the texts without the category that were flagged anyway."""
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_alarm_rate": round(self.false_alarm_rate, 4),
        }


def confusion(predicted: Iterable[bool], gold: Iterable[bool]) -> Confusion:
    """Counts for paired predictions and gold labels (``zip`` strict: lengths must match)."""
    tp = fp = fn = tn = 0
    for p, g in zip(predicted, gold, strict=True):
        if p and g:
            tp += 1
        elif p:
            fp += 1
        elif g:
            fn += 1
        else:
            tn += 1
    return Confusion(tp, fp, fn, tn)


def best_threshold(scores: Sequence[float], gold: Sequence[bool]) -> tuple[float, Confusion]:
    """The threshold ``t`` (flag when score >= t) with the best F1, and its counts.

    Candidates are the distinct positive scores, so a text scoring 0 is never flagged. Ties go to
    the higher threshold, which has fewer false alarms. One pass over the scores sorted high to
    low, so it is cheap enough to call inside a search.
    """
    positives = sum(gold)
    negatives = len(gold) - positives
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
    best_t, best = math.inf, Confusion(0, 0, positives, negatives)
    tp = fp = 0
    for rank, i in enumerate(order):
        if scores[i] <= 0:
            break
        tp += gold[i]
        fp += not gold[i]
        last_of_group = rank + 1 == len(order) or scores[order[rank + 1]] < scores[i]
        if last_of_group:
            candidate = Confusion(tp, fp, positives - tp, negatives - fp)
            if candidate.f1 > best.f1:
                best_t, best = scores[i], candidate
    return best_t, best


# --- clocks and memory ----------------------------------------------------------------------


def best_of(run: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` timed calls of ``run``, in seconds (a fresh GC before each, so
    one run's garbage is not billed to the next)."""
    best = math.inf
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def call_latencies_ms(call: Callable[[Item], object], items: Sequence[Item]) -> list[float]:
    """Wall time of ``call(item)`` for each item, in milliseconds, in item order."""
    gc.collect()
    clock = time.perf_counter_ns
    out = []
    for item in items:
        start = clock()
        call(item)
        out.append((clock() - start) / 1e6)
    return out


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of already sorted values, linearly interpolated."""
    if not sorted_values:
        return math.nan
    pos = (len(sorted_values) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def peak_rss_mb() -> float:
    """This process's peak resident set so far, in MiB (Linux reports ``ru_maxrss`` in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_to_cpu(cpu: int) -> None:
    """Run this process (and threads it starts later) on one core only."""
    os.sched_setaffinity(0, {cpu})


def raise_priority(increment: int = -10) -> int:
    """Ask the scheduler to favour this process over background jobs (the same for every tool,
    so it only removes noise); returns the niceness in force, unchanged where not permitted."""
    try:
        return os.nice(increment)
    except OSError:
        return os.nice(0)


def core_busy_seconds(cpu: int) -> float | None:
    """Seconds core ``cpu`` has been busy since boot, hypervisor steal included (Linux
    ``/proc/stat``); None where that is unavailable."""
    try:
        lines = Path("/proc/stat").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        name, *fields = line.split()
        if name == f"cpu{cpu}":
            # user nice system idle iowait irq softirq steal: all but idle and iowait is busy.
            ticks = [int(v) for v in fields[:8]]
            return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    return None


def children_cpu_seconds() -> float:
    """CPU time used by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def evenly_spaced(items: Sequence[Item], count: int) -> list[Item]:
    """``count`` items spread across ``items`` (all of them when there are fewer)."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]
