"""`make bench`: SocialGuard's screening engine vs Microsoft Presidio vs alt-profanity-check.

Usage (from the repository root)::

    python bench/run.py                      # every tool, prints the table, writes results.json
    python bench/run.py --tools socialguard  # a subset
    python bench/run.py --tool presidio --json --cpu 1   # one measurement child (internal)

The parent starts one child process per tool, one after another, each pinned to the same single
core, so peak memory is per tool and no tool's imports or threads touch another's figures. A child
loads its inputs, takes a memory baseline, imports and builds its tool, tunes it on the train
split (where the tool has anything to tune), measures accuracy on the frozen test split, then
batch throughput (warm-up, best of 3) and single-call latency over 2,000 texts, and prints one
JSON object as its last stdout line. The parent prints the table, the ratios and the targets and
writes ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from benchlib import (
    CORPUS_DIR,
    RESULTS_PATH,
    ROOT,
    TEXTS_PATH,
    Item,
    best_of,
    call_latencies_ms,
    children_cpu_seconds,
    confusion,
    core_busy_seconds,
    evenly_spaced,
    load_items,
    peak_rss_mb,
    percentile,
    pin_to_cpu,
    raise_priority,
)

BATCH_REPEATS = 3
WARMUP_TEXTS = 1_000
LATENCY_TEXTS = 2_000
LATENCY_WARMUP = 200
LATENCY_ROUNDS = 3
TOOL_ORDER = ("socialguard", "presidio", "profanity-check")
VERSIONED = (
    "socialguard",
    "presidio-analyzer",
    "alt-profanity-check",
    "scikit-learn",
    "spacy",
    "phonenumbers",
    "numpy",
)
# Numerical libraries must not start a thread pool on the one core they are given.
THREAD_POOL_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
SINGLE_THREAD_ENV = dict.fromkeys(THREAD_POOL_VARIABLES, "1")


# --- the measurement child ------------------------------------------------------------------


def measure_accuracy(tool: Any, test: Sequence[Item]) -> dict[str, dict[str, Any]]:
    """Per shared category and operating point: text-level counts, P/R/F1, the false-alarm rate
    on texts without the category, and how many of the deliberate traps were flagged."""
    scores = tool.scores(test)
    out: dict[str, dict[str, Any]] = {}
    for category, points in tool.operating_points().items():
        gold = [item.is_positive(category) for item in test]
        traps = [item.is_trap(category) and not g for item, g in zip(test, gold, strict=True)]
        out[category] = {}
        for name, threshold in points.items():
            flagged = [s >= threshold for s in scores[category]]
            counts = confusion(flagged, gold).to_dict()
            counts["threshold"] = round(threshold, 4)
            counts["traps_flagged"] = sum(f and t for f, t in zip(flagged, traps, strict=True))
            counts["traps"] = sum(traps)
            out[category][name] = counts
    return out


def measure_batch(tool: Any, texts: Sequence[Item]) -> dict[str, Any]:
    """Texts/s of each batch runner (warm-up, then best of ``BATCH_REPEATS``); the fastest wins."""
    warm = tool.batch_runners(texts[:WARMUP_TEXTS])
    runners = tool.batch_runners(texts)
    per_runner = {}
    for name, runner in runners.items():
        warm[name]()
        per_runner[name] = round(len(texts) / best_of(runner, BATCH_REPEATS), 1)
    fastest = max(per_runner, key=lambda name: per_runner[name])
    return {"texts_per_s": per_runner[fastest], "api": fastest, "by_api": per_runner}


def latency_stats(ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "p50_ms": percentile(ordered, 50),
        "p99_ms": percentile(ordered, 99),
        "mean_ms": sum(ordered) / len(ordered),
        "max_ms": ordered[-1],
    }


def measure_latency(tool: Any, texts: Sequence[Item]) -> dict[str, Any]:
    """One text per call over ``LATENCY_TEXTS`` texts spread across the set, after a warm-up,
    ``LATENCY_ROUNDS`` times.

    The headline statistics are the median over the rounds, so one burst of activity elsewhere
    on the machine does not decide the p99. ``best_per_text`` takes each text's fastest call
    first: what the tool itself costs per text, with other processes' interference (and the
    tool's own occasional GC pauses) filtered out.
    """
    sample = evenly_spaced(texts, LATENCY_TEXTS)
    for item in sample[:LATENCY_WARMUP]:
        tool.single(item)
    runs = [call_latencies_ms(tool.single, sample) for _ in range(LATENCY_ROUNDS)]
    rounds = [latency_stats(ms) for ms in runs]
    out: dict[str, Any] = {
        stat: round(statistics.median(r[stat] for r in rounds), 4) for stat in rounds[0]
    }
    best = latency_stats([min(per_text) for per_text in zip(*runs, strict=True)])
    out["best_per_text"] = {stat: round(v, 4) for stat, v in best.items()}
    out["calls_per_round"] = len(sample)
    out["rounds"] = [{stat: round(v, 4) for stat, v in r.items()} for r in rounds]
    return out


def measure(name: str, cpu: int, texts_path: Path, corpus_dir: Path) -> dict[str, Any]:
    """Everything measured for one tool, in this (child) process."""
    pin_to_cpu(cpu)
    niceness = raise_priority()
    texts = load_items(texts_path)
    train = load_items(corpus_dir / "train.jsonl")
    test = load_items(corpus_dir / "test.jsonl")
    rss_start = peak_rss_mb()

    from adapters import TOOLS

    tool = TOOLS[name]()
    started = time.perf_counter()
    loaded = tool.load()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    tuned = tool.tune(train)
    tune_s = time.perf_counter() - started
    rss_loaded = peak_rss_mb()

    result = {
        "tool": name,
        "label": tool.label,
        "cpu": cpu,
        "niceness": niceness,
        "config": {**loaded, **tuned},
        "load_s": round(load_s, 3),
        "tune_s": round(tune_s, 3),
        "accuracy": measure_accuracy(tool, test),
        "batch": measure_batch(tool, texts),
        "latency": measure_latency(tool, texts),
    }
    result["memory_mb"] = {
        "baseline": round(rss_start, 1),
        "after_load": round(rss_loaded, 1),
        "peak": round(peak_rss_mb(), 1),
        "growth_after_load": round(rss_loaded - rss_start, 1),
        "growth_peak": round(peak_rss_mb() - rss_start, 1),
    }
    return result


# --- the parent -----------------------------------------------------------------------------


def measurement_cpu() -> int:
    """The highest-numbered core this process may use: away from core 0, where the system and
    interrupt handling tend to run."""
    return max(os.sched_getaffinity(0))


def run_child(name: str, cpu: int, texts_path: Path, corpus_dir: Path) -> dict[str, Any]:
    """Measure one tool in a fresh interpreter; its stderr passes through."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--tool", name, "--json", "--cpu", str(cpu),
        "--texts", str(texts_path), "--corpus", str(corpus_dir),
    ]  # fmt: skip
    env = {**os.environ, **SINGLE_THREAD_ENV, "PYTHONHASHSEED": "0"}
    print(f"measuring {name} on core {cpu} …", file=sys.stderr, flush=True)
    busy, ours, started = core_busy_seconds(cpu), children_cpu_seconds(), time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own script under our own interpreter
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False
    )
    wall = time.perf_counter() - started
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"tool": name, "error": f"exit status {done.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    busy_after = core_busy_seconds(cpu)
    if busy is not None and busy_after is not None:
        # Whatever kept the core busy besides the child: other processes, interrupts, steal.
        others = max(0.0, (busy_after - busy) - (children_cpu_seconds() - ours))
        result["other_load_on_core"] = round(others / wall, 3)
    return result


