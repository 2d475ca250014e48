"""offensive_language: UK profanity and insults, obfuscated spellings, false friends."""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

CAT = Category.OFFENSIVE_LANGUAGE


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("What the fuck is going on with the bins", "fuck"),
        ("absolute shite service from the council", "shite"),
        ("Get it sorted you useless twat", "twat"),
        ("the bloke from highways is a bellend", "bellend"),
        ("what a pillock", "pillock"),
        ("total wazzock in the planning office", "wazzock"),
        ("utter knobhead parked across my drive again", "knobhead"),
        ("Shut up ya bawbag", "bawbag"),
        ("nonce", "nonce"),
        ("the council are a bunch of wankers", "wankers"),
        ("gobshite councillor", "gobshite"),
        ("scrotes have smashed the bus shelter again", "scrotes"),
        ("Stop being such a minger", "minger"),
        ("She's a slag", "slag"),
        # obfuscated
        ("f*cking joke this council", "f*cking"),
        ("what a load of sh1te", "sh1te"),
        ("f u c k the lot of you", "f u c k"),
        ("fvck this", "fvck"),
        ("b@stard parked on the pavement", "b@stard"),
        ("you're a c**t", "c**t"),
        ("FUUUUCK OFF", "FUUUUCK"),
        ("ѕhіt service", "ѕhіt"),
        ("Fu\u200bck that", "Fu\u200bck"),
        ("🖕 to the lot of you", "🖕"),
        # ambiguous words with an insult frame
        ("you knob", "knob"),
        ("what a tit", "tit"),
        ("he is an absolute cock", "cock"),
        ("get off the phone ya fanny", "fanny"),
    ],
)
def test_reports_offensive_words(text: str, matched: str) -> None:
    found = of(text, CAT)
    assert found, f"no offensive_language finding in {text!r}"
    assert any(f.text == matched for f in found), [f.text for f in found]


@pytest.mark.parametrize(
    "text",
    [
        "Bloody hell, the bins still haven't been collected",
        "Shut up ya numpty, the tip is open till 4",
        "Walked up to Bell End near Bromsgrove with my sister",
        "Our bitch Bella has just had her pups!",
        "damn, missed the bus again",
        "crap service from the contact centre today",
        "Sod's law it rains on bin day",
        "Moved here from Scunthorpe last year",
        "Penistone Road is closed for resurfacing",
        "Day trip to Cockermouth and Clitheroe",
        "Family in Middlesex, Essex and Sussex",
        "Shitterton in Dorset has a famous sign",
        "Cocktail night at the library raises £300",
        "Data analysis and risk assessment published",
        "Dickens readings at Haddington library",
        "Mr Hancock from planning will reply",
        "Our new therapist starts on Monday",
        "Blue tits and great tits nesting in the park",
        "the door knob on the community centre is broken",
        "Dick Turpin re-enactment at the fayre",
        "cock-a-leekie soup at the Burns supper",
        "The weather cock on the church has been restored",
        "Pin prick test for blood sugar at the health fair",
        "The slag heap at the old colliery is being landscaped",
        "Cockenzie and Port Seton gala day",
        "Essex County Council shared their approach",
        "The grape harvest festival at the allotments",
        "scrap metal collection on Tuesday",
    ],
)
def test_hard_negatives_are_clean(text: str) -> None:
    assert of(text, CAT) == [], [f.text for f in of(text, CAT)]


def test_finding_explains_obfuscation_and_severity() -> None:
    [finding] = of("f*ck off", CAT)[:1]
    assert finding.detector == "content.offensive_language@1"
    assert "severity" in finding.explanation
    assert finding.evidence["lexicon"] == "offensive"
