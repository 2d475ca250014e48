"""Leavers and lapsed access: access is suspended in services, owners are told, and accounts left
with too few administrators are flagged. Safe to run again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socialguard.accounts.roles import Capability, Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.people import services
from socialguard.people.tests.helpers import ADMIN, AUTHOR, account_with, expired_on, make_ready
from socialguard.register.models import AccountMembership, MemberStatus
from socialguard.register.selectors import accounts_at_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(sh):
    admin, other_admin = make_ready(sh, sh[Role.MODERATOR]), make_ready(sh, sh[Role.COMMUNICATIONS])
    author = make_ready(sh, sh[Role.ACCOUNT_AUTHOR])
    return account_with(
        sh.council,
        (admin, ADMIN),
        (other_admin, ADMIN),
        (author, AUTHOR),
        creator=sh[Role.CUSTOMER_SERVICES],
    )


def _status(account, user) -> str:
    return AccountMembership.objects.get(account=account, user=user).status


def test_a_leaver_is_deactivated_and_loses_access(
    sh, account, django_capture_on_commit_callbacks
) -> None:
    leaver = sh[Role.MODERATOR]
    with django_capture_on_commit_callbacks(execute=True):
        accounts = services.record_leaver(actor=sh.owner, user=leaver, left_on=timezone.localdate())
    assert accounts == [account]
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert not leaver.can(Capability.ACKNOWLEDGE_POLICY)
    assert _status(account, leaver) == MemberStatus.SUSPENDED
    assert AccountMembership.objects.get(account=account, user=leaver).status_reason == (
        "left the council"
    )
    assert AuditEvent.objects.filter(verb=Verb.LEAVER_RECORDED).count() == 1
    # The remaining administrator is told, and the account is flagged: one administrator left.
    told = {address for email in mail.outbox for address in email.to}
    assert sh[Role.COMMUNICATIONS].email in told
    assert account in accounts_at_risk(sh.council)
    assert any("at risk" in email.subject for email in mail.outbox)


def test_recording_a_leaver_twice_changes_nothing(sh, account) -> None:
    leaver = sh[Role.MODERATOR]
    services.record_leaver(actor=sh.owner, user=leaver, left_on=timezone.localdate())
    events = AuditEvent.objects.count()
    assert services.record_leaver(actor=sh.owner, user=leaver, left_on=timezone.localdate()) == []
    assert AuditEvent.objects.count() == events


def test_their_line_manager_may_record_a_leaver_but_not_others(sh, account, personas) -> None:
    leaver = sh[Role.ACCOUNT_AUTHOR]
    for actor in (
        sh[Role.EMPLOYEE],
        sh[Role.HR_INVESTIGATOR],
        personas.east_lothian[Role.POLICY_OWNER],
    ):
        with pytest.raises(PermissionDenied):
            services.record_leaver(actor=actor, user=leaver, left_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.record_leaver(actor=sh.owner, user=sh.owner, left_on=timezone.localdate())
    services.record_leaver(actor=sh.manager, user=leaver, left_on=timezone.localdate())
    assert _status(account, leaver) == MemberStatus.SUSPENDED


def test_a_leaving_date_cannot_be_in_the_future(sh) -> None:
    with pytest.raises(ValidationError):
        services.record_leaver(
            actor=sh.owner,
            user=sh[Role.EMPLOYEE],
            left_on=timezone.localdate() + timedelta(days=7),
        )


def test_the_sweep_suspends_only_people_whose_access_lapsed(
    sh, account, django_capture_on_commit_callbacks
) -> None:
    # The author's training expires tomorrow; the day after, it has lapsed.
    author = sh[Role.ACCOUNT_AUTHOR]
    today = timezone.localdate()
    services.record_training(
        actor=sh.owner,
        user=sh[Role.EMPLOYEE],
        course=sh.course,
        completed_on=today,
    )
    from socialguard.people.models import TrainingRecord

    TrainingRecord.objects.filter(user=author).update(
        completed_on=expired_on(sh.course, today + timedelta(days=1)),
        expires_on=today + timedelta(days=1),
    )
    assert services.suspend_lapsed_access(today=today) == []
    later = today + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        (suspension,) = services.suspend_lapsed_access(today=later)
    assert suspension.user == author
    assert "training expired on" in suspension.reason
    assert _status(account, author) == MemberStatus.SUSPENDED
    assert _status(account, sh[Role.MODERATOR]) == MemberStatus.ACTIVE
    emails = len(mail.outbox)
    assert emails >= 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.suspend_lapsed_access(today=later) == []
    assert len(mail.outbox) == emails


def test_a_new_agreement_version_suspends_access_at_the_next_sweep(sh, account) -> None:
    services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Agreement", body="v2"
    )
    suspended = services.suspend_lapsed_access()
    assert {s.user for s in suspended} == {
        sh[Role.MODERATOR],
        sh[Role.COMMUNICATIONS],
        sh[Role.ACCOUNT_AUTHOR],
    }
    assert all("has not signed version 2" in s.reason for s in suspended)


def test_the_sweep_keeps_to_one_council_when_asked(sh, account, personas) -> None:
    services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Agreement", body="v2"
    )
    assert services.suspend_lapsed_access(council=personas.east_lothian.council) == []
    assert len(services.suspend_lapsed_access(council=sh.council)) == 3
