"""Robustness: any text is safe, spans are exact, output is deterministic, time is linear.

Linear time is checked by comparing the time for n and 4n characters (the ratio should be near
4; we fail only above 10, far below the 16 a quadratic algorithm would show), never by an
absolute limit, so the tests hold on slow machines.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialguard.screening.engine import Engine
from socialguard.screening.normalise import normalise
from socialguard.screening.tests.timing import LIMIT, best_growth_ratio

# Text built from characters the engine treats specially, plus anything at all.
_TRICKY = st.sampled_from(
    [
        *"aAfuck sh1t@.$*#_-/07 9\n\t'’“é",
        *["\u200b", "\u00ad", "ｆ", "𝐟", "с", "ß", "ﬁ", "\u0301", "🙂", "\ufeff", "İ"],
    ]
)
_TEXTS = st.one_of(st.text(), st.lists(_TRICKY, max_size=80).map("".join))


def _check(engine: Engine, text: str) -> None:
    result = engine.screen(text)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text
        assert f.clauses
    assert list(result.categories) == sorted(set(result.categories), key=lambda c: c.value)
    assert engine.screen(text).to_dict() == result.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_any_text_is_safe_and_spans_are_exact(sh_engine: Engine, text: str) -> None:
    _check(sh_engine, text)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_normalised_spans_stay_inside_the_original(text: str) -> None:
    n = normalise(text)
    for i in range(len(n.text)):
        s, e = n.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)
    if n.text:
        s, e = n.to_original(0, len(n.text))
        assert 0 <= s <= e <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\u200b\u200b",
        "f\u200bu\u200bc\u200bk",
        "ﬁﬁﬁ sh1t",
        "e\u0301\u0301\u0301",
        "@" * 50,
        "*" * 50,
        "07700 900123" * 3,
        "a@b." * 20,
    ],
)
def test_edge_cases(sh_engine: Engine, el_engine: Engine, text: str) -> None:
    _check(sh_engine, text)
    _check(el_engine, text)


ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "digits": lambda n: "7" * n,
    "spaced digits": lambda n: "1 " * (n // 2),
    "at signs": lambda n: "@" * n,
    "spaces": lambda n: " " * n,
    "one letter": lambda n: "a" * n,
    "alternating": lambda n: "ab" * (n // 2),
    "spaced letters": lambda n: "f " * (n // 2),
    "dotted letters": lambda n: "a." * (n // 2),
    "email-ish": lambda n: "a.a@" * (n // 4),
    "masks": lambda n: "f*" * (n // 2),
    "leet": lambda n: "a1" * (n // 2),
    "zero width": lambda n: "f\u200b" * (n // 2),
    "postcodes": lambda n: "WA10 1HP " * (n // 9),
    "dashes": lambda n: "12-" * (n // 3),
    "real posts": lambda n: (
        "Mrs Jones at number 12 has dementia, ring 07700 900123 you f***ing idiot. " * (n // 70 + 1)
    )[:n],
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_linear_time_on_adversarial_input(sh_engine: Engine, name: str) -> None:
    make = ADVERSARIAL[name]
    # CPU time, best of 3 per size, sizes grown until timer noise is negligible, up to three
    # rounds (see tests/timing.py): a quadratic algorithm fails every round.
    ratio = best_growth_ratio(lambda n: sh_engine.screen(make(n)), 20_000)
    assert ratio < LIMIT, f"{name}: 4x the text took {ratio:.1f}x the time (quadratic?)"


def test_one_megabyte_text(sh_engine: Engine) -> None:
    paragraph = (
        "The bins on our street were missed again this week and the recycling is overflowing. "
        "I have reported it twice online and nobody has come back to me about it. "
        * 4
        + "Ring me on 07700 900123. "
    )
    text = (paragraph * (1_000_000 // len(paragraph) + 1))[:1_000_000]
    result = sh_engine.screen(text)
    assert result.redacted_text.count("[PHONE]") > 1000
