"""Phrase-pattern files: validated on load by their own examples; errors name file and line."""

from __future__ import annotations

import pytest

from socialguard.screening.document import Document
from socialguard.screening.errors import DataError
from socialguard.screening.patterns import PatternSet, parse_pattern_set
from socialguard.screening.resources import Resources
from socialguard.screening.yamlio import parse_yaml

GOOD = """
description: threats
patterns:
  - id: know_where_you_live
    category: harassment
    subtype: threat
    severity: high
    confidence: 0.9
    description: Saying you know where someone lives is a veiled threat.
    triggers: [live]
    regex: '\\bknow where (?:you|u) live\\b'
    examples:
      match: ["I KNOW where u live", "i know where you live mate"]
      no_match: ["do you know where the tip is"]
"""


def _load(text: str) -> PatternSet:
    return parse_pattern_set(parse_yaml(text, source="p.yaml"), name="threats", source="p.yaml")


def test_good_file_loads_and_matches() -> None:
    patterns = _load(GOOD)
    resources = Resources.build(patterns=[patterns])
    doc = Document("Careful, I know where you live.", resources)
    matches = patterns.matches(doc)
    assert [(m.pattern.key, m.text) for m in matches] == [
        ("threats.know_where_you_live", "know where you live")
    ]


def test_gate_closed_means_regex_not_run() -> None:
    patterns = _load(GOOD)
    resources = Resources.build(patterns=[patterns])
    doc = Document("nothing to see here", resources)
    assert not doc.gate_open("threats.know_where_you_live")
    assert patterns.matches(doc) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("regex: '\\bknow where (?:you|u) live\\b'", "regex: '(know'"),
            (
                "p.yaml:11: pattern 'know_where_you_live': regex does not compile: "
                "missing ), unterminated subpattern at position 0"
            ),
        ),
        (
            ("regex: '\\bknow where (?:you|u) live\\b'", "regex: '(\\w+\\s?)+live'"),
            "p.yaml:11: pattern 'know_where_you_live': nested quantifier can take exponential time",
        ),
        (
            (
                'match: ["I KNOW where u live", "i know where you live mate"]',
                'match: ["I know where you are"]',
            ),
            (
                "p.yaml:4: pattern 'know_where_you_live': example 'I know where you are' "
                "should match but does not"
            ),
        ),
        (
            ('no_match: ["do you know where the tip is"]', 'no_match: ["i know where you live"]'),
            (
                "p.yaml:4: pattern 'know_where_you_live': example 'i know where you live' "
                "should not match but does"
            ),
        ),
        (
            ("category: harassment", "category: threats"),
            "p.yaml:5: patterns[1].category: 'threats' is not allowed here",
        ),
        (
            ("subtype: threat", "subtype: threat\n    colour: red"),
            "p.yaml:7: patterns[1]: unknown key 'colour' (hint: allowed keys here: id, category",
        ),
    ],
)
def test_errors_name_file_and_line(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in GOOD
    with pytest.raises(DataError) as info:
        _load(GOOD.replace(old, new))
    assert str(info.value.problems[0]).startswith(message), str(info.value)
