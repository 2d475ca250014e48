"""The daily reminder run: what is sent, to whom, and that a second run sends nothing new."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.people import services
from socialguard.people.models import (
    AgreementSignature,
    Reminder,
    ReminderKind,
    TrainingRecord,
)
from socialguard.people.tasks import send_reminders_task
from socialguard.people.tests.helpers import ADMIN, account_with, expired_on, make_ready, sign
from socialguard.policies.services import acknowledge_policy, activate_policy_version
from socialguard.register.models import OfficialAccount

pytestmark = pytest.mark.django_db


def _kinds(run) -> dict[tuple[ReminderKind, str], tuple[str, ...]]:
    return {(r.kind, r.target_key): r.recipients for r in run.sent}


@pytest.fixture
def scene(sh):
    """St Helens with one of every reminder due."""
    today = timezone.localdate()
    moderator = make_ready(sh, sh[Role.MODERATOR])  # training expiring in 10 days
    TrainingRecord.objects.filter(user=moderator).update(
        completed_on=expired_on(sh.course, today + timedelta(days=10)),
        expires_on=today + timedelta(days=10),
    )
    press = make_ready(sh, sh[Role.COMMUNICATIONS])
    sign(sh[Role.ACCOUNT_AUTHOR], sh.agreement, manager=None)  # countersignature pending
    services.record_training(  # expired three weeks ago
        actor=sh.owner,
        user=sh[Role.CUSTOMER_SERVICES],
        course=sh.course,
        completed_on=expired_on(sh.course, today - timedelta(days=21)),
    )
    policy = activate_policy_version(actor=sh.owner, council=sh.council, pack_id="st-helens-2018")
    for person in (sh.owner, moderator, press):
        acknowledge_policy(actor=person, version=policy)
    account = account_with(sh.council, (moderator, ADMIN), (press, ADMIN), creator=sh.owner)
    OfficialAccount.objects.filter(pk=account.pk).update(next_review_due=today + timedelta(days=7))
    return sh


def test_each_kind_of_reminder_goes_to_the_right_people(
    scene, django_capture_on_commit_callbacks
) -> None:
    sh = scene
    with django_capture_on_commit_callbacks(execute=True):
        run = services.send_reminders(council=sh.council)
    sent = _kinds(run)
    author, moderator, press = sh[Role.ACCOUNT_AUTHOR], sh[Role.MODERATOR], sh[Role.COMMUNICATIONS]
    signature = AgreementSignature.objects.get(user=author)
    assert sent[(ReminderKind.COUNTERSIGNATURE_PENDING, f"signature:{signature.pk}")] == (
        sh.manager.email,
    )
    assert sent[(ReminderKind.TRAINING_EXPIRING, f"user:{moderator.pk}")] == (moderator.email,)
    cs = sh[Role.CUSTOMER_SERVICES]
    assert sent[(ReminderKind.TRAINING_EXPIRED, f"user:{cs.pk}")] == (cs.email,)
    # Everyone who has not acknowledged the policy, and nobody who has.
    unacknowledged = {k[1] for k in sent if k[0] == ReminderKind.POLICY_UNACKNOWLEDGED}
    assert f"user:{sh[Role.EMPLOYEE].pk}" in unacknowledged
    assert f"user:{moderator.pk}" not in unacknowledged
    assert len(unacknowledged) == len(Role) - 3
    # The policy's annual review (v3.0 of May 2018) is long overdue: the policy owner is told.
    (review,) = [r for r in run.sent if r.kind == ReminderKind.POLICY_REVIEW_OVERDUE]
    assert review.recipients == (sh.owner.email,)
    assert "1 May 2019" in review.subject
    # The account's review is due within 14 days: its administrators are told.
    (account_review,) = [r for r in run.sent if r.kind == ReminderKind.ACCOUNT_REVIEW_DUE]
    assert set(account_review.recipients) == {moderator.email, press.email}
    # Everyone who needs the agreement and has not signed it: here, nobody else does, but the
    # moderator persona of another council never appears.
    assert all(r.council == sh.council for r in run.sent)
    assert len(mail.outbox) == len(run.sent)
    assert Reminder.objects.count() == len(run.sent)
    assert AuditEvent.objects.filter(verb=Verb.REMINDER_SENT).count() == len(run.sent)


def test_unsigned_agreements_are_reminded_to_those_who_need_one(sh) -> None:
    run = services.send_reminders(council=sh.council)
    unsigned = {r.target_key for r in run.sent if r.kind == ReminderKind.AGREEMENT_UNSIGNED}
    # Authors and moderators need the agreement; an employee with no account does not.
    assert f"user:{sh[Role.ACCOUNT_AUTHOR].pk}" in unsigned
    assert f"user:{sh[Role.MODERATOR].pk}" in unsigned
    assert f"user:{sh[Role.EMPLOYEE].pk}" not in unsigned


def test_running_twice_sends_nothing_new(scene, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders()
    emails = len(mail.outbox)
    assert emails > 0
    with django_capture_on_commit_callbacks(execute=True):
        second = services.send_reminders()
    assert second.sent == []
    assert len(mail.outbox) == emails


def test_a_new_occasion_gets_a_new_reminder(sh) -> None:
    services.send_reminders(council=sh.council)
    services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Agreement", body="v2"
    )
    run = services.send_reminders(council=sh.council)
    assert {r.kind for r in run.sent} == {ReminderKind.AGREEMENT_UNSIGNED}


def test_a_dry_run_sends_and_records_nothing(scene, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.send_reminders(dry_run=True)
    assert run.sent
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    assert run.suspended == []
    # The author has signed but is not countersigned: not a member, so not suspended either way.
    assert run.would_suspend == []


def test_the_run_suspends_lapsed_access_first(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    sign(author, sh.agreement, manager=None)
    account_with(sh.council, (author, ADMIN), creator=sh.owner)
    dry = services.send_reminders(council=sh.council, dry_run=True)
    assert [u for u, _ in dry.would_suspend] == [author]
    run = services.send_reminders(council=sh.council)
    assert [s.user for s in run.suspended] == [author]


def test_the_command_prints_what_it_sent_and_refuses_unknown_councils(scene) -> None:
    out = StringIO()
    call_command("reminders", "run", "--council", "st-helens", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would send [st-helens] Training has expired" in text
    assert not Reminder.objects.exists()
    out = StringIO()
    call_command("reminders", "run", stdout=out)
    assert "Sent [st-helens]" in out.getvalue()
    out = StringIO()
    call_command("reminders", "run", stdout=out)
    assert "Sent 0 reminders" in out.getvalue()
    with pytest.raises(CommandError, match="No council"):
        call_command("reminders", "run", "--council", "nowhere")


def test_the_celery_task_runs_the_same_sweep(scene) -> None:
    result = send_reminders_task.delay().get()
    assert result["sent"]
    assert send_reminders_task.delay().get() == {"sent": [], "suspended": []}


def test_the_beat_schedule_runs_it_daily() -> None:
    from celery.schedules import crontab

    from socialguard.celery import app

    entries = [e for e in app.conf.beat_schedule.values() if e["task"] == "people.send_reminders"]
    assert entries == [{"task": "people.send_reminders", "schedule": crontab(hour=7, minute=0)}]
