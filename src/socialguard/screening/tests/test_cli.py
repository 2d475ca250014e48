"""The engine CLI: check, screen (JSONL and CSV, bad lines), eval, packs validate/show."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from socialguard.screening.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "packs"


def test_check_explains(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "ring me on 07700 900123", "--policy", "st-helens-2018"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Decision: HIDE_PENDING_REVIEW" in out
    assert 'personal_data / uk_phone  chars 11-23  "07700 900123"' in out
    assert "§ 9.7 (Social Media Moderator)" in out
    assert "Redacted: ring me on [PHONE]" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["check", "hello", "--policy", "east-lothian-2011", "--context", "business", "--json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["decision"] == "approve"
    assert data["policy"] == "east-lothian-2011"


def test_check_unknown_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "x", "--policy", "nowhere-1999"]) == 2
    assert "no policy pack 'nowhere-1999'" in capsys.readouterr().err


def test_screen_jsonl_with_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"id": "c1", "text": "ring me on 07700 900123"}),
                "{not json",
                json.dumps({"id": "c3"}),
                json.dumps({"id": "c4", "text": "hi", "context": "outbound"}),
                json.dumps({"id": "c5", "text": "hi", "context": "personal"}),
            ]
        )
        + "\n"
    )
    target = tmp_path / "out.jsonl"
    code = main(
        [
            "screen",
            "--policy",
            "mini-2020",
            "--packs-dir",
            str(FIXTURE),
            "--input",
            str(source),
            "--output",
            str(target),
        ]
    )
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert code == 1
    assert [r["id"] for r in rows] == ["c1", "2", "c3", "c4", "c5"]
    assert rows[0]["decision"] == "hide_pending_review"
    assert rows[1]["line"] == 2 and "invalid JSON" in rows[1]["error"]
    assert "missing 'text'" in rows[2]["error"]
    assert "unknown context 'outbound'" in rows[3]["error"]
    assert rows[4]["decision"] == "ok"
    assert "3 line(s) failed" in capsys.readouterr().err


def test_screen_csv_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('id,text,context\na1,"call 07700 900123, ok?",inbound\na2,hello,business\n')
    target = tmp_path / "out.csv"
    code = main(
        [
            "screen",
            "--policy",
            "mini-2020",
            "--packs-dir",
            str(FIXTURE),
            "--input",
            str(source),
            "--output",
            str(target),
        ]
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert code == 0
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert rows[0]["categories"] == "personal_data"
    assert json.loads(rows[0]["findings"])[0]["subtype"] == "uk_phone"
    assert rows[1]["decision"] == "approve"


def test_screen_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": "hi"}) + "\n")
    assert (
        main(
            ["screen", "--policy", "mini-2020", "--packs-dir", str(FIXTURE), "--input", str(source)]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["id"] == "x"


def test_eval_on_a_tiny_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [
        {
            "id": "1",
            "text": "ring me on 07700 900123",
            "context": "inbound",
            "policy": "mini-2020",
            "labels": ["personal_data"],
        },
        {
            "id": "2",
            "text": "lovely park",
            "context": "inbound",
            "policy": "mini-2020",
            "labels": [],
        },
        {
            "id": "3",
            "text": "write to sarah.jones@mini.gov.uk",
            "context": "business",
            "policy": "mini-2020",
            "labels": ["personal_data"],
            "hard_negative_for": [],
        },
    ]
    corpus.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    code = main(["--packs-dir", str(FIXTURE), "eval", "--corpus", str(corpus), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    pd = data["categories"]["personal_data"]
    assert (pd["tp"], pd["fp"], pd["fn"], pd["support"]) == (1, 0, 1, 2)
    assert data["categories"]["council_email_exposed"]["fp"] == 1
    assert data["clean_texts"] == 1
    assert data["false_alarm_rate"] == 0.0
    groups = data["by_policy_and_context"]
    assert groups["mini-2020/inbound"]["texts"] == 2
    assert groups["mini-2020/business"]["texts"] == 1


def test_eval_table_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "1", "text": "a@b.com", "policy": "mini-2020", "labels": []}) + "\n"
    )
    assert (
        main(["--packs-dir", str(FIXTURE), "eval", "--corpus", str(corpus), "--errors", "3"]) == 0
    )
    captured = capsys.readouterr()
    assert "personal_data" in captured.out and "false alarms on clean texts: 1/1" in captured.out
    assert "[FP personal_data] 1: a@b.com" in captured.err


def test_eval_refuses_to_show_errors_of_the_frozen_test_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "test.jsonl"
    corpus.write_text(
        json.dumps({"id": "1", "text": "a@b.com", "policy": "mini-2020", "labels": []}) + "\n"
    )
    args = ["--packs-dir", str(FIXTURE), "eval", "--corpus", str(corpus)]
    assert main([*args, "--errors", "3"]) == 2
    captured = capsys.readouterr()
    assert "refused on the frozen test split" in captured.err and "a@b.com" not in captured.err
    assert main(args) == 0  # figures alone are fine


def test_packs_validate_all_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs", "validate"]) == 0
    assert "st-helens-2018: OK" in capsys.readouterr().out
    packs = tmp_path / "policy_packs"
    shutil.copytree(FIXTURE, packs)
    rules = packs / "mini-2020" / "rules.yaml"
    rules.write_text(rules.read_text().replace('{clauses: ["1.2"]}', '{clauses: ["9.9"]}'))
    assert main(["packs", "validate", str(packs / "mini-2020")]) == 1
    out = capsys.readouterr().out
    assert (
        "policy_packs/mini-2020/rules.yaml:4: categories.council_email_exposed cites clause '9.9'"
        in out
    )


def test_packs_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs", "show", "st-helens-2018"]) == 0
    out = capsys.readouterr().out
    assert "St Helens Council" in out
    assert "2018-05     3.0      Review for legislative changes (GDPR)" in out
    assert "6.8" in out and "council_email_exposed" in out
    assert "hide_pending_review" in out
