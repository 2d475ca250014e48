"""harassment (threats, intimidation, incitement, targeted abuse) and sexual_content."""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

HARASSMENT = Category.HARASSMENT
SEXUAL = Category.SEXUAL_CONTENT


@pytest.mark.parametrize(
    "text",
    [
        "I know where you live",
        "Watch your back, Cllr Jones",
        "you'll regret this decision, I promise you",
        "someone should burn his house down",
        "torch their office, see how they like it",
        "he deserves a good kicking",
        "I'll find you",
        "someone should sort her out once and for all",
        "I'll smash your face in if I see you at the tip",
        "hope the planning officer gets run over",
        "i'll kill you",
        "we're coming round to your house tonight",
        "Everyone message her and tell her what you think, her address is on 192",
        "Let's all go round to his house and have a word",
        "you fat twat",
        "Cllr Smith is a wanker",
        "kys",
        "I've got your address now",
        "you'll be next mate",
        "you're dead, watch your back",
    ],
)
def test_reports_harassment(text: str) -> None:
    assert of(text, HARASSMENT), f"no harassment finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "I could kill for a coffee",
        "this traffic is killing me",
        "dying to see the fireworks",
        "the councillor should resign",
        "useless decision, reverse it",
        "This decision is a disgrace and the leader should be ashamed",
        "you're dead right about the parking",
        "drop dead gorgeous sunset over North Berwick",
        "Murder mystery night at the town hall",
        "kill two birds with one stone and fix both roads",
        "burn the garden waste at the tip, not in your garden",
        "someone should sort the potholes out",
        "I'll hit the shops after the meeting",
        "Watch out for the roadworks on Church Street",
        "the bins are shit",
    ],
)
def test_civil_criticism_and_idioms_are_not_harassment(text: str) -> None:
    assert of(text, HARASSMENT) == [], [f.text for f in of(text, HARASSMENT)]


@pytest.mark.parametrize(
    "text",
    [
        "Hot singles in your area www.meetlocal.example.com",
        "check out my onlyfans link in bio",
        "nice tits love",
        "I'd bang the receptionist at the one stop shop",
        "she looks sexy in that uniform",
        "Send nudes",
        "Escorts available tonight bit.ly/xyz",
        "horny? message me babe",
        "the new planning officer is fit as fuck",
        "porn videos free",
    ],
)
def test_reports_sexual_content(text: str) -> None:
    assert of(text, SEXUAL), f"no sexual_content finding in {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "Sexual health clinic opening hours have changed",
        "Breast screening van at Haddington library next week",
        "Sex discrimination is unlawful under the Equality Act",
        "Police escort for the Remembrance parade",
        "The strip of land behind the school will be a garden",
        "Hook up the trailer and take the garden waste to the tip",
        "Pregnancy and baby group at the children's centre",
        "Sussex and Essex councils joined the pilot",
        "Cumming Street car park closed",
        "Relationships and sex education consultation for parents",
        "Thanks so much for sorting the bins, love you all xxx",
        "<script>alert('x')</script>",
    ],
)
def test_health_and_equality_wording_is_not_sexual(text: str) -> None:
    assert of(text, SEXUAL) == [], [f.text for f in of(text, SEXUAL)]
