"""Register pages: who may see and do what, for their own council only, without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.register.models import AccountStatus, CaseStatus, MemberStatus
from socialguard.register.services import submit_business_case
from socialguard.register.tests.helpers import CASE, make_ready, new_case

pytestmark = pytest.mark.django_db
VIEWERS = [r for r in Role if Capability.VIEW_REGISTER in capabilities_for(frozenset({r}))]
NON_VIEWERS = [r for r in Role if r not in VIEWERS]


@pytest.fixture
def sh(personas):
    return personas.st_helens


@pytest.fixture
def case(sh):
    return new_case(sh[Role.LINE_MANAGER])


def _pages(case, account=None):
    pages = [
        reverse("register:account_list"),
        reverse("register:case_list"),
        reverse("register:case_detail", args=[case.pk]),
    ]
    if account is not None:
        pages.append(reverse("register:account_detail", args=[account.pk]))
    return pages


@pytest.mark.parametrize("role", VIEWERS)
def test_register_roles_see_the_register(sh, case, client_for, role) -> None:
    client = client_for(sh[role])
    for url in _pages(case):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", NON_VIEWERS)
def test_other_roles_are_refused(sh, case, client_for, role) -> None:
    client = client_for(sh[role])
    for url in _pages(case):
        assert client.get(url).status_code == 403, url


def test_another_councils_case_and_account_are_not_found(personas, case, client_for) -> None:
    from socialguard.register.models import OfficialAccount

    account = OfficialAccount.objects.create(
        council=case.council,
        platform="x",
        handle="sthelens",
        display_handle="StHelens",
        url="https://x.com/StHelens",
        service="Comms",
        purpose="News",
        status=AccountStatus.ACTIVE,
        created_by=case.proposer,
    )
    client = client_for(personas.east_lothian[Role.CUSTOMER_SERVICES])
    for url in _pages(case, account)[2:]:
        assert client.get(url).status_code == 404, url
    for name in ("register:case_submit", "register:case_decide", "register:case_withdraw"):
        assert client.post(reverse(name, args=[case.pk])).status_code == 404
    assert client.post(reverse("register:account_add_member", args=[account.pk])).status_code == 404
    html = client.get(reverse("register:case_list")).content.decode()
    assert CASE["title"] not in html


def test_a_line_manager_starts_a_case_with_a_govuk_form(sh, client_for) -> None:
    client = client_for(sh[Role.LINE_MANAGER])
    page = client.get(reverse("register:case_new")).content.decode()
    assert "What you wish to communicate and your target audience" in page
    response = client.post(reverse("register:case_new"), {**CASE, "administrators": "nobody@x.org"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Not a member of St Helens Council" in html
    assert 'value="Libraries on Instagram"' in html  # nothing the user typed is lost
    data = {**CASE, "administrators": sh[Role.MODERATOR].email}
    response = client.post(reverse("register:case_new"), data)
    assert response.status_code == 302


def test_the_approver_decides_from_the_case_page(sh, case, client_for) -> None:
    submit_business_case(actor=sh[Role.LINE_MANAGER], case=case)
    client = client_for(sh[Role.SERVICE_MANAGER])
    page = client.get(reverse("register:case_detail", args=[case.pk])).content.decode()
    assert "Your decision: Service Manager approval" in page
    response = client.post(reverse("register:case_decide", args=[case.pk]), {"outcome": "rejected"})
    assert response.status_code == 400
    assert "Give the reasons" in response.content.decode()
    response = client.post(
        reverse("register:case_decide", args=[case.pk]), {"outcome": "approved", "reasons": ""}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.current_step == 1
    assert case.status == CaseStatus.SUBMITTED


def test_the_proposer_sees_no_decision_form_on_their_own_case(sh, case, client_for) -> None:
    submit_business_case(actor=sh[Role.LINE_MANAGER], case=case)
    page = client_for(sh[Role.LINE_MANAGER]).get(reverse("register:case_detail", args=[case.pk]))
    assert "Your decision" not in page.content.decode()


def test_creating_the_account_reports_unready_administrators_on_the_field(
    sh, case, client_for
) -> None:
    from socialguard.register.models import Outcome
    from socialguard.register.services import decide_business_case

    submit_business_case(actor=sh[Role.LINE_MANAGER], case=case)
    decide_business_case(actor=sh[Role.SERVICE_MANAGER], case=case, outcome=Outcome.APPROVED)
    decide_business_case(actor=sh[Role.CUSTOMER_SERVICES], case=case, outcome=Outcome.APPROVED)
    client = client_for(sh[Role.CUSTOMER_SERVICES])
    url = reverse("register:case_create_account", args=[case.pk])
    data = {
        "handle": "StHelensLibraries",
        "url": "https://www.instagram.com/sthelenslibraries",
        "purpose": "Library events",
        "administrators": sh[Role.MODERATOR].email,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_administrators-error"' in html
    assert "Maya Dunn" in html  # the problem names the person
    make_ready(sh[Role.MODERATOR], sh[Role.LINE_MANAGER])
    make_ready(sh[Role.ACCOUNT_AUTHOR], sh[Role.LINE_MANAGER])
    data["administrators"] = f"{sh[Role.MODERATOR].email}\n{sh[Role.ACCOUNT_AUTHOR].email}"
    response = client.post(url, data)
    assert response.status_code == 302
    account = case.accounts.get()
    assert account.members.filter(status=MemberStatus.ACTIVE).count() == 2
    detail = client.get(response["Location"]).content.decode()
    assert "At risk" not in detail


def test_only_customer_services_sees_the_create_account_page(sh, case, client_for) -> None:
    url = reverse("register:case_create_account", args=[case.pk])
    assert client_for(sh[Role.SERVICE_MANAGER]).get(url).status_code == 403
