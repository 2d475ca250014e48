"""The optional learned layer: a linear model over words for what the rules leave undecided.

Rules are precise on crisp categories but miss much of the broad language of service requests,
complaints, safeguarding concerns and the like. This detector scores every text with one binary
linear model per category (logistic regression trained by ``socialguard.screening.training`` on
the project's own labelled set) and reports a category only when its calibrated probability
clears a threshold chosen by cross-validation. The engine merges its findings with the rules'
per category, exactly as it merges any two detectors.

Features (identical at training and run time because both call ``iter_feature_keys``):
- the words of ``doc.words`` (the engine's normalised text, so leet, masking, spacing and
  homoglyph handling are shared with the rules); numbers become ``<num>``, words with digits
  ``<alnum>``, so the model never learns a house number or a reference;
- word bigrams, as ``(a, b)`` tuples, only when the model has any (hashing a tuple of
  already-hashed strings is cheaper than building a new string). The shipped model has none:
  with lexicon cues as features they added nothing measurable and doubled the lookups;
- ``<?>`` / ``<!>`` when the text has a question or exclamation mark; ``<ctx:business>`` /
  ``<ctx:personal>`` when the document carries that context (inbound is the baseline);
- one ``@lexicon:role`` feature per hit of the shared lexicons (``@service_request:problem``,
  ``@identity_groups:race``), so curated words the corpus never used still count.
Place names, personal names and words seen in fewer than a few texts were left out of the
vocabulary by the trainer; at run time they are simply unknown words.

The weighting is a TF-IDF variant: ``x_f = tf_f * idf_f / sqrt(sum over occurrences of
idf^2)``, i.e. the L2 norm counts every occurrence once. It equals L2-normalised binary TF-IDF
when no feature repeats (the usual case for a short post) and needs no de-duplication, which
would cost more than the whole dot product.

Speed: one pass scores every category. Each vocabulary entry maps to ONE Python int that packs
64-bit fields ``[1, idf^2, idf*w_1 + OFFSET, ..., idf*w_K + OFFSET]`` (fixed point, scaled by
``SCALE``); ``sum(map(dict.get, keys))`` adds all fields of all features in C and
``struct.unpack`` splits the total. Fields cannot carry into each other: a feature adds less than
2**25 to a field, so a text would need 2**39 features to overflow. The slower work (which words
contributed, which sentence to show) runs only for categories that fire.

Model file: ``policy_packs/_shared/models/learned.json`` (see ``LearnedModel.from_dict``). When it
is missing or invalid the detector reports nothing and records ``load_error``; with the option
``required: true`` it refuses to build instead, so ``socialguard packs validate`` shows the error.
``stale_features`` lists lexicon cues the model knows but the loaded lexicons no longer produce
(a role renamed since training): a sign to retrain.

Options (``rules.yaml`` ``detectors.options.learned``):
- ``model``: a path (relative paths are taken from the shared directory) or, in tests and in the
  trainer, a ``LearnedModel``;
- ``categories``: emit only these of the model's categories;
- ``required``: fail to build when the model cannot be loaded (default false).
"""

from __future__ import annotations

import json
import logging
import math
import re
import struct
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, filterfalse, pairwise, repeat
from pathlib import Path
from typing import Any, ClassVar

from socialguard.screening.detectors.base import Detector, DetectorConfigError
from socialguard.screening.document import Document
from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import Category, Characteristic, Finding, Severity

__all__ = [
    "CONTEXT_KEYS",
    "FORMAT",
    "LEARNABLE",
    "MODEL_FILE",
    "CategoryModel",
    "FeatureKey",
    "LearnedDetector",
    "LearnedModel",
    "ModelError",
    "feature_display",
    "feature_from_json",
    "feature_to_json",
    "iter_feature_keys",
    "lexicon_feature",
    "lexicon_feature_names",
]

log = logging.getLogger(__name__)

#: The model file format this code reads and the trainer writes.
FORMAT = "socialguard-learned/1"
#: Where the model lives, relative to ``policy_packs/_shared``.
MODEL_FILE = Path("models") / "learned.json"

