"""Ratios, targets and the printed table, from the children's JSON results.

Every function here is pure: it reads the result dictionaries ``run.py`` collects and never
measures anything, so a saved ``results.json`` can be re-rendered.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeGuard

SG, PRESIDIO, PROFANITY = "socialguard", "presidio", "profanity-check"
PD, OFF = "personal_data", "offensive_language"
Result = dict[str, Any]


def _ok(result: Result | None) -> TypeGuard[Result]:
    """Whether the tool's child produced figures (it did not fail)."""
    return result is not None and "error" not in result


def headline(result: Result, category: str) -> dict[str, Any] | None:
    """The first (headline) operating point of ``category``, or None if not covered."""
    points = result.get("accuracy", {}).get(category)
    return next(iter(points.values())) if points else None


def best_point(result: Result, category: str) -> dict[str, Any] | None:
    """The operating point with the best test F1 (the tool's most favourable figure)."""
    points = result.get("accuracy", {}).get(category)
    return max(points.values(), key=lambda p: p["f1"]) if points else None


def _ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 2) if denominator else math.inf


def ratios(results: dict[str, Result]) -> dict[str, dict[str, float]]:
    """SocialGuard against each other tool, every figure "how many times better SocialGuard is":
    its throughput over theirs, their latency and peak memory over its."""
    sg = results.get(SG)
    out: dict[str, dict[str, float]] = {}
    if not _ok(sg):
        return out
    for other in (PRESIDIO, PROFANITY):
        them = results.get(other)
        if not _ok(them):
            continue
        out[other] = {
            "throughput": _ratio(sg["batch"]["texts_per_s"], them["batch"]["texts_per_s"]),
            "p50_latency": _ratio(them["latency"]["p50_ms"], sg["latency"]["p50_ms"]),
            "p99_latency": _ratio(them["latency"]["p99_ms"], sg["latency"]["p99_ms"]),
            "peak_memory": _ratio(them["memory_mb"]["peak"], sg["memory_mb"]["peak"]),
        }
    return out


def _target(met: bool | None, what: str, measured: str) -> dict[str, Any]:
    return {"target": what, "measured": measured, "met": met}


