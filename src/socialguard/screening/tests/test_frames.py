"""Frames (frames.py, patterns/frames.yaml, lexicons/non_council_bodies.txt): which findings a
frame explains away, and the cases that must still be flagged.

Most tests give the frame stage a synthetic finding on a span of a new sentence, so they test
the frames and their guards, not whatever the detectors happen to find today. A few end-to-end
tests check the wiring through ``Engine.findings``.
"""

from __future__ import annotations

import threading

import pytest

from socialguard.screening.engine import Engine
from socialguard.screening.errors import DataError
from socialguard.screening.frames import (
    NON_COUNCIL_FRAME,
    Frames,
    describe,
)
from socialguard.screening.model import Category, Context, Finding
from socialguard.screening.patterns import parse_pattern_set
from socialguard.screening.resources import Resources
from socialguard.screening.yamlio import parse_yaml

C = Category


def finding(text: str, snippet: str, category: Category, subtype: str = "x") -> Finding:
    start = text.index(snippet)
    end = start + len(snippet)
    return Finding(category, subtype, start, end, snippet, 0.9, "test@1", "test finding")


def kept(
    engine: Engine,
    text: str,
    snippet: str,
    category: Category,
    context: str,
    *,
    subtype: str = "x",
) -> bool:
    """Whether the frame stage keeps a finding of ``category`` on ``snippet``."""
    ctx = Context(context)
    doc = engine.document(text)
    doc.context = ctx
    f = finding(text, snippet, category, subtype)
    return engine.frames.apply(doc, [f], ctx) == [f]


def frames_in(engine: Engine, text: str, context: str) -> set[str]:
    ctx = Context(context)
    doc = engine.document(text)
    found, _ = engine.frames.find(doc, ctx)
    return {m.frame for m in found}


# -- awareness / advice posts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "snippet", "category"),
    [
        (
            (
                "Financial abuse of older people: know the signs. Unpaid bills, new 'friends', "
                "missing cash. Talk to us."
            ),
            "Financial abuse of older people",
            C.SAFEGUARDING_CONCERN,
        ),
        (
            (
                "Sextortion is on the rise among teenagers. If someone is threatening to share "
                "nude pictures, you are not alone."
            ),
            "nude pictures",
            C.SEXUAL_CONTENT,
        ),
        (
            (
                "Scam alert: callers claiming to be from Trading Standards say you owe a fine. "
                "The council will never ask for payment over the phone."
            ),
            "callers claiming to be from Trading Standards",
            C.DEFAMATION_RISK,
        ),
        (
            (
                "We will not tolerate abuse of our library staff, who were threatened with a "
                "knife last week."
            ),
            "threatened with a knife",
            C.HARASSMENT,
        ),
    ],
)
def test_awareness_posts_drop_findings(
    sh_engine: Engine, text: str, snippet: str, category: Category
) -> None:
    assert "awareness" in frames_in(sh_engine, text, "business")
    assert not kept(sh_engine, text, snippet, category, "business")


def test_published_helpline_number_is_dropped_but_other_personal_data_stays(
    el_engine: Engine,
) -> None:
    text = (
        "Worried about a neighbour who hasn't been seen for days? Call the Adult Protection "
        "line on 01620 827 100. Mrs Jean Paterson, 4 Elm Row, was helped this way."
    )
    assert not kept(
        el_engine, text, "01620 827 100", C.PERSONAL_DATA, "business", subtype="uk_phone"
    )
    # not a contact detail, and not inside the published-contact span
    assert kept(el_engine, text, "4 Elm Row", C.PERSONAL_DATA, "business", subtype="address")
    assert kept(el_engine, text, "Jean Paterson", C.PERSONAL_DATA, "business", subtype="name")


def test_resident_phone_number_is_not_a_published_contact(sh_engine: Engine) -> None:
    text = "Found a set of keys on Church Street, call me on 07700 900 456 to collect"
    for ctx in ("inbound", "personal"):
        assert kept(sh_engine, text, "07700 900 456", C.PERSONAL_DATA, ctx, subtype="uk_phone")


def test_real_threat_that_says_report_it_is_still_harassment(sh_engine: Engine) -> None:
    text = "I'll put a brick through your front window tonight. Go on, report it, see if I care"
    for ctx in ("inbound", "personal"):
        assert kept(sh_engine, text, "put a brick through your front window", C.HARASSMENT, ctx)
    out = sh_engine.findings(text, context=Context.INBOUND)
    assert C.HARASSMENT in {f.category for f in out}