#: Categories a bag-of-words model may be trusted with. Personal data and exposed council e-mails
#: need a validated span (a phone number, an address), which only the rules can give.
LEARNABLE: frozenset[Category] = frozenset(Category) - {
    Category.PERSONAL_DATA,
    Category.COUNCIL_EMAIL_EXPOSED,
}

#: Routing is about messages TO the council; when the document carries its context, the learned
#: layer only routes inbound texts (the corpus never labels a business or personal post so).
_INBOUND_ONLY: frozenset[Category] = frozenset(
    {Category.SERVICE_REQUEST, Category.COMPLAINT, Category.PRESS_ENQUIRY}
)

NUM = "<num>"
ALNUM = "<alnum>"
QUESTION = "<?>"
EXCLAIM = "<!>"
#: The context as a feature when the document carries one. Inbound (and unknown) is the
#: baseline with no feature, so a document built without a context scores as inbound.
CONTEXT_KEYS: Mapping[str, str] = {"business": "<ctx:business>", "personal": "<ctx:personal>"}
#: Lexicons whose hits never become features: personal-data lists (first names would bring the
#: names back in) and the allowlist of place names.
_SKIP_LEXICON_PREFIXES = ("pii_",)
_SKIP_LEXICONS = frozenset({"offensive_allow"})

#: A feature: a word or class token (``str``) or a word bigram (``tuple``).
FeatureKey = str | tuple[str, str]

# Fixed-point packing (see the module docstring).
SCALE = 1 << 12
OFFSET = 1 << 24
_FIELD_BITS = 64
_MAX_FIELD = 1 << 25  # per-feature bound checked at load time

# Sentence ends (as in the content detectors) and, inside a long sentence, clause breaks.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"')\]]*\s+|\n+")
_CLAUSE_END = re.compile(r"[,;:]\s+|\s[-–]\s")
_LONG_SENTENCE = 160

_WHAT: Mapping[Category, str] = {
    Category.CONFIDENTIAL_INFORMATION: "confidential council information",
    Category.OFFENSIVE_LANGUAGE: "offensive language",
    Category.DISCRIMINATION: "discrimination",
    Category.HARASSMENT: "harassment",
    Category.SEXUAL_CONTENT: "sexual content",
    Category.DEFAMATION_RISK: "a defamation risk",
    Category.POLITICAL_ACTIVITY: "party-political activity",
    Category.COUNCIL_REPRESENTATION: "speaking for the council",
    Category.SAFEGUARDING_CONCERN: "a safeguarding concern",
    Category.SERVICE_REQUEST: "a service request",
    Category.COMPLAINT: "a complaint",
    Category.PRESS_ENQUIRY: "a press enquiry",
}


class ModelError(ValueError):
    """The model file is missing, unreadable or inconsistent. The message names the file and the
    problem."""


# -- features ----------------------------------------------------------------------------------


def _token_class(token: str) -> str:
    return NUM if token.isdigit() else ALNUM


def lexicon_feature(lexicon: str, entry: LexiconEntry) -> str | None:
    """The feature name for a hit of ``entry`` in ``lexicon`` (``@lexicon:role``), or ``None``
    for lexicons that must not become features.

    The label is the entry's ``role``, else its ``characteristic``, else its ``severity``, so the
    model learns how far to trust each KIND of curated cue, not each word twice.
    """
    if lexicon in _SKIP_LEXICONS or lexicon.startswith(_SKIP_LEXICON_PREFIXES):
        return None
    attrs = entry.attrs
    label = attrs.get("role") or attrs.get("characteristic") or attrs.get("severity") or ""
    return f"@{lexicon}:{label}"


def lexicon_feature_names(lexicons: Mapping[str, Iterable[LexiconEntry]]) -> dict[int, str]:
    """``id(entry)`` → feature name for every entry that yields a feature (computed once)."""
    out: dict[int, str] = {}
    for name, entries in lexicons.items():
        for entry in entries:
            feature = lexicon_feature(name, entry)
            if feature is not None:
                out[id(entry)] = feature
    return out


