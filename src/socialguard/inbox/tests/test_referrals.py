"""Referrals: reference numbers, team emails, safeguarding at once, never closed by the machine."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.inbox import selectors, services
from socialguard.inbox.models import (
    InboxSettings,
    ItemStatus,
    Referral,
    ReferralCounter,
    ReferralStatus,
    Team,
)

pytestmark = pytest.mark.django_db

BIN = "Bins not emptied on Elm Road for three weeks, please sort it"
PRESS = "Hi, I'm a reporter at the Liverpool Echo, can the council comment on the closure?"
WORRY = "My dad hits me and I'm scared to go home tonight"


def test_references_count_per_council_team_and_year(sh, el) -> None:
    year = timezone.localdate().year
    first = sh.send(BIN).referrals.get()
    second = sh.send(BIN + " again").referrals.get()
    press = sh.send(PRESS).referrals.get()
    scottish = el.send(BIN).referrals.get()
    assert first.reference == f"SH-CC-{year}-00001"
    assert second.reference == f"SH-CC-{year}-00002"
    assert press.reference == f"SH-PO-{year}-00001"
    assert scottish.reference == f"EL-CC-{year}-00001"
    assert ReferralCounter.objects.get(council=sh.council, team=Team.CONTACT_CENTRE).value == 2


def test_a_councils_own_prefix_is_used(sh) -> None:
    services.save_inbox_settings(actor=None, council=sh.council, reference_prefix="sthc")
    assert sh.send(BIN).referrals.get().reference.startswith("STHC-CC-")


def test_the_team_is_emailed_with_the_reference_and_the_text(sh) -> None:
    referral = sh.send(BIN).referrals.get()
    [email] = mail.outbox
    assert email.to == ["contactcentre@sthelens.gov.uk"]
    assert referral.reference in email.subject and not email.subject.startswith("URGENT")
    assert BIN in email.body and "/inbox/items/" in email.body
    assert "6.17" in email.body
    referral.refresh_from_db()
    assert referral.notified_at is not None
    # Sending again does nothing: one email per referral.
    assert services.send_referral_notification(referral.pk) is False
    assert len(mail.outbox) == 1


def test_safeguarding_is_urgent_and_emailed_at_once_not_queued(sh, monkeypatch) -> None:
    queued: list[int] = []
    monkeypatch.setattr(services, "_queue_notifications", lambda ids, **kw: queued.extend(ids))
    item = sh.send(WORRY)
    referral = item.referrals.get()
    assert referral.team == Team.SAFEGUARDING and referral.urgent
    [email] = mail.outbox
    assert email.to == ["safeguarding@sthelens.gov.uk"]
    assert email.subject.startswith("URGENT: Safeguarding lead referral SH-SG-")
    assert email.extra_headers["X-Priority"] == "1 (Highest)"
    assert queued == []  # not behind the task queue
    # Routine referrals do go through the task queue.
    sh.send(BIN)
    assert len(queued) == 1 and len(mail.outbox) == 1


def test_when_the_mail_server_is_down_the_urgent_email_is_retried_by_a_task(
    sh, settings, monkeypatch
) -> None:
    from socialguard.inbox import tasks

    def broken(*args, **kwargs):
        raise OSError("connection refused")

    # With a broker: a worker screens the comment; the failed urgent email becomes a task.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.screen_item, "delay", tasks.screen_item.run)
    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.notify_referrals, "delay", queued.append)
    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    item = sh.send(WORRY)
    referral = item.referrals.get()
    assert referral.notified_at is None and queued == [[referral.pk]]


def test_a_workers_routine_emails_go_in_one_task_and_a_failure_holds_up_no_other(
    sh, settings, monkeypatch
) -> None:
    from celery.exceptions import Retry
    from django.core.mail import EmailMessage

    from socialguard.inbox import tasks
    from socialguard.inbox.tests.conftest import as_worker

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.screen_items_task, "delay", tasks.screen_items_task.run)
    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.notify_referrals, "delay", queued.append)
    items = [
        {"platform": "x", "account_handle": sh.x.handle, "platform_item_id": pid,
         "author_handle": "resident", "text": text}
        for pid, text in [("b", BIN), ("p", PRESS)]
    ]  # fmt: skip
    services.ingest(council=sh.council, items=items, source="test")
    [batch] = queued  # one task for the batch's two routine referrals
    contact_centre = Referral.objects.get(team=Team.CONTACT_CENTRE)
    press = Referral.objects.get(team=Team.PRESS_OFFICE)
    assert sorted(batch) == sorted([contact_centre.pk, press.pk])

    real_send = EmailMessage.send

    def refuse_the_contact_centre(message, *args, **kwargs):
        if message.to == ["contactcentre@sthelens.gov.uk"]:
            raise OSError("recipient refused")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", refuse_the_contact_centre)
    retried: list[tuple[Any, Any]] = []
    monkeypatch.setattr(
        tasks.notify_referrals, "apply_async", lambda args, kwargs, **o: retried.append((args, o))
    )
    task = tasks.notify_referrals
    as_worker(task, [batch], retries=0)
    try:
        with pytest.raises(Retry):
            task.run(batch)
    finally:
        task.pop_request()
    # The press enquiry went; the task comes back for the Contact Centre's alone.
    assert [m.to for m in mail.outbox] == [["press@sthelens.gov.uk"]]
    [(args, options)] = retried
    assert list(args) == [[contact_centre.pk]] and 0 <= options["countdown"] <= 30
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert task.run([contact_centre.pk]) == 1
    assert task.run(batch) == 0  # a repeat delivery emails nobody twice
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contactcentre@sthelens.gov.uk",
        "press@sthelens.gov.uk",
    ]


def test_without_a_broker_a_failed_urgent_email_waits_for_the_sweeper(sh, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    item = sh.send(WORRY)  # no error for the integration: the comment and referral are saved
    referral = item.referrals.get()
    assert item.status == ItemStatus.ESCALATED and referral.notified_at is None


def test_without_a_team_address_the_referral_stands_unsent(sh, caplog) -> None:
    InboxSettings.objects.filter(council=sh.council).update(contact_centre_email="")
    referral = sh.send(BIN).referrals.get()
    assert mail.outbox == [] and referral.notified_at is None
    assert "no Contact Centre address" in caplog.text


def test_a_council_without_settings_still_gets_referrals(sh) -> None:
    InboxSettings.objects.filter(council=sh.council).delete()
    referral = sh.send(PRESS).referrals.get()
    assert referral.reference.startswith("SH-PO-") and referral.notified_at is None


def test_nothing_closes_a_referral_but_a_person_with_an_outcome(sh) -> None:
    item = sh.send(WORRY, item_id="w1")
    referral = item.referrals.get()
    sh.send("Sorry, ignore me, all fine", item_id="w1")  # a new revision: rescreened
    services.screen_item(item.pk)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN and Referral.objects.count() == 1
    with pytest.raises(ValidationError) as caught:
        services.update_referral(actor=sh.moderator, referral=referral, status="closed")
    assert "outcome" in caught.value.error_dict
    closed = services.update_referral(
        actor=sh.moderator,
        referral=referral,
        status="closed",
        outcome="Children's services visited; family supported",
    )
    assert closed.closed_by == sh.moderator and closed.closed_at is not None
    event = AuditEvent.objects.get(verb=Verb.REFERRAL_UPDATED)
    assert event.payload["new"] == "closed" and event.actor == sh.moderator
    assert item.events.filter(kind="referral_updated").exists()


def test_each_team_works_its_own_referrals_only(sh, el) -> None:
    service = sh.send(BIN).referrals.get()
    press = sh.send(PRESS).referrals.get()
    safeguarding = sh.send(WORRY).referrals.get()
    contact_centre = sh.people[Role.CONTACT_CENTRE]
    press_officer = sh.people[Role.COMMUNICATIONS]
    services.update_referral(actor=contact_centre, referral=service, status="in_progress")
    services.update_referral(actor=press_officer, referral=press, status="in_progress")
    for actor, referral in [
        (contact_centre, press),
        (contact_centre, safeguarding),
        (press_officer, service),
        (el.moderator, service),
        (sh.people[Role.EMPLOYEE], service),
    ]:
        with pytest.raises(PermissionDenied):
            services.update_referral(actor=actor, referral=referral, status="in_progress")


def test_referral_lists_are_scoped_to_the_team_and_council(sh, el) -> None:
    sh.send(BIN)
    urgent = sh.send(WORRY).referrals.get()
    contact_centre = sh.people[Role.CONTACT_CENTRE]
    assert [r.team for r in selectors.referrals_for(contact_centre, Team.CONTACT_CENTRE)] == [
        "contact_centre"
    ]
    with pytest.raises(Http404):
        selectors.referrals_for(contact_centre, Team.SAFEGUARDING)
    with pytest.raises(Http404):
        selectors.referrals_for(sh.people[Role.EMPLOYEE], Team.CONTACT_CENTRE)
    assert list(selectors.referrals_for(el.moderator, Team.SAFEGUARDING)) == []
    assert list(selectors.referrals_for(sh.moderator, Team.SAFEGUARDING)) == [urgent]
    assert selectors.teams_for(contact_centre) == [Team.CONTACT_CENTRE]
    assert selectors.teams_for(sh.moderator) == list(Team)
    with pytest.raises(Http404):
        selectors.access_referral(el.moderator, urgent.pk)
    with pytest.raises(Http404):
        selectors.access_referral(contact_centre, urgent.pk)
    assert selectors.access_referral(sh.moderator, urgent.pk) == urgent


def test_open_and_urgent_referrals_come_first(sh) -> None:
    first = sh.send(BIN).referrals.get()
    second = sh.send(BIN + " please").referrals.get()
    services.update_referral(actor=sh.moderator, referral=second, status="closed", outcome="Done")
    third = services.refer_item(
        actor=sh.moderator, item=sh.send("Nice park"), team=Team.CONTACT_CENTRE
    )
    order = list(selectors.referrals_for(sh.moderator, Team.CONTACT_CENTRE))
    assert order == [third, first, second]
    open_only = list(selectors.referrals_for(sh.moderator, Team.CONTACT_CENTRE, open_only=True))
    assert open_only == [third, first]


def test_a_moderator_refers_once_per_team(sh) -> None:
    item = sh.send("Lovely to see the new play area at Victoria Park")
    referral = services.refer_item(
        actor=sh.moderator, item=item, team="press_office", note="Photo opportunity"
    )
    assert referral.reference.startswith("SH-PO-") and referral.created_by == sh.moderator
    assert referral.reason == "Photo opportunity"
    with pytest.raises(ValidationError) as caught:
        services.refer_item(actor=sh.moderator, item=item, team="press_office")
    assert referral.reference in str(caught.value)
    urgent = services.refer_item(actor=sh.moderator, item=item, team=Team.SAFEGUARDING)
    assert urgent.urgent
    item.refresh_from_db()
    assert item.first_action_at is not None
    assert AuditEvent.objects.filter(verb=Verb.ITEM_REFERRED).count() == 2


def test_the_sweeper_sends_referrals_an_outage_left_unsent(sh, monkeypatch) -> None:
    from datetime import timedelta

    from django.core.mail import EmailMessage

    mail_server_up = False
    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        if not mail_server_up:
            raise OSError("connection refused")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(services, "_queue_notifications", lambda ids, **kw: None)
    monkeypatch.setattr(EmailMessage, "send", send)
    referral = sh.send(WORRY).referrals.get()
    assert referral.notified_at is None
    mail_server_up = True
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert services.sweep().notified == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("URGENT")
    assert services.sweep().notified == 0


@pytest.mark.django_db(transaction=True)
def test_reference_numbers_are_unique_under_concurrent_writers(personas) -> None:
    """Eight threads reserving numbers at once never share one (PostgreSQL row locks; SQLite
    serialises writers anyway, so this runs where threads can really race)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers")
    council = personas.st_helens.council
    got: list[int] = []
    lock = threading.Lock()

    def reserve() -> None:
        try:
            for _ in range(10):
                first = services._reserve_numbers(council, "contact_centre", 2026, 3)
                with lock:
                    got.extend([first, first + 1, first + 2])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reserve) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got) == list(range(1, 241))
