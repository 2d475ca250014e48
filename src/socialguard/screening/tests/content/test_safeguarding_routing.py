"""safeguarding_concern (high recall) and the routing categories."""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

SAFEGUARDING = Category.SAFEGUARDING_CONCERN
SERVICE = Category.SERVICE_REQUEST
COMPLAINT = Category.COMPLAINT
PRESS = Category.PRESS_ENQUIRY


@pytest.mark.parametrize(
    "text",
    [
        "I can't go on anymore, I want to end it all",
        "the kids next door are left alone every night",
        "my partner hits me and I'm scared to go home",
        "my elderly neighbour hasn't been seen for days and her curtains are closed",
        "The 6 year old next door is left on his own till midnight",
        "honestly thinking of ending it",
        "a much older man keeps picking up the girl from number 12 in his car and giving her vodka",
        "I think my nan is being financially abused by her carer, they're taking her money",
        "there are always bruises on the little boy across the road",
        "lads are using her flat to deal drugs, she's vulnerable and scared",
        "nobody would notice if I wasn't here, better off without me",
        "been self harming again",
    ],
)
def test_reports_safeguarding(text: str) -> None:
    assert of(text, SAFEGUARDING), f"no safeguarding finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "I could kill for a coffee",
        "this traffic is killing me",
        "dying to see the fireworks tonight",
        "Domestic abuse awareness week: help is available, call 0800 2000 247",
        "A new drama about domestic abuse starts tonight on BBC One",
        "If you are worried about a child, call the safeguarding team",
        "Just finished my safeguarding training",
        "Kids are loving the new play park",
        "I'm confused about my council tax bill",
        "The bins have been left alone for weeks",
    ],
)
def test_idioms_and_awareness_posts_are_not_safeguarding(text: str) -> None:
    assert of(text, SAFEGUARDING) == [], [f.text for f in of(text, SAFEGUARDING)]


@pytest.mark.parametrize(
    "text",
    [
        "Missed bin again on Elm Road",
        "Can someone come out and look at the pothole on Church St?",
        "How do I apply for a parking permit?",
        "Street light outside 23 Elm Road has been out for a week",
        "Fly tipping on Moss Lane again, mattresses and a fridge",
        "Any update on my housing repair? Reported it a month ago",
        "Please can you send someone to clear the blocked drain on our street",
        "I'd like to report graffiti on the bus shelter",
    ],
)
def test_reports_service_requests(text: str) -> None:
    assert of(text, SERVICE, "inbound"), f"no service_request finding in {text!r}"


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("The new bins look great", "inbound"),
        ("Thanks for fixing the streetlight so quickly!", "inbound"),
        ("Lovely day at the park with the kids", "inbound"),
        (
            "You can report potholes on the council website, they came out within a week for me",
            "inbound",
        ),
        ("Report a pothole on our website: sthelens.gov.uk/report", "business"),
    ],
)
def test_not_service_requests(text: str, context: str) -> None:
    assert of(text, SERVICE, context) == [], [f.text for f in of(text, SERVICE, context)]


@pytest.mark.parametrize(
    "text",
    [
        "I want to make a formal complaint about the way I was treated at the one stop shop",
        "This is the third time my bin has been missed. Absolutely appalling service.",
        "I have been waiting 6 weeks for a repair and nobody has got back to me",
        "Your staff were rude and unhelpful, I expect an apology",
        "Still no reply to my emails, not good enough, I'll be taking it to the ombudsman",
        "Disgraceful service from the contact centre, on hold for an hour then cut off",
    ],
)
def test_reports_complaints(text: str) -> None:
    assert of(text, COMPLAINT, "inbound"), f"no complaint finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "Bloody hell the traffic is awful today",
        "Brilliant service from the bin crew, thank you!",
        "I complained to the paper about the parking",
        "Lovely walk along the beach at Gullane",
    ],
)
def test_not_complaints(text: str) -> None:
    assert of(text, COMPLAINT, "inbound") == [], [f.text for f in of(text, COMPLAINT, "inbound")]


@pytest.mark.parametrize(
    "text",
    [
        "I'm a reporter at the Liverpool Echo, could the council comment? Deadline 4pm",
        "Local Democracy Reporter here - can the council provide a statement on the budget gap?",
        "Journalist with the East Lothian Courier. We're running a story, could someone call me?",
        "Media enquiry: BBC Radio Merseyside would like to interview someone about fly-tipping",
        "Student journalist at LJMU writing a piece on potholes, could I get a quote?",
    ],
)
def test_reports_press_enquiries(text: str) -> None:
    assert of(text, PRESS, "inbound"), f"no press_enquiry finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "Saw it in the Echo, disgraceful",
        "Read our press release on the new leisure centre",
        "Press the button at the crossing, it takes ages",
        "The Courier reported the closure last week",
        "I'm going to the papers about this",
    ],
)
def test_not_press_enquiries(text: str) -> None:
    assert of(text, PRESS, "inbound") == [], [f.text for f in of(text, PRESS, "inbound")]
