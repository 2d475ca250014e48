"""Forms of harassment, sexual content and offensive language, tested with NEW sentences.

Each parametrised case is a sentence written for this file (not taken from the corpus), so these
tests check that a FORM is recognised (a slot pattern, a target + predicate pair, a frame with
modifiers), not that one corpus wording was memorised. Hard negatives sit next to each form.
"""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category
from socialguard.screening.tests.content._helpers import of

HARASSMENT = Category.HARASSMENT
SEXUAL = Category.SEXUAL_CONTENT
OFFENSIVE = Category.OFFENSIVE_LANGUAGE


# --- harassment ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # surveillance
        "I know his van and I know which gym he goes to. Sleep well Cllr Moss",
        "we ken whit school your bairns go to",
        # veiled / conditional threats
        "That bin inspector will get a wee visit one of these nights",
        "keep fining folk and you won't be walking straight, pal",
        "if she reports my dog again I'll sort her out myself",
        "get them shifted off the field or the lads will",
        "we'll deal with that warden oorsels",
        # intimidation
        "she cannae hide forever, we know her face now",
        "people like that officer don't deserve to sleep easy",
        # hounding
        "I'm going to email Mr Dawson every single day until he resigns",
        "message the housing manager on every post, every thread, til she cracks",
        # pile-ons, exposure, doxxing
        "We should all ring Cllr Nolan's husband at his work and let him know",
        "Here's a picture of the traffic warden that ticketed me. You know what to do",
        "Got her personal facebook, sharing it here so people can tell her what they think",
        "Do your thing Facebook, this is the planner who refused us",
        # sexualised harassment aimed at a person
        "@Megan_Parks_Officer I'd bend you over the reception desk",
        "send us some pics or I'll post the ones from the party",
        # targeted abuse through a copula with modifiers, or a named person next to the insult
        "Darren in environmental health is a lazy wee prick",
        "Councillor Poole ye are a sleazy two faced cow",
        "Graham Lowe from licensing? Total bellend.",
        "away and fuck off Cllr Rennie",
        # violence at a person as a general TARGET + PREDICATE (slang verbs, Scots forms)
        "honestly could someone just slap the new parking manager",
        "ah'll burst ye next time ye tow ma van",
        "the next warden that comes down our street, I'll lamp him",
        # harm promised, fear, putting in place, seeking an address, hounding
        "that housing officer will regret the day she crossed me",
        "your days at the town hall are numbered pal",
        "you should be scared, mate",
        "somebody needs to put that councillor in his place",
        "does anyone know where the parking officer on Bridge St lives",
        "keep tagging her on every thread, she'll crack eventually",
        # idioms of menace and hired muscle
        "the convener wants to sleep with one eye open",
        "the planner will end up in the canal",
        "I know lads who'd sort that inspector out",
        # naming and shaming an identified private person
        "The woman at 9 Moss Lane grassed on our party to the council. Take note",
        # violence urged against a group
        "someone should torch the hostel those asylum seekers are in",
        # sarcasm, advice-shaped menace, dares
        "be a real shame if something happened to that new van of yours, Mr Platt",
        "if I was that warden I'd watch my back",
        "she won't be laughing for long",
        "do you want me to come down and find you?",
        "somebody give the convener a dose of her own medicine",
    ],
)
def test_harassment_forms(text: str) -> None:
    assert of(text, HARASSMENT), text


@pytest.mark.parametrize(
    "text",
    [
        "I know the gym at the leisure centre closes early on Sundays",
        "You'll get a visit from the health visitor within ten days of the birth",
        "The library is open every day until 8pm, just drop in",
        "we should all email the council about the state of the potholes",
        "we'll sort the bins out on Monday, sorry for the delay",
        "Here's a picture of the new play area at Victoria Park",
        "children deserve to feel safe walking to school",
        "send me a pic of the fly tipping and I'll report it",
        "if you email us we'll get you booked in",
        "My car is a total wreck after that pothole",
        # idioms, place names and reported speech that look like the forms above
        "Whoever planned the roadworks at Thatto Heath is a total knobhead",
        "the cuts to home care are going to kill her, she can't cope",
        "Somebody said they'd found the councillor's home address, I've reported it",
        "it's a kick in the teeth for the asylum seekers who were promised housing",
        "check under your car for cats before you drive off in the cold",
        "You're going to pay £30 for the replacement bin",
        "our lads will batter them at the derby on Saturday",
        "Anyone know where the new library lives on the website?",
        "see the display about the Great Fire, the town was burnt to the ground",
        "it's a shame the library is closing early",
        "if I were you I'd check the bin calendar first",
        "do you want me to show you how to book online?",
    ],
)
def test_harassment_hard_negatives(text: str) -> None:
    assert not of(text, HARASSMENT), text


# --- sexual content ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "the new lass on the front desk, I'd climb her like a tree",
        "wouldn't mind him checking my meter if you know what I mean",
        "that PE teacher's shorts are tight, not complaining 😍",
        "bet the new receptionist is a right goer",
        "Hot chat with real lassies 24/7, call 0909 123 4567 now",
        "great rack on the lass doing the road closure sign",
        "fancy a shag after the planning committee? dm me",
        "Who's the hottie on the parking desk? Asking for me 😍",
        "Lonely tonight? Local ladies want discreet fun, pics on my private page 07700 900321",
        "she got promoted that fast cos she's sleeping with the director",
    ],
)
def test_sexual_forms(text: str) -> None:
    assert of(text, SEXUAL), text


@pytest.mark.parametrize(
    "text",
    [
        "I'd let him know the bins were missed again",
        "nice legs on the new table in the library",
        "I would like to report a broken streetlight",
        "The council's mental health line is free to call on 0800 123 4567",
        "Great tits nesting in the box at Victoria Park this spring",
        "Fancy a bit of fun this half term? Free crafts at the library 😉",
        "Send me pics of the damage hun and I'll pass them on x",
        "The council is now hung after the by-election",
        "Shout out to the hottie 🔥 chilli sauce stall at the market",
    ],
)
def test_sexual_hard_negatives(text: str) -> None:
    assert not of(text, SEXUAL), text


# --- offensive language --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "the man on the parking desk is a useless wee prick",
        "my supervisor is a proper two-faced cow",
        "are you lot deaf or just thick as pigshit",
        "your customer service is 💩",
        "the new chief exec is a total bam",
    ],
)
def test_offensive_forms(text: str) -> None:
    assert of(text, OFFENSIVE), text


@pytest.mark.parametrize(
    "text",
    [
        "can sum1 cum and fix the gate at the park",
        "the wee cock at the city farm is called Gerald",
        "a big bam of thunder woke the whole street",
    ],
)
def test_offensive_hard_negatives(text: str) -> None:
    assert not of(text, OFFENSIVE), text
