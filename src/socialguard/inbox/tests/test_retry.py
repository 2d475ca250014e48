"""Transient database errors (deadlock, serialization failure, "database is locked"): screening
is retried, with a backoff and a bound, and a retry never doubles referrals, events or audit.

These tests use Django's real on-commit behaviour (callbacks registered in a transaction that
rolls back are dropped), not the inbox suite's run-at-once stand-in: that is what makes a failed
attempt's emails disappear with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import OperationalError

from socialguard.audit import services as audit_services
from socialguard.audit.models import AuditEvent, Verb
from socialguard.audit.services import verify_chains
from socialguard.inbox import services, tasks
from socialguard.inbox.models import (
    EventKind,
    InboundItem,
    ItemEvent,
    ItemStatus,
    Referral,
    ReferralCounter,
    Team,
)
from socialguard.inbox.tests.conftest import as_worker

pytestmark = pytest.mark.django_db

WORRY = "My dad hits me and I'm scared to go home tonight"


@pytest.fixture(autouse=True)
def on_commit_runs_at_once() -> None:
    """Overrides the inbox suite's fixture: on-commit work is Django's own here."""


@pytest.fixture
def deadlock_once(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first screening transaction fails at its very end — after the item, its events and
    its referral were written — as a deadlock victim does; later ones succeed."""
    failures: list[str] = []
    real_record = audit_services.record

    def record(**kwargs: Any) -> AuditEvent:
        if kwargs["verb"] == Verb.ITEM_SCREENED and not failures:
            failures.append("deadlock")
            raise OperationalError("deadlock detected")
        return real_record(**kwargs)

    monkeypatch.setattr("socialguard.inbox.services.record", record)
    return failures


@pytest.fixture
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    pauses: list[float] = []
    monkeypatch.setattr("socialguard.inbox.services.time.sleep", pauses.append)
    return pauses


def _comment(sh: Any, text: str = WORRY) -> dict[str, str]:
    return {
        "platform": "x",
        "account_handle": sh.x.handle,
        "platform_item_id": "worry-1",
        "author_handle": "child",
        "text": text,
    }


def _worked_exactly_once(item: InboundItem) -> None:
    """One screening, one routing, one urgent referral with the year's first number, one email
    and one audit event: nothing of the failed attempt is left."""
    item.refresh_from_db()
    assert item.status == ItemStatus.ESCALATED and item.screened_revision == item.revision
    kinds = list(ItemEvent.objects.filter(item=item).values_list("kind", flat=True))
    assert kinds.count(EventKind.SCREENED) == 1
    assert kinds.count(EventKind.ROUTED) == 1
    assert kinds.count(EventKind.REFERRED) == 1
    [referral] = Referral.objects.filter(item=item)
    assert referral.team == Team.SAFEGUARDING
    assert referral.reference.endswith("-00001")  # the failed attempt's number was rolled back
    assert ReferralCounter.objects.get(council=item.council, team=Team.SAFEGUARDING).value == 1
    assert [m.to for m in mail.outbox] == [["safeguarding@sthelens.gov.uk"]]
    screened = AuditEvent.objects.filter(verb=Verb.ITEM_SCREENED)
    assert [e.payload["items"][0]["id"] for e in screened] == [item.pk]
    assert verify_chains().ok


def test_eager_ingest_retries_screening_after_a_deadlock(
    sh: Any,
    deadlock_once: list[str],
    no_pauses: list[float],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        [result] = services.ingest(council=sh.council, items=[_comment(sh)], source="test")
    assert deadlock_once == ["deadlock"]
    assert len(no_pauses) == 1 and 0 <= no_pauses[0] <= services.DB_RETRY_DELAY
    _worked_exactly_once(InboundItem.objects.get(pk=result.id))


def test_in_process_retries_are_bounded_and_back_off(
    no_pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def always_locked() -> None:
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr("socialguard.inbox.services.random.uniform", lambda low, high: high)
    with pytest.raises(OperationalError, match="database is locked"):
        services.retry_transient(always_locked)
    assert len(calls) == services.DB_RETRIES + 1 == 6
    assert no_pauses == [services.DB_RETRY_DELAY * 2**n for n in range(services.DB_RETRIES)]


def test_other_errors_are_not_retried(no_pauses: list[float]) -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise ValueError("a bug, not contention")

    with pytest.raises(ValueError, match="a bug"):
        services.retry_transient(broken)
    assert calls == [1] and no_pauses == []


@pytest.fixture
def unscreened(sh: Any, monkeypatch: pytest.MonkeyPatch) -> InboundItem:
    """A comment stored by the API and waiting for a worker (screening not run here)."""
    with monkeypatch.context() as patched:
        patched.setattr(services, "enqueue_screening", lambda ids: None)
        [result] = services.ingest(council=sh.council, items=[_comment(sh)], source="test")
    item = InboundItem.objects.get(pk=result.id)
    assert item.status == ItemStatus.NEW
    return item


def test_a_worker_retries_through_the_broker_with_a_backoff_then_completes(
    unscreened: InboundItem,
    deadlock_once: list[str],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    task = tasks.screen_items_task
    resent: list[dict[str, Any]] = []
    monkeypatch.setattr(task, "apply_async", lambda *args, **options: resent.append(options))

    def attempt(retries: int) -> Any:
        # What a worker does with a message: the request says which attempt this is.
        as_worker(task, [[unscreened.pk]], retries=retries)
        try:
            return task.run([unscreened.pk])
        finally:
            task.pop_request()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Retry):
        attempt(0)
    # The message went back to the broker, to run again after a pause of up to 2 s.
    [options] = resent
    assert options["retries"] == 1 and 0 <= options["countdown"] <= 2
    unscreened.refresh_from_db()
    assert unscreened.status == ItemStatus.NEW and not Referral.objects.exists()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert attempt(1) == 1
    _worked_exactly_once(unscreened)
    # A duplicate delivery of the same message (late acknowledgement) changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert attempt(1) == 0
    _worked_exactly_once(unscreened)


def test_a_worker_gives_up_after_five_retries(
    unscreened: InboundItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = tasks.screen_items_task
    monkeypatch.setattr(task, "apply_async", lambda *args, **options: None)

    def locked(ids: list[int]) -> int:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "screen_items", locked)
    as_worker(task, [[unscreened.pk]], retries=5)
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            task.run([unscreened.pk])
    finally:
        task.pop_request()


def test_an_eagerly_run_task_retries_too(
    unscreened: InboundItem,
    deadlock_once: list[str],
    no_pauses: list[float],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.screen_items_task.delay([unscreened.pk])
    assert result.get() == 1
    assert deadlock_once == ["deadlock"]
    _worked_exactly_once(unscreened)