def test_safeguarding_report_with_a_helpline_is_still_safeguarding(el_engine: Engine) -> None:
    text = (
        "My neighbour's wee boy is left on his own every night and he looked starving today. "
        "I know there's a helpline, if you're worried you're meant to call it, but I'm posting "
        "here because nobody answered."
    )
    assert kept(el_engine, text, "left on his own every night", C.SAFEGUARDING_CONCERN, "inbound")
    out = el_engine.findings(text, context=Context.INBOUND)
    assert C.SAFEGUARDING_CONCERN in {f.category for f in out}


def test_awareness_cues_in_inbound_text_do_not_suppress(sh_engine: Engine) -> None:
    text = "The lad at number 12 keeps grooming the young girls on the estate, know the signs?"
    assert kept(sh_engine, text, "grooming the young girls", C.SAFEGUARDING_CONCERN, "inbound")


# -- reported / quoted abuse -----------------------------------------------------------------


def test_reported_quote_drops_findings_inside_the_quote(sh_engine: Engine) -> None:
    text = (
        'Our lollipop lady was told "I\'ll run you over next time" by a driver this morning. '
        "Please slow down near schools."
    )
    assert "reported_abuse" in frames_in(sh_engine, text, "business")
    assert not kept(sh_engine, text, "I'll run you over next time", C.HARASSMENT, "business")


def test_reported_slur_is_dropped(el_engine: Engine) -> None:
    text = 'A man on the bus called my daughter a "dirty immigrant" and nobody said a thing.'
    assert not kept(el_engine, text, "dirty immigrant", C.DISCRIMINATION, "inbound")
    text = "At school they called me a spastic every day because of my limp."
    assert not kept(el_engine, text, "spastic", C.OFFENSIVE_LANGUAGE, "inbound")


def test_finding_outside_the_quote_is_kept(sh_engine: Engine) -> None:
    text = 'He was told "go back where you came from" and frankly you lot are vermin too.'
    assert not kept(sh_engine, text, "go back where you came from", C.DISCRIMINATION, "inbound")
    assert kept(sh_engine, text, "you lot are vermin", C.DISCRIMINATION, "inbound")


def test_quote_the_writer_endorses_is_kept(sh_engine: Engine) -> None:
    text = 'My uncle called the new tenants "scrounging foreigners" and honestly he\'s not wrong.'
    assert kept(sh_engine, text, "scrounging foreigners", C.DISCRIMINATION, "inbound")
    text = 'Someone shouted "get out of our town" at them. Well said, I say.'
    assert kept(sh_engine, text, "get out of our town", C.HARASSMENT, "inbound")


def test_writer_own_quoted_words_are_not_reported_abuse(sh_engine: Engine) -> None:
    text = 'I told him "you\'re a dead man walking" and I meant it'
    assert kept(sh_engine, text, "you're a dead man walking", C.HARASSMENT, "inbound")


# -- complaints about bodies that are not the council ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Royal Mail lost my parcel for the third time this month. Useless.",
        "Torus still haven't fixed the damp in my flat after six months. Disgraceful landlord.",
        "British Gas charged me twice for the same bill and won't answer the phone.",
    ],
)
def test_complaint_about_another_body_is_dropped(sh_engine: Engine, text: str) -> None:
    assert NON_COUNCIL_FRAME in frames_in(sh_engine, text, "inbound")
    assert not kept(sh_engine, text, text[:20], C.COMPLAINT, "inbound")


def test_complaint_about_the_council_that_mentions_scottish_power_is_kept(
    el_engine: Engine,
) -> None:
    text = (
        "Scottish Power dug up the pavement in March and the council still hasn't "
        "resurfaced it. Formal complaint, I've waited long enough."
    )
    assert kept(el_engine, text, "Formal complaint", C.COMPLAINT, "inbound")
    out = el_engine.findings(text, context=Context.INBOUND)
    assert C.COMPLAINT in {f.category for f in out}


def test_request_that_names_another_body_is_kept(sh_engine: Engine) -> None:
    text = "Is the broken bus shelter on Boundary Road yours or Merseytravel's? Can it be fixed"
    assert kept(sh_engine, text, "Can it be fixed", C.SERVICE_REQUEST, "inbound")


# -- the council's published notices ---------------------------------------------------------


def test_council_notices_drop_confidential_and_defamation(el_engine: Engine) -> None:
    text = "An officer has been suspended pending an investigation. We will not comment further."
    assert not kept(el_engine, text, "suspended", C.CONFIDENTIAL_INFORMATION, "business")
    text = "A landlord was fined £6,000 at Haddington Sheriff Court for unsafe gas fittings."
    assert not kept(el_engine, text, "fined £6,000", C.DEFAMATION_RISK, "business")
    text = "A fake page called 'ELC Grants' is offering cash. This is a scam, please report it."
    assert not kept(el_engine, text, "This is a scam", C.DEFAMATION_RISK, "business")


