"""``socialguard reminders run``: the daily sweep, for installations without Celery beat."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from socialguard.councils.models import Council
from socialguard.people.services import send_reminders


def _count(n: int, one: str = "person", many: str = "people") -> str:
    return f"{n} {one if n == 1 else many}"


class Command(BaseCommand):
    help = (
        "Reminders. 'run' suspends lapsed account access and sends every reminder that is due "
        "and not yet sent; running it twice sends nothing new."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="suspend lapsed access and send due reminders")
        run.add_argument("--council", help="only this council (its slug)")
        run.add_argument(
            "--dry-run", action="store_true", help="say what would happen; send and change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        council = None
        if options.get("council"):
            council = Council.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"No council with slug {options['council']!r}.")
        dry_run = bool(options.get("dry_run"))
        result = send_reminders(council=council, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for due in result.sent:
            self.stdout.write(
                f"{verb} [{due.council.slug}] {due.kind.label}: {due.subject} "
                f"→ {', '.join(due.recipients)}"
            )
        for person, problems in result.would_suspend:
            self.stdout.write(f"Would suspend {person.email}: {'; '.join(problems)}")
        for suspension in result.suspended:
            accounts = ", ".join(str(a) for a in suspension.accounts)
            self.stdout.write(
                f"Suspended {suspension.user.email} on {accounts}: {suspension.reason}"
            )
        summary = f"{verb} {_count(len(result.sent), 'reminder', 'reminders')}"
        if dry_run:
            summary += f"; would suspend access for {_count(len(result.would_suspend))}."
        else:
            summary += f"; suspended access for {_count(len(result.suspended))}."
        self.stdout.write(self.style.SUCCESS(summary))