def _lexicon_keys(doc: Document, names: Mapping[int, str] | None) -> list[str]:
    hits = doc.all_hits
    if not hits:
        return []
    out: list[str] = []
    for lexicon, items in hits.items():
        for hit in items:
            feature = (
                names.get(id(hit.entry))
                if names is not None
                else lexicon_feature(lexicon, hit.entry)
            )
            if feature is not None:
                out.append(feature)
    return out


def _tokens(doc: Document) -> list[str]:
    tokens = doc.words.split()
    if doc.digit_count:
        tokens = [t if t.isalpha() else _token_class(t) for t in tokens]
    return tokens


def iter_feature_keys(
    doc: Document, lexicon_names: Mapping[int, str] | None = None, *, bigrams: bool = True
) -> Iterator[FeatureKey]:
    """Every feature occurrence of ``doc``, in a fixed order (the contract shared by the trainer
    and the detector): tokens, bigrams (unless ``bigrams=False``), ``<?>``/``<!>``, the
    context, then lexicon features.

    ``lexicon_names`` is ``lexicon_feature_names(resources.lexicons)`` for the resources ``doc``
    was built with (a speed-up); without it the names are computed per hit.
    """
    tokens = _tokens(doc)
    text = doc.text
    extras = [k for k, mark in ((QUESTION, "?"), (EXCLAIM, "!")) if mark in text]
    context = getattr(doc, "context", None)
    if context is not None and context != "inbound":
        extras.append(CONTEXT_KEYS.get(str(context), ""))
    if bigrams:
        return chain(tokens, pairwise(tokens), extras, _lexicon_keys(doc, lexicon_names))
    return chain(tokens, extras, _lexicon_keys(doc, lexicon_names))


def feature_to_json(key: FeatureKey) -> str:
    """The feature's name in the model file: bigrams are ``"a b"``."""
    return key if isinstance(key, str) else f"{key[0]} {key[1]}"


def feature_from_json(name: str) -> FeatureKey:
    """Inverse of ``feature_to_json``: ``"a b"`` is a bigram, anything else one key."""
    if " " in name and not name.startswith("@"):
        first, _, second = name.partition(" ")
        return (first, second)
    return name


def feature_display(key: FeatureKey) -> str:
    """How a feature is quoted in an explanation."""
    if isinstance(key, tuple):
        return f"'{key[0]} {key[1]}'"
    if key == NUM:
        return "a number"
    if key == ALNUM:
        return "a code with digits"
    if key == QUESTION:
        return "a question mark"
    if key == EXCLAIM:
        return "an exclamation mark"
    if key.startswith("<ctx:"):
        return f"a {key[5:-1]} post"
    return f"'{key}'"


# -- the model ---------------------------------------------------------------------------------


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@dataclass(frozen=True, slots=True)
class CategoryModel:
    """One category's linear model and calibration.

    ``raw = w . x + bias``; the probability is ``sigmoid(platt_a * raw + platt_b)`` (Platt
    scaling fitted on cross-validated scores); a finding is reported when it is at least
    ``threshold``. ``cv`` holds the trainer's cross-validated figures, for the record.
    """

    category: Category
    bias: float
    platt_a: float
    platt_b: float
    threshold: float
    cv: Mapping[str, Any] = field(default_factory=dict)

    @property
    def raw_threshold(self) -> float:
        """The raw score at which the probability reaches ``threshold`` (Platt is monotonic)."""
        return (_logit(self.threshold) - self.platt_b) / self.platt_a

    def probability(self, raw: float) -> float:
        """Calibrated probability of the category for a raw score."""
        z = self.platt_a * raw + self.platt_b
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


