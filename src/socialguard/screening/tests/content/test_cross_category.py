"""Rules that tie categories together, as the corpus labelling rules describe them."""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import categories, of


@pytest.mark.parametrize(
    "text",
    ["filthy pakis on the high street", "some tranny in the changing rooms", "what a retard"],
)
def test_a_slur_is_offensive_language_and_discrimination(text: str) -> None:
    assert {"offensive_language", "discrimination"} <= categories(text, "inbound")


@pytest.mark.parametrize(
    "text",
    [
        "they're somebody's granny, not 'bed blockers'",
        'Calling people "pikeys" is not on',
    ],
)
def test_a_quoted_slur_is_mentioned_not_used(text: str) -> None:
    assert of(text, Category.OFFENSIVE_LANGUAGE, "personal") == []


@pytest.mark.parametrize(
    ("text", "harassment"),
    [
        ("@Dave_Parr shut it you bellend", True),  # a person's handle
        ("Ma boss is a bellend. That's the post", True),  # a role
        ("@StHelensCouncil you absolute shower of bastards", False),  # an organisation
        ("Sort the bins out ya useless bastards", False),  # plural: the council as a body
    ],
)
def test_an_insult_aimed_at_a_person_is_also_harassment(text: str, harassment: bool) -> None:
    assert bool(of(text, Category.HARASSMENT, "inbound")) is harassment


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("Personally I think the new parking charges are daft", "business", True),
        ("Between you and me the leaders never listen to us", "business", True),
        ("Bin collections move to Tuesday next week. Thanks for your patience", "business", False),
        ("Council worker here: officially the tip is closing in March", "inbound", True),
    ],
)
def test_representation_depends_on_context(text: str, context: str, expected: bool) -> None:
    assert bool(of(text, Category.COUNCIL_REPRESENTATION, context)) is expected


@pytest.mark.parametrize("context", ["business", "personal"])
def test_routing_categories_come_only_from_third_parties(context: str) -> None:
    text = "Missed bin again on Elm Road, this is the third time, appalling service"
    assert not categories(text, context) & {"service_request", "complaint", "press_enquiry"}
    assert {"service_request", "complaint"} <= categories(text, "inbound")


def test_party_and_call_in_different_sentences_is_still_campaigning() -> None:
    text = "The Tories closed our library. Remember that in May"
    assert of(text, Category.POLITICAL_ACTIVITY, "personal")


def test_allegation_about_the_previous_sentence_subject() -> None:
    text = "The treasurer of the bowls club bought a new car last week. Stole it from the grant."
    assert of(text, Category.DEFAMATION_RISK, "inbound")


def test_whole_post_hedge_cancels_the_allegation() -> None:
    text = "Someone on Facebook said the caretaker stole the raffle money. Is that true?"
    assert of(text, Category.DEFAMATION_RISK, "inbound") == []
