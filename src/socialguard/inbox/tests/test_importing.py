"""Importing CSV and JSON Lines: every row checked first, valid rows all or none, a row report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.inbox import importing
from socialguard.inbox.models import InboundItem, ItemStatus

pytestmark = pytest.mark.django_db

COLUMNS = ["platform", "account_handle", "platform_item_id", "author_handle", "author_name",
           "text", "posted_at", "url", "parent_platform_item_id"]  # fmt: skip


def row(n: int, **changes: str) -> dict[str, str]:
    base = {
        "platform": "facebook",
        "account_handle": "StHelensCouncil",
        "platform_item_id": f"fb_{n}",
        "author_handle": f"resident{n}",
        "author_name": f"Resident {n}",
        "text": f"Thanks for the lovely event in Victoria Park, number {n}",
        "posted_at": "2026-11-21T10:00:00Z",
        "url": "",
        "parent_platform_item_id": "",
    }
    base.update(changes)
    return base


def as_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def as_jsonl(rows: list[dict[str, str]]) -> str:
    return "".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in rows)


def run(sh, text: str, fmt: str = "csv", **options) -> importing.ImportReport:
    return importing.import_file(sh.council, io.StringIO(text), fmt, source="test", **options)


def test_valid_rows_are_imported_and_bad_rows_reported_by_line(sh) -> None:
    rows = [
        row(1),
        row(2, text=""),
        row(3, account_handle="nobody"),
        row(4, text="Bins not emptied on Elm Road"),
    ]
    report = run(sh, as_csv(rows))
    assert report.imported and report.rows == 4 and report.valid == 2
    assert (report.created, report.revised, report.unchanged, report.screened) == (2, 0, 0, 2)
    assert [(p.line, p.field) for p in report.problems] == [(3, "text"), (4, "account_handle")]
    assert report.rejected_lines == 2
    assert set(InboundItem.objects.values_list("platform_item_id", flat=True)) == {"fb_1", "fb_4"}
    assert InboundItem.objects.get(platform_item_id="fb_4").status == ItemStatus.QUEUED
    event = AuditEvent.objects.get(verb=Verb.INBOUND_IMPORTED)
    assert event.payload["created"] == 2 and event.actor_label == "test"


def test_strict_mode_imports_nothing_when_a_row_is_bad(sh) -> None:
    report = run(sh, as_csv([row(1), row(2, posted_at="soon")]), strict=True)
    assert not report.imported and report.valid == 1
    assert [(p.line, p.field) for p in report.problems] == [(3, "posted_at")]
    assert InboundItem.objects.count() == 0


def test_importing_again_duplicates_nothing_and_edits_become_revisions(sh) -> None:
    run(sh, as_csv([row(1), row(2)]))
    report = run(sh, as_csv([row(1), row(2, text="Edited: lovely event, thanks all")]))
    assert (report.created, report.revised, report.unchanged) == (0, 1, 1)
    assert InboundItem.objects.count() == 2
    assert InboundItem.objects.get(platform_item_id="fb_2").revisions.count() == 2


def test_json_lines_with_a_broken_line(sh) -> None:
    text = as_jsonl([row(1)]) + '{"platform": "x", \n' + "[1, 2]\n\n" + as_jsonl([row(2)])
    report = run(sh, text, "jsonl")
    assert report.imported and report.created == 2
    assert [(p.line, p.field) for p in report.problems] == [(2, "row"), (3, "row")]
    assert report.problems[0].reason.startswith("Not valid JSON")
    assert report.problems[1].reason == "Each line must be a JSON object."


def test_csv_line_numbers_count_multi_line_cells(sh) -> None:
    rows = [row(1, text="First line\nsecond line of the same comment"), row(2, text="")]
    report = run(sh, as_csv(rows))
    assert [(p.line, p.field) for p in report.problems] == [(4, "text")]


def test_a_row_with_too_many_cells(sh) -> None:
    text = as_csv([row(1)]) + "facebook,sthelenscouncil,fb_9,a,b,c,,,,extra\n"
    report = run(sh, text)
    assert [(p.line, p.field) for p in report.problems] == [(3, "row")]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "The CSV file is empty"),
        ("platform,text\nx,hello\n", "The CSV header has no column for: account_handle"),
    ],
)
def test_file_level_problems_import_nothing(sh, text, problem) -> None:
    report = run(sh, text)
    assert report.file_problem.startswith(problem) and not report.imported


def test_a_file_that_is_not_utf8(sh) -> None:
    binary = io.BytesIO(as_csv([row(1, text="Caf\u00e9")]).encode("latin-1"))
    report = importing.import_file(sh.council, importing.text_stream(binary), "csv", source="t")
    assert report.file_problem == "The file is not UTF-8 text."
    assert InboundItem.objects.count() == 0


def test_formats_come_from_file_names() -> None:
    assert importing.detect_format("export.CSV") == "csv"
    assert importing.detect_format("export.jsonl") == "jsonl"
    with pytest.raises(importing.FileProblem):
        importing.detect_format("export.xlsx")


def test_the_progress_bars_are_told_about_every_row(sh) -> None:
    seen: dict[str, int] = {}

    class Bar:
        def __init__(self, label: str) -> None:
            self.label = label

        def update(self, n: int = 1) -> None:
            seen[self.label] = seen.get(self.label, 0) + n

        def close(self) -> None:
            pass

    run(sh, as_csv([row(n) for n in range(5)]), progress=lambda label, total: Bar(label))
    assert seen == {"Checking rows": 5, "Importing": 5, "Screening": 5}


def test_the_command_imports_and_reports_rows_it_could_not(sh, tmp_path: Path, capsys) -> None:
    path = tmp_path / "comments.csv"
    path.write_text(as_csv([row(1), row(2, text=""), row(3)]), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("inbound", "import", str(path), "--council", "st-helens")
    assert caught.value.returncode == 1
    out, err = capsys.readouterr()
    assert "line 3: text: This field is required" in err
    assert "2 new comments" in out
    assert InboundItem.objects.count() == 2
    assert "Importing" in err  # the tqdm progress bar, on stderr


def test_the_command_in_strict_mode_and_with_json_lines(sh, tmp_path: Path, capsys) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_text(as_jsonl([row(1), row(2, platform="myspace")]), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("inbound", "import", str(path), "--council", "st-helens", "--strict")
    assert InboundItem.objects.count() == 0
    assert "Nothing imported" in capsys.readouterr().out
    good = tmp_path / "good.jsonl"
    good.write_text(as_jsonl([row(1)]), encoding="utf-8")
    call_command("inbound", "import", str(good), "--council", "st-helens")
    assert InboundItem.objects.count() == 1


def test_the_command_needs_a_council_when_there_are_several(sh, el, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(as_csv([row(1)]), encoding="utf-8")
    with pytest.raises(CommandError, match="--council"):
        call_command("inbound", "import", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("inbound", "import", str(tmp_path / "missing.csv"), "--council", "st-helens")


def test_screen_pending_finishes_an_interrupted_import(sh, monkeypatch, capsys) -> None:
    monkeypatch.setattr(importing, "_screen", lambda *args: None)
    run(sh, as_csv([row(1), row(2)]))
    assert InboundItem.objects.filter(screened_at__isnull=True).count() == 2
    call_command("inbound", "screen-pending", "--council", "st-helens")
    assert InboundItem.objects.filter(screened_at__isnull=True).count() == 0
    assert "2 comments screened" in capsys.readouterr().out


def test_the_settings_and_default_rules_commands(sh, capsys) -> None:
    call_command("inbound", "settings", "--council", "st-helens", "--response-target-hours", "4")
    assert "response_target_hours: 4" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command(
            "inbound", "settings", "--council", "st-helens", "--safeguarding-email", "nope"
        )
    call_command("inbound", "default-rules", "--council", "st-helens")
    assert "has routing rules already" in capsys.readouterr().out


# --- the upload page -----------------------------------------------------------------------------


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_moderators_upload_a_file_and_see_the_row_report(sh, client_for) -> None:
    client = client_for(sh.moderator)
    url = reverse("inbox:import")
    page = client.get(url)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(url, {"file": upload("c.csv", as_csv([row(1), row(2, text="")]))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 new comment imported" in html
    assert "<code>text</code>" in html and "This field is required" in html
    assert InboundItem.objects.count() == 1


def test_the_upload_page_refuses_other_files_and_roles(sh, el, client_for) -> None:
    client = client_for(sh.moderator)
    url = reverse("inbox:import")
    bad = client.post(url, {"file": upload("c.xlsx", "x")})
    assert bad.status_code == 400 and "Use a .csv or .jsonl file" in bad.content.decode()
    missing = client.post(url, {"file": upload("c.csv", "platform,text\n")})
    assert missing.status_code == 400 and "no column for" in missing.content.decode()
    assert client_for(sh.people[Role.CONTACT_CENTRE]).get(url).status_code == 403
    # Another council's moderator imports into their own council only: St Helens' handle is unknown.
    response = client_for(el.moderator).post(url, {"file": upload("c.csv", as_csv([row(1)]))})
    assert "No official account" in response.content.decode()
    assert InboundItem.objects.count() == 0


def test_the_upload_page_sends_big_files_to_the_command_line(sh, client_for, monkeypatch) -> None:
    monkeypatch.setattr("socialguard.inbox.views_admin.UPLOAD_MAX_ROWS", 2)
    response = client_for(sh.moderator).post(
        reverse("inbox:import"), {"file": upload("c.csv", as_csv([row(n) for n in range(3)]))}
    )
    assert response.status_code == 400
    assert "socialguard inbound import" in response.content.decode()
    assert InboundItem.objects.count() == 0


def test_a_file_of_history_emails_only_safeguarding_referrals(sh) -> None:
    from django.core import mail

    rows = [
        row(1, text="Bins not emptied on Elm Road for three weeks, please sort it"),
        row(2, text="My dad hits me and I'm scared to go home tonight"),
    ]
    report = run(sh, as_csv(rows), email_referrals=False)
    assert report.created == 2
    assert InboundItem.objects.get(platform_item_id="fb_1").referrals.count() == 1
    assert [m.to for m in mail.outbox] == [["safeguarding@sthelens.gov.uk"]]
