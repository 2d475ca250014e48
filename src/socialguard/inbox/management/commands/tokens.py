"""``socialguard tokens``: API tokens for integrations (create, list, revoke).

``socialguard tokens create --council st-helens --name "Facebook connector"`` prints the token
once; only its SHA-256 digest is stored, so it cannot be shown again (revoke it and make a new
one if it is lost).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from socialguard.councils.models import Council
from socialguard.inbox import tokens
from socialguard.inbox.models import ApiToken


def council_by_slug(slug: str) -> Council:
    council = Council.objects.filter(slug=slug).first()
    if council is None:
        known = ", ".join(Council.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"No council with slug {slug!r} (councils: {known}).")
    return council


class Command(BaseCommand):
    help = "Create, list and revoke the API tokens integrations use to send comments in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token and print it once")
        create.add_argument("--council", required=True, help="the council's slug")
        create.add_argument("--name", required=True, help="what the token is for")
        listing = sub.add_parser("list", help="list tokens (never their secrets)")
        listing.add_argument("--council", help="only this council's")
        revoke = sub.add_parser("revoke", help="stop a token working")
        revoke.add_argument("token", help="its prefix (as listed) or the whole token")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            council = council_by_slug(options["council"])
            try:
                new = tokens.create_token(actor=None, council=council, name=options["name"])
            except Exception as problem:
                raise CommandError(str(problem)) from problem
            self.stdout.write(new.plaintext)
            self.stderr.write(
                f"Token {new.token.prefix} for {council.name} ({new.token.name}). This is the "
                "only time it is shown: store it in the integration's secret store now."
            )
        elif action == "list":
            rows = ApiToken.objects.select_related("council").order_by("council__slug", "pk")
            if options.get("council"):
                rows = rows.filter(council=council_by_slug(options["council"]))
            for t in rows:
                state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
                used = f"last used {t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "unused"
                self.stdout.write(
                    f"{t.prefix}  {t.council.slug:<16} {state:<18} {used:<26} {t.name}"
                )
        else:
            given = options["token"].strip()
            prefix = given.removeprefix(tokens.TOKEN_START).split("_", 1)[0]
            token = ApiToken.objects.filter(prefix=prefix).first()
            if token is None:
                raise CommandError(f"No token with prefix {prefix!r}.")
            tokens.revoke_token(actor=None, token=token)
            self.stdout.write(f"Token {token.prefix} ({token.name}) is revoked.")
