"""The learned layer (``detectors/learned.py``): model file, scorer, findings, failure modes.

The example texts are written for these tests (not taken from the corpus). Positives assert the
model leans the right way (probability >= 0.5) rather than that it fires: each threshold is tuned
for "rules OR model", so a category the rules already catch well may have a high threshold.
Negatives assert the learned layer stays silent.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialguard.screening.detectors.base import DetectorConfigError
from socialguard.screening.detectors.learned import (
    FORMAT,
    LEARNABLE,
    NUM,
    LearnedDetector,
    LearnedModel,
    ModelError,
    feature_from_json,
    feature_to_json,
    iter_feature_keys,
    lexicon_feature_names,
)
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Context
from socialguard.screening.packs.loader import SHARED, default_packs_dir, load_pack
from socialguard.screening.resources import Resources

MODEL_PATH = default_packs_dir() / SHARED / "models" / "learned.json"


@cache
def resources() -> Resources:
    return load_pack("st-helens-2018").resources


@cache
def detector() -> LearnedDetector:
    return LearnedDetector(resources())


def doc(text: str) -> Document:
    return Document(text, resources())


def model_categories() -> set[Category]:
    model = detector().model
    assert model is not None, detector().load_error
    return {c.category for c in model.categories}


# -- the model file ----------------------------------------------------------------------------


def test_shipped_model_loads_and_validates() -> None:
    model = LearnedModel.load(MODEL_PATH)
    assert model.meta["format"] == FORMAT
    assert model.version and "@" not in model.version
    assert {c.category for c in model.categories} <= LEARNABLE
    # The four categories the layer exists for are always scored.
    assert {
        Category.SERVICE_REQUEST,
        Category.COMPLAINT,
        Category.SAFEGUARDING_CONCERN,
        Category.PRESS_ENQUIRY,
    } <= {c.category for c in model.categories}
    for cm in model.categories:
        assert 0 < cm.threshold < 1
        assert cm.platt_a > 0
    assert model.features
    assert MODEL_PATH.stat().st_size < 2_000_000


def test_shipped_model_has_no_numbers_or_names_as_features() -> None:
    model = LearnedModel.load(MODEL_PATH)
    for key in model.features:
        words = key if isinstance(key, tuple) else (key,)
        for word in words:
            assert not any(ch.isdigit() for ch in word), word
    # Place and people's names from the councils' areas are not features.
    for name in ("helens", "haddington", "musselburgh", "dunbar", "karen", "newton"):
        assert name not in model.features


def _valid() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": "1.test",
        "categories": [
            {"name": "complaint", "bias": -1.0, "platt": [1.0, 0.0], "threshold": 0.6},
            {"name": "service_request", "bias": -1.0, "platt": [1.0, 0.0], "threshold": 0.6},
        ],
        "features": [["disgrace", 2.0, [1.5, -0.2]], ["pothole", 3.0, [0.0, 2.0]]],
    }


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = _valid()
    target: Any = data
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_broken("format", "other/2"), "format"),
        (_broken("version", ""), "version"),
        (_broken("categories.0.name", "rudeness"), "unknown category"),
        (_broken("categories.0.name", "personal_data"), "left to the rules"),
        (_broken("categories.1.name", "complaint"), "listed twice"),
        (_broken("categories.0.platt", [-1.0, 0.0]), "positive"),
        (_broken("categories.0.threshold", 1.5), "between 0 and 1"),
        (_broken("categories.0.bias", float("nan")), "finite"),
        (_broken("features.0", ["disgrace", 2.0, [1.0]]), "expected 2 weights"),
        (_broken("features.1", ["disgrace", 2.0, [1.0, 1.0]]), "listed twice"),
        (_broken("features.0", ["disgrace", 0.0, [1.0, 1.0]]), "idf must be positive"),
        (_broken("features.0", ["disgrace", 2.0, [1e6, 1.0]]), "too large"),
        (_broken("features", {}), "must be a list"),
        ([], "JSON object"),
    ],
)
def test_invalid_models_are_refused_with_a_reason(data: Any, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        LearnedModel.from_dict(data)


@pytest.mark.parametrize("name", ["disgrace", "missed bin", "@complaint:explicit", "<num>"])
def test_feature_names_round_trip(name: str) -> None:
    assert feature_to_json(feature_from_json(name)) == name


# -- degrading gracefully ----------------------------------------------------------------------


def test_missing_model_means_no_findings_and_a_recorded_error(tmp_path: Path) -> None:
    learned = LearnedDetector(resources(), {"model": str(tmp_path / "absent.json")})
    assert learned.model is None
    assert learned.load_error is not None
    assert "not found" in learned.load_error
    assert learned.detect(doc("Can someone fix the pothole on our road please?")) == []
    assert learned.scores(doc("anything")) == {}


def test_corrupt_model_means_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "learned.json"
    path.write_text("{not json", encoding="utf-8")
    learned = LearnedDetector(resources(), {"model": str(path)})
    assert learned.detect(doc("My bin was not collected again")) == []
    assert learned.load_error is not None
    assert str(path) in learned.load_error


def test_required_model_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(DetectorConfigError, match="model file not found"):
        LearnedDetector(resources(), {"model": str(tmp_path / "absent.json"), "required": True})


def test_unknown_category_option_is_a_config_error() -> None:
    with pytest.raises(DetectorConfigError, match="does not score"):
        LearnedDetector(resources(), {"categories": ["personal_data"]})


def test_category_option_limits_what_is_emitted() -> None:
    learned = LearnedDetector(resources(), {"categories": ["complaint"]})
    text = "Can someone come and fix the streetlight outside our house? It has been out for weeks"
    assert {f.category for f in learned.detect(doc(text))} <= {Category.COMPLAINT}


# -- features ----------------------------------------------------------------------------------


def test_numbers_become_a_token_class() -> None:
    keys = list(iter_feature_keys(doc("My bin at 14 Elm Grove was missed on 3rd May")))
    assert NUM in keys
    assert "14" not in keys
    assert "<alnum>" in keys  # "3rd"


@pytest.mark.parametrize(
    "hidden",
    [
        "you utter b e l l e n d",
        "you utter b3ll3nd",
        "YOU UTTER BELLEND",
        "you utter b\u200bellend",
    ],
)
def test_obfuscation_is_undone_before_features(hidden: str) -> None:
    assert Counter(iter_feature_keys(doc(hidden))) == Counter(
        iter_feature_keys(doc("you utter bellend"))
    )


def test_lexicon_cues_are_features() -> None:
    names = lexicon_feature_names(resources().lexicons)
    keys = list(iter_feature_keys(doc("There is a pothole outside the school"), names))
    assert any(isinstance(k, str) and k.startswith("@service_request:") for k in keys)


def _reference_scores(text: str) -> dict[Category, float]:
    """The model's probabilities computed the slow, obvious way: floats, no packing."""
    learned = detector()
    model = learned.model
    assert model is not None
    names = lexicon_feature_names(resources().lexicons)
    counts = Counter(
        k
        for k in iter_feature_keys(doc(text), names, bigrams=learned._bigrams)
        if k in model.features
    )
    norm = math.sqrt(sum(n * model.features[k][0] ** 2 for k, n in counts.items()))
    out = {}
    for i, cm in enumerate(model.categories):
        dot = sum(n * model.features[k][0] * model.features[k][1][i] for k, n in counts.items())
        out[cm.category] = cm.probability(cm.bias + (dot / norm if norm else 0.0))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "The bins on our street have not been collected for three weeks, can someone sort it?",
        "I want to make a formal complaint about the way my housing repair was handled",
        "",
        "zzz qqq",
        "Potholes potholes potholes!!! 12 12 12",
    ],
)
def test_packed_scorer_matches_a_plain_float_computation(text: str) -> None:
    fast = detector().scores(doc(text))
    slow = _reference_scores(text)
    assert fast.keys() == slow.keys()
    for category, p in slow.items():
        assert fast[category] == pytest.approx(p, abs=2e-3), category


