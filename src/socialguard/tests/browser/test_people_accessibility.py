"""Every people and policy page with a form, in a real browser: axe-core finds no serious or
critical problem, before and after a failed submission, and the CSP is never violated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.conftest import PASSWORD
from socialguard.people import services
from socialguard.people.tests.helpers import ADMIN, account_with, set_manager, sign
from socialguard.policies.services import activate_policy_version
from socialguard.tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(personas):
    sh = personas.st_helens
    owner = sh[Role.POLICY_OWNER]
    manager = set_manager(sh)
    agreement = services.publish_agreement_version(
        actor=owner, council=sh.council, title="Social Media User Agreement", body="I agree."
    )
    course = services.save_course(
        actor=owner,
        council=sh.council,
        name="Social media awareness",
        description="",
        validity_months=12,
        awareness_session=False,
    )
    session = services.schedule_session(
        actor=owner,
        course=course,
        starts_at=timezone.now() - timedelta(hours=1),
        location="Town Hall",
        capacity=10,
    )
    signature = sign(sh[Role.ACCOUNT_AUTHOR], agreement, manager=None)
    post = services.add_restricted_post(
        actor=owner, user=sh[Role.COMMUNICATIONS], post_title="Press Officer", reason="Media"
    )
    policy = activate_policy_version(actor=owner, council=sh.council, pack_id="st-helens-2018")

    services.record_training(
        actor=owner, user=sh[Role.MODERATOR], course=course, completed_on=timezone.localdate()
    )
    account_with(sh.council, (sh[Role.MODERATOR], ADMIN), creator=owner)
    return {
        "sh": sh,
        "manager": manager,
        "owner": owner,
        "course": course,
        "session": session,
        "signature": signature,
        "post": post,
        "policy": policy,
    }


def _check(page, path: str, *, submit: bool) -> None:
    page.goto(path)
    assert page.locator("h1").count() == 1, path
    assert axe_violations(page) == [], path
    if submit:
        # Submit the page's last form empty: the error summary and field errors must pass too.
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        if page.locator(".govuk-error-summary").count():
            assert page.title().startswith("Error: "), path
        assert axe_violations(page) == [], f"{path} (after an empty submission)"
    assert page.csp_errors == [], path


def test_the_owners_pages_are_accessible(page, scene) -> None:
    sign_in(page, scene["owner"].email, PASSWORD)
    page.wait_for_url("**/")
    course, session = scene["course"], scene["session"]
    for path, submit in (
        ("/people/compliance/", False),
        ("/people/agreements/", True),
        ("/people/training/", True),
        (f"/people/training/{course.pk}/", False),
        (f"/people/training/{course.pk}/edit/", False),
        (f"/people/training/{course.pk}/sessions/new/", True),
        (f"/people/training/{course.pk}/completions/new/", True),
        (f"/people/training/sessions/{session.pk}/", True),
        ("/people/restricted-posts/", True),
        (f"/people/restricted-posts/{scene['post'].pk}/end/", True),
        (f"/people/staff/{scene['sh'][Role.EMPLOYEE].pk}/", False),
        (f"/people/staff/{scene['sh'][Role.EMPLOYEE].pk}/leaver/", True),
        ("/policy/manage/", False),
        ("/policy/manage/activate/", True),
        (f"/policy/manage/versions/{scene['policy'].pk}/review/", True),
    ):
        _check(page, path, submit=submit)


def test_the_line_managers_pages_are_accessible(page, scene) -> None:
    sign_in(page, scene["manager"].email, PASSWORD)
    page.wait_for_url("**/")
    _check(page, "/people/team/", submit=False)
    _check(page, f"/people/team/signatures/{scene['signature'].pk}/", submit=True)


def test_an_employees_pages_are_accessible(page, scene) -> None:
    sign_in(page, scene["sh"][Role.EMPLOYEE].email, PASSWORD)
    page.wait_for_url("**/")
    _check(page, "/people/me/", submit=True)
    _check(page, "/policy/current/", submit=True)


def test_signing_and_acknowledging_work_without_javascript(page_without_js, scene) -> None:
    page = page_without_js
    sign_in(page, scene["sh"][Role.EMPLOYEE].email, PASSWORD)
    page.wait_for_url("**/")
    page.goto("/people/me/")
    page.get_by_label("I have read this agreement and will abide by it at all times").check()
    page.get_by_role("button", name="Sign the agreement").click()
    assert page.get_by_text("You signed version 1").first.is_visible()
    page.goto("/policy/current/")
    page.get_by_label("I have read this version of the policy").check()
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_text("You acknowledged this version").first.is_visible()
