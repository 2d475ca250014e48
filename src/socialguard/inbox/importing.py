"""Importing comments from a file (CSV or JSON Lines): ``socialguard inbound import`` and the
upload page share this.

Whole-file semantics, in three steps:

1. **Check every row first.** Each row is validated exactly as the API validates an item; every
   problem is reported with its line number, field and reason. Nothing is written yet.
2. **Import all valid rows in one transaction.** Either every valid row is saved (new comments,
   or new revisions of comments already here) or, if anything fails, none is. Invalid rows are
   not imported; they are listed in the report, so nothing is lost silently. With ``strict``
   (``--strict``, or the box on the upload page) a file with any invalid row imports nothing.
3. **Screen and route** what was saved: in this process, with a progress bar, when there is no
   task broker; otherwise as tasks for the workers. A crash here loses nothing: the comments are
   saved, and ``socialguard inbound screen-pending`` finishes the job (screening is idempotent).
   Referrals are emailed as usual; for a file of past comments, ``--no-email`` (or the page's
   box) emails only urgent safeguarding referrals, so a year's backfill does not send the
   Contact Centre 50,000 emails — the referrals are still made and listed.

The file is read twice (check, then import), so memory stays flat for a 100,000-row file.

Columns (CSV header) and keys (JSON Lines) are the API's item fields: ``platform``,
``account_handle``, ``platform_item_id``, ``author_handle``, ``text`` (required) and
``author_name``, ``posted_at``, ``url``, ``parent_platform_item_id`` (optional). Other columns
are kept in the revision's payload and otherwise ignored. Files are UTF-8 (a BOM is fine).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any, Protocol

from django.conf import settings
from django.db import transaction

from socialguard.audit.models import Verb
from socialguard.councils.models import Council
from socialguard.inbox import routing, services

CHUNK = 1000
SCREEN_BATCH = 500
FORMATS = ("csv", "jsonl")
REQUIRED_COLUMNS = ("platform", "account_handle", "platform_item_id", "author_handle", "text")


class Progress(Protocol):
    """What the import needs from a progress bar (tqdm fits)."""

    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[str, int | None], Progress]


class _Silent:
    def update(self, n: int = 1) -> object:
        return None

    def close(self) -> None:
        return None


def _silent(label: str, total: int | None) -> Progress:
    return _Silent()


@dataclass(frozen=True)
class RowProblem:
    line: int  # 1 = the first line of the file (a CSV header is line 1)
    field: str
    reason: str


@dataclass
class ImportReport:
    """What happened. ``imported`` is False when nothing was written (strict mode with problems,
    a file-level problem, or no valid rows)."""

    rows: int = 0
    valid: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    imported: bool = False
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    screened: int = 0
    queued_for_screening: int = 0
    file_problem: str = ""

    @property
    def rejected_lines(self) -> int:
        return len({p.line for p in self.problems})


class FileProblem(Exception):  # noqa: N818 - it is a problem with the file, reported as such
    """The file as a whole cannot be read (not UTF-8, no header, unknown format)."""


def detect_format(filename: str) -> str:
    """``csv`` or ``jsonl`` from the file name; ``FileProblem`` otherwise."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    raise FileProblem("Use a .csv or .jsonl file.")


Row = tuple[int, dict[str, Any] | None, str]  # (line, row or None, reason when None)


def read_rows(stream: IO[str], fmt: str) -> Iterator[Row]:
    """Yield each data row with its line number; unreadable rows come with a reason instead."""
    if fmt == "csv":
        yield from _csv_rows(stream)
    elif fmt == "jsonl":
        yield from _jsonl_rows(stream)
    else:
        raise FileProblem(f"Unknown format {fmt!r}: use csv or jsonl.")


def _csv_rows(stream: IO[str]) -> Iterator[Row]:
    reader = csv.DictReader(stream)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise FileProblem("The CSV file is empty: it needs a header row.")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FileProblem(f"The CSV header has no column for: {', '.join(missing)}.")
    reader.fieldnames = header
    line = 1
    for raw in reader:
        start, line = line + 1, reader.line_num
        if None in raw:  # more cells than the header has columns
            yield start, None, "This row has more cells than the header has columns."
            continue
        # An empty cell means "not given", as a missing key does in JSON.
        yield start, {k: (v if v != "" else None) for k, v in raw.items()}, ""


