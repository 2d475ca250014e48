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
    NavItem("Moderation", "inbox:queue", Capability.MODERATE_INBOX),
    NavItem("Referrals", "inbox:referrals", Capability.HANDLE_SERVICE_REFERRALS),
    NavItem("Referrals", "inbox:referrals", Capability.HANDLE_PRESS_ENQUIRIES),
    NavItem("Official accounts", "register:account_list", Capability.VIEW_REGISTER),
    NavItem("Policy", "policies:policy", Capability.ACKNOWLEDGE_POLICY),
    NavItem("My compliance", "people:my_compliance", None),
    NavItem("My team", "people:team", Capability.VIEW_TEAM_COMPLIANCE),
    NavItem("Compliance", "people:compliance", Capability.VIEW_COMPLIANCE_REPORTS),
    # Moderators reach the statistics from their queue; those who monitor adherence to the
    # policy (St Helens §9.4–9.5) may open them too, and need a way in.
    NavItem("Moderation statistics", "inbox:stats", Capability.VIEW_COMPLIANCE_REPORTS),
    NavItem("Policy management", "policies:manage", Capability.MANAGE_POLICY),
    NavItem("Audit log", "audit:event_list", Capability.VIEW_AUDIT_LOG),
)


def _first_page_per_capability() -> dict[Capability, str]:
    """Each capability's first nav item (a capability may show several, e.g. Compliance and
    Moderation statistics: the first is its main page)."""
    pages: dict[Capability, str] = {}
    for item in NAV_ITEMS:
        if item.capability is not None:
            pages.setdefault(item.capability, item.url_name)
    return pages


# Capabilities whose pages exist, for links from the home page: each nav item's, plus these.
CAPABILITY_PAGES: dict[Capability, str] = {
    Capability.PREPARE_BUSINESS_CASE: "register:case_new",
    Capability.APPROVE_BUSINESS_CASE: "register:case_list",
    Capability.CREATE_OFFICIAL_ACCOUNT: "register:case_list",
    **_first_page_per_capability(),
}


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def nav_for(user: User, path: str) -> list[NavLink]:
    if not user.is_authenticated or user.council_id is None:
        return []
    links: list[NavLink] = []
    for item in NAV_ITEMS:
        if item.capability is None or user.can(item.capability):
            url = reverse(item.url_name)
            if any(link.url == url for link in links):
                continue
            active = path == url if url == "/" else path.startswith(url)
            links.append(NavLink(item.label, url, active))
    return links
