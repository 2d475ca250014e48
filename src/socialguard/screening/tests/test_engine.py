"""The engine: result shape (product.md §3), decisions per context, redaction, determinism."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from socialguard.screening.engine import Engine, get_engine, redact
from socialguard.screening.model import Category, Context, Decision, Finding
from socialguard.screening.packs.loader import load_pack

FIXTURE = Path(__file__).parent / "fixtures" / "packs"


@pytest.fixture(scope="module")
def mini() -> Engine:
    """The fixture pack: only the e-mail and phone detectors, simple decision tables."""
    return get_engine("mini-2020", packs_dir=FIXTURE)


def test_result_shape_matches_the_contract(sh_engine: Engine) -> None:
    text = "Missed bin again at 14 Elm Grove, ring me on 07700 900123"
    data = sh_engine.screen(text, context="inbound", id="c1").to_dict()
    assert list(data) == [
        "id",
        "policy",
        "policy_version",
        "pack_hash",
        "context",
        "categories",
        "decision",
        "findings",
        "redacted_text",
    ]
    assert data["id"] == "c1"
    assert data["policy"] == "st-helens-2018"
    assert data["policy_version"] == "3.0"
    assert data["pack_hash"].startswith("sha256:")
    assert data["context"] == "inbound"
    assert data["categories"] == sorted(data["categories"])
    assert "personal_data" in data["categories"]
    assert data["decision"] == "hide_pending_review"
    phone = next(f for f in data["findings"] if f["subtype"] == "uk_phone")
    assert phone["text"] == "07700 900123"
    assert text[phone["start"] : phone["end"]] == "07700 900123"
    assert phone["clauses"] == ["5.2", "9.7"]
    assert phone["detector"] == "pii.uk_phone@1"
    for key in ("category", "confidence", "explanation"):
        assert key in phone
    assert "[PHONE]" in data["redacted_text"]
    assert "[ADDRESS]" in data["redacted_text"]
    json.dumps(data)  # serialisable


@pytest.mark.parametrize(
    ("text", "context", "decision"),
    [
        ("Nice day for it", "inbound", "publish"),
        ("ring me on 07700 900123", "inbound", "hide_pending_review"),
        ("email sarah.jones@mini.gov.uk", "inbound", "hide_pending_review"),
        ("Nice day for it", "business", "approve"),
        ("ring me on 07700 900123", "business", "block"),
        ("Nice day for it", "personal", "ok"),
        ("ring me on 07700 900123", "personal", "caution"),
        ("hello@mini.gov.uk or 01234 567890", "business", "approve"),
    ],
)
def test_decision_tables(mini: Engine, text: str, context: str, decision: str) -> None:
    assert mini.screen(text, context=context).decision.value == decision


def test_decision_reason_names_the_rule(mini: Engine) -> None:
    result = mini.screen("ring me on 07700 900123", context="business")
    assert result.decision is Decision.BLOCK
    assert "Never in an official post" in result.decision_reason


def test_unknown_context_is_rejected(mini: Engine) -> None:
    with pytest.raises(ValueError):
        mini.screen("x", context="outbound")


@pytest.mark.parametrize(
    ("context", "decision"),
    [("inbound", "publish"), ("business", "needs_approval"), ("personal", "caution")],
)
def test_a_lone_venue_postcode_is_low_severity(
    sh_engine: Engine, context: str, decision: str
) -> None:
    result = sh_engine.screen("Drop in at Parr Library, WA9 1BN on Tuesday", context=context)
    assert [(f.subtype, f.severity.label) for f in result.findings] == [("postcode", "low")]
    assert result.decision.value == decision


def test_real_pack_decisions(sh_engine: Engine, el_engine: Engine) -> None:
    assert (
        sh_engine.screen("contact john.smith@sthelens.gov.uk", context="business").decision
        is Decision.BLOCK
    )
    assert (
        el_engine.screen("my number is 07700 900123", context="personal").decision
        is Decision.DO_NOT_POST
    )
    assert (
        el_engine.screen("Call 01620 827827 for help", context="business").decision
        is Decision.APPROVE
    )


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("call 07700 900123 now", [(5, 17, "uk_phone")], "call [PHONE] now"),
        ("a@b.com and c@d.com", [(0, 7, "email"), (12, 19, "email")], "[EMAIL] and [EMAIL]"),
        ("14 Elm Grove WA9 1AB", [(0, 20, "address"), (13, 20, "postcode")], "[ADDRESS]"),
        ("no findings", [], "no findings"),
    ],
)
def test_redact(text: str, spans: list[tuple[int, int, str]], expected: str) -> None:
    findings = [
        Finding(Category.PERSONAL_DATA, sub, s, e, text[s:e], 0.9, "t@1", "x")
        for s, e, sub in spans
    ]
    assert redact(text, findings) == expected


def test_content_categories_are_not_redacted() -> None:
    finding = Finding(Category.OFFENSIVE_LANGUAGE, "profanity", 0, 4, "shit", 0.9, "t@1", "x")
    assert redact("shit happens", [finding]) == "shit happens"


def test_deterministic_and_thread_safe(sh_engine: Engine) -> None:
    texts = [
        "ring me on 07700 900123 or email bob@gmail.com",
        "Mrs Jones at number 12 has dementia",
        "plain text with nothing in it",
    ] * 20
    expected = [sh_engine.screen(t).to_dict() for t in texts]
    results: list[list[dict[str, object]]] = []

    def work() -> None:
        results.append([sh_engine.screen(t).to_dict() for t in texts])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_screen_many_is_lazy_and_ordered(mini: Engine) -> None:
    items: list[str | tuple[str | None, str] | tuple[str | None, str, str]] = [
        ("a", "07700 900123"),
        ("b", "nothing", "business"),
        "plain",
    ]
    out = list(mini.screen_many(iter(items), context=Context.PERSONAL))
    assert [r.id for r in out] == ["a", "b", None]
    assert [r.context.value for r in out] == ["personal", "business", "personal"]


def test_engine_and_pack_are_cached() -> None:
    assert get_engine("st-helens-2018") is get_engine("st-helens-2018")
    assert load_pack("st-helens-2018") is load_pack("st-helens-2018")


def test_overlapping_findings_in_one_category_reduce_to_the_strongest(sh_engine: Engine) -> None:
    findings = sh_engine.findings("she lives at 23 Hall Street, St Helens WA9 1AB")
    pii = [f for f in findings if f.category is Category.PERSONAL_DATA]
    assert [(f.subtype, f.text) for f in pii] == [("address", "23 Hall Street, St Helens WA9 1AB")]


def test_an_edited_pack_is_reloaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from socialguard.screening import engine as engine_module

    packs = tmp_path / "policy_packs"
    shutil.copytree(FIXTURE, packs)
    monkeypatch.setattr(engine_module, "RECHECK_SECONDS", 0.0)
    first = get_engine("mini-2020", packs_dir=packs)
    assert get_engine("mini-2020", packs_dir=packs) is first
    rules = packs / "mini-2020" / "rules.yaml"
    rules.write_text(rules.read_text().replace("    default: publish", "    default: route"))
    second = get_engine("mini-2020", packs_dir=packs)
    assert second is not first
    assert second.pack.hash != first.pack.hash
    assert second.screen("hello").decision is Decision.ROUTE
