"""Evaluation against a labelled corpus: per-category precision, recall, F1; false alarms.

Corpus lines are ``{"id", "text", "context", "policy", "labels": [...], "hard_negative_for":
[...]}``. Each text is screened with its own policy and context (or one ``--policy`` for all).
A text's predicted categories are the categories of its findings; a category is a true positive
when it is both predicted and labelled.

Figures: per category TP, FP, FN, support (texts labelled with it), precision, recall, F1;
micro-averaged P/R/F1 over all categories; macro F1 over categories with support; and the
false-alarm rate: the share of texts with NO labels that got any finding at all. Texts marked
``hard_negative_for`` a category are counted separately so their false positives can be read
on their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialguard.screening.engine import get_engine
from socialguard.screening.model import Category, Context, ScreeningResult

__all__ = ["CategoryScore", "ErrorExample", "EvalReport", "evaluate", "read_corpus"]


@dataclass
class CategoryScore:
    """Counts and scores for one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0
    hard_negatives: int = 0
    hard_negative_fp: int = 0

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing was predicted (no false alarms possible)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when there is no support."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ErrorExample:
    """A false positive or false negative, for ``--errors`` (training split only)."""

    kind: str
    category: str
    id: str
    text: str
    labels: tuple[str, ...]
    predicted: tuple[str, ...]
    findings: tuple[str, ...]


