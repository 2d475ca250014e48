"""The content lexicons and patterns are well-formed for the detectors that read them."""

from __future__ import annotations

import pytest

from socialguard.screening.detectors.content import DETECTORS
from socialguard.screening.model import Characteristic
from socialguard.screening.registry import available, load_detector_class
from socialguard.screening.tests.content._helpers import detectors, resources

# lexicon -> the roles its detector understands ("" = no role attribute used)
ROLES = {
    "offensive": {""},
    "offensive_allow": {""},
    "slurs": {""},
    "identity_groups": {""},
    "discrimination_cues": {"dehumanise", "exclude", "generalise", "stereotype", "counter"},
    "harassment": {""},
    "sexual": {"", "spam_cue"},
    "defamation": {"allegation", "target", "hedge"},
    "political": {"party", "campaign", "canvass", "partisan", "hashtag", "neutral"},
    "representation": {"claim", "council_view", "insider", "disclaimer", "opinion"},
    "confidential": {"marking", "secrecy", "session", "topic", "insider", "service_user", "public"},
    "safeguarding": {"signal", "harm", "person", "frame"},
    "service_request": {
        "problem", "failure", "request", "question", "own_case", "report", "negative",
    },
    "complaint": {
        "explicit", "negative", "repeat", "waiting", "redress", "target", "praise", "elsewhere",
    },
    "press": {"journalist", "outlet", "ask", "deadline", "explicit", "negative"},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(ROLES))
def test_lexicon_roles_and_weights(name: str) -> None:
    lexicon = resources().lexicon(name)
    assert len(lexicon) > 0
    for entry in lexicon:
        role = entry.attrs.get("role", "")
        assert role in ROLES[name], f"{name}.txt:{entry.line}: unknown role {role!r}"
        weight = entry.attrs.get("weight")
        if weight is not None:
            assert 0.0 < float(weight) <= 1.0, f"{name}.txt:{entry.line}: weight {weight}"
        if "ambiguous" in entry.attrs:
            assert entry.attrs["ambiguous"] == "yes"


def test_every_slur_and_group_names_a_characteristic() -> None:
    for name in ("slurs", "identity_groups"):
        for entry in resources().lexicon(name):
            assert entry.characteristic is not None, f"{name}.txt:{entry.line}"
    for entry in resources().lexicon("discrimination_cues"):
        if entry.attrs.get("standalone") == "yes":
            assert entry.characteristic in set(Characteristic), f"line {entry.line}"


def test_all_nine_characteristics_are_covered() -> None:
    covered = {e.characteristic for e in resources().lexicon("identity_groups")}
    assert covered == set(Characteristic)


def test_mild_words_stay_off_the_offensive_list() -> None:
    lexicon = resources().lexicon("offensive")
    for word in ("bloody", "damn", "crap", "hell", "sod", "bugger", "arse", "git"):
        assert word not in lexicon, word


@pytest.mark.parametrize("name", sorted(DETECTORS))
def test_registered_and_buildable(name: str) -> None:
    assert available()[name] == DETECTORS[name]
    cls = load_detector_class(name)
    assert cls.name == name
    assert cls.version >= 1


def test_detectors_built_once_and_cover_twelve_categories() -> None:
    cats = set().union(*(d.categories for d in detectors()))
    assert len(cats) == 12
    assert "personal_data" not in {c.value for c in cats}