# -- findings ----------------------------------------------------------------------------------

POSITIVES = [
    (Category.SERVICE_REQUEST, "Can someone come and fix the streetlight outside our house?"),
    (Category.SERVICE_REQUEST, "How do I apply for a blue badge for my dad?"),
    (
        Category.SERVICE_REQUEST,
        "The dog bin by the park gate is overflowing again, please empty it",
    ),
    (
        Category.COMPLAINT,
        (
            "Absolutely disgusted with how my housing repair was handled. Third time I have "
            "chased it and nobody calls back. I want to make a formal complaint."
        ),
    ),
    (Category.COMPLAINT, "Your customer service is a joke, six weeks and still no reply"),
    (
        Category.SAFEGUARDING_CONCERN,
        (
            "I think the little boy next door is left on his own all night, he's only about 5 "
            "and I can hear him crying"
        ),
    ),
    (
        Category.SAFEGUARDING_CONCERN,
        "My friend keeps saying she wants to end it all and I don't know what to do",
    ),
    (
        Category.PRESS_ENQUIRY,
        (
            "Hi, I'm a reporter at the Evening Gazette. Could the council provide a statement on "
            "the library closures by 4pm today?"
        ),
    ),
    (
        Category.PRESS_ENQUIRY,
        (
            "Journalist here from a radio station, can we get someone for an interview about "
            "the flooding tomorrow morning?"
        ),
    ),
    (
        Category.CONFIDENTIAL_INFORMATION,
        (
            "Between us, the restructure list for the planning team is already drafted and six "
            "posts are going, but it won't be announced until after the budget meeting"
        ),
    ),
    (
        Category.COUNCIL_REPRESENTATION,
        "Speaking on behalf of the council, we think the protesters are wasting everyone's time",
    ),
    (
        Category.DISCRIMINATION,
        "All the immigrants round here are scroungers and should be sent back",
    ),
    (Category.HARASSMENT, "I know where you live and you'll regret crossing me"),
]

