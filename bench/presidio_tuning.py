"""Microsoft Presidio in its strongest offline configuration, tuned on the train split.

"Strongest offline" means: pattern and checksum recognizers only (no spaCy model is downloaded or
loaded), the UK recognizers 2.2.366 ships, the phone recognizer restricted to GB, and the generic
ones that can find personal data in a UK post (e-mail, card, IBAN, IP, URL, date). On the train
split we then choose, for the best personal-data F1:

- the NLP engine: ``no_op`` (Presidio's own ``NoOpNlpEngine``: no tokens, so recognizers' context
  words never raise a score) or ``tokens`` (spaCy's blank English *tokenizer*, which is code in
  the spaCy package, not a model, so context words such as "postcode" or "NHS" can lift a match);
- the phone leniency: 1 (Presidio's default, libphonenumber "valid") or 0 ("possible", which
  also accepts Ofcom's 07700 900xxx drama range that our corpus uses);
- which entity types count (backward elimination: drop a type while that raises F1, e.g. URL or
  DATE_TIME when they only add false alarms);
- the score threshold: the one with the best F1 (ties: the higher, fewer false alarms).

Only the recognizers for the chosen entity types are registered in the final analyzer, so the
throughput figures are those of the tuned configuration, not of a larger one.

Importing this module imports Presidio; only the Presidio measurement child does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import tldextract.tldextract
from benchlib import Confusion, Item, best_threshold
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine, NoOpNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    NhsRecognizer,
    PhoneRecognizer,
    UkDrivingLicenceRecognizer,
    UkNinoRecognizer,
    UkPassportRecognizer,
    UkPostcodeRecognizer,
    UkVehicleRegistrationRecognizer,
    UrlRecognizer,
)
from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS

LANGUAGE = "en"
NLP_ENGINES = ("no_op", "tokens")
PHONE_LENIENCIES = (1, 0)


def use_offline_public_suffix_list() -> None:
    """Make tldextract (used by Presidio's e-mail recognizer) read the public suffix list that
    ships inside the package instead of fetching it from the internet on first use."""
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
    )


class TokenNlpEngine(NoOpNlpEngine):
    """Tokens only, from spaCy's rule-based English tokenizer (no model, no download).

    Lemmas are the lower-cased tokens, which is all Presidio's context enhancer compares with a
    recognizer's context words.
    """

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank-en-tokenizer"}])
        self._tokenizer = English().tokenizer

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        doc = self._tokenizer(text)
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=self,
            language=language,
        )

    def process_batch(  # type: ignore[override]
        self, texts: Iterable[str], language: str, *args: Any, **kwargs: Any
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return word.lower() in STOP_WORDS

    def is_punct(self, word: str, language: str) -> bool:
        return not any(ch.isalnum() for ch in word)


def make_nlp_engine(kind: str) -> NlpEngine:
    """``no_op`` or ``tokens`` (see the module docstring), loaded."""
    engine: NlpEngine = (
        TokenNlpEngine()
        if kind == "tokens"
        else NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "no-op"}])
    )
    engine.load()
    return engine


def candidate_recognizers(phone_leniency: int) -> list[EntityRecognizer]:
    """Every offline recognizer that can find personal data in a UK post, one entity type each."""
    return [
        UkNinoRecognizer(),
        NhsRecognizer(),
        UkPostcodeRecognizer(),
        UkVehicleRegistrationRecognizer(),
        UkPassportRecognizer(),
        UkDrivingLicenceRecognizer(),
        PhoneRecognizer(supported_regions=["GB"], leniency=phone_leniency),
        EmailRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        UrlRecognizer(),
        DateRecognizer(),
    ]


@dataclass(frozen=True)
class PresidioConfig:
    """One configuration: engine, phone leniency, entity types and threshold."""

    nlp_engine: str
    phone_leniency: int
    entities: tuple[str, ...]
    threshold: float
    train: Confusion = field(compare=False)

    def describe(self) -> dict[str, Any]:
        return {
            "nlp_engine": self.nlp_engine,
            "phone_leniency": self.phone_leniency,
            "entities": list(self.entities),
            "threshold": round(self.threshold, 4),
            "train": self.train.to_dict(),
        }


def build_analyzer(
    nlp_engine: str, phone_leniency: int, entities: Iterable[str] | None, threshold: float
) -> AnalyzerEngine:
    """An analyzer with the candidate recognizers for ``entities`` (all when None)."""
    wanted = None if entities is None else set(entities)
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in candidate_recognizers(phone_leniency):
        if wanted is None or not wanted.isdisjoint(recognizer.supported_entities):
            registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=make_nlp_engine(nlp_engine),
        supported_languages=[LANGUAGE],
        default_score_threshold=threshold,
    )


def entity_scores(analyzer: AnalyzerEngine, texts: Iterable[str]) -> list[dict[str, float]]:
    """Per text, the best score of each entity type found (threshold 0: everything)."""
    rows = []
    for text in texts:
        row: dict[str, float] = {}
        for result in analyzer.analyze(text, language=LANGUAGE):
            row[result.entity_type] = max(row.get(result.entity_type, 0.0), result.score)
        rows.append(row)
    return rows


def _best_for(
    rows: Sequence[dict[str, float]], gold: Sequence[bool], entities: Iterable[str]
) -> tuple[float, Confusion]:
    keep = tuple(entities)
    scores = [max((row.get(e, 0.0) for e in keep), default=0.0) for row in rows]
    return best_threshold(scores, gold)


def select_entities(
    rows: Sequence[dict[str, float]], gold: Sequence[bool], entities: Sequence[str]
) -> tuple[tuple[str, ...], float, Confusion]:
    """Backward elimination: drop the entity type whose removal raises train F1 most, until no
    removal helps. Returns the kept types, their best threshold and its counts."""
    kept = tuple(entities)
    threshold, best = _best_for(rows, gold, kept)
    while len(kept) > 1:
        trials = []
        for drop in kept:
            rest = tuple(e for e in kept if e != drop)
            t, c = _best_for(rows, gold, rest)
            trials.append((c.f1, rest, t, c))
        f1, rest, t, c = max(trials, key=lambda trial: trial[0])
        if f1 <= best.f1:
            break
        kept, threshold, best = rest, t, c
    return kept, threshold, best


def tune(train: Sequence[Item], category: str) -> tuple[PresidioConfig, list[PresidioConfig]]:
    """The configuration with the best train F1 for ``category`` and every one tried.

    A later configuration must be strictly better to win, so the simpler and faster ones (no
    tokenizer, default leniency) are kept on ties.
    """
    gold = [item.is_positive(category) for item in train]
    texts = [item.text for item in train]
    tried = []
    for nlp_engine in NLP_ENGINES:
        for leniency in PHONE_LENIENCIES:
            analyzer = build_analyzer(nlp_engine, leniency, None, 0.0)
            all_entities = analyzer.get_supported_entities(language=LANGUAGE)
            rows = entity_scores(analyzer, texts)
            kept, threshold, counts = select_entities(rows, gold, sorted(all_entities))
            tried.append(PresidioConfig(nlp_engine, leniency, kept, threshold, counts))
    best = tried[0]
    for config in tried[1:]:
        if config.train.f1 > best.train.f1:
            best = config
    return best, tried
