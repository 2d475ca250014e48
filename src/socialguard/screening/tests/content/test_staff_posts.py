"""council_representation and confidential_information (mostly staff posts)."""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

REPRESENTATION = Category.COUNCIL_REPRESENTATION
CONFIDENTIAL = Category.CONFIDENTIAL_INFORMATION


@pytest.mark.parametrize(
    "text",
    [
        "As a council officer I can tell you the council thinks the scheme is a waste of money",
        "Speaking on behalf of St Helens Council, we will not be reopening the baths",
        "Official position: the library stays shut",
        "We at the council have decided to scrap the garden waste charge",
        "I work for the council and we have decided to close the tip on Sundays",
        "As a planning officer at the council I can confirm the application will be approved",
        "i'm posting on behalf of East Lothian council: the gala is cancelled",
    ],
)
def test_reports_speaking_for_the_council_in_personal_posts(text: str) -> None:
    assert of(text, REPRESENTATION, "personal"), f"no finding in {text!r}"


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Speaking on behalf of St Helens Council, we will not be reopening the baths", "business"),
        ("The council has decided to extend library opening hours", "business"),
        ("Love my job at the council! Views my own", "personal"),
        ("the council thinks it can ignore us", "personal"),
        ("I work for the council and I love it", "personal"),
        ("the council's official position is a joke", "inbound"),
        ("I'll be speaking at the council meeting on Tuesday", "personal"),
    ],
)
def test_not_representation(text: str, context: str) -> None:
    assert of(text, REPRESENTATION, context) == [], [
        f.text for f in of(text, REPRESENTATION, context)
    ]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("OFFICIAL-SENSITIVE: draft restructure of waste services", "personal"),
        (
            "Between us, they're cutting 40 jobs in highways next month, not announced yet",
            "personal",
        ),
        ("We were told in our team meeting that the library is going to close", "personal"),
        ("Item 7 is an exempt item and will be heard in private session", "business"),
        ("One of my service users is an alcoholic, so sad", "personal"),
        ("RESTRICTED - draft savings options for Tranent", "business"),
        ("You didn't hear it from me but the leisure centre is being sold off", "personal"),
        ("Embargoed until 00:01 Thursday: council tax to rise 4.99%", "business"),
        ("Not for circulation - tender bids for the Parr contract", "personal"),
        ("my colleague is suspended pending a disciplinary, keep it quiet", "personal"),
    ],
)
def test_reports_confidential_information(text: str, context: str) -> None:
    assert of(text, CONFIDENTIAL, context), f"no finding in {text!r}"


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("The budget consultation is open - have your say", "business"),
        ("Call our confidential helpline on 0800 123 456", "business"),
        ("The council published its decision to close the baths", "business"),
        ("Parking is restricted on match days", "business"),
        ("Please keep my details confidential", "inbound"),
        (
            "Cabinet approved the restructure of waste services, read the report on our website",
            "business",
        ),
        ("Agenda for full council published: all items in public session", "business"),
        ("Tender opportunities are advertised on Public Contracts Scotland", "business"),
        ("Lovely day at work today, great team", "personal"),
    ],
)
def test_public_information_is_not_confidential(text: str, context: str) -> None:
    assert of(text, CONFIDENTIAL, context) == [], [f.text for f in of(text, CONFIDENTIAL, context)]