NEGATIVES = [
    "Lovely afternoon at the summer fair, well done to everyone involved!",
    "Congratulations to the under-12s on winning the cup",
    "Thanks to the bin crew who came back for our missed collection, brilliant service.",
    "Join us for Safeguarding Awareness Week: free training sessions at the town hall",
    "Saw the council on the news last night, interesting piece about the library",
    "Come and see our new exhibition at the museum, opening Saturday",
    "The consultation on the new cycle lanes is open until 30 June, have your say",
    "Our Pride celebration in the park was a great day for the whole community",
    "I disagree with the councillor's decision on the planning application",
    "Can anyone recommend a good plumber in town?",
    "I'm going to kill it at the 10k run tomorrow",
    # Scots and northern dialect words are common in the training texts' abusive examples; on
    # their own they must not look like abuse.
    "Ye ken the weans love the new play park, cheers tae the cooncil",
    "Are ya coming to the gala on Saturday? Yer mum said you'd help",
]


@pytest.mark.parametrize(("category", "text"), POSITIVES)
def test_obvious_positives_lean_the_right_way(category: Category, text: str) -> None:
    if category not in model_categories():
        pytest.skip(f"the model does not score {category.value}")
    assert detector().scores(doc(text))[category] >= 0.5


@pytest.mark.parametrize("text", NEGATIVES)
def test_obvious_negatives_get_no_learned_finding(text: str) -> None:
    assert detector().detect(doc(text)) == []


