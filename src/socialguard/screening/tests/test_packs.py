"""Policy packs: the real packs load and cite real clauses; broken packs give file:line errors
whose wording is pinned by golden files in ``golden/`` (set UPDATE_GOLDEN=1 to rewrite them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from socialguard.screening.model import CONTEXT_DECISIONS, Category, Context
from socialguard.screening.packs.loader import (
    list_packs,
    load_pack,
    pack_hash,
    validate_pack,
)

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "packs"
GOLDEN = HERE / "golden"


@pytest.mark.parametrize("pack_id", ["st-helens-2018", "east-lothian-2011"])
def test_real_packs_validate(pack_id: str) -> None:
    assert validate_pack(pack_id) == []


@pytest.mark.parametrize("pack_id", ["st-helens-2018", "east-lothian-2011"])
def test_real_packs_cite_existing_clauses_for_every_category(pack_id: str) -> None:
    pack = load_pack(pack_id)
    for category in Category:
        clauses = pack.clauses_for(category, "")
        assert clauses, category
        assert all(c in pack.clauses for c in clauses)
    for context in Context:
        rules, default = pack.tables[context]
        assert default in CONTEXT_DECISIONS[context]
        assert all(r.decision in CONTEXT_DECISIONS[context] for r in rules)


def test_known_clause_citations() -> None:
    sh = load_pack("st-helens-2018")
    assert sh.clauses_for(Category.COUNCIL_EMAIL_EXPOSED, "") == ("6.8", "7.6")
    assert sh.clauses_for(Category.PRESS_ENQUIRY, "") == ("6.18",)
    assert "6.21" in sh.clauses_for(Category.PERSONAL_DATA, "health_info")
    el = load_pack("east-lothian-2011")
    assert el.clauses_for(Category.COUNCIL_EMAIL_EXPOSED, "")[0] == "4.1(a)"
    assert "4.1(b)" in el.clauses_for(Category.COUNCIL_REPRESENTATION, "")
    assert el.meta.contact.email_domains == ["eastlothian.gov.uk"]


def test_list_packs_skips_shared() -> None:
    assert list_packs() == ["east-lothian-2011", "st-helens-2018"]


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """A private copy of the fixture packs directory, safe to break."""
    target = tmp_path / "policy_packs"
    shutil.copytree(FIXTURE, target)
    return target


def test_fixture_pack_is_valid(packs: Path) -> None:
    assert validate_pack("mini-2020", packs_dir=packs) == []


def test_hash_changes_with_any_file(packs: Path) -> None:
    before = pack_hash(packs / "mini-2020")
    assert before.startswith("sha256:")
    assert pack_hash(packs / "mini-2020") == before
    lexicon = packs / "_shared" / "lexicons" / "pii_first_names.txt"
    lexicon.write_text(lexicon.read_text() + "karen\n")
    assert pack_hash(packs / "mini-2020") != before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


# name → list of (file relative to the packs dir, old text or None to create, new text)
BREAKAGES: dict[str, list[tuple[str, str | None, str]]] = {
    "unknown_key": [
        (
            "mini-2020/rules.yaml",
            '  personal_data: {clauses: ["1.1"]}',
            '  personal_data: {clauses: ["1.1"], colour: red}',
        )
    ],
    "misspelt_key": [
        ("mini-2020/rules.yaml", "        reason: Think twice", "        reasons: Think twice")
    ],
    "unknown_category": [
        ("mini-2020/rules.yaml", "  press_enquiry: {clauses", "  press_enquiries: {clauses")
    ],
    "missing_clause": [
        (
            "mini-2020/rules.yaml",
            '  council_email_exposed: {clauses: ["1.2"]}',
            '  council_email_exposed: {clauses: ["1.22"]}',
        )
    ],
    "wrong_decision_for_context": [
        ("mini-2020/rules.yaml", "        decision: block", "        decision: route")
    ],
    "unknown_context": [("mini-2020/rules.yaml", "  personal:\n", "  private:\n")],
    "bad_default": [("mini-2020/rules.yaml", "    default: ok", "    default: publish")],
    "yaml_syntax": [("mini-2020/pack.yaml", "title: Test Social Media Policy", "title: [Test")],
    "duplicate_key": [("mini-2020/pack.yaml", 'version: "1.0"', 'version: "1.0"\nversion: "1.1"')],
    "id_mismatch": [("mini-2020/pack.yaml", "id: mini-2020", "id: mini-2021")],
    "bad_jurisdiction": [
        ("mini-2020/pack.yaml", "jurisdiction: england_wales", "jurisdiction: england")
    ],
    "unknown_section": [
        (
            "mini-2020/clauses.yaml",
            '    section: "1"\n    heading: Rules\n    text: Everything else.',
            '    section: "2"\n    heading: Rules\n    text: Everything else.',
        )
    ],
    "unknown_detector": [
        (
            "mini-2020/rules.yaml",
            "enabled: [pii.email, pii.uk_phone]",
            "enabled: [pii.email, pii.phone]",
        )
    ],
    "bad_lexicon_line": [("mini-2020/lexicons/local.txt", None, "fine\nbad | severity=extreme\n")],
    "bad_pattern": [
        (
            "mini-2020/patterns/local.yaml",
            None,
            (
                "patterns:\n  - id: p1\n    category: complaint\n    subtype: x\n"
                "    description: A broken pattern for tests.\n    regex: '(unclosed'\n"
                "    examples:\n      match: [unclosed]\n"
            ),
        )
    ],
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_validation_errors_match_golden(name: str, packs: Path) -> None:
    for relative, old, new in BREAKAGES[name]:
        path = packs / relative
        if old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new)
        else:
            _edit(path, old, new)
    problems = validate_pack("mini-2020", packs_dir=packs)
    assert problems, name
    actual = "\n".join(str(p) for p in problems) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual)
    assert actual == golden.read_text()
