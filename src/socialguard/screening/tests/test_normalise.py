"""Normalisation: what is folded, and that every normalised span maps back to the original."""

from __future__ import annotations

import pytest

from socialguard.screening.normalise import fold_term, normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "hello world"),
        ("f u c k off", "fuck off"),
        ("s.h.i.t", "shit"),
        ("c-u-n-t", "cunt"),
        ("you sh1t", "you shit"),
        ("b1tch", "bitch"),
        ("b@stard", "bastard"),
        ("$hite", "shite"),
        ("wank3r", "wanker"),
        ("b0ll0cks", "bollocks"),
        ("fuuuuuck", "fuck"),
        ("fück", "fuck"),
        ("fuсk", "fuck"),  # Cyrillic es
        ("ｆｕｃｋ", "fuck"),  # fullwidth
        ("𝐟𝐮𝐜𝐤", "fuck"),  # mathematical bold
        ("f\u200buck", "fuck"),  # zero-width space
        ("f\u00aduck", "fuck"),  # soft hyphen
        ("don’t", "don't"),
        ("“quoted” – dash", '"quoted" - dash'),
        ("ΑΒΓ", "aby"),  # Greek capitals fold to Latin look-alikes
    ],
)
def test_folds(text: str, expected: str) -> None:
    assert normalise(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "call 0800 123 456 at 10am on the 3rd",
        "WA10 1HP and EH41 3HA",
        "SW1A 1AA",
        "covid19 and 5th and 2nd and 1st and 100ml",
        "email j.smith@sthelens.gov.uk",
        "@StHelensCouncil please",
        "www.sthelens.gov.uk",
        "#bins #recycling",
        "gr8 m8 4 u",
    ],
)
def test_leaves_numbers_addresses_and_handles_alone(text: str) -> None:
    assert normalise(text).text == text.lower()


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("f***", "f***"),
        ("sh*t", "sh*t"),
        ("what a c**t", "c**t"),
        ("f**king hell", "f**king"),
        ("f##k", "f**k"),
    ],
)
def test_masked_words_are_exposed(text: str, pattern: str) -> None:
    assert pattern in [m.pattern for m in normalise(text).masks]


@pytest.mark.parametrize(
    ("text", "word", "original"),
    [
        ("oh f u c k off", "fuck", "f u c k"),
        ("you fuuuuck", "fuck", "fuuuuck"),
        ("a f\u200buck b", "fuck", "f\u200buck"),
        ("ﬁne ﬁne shit", "shit", "shit"),  # ligatures expand before the match
        ("straße sh1t", "shit", "sh1t"),  # ß expands to ss
        ("n\u0303o f***", "f***", "f***"),  # a combining mark is dropped
    ],
)
def test_spans_map_back_to_the_original(text: str, word: str, original: str) -> None:
    n = normalise(text)
    start = n.text.index(word)
    s, e = n.to_original(start, start + len(word))
    assert text[s:e] == original


def test_ascii_fast_path_is_identity() -> None:
    n = normalise("Missed bin collection on Smith Street")
    assert n.identity
    assert n.to_original(7, 10) == (7, 10)


def test_non_ascii_one_to_one_is_identity() -> None:
    assert normalise("Café – don’t").identity


def test_fold_term_matches_text_folding() -> None:
    assert fold_term("Fück") == normalise("fück").text == "fuck"