def test_findings_follow_the_contract() -> None:
    model = detector().model
    assert model is not None
    text = "Can someone come and fix the streetlight outside our house? It's been out for weeks."
    findings = detector().detect(doc(text))
    assert findings
    for f in findings:
        assert f.subtype == "classifier"
        assert f.detector == f"learned.{f.category.value}@{model.version}"
        threshold = next(c.threshold for c in model.categories if c.category == f.category)
        assert threshold <= f.confidence <= 1.0
        assert f.explanation.startswith("Words like '")
        assert "suggest" in f.explanation
        assert f.evidence["model"] == model.version
        assert 1 <= len(f.evidence["terms"]) <= 3
        assert text[f.start : f.end] == f.text
    request = next(f for f in findings if f.category == Category.SERVICE_REQUEST)
    # The span is the sentence that carried the request, not the whole text.
    assert request.text == "Can someone come and fix the streetlight outside our house?"


def _toy(category: str, weights: dict[str, float], threshold: float = 0.5) -> LearnedDetector:
    """A detector over a hand-written one-category model (idf 1, Platt identity)."""
    model = LearnedModel.from_dict(
        {
            "format": FORMAT,
            "version": "toy",
            "categories": [
                {"name": category, "bias": -1.0, "platt": [1.0, 0.0], "threshold": threshold}
            ],
            "features": [[k, 1.0, [w]] for k, w in sorted(weights.items())],
        }
    )
    return LearnedDetector(resources(), {"model": model})


def test_discrimination_findings_name_the_characteristic_or_are_not_made() -> None:
    toy = _toy("discrimination", {"scroungers": 6.0, "sent": 2.0, "back": 2.0})
    found = toy.detect(doc("All the immigrants round here are scroungers and should be sent back"))
    assert [f.characteristic.value for f in found if f.characteristic] == ["race"]
    # The same wording with no identity word or slur: the model alone may not call it
    # discrimination, because the finding could not say which characteristic.
    assert toy.detect(doc("All the people round here are scroungers and should be sent back")) == []


def test_span_is_the_sentence_that_contributed_most() -> None:
    toy = _toy("service_request", {"pothole": 5.0, "huge": 1.0, "lovely": -2.0})
    text = "Lovely day today.  The POTHOLE on Mill Lane is huge! Thanks all"
    (finding,) = toy.detect(doc(text))
    assert finding.text == "The POTHOLE on Mill Lane is huge!"
    assert finding.explanation.startswith("Words like 'POTHOLE', 'huge' suggest a service request")
    assert [t["feature"] for t in finding.evidence["terms"]] == ["pothole", "huge"]
    assert finding.detector == "learned.service_request@toy"


def test_one_sentence_text_spans_the_whole_text_without_outer_spaces() -> None:
    toy = _toy("service_request", {"pothole": 5.0})
    (finding,) = toy.detect(doc("  pothole outside number 4  "))
    assert finding.text == "pothole outside number 4"


def test_routing_is_only_for_inbound_when_the_context_is_known() -> None:
    text = "Can someone come and fix the streetlight outside our house? It's been out for weeks."
    business = Document(text, resources(), context=Context.BUSINESS)
    routing = {Category.SERVICE_REQUEST, Category.COMPLAINT, Category.PRESS_ENQUIRY}
    assert not {f.category for f in detector().detect(business)} & routing
    assert {f.category for f in detector().detect(doc(text))} & routing


