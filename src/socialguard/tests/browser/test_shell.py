"""The sign-in page and the signed-in shell, in a real browser, checked with axe-core."""

from __future__ import annotations

import pytest

from socialguard.accounts.roles import Role
from socialguard.conftest import PASSWORD
from socialguard.tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sign_in_page_is_accessible(page) -> None:
    page.goto("/accounts/sign-in/")
    assert page.title().startswith("Sign in")
    assert axe_violations(page) == []
    assert page.csp_errors == []


def test_sign_in_errors_are_accessible_and_focus_the_summary(page, personas) -> None:
    sign_in(page, personas.st_helens[Role.MODERATOR].email, "wrong password")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error: ")
    assert axe_violations(page) == []


def test_a_moderator_signs_in_and_sees_their_home_page(page, personas) -> None:
    sign_in(page, personas.st_helens[Role.MODERATOR].email, PASSWORD)
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="What you can do here").is_visible()
    assert page.get_by_text("Moderate comments on official accounts").is_visible()
    assert page.get_by_role("link", name="Audit log").count() == 0
    body_classes = page.evaluate("document.body.className")
    assert "govuk-frontend-supported" in body_classes  # our external init script ran
    assert axe_violations(page) == []
    assert page.csp_errors == []


def test_the_policy_owner_reads_the_audit_log(page, personas) -> None:
    owner = personas.st_helens[Role.POLICY_OWNER]
    sign_in(page, owner.email, PASSWORD)
    page.wait_for_url("**/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit log").click()
    assert page.get_by_role("heading", name="Audit log").is_visible()
    assert page.locator("td", has_text="logged in").first.is_visible()
    assert axe_violations(page) == []


def test_everything_works_without_javascript(page_without_js, personas) -> None:
    sign_in(page_without_js, personas.st_helens[Role.POLICY_OWNER].email, PASSWORD)
    page_without_js.wait_for_url("**/")
    page_without_js.goto("/audit/?verb=logged_in")
    assert page_without_js.get_by_role("heading", name="Audit log").is_visible()
    page_without_js.get_by_role("button", name="Sign out").click()
    page_without_js.wait_for_url("**/accounts/sign-in/")