def test_council_notice_wording_from_a_resident_is_kept(el_engine: Engine) -> None:
    text = "My manager has been suspended pending an investigation for fiddling the rota"
    assert kept(el_engine, text, "suspended", C.CONFIDENTIAL_INFORMATION, "personal")


# -- jokes among friends and family ---------------------------------------------------------


def test_marked_family_joke_drops_harassment(sh_engine: Engine) -> None:
    text = "If my brother eats the last roast potato again I'm burying him in the garden 🤣"
    assert not kept(sh_engine, text, "burying him in the garden", C.HARASSMENT, "personal")


def test_joke_marker_without_family_keeps_the_threat(sh_engine: Engine) -> None:
    text = "I know which car is yours, Cllr Lane, and I'll be waiting 😂"
    assert kept(sh_engine, text, "I'll be waiting", C.HARASSMENT, "inbound")


def test_joke_never_drops_safeguarding(sh_engine: Engine) -> None:
    text = "lol my mum wouldn't even notice if I disappeared for good"
    assert kept(sh_engine, text, "disappeared for good", C.SAFEGUARDING_CONCERN, "inbound")


# -- praise ----------------------------------------------------------------------------------


def test_praise_drops_complaint_and_request(sh_engine: Engine) -> None:
    text = "Fair play to the parks team, the playground in Victoria Park looks great now"
    assert not kept(sh_engine, text, "playground in Victoria Park", C.COMPLAINT, "inbound")
    assert not kept(sh_engine, text, "playground in Victoria Park", C.SERVICE_REQUEST, "inbound")


def test_sarcastic_or_mixed_praise_is_kept(sh_engine: Engine) -> None:
    text = "Well done St Helens, potholes everywhere yet again 👏"
    assert kept(sh_engine, text, "potholes everywhere", C.COMPLAINT, "inbound")
    text = "Credit where it's due the crew were quick, but can someone fix the lid on my bin?"
    assert kept(sh_engine, text, "fix the lid on my bin", C.SERVICE_REQUEST, "inbound")


# -- residents talking to each other, staff disclaimers, council replies ----------------------


@pytest.mark.parametrize(
    ("text", "snippet", "category"),
    [
        (
            "FYI for anyone who didn't know, you can apply for council tax reduction online now",
            "council tax reduction",
            C.SERVICE_REQUEST,
        ),
        (
            "Not from the council but side waste isn't collected, so best take it to the tip",
            "side waste isn't collected",
            C.COMPLAINT,
        ),
        (
            "Ring the council if your bin wasn't emptied, that's what I did and they came back",
            "bin wasn't emptied",
            C.SERVICE_REQUEST,
        ),
        (
            "Anyone else's garden waste not been collected or is it just our side of Thatto Heath?",
            "garden waste not been collected",
            C.SERVICE_REQUEST,
        ),
        ("Does anyone know if the tip is open on bank holidays?", "tip is open", C.SERVICE_REQUEST),
    ],
)
def test_residents_advising_or_asking_each_other_drop_requests(
    sh_engine: Engine, text: str, snippet: str, category: Category
) -> None:
    assert not kept(sh_engine, text, snippet, category, "inbound")


@pytest.mark.parametrize(
    ("text", "snippet", "category"),
    [
        (
            "Anyone else's bin not been emptied? Council, sort it",
            "bin not been emptied",
            C.SERVICE_REQUEST,
        ),
        (
            "Does anyone have the email for the rangers? Want to report a fallen tree on the path",
            "fallen tree",
            C.SERVICE_REQUEST,
        ),
        (
            "Is it just me or has naebody emptied the dug bins in a month? Come on cooncil.",
            "emptied the dug bins",
            C.SERVICE_REQUEST,
        ),
        (
            "My bin has not been emptied for 3 weeks, anyone else?",
            "not been emptied",
            C.SERVICE_REQUEST,
        ),
        (
            "FYI the pothole on Church St is massive. Can you fix it before someone's hurt?",
            "pothole on Church St",
            C.SERVICE_REQUEST,
        ),
        (
            "FYI the cuts to teaching assistants are shameful. I want this objection recorded",
            "cuts to teaching assistants",
            C.COMPLAINT,
        ),
    ],
)
def test_resident_who_does_ask_the_council_is_kept(
    sh_engine: Engine, text: str, snippet: str, category: Category
) -> None:
    assert kept(sh_engine, text, snippet, category, "inbound")


