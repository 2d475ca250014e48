"""The building blocks of every ``access_*`` selector.

Protected objects are fetched only through selectors that scope by the user's council and check
the capability the role grants. Whatever the reason — the object is missing, belongs to another
council, or the role may not see it — the answer is the same 404, so nothing leaks about what
exists elsewhere (Zulip's ``access_stream_by_id`` rule).
"""

from __future__ import annotations

from typing import NoReturn

from django.http import Http404

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability


def deny() -> NoReturn:
    raise Http404("Not found")


def require(user: User, capability: Capability) -> int:
    """The user's council id; 404 unless they are its staff and their roles grant ``capability``."""
    if not user.is_authenticated or user.council_id is None or not user.can(capability):
        deny()
    return user.council_id
