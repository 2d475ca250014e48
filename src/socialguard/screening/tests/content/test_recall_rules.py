"""Recall rules added after the first training-split evaluation (engineer E4).

Each table holds fresh sentences written for these tests (not corpus lines): the general shape a
rule is meant to catch, and the nearby everyday wording it must leave alone.
"""

from __future__ import annotations

import pytest

from socialguard.screening.detectors.content._common import PatternGroup, idle
from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import document, of, resources

COMPLAINT = Category.COMPLAINT
SERVICE = Category.SERVICE_REQUEST
CONFIDENTIAL = Category.CONFIDENTIAL_INFORMATION
HARASSMENT = Category.HARASSMENT
SAFEGUARDING = Category.SAFEGUARDING_CONCERN
REPRESENTATION = Category.COUNCIL_REPRESENTATION
SEXUAL = Category.SEXUAL_CONTENT
DISCRIMINATION = Category.DISCRIMINATION


# -- complaint: a council service + a judgement on it ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # abuse aimed at whoever runs a failing service
        "Street lights on Hall Lane out for a week. Bunch of useless twats",
        "Potholes everywhere on the ring road again, sort it ya numpties",
        # a failing service and a feeling about it
        "The lift in the library isn't working and it's simply not good enough",
        # exasperated rhetorical questions
        "How are pensioners supposed to book the tip online only? Disgrace",
        "The new parking charges are a total piss take",
        "Who thought it was a good idea to shut the library in exam week",
    ],
)
def test_complaint_recall(text: str) -> None:
    assert of(text, COMPLAINT, "inbound"), f"no complaint in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        # abuse of the council with nothing about a service: offensive, not a complaint
        "Fuck the council",
        # a question about a service with a stray "still" is not a grievance
        "Is my bin collection still on a Tuesday?",
        # sympathy, not criticism
        "Dead badger on the verge by the school. Poor thing. Can it be moved?",
        # the writer's own staff post: routing categories come from third parties
        ("Report potholes on our website, it's not good enough to leave them"),
    ],
)
def test_complaint_leaves_alone(text: str) -> None:
    context = "business" if text.startswith("Report potholes") else "inbound"
    assert not of(text, COMPLAINT, context), f"unexpected complaint in {text!r}"


def test_sarcastic_praise_does_not_cancel_abuse() -> None:
    text = "Bins missed again on our road. Well done ya clowns, useless bastards"
    assert of(text, COMPLAINT, "inbound")


# -- service request ------------------------------------------------------------------------------


def test_thanks_closing_a_request_is_manners() -> None:
    text = "Please can someone collect the fridge dumped on Bold Lane. Thanks, Sue"
    assert of(text, SERVICE, "inbound")


@pytest.mark.parametrize(
    "text",
    [
        "Hi, reporter at the Daily Record here. Could the council comment on the pothole repairs?",
        "St Helens Star newsdesk: can you tell us how many bins were missed this week?",
    ],
)
def test_media_asks_are_press_not_service_requests(text: str) -> None:
    assert not of(text, SERVICE, "inbound")
    assert of(text, Category.PRESS_ENQUIRY, "inbound")


# -- confidential information --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Draft post: new leisure operator announced (not for release yet)", "business"),
        ("Draft: 60 posts going in Regeneration - staff haven't been told, so hold", "business"),
        ("Heads up lads, they're cutting 25 jobs in parks, announcement not til May", "personal"),
        (
            "My cousin works in the council and says the Dunbar pool is shutting next year",
            "inbound",
        ),
        ("Replying publicly: Mrs Jones, your council tax account has been credited", "business"),
        ("Long shift at the care home, the lady in room 6 cried all night bless her", "personal"),
    ],
)
def test_confidential_recall(text: str, context: str) -> None:
    assert of(text, CONFIDENTIAL, context), f"no confidential finding in {text!r}"


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # the same reply wording from a resident is ordinary
        ("I checked your account page and the refund is there", "inbound"),
        ("Your account login is on the letter we sent", "personal"),
        ("We've had 40 posts on the page this week, thanks for reading", "business"),
        ("100 jobs created at the new warehouse in Haydock", "business"),
    ],
)
def test_confidential_leaves_alone(text: str, context: str) -> None:
    assert not of(text, CONFIDENTIAL, context), f"unexpected confidential finding in {text!r}"


