"""A business case walked from draft to an active account, then checked on the public register."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from socialguard.accounts.roles import Role
from socialguard.conftest import PASSWORD
from socialguard.register.tests.helpers import CASE, make_ready
from socialguard.tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_person(browser: Any, live_server: Any) -> Iterator[Callable[[Any], Any]]:
    """``as_person(user)``: a fresh browser page signed in as ``user``."""
    contexts = []

    def open_page(user: Any) -> Any:
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, user.email, PASSWORD)
        page.wait_for_url("**/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_a_case_goes_from_draft_to_a_public_active_account(
    as_person, browser, live_server, personas
) -> None:
    sh = personas.st_helens
    admins = [sh[Role.ACCOUNT_AUTHOR], sh[Role.MODERATOR]]
    for person in admins:
        make_ready(person, sh[Role.LINE_MANAGER])

    # The line manager prepares the case (St Helens 9.11) and submits it.
    page = as_person(sh[Role.LINE_MANAGER])
    page.goto("/register/cases/new/")
    assert axe_violations(page) == []
    for field, value in CASE.items():
        if field == "platform":
            page.select_option("#id_platform", value)
        else:
            page.fill(f"#id_{field}", str(value))
    page.fill("#id_administrators", "\n".join(p.email for p in admins))
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit for approval").click()
    assert page.get_by_text("Submitted for approval").is_visible()
    case_url = page.url

    # The Service Manager approves (6.1).
    page = as_person(sh[Role.SERVICE_MANAGER])
    page.goto(case_url)
    page.get_by_label("Approved").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record decision").click()
    assert page.get_by_text("Decision recorded").is_visible()

    # Service Delivery Customer Services agrees, then records the account as created (6.1, 6.2).
    page = as_person(sh[Role.CUSTOMER_SERVICES])
    page.goto(case_url)
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Record decision").click()
    page.get_by_role("button", name="Record the account as created").click()
    assert axe_violations(page) == []
    page.fill("#id_url", "https://www.instagram.com/sthelenslibraries")
    page.get_by_role("button", name="Record account as created").click()
    assert page.get_by_text("recorded as created and now active").is_visible()
    assert page.locator("td", has_text=admins[0].email).is_visible()
    assert page.locator("td", has_text=admins[1].email).is_visible()
    assert page.get_by_text("At risk").count() == 0

    # Anyone can now check the account is genuine, on the page and in the feed.
    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto("/public/st-helens/")
    assert public.get_by_role("link", name="@sthelenslibraries").is_visible()
    assert axe_violations(public) == []
    public.get_by_label("Is this account really ours?").fill(
        "https://instagram.com/SthelensLibraries"
    )
    public.get_by_role("button", name="Check").click()
    assert public.get_by_text("Yes, this is ours").is_visible()
    assert axe_violations(public) == []
    feed = public.request.get(f"{live_server.url}/public/st-helens/accounts.json").json()
    assert {"platform": "instagram", "handle": "sthelenslibraries"}.items() <= feed["accounts"][
        0
    ].items()
