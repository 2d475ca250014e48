"""The three benchmarked tools behind one interface.

Each adapter imports its tool only in ``load`` so that the measurement child can take its memory
baseline first, and so that one tool's imports never land in another tool's process.

Contract (``Tool``):

- ``load()`` imports and builds the tool; returns a description for the report.
- ``tune(train)`` fits whatever the tool lets a user tune, on the train split only; returns a
  description. The test split is never seen here.
- ``operating_points()`` maps each shared category the tool covers to named thresholds (flag when
  score >= threshold); the first one is the tool's headline figure.
- ``scores(items)`` gives, per covered category, one score per item.
- ``batch_runners(items)`` stages the items for the tool's batch API(s) outside any timing and
  returns one zero-argument callable per way of running the batch; the fastest is reported.
- ``single(item)`` screens one item on its own (the latency figure).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from benchlib import SHARED, Item, best_threshold

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

    from socialguard.screening import Engine

Runner = Callable[[], object]


class Tool(Protocol):
    """What the measurement child needs from a tool; see the module docstring."""

    label: str

    def load(self) -> dict[str, Any]: ...

    def tune(self, train: Sequence[Item]) -> dict[str, Any]: ...

    def operating_points(self) -> dict[str, dict[str, float]]: ...

    def scores(self, items: Sequence[Item]) -> dict[str, list[float]]: ...

    def batch_runners(self, items: Sequence[Item]) -> dict[str, Runner]: ...

    def single(self, item: Item) -> object: ...


def _flags(categories: Sequence[set[str]], category: str) -> list[float]:
    wanted = SHARED[category]
    return [0.0 if found.isdisjoint(wanted) else 1.0 for found in categories]


class SocialGuardTool:
    """SocialGuard's engine, one per policy pack, each text screened in its own context."""

    label = "SocialGuard"
    policies = ("st-helens-2018", "east-lothian-2011")

    def __init__(self) -> None:
        self._engines: dict[str, Engine] = {}

    def load(self) -> dict[str, Any]:
        from socialguard.screening import get_engine

        self._engines = {policy: get_engine(policy) for policy in self.policies}
        return {
            "packs": {
                policy: {
                    "version": e.pack.version,
                    "hash": e.pack.hash,
                    "detectors": len(e.detectors),
                }
                for policy, e in self._engines.items()
            }
        }

    def tune(self, train: Sequence[Item]) -> dict[str, Any]:
        # The engine is tuned by its authors on the train split; nothing to fit here.
        return {}

    def operating_points(self) -> dict[str, dict[str, float]]:
        return {category: {"engine": 0.5} for category in SHARED}

    def scores(self, items: Sequence[Item]) -> dict[str, list[float]]:
        found = [{c.value for c in self.single(item).categories} for item in items]
        return {category: _flags(found, category) for category in SHARED}

    def batch_runners(self, items: Sequence[Item]) -> dict[str, Runner]:
        # A council screens under its own pack, so a batch is one pack's texts.
        groups = [
            (engine, [(i.id, i.text, i.context) for i in items if i.policy == policy])
            for policy, engine in self._engines.items()
        ]

        def screen_many() -> None:
            for engine, batch in groups:
                deque(engine.screen_many(batch), maxlen=0)

        return {"Engine.screen_many": screen_many}

    def single(self, item: Item) -> Any:
        return self._engines[item.policy].screen(item.text, context=item.context)


class PresidioTool:
    """Presidio Analyzer, tuned on train for personal data (see ``presidio_tuning``)."""

    label = "Presidio (tuned, GB)"

    def __init__(self) -> None:
        self._analyzer: AnalyzerEngine | None = None
        self._threshold = 0.0

    @property
    def analyzer(self) -> AnalyzerEngine:
        assert self._analyzer is not None, "tune() first"
        return self._analyzer

    def load(self) -> dict[str, Any]:
        import presidio_tuning
        import spacy.util

        presidio_tuning.use_offline_public_suffix_list()
        # Evidence for the report that no spaCy model is present to be loaded.
        return {"spacy_models_installed": sorted(spacy.util.get_installed_models())}

    def tune(self, train: Sequence[Item]) -> dict[str, Any]:
        import presidio_tuning as pt

        best, tried = pt.tune(train, "personal_data")
        self._threshold = best.threshold
        self._analyzer = pt.build_analyzer(
            best.nlp_engine, best.phone_leniency, best.entities, best.threshold
        )
        recognizers = list(self._analyzer.registry.recognizers)
        return {
            "chosen": best.describe(),
            "recognizers_enabled": len(recognizers),
            "recognizers": [type(r).__name__ for r in recognizers],
            "tried": [config.describe() for config in tried],
        }

    def operating_points(self) -> dict[str, dict[str, float]]:
        return {"personal_data": {"tuned_on_train": self._threshold}}

    def scores(self, items: Sequence[Item]) -> dict[str, list[float]]:
        best = [max((r.score for r in self.single(item)), default=0.0) for item in items]
        return {"personal_data": best}

    def batch_runners(self, items: Sequence[Item]) -> dict[str, Runner]:
        from presidio_analyzer import BatchAnalyzerEngine

        texts = [item.text for item in items]
        analyzer = self.analyzer
        batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
        return {
            "BatchAnalyzerEngine.analyze_iterator": lambda: batch.analyze_iterator(
                texts, language="en"
            ),
            "AnalyzerEngine.analyze loop": lambda: [
                analyzer.analyze(text, language="en") for text in texts
            ],
        }

    def single(self, item: Item) -> list[Any]:
        return self.analyzer.analyze(item.text, language="en")


class ProfanityCheckTool:
    """alt-profanity-check's linear SVM; reported at its 0.5 default and at its best train
    threshold."""

    label = "alt-profanity-check"

    def __init__(self) -> None:
        self._predict: Callable[[list[str]], Sequence[float]] | None = None
        self._train_threshold = 0.5

    def _probabilities(self, texts: list[str]) -> Sequence[float]:
        assert self._predict is not None, "load() first"
        return self._predict(texts)

    def load(self) -> dict[str, Any]:
        from profanity_check import predict_prob  # type: ignore[import-untyped]

        self._predict = predict_prob
        return {}

    def tune(self, train: Sequence[Item]) -> dict[str, Any]:
        gold = [item.is_positive("offensive_language") for item in train]
        probabilities = [float(p) for p in self._probabilities([i.text for i in train])]
        self._train_threshold, counts = best_threshold(probabilities, gold)
        return {
            "best_threshold_on_train": round(self._train_threshold, 4),
            "train": counts.to_dict(),
        }

    def operating_points(self) -> dict[str, dict[str, float]]:
        return {"offensive_language": {"0.5": 0.5, "best_on_train": self._train_threshold}}

    def scores(self, items: Sequence[Item]) -> dict[str, list[float]]:
        probabilities = self._probabilities([item.text for item in items])
        return {"offensive_language": [float(p) for p in probabilities]}

    def batch_runners(self, items: Sequence[Item]) -> dict[str, Runner]:
        texts = [item.text for item in items]
        return {"predict_prob(list)": lambda: self._probabilities(texts)}

    def single(self, item: Item) -> object:
        return self._probabilities([item.text])


TOOLS: dict[str, Callable[[], Tool]] = {
    "socialguard": SocialGuardTool,
    "presidio": PresidioTool,
    "profanity-check": ProfanityCheckTool,
}
