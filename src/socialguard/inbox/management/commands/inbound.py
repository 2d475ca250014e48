"""``socialguard inbound``: import comments, install default routing rules, finish screening.

- ``socialguard inbound import FILE [--council SLUG] [--format csv|jsonl] [--strict]``: check
  every row, import all valid rows in one transaction, screen them; progress bars on stderr and
  a row-by-row report (line, field, reason) of rows not imported. Exit status 1 when any row was
  rejected. See ``inbox/importing.py`` for the whole-file semantics.
- ``socialguard inbound default-rules --council SLUG [--replace]``: the default routing rules.
- ``socialguard inbound screen-pending [--council SLUG]``: screen anything not yet screened
  (after a crash mid-import, or a pack change with ``--all``).
- ``socialguard inbound settings --council SLUG [...]``: response targets and team addresses.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q
from tqdm import tqdm

from socialguard.councils.models import Council
from socialguard.inbox import importing, routing, services
from socialguard.inbox.management.commands.tokens import council_by_slug
from socialguard.inbox.models import InboundItem

SETTINGS_OPTIONS = {
    "contact_centre_email": str,
    "press_office_email": str,
    "safeguarding_email": str,
    "response_target_hours": int,
    "urgent_target_hours": int,
    "working_day_start": int,
    "working_day_end": int,
    "reference_prefix": str,
}


def _bar(label: str, total: int | None) -> importing.Progress:
    unit = "row" if label != "Screening" else "comment"
    return tqdm(total=total, desc=label, unit=unit, file=sys.stderr, dynamic_ncols=True)


class Command(BaseCommand):
    help = "Inbound comments: import a file, install default routing rules, screen pending."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import comments from a CSV or JSON Lines file")
        imp.add_argument("file", type=Path)
        imp.add_argument("--council", help="the council's slug (optional if there is only one)")
        imp.add_argument("--format", choices=importing.FORMATS, help="default: from the name")
        imp.add_argument(
            "--strict", action="store_true", help="import nothing if any row is invalid"
        )
        imp.add_argument(
            "--no-email",
            action="store_true",
            help="a file of past comments: email only urgent safeguarding referrals",
        )
        rules = sub.add_parser("default-rules", help="give a council the default routing rules")
        rules.add_argument("--council", required=True)
        rules.add_argument(
            "--replace", action="store_true", help="deactivate its current rules first"
        )
        pending = sub.add_parser("screen-pending", help="screen comments not yet screened")
        pending.add_argument("--council")
        conf = sub.add_parser("settings", help="show or change a council's inbox settings")
        conf.add_argument("--council", required=True)
        for name, kind in SETTINGS_OPTIONS.items():
            conf.add_argument(f"--{name.replace('_', '-')}", dest=name, type=kind)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "default-rules":
            self._default_rules(options)
        elif action == "screen-pending":
            self._screen_pending(options)
        else:
            self._settings(options)

    def _council(self, slug: str | None) -> Council:
        if slug:
            return council_by_slug(slug)
        councils = list(Council.objects.filter(is_active=True)[:2])
        if len(councils) != 1:
            raise CommandError("Say which council with --council SLUG.")
        return councils[0]

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        council = self._council(options.get("council"))
        try:
            fmt = options.get("format") or importing.detect_format(path.name)
        except importing.FileProblem as problem:
            raise CommandError(f"{problem} (or give --format)") from problem
        with path.open("rb") as binary:
            report = importing.import_file(
                council,
                importing.text_stream(binary),
                fmt,
                source=f"import:{path.name}",
                strict=options["strict"],
                progress=_bar,
                email_referrals=not options["no_email"],
            )
        if report.file_problem:
            raise CommandError(report.file_problem)
        for row in report.problems:
            self.stderr.write(f"line {row.line}: {row.field}: {row.reason}")
        if report.imported:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{council.name}: {report.rows:,} rows checked; {report.created:,} new "
                    f"comments, {report.revised:,} new revisions, {report.unchanged:,} "
                    f"unchanged; {report.rejected_lines:,} rows not imported."
                )
            )
            if report.queued_for_screening:
                self.stdout.write(f"{report.queued_for_screening:,} comments queued for screening.")
        else:
            why = "--strict and some rows are invalid" if report.valid else "no valid rows"
            self.stdout.write(f"Nothing imported ({why}); {report.rows:,} rows checked.")
        if report.problems:
            raise CommandError(f"{report.rejected_lines:,} rows were not imported.", returncode=1)

    def _default_rules(self, options: dict[str, Any]) -> None:
        council = council_by_slug(options["council"])
        made = services.install_default_rules(
            actor=None, council=council, replace=options["replace"]
        )
        if not made:
            self.stdout.write(f"{council.name} has routing rules already (use --replace).")
            return
        for rule in made:
            self.stdout.write(f"tier {rule.tier}.{rule.position}: {rule.name}")

    def _screen_pending(self, options: dict[str, Any]) -> None:
        pending = InboundItem.objects.filter(
            Q(screened_revision__isnull=True) | ~Q(screened_revision=F("revision"))
        )
        if options.get("council"):
            pending = pending.filter(council=council_by_slug(options["council"]))
        ids_by_council: dict[int, list[int]] = {}
        for item_id, council_id in pending.values_list("pk", "council_id"):
            ids_by_council.setdefault(council_id, []).append(item_id)
        total = sum(len(ids) for ids in ids_by_council.values())
        bar = _bar("Screening", total)
        for council_id, ids in ids_by_council.items():
            rules = routing.rules_for(council_id)
            for start in range(0, len(ids), importing.SCREEN_BATCH):
                chunk = ids[start : start + importing.SCREEN_BATCH]
                services.screen_items(chunk, rules=rules)
                bar.update(len(chunk))
        bar.close()
        self.stdout.write(f"{total:,} comments screened.")

    def _settings(self, options: dict[str, Any]) -> None:
        council = council_by_slug(options["council"])
        values = {k: options[k] for k in SETTINGS_OPTIONS if options.get(k) is not None}
        if values:
            try:
                services.save_inbox_settings(actor=None, council=council, **values)
            except ValidationError as problem:
                raise CommandError("; ".join(problem.messages)) from problem
        conf = services.inbox_settings_for(council)
        for name in SETTINGS_OPTIONS:
            self.stdout.write(f"{name}: {getattr(conf, name)}")