@dataclass(frozen=True)
class LearnedModel:
    """A loaded, validated model: categories, and per feature its idf and one weight per
    category (in ``categories`` order)."""

    version: str
    categories: tuple[CategoryModel, ...]
    features: Mapping[FeatureKey, tuple[float, tuple[float, ...]]]
    meta: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> LearnedModel:
        """Read and validate a model file; ``ModelError`` (naming the file) if it cannot be
        used."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelError(
                f"{path}: model file not found (train one with "
                "'python -m socialguard.screening.training')"
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: cannot read the model file: {exc}") from None
        try:
            return cls.from_dict(data)
        except ModelError as exc:
            raise ModelError(f"{path}: {exc}") from None

    @classmethod
    def from_dict(cls, data: Any) -> LearnedModel:
        """Validate the decoded JSON of a model file.

        Shape: ``{"format": FORMAT, "version": str, "categories": [{"name", "bias", "platt":
        [a, b], "threshold", "cv"?}], "features": [[name, idf, [w_1, ..., w_K]], ...], ...}``;
        any other top-level keys are kept in ``meta``. Raises ``ModelError`` saying what is
        wrong.
        """
        if not isinstance(data, dict):
            raise ModelError("the model must be a JSON object")
        if data.get("format") != FORMAT:
            raise ModelError(f"format is {data.get('format')!r}, expected {FORMAT!r}")
        version = data.get("version")
        if not isinstance(version, str) or not version or "@" in version:
            raise ModelError("'version' must be a non-empty string without '@'")
        categories = tuple(_category_model(i, c) for i, c in enumerate(_list(data, "categories")))
        if not categories:
            raise ModelError("the model has no categories")
        names = [c.category for c in categories]
        if len(set(names)) != len(names):
            raise ModelError("a category is listed twice")
        features: dict[FeatureKey, tuple[float, tuple[float, ...]]] = {}
        for i, row in enumerate(_list(data, "features")):
            key, idf, weights = _feature_row(i, row, len(categories))
            if key in features:
                raise ModelError(f"feature {feature_to_json(key)!r} is listed twice")
            features[key] = (idf, weights)
        meta = {k: v for k, v in data.items() if k not in ("categories", "features")}
        return cls(version, categories, features, meta)


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ModelError(f"'{key}' must be a list")
    return value


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"{what} must be a finite number")
    return float(value)


def _category_model(index: int, item: Any) -> CategoryModel:
    where = f"categories[{index}]"
    if not isinstance(item, dict):
        raise ModelError(f"{where} must be an object")
    try:
        category = Category(str(item.get("name")))
    except ValueError:
        raise ModelError(f"{where}: unknown category {item.get('name')!r}") from None
    if category not in LEARNABLE:
        raise ModelError(f"{where}: {category.value} is left to the rules, not the learned layer")
    platt = item.get("platt")
    if not isinstance(platt, list) or len(platt) != 2:
        raise ModelError(f"{where}: 'platt' must be [a, b]")
    a = _number(platt[0], f"{where}.platt[0]")
    if a <= 0:
        raise ModelError(f"{where}: platt[0] must be positive (a higher score means more likely)")
    threshold = _number(item.get("threshold"), f"{where}.threshold")
    if not 0.0 < threshold < 1.0:
        raise ModelError(f"{where}: threshold must be between 0 and 1")
    cv = item.get("cv", {})
    return CategoryModel(
        category=category,
        bias=_number(item.get("bias"), f"{where}.bias"),
        platt_a=a,
        platt_b=_number(platt[1], f"{where}.platt[1]"),
        threshold=threshold,
        cv=dict(cv) if isinstance(cv, dict) else {},
    )


def _feature_row(index: int, row: Any, n: int) -> tuple[FeatureKey, float, tuple[float, ...]]:
    where = f"features[{index}]"
    if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str) and row[0]):
        raise ModelError(f"{where} must be [name, idf, [weights]]")
    idf = _number(row[1], f"{where} idf")
    if idf <= 0:
        raise ModelError(f"{where}: idf must be positive")
    weights = row[2]
    if not isinstance(weights, list) or len(weights) != n:
        raise ModelError(f"{where}: expected {n} weights, one per category")
    ws = tuple(_number(w, f"{where} weight") for w in weights)
    # The packed sum needs every field of every feature below _MAX_FIELD (module docstring).
    if idf * idf * SCALE >= _MAX_FIELD or any(abs(idf * w) * SCALE >= OFFSET for w in ws):
        raise ModelError(f"{where}: idf or weight too large for the scorer")
    return feature_from_json(row[0]), idf, ws


# -- the detector ------------------------------------------------------------------------------


def _default_model_path() -> Path:
    from socialguard.screening.packs.loader import SHARED, default_packs_dir

    return default_packs_dir() / SHARED / MODEL_FILE


def _segments(norm: str) -> list[tuple[int, int]]:
    """Sentence spans of ``norm``; sentences longer than ``_LONG_SENTENCE`` are cut into
    clauses so the shown span stays readable."""
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(norm)), len(norm)]
    out: list[tuple[int, int]] = []
    for start, end in pairwise(bounds):
        if end <= start:
            continue
        if end - start <= _LONG_SENTENCE:
            out.append((start, end))
            continue
        cuts = [start, *(start + m.end() for m in _CLAUSE_END.finditer(norm[start:end])), end]
        out.extend((a, b) for a, b in pairwise(cuts) if b > a)
    return out


class LearnedDetector(Detector):
    """Scores every text with the learned model; one finding per category that clears its
    calibrated threshold, spanning the sentence (or clause) that contributed most.

    Findings: subtype ``classifier``, confidence = calibrated probability, severity LOW (a rule
    finding of the same category and span is the better explanation), detector
    ``learned.<category>@<model version>``, evidence with the probability, threshold and top
    terms; discrimination findings name the characteristic of an identity word or slur in the
    text, and are not made without one. Deterministic: the same model and text give the same
    findings.
    """

    name = "learned"
    version = 1
    categories: ClassVar[frozenset[Category]] = LEARNABLE
    #: The engine runs this detector after the rules and keeps its findings only for categories
    #: no rule found: a whole-sentence span must not replace a rule's precise one.
    complements_rules: ClassVar[bool] = True

    def setup(self) -> None:
        self.load_error: str | None = None
        self.model: LearnedModel | None = None
        self.stale_features: tuple[str, ...] = ()
        required = bool(self.options.get("required", False))
        source = self.options.get("model")
        try:
            if isinstance(source, LearnedModel):
                model = source
            else:
                path = Path(source) if source else MODEL_FILE
                if not path.is_absolute():
                    path = _default_model_path().parent.parent / path
                model = LearnedModel.load(path)
        except ModelError as exc:
            if required:
                raise DetectorConfigError(f"detector {self.name}: {exc}") from None
            self.load_error = str(exc)
            log.warning("learned layer disabled: %s", exc)
            return
        wanted = self.options.get("categories")
        if wanted is not None:
            known = {c.category.value for c in model.categories}
            unknown = sorted(set(map(str, wanted)) - known)
            if unknown:
                raise DetectorConfigError(
                    f"detector {self.name}: option categories lists {', '.join(unknown)}, "
                    f"which the model does not score (it has: {', '.join(sorted(known))})"
                )
        self.model = model
        self._build(model, None if wanted is None else frozenset(map(str, wanted)))

    def health(self) -> list[tuple[str, str]]:
        """The model's load error (the layer then reports nothing), or the lexicon cues it
        learned that the loaded lexicons no longer produce (it scores with less evidence)."""
        train = "retrain it: python -m socialguard.screening.training"
        if self.load_error is not None:
            return [(f"learned layer disabled: {self.load_error}", train)]
        if self.stale_features:
            return [
                (
                    "learned model uses lexicon cues the loaded lexicons no longer produce: "
                    + ", ".join(self.stale_features),
                    train,
                )
            ]
        return []

    def _build(self, model: LearnedModel, wanted: frozenset[str] | None) -> None:
        k = len(model.categories)
        self._fmt = struct.Struct(f"<{k + 2}Q")
        self._nbytes = self._fmt.size
        packed: dict[FeatureKey, int] = {}
        for key, (idf, weights) in model.features.items():
            fields = [1, round(idf * idf * SCALE)]
            fields.extend(round(idf * w * SCALE) + OFFSET for w in weights)
            value = 0
            for i, f in enumerate(fields):
                value |= f << (_FIELD_BITS * i)
            packed[key] = value
        self._get = packed.get
        # The model decides whether bigrams are features: no bigram in the vocabulary means
        # none are generated (the trainer's default; they did not help once lexicon cues were
        # features, and they double the lookups).
        self._bigrams = any(isinstance(key, tuple) for key in packed)
        # Per category, each feature's contribution idf * w (for explanations only).
        self._contribution = tuple(
            {key: idf * weights[i] for key, (idf, weights) in model.features.items()}
            for i in range(k)
        )
        names = lexicon_feature_names(self.resources.lexicons)
        self._lexicon_names = {i: n for i, n in names.items() if n in packed}
        # The packed values the fast scorer adds without building feature keys.
        self._entry_values = {i: packed[n] for i, n in self._lexicon_names.items()}
        self._num = packed.get(NUM, 0)
        self._alnum = packed.get(ALNUM, 0)
        # Whether every word feature is letters only, so a token with a digit can never be a
        # feature itself (the fast scorer relies on it; any other model takes the general route).
        self._plain_vocabulary = not any(
            isinstance(k, str) and k.isalnum() and not k.isalpha() for k in packed
        )
        self._question = packed.get(QUESTION, 0)
        self._exclaim = packed.get(EXCLAIM, 0)
        self._context_values = {
            context: packed.get(key, 0) for context, key in CONTEXT_KEYS.items() if key
        }
        # Lexicon cues the model learned but the loaded lexicons no longer produce (a lexicon
        # or role renamed since training): scoring still works, with less evidence. Retrain.
        produced = set(names.values())
        self.stale_features = tuple(
            sorted(
                k for k in packed if isinstance(k, str) and k.startswith("@") and k not in produced
            )
        )
        if self.stale_features:
            log.warning(
                "learned model %s uses lexicon cues the data no longer has (%s); retrain it",
                model.version,
                ", ".join(self.stale_features),
            )
        # (field index, category model, raw threshold - bias) for the categories it emits.
        self._active = tuple(
            (i + 2, cm, cm.raw_threshold - cm.bias)
            for i, cm in enumerate(model.categories)
            if wanted is None or cm.category.value in wanted
        )
        self._detector_names = {
            cm.category: f"learned.{cm.category.value}@{model.version}" for cm in model.categories
        }
        self._characteristic_names = {
            id(e): e.characteristic
            for name, lexicon in self.resources.lexicons.items()
            if not name.startswith(_SKIP_LEXICON_PREFIXES)
            for e in lexicon
            if e.characteristic is not None
        }

    # -- scoring -----------------------------------------------------------------------------

    def _fields(self, doc: Document) -> tuple[int, ...] | None:
        """The packed sum split into fields ``(count, idf^2 sum, category sums...)``, or
        ``None`` when no feature of the text is in the vocabulary."""
        total = self._total(doc)
        if not total:
            return None
        fields: tuple[int, ...] = self._fmt.unpack(total.to_bytes(self._nbytes, "little"))
        return fields

    def _total(self, doc: Document) -> int:
        """The packed sum over every feature occurrence of ``doc`` (0 when none is known).

        Equal to summing ``iter_feature_keys`` through the vocabulary (integer addition is
        exact and order-free), but without building the key list: words are looked up
        straight from ``doc.words``, and lexicon hits by their entry's identity, which skips
        the feature-name step. Documents of other resources, and models with bigrams, take the
        general route.
        """
        get = self._get
        if self._bigrams or not self._plain_vocabulary or doc.resources is not self.resources:
            names = self._lexicon_names if doc.resources is self.resources else None
            keys = iter_feature_keys(doc, names, bigrams=self._bigrams)
            return sum(filter(None, map(get, keys)))
        tokens = doc.words.split()
        total: int = sum(map(get, tokens, repeat(0)))
        if doc.digit_count:
            # Tokens with a digit count as <num> / <alnum>. The vocabulary has no such token
            # itself (checked when the model is built), so the sum above added 0 for them.
            for token in filterfalse(str.isalpha, tokens):
                total += self._num if token.isdigit() else self._alnum
        text = doc.text
        if "?" in text:
            total += self._question
        if "!" in text:
            total += self._exclaim
        context = doc.context
        if context is not None and context != "inbound":
            total += self._context_values.get(str(context), 0)
        entries = doc.hit_entries
        if entries:
            total += sum(map(self._entry_values.get, map(id, entries), repeat(0)))
        return total

    def scores(self, doc: Document) -> dict[Category, float]:
        """Calibrated probability of every active category (for tools, tests and evaluation;
        ``detect`` computes probabilities only for categories that fire)."""
        if self.model is None:
            return {}
        fields = self._fields(doc)
        out: dict[Category, float] = {}
        for i, cm, _ in self._active:
            raw = cm.bias
            if fields is not None:
                raw += (fields[i] - fields[0] * OFFSET) / math.sqrt(fields[1] * SCALE)
            out[cm.category] = cm.probability(raw)
        return out

    def detect(self, doc: Document) -> list[Finding]:
        return self.detect_missing(doc, frozenset())

    def detect_missing(self, doc: Document, found: frozenset[Category]) -> list[Finding]:
        """Like ``detect``, for the categories NOT in ``found`` only (the engine passes the
        categories its rules found). The costly part, explaining a finding, is skipped for the
        categories left out."""
        if self.model is None:
            return []
        total = self._total(doc)
        if not total:
            return []
        fields = self._fmt.unpack(total.to_bytes(self._nbytes, "little"))
        # raw - bias = (category sum - count * OFFSET) / SCALE / sqrt(idf^2 sum / SCALE)
        norm = math.sqrt(fields[1] * SCALE)
        base = fields[0] * OFFSET
        fired = [
            (i, cm, (fields[i] - base) / norm)
            for i, cm, cut in self._active
            if fields[i] - base >= cut * norm and cm.category not in found
        ]
        if not fired:
            return []
        context = doc.context
        if context is not None and str(getattr(context, "value", context)) != "inbound":
            fired = [f for f in fired if f[1].category not in _INBOUND_ONLY]
            if not fired:
                return []
        explainer = _Explainer(self, doc)
        out = []
        for i, cm, raw in fired:
            finding = self._finding(
                explainer, field_index=i, cm=cm, raw=raw + cm.bias, norm=norm / SCALE
            )
            if finding is not None:
                out.append(finding)
        return out

    # -- explaining (only for categories that fire) ------------------------------------------

    def _finding(
        self, explainer: _Explainer, *, field_index: int, cm: CategoryModel, raw: float, norm: float
    ) -> Finding | None:
        doc = explainer.doc
        characteristic: Characteristic | None = None
        if cm.category is Category.DISCRIMINATION:
            # A discrimination finding must name the protected characteristic; without an
            # identity word or slur in the text the model is guessing, so it says nothing.
            characteristic = self._characteristic(doc)
            if characteristic is None:
                return None
        weights = self._contribution[field_index - 2]
        start, end = explainer.best_segment(weights)
        top = explainer.top_terms(weights)
        probability = cm.probability(raw)
        what = _WHAT.get(cm.category, cm.category.value.replace("_", " "))
        shown = ", ".join(quoted for _, quoted, _ in top) or "the wording as a whole"
        return Finding(
            category=cm.category,
            subtype="classifier",
            start=start,
            end=end,
            text=doc.text[start:end],
            confidence=probability,
            detector=self._detector_names[cm.category],
            explanation=(
                f"Words like {shown} suggest {what} (score {probability:.2f}, "
                f"threshold {cm.threshold:.2f}; learned model, not a rule)."
            ),
            severity=Severity.LOW,
            characteristic=characteristic,
            evidence={
                "model": self.model.version if self.model else "",
                "probability": round(probability, 3),
                "threshold": cm.threshold,
                "terms": [
                    {"feature": feature_to_json(key), "weight": round(weights[key] / norm, 3)}
                    for key, _, _ in top
                ],
            },
        )

    def _characteristic(self, doc: Document) -> Characteristic | None:
        """The characteristic of the first identity word or slur in the text, if any."""
        names = self._characteristic_names if doc.resources is self.resources else None
        for lexicon, hits in doc.all_hits.items():
            for hit in hits:
                if names is not None:
                    found = names.get(id(hit.entry))
                elif lexicon.startswith(_SKIP_LEXICON_PREFIXES):
                    found = None
                else:
                    found = hit.entry.characteristic
                if found is not None:
                    return found
        return None


class _Explainer:
    """What a finding needs beyond the score, computed once per document and only when a
    category fires: the distinct in-vocabulary features in text order, the sentence/clause
    segments, and where quoted terms are.

    No per-token Python loop over the whole text: a segment's contribution is the C-level sum
    of its tokens' weights, and positions are looked up only for the few terms quoted.
    """

    def __init__(self, detector: LearnedDetector, doc: Document) -> None:
        self.doc = doc
        self.bigrams = detector._bigrams
        known = detector._contribution[0]
        names = detector._lexicon_names if doc.resources is detector.resources else None
        self.names = names
        keys = iter_feature_keys(doc, names, bigrams=self.bigrams)
        # Distinct features in order of first appearance (ties in ranking go to the earliest).
        self.present = [k for k in dict.fromkeys(keys) if k in known]
        self.segments = _segments(doc.norm)

    @cached_property
    def lexicon_hits(self) -> list[tuple[str, int, int]]:
        """``(feature, nstart, nend)`` of every lexicon hit that is a feature, in text order."""
        names = self.names
        out = []
        for lexicon, hits in self.doc.all_hits.items():
            for hit in hits:
                feature = (
                    names.get(id(hit.entry))
                    if names is not None
                    else lexicon_feature(lexicon, hit.entry)
                )
                if feature is not None:
                    out.append((feature, hit.nstart, hit.nend))
        return out

    def best_segment(self, weights: Mapping[FeatureKey, float]) -> tuple[int, int]:
        """Original span of the sentence or clause with the largest positive contribution (the
        earliest on ties), trimmed of surrounding spaces; the whole text when it is one
        segment or no segment contributes."""
        doc = self.doc
        norm = doc.norm
        segments = self.segments
        a, b = 0, len(norm)
        if len(segments) > 1:
            words = doc.words
            get = weights.get
            sums = []
            for start, end in segments:
                tokens = words[start + 1 : end + 1].split()  # words[i + 1] is norm[i]
                if doc.digit_count:
                    tokens = [t if t.isalpha() else _token_class(t) for t in tokens]
                total = sum(map(get, tokens, repeat(0.0)))
                if self.bigrams:
                    total += sum(map(get, pairwise(tokens), repeat(0.0)))
                sums.append(total)
            starts = [s for s, _ in segments]
            for feature, nstart, _ in self.lexicon_hits:
                sums[bisect_right(starts, nstart) - 1] += get(feature, 0.0)  # starts[0] == 0
            top = max(sums)
            if top > 0:
                a, b = segments[sums.index(top)]
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        if a >= b:
            return 0, len(doc.text)
        return doc.to_original(a, b)

    def _position(self, key: FeatureKey) -> tuple[int, int]:
        """Normalised span of the first occurrence of ``key``, or ``(-1, -1)`` for features
        that have none or are shown by name (``<num>``, ``<?>``)."""
        if isinstance(key, tuple):
            needle = f" {key[0]} {key[1]} "
        elif key.startswith("@"):
            for feature, nstart, nend in self.lexicon_hits:
                if feature == key:
                    return nstart, nend
            return -1, -1
        elif key.startswith("<"):
            return -1, -1
        else:
            needle = f" {key} "
        found = self.doc.words.find(needle)
        if found < 0:
            return -1, -1
        return found, found + len(needle) - 2  # words[i + 1] is norm[i]

    def top_terms(
        self, weights: Mapping[FeatureKey, float], limit: int = 3
    ) -> list[tuple[FeatureKey, str, tuple[int, int]]]:
        """Up to ``limit`` features with the largest positive contributions, as ``(key, quoted
        text, normalised span)``: strongest first (ties: first in the text), skipping any whose
        words overlap a term already chosen and repeats of the same quoted words, so the
        explanation quotes different things the writer actually wrote."""
        ranked = sorted(self.present, key=weights.__getitem__, reverse=True)
        chosen: list[tuple[FeatureKey, str, tuple[int, int]]] = []
        seen: set[str] = set()
        for key in ranked:
            if weights[key] <= 0 or len(chosen) == limit:
                break
            a, b = self._position(key)
            if a >= 0 and any(s[0] >= 0 and a < s[1] and s[0] < b for _, _, s in chosen):
                continue
            quoted = feature_display(key) if a < 0 else f"'{self.doc.original(a, b)}'"
            if quoted.lower() in seen:
                continue
            seen.add(quoted.lower())
            chosen.append((key, quoted, (a, b)))
        return chosen
