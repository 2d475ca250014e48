"""A moderator works the queue: filter it, open a comment, hide it citing a clause, see the history.

Run with JavaScript (htmx updates the page in place) and without it (plain forms and redirects);
axe-core must find nothing serious or critical on the queue and the item page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from socialguard.accounts.roles import Role
from socialguard.conftest import PASSWORD
from socialguard.inbox import services
from socialguard.inbox.models import InboundItem, InboxSettings, ItemStatus
from socialguard.register.models import AccountStatus, OfficialAccount, Platform
from socialguard.tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "Missed bin again at 12 Acacia Avenue WA10 1AB, ring me on 07700 900123"
COMMENTS = [
    ADDRESS,
    "My neighbour's kids are left alone all night and he hits them",
    "You are a f*cking disgrace, the lot of you",
    "Lovely photos of the park, thank you!",
    "Is the tip open on Sunday? <script>alert('x')</script>",
]


@pytest.fixture
def inbox(personas: Any) -> Iterator[dict[str, Any]]:
    sh = personas.st_helens
    council = sh.council
    InboxSettings.objects.create(
        council=council,
        contact_centre_email="contactcentre@sthelens.gov.uk",
        press_office_email="press@sthelens.gov.uk",
        safeguarding_email="safeguarding@sthelens.gov.uk",
        reference_prefix=services.default_prefix(council),
    )
    account = OfficialAccount.objects.create(
        council=council,
        platform=Platform.FACEBOOK,
        handle="sthelenscouncil",
        display_handle="StHelensCouncil",
        url="https://www.facebook.com/StHelensCouncil",
        service="Communications",
        purpose="News",
        status=AccountStatus.ACTIVE,
        created_by=sh[Role.CUSTOMER_SERVICES],
    )
    services.install_default_rules(actor=None, council=council)
    services.ingest(
        council=council,
        items=[
            {
                "platform": "facebook",
                "account_handle": account.handle,
                "platform_item_id": f"fb-{n}",
                "author_handle": f"resident{n}",
                "author_name": f"Resident {n}",
                "text": text,
            }
            for n, text in enumerate(COMMENTS)
        ],
        source="browser test",
    )
    yield {"moderator": sh[Role.MODERATOR], "item": InboundItem.objects.get(text=ADDRESS)}


def _work_the_queue(page: Any, inbox: dict[str, Any], *, js: bool) -> None:
    item = inbox["item"]
    sign_in(page, inbox["moderator"].email, PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Moderation").click()
    page.wait_for_url("**/inbox/")
    assert page.get_by_role("heading", name="Moderation queue").is_visible()
    # Safeguarding first: the urgent comment heads the queue.
    first_row = page.locator("table.sg-queue tbody tr").first
    assert "left alone all night" in first_row.inner_text()
    assert page.locator("mark.sg-finding").count() >= 3
    if js:  # axe-core is a script: it cannot run where JavaScript is off
        assert axe_violations(page) == []

    # Filter to personal data: with JavaScript htmx swaps the results in place.
    page.get_by_label("Finding", exact=True).select_option("personal_data")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**category=personal_data**")
    page.get_by_text("1 comment matches these filters").wait_for()
    rows = page.locator("table.sg-queue tbody tr")
    assert rows.count() == 1
    assert "Acacia Avenue" in rows.first.inner_text()
    if js:  # axe-core is a script: it cannot run where JavaScript is off
        assert axe_violations(page) == []

    page.get_by_role("link", name=f"Comment {item.pk} by resident0").click()
    page.wait_for_url(f"**/inbox/items/{item.pk}/")
    assert page.get_by_role("heading", name="Why it was flagged").is_visible()
    assert page.get_by_text("§5.2 Key Principles").first.is_visible()
    if js:  # axe-core is a script: it cannot run where JavaScript is off
        assert axe_violations(page) == []

    page.locator("summary", has=page.get_by_text("Hide", exact=True)).click()
    page.locator("#hide_clause").select_option("5.2")
    page.locator("#hide_reason").fill("Home address and phone number in public")
    page.get_by_role("button", name="Hide", exact=True).click()
    page.get_by_text("Comment hidden under §5.2").wait_for()
    history = page.locator("table", has_text="Who did what and when")
    assert history.get_by_text("Hidden under §5.2").is_visible()
    assert history.get_by_text("Home address and phone number in public").is_visible()
    assert history.get_by_text(inbox["moderator"].get_full_name()).first.is_visible()
    assert page.get_by_text("Hidden by a moderator").first.is_visible()
    if js:  # axe-core is a script: it cannot run where JavaScript is off
        assert axe_violations(page) == []
    item.refresh_from_db()
    assert item.status == ItemStatus.HIDDEN_BY_MODERATOR
    assert item.text == ADDRESS  # hide and preserve


def test_a_moderator_works_the_queue_with_javascript(page: Any, inbox: dict[str, Any]) -> None:
    _work_the_queue(page, inbox, js=True)
    # htmx did its work in place without breaking the Content-Security-Policy.
    page.wait_for_timeout(300)  # console messages arrive asynchronously
    assert page.csp_errors == []


def test_the_queue_works_without_javascript(page_without_js: Any, inbox: dict[str, Any]) -> None:
    _work_the_queue(page_without_js, inbox, js=False)


def test_the_statistics_and_referrals_pages_are_accessible(
    page: Any, inbox: dict[str, Any], personas: Any
) -> None:
    item = inbox["item"]
    services.hide_item(actor=inbox["moderator"], item=item, clause="5.2", reason="Address")
    sign_in(page, inbox["moderator"].email, PASSWORD)
    page.wait_for_url("**/")
    page.goto("/inbox/stats/")
    assert page.get_by_role("img", name="Comments received per day, last 30 days").is_visible()
    assert axe_violations(page) == []
    contact_centre = personas.st_helens[Role.CONTACT_CENTRE]
    page.context.clear_cookies()
    sign_in(page, contact_centre.email, PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("link", name="Referrals").click()
    assert page.get_by_role("heading", name="Referrals: Contact Centre").is_visible()
    assert axe_violations(page) == []
    assert page.csp_errors == []


def test_the_routing_rules_and_import_pages_are_accessible(
    page: Any, inbox: dict[str, Any], tmp_path: Any
) -> None:
    sign_in(page, inbox["moderator"].email, PASSWORD)
    page.wait_for_url("**/")
    page.goto("/inbox/")
    page.get_by_role("link", name="Routing rules").click()
    assert page.get_by_role("heading", name="Routing rules").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Edit").first.click()
    page.get_by_role("button", name="Preview").click()
    page.locator("#dry-run").wait_for()
    assert axe_violations(page) == []

    upload = tmp_path / "comments.csv"
    upload.write_text(
        "platform,account_handle,platform_item_id,author_handle,text\n"
        "facebook,sthelenscouncil,up-1,someone,When is the library open on Saturday?\n"
        "facebook,nobody-here,up-2,someone,This row names an account we do not run\n",
        encoding="utf-8",
    )
    page.goto("/inbox/")
    page.get_by_role("link", name="Import comments").click()
    page.get_by_label("Upload a file").set_input_files(str(upload))
    page.get_by_role("button", name="Check and import").click()
    page.locator("#import-report-heading").wait_for()
    assert axe_violations(page) == []
    assert page.csp_errors == []


@pytest.mark.parametrize("js", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_moderator_changes_the_inbox_settings(
    request: pytest.FixtureRequest, live_server: Any, inbox: dict[str, Any], js: bool
) -> None:
    # live_server named here, not only through the page fixture, so that pytest-django lets
    # its host in (it looks at the test's own fixture names).
    browser_page = request.getfixturevalue("page" if js else "page_without_js")
    sign_in(browser_page, inbox["moderator"].email, PASSWORD)
    browser_page.wait_for_url("**/")
    browser_page.goto("/inbox/")
    browser_page.get_by_role("link", name="Inbox settings").click()
    assert browser_page.get_by_role("heading", name="Inbox settings", level=1).is_visible()
    if js:
        assert axe_violations(browser_page) == []
    browser_page.get_by_label("Press Office email address").fill("not an address")
    browser_page.get_by_label("Working day ends at").select_option(label="08:00")
    browser_page.get_by_role("button", name="Save settings").click()
    summary = browser_page.locator(".govuk-error-summary")
    assert summary.get_by_role(
        "link",
        name="Enter the Press Office email address in the correct format, like name@example.gov.uk",
    ).is_visible()
    assert summary.get_by_role("link", name="The working day must end after it starts").is_visible()
    assert browser_page.get_by_label("Press Office email address").input_value() == "not an address"
    if js:
        assert axe_violations(browser_page) == []
    browser_page.get_by_label("Press Office email address").fill("newsdesk@sthelens.gov.uk")
    browser_page.get_by_label("Working day ends at").select_option(label="18:00")
    browser_page.get_by_role("button", name="Save settings").click()
    assert browser_page.get_by_text("Inbox settings saved.").is_visible()
    conf = InboxSettings.objects.get(council=inbox["moderator"].council)
    assert conf.press_office_email == "newsdesk@sthelens.gov.uk" and conf.working_day_end == 18
    if js:
        assert browser_page.csp_errors == []
