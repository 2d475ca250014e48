"""Lexicon parsing (with file:line errors) and the document's single lexicon pass."""

from __future__ import annotations

import pytest

from socialguard.screening.document import Document
from socialguard.screening.errors import DataError
from socialguard.screening.lexicon import parse_lexicon
from socialguard.screening.model import Characteristic, Severity
from socialguard.screening.resources import Resources

LEXICON = """
# comment
bellend | severity=medium
paki | severity=high characteristic=race
watch your back | severity=high note="veiled threat"
wank* | severity=medium
fuck | severity=high
fucking | severity=high
bollocks | severity=medium
cunt | severity=high
"""


@pytest.fixture(scope="module")
def resources() -> Resources:
    rude = parse_lexicon(LEXICON, name="rude")
    places = parse_lexicon("scunthorpe\ncockermouth\n", name="allow")
    return Resources.build([rude, places])


def test_parse_entries_and_attributes() -> None:
    lex = parse_lexicon(LEXICON, name="rude")
    assert len(lex) == 8
    paki = lex.entry("paki")
    assert paki is not None
    assert paki.severity is Severity.HIGH
    assert paki.characteristic is Characteristic.RACE
    assert paki.line == 4
    threat = lex.entry("watch your back")
    assert threat is not None
    assert threat.get("note") == "veiled threat"
    wank = lex.entry("wank*")
    assert wank is not None
    assert wank.prefix


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "ok\nbad | severity=extreme",
            "x.txt:2: unknown severity 'extreme' (use low, medium or high)",
        ),
        (
            "ok\nbad | severity",
            (
                "x.txt:2: attribute 'severity' is not key=value (hint: attributes look like "
                "'severity=high characteristic=race')"
            ),
        ),
        (
            "word\nword",
            "x.txt:2: duplicate entry 'word' (first on line 1) (hint: delete one of the two lines)",
        ),
        (
            "wa*nk",
            (
                "x.txt:1: '*' may only end a term: 'wa*nk' "
                "(hint: use 'word*' to match every word starting with 'word')"
            ),
        ),
        ("x | characteristic=height", "x.txt:1: unknown characteristic 'height'"),
        (
            'x | note="open',
            "x.txt:1: cannot read the attributes: No closing quotation (hint: close quotes)",
        ),
    ],
)
def test_bad_lines_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        parse_lexicon(text, name="x", source="x.txt")
    assert str(info.value.problems[0]).startswith(message)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("what a bellend", ["bellend"]),
        ("You BELLEND!", ["bellend"]),
        ("watch your back mate", ["watch your back"]),
        ("watch your\nback", ["watch your back"]),
        ("stop wanking and wankers", ["wank", "wank"]),
        ("f u c k", ["fuck"]),
        ("fuuuuuck", ["fuck"]),
        ("bolllocks", ["bollocks"]),
        ("he's a cunt's cunt", ["cunt", "cunt"]),
        ("class assessment", []),
        ("fuckwit", []),  # whole words only: not a prefix entry
    ],
)
def test_whole_word_hits(resources: Resources, text: str, terms: list[str]) -> None:
    hits = Document(text, resources).hits("rude")
    assert [h.entry.term for h in hits] == terms
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


def test_place_names_do_not_hide_inside_words(resources: Resources) -> None:
    doc = Document("Scunthorpe and Cockermouth", resources)
    assert not doc.hits("rude")
    assert [h.text for h in doc.hits("allow")] == ["Scunthorpe", "Cockermouth"]


@pytest.mark.parametrize(
    ("text", "term", "span"),
    [
        ("you f***ing idiot", "fucking", "f***ing"),
        ("f***", "fuck", "f***"),
        ("what a c**t", "cunt", "c**t"),
        ("w***ers", "wank", "w***ers"),
    ],
)
def test_masked_words_resolve_on_request(
    resources: Resources, text: str, term: str, span: str
) -> None:
    doc = Document(text, resources)
    assert not doc.hits("rude")
    masked = doc.masked_hits("rude")
    assert [(h.entry.term, h.text, h.masked) for h in masked] == [(term, span, True)]
    assert doc.masked_hits("allow") == ()


def test_gates_and_words(resources: Resources) -> None:
    doc = Document("Call 07700 900123 or mail a@b.com", resources)
    assert doc.digit_count == 11
    assert doc.has_at
    assert doc.has_word("call")
    assert not doc.has_word("cal")
    assert doc.words.startswith(" call ")


def test_unknown_lexicon_is_empty(resources: Resources) -> None:
    assert Document("anything", resources).hits("nope") == ()


@pytest.mark.parametrize(
    ("text", "digits", "upper", "shape"),
    [
        ("Call 0800 NOW", 4, 4, "aaaa 9999 aaa"),
        ("Café 12 ÉCOLE", 2, 6, "aaa   99   aaaa"),  # é and É are two UTF-8 bytes each
        ("", 0, 0, ""),
        ("a-b_c", 0, 0, "a a a"),
        ("£5 🙂 x1", 2, 0, "  9      a9"),
    ],
)
def test_gates_agree_on_ascii_and_unicode_paths(
    text: str, digits: int, upper: int, shape: str
) -> None:
    doc = Document(text)
    assert doc.digit_count == digits
    assert doc.upper_count == upper
    assert doc.shape == shape
    assert len(doc.words) == len(doc.norm) + 2
    assert doc.words.strip() == "".join(c if c.isalnum() else " " for c in doc.norm).strip()
