"""discrimination by FORM: new sentences (not corpus texts) for each form the detector knows.

Each positive names the Equality Act characteristic it must carry; each hard negative uses the
same words in a neutral, supportive or reporting frame.
"""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category, Characteristic
from socialguard.screening.tests.content._helpers import of

CAT = Category.DISCRIMINATION
C = Characteristic


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        # disclaimer: "nothing against X but", "I'm not racist but"
        ("I've nothing against Romanians but the car wash lot are a nightmare", C.RACE),
        ("Im not racist but that estate has changed and not for the better", C.RACE),
        (
            "Not being funny but the Muslims on our street never put their bins out",
            C.RELIGION_OR_BELIEF,
        ),
        # coded precaution pointing back at a group named earlier in the post
        ("Travellers pitched up by the rugby club. Lock your sheds, folks", C.RACE),
        ("New Roma family on Peel Street. Hide your purses ladies", C.RACE),
        ("Irish travellers at the retail park again, ye ken what they're like", C.RACE),
        # resentment: group set against locals / our own
        ("Flats on Church Road going to refugees while locals sleep on sofas", C.RACE),
        ("Houses for migrants when our own can't get a flat, shambles", C.RACE),
        # exclusion: imperative with the group as object, "no more X"
        ("Dinnae let the Albanians anywhere near the new units", C.RACE),
        ("No more Syrians in Tranent please", C.RACE),
        # othering by "normal"
        ("Wheelchair users should get their own swim times away from normal folk", C.DISABILITY),
        # employment decision because of the characteristic
        (
            "She told us she was pregnant so obviously we gave the post to the other girl",
            C.PREGNANCY_AND_MATERNITY,
        ),
        ("We don't want to hire older staff, they slow the team down", C.AGE),
        # gender identity denied
        ("Sorry, men are men. No amount of council training changes that", C.GENDER_REASSIGNMENT),
        ("The new lifeguard is a 'woman' apparently, aye right", C.GENDER_REASSIGNMENT),
        ("Letting blokes in frocks use the changing rooms now?", C.GENDER_REASSIGNMENT),
        # scare-quoted condition: disability said to be faked
        ("Half the street on PIP for 'depression' and out at the pub every night", C.DISABILITY),
        # dog whistles
        (
            "Look who's behind the new parking scheme: (((the usual suspects)))",
            C.RELIGION_OR_BELIEF,
        ),
        ("The great replacement is real, just look at the school photos", C.RACE),
        # generalisation with a strong predicate a few words after the group
        ("The Bulgarians doing all the shoplifting again", C.RACE),
        # sneering determiner, resentful question
        ("Them foreigners have taken every allotment", C.RACE),
        ("How come asylum seekers always get the new builds?", C.RACE),
        # heteronormative exclusion in an official post
        ("Family fun day: for proper families only", C.SEXUAL_ORIENTATION),
        # disability mocked
        ("@Dave_H were you dropped on your head as a bairn", C.DISABILITY),
        # back-reference after the cue ("..., the lot of them")
        (
            "Drag queen reading hour at the library? Perverts, the lot of them",
            C.GENDER_REASSIGNMENT,
        ),
    ],
)
def test_forms_found_with_characteristic(text: str, characteristic: Characteristic) -> None:
    found = of(text, CAT)
    assert found, f"no discrimination finding in {text!r}"
    assert characteristic in {f.characteristic for f in found}, [
        (f.text, f.characteristic) for f in found
    ]


@pytest.mark.parametrize(
    "text",
    [
        # disclaimers with no "but", supportive use
        "Nothing against the new bus times, they work well for us",
        "We have nothing against the Travellers' site plan, just want a say on the access road",
        # precaution with no group: an ordinary crime-prevention post
        "Spate of shed break-ins in Thatto Heath. Lock your sheds and mark your tools",
        # locals / our own with no group word
        "New flats going to private renters while locals wait years for a council house",
        # exclusion words about things, not people
        "No more potholes on Church Street please, it's a disgrace",
        "Don't let the kids near the fireworks display without an adult",
        # "normal" in a neutral sense
        "Normal service will resume at the library on Monday",
        # employment words with no group
        "We don't want to hire agency staff any more, permanent posts are being advertised",
        # scare quotes around a title or welcome, reporting speech
        "Our 'Refugees Welcome' event raised £400 for the drop-in",
        'Someone shouted "go home" at my neighbour and I reported it as a hate crime',
        # masked profanity is read as profanity, not a slur
        "bunch of thieving c***s the lot of you at the town hall",
        "F*** off wi yer consultation",
        # sneer words next to a thing, a factual question about an entitlement
        "the bloody bins at the mosque car park were left out again",
        "How do pensioners get a bus pass? My dad turns 66 next month",
        "Why do disabled people get no help with the new bus stop?",
        # dog-whistle look-alikes
        "The replacement boiler is booked for Tuesday",
        "Proper family-sized portions at the cafe",
        # colour words are not groups
        "pitch fuckin black on Bleak Hill since the street light went",
    ],
)
def test_form_hard_negatives(text: str) -> None:
    assert of(text, CAT) == [], [(f.text, f.subtype) for f in of(text, CAT)]
