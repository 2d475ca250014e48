"""Personal-data detectors: what is found (subtype + exact text) and what is not.

Each row is (pack, text, expected) where expected lists (category, subtype, matched text) for the
personal-data and council-email findings only; other categories are E2's and are ignored here.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialguard.screening.engine import Engine
from socialguard.screening.model import Category

_PII = {Category.PERSONAL_DATA, Category.COUNCIL_EMAIL_EXPOSED}
PD = "personal_data"
CE = "council_email_exposed"

FOUND = [
    # phones
    ("sh", "ring me on 07700 900123 please", [(PD, "uk_phone", "07700 900123")]),
    ("sh", "my mobile is 07911 123456", [(PD, "uk_phone", "07911 123456")]),
    ("sh", "call +44 (0)7700 900456 after 6", [(PD, "uk_phone", "+44 (0)7700 900456")]),
    ("sh", "home number (0161) 496 0123", [(PD, "uk_phone", "(0161) 496 0123")]),
    ("el", "text my dad on 07826 330451", [(PD, "uk_phone", "07826 330451")]),
    # e-mail
    ("sh", "email me at dave.jones99@gmail.com", [(PD, "email", "dave.jones99@gmail.com")]),
    (
        "sh",
        "contact john.smith@sthelens.gov.uk directly",
        [(CE, "named_council_email", "john.smith@sthelens.gov.uk")],
    ),
    (
        "el",
        "try j.smith@eastlothian.gov.uk",
        [(CE, "named_council_email", "j.smith@eastlothian.gov.uk")],
    ),
    (
        "el",
        "it's mrs.k.lawson@eastlothian.gov.uk",
        [(CE, "named_council_email", "mrs.k.lawson@eastlothian.gov.uk")],
    ),
    (
        "el",
        "Andrew Hume at ahume@eastlothian.gov.uk is off",
        [(CE, "named_council_email", "ahume@eastlothian.gov.uk")],
    ),
    (
        "el",
        "mail shona dot ferguson at eastlothian dot gov dot uk",
        [(CE, "named_council_email", "shona dot ferguson at eastlothian dot gov dot uk")],
    ),
    (
        "sh",
        "sarah.k.hughes@wirral.gov.uk replied",
        [(CE, "named_council_email", "sarah.k.hughes@wirral.gov.uk")],
    ),
    # addresses and postcodes
    ("sh", "bins missed at 14 Elm Grove again", [(PD, "address", "14 Elm Grove")]),
    (
        "sh",
        "she lives at 23 Hall Street, St Helens WA9 1AB",
        [(PD, "address", "23 Hall Street, St Helens WA9 1AB")],
    ),
    ("el", "flat 2/1, 7 Market St has a leak", [(PD, "address", "flat 2/1, 7 Market St")]),
    ("el", "my house is 3 links road, we moved in May", [(PD, "address", "3 links road")]),
    (
        "el",
        "the kerb at Forthview Road (no.9) has no drop",
        [(PD, "address", "Forthview Road (no.9")],
    ),
    ("sh", "my postcode is WA10 3QS", [(PD, "postcode", "WA10 3QS")]),
    ("el", "We live at EH21 6AF", [(PD, "postcode", "EH21 6AF")]),
    # identifiers
    ("sh", "NHS number 943 476 5919", [(PD, "nhs_number", "943 476 5919")]),
    ("sh", "my NI number is AB 12 34 56 C", [(PD, "ni_number", "AB 12 34 56 C")]),
    ("sh", "NI: JG103759A", [(PD, "ni_number", "JG103759A")]),
    ("sh", "passport no 123456789", [(PD, "passport", "123456789")]),
    ("sh", "licence MORGA753116SM9IJ", [(PD, "driving_licence", "MORGA753116SM9IJ")]),
    ("sh", "the driver of AB12 CDE parked on the path", [(PD, "vehicle_registration", "AB12 CDE")]),
    ("sh", "silver car reg yx68 ptz blocking us", [(PD, "vehicle_registration", "yx68 ptz")]),
    # financial
    ("sh", "card 4111 1111 1111 1111 exp 12/27", [(PD, "card_number", "4111 1111 1111 1111")]),
    ("sh", "pay GB82 WEST 1234 5698 7654 32 today", [(PD, "iban", "GB82 WEST 1234 5698 7654 32")]),
    (
        "sh",
        "sort code 20-00-00 account number 12345678",
        [(PD, "bank_account", "20-00-00 account number 12345678")],
    ),
    ("sh", "my sort code is 40-11-62", [(PD, "sort_code", "40-11-62")]),
    # date of birth
    ("sh", "DOB 12/03/1985", [(PD, "date_of_birth", "12/03/1985")]),
    ("el", "she was born on 3rd March 1947", [(PD, "date_of_birth", "3rd March 1947")]),
    # references
    ("sh", "my council tax account number is 61234567", [(PD, "person_reference", "61234567")]),
    ("el", "Housing ref EL/HA/33901 please help", [(PD, "person_reference", "EL/HA/33901")]),
    (
        "sh",
        "my FOI request reference FOI-2024-0412 is late",
        [(PD, "person_reference", "FOI-2024-0412")],
    ),
    # special category about identifiable people
    (
        "sh",
        "Mrs Jones at number 12 has dementia",
        [(PD, "health_info", "Mrs Jones at number 12 has dementia")],
    ),
    (
        "el",
        "Brian from Tranent has 3 drink driving convictions",
        [(PD, "special_category", "Brian from Tranent has 3 drink driving convictions")],
    ),
    ("el", "Jade, 6, has cerebral palsy", [(PD, "health_info", "Jade, 6, has cerebral palsy")]),
    (
        "sh",
        "the Brown family lost their home and are homeless",
        [(PD, "health_info", "the Brown family lost their home and are homeless")],
    ),
    (
        "sh",
        "Karen Smith lives on Moss Bank Road with her kids",
        [(PD, "name_with_personal_context", "Karen Smith lives on Moss Bank Road")],
    ),
]

FOUND += [
    (
        "sh",
        "My son Jack has autism and the school won't help",
        [(PD, "health_info", "My son Jack has autism")],
    ),
    ("el", "the new Cllr is gay apparently", [(PD, "special_category", "the new Cllr is gay")]),
    (
        "sh",
        "Jim Kelly from Sutton has been done for drink driving again",
        [(PD, "special_category", "Jim Kelly from Sutton has been done for drink driving")],
    ),
]

NOT_FOUND = [
    ("sh", "Call us on 01744 676789 or visit Town Hall, Victoria Square, WA10 1HP"),
    ("sh", "School Admissions can be reached on 01744 671892"),
    ("el", "The Community Alarm service number is 01875 824 310"),
    ("el", "customerservices@eastlothian.gov.uk or 01620 827827, John Muir House, EH41 3HA"),
    ("sh", "email planning@sthelens.gov.uk or contactcentre@sthelens.gov.uk"),
    ("el", "archives@eastlothian.gov.uk are brilliant"),
    ("sh", "council.tax@sthelens.gov.uk and street.lighting@sthelens.gov.uk"),
    ("sh", "Childline is free on 0800 1111"),
    ("sh", "bins go out on 12/03/2025"),
    ("sh", "10 minutes walk from the station"),
    ("sh", "3 cars parked in the road all day"),
    ("sh", "Planning application 23/00456/FUL at 12 Bridge Street refused"),
    ("sh", "committee approved the homes at Moss Nook, ref P/2023/0870/OUA"),
    ("sh", "Reference CAB/2024/17 (Cabinet report on the town centre)"),
    ("sh", "WA9 is a big postcode district"),
    ("sh", "The cancer research fun run is on Sunday"),
    ("sh", "Victoria Park is wheelchair accessible now"),
    ("sh", "Cllr Sarah Hughes has been unwell and is recovering"),
    ("sh", "4111 1111 1111 1112 is not a card number"),
    ("sh", "QQ 12 34 56 C is not a valid NI prefix"),
    ("sh", "phone 07700 90012 is too short"),
    ("sh", "Mark Smith said the operation to clear the drains went well"),
    ("sh", "Sarah Jones said the council adopted the plan"),
    ("sh", "the roof collapsed at number 12 last night"),
    ("sh", "Drop-in session at 5 Market Street on Friday"),
    ("el", "see the budget ref 2024/25 for details"),
    ("sh", "with reference to the 2019 report"),
    ("sh", "hearing aids are available from the library for Jane Smith and others"),
    ("sh", "The Mayor visited the new dementia-friendly café in Haydock today."),
    ("sh", "Ask the headteacher about the anti-bullying policy."),
    ("sh", "the manager's been stealing from the tuck shop"),  # an allegation: defamation's job
    ("sh", "My daughter uses a wheelchair and the pavement is impossible"),  # no identifying detail
    ("sh", "BX67 ABC at the station"),  # no vehicle word, but valid upper-case mark
]


def _pii(engine: Engine, text: str) -> list[tuple[str, str, str]]:
    return [
        (f.category.value, f.subtype, f.text) for f in engine.findings(text) if f.category in _PII
    ]


@pytest.mark.parametrize(("pack", "text", "expected"), FOUND)
def test_found(
    pack: str, text: str, expected: list[tuple[str, str, str]], sh_engine: Engine, el_engine: Engine
) -> None:
    engine = sh_engine if pack == "sh" else el_engine
    assert _pii(engine, text) == expected


@pytest.mark.parametrize(("pack", "text"), NOT_FOUND[:-1])
def test_not_found(pack: str, text: str, sh_engine: Engine, el_engine: Engine) -> None:
    engine = sh_engine if pack == "sh" else el_engine
    assert _pii(engine, text) == []


def test_every_finding_explains_itself(sh_engine: Engine) -> None:
    text = "ring 07700 900123, email bob@gmail.com, DOB 12/03/1985, NHS 943 476 5919"
    for finding in sh_engine.findings(text):
        if finding.category not in _PII:
            continue  # other categories are the content detectors' business
        assert finding.detector.startswith("pii.") and "@" in finding.detector
        assert len(finding.explanation) > 20
        assert finding.evidence
        assert text[finding.start : finding.end] == finding.text


_WORDS = st.sampled_from(
    ["please", "ring", "me", "on", "bins", "missed", "again", "Thanks!", "(", ")", "-", "cheers,"]
)


@settings(max_examples=150, deadline=None)
@given(
    before=st.lists(_WORDS, max_size=6),
    after=st.lists(_WORDS, max_size=6),
    digits=st.integers(min_value=0, max_value=999),
    layout=st.sampled_from(["07700 900{:03d}", "07700900{:03d}", "+44 7700 900{:03d}"]),
)
def test_a_mobile_anywhere_is_found_exactly(
    sh_engine: Engine, before: list[str], after: list[str], digits: int, layout: str
) -> None:
    number = layout.format(digits)
    text = " ".join([*before, number, *after])
    phones = [f.text for f in sh_engine.findings(text) if f.subtype == "uk_phone"]
    assert phones == [number]


@settings(max_examples=100, deadline=None)
@given(
    first=st.sampled_from(["john", "sarah", "mark", "karen", "j", "k"]),
    last=st.sampled_from(["smith", "jones", "o-neill", "mcdonald"]),
    sep=st.sampled_from([".", "_", "-"]),
    domain=st.sampled_from(["sthelens.gov.uk", "eastlothian.gov.uk", "wirral.gov.uk"]),
)
def test_named_council_addresses_are_always_exposed(
    sh_engine: Engine, first: str, last: str, sep: str, domain: str
) -> None:
    address = f"{first}{sep}{last}@{domain}"
    found = [(f.category, f.text) for f in sh_engine.findings(f"email {address} today")]
    assert (Category.COUNCIL_EMAIL_EXPOSED, address) in found
    assert not any(f.category is Category.PERSONAL_DATA for f in sh_engine.findings(address))