def _jsonl_rows(stream: IO[str]) -> Iterator[Row]:
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError as problem:
            yield number, None, f"Not valid JSON: {problem}"
            continue
        if not isinstance(value, dict):
            yield number, None, "Each line must be a JSON object."
            continue
        yield number, value, ""


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check(council: Council, chunk: list[Row], report: ImportReport) -> list[services.CleanItem]:
    """Validate a chunk; add its problems (by line) to the report; return its clean items."""
    readable = [(line, row) for line, row, _ in chunk if row is not None]
    for line, row, reason in chunk:
        if row is None:
            report.problems.append(RowProblem(line, "row", reason))
    clean, errors = services.validate_items(council, [row for _, row in readable])
    for error in errors:
        report.problems.append(
            RowProblem(readable[error["index"]][0], error["field"], error["reason"])
        )
    report.rows += len(chunk)
    report.valid += len(clean)
    return clean


def import_file(
    council: Council,
    stream: IO[str],
    fmt: str,
    *,
    source: str,
    strict: bool = False,
    progress: ProgressFactory = _silent,
    max_rows: int | None = None,
    email_referrals: bool = True,
) -> ImportReport:
    """Check, import and screen ``stream`` (seekable text, read twice) for ``council``.

    See the module docstring for the semantics. ``max_rows`` refuses bigger files (the upload
    page). ``email_referrals=False`` (a file of history) emails only urgent safeguarding
    referrals; the others are made and wait on the referrals page. Returns the report; never
    raises for bad rows or a bad file (``file_problem``).
    """
    report = ImportReport()
    try:
        bar = progress("Checking rows", None)
        for chunk in _chunks(read_rows(stream, fmt)):
            _check(council, chunk, report)
            bar.update(len(chunk))
            if max_rows is not None and report.rows > max_rows:
                bar.close()
                report.file_problem = (
                    f"The file has more than {max_rows:,} rows; import it with "
                    "`socialguard inbound import` instead."
                )
                return report
        bar.close()
    except FileProblem as problem:
        report.file_problem = str(problem)
        return report
    except UnicodeDecodeError:
        report.file_problem = "The file is not UTF-8 text."
        return report
    report.problems.sort(key=lambda p: p.line)
    if report.valid == 0 or (strict and report.problems):
        return report
    stream.seek(0)
    to_screen = _write(council, stream, fmt, source=source, report=report, progress=progress)
    report.imported = True
    notify = services.Notify.ALL if email_referrals else services.Notify.URGENT_ONLY
    _screen(council, to_screen, report, progress, notify)
    return report


def _write(
    council: Council,
    stream: IO[str],
    fmt: str,
    *,
    source: str,
    report: ImportReport,
    progress: ProgressFactory,
) -> list[int]:
    to_screen: list[int] = []
    scratch = ImportReport()  # the second pass's own counts; problems were reported already
    bar = progress("Importing", report.valid)
    with transaction.atomic():
        for chunk in _chunks(read_rows(stream, fmt)):
            clean = _check(council, chunk, scratch)
            if not clean:
                continue
            summary = services.write_items(council, clean, source=source)
            services.record_ingest(council, summary, source=source, verb=Verb.INBOUND_IMPORTED)
            report.created += summary.created
            report.revised += summary.revised
            report.unchanged += summary.unchanged
            to_screen.extend(summary.to_screen)
            bar.update(len(clean))
    bar.close()
    return list(dict.fromkeys(to_screen))


def _screen(
    council: Council,
    item_ids: list[int],
    report: ImportReport,
    progress: ProgressFactory,
    notify: services.Notify,
) -> None:
    if not item_ids:
        return
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        services.enqueue_screening(item_ids)
        report.queued_for_screening = len(item_ids)
        return
    rules = routing.rules_for(council)
    bar = progress("Screening", len(item_ids))
    # Batches of 500: one transaction, one audit event and a few queries per batch. A crash
    # part-way keeps every finished batch; screen-pending does the rest.
    for start in range(0, len(item_ids), SCREEN_BATCH):
        chunk = item_ids[start : start + SCREEN_BATCH]
        report.screened += services.retry_transient(
            services.screen_items, chunk, rules=rules, notify=notify
        )
        bar.update(len(chunk))
    bar.close()


def text_stream(binary: IO[bytes]) -> IO[str]:
    """A text view of an uploaded or opened binary file: UTF-8, BOM dropped, CSV newlines kept."""
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