@pytest.mark.parametrize(
    "text",
    [
        "C\u0430n s\u043emeone fix the streetlight? It's been out for weeks!!!",  # Cyrillic a, o
        "Can some\u200bone fix the street\u200blight outside our house? Out for weeks.",
        "Our b1n has n0t been c0llected, can s0meone sort it?\n\nThanks",
        "   Can someone fix the streetlight outside our house?   ",
        "Ｃａｎ someone fix the streetlight outside our house? It's been weeks.",
    ],
)
def test_spans_index_the_original_text(text: str) -> None:
    for f in detector().detect(doc(text)):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.text == f.text.strip()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "bin",
                "not",
                "collected",
                "can",
                "someone",
                "please",
                "council",
                "complaint",
                "disgrace",
                "reporter",
                "statement",
                "worried",
                "kids",
                "alone",
                "12",
                "WA10",
                "?",
                "!",
                ".",
                "\n",
                "f*ck",
                "ｆｕｃｋ",
                "\u200b",
                "é",
                "  ",
                "—",
                "'",
                "I'm",
            ]
        ),
        max_size=60,
    ).map(" ".join)
)
def test_any_text_gives_valid_spans(text: str) -> None:
    for f in detector().detect(doc(text)):
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text


def test_scores_and_findings_are_deterministic() -> None:
    text = (
        "Absolutely disgusted. Third time I have chased my repair and nobody calls back. "
        "I want to make a formal complaint. Can someone ring me?"
    )
    first = [f.to_dict() for f in detector().detect(doc(text))]
    again = [f.to_dict() for f in LearnedDetector(resources()).detect(doc(text))]
    assert first == again
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


def test_long_adversarial_text_is_handled() -> None:
    text = ("can someone fix the bin " * 2000) + ("9" * 50_000) + ("!" * 10_000) + ("a" * 50_000)
    for f in detector().detect(doc(text)):
        assert text[f.start : f.end] == f.text


# -- boundaries of the package -----------------------------------------------------------------


def test_run_time_never_imports_scikit_learn() -> None:
    code = (
        "import sys\n"
        "from socialguard.screening.engine import get_engine\n"
        "get_engine('st-helens-2018').screen('Can someone fix the pothole on our road?')\n"
        "bad = [m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    src = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(src)},
    )
    assert result.returncode == 0, result.stderr


def test_trainer_refuses_the_test_split(tmp_path: Path) -> None:
    from socialguard.screening.training import read_training_split

    with pytest.raises(SystemExit, match="training split"):
        read_training_split(tmp_path / "test.jsonl")


def test_trainer_is_deterministic_and_its_model_loads() -> None:
    pytest.importorskip("sklearn")
    from socialguard.screening.training import Example, Settings, dumps_model, train

    names = lexicon_feature_names(resources().lexicons)
    asks = ["can someone", "please could you", "when will you", "who do I ask to"]
    things = ["empty the bin", "fix the streetlight", "fill the pothole", "clear the drain"]
    chat = ["lovely walk", "great match", "nice weather", "fun quiz night"]
    places = ["by the park", "at the school", "on our road", "near the shops"]
    texts = [(f"{a} {t} {p}?", True) for a in asks for t in things for p in places[:2]]
    texts += [(f"what a {c} {p} today", False) for c in chat for p in places]
    texts += [(f"we had a {c} and {t.split()[-1]} talk", False) for c in chat for t in things]
    examples = [
        Example(
            id=f"toy-{i}",
            text=text,
            policy="st-helens-2018",
            context="inbound",
            labels=frozenset({"service_request"} if positive else ()),
            hard_negative_for=frozenset(),
            keys=list(iter_feature_keys(doc(text), names)),
        )
        for i, (text, positive) in enumerate(texts)
    ]
    settings = Settings(categories=(Category.SERVICE_REQUEST,), min_df=2)
    first = dumps_model(train(examples, settings, resources()))
    assert dumps_model(train(examples, settings, resources())) == first
    model = LearnedModel.from_dict(json.loads(first))
    toy = LearnedDetector(resources(), {"model": model})
    scores = toy.scores(doc("can someone fix the drain on our road?"))
    assert (
        scores[Category.SERVICE_REQUEST]
        > toy.scores(doc("what a nice walk"))[Category.SERVICE_REQUEST]
    )


def test_shipped_model_matches_the_current_lexicons() -> None:
    # A lexicon cue the model knows but the data no longer produces means: retrain the model.
    assert detector().stale_features == ()