@dataclass
class EvalReport:
    """The result of an evaluation run."""

    texts: int = 0
    clean_texts: int = 0
    clean_with_findings: int = 0
    scores: dict[str, CategoryScore] = field(
        default_factory=lambda: {c.value: CategoryScore() for c in Category}
    )
    errors: list[ErrorExample] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)
    #: "policy/context" → [texts, TP, FP, FN, clean texts, clean texts with findings]
    groups: dict[str, list[int]] = field(default_factory=dict)

    @property
    def micro(self) -> CategoryScore:
        """Counts summed over every category."""
        total = CategoryScore()
        for s in self.scores.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
            total.support += s.support
        return total

    @property
    def macro_f1(self) -> float:
        """Mean F1 over categories that have support in the corpus."""
        scored = [s.f1 for s in self.scores.values() if s.support]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of unlabelled texts that got any finding."""
        return self.clean_with_findings / self.clean_texts if self.clean_texts else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form (``eval --json``)."""
        micro = self.micro
        return {
            "texts": self.texts,
            "categories": {
                name: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                    "hard_negatives": s.hard_negatives,
                    "hard_negative_fp": s.hard_negative_fp,
                }
                for name, s in self.scores.items()
            },
            "micro": {
                "precision": round(micro.precision, 4),
                "recall": round(micro.recall, 4),
                "f1": round(micro.f1, 4),
            },
            "macro_f1": round(self.macro_f1, 4),
            "clean_texts": self.clean_texts,
            "false_alarm_rate": round(self.false_alarm_rate, 4),
            "by_policy_and_context": {
                name: {
                    "texts": g[0],
                    "micro_f1": round(_f1(g[1], g[2], g[3]), 4),
                    "clean_texts": g[4],
                    "false_alarm_rate": round(g[5] / g[4], 4) if g[4] else 0.0,
                }
                for name, g in sorted(self.groups.items())
            },
            "bad_lines": self.bad_lines,
        }

    def table(self) -> str:
        """A fixed-width table for the terminal."""
        lines = [
            (
                f"{'category':<26} {'prec':>6} {'recall':>6} {'F1':>6} {'support':>8} "
                f"{'FP':>5} {'FN':>5} {'hardneg FP':>11}"
            )
        ]
        for name, s in self.scores.items():
            hard = f"{s.hard_negative_fp}/{s.hard_negatives}" if s.hard_negatives else "-"
            lines.append(
                f"{name:<26} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} {s.support:>8} "
                f"{s.fp:>5} {s.fn:>5} {hard:>11}"
            )
        micro = self.micro
        lines.append("")
        lines.append(
            f"micro  P {micro.precision:.3f}  R {micro.recall:.3f}  F1 {micro.f1:.3f}   "
            f"macro F1 {self.macro_f1:.3f}"
        )
        lines.append(
            f"false alarms on clean texts: {self.clean_with_findings}/{self.clean_texts} "
            f"= {self.false_alarm_rate:.1%}   texts: {self.texts}"
        )
        if self.groups:
            lines.append("")
            lines.append(
                f"{'policy/context':<30} {'texts':>6} {'micro F1':>9} {'false alarms':>13}"
            )
            for name, g in sorted(self.groups.items()):
                alarms = f"{g[5]}/{g[4]}" if g[4] else "-"
                lines.append(f"{name:<30} {g[0]:>6} {_f1(g[1], g[2], g[3]):>9.3f} {alarms:>13}")
        if self.bad_lines:
            lines.append(f"skipped {len(self.bad_lines)} bad corpus lines")
        return "\n".join(lines)


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def read_corpus(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """Yield ``(line number, record or None, error)`` for each non-blank line."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"invalid JSON: {exc.msg}"
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield number, None, "no 'text' string"
                continue
            yield number, record, ""


def evaluate(
    records: Iterable[tuple[int, dict[str, Any] | None, str]],
    *,
    policy: str | None = None,
    packs_dir: Path | None = None,
    keep_errors: int = 0,
) -> EvalReport:
    """Screen every record and score the predictions against its labels.

    ``policy`` overrides each record's own ``policy``; ``keep_errors`` keeps up to that many
    false positives and false negatives per category in ``report.errors``.
    """
    report = EvalReport()
    kept: dict[tuple[str, str], int] = {}
    valid = {c.value for c in Category}
    for number, record, error in records:
        if record is None:
            report.bad_lines.append(f"line {number}: {error}")
            continue
        pack = policy or record.get("policy")
        if not isinstance(pack, str):
            report.bad_lines.append(f"line {number}: no policy")
            continue
        labels = {str(x) for x in record.get("labels") or [] if str(x) in valid}
        hard = {str(x) for x in record.get("hard_negative_for") or [] if str(x) in valid}
        try:
            context = Context(record.get("context") or "inbound")
        except ValueError:
            report.bad_lines.append(f"line {number}: bad context {record.get('context')!r}")
            continue
        result = get_engine(pack, packs_dir=packs_dir).screen(record["text"], context=context)
        predicted = {c.value for c in result.categories}
        report.texts += 1
        if not labels:
            report.clean_texts += 1
            if predicted:
                report.clean_with_findings += 1
        group = report.groups.setdefault(f"{pack}/{context.value}", [0, 0, 0, 0, 0, 0])
        group[0] += 1
        group[1] += len(labels & predicted)
        group[2] += len(predicted - labels)
        group[3] += len(labels - predicted)
        group[4] += not labels
        group[5] += not labels and bool(predicted)
        for name in valid:
            score = report.scores[name]
            is_label, is_pred = name in labels, name in predicted
            score.support += is_label
            if name in hard and not is_label:
                score.hard_negatives += 1
                score.hard_negative_fp += is_pred
            if is_label and is_pred:
                score.tp += 1
            elif is_pred:
                score.fp += 1
                _keep(
                    report,
                    kept,
                    keep_errors,
                    kind="FP",
                    category=name,
                    record=record,
                    labels=labels,
                    predicted=predicted,
                    result=result,
                )
            elif is_label:
                score.fn += 1
                _keep(
                    report,
                    kept,
                    keep_errors,
                    kind="FN",
                    category=name,
                    record=record,
                    labels=labels,
                    predicted=predicted,
                    result=result,
                )
    return report


def _keep(
    report: EvalReport,
    kept: dict[tuple[str, str], int],
    limit: int,
    *,
    kind: str,
    category: str,
    record: dict[str, Any],
    labels: set[str],
    predicted: set[str],
    result: ScreeningResult,
) -> None:
    if kept.get((kind, category), 0) >= limit:
        return
    kept[(kind, category)] = kept.get((kind, category), 0) + 1
    report.errors.append(
        ErrorExample(
            kind=kind,
            category=category,
            id=str(record.get("id", "")),
            text=record["text"],
            labels=tuple(sorted(labels)),
            predicted=tuple(sorted(predicted)),
            findings=tuple(
                f"{f.category.value}/{f.subtype} {f.text!r} ({f.detector})" for f in result.findings
            ),
        )
    )