def test_resident_frames_do_not_apply_to_council_posts(sh_engine: Engine) -> None:
    text = "Does anyone know if the tip is open? Asking for the depot"
    assert kept(sh_engine, text, "tip is open", C.SERVICE_REQUEST, "business")


def test_resident_question_never_drops_harassment(sh_engine: Engine) -> None:
    text = "Does anyone know which road that planning officer lives on? Might pop round"
    assert kept(
        sh_engine, text, "which road that planning officer lives on", C.HARASSMENT, "inbound"
    )


def test_staff_disclaimer_drops_representation(sh_engine: Engine) -> None:
    for text, snippet in [
        (
            "I can't speak for the council, but you can report a missed bin online",
            "speak for the council",
        ),
        (
            "As a resident (not as a council employee) I'm sad the pool is closing",
            "council employee",
        ),
        ("Surgery Saturday. (I can't make promises on the council's behalf)", "council's behalf"),
    ]:
        assert not kept(sh_engine, text, snippet, C.COUNCIL_REPRESENTATION, "personal")


def test_staff_who_speaks_for_the_council_anyway_is_kept(sh_engine: Engine) -> None:
    for text, snippet in [
        (
            "I can't speak for the council, but I can confirm the pool is closing",
            "confirm the pool",
        ),
        ("Views my own. On behalf of the council, sorry for the mess", "On behalf of the council"),
    ]:
        assert kept(sh_engine, text, snippet, C.COUNCIL_REPRESENTATION, "personal")


def test_council_reply_drops_request_and_complaint_in_business_only(sh_engine: Engine) -> None:
    text = "Thanks for letting us know, we've booked a return collection for your missed bin"
    for category in (C.SERVICE_REQUEST, C.COMPLAINT):
        assert not kept(sh_engine, text, "missed bin", category, "business")
        assert kept(sh_engine, text, "missed bin", category, "inbound")
    text = "We've reported the heating fault to council facilities three times since October"
    assert kept(sh_engine, text, "heating fault", C.COMPLAINT, "business")


def test_new_frames_in_engine_results(sh_engine: Engine, el_engine: Engine) -> None:
    text = "FYI for anyone who didn't know, you can apply for council tax reduction online now"
    assert not el_engine.findings(text, context=Context.INBOUND)
    text = "I can't speak for the council, but if your bin's been missed you can report it online"
    cats = {f.category for f in el_engine.findings(text, context=Context.PERSONAL)}
    assert C.COUNCIL_REPRESENTATION not in cats


# -- the stage itself ------------------------------------------------------------------------


def test_categories_no_frame_suppresses_pass_untouched(sh_engine: Engine) -> None:
    text = "Know the signs: contact press@example.com. Call us on 01744 676 789"
    assert kept(sh_engine, text, "press@example.com", C.PRESS_ENQUIRY, "business")
    assert C.PRESS_ENQUIRY not in sh_engine.frames.categories


def test_describe_is_json_friendly(sh_engine: Engine) -> None:
    doc = sh_engine.document("Scam alert: never give your PIN to a caller")
    found, _ = sh_engine.frames.find(doc, Context.BUSINESS)
    rows = describe(found)
    assert rows and rows[0]["frame"] == "awareness"


def test_engine_results_are_deterministic_across_threads(sh_engine: Engine) -> None:
    texts = [
        'We will not tolerate abuse of our staff. A cleaner was told "I know where you live".',
        "Scottish Power have doubled my bill. Daylight robbery.",
        "I'll smash your windows in. Report it if you like.",
    ]
    expected = [sh_engine.screen(t, context="business").to_dict() for t in texts]
    results: list[list[dict[str, object]]] = []

    def run() -> None:
        results.append([sh_engine.screen(t, context="business").to_dict() for t in texts])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def _frames_from(yaml_text: str) -> Frames:
    data = parse_yaml(yaml_text, source="frames.yaml")
    return Frames(Resources.build(patterns=[parse_pattern_set(data, name="frames", source="t")]))


def test_bad_frame_attrs_are_data_errors() -> None:
    bad = """
patterns:
  - id: f
    category: harassment
    subtype: awareness
    description: A frame with a typo in its attributes.
    regex: 'know the signs'
    attrs: {suppresses: "harrasment", scope: quote}
    examples:
      match: ["know the signs"]
"""
    with pytest.raises(DataError) as err:
        _frames_from(bad)
    message = str(err.value)
    assert "harrasment" in message
    assert "quote" in message