# -- harassment ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'll make that planning officer's life hell until she quits",
        "We'll be at his surgery every Saturday. All of us",
        "Somebody should give the parking warden a good hiding",
        "Nice house you've got in Gifford. Shame if anything happened to it",
        "I know which bus you get home, Mr Reid",
        "Councillors who vote for this deserve what's coming to them",
    ],
)
def test_harassment_recall(text: str) -> None:
    assert of(text, HARASSMENT, "inbound"), f"no harassment in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "We'll be at the surgery on Saturday for the flu jabs",
        "The new app will make your life easier",
        "Give the kids a break, it's the holidays",
    ],
)
def test_harassment_leaves_alone(text: str) -> None:
    assert not of(text, HARASSMENT, "inbound"), f"unexpected harassment in {text!r}"


# -- safeguarding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Everyone would be better off if I wasn't here anymore",
        "I've been giving my things away, won't need them much longer",
        "My stepdad keeps coming into my room at night and I'm scared to tell anyone",
        "The lad across the road is only 9 and he's out till midnight every night",
        "Jayden (8) next door says his dad hits him with a belt",
        "The old man at number 4 has milk on the step and post piling up, he's got nobody",
    ],
)
def test_safeguarding_recall(text: str) -> None:
    assert of(text, SAFEGUARDING, "inbound"), f"no safeguarding finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "The 10 year plan for the town centre is out",
        "Swimming lessons for under 8s start at 4pm",
        "I'm 45 and have lived in Tranent all my life",
    ],
)
def test_ages_alone_are_not_concerns(text: str) -> None:
    assert not of(text, SAFEGUARDING, "inbound"), f"unexpected safeguarding in {text!r}"


# -- council representation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("I'm on the drainage team and the council will fix every gully by Friday", "personal"),
        ("As a council employee I can tell you the closures are already decided", "personal"),
        ("Draft: We at St Helens Council think the new policy is cruel", "business"),
    ],
)
def test_representation_recall(text: str, context: str) -> None:
    assert of(text, REPRESENTATION, context), f"no representation finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "I'm on the bus to Haddington and the council will be closing the road later",
        "I work in Liverpool but the council will still charge me council tax",
    ],
)
def test_representation_leaves_alone(text: str) -> None:
    assert not of(text, REPRESENTATION, "personal"), f"unexpected finding in {text!r}"


# -- sexual innuendo needs several cues ----------------------------------------------------------


def test_innuendo_with_cues() -> None:
    text = "That new lifeguard can inspect my pipes anytime 😏 if you know what I mean"
    assert of(text, SEXUAL, "inbound")


@pytest.mark.parametrize(
    "text",
    [
        "Can someone inspect my pipes? The boiler keeps cutting out",
        "Call us anytime if you know what day your bin goes out",
    ],
)
def test_single_innocent_phrase_is_not_sexual(text: str) -> None:
    assert not of(text, SEXUAL, "inbound"), f"unexpected sexual finding in {text!r}"


# -- discrimination: a cue straight after the group -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        ("Deaf people cannae work on a phone line, obviously", "disability"),
        ("Atheists have no morals", "religion_or_belief"),
    ],
)
def test_group_then_cue(text: str, characteristic: str) -> None:
    found = of(text, DISCRIMINATION, "inbound")
    assert found and found[0].characteristic is not None
    assert found[0].characteristic.value == characteristic


# -- speed helpers ---------------------------------------------------------------------------------


def test_idle_document_skips_everything() -> None:
    doc = document("Lovely sunny day at the beach")
    group = PatternGroup(resources().pattern_set("harassment"))
    assert idle(doc, ("harassment", "offensive"), group, masks=True, symbols=True)


def test_pattern_group_runs_only_open_gates() -> None:
    group = PatternGroup(resources().pattern_set("harassment"))
    assert len(group) == len(list(resources().pattern_set("harassment")))
    assert group.run(document("Lovely sunny day at the beach")) == []
    matches = group.run(document("I'll make his life a misery"))
    assert [m.pattern.id for m in matches] == ["make_life_misery"]
