"""Span contract (offsets into the ORIGINAL text) and robustness of every content detector."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialguard.screening.tests.content._helpers import findings
from socialguard.screening.tests.timing import LIMIT, best_growth_ratio

OBFUSCATED = [
    "what the f*ck is this",
    "F U C K the council",
    "ѕhіt service from the bin men",
    "fu\u200bck off",
    "FUUUUUUUUCK OFF you b@stard",
    "Ｆｕｃｋ this fullwidth text",
    "I know where you live 🖕",
    "ＩＭＭＩＧＲＡＮＴＳ ＯＵＴ",
    "my partner hits me\u200b and i'm scared to go home",
    "Vote Labour!!! #VoteLabour 🌹",
]


@pytest.mark.parametrize("text", OBFUSCATED)
def test_spans_index_the_original_text(text: str) -> None:
    found = findings(text, "personal")
    assert found
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.explanation.endswith((".", ")")) or f.explanation
        assert f.detector.startswith("content.") and "@" in f.detector
        assert 0.0 < f.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_crashes_and_spans_hold(text: str) -> None:
    for context in (None, "inbound", "business", "personal"):
        for f in findings(text, context):
            assert text[f.start : f.end] == f.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "you",
                "knob",
                "f*ck",
                "vote",
                "Labour",
                "immigrants",
                "are",
                "vermin",
                "all",
                "the",
                "council",
                "is",
                "corrupt",
                "Cllr",
                "Smith",
                "kids",
                "left",
                "alone",
                "bin",
                "missed",
                "again",
                "reporter",
                "comment",
                "?",
                ".",
                "!",
                "\n",
                "💩",
                "between",
                "us",
                "not",
                "public",
                "yet",
                "sh1t",
                "c u n t",
            ]
        ),
        max_size=60,
    ).map(" ".join)
)
def test_word_salad_of_trigger_words_is_safe(text: str) -> None:
    for f in findings(text, "personal"):
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "unit",
    ["a", "@", "1", " ", "fuck ", "you ", "f*", "vote labour ", "the kids are left alone. "],
)
def test_adversarial_input_is_linear(unit: str) -> None:
    # CPU time, best of 3 per size, sizes grown until timer noise is negligible, up to three
    # rounds (see tests/timing.py): 4x the input must not take anything like 16x the time.
    ratio = best_growth_ratio(lambda n: findings(unit * n, "personal"), 2_500)
    assert ratio < LIMIT, (unit, ratio)
