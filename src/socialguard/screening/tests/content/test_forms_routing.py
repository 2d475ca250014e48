"""The FORMS the routing categories take (service_request, complaint, press_enquiry).

Every sentence here was written for this file (none is copied from the corpus): each form has
positives in several voices (plain, Scots, Northern, text-speak) and hard negatives that share
its words but not its function. The forms are listed in ``detectors/content/routing.py`` and in
the comment blocks of ``patterns/routing.yaml``.
"""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

SERVICE = Category.SERVICE_REQUEST
COMPLAINT = Category.COMPLAINT
PRESS = Category.PRESS_ENQUIRY


def _found(text: str, category: Category) -> bool:
    return bool(of(text, category, "inbound"))


# -- service_request ------------------------------------------------------------------------------

SERVICE_FORMS = {
    "SR1 modal request with an agent": [
        "Could someone from highways check the loose drain cover by the post office?",
        "can the wardens patrol the lane behind the flats at night, the dumping is constant",
        "will somebody come out and look at the leaning lamp post on Fir Street please",
    ],
    "SR2 passive modal request": [
        "The bollard at the school gate is flattened. Can it be replaced before term starts?",
    ],
    "SR3 imperative": [
        "Bins rotting in the sun on Larch Grove. Send a wagon today please",
        "Broken glass all over the pavement by the takeaway. Clear it before a dog cuts its paw",
    ],
    "SR4 negated completion": [
        "The verges on Oak Brae havenae been cut all summer, you cannae see round the bend",
        "Our recycling hasn't been collected since the 3rd",
    ],
    "SR5 loss of supply": [
        "No hot water for four days in our council flat. Please send someone",
    ],
    "SR6 predicted harm": [
        "That kerb stone outside the chemist is loose, someone's going to break an ankle",
    ],
    "SR8 duration with a problem": [
        "Burnt out moped dumped on the green behind Kestrel Way, been there since Sunday",
    ],
    "SR10 conditional request": [
        "If someone could have a look at the flickering lights in the underpass that'd be great",
    ],
    "SR11 broken function": [
        "The front door of our block won't lock and the flat roof is leaking again",
    ],
    "SR11b not doing its job / missing part": [
        "The pelican crossing lights on Bank Street aren't working, people are just guessing",
        "The shelter at the Linkfield stop now has no roof after the storm, on Linkfield Road",
    ],
    "presentational report (thing + place)": [
        "Massive hole in the road outside the bakery on Queen Street",
        "Dead seagull on the pavement by the primary school gates",
        "Our close stair light has been out for a fortnight, pitch black at night",
        "Big branch blown down across the cycle path on Sandy Lane, nobody can get past",
    ],
    "SR12 needs doing": [
        "The grit bin at the top of Heather Hill is empty and needs refilling",
    ],
    "referral question": [
        "My gran's struggling on the stairs now, who can I speak to about a stairlift?",
    ],
    "own case": [
        "I applied for a disabled bay outside my house in May and haven't heard a thing",
    ],
    "heads-up report": [
        "Strong smell of gas by the bus stop on Mill Row, thought you should know",
    ],
    "text-speak": [
        "can sum1 cum fix the street lite outside no 4 its not working",
    ],
}

SERVICE_NEGATIVES = [
    # a question put to other residents
    "Does anyone know if the sports centre cafe does gluten free?",
    # advice to another resident
    "If you're reporting a missed bin, the form wants your collection day first",
    # a plea to keep a service, not a request for action
    "Please don't close the toddler group at the library, it's a lifeline",
    # praise for a fixed problem
    "Thank you to whoever fixed the street light on Ash Road so quickly",
    # imperative that is not addressed to the council
    "Sort yourselves out, St Helens, and be kinder to each other",
    # banter
    "If they move bin day again I'll move to Wigan 😂 only joking",
    # a journalist asking about potholes wants a comment, not a repair
    "Reuters here. Can someone comment on the pothole compensation figures by 4pm?",
]


@pytest.mark.parametrize(
    ("form", "text"), [(form, t) for form, texts in SERVICE_FORMS.items() for t in texts]
)
def test_service_request_forms(form: str, text: str) -> None:
    assert _found(text, SERVICE), f"{form}: no service_request in {text!r}"


@pytest.mark.parametrize("text", SERVICE_NEGATIVES)
def test_service_request_hard_negatives(text: str) -> None:
    assert not _found(text, SERVICE), f"unexpected service_request in {text!r}"


# -- complaint ------------------------------------------------------------------------------------

