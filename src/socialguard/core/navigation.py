"""Role-aware navigation: each entry names the capability that shows it.

Apps add their pages here; the header, the home page and tests all read this one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability | None  # None: every signed-in member of staff


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "core:home", None),
    NavItem("Audit log", "audit:event_list", Capability.VIEW_AUDIT_LOG),
)

# Capabilities whose pages exist, for links from the home page.
CAPABILITY_PAGES: dict[Capability, str] = {
    item.capability: item.url_name for item in NAV_ITEMS if item.capability is not None
}


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def nav_for(user: User, path: str) -> list[NavLink]:
    if not user.is_authenticated or user.council_id is None:
        return []
    links = []
    for item in NAV_ITEMS:
        if item.capability is None or user.can(item.capability):
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            links.append(NavLink(item.label, url, active))
    return links
