"""``socialguard audit verify``: recompute the hash chains and report tampering."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from socialguard.audit.services import verify_chains
from socialguard.councils.models import Council


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' exits with status 1 if any event was edited, deleted or moved."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check every council's hash chain")
        verify.add_argument("--council", help="check only this council (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        council = None
        if options.get("council"):
            council = Council.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"No council with slug {options['council']!r}.")
        report = verify_chains(council=council)
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Audit log intact: {report.events_checked} events in "
                    f"{report.chains_checked} chains verified."
                )
            )
            return
        for problem in report.problems:
            where = f"event {problem.event_id}" if problem.event_id else "end of chain"
            self.stderr.write(f"BROKEN {problem.chain} at {where}: {problem.reason}")
        first = min((p.event_id for p in report.problems if p.event_id is not None), default=None)
        if first is not None:
            self.stderr.write(f"First broken event id: {first}")
        raise CommandError("Audit log verification failed.", returncode=1)