def targets(results: dict[str, Result], ratio: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """The issue's acceptance targets; ``met`` is None when a tool needed for one failed."""
    sg, presidio, profanity = (results.get(k) for k in (SG, PRESIDIO, PROFANITY))
    out = []
    if _ok(sg):
        rate, p99 = sg["batch"]["texts_per_s"], sg["latency"]["p99_ms"]
        out.append(_target(rate >= 20_000, "batch >= 20,000 texts/s on one core", f"{rate:,.0f}"))
        out.append(_target(p99 <= 1.0, "single-call p99 <= 1 ms", f"{p99:.3f} ms"))
    speedup = ratio.get(PRESIDIO, {}).get("throughput")
    out.append(
        _target(
            None if speedup is None else speedup >= 5,
            ">= 5x tuned Presidio throughput",
            "not measured" if speedup is None else f"{speedup:.1f}x",
        )
    )
    out.append(_pd_target(sg, presidio))
    out.append(_off_target(sg, profanity))
    return out


def _pd_target(sg: Result | None, presidio: Result | None) -> dict[str, Any]:
    what = "personal-data recall >= Presidio's, with fewer false alarms"
    ours = headline(sg, PD) if _ok(sg) else None
    theirs = headline(presidio, PD) if _ok(presidio) else None
    if ours is None or theirs is None:
        return _target(None, what, "not measured")
    met = ours["recall"] >= theirs["recall"] and ours["fp"] < theirs["fp"]
    measured = (
        f"recall {ours['recall']:.3f} vs {theirs['recall']:.3f}; "
        f"false alarms {ours['fp']} vs {theirs['fp']}"
    )
    return _target(met, what, measured)


def _off_target(sg: Result | None, profanity: Result | None) -> dict[str, Any]:
    what = "offensive-language F1 > alt-profanity-check's (its best operating point)"
    ours = headline(sg, OFF) if _ok(sg) else None
    theirs = best_point(profanity, OFF) if _ok(profanity) else None
    if ours is None or theirs is None:
        return _target(None, what, "not measured")
    return _target(ours["f1"] > theirs["f1"], what, f"F1 {ours['f1']:.3f} vs {theirs['f1']:.3f}")


def summarise(results: dict[str, Result]) -> dict[str, Any]:
    """What the parent adds to the children's results: ratios and targets."""
    ratio = ratios(results)
    return {
        "notes": [
            (
                "personal_data: a text counts as positive when labelled personal_data OR "
                "council_email_exposed, and SocialGuard counts when it has a finding of either."
            ),
            (
                "offensive_language: SocialGuard's finding vs alt-profanity-check "
                "predict_prob >= 0.5 (and >= its best threshold on the train split)."
            ),
        ],
        "ratios": ratio,
        "targets": targets(results, ratio),
    }


# --- rendering ------------------------------------------------------------------------------


def _prf(point: dict[str, Any] | None) -> str:
    if point is None:
        return "—"
    return f"{point['precision']:.2f}/{point['recall']:.2f}/{point['f1']:.2f}"


def _fa(point: dict[str, Any] | None) -> str:
    return "—" if point is None else f"{point['fp']} ({point['false_alarm_rate']:.1%})"


COLUMNS: list[tuple[str, int, Callable[[Result], str]]] = [
    ("tool", 22, lambda r: str(r.get("label", r["tool"]))),
    ("texts/s(batch)", 15, lambda r: f"{r['batch']['texts_per_s']:,.0f}"),
    ("p50 ms", 8, lambda r: f"{r['latency']['p50_ms']:.3f}"),
    ("p99 ms", 8, lambda r: f"{r['latency']['p99_ms']:.3f}"),
    ("peak MB", 8, lambda r: f"{r['memory_mb']['peak']:.0f}"),
    ("+MB", 6, lambda r: f"{r['memory_mb']['growth_peak']:.0f}"),
    ("PD P/R/F1", 16, lambda r: _prf(headline(r, PD))),
    ("PD false alarms", 16, lambda r: _fa(headline(r, PD))),
    ("OFF P/R/F1", 16, lambda r: _prf(headline(r, OFF))),
]


def table(results: dict[str, Result]) -> str:
    lines = ["  ".join(name.ljust(width) for name, width, _ in COLUMNS)]
    for name, result in results.items():
        if not _ok(result):
            lines.append(f"{name.ljust(COLUMNS[0][1])}  FAILED: {result.get('error')}")
            continue
        lines.append("  ".join(cell(result).ljust(width) for _, width, cell in COLUMNS))
    return "\n".join(lines)


def details(results: dict[str, Result]) -> list[str]:
    """Lines on how each tool ran: the batch API that won, the tuned thresholds and settings."""
    out = []
    for result in results.values():
        if not _ok(result):
            continue
        best = result["latency"]["best_per_text"]
        out.append(
            f"{result['label']}: batch via {result['batch']['api']}; "
            f"load {result['load_s']:.2f} s, tune {result['tune_s']:.2f} s; "
            f"fastest of {len(result['latency']['rounds'])} calls per text: "
            f"p50 {best['p50_ms']:.3f} ms, p99 {best['p99_ms']:.3f} ms"
        )
    presidio = results.get(PRESIDIO)
    if _ok(presidio):
        chosen = presidio["config"]["chosen"]
        out.append(
            f"  Presidio: {presidio['config']['recognizers_enabled']} recognizers "
            f"({', '.join(chosen['entities'])}); NLP engine {chosen['nlp_engine']}; "
            f"GB phone leniency {chosen['phone_leniency']}; threshold {chosen['threshold']} "
            f"(best train F1 {chosen['train']['f1']:.3f})"
        )
    profanity = results.get(PROFANITY)
    if _ok(profanity):
        tuned = profanity["accuracy"][OFF]["best_on_train"]
        out.append(
            f"  alt-profanity-check at its best train threshold {tuned['threshold']}: "
            f"OFF P/R/F1 {_prf(tuned)}"
        )
    return out


def ratio_lines(ratio: dict[str, dict[str, float]], results: dict[str, Result]) -> list[str]:
    lines = []
    for other, r in ratio.items():
        them = results[other]["label"]
        lines.append(
            f"ratios vs {them}: throughput SocialGuard/them {r['throughput']}×; "
            f"them/SocialGuard: p50 latency {r['p50_latency']}×, p99 latency "
            f"{r['p99_latency']}×, peak memory {r['peak_memory']}×"
        )
    return lines


#: Share of the measured core other activity may take before the figures are flagged.
INTERFERENCE_WARNING = 0.05


def interference_lines(results: dict[str, Result]) -> list[str]:
    """Warnings for tools measured while something else was using their core."""
    return [
        f"warning: other activity used {r['other_load_on_core']:.0%} of the measured core while "
        f"{r['label']} ran: its timings are pessimistic; re-run on an idle machine"
        for r in results.values()
        if _ok(r) and r.get("other_load_on_core", 0.0) > INTERFERENCE_WARNING
    ]


def render(document: dict[str, Any]) -> str:
    """The human-readable report printed by ``make bench``."""
    results = document["tools"]
    texts = document["texts"]
    lines = [
        f"SocialGuard screening benchmark — {document['date']}, commit {document['git_commit']}",
        (
            f"{texts['count']:,} texts (mean {texts['chars_mean']} chars, "
            f"max {texts['chars_max']}), one core ({document['machine']['cpu_model']}), "
            f"Python {document['python']}"
        ),
        "",
        table(results),
        "",
        *details(results),
        *interference_lines(results),
        "",
        *(f"note: {note}" for note in document["notes"]),
        "",
        *ratio_lines(document["ratios"], results),
        "",
        "targets:",
    ]
    for t in document["targets"]:
        mark = {True: "✓", False: "✗", None: "?"}[t["met"]]
        lines.append(f"  {mark} {t['target']}: {t['measured']}")
    return "\n".join(lines)
