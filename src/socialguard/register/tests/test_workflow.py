"""Business cases through each council's approval chain, and accounts created from them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from socialguard.accounts.roles import Role
from socialguard.accounts.services import grant_role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.audit.services import verify_chains
from socialguard.register.models import (
    AccountStatus,
    CaseStatus,
    MemberRole,
    MemberStatus,
    Outcome,
)
from socialguard.register.selectors import accounts_at_risk, cases_awaiting
from socialguard.register.services import (
    add_account_member,
    change_account_status,
    decide_business_case,
    record_account_created,
    submit_business_case,
    suspend_member_access,
    update_business_case,
    withdraw_business_case,
)
from socialguard.register.tests.helpers import make_ready, new_case, train

pytestmark = pytest.mark.django_db


def _approve_st_helens(sh, case):
    decide_business_case(actor=sh[Role.SERVICE_MANAGER], case=case, outcome=Outcome.APPROVED)
    return decide_business_case(
        actor=sh[Role.CUSTOMER_SERVICES], case=case, outcome=Outcome.APPROVED
    )


@pytest.fixture
def sh(personas):
    return personas.st_helens


@pytest.fixture
def el(personas):
    people = personas.east_lothian
    for role, user in people.people.items():
        if role != Role.LINE_MANAGER:
            user.line_manager = people[Role.LINE_MANAGER]
            user.save()
    return people


def test_st_helens_chain_service_manager_then_customer_services(sh) -> None:
    case = new_case(sh[Role.LINE_MANAGER])
    submit_business_case(actor=sh[Role.LINE_MANAGER], case=case)
    assert [u.email for u in [sh[Role.SERVICE_MANAGER]]] == mail.outbox[-1].to
    with pytest.raises(PermissionDenied, match="service manager"):
        decide_business_case(actor=sh[Role.CUSTOMER_SERVICES], case=case, outcome=Outcome.APPROVED)
    case = _approve_st_helens(sh, case)
    assert case.status == CaseStatus.APPROVED
    assert list(case.decisions.values_list("step_id", flat=True)) == [
        "service_manager",
        "customer_services",
    ]


def test_nobody_approves_their_own_case(sh) -> None:
    proposer = sh[Role.SERVICE_MANAGER]
    case = new_case(proposer)
    submit_business_case(actor=proposer, case=case)
    with pytest.raises(PermissionDenied, match="own business case"):
        decide_business_case(actor=proposer, case=case, outcome=Outcome.APPROVED)
    assert cases_awaiting(proposer) == []


def test_another_councils_staff_cannot_decide(sh, personas) -> None:
    case = new_case(sh[Role.LINE_MANAGER])
    submit_business_case(actor=sh[Role.LINE_MANAGER], case=case)
    with pytest.raises(PermissionDenied, match="another council"):
        decide_business_case(
            actor=personas.east_lothian[Role.SERVICE_MANAGER], case=case, outcome=Outcome.APPROVED
        )


def test_east_lothian_needs_the_proposers_manager_comms_and_an_awareness_session(el) -> None:
    proposer = el[Role.ACCOUNT_AUTHOR]
    grant_role(actor=None, user=proposer, role=Role.LINE_MANAGER)  # may prepare cases
    case = new_case(proposer)
    submit_business_case(actor=proposer, case=case)
    another_manager = el[Role.SERVICE_MANAGER]
    grant_role(actor=None, user=another_manager, role=Role.LINE_MANAGER)
    with pytest.raises(PermissionDenied, match="own line manager"):
        decide_business_case(actor=another_manager, case=case, outcome=Outcome.APPROVED)
    decide_business_case(actor=el[Role.LINE_MANAGER], case=case, outcome=Outcome.APPROVED)
    decide_business_case(actor=el[Role.COMMUNICATIONS], case=case, outcome=Outcome.APPROVED)
    with pytest.raises(ValidationError, match="awareness session"):
        decide_business_case(actor=el[Role.CUSTOMER_SERVICES], case=case, outcome=Outcome.APPROVED)
    train(proposer)
    case = decide_business_case(
        actor=el[Role.CUSTOMER_SERVICES], case=case, outcome=Outcome.APPROVED
    )
    assert case.status == CaseStatus.APPROVED


def test_rejection_and_change_requests_need_reasons(sh) -> None:
    case = new_case(sh[Role.LINE_MANAGER])
    submit_business_case(actor=sh[Role.LINE_MANAGER], case=case)
    with pytest.raises(ValidationError, match="reasons"):
        decide_business_case(actor=sh[Role.SERVICE_MANAGER], case=case, outcome=Outcome.REJECTED)
    case = decide_business_case(
        actor=sh[Role.SERVICE_MANAGER],
        case=case,
        outcome=Outcome.CHANGES_REQUESTED,
        reasons="Say who covers leave.",
    )
    assert case.status == CaseStatus.CHANGES_REQUESTED
    assert "Say who covers leave." in mail.outbox[-1].body


def test_editing_an_approved_case_needs_approval_again(sh) -> None:
    proposer = sh[Role.LINE_MANAGER]
    case = new_case(proposer)
    submit_business_case(actor=proposer, case=case)
    case = _approve_st_helens(sh, case)
    case = update_business_case(actor=proposer, case=case, update_frequency="Daily")
    assert (case.status, case.revision, case.current_step) == (CaseStatus.DRAFT, 2, 0)
    assert case.revisions.count() == 2
    edited = AuditEvent.objects.get(verb=Verb.CASE_EDITED)
    assert edited.payload["old"] == {"update_frequency": "Three times a week"}
    with pytest.raises(ValidationError, match="approved business case"):
        record_account_created(
            actor=sh[Role.CUSTOMER_SERVICES],
            case=case,
            handle="x",
            url="https://example.org/x",
            purpose="p",
            administrators=[],
        )


def test_only_the_proposer_edits_submits_or_withdraws(sh) -> None:
    case = new_case(sh[Role.LINE_MANAGER])
    other = sh[Role.SERVICE_MANAGER]
    for action in (submit_business_case, withdraw_business_case):
        with pytest.raises(PermissionDenied):
            action(actor=other, case=case)
    with pytest.raises(PermissionDenied):
        update_business_case(actor=other, case=case, title="Mine now")


def test_an_employee_without_the_role_cannot_start_a_case(sh) -> None:
    with pytest.raises(PermissionDenied):
        new_case(sh[Role.EMPLOYEE])


def _approved_case(sh):
    case = new_case(sh[Role.LINE_MANAGER])
    submit_business_case(actor=sh[Role.LINE_MANAGER], case=case)
    return _approve_st_helens(sh, case)


def test_customer_services_records_the_account_with_two_ready_administrators(sh) -> None:
    case = _approved_case(sh)
    manager = sh[Role.LINE_MANAGER]
    admins = [make_ready(sh[Role.ACCOUNT_AUTHOR], manager), make_ready(sh[Role.MODERATOR], manager)]
    account = record_account_created(
        actor=sh[Role.CUSTOMER_SERVICES],
        case=case,
        handle="@StHelensLibraries",
        url="https://www.instagram.com/sthelenslibraries",
        purpose="Library events",
        administrators=admins,
    )
    assert account.status == AccountStatus.ACTIVE
    assert account.handle == "sthelenslibraries"
    assert account.display_handle == "StHelensLibraries"
    assert account.members.filter(status=MemberStatus.ACTIVE).count() == 2
    assert account.next_review_due is not None
    assert accounts_at_risk(sh.council) == []
    assert verify_chains().ok


def test_only_the_account_creating_section_records_accounts(sh) -> None:
    case = _approved_case(sh)
    with pytest.raises(PermissionDenied, match="Customer Services"):
        record_account_created(
            actor=sh[Role.SERVICE_MANAGER],
            case=case,
            handle="x",
            url="https://example.org",
            purpose="p",
            administrators=[],
        )


def test_an_administrator_without_training_is_refused(sh) -> None:
    case = _approved_case(sh)
    untrained = sh[Role.ACCOUNT_AUTHOR]
    from socialguard.register.tests.helpers import sign

    sign(untrained, countersigned_by=sh[Role.LINE_MANAGER])
    with pytest.raises(ValidationError) as refusal:
        record_account_created(
            actor=sh[Role.CUSTOMER_SERVICES],
            case=case,
            handle="libs",
            url="https://example.org/libs",
            purpose="p",
            administrators=[untrained],
        )
    assert "has not completed Social media awareness" in str(refusal.value)
    assert not case.accounts.exists()  # nothing half-written


def test_an_author_without_a_signed_agreement_is_refused(sh) -> None:
    case = _approved_case(sh)
    account = record_account_created(
        actor=sh[Role.CUSTOMER_SERVICES],
        case=case,
        handle="libs",
        url="https://example.org/libs",
        purpose="p",
        administrators=[],
    )
    author = sh[Role.EMPLOYEE]
    train(author)
    with pytest.raises(ValidationError, match="has not signed"):
        add_account_member(
            actor=sh[Role.CUSTOMER_SERVICES], account=account, user=author, role=MemberRole.AUTHOR
        )
    assert accounts_at_risk(sh.council) == [account]


def test_lapsed_access_is_suspended_owners_told_and_the_account_flagged(sh) -> None:
    case = _approved_case(sh)
    manager = sh[Role.LINE_MANAGER]
    first, second = (
        make_ready(sh[Role.ACCOUNT_AUTHOR], manager),
        make_ready(sh[Role.MODERATOR], manager),
    )
    account = record_account_created(
        actor=sh[Role.CUSTOMER_SERVICES],
        case=case,
        handle="libs",
        url="https://example.org/libs",
        purpose="p",
        administrators=[first, second],
    )
    mail.outbox.clear()
    affected = suspend_member_access(actor=None, user=first, reason="training expired")
    assert affected == [account]
    assert account.members.get(user=first).status == MemberStatus.SUSPENDED
    assert second.email in mail.outbox[0].to
    assert accounts_at_risk(sh.council) == [account]
    assert suspend_member_access(actor=None, user=first, reason="training expired") == []


def test_a_closed_account_stays_closed(sh) -> None:
    case = _approved_case(sh)
    account = record_account_created(
        actor=sh[Role.CUSTOMER_SERVICES],
        case=case,
        handle="libs",
        url="https://example.org/libs",
        purpose="p",
        administrators=[],
    )
    account = change_account_status(
        actor=sh[Role.CUSTOMER_SERVICES],
        account=account,
        status=AccountStatus.CLOSED,
        reason="Merged",
    )
    assert account.closed_at is not None
    with pytest.raises(ValidationError):
        change_account_status(
            actor=sh[Role.CUSTOMER_SERVICES],
            account=account,
            status=AccountStatus.ACTIVE,
            reason="x",
        )