def versions() -> dict[str, str]:
    out = {}
    for dist in VERSIONED:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _proc_field(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, as `make` uses
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout.strip() or "unknown"


def environment(cpu: int, texts: Sequence[Item]) -> dict[str, Any]:
    lengths = sorted(len(item.text) for item in texts)
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": {
            "platform": platform.platform(),
            "cpu_model": _proc_field("/proc/cpuinfo", "model name"),
            "cores_available": len(os.sched_getaffinity(0)),
            "memory": _proc_field("/proc/meminfo", "MemTotal"),
            "measured_on_core": cpu,
        },
        "python": platform.python_version(),
        "versions": versions(),
        "texts": {
            "file": str(TEXTS_PATH.relative_to(ROOT)),
            "count": len(texts),
            "chars_mean": round(sum(lengths) / len(lengths), 1),
            "chars_p50": lengths[len(lengths) // 2],
            "chars_max": lengths[-1],
        },
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    parser.add_argument("--tools", nargs="+", choices=TOOL_ORDER, default=list(TOOL_ORDER))
    parser.add_argument("--tool", choices=TOOL_ORDER, help="internal: measure one tool")
    parser.add_argument("--json", action="store_true", help="internal: print the result as JSON")
    parser.add_argument("--cpu", type=int, default=None, help="core to pin measurements to")
    parser.add_argument("--texts", type=Path, default=TEXTS_PATH)
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--output", type=Path, default=RESULTS_PATH)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    cpu = measurement_cpu() if args.cpu is None else args.cpu
    if args.tool:
        result = measure(args.tool, cpu, args.texts, args.corpus)
        print(json.dumps(result) if args.json else json.dumps(result, indent=2))
        return 0

    import report

    if not args.texts.exists():
        import make_texts

        make_texts.main(["--corpus", str(args.corpus), "--output", str(args.texts)])
    texts = load_items(args.texts)
    results = {name: run_child(name, cpu, args.texts, args.corpus) for name in args.tools}
    summary = report.summarise(results)
    document = {**environment(cpu, texts), **summary, "tools": results}
    args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(report.render(document))
    print(f"\nwritten: {args.output}")
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
