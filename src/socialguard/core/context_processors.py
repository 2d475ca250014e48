from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from socialguard.core.navigation import NavLink, nav_for
from socialguard.councils.models import Council


@dataclass(frozen=True)
class Shell:
    """What the page template needs on every page: the council, the menu, the phase banner."""

    council: Council | None
    nav: list[NavLink]
    phase: str
    support_email: str


def shell(request: HttpRequest) -> dict[str, Shell]:
    user = request.user
    council = user.council if user.is_authenticated else None
    return {
        "shell": Shell(
            council=council,
            nav=nav_for(user, request.path) if user.is_authenticated else [],
            phase=settings.PHASE_BANNER,
            support_email=settings.SUPPORT_EMAIL,
        )
    }
