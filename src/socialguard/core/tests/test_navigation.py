"""Navigation: every role reaches the pages it may open, and is shown no link it cannot follow."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from socialguard.accounts.roles import Capability, Role
from socialguard.core.navigation import CAPABILITY_PAGES

pytestmark = pytest.mark.django_db

STATS = "/inbox/stats/"


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize("role", list(Role))
def test_whoever_may_open_the_moderation_statistics_has_a_link_to_them(
    personas, client_for, role: Role
) -> None:
    user = personas.st_helens[role]
    client = client_for(user)
    may_open = client.get(STATS).status_code == 200
    links = _links(client.get("/").content.decode())
    if user.can(Capability.MODERATE_INBOX):  # moderators: from their queue
        links |= _links(client.get(reverse("inbox:queue")).content.decode())
    assert (STATS in links) == may_open, role


def test_the_policy_owner_finds_the_statistics_in_the_menu(personas, client_for) -> None:
    client = client_for(personas.st_helens[Role.POLICY_OWNER])
    html = client.get(reverse("people:compliance")).content.decode()
    link = (
        rf'<a class="govuk-service-navigation__link" href="{STATS}">\s*Moderation statistics\s*</a>'
    )
    assert re.search(link, html)
    # On the statistics page the menu marks it as where they are.
    page = client.get(STATS).content.decode()
    assert re.search(
        rf'govuk-service-navigation__item--active">\s*<a[^>]*href="{STATS}"[^>]*aria-current',
        page,
    )


def test_a_capabilitys_home_page_link_is_its_first_menu_page() -> None:
    # Compliance readers have two menu pages; their home page row still leads to Compliance.
    assert CAPABILITY_PAGES[Capability.VIEW_COMPLIANCE_REPORTS] == "people:compliance"
    assert CAPABILITY_PAGES[Capability.MODERATE_INBOX] == "inbox:queue"
