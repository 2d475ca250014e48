"""discrimination: slurs and identity + hostile cue, each with its Equality Act characteristic."""

from __future__ import annotations

import pytest

from socialguard.screening.model import Category, Characteristic
from socialguard.screening.tests.content._helpers import of

CAT = Category.DISCRIMINATION
C = Characteristic


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        # slurs
        ("Another paki shop opening on the high street", C.RACE),
        ("pikeys have moved onto the field again", C.RACE),
        ("he's a retard", C.DISABILITY),
        ("look at that spastic", C.DISABILITY),
        ("the faggot who runs the cafe", C.SEXUAL_ORIENTATION),
        ("poofs everywhere at that event", C.SEXUAL_ORIENTATION),
        ("some tranny was in the ladies toilets", C.GENDER_REASSIGNMENT),
        ("muzzies taking over the town", C.RELIGION_OR_BELIEF),
        ("coffin dodgers holding up the queue at the post office", C.AGE),
        ("typical feminazi councillor", C.SEX),
        # hostile generalisation / exclusion / dehumanisation
        ("asylum seekers are vermin", C.RACE),
        ("Get rid of the gypsies from Haydock", C.RACE),
        ("go back to your own country", C.RACE),
        ("Immigrants out!", C.RACE),
        ("all immigrants are criminals", C.RACE),
        ("muslims shouldn't be allowed to build a mosque here", C.RELIGION_OR_BELIEF),
        ("no more mosques in St Helens", C.RELIGION_OR_BELIEF),
        ("women shouldn't be allowed to drive bin lorries", C.SEX),
        ("she belongs in the kitchen not the council chamber", C.SEX),
        ("trans women are just men in dresses", C.GENDER_REASSIGNMENT),
        ("gays are perverts and shouldn't be near children", C.SEXUAL_ORIENTATION),
        ("that's so gay lol", C.SEXUAL_ORIENTATION),
        ("disabled people are a drain on the taxpayer", C.DISABILITY),
        ("pensioners are a burden and should just die", C.AGE),
        ("pregnant women shouldn't be employed, always off sick", C.PREGNANCY_AND_MATERNITY),
        ("she got pregnant to get a council house", C.PREGNANCY_AND_MATERNITY),
        ("married women should stay at home", C.MARRIAGE_AND_CIVIL_PARTNERSHIP),
        ("no travellers allowed on the rec", C.RACE),
        ("filthy pakis", C.RACE),
    ],
)
def test_reports_discrimination_with_characteristic(
    text: str, characteristic: Characteristic
) -> None:
    found = of(text, CAT)
    assert found, f"no discrimination finding in {text!r}"
    assert characteristic in {f.characteristic for f in found}, [
        (f.text, f.characteristic) for f in found
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The mosque open day on Saturday was lovely",
        "our disabled residents deserve better access to the library",
        "Gay pride in Victoria Park this weekend!",
        "Disabled people can't get into the library, the lift has been broken for weeks",
        "The disabled toilet at the leisure centre is disgusting",
        "Older people's lunch club every Tuesday at the community centre",
        "Trans support group meets on Thursdays",
        "Refugees are welcome here",
        "Support for asylum seekers at the drop-in",
        "Calling refugees vermin is racist and has no place here",
        "Young people are the future of this town",
        "The cuts are ruining young people's chances",
        "Pregnant women can get free dental care",
        "Breastfeeding mothers welcome in all our libraries",
        "Women's football team won the cup",
        "Married couples and civil partners can both apply",
        "The Fenian Brotherhood talk at the history society",
        "Faggots and peas at the chippy tonight",
        "Travellers' site consultation closes Friday",
        "Happy Eid to all our Muslim residents",
        "Jewish community centre extension approved",
        "Mums with prams are struggling with the new bus stop",
        "Immigration advice sessions at the library",
    ],
)
def test_identity_mentions_are_not_findings(text: str) -> None:
    assert of(text, CAT) == [], [(f.text, f.subtype) for f in of(text, CAT)]


def test_every_finding_names_a_characteristic() -> None:
    for text in ["asylum seekers are vermin", "retard", "go back where you came from"]:
        for finding in of(text, CAT):
            assert finding.characteristic is not None
            assert "characteristic" in finding.to_dict()