COMPLAINT_FORMS = {
    "C1 sarcasm": [
        "Another month, another missed collection. Thanks a bunch, council",
        "Great use of taxpayers' money that, repainting a bench nobody sits on",
        "Closed the baths and opened a coffee kiosk. Priorities eh",
        "Funny how the council only remembers our village when the tax bill is due",
    ],
    "C2 rhetorical question": [
        "Who signed off these new speed humps? My car's exhaust is in bits",
        "Emailed the planning team a month ago about the hedge and nothing. Isn't it their job?",
        "Do your staff even read the forms we send in?",
        "How many more pensioners have to fall on that path before you grit it?",
    ],
    "C3 escalation and ultimatum": [
        "If nobody rings me back by Monday I'm taking this to the ombudsman",
        "I'll keep posting on here every day until someone fixes my roof",
    ],
    "C4 broken promise": [
        "We were told the new windows would be in by Easter. It's now October",
    ],
    "C5 ignored": [
        "My housing officer never replies to my emails. Not good enough.",
        "Wrote to the council about the flooding on our lane. Still nothing.",
    ],
    "C6 repeated contact and run-around": [
        "Phoned the council tax line four times this week and got cut off every time",
        "Every time I ring I get told to email, every time I email I get told to ring",
    ],
    "C7 judged decision": [
        "Daft decision to move the market to a car park with no toilets",
        "The new parking scheme is a shambles from start to finish",
    ],
    "C8 paying and not getting": [
        "We pay over two grand a year in council tax and the street hasn't been swept since spring",
    ],
    "C9 accountability": [
        "The officer who lost my son's file needs to apologise, this has set us back months",
        "The families on the Meadows estate deserve better than broken lifts for a year",
    ],
    "C10 staff conduct": [
        "The woman on the housing desk was so patronising to my dad, he's 79",
    ],
    "C11 taken away + C13 electoral threat": [
        (
            "The council axed the night bus and now my daughter walks home in the dark. "
            "We'll remember this at the ballot box"
        ),
    ],
    "evaluative that-clause": [
        "Ridiculous that pensioners have to book a slot online to take a bag to the tip",
    ],
    "more rhetorical and sarcasm": [
        "Why should we pay for a garden waste permit when you empty it half the time?",
        "Oh brilliant, both bridges shut for roadworks the same week. Genius planning",
        "You promised a new roof on our block two winters ago. Where is it?",
        "Nobody from the council has even bothered to come and look at the subsidence",
    ],
    "direct evaluation (Scots)": [
        "Absolutely scunnered wi the state o the roads in Prestonpans, the cooncil's a joke",
    ],
}

COMPLAINT_NEGATIVES = [
    # genuine thanks after a fix
    "Thanks for sorting the streetlight so quickly, it had been out for a week",
    # someone else's complaint reported, not the writer's
    "Is the council looking into the complaint about the care home? Just asking for a friend",
    # grievance with a body that is not the council
    "Royal Mail lost my parcel again, absolute joke of a service",
    # residents judged, not the council
    "Some drivers on Church Road are a disgrace, doing 50 past the school",
    # abuse of the council with no grievance is abuse, not a complaint
    "wankpuffin council",
    # banter
    "Town hall clock is ten minutes fast again 😂 love it",
    # praise with a word that looks negative
    "I can't believe how quickly the new pool went up, well done all",
    # a journalist asking about a grievance
    "Hi, Evening News here. Readers say they weren't consulted on the market move. Comment by 5pm?",
]


@pytest.mark.parametrize(
    ("form", "text"), [(form, t) for form, texts in COMPLAINT_FORMS.items() for t in texts]
)
def test_complaint_forms(form: str, text: str) -> None:
    assert _found(text, COMPLAINT), f"{form}: no complaint in {text!r}"


@pytest.mark.parametrize("text", COMPLAINT_NEGATIVES)
def test_complaint_hard_negatives(text: str) -> None:
    assert not _found(text, COMPLAINT), f"unexpected complaint in {text!r}"


# -- press_enquiry --------------------------------------------------------------------------------

PRESS_FORMS = {
    "P1 outlet introduction": [
        "Leigh Journal here. Could the council give us a statement on the bus station closure?",
        (
            "Radio presenter here (Forth 2 breakfast), any chance of a council rep talking to "
            "us about the gritting tomorrow morning?"
        ),
    ],
    "P2 publication intent": [
        (
            "I'm writing a piece for our community newsletter on the new skate park. "
            "Could someone give me a quote I can use?"
        ),
        (
            "We're putting together a feature on empty shops. Would a spokesperson answer "
            "three questions?"
        ),
    ],
    "P3 quotable ask": [
        "Freelance journalist covering the leisure centre sale - can you send me a line to quote?",
    ],
}

PRESS_NEGATIVES = [
    # reading the news is not an enquiry
    "Read a piece in the paper about the bin strike, is my collection still on?",
    # being somewhere is not an outlet
    "I'm here at the library all afternoon if anyone wants help with the forms",
    # a resident asking for an update
    "Any update on my housing application? I'd like an answer please",
]


@pytest.mark.parametrize(
    ("form", "text"), [(form, t) for form, texts in PRESS_FORMS.items() for t in texts]
)
def test_press_forms(form: str, text: str) -> None:
    assert _found(text, PRESS), f"{form}: no press_enquiry in {text!r}"


@pytest.mark.parametrize("text", PRESS_NEGATIVES)
def test_press_hard_negatives(text: str) -> None:
    assert not _found(text, PRESS), f"unexpected press_enquiry in {text!r}"


@pytest.mark.parametrize("context", ["business", "personal"])
def test_forms_are_third_party_only(context: str) -> None:
    text = "Bins rotting in the sun on Larch Grove. Send a wagon today please"
    assert not of(text, SERVICE, context)
    assert not of("Daft decision to move the market. Thanks a bunch, council", COMPLAINT, context)
