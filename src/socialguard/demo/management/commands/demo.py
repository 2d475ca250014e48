"""``socialguard demo``: load the demo councils and people, and print how to sign in.

Refused unless demo mode is on (SOCIALGUARD_DEMO=1, which `make run` sets): a production
installation must never contain accounts with a printed password.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from socialguard.demo.services import load_demo


def demo_password() -> str:
    """One random password for every demo person, kept in var/ so re-runs print the same one."""
    path = settings.VAR_DIR / "demo-password"
    if not path.exists():
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(f"demo-{secrets.token_urlsafe(9)}", encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


class Command(BaseCommand):
    help = "Load demo councils and one person per role (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "Demo data is only loaded in demo mode: run `make run`, or set SOCIALGUARD_DEMO=1."
            )
        password = demo_password()
        logins = load_demo(password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Sign in at {settings.SITE_URL}/accounts/sign-in/")
        )
        self.stdout.write(f"Every demo person's password: {password}\n")
        width = max(len(login.email) for login in logins)
        current = ""
        for login in logins:
            if login.council != current:
                current = login.council
                self.stdout.write(f"\n{current}")
            self.stdout.write(f"  {login.email:<{width}}  {login.role.label}")
