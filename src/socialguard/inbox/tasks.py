"""Background inbox work. Tasks take ids and call one service; each is safe to run twice.

Without a broker (``REDIS_URL`` unset) Celery runs them eagerly, in the process that sent them,
so an API call's response already carries the screening decision.

A transient database error (a deadlock or serialization failure on PostgreSQL, "database is
locked" on SQLite: ``OperationalError``) rolls the service's transaction back whole, so the
screening tasks run again: on a worker, the message goes back through the broker to run after
up to 2, 4, 8, 16 and 32 seconds (full jitter; the worker takes other work meanwhile), and after
five retries the task fails and the sweeper picks its comments up; run eagerly, the same five
retries happen in-process (``services.retry_transient``), because Celery re-raises an eager
task's retry as an error when eager errors propagate, as they do here. A retry of work that did
commit does nothing: screening skips a revision already screened, a referral is made once per
comment and team, and a referral already emailed is not emailed again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import OperationalError

from socialguard.inbox import services

MAX_RETRIES = 5
BACKOFF = 2  # seconds: the n-th retry waits up to BACKOFF * 2**(n-1), at most BACKOFF_MAX
BACKOFF_MAX = 60

_T = TypeVar("_T")


def run_retrying(task: Task, work: Callable[[], _T]) -> _T:  # type: ignore[type-arg]
    """``work()``, retried on ``OperationalError`` as the module docstring says."""
    if task.request.is_eager:
        return services.retry_transient(work)
    try:
        return work()
    except OperationalError as error:
        countdown = get_exponential_backoff_interval(
            factor=BACKOFF, retries=task.request.retries, maximum=BACKOFF_MAX, full_jitter=True
        )
        # Raises Retry (the message is sent again), or this error after the last retry.
        raise task.retry(exc=error, countdown=countdown) from error


@shared_task(bind=True, name="inbox.screen_item", max_retries=MAX_RETRIES)
def screen_item(self: Task, item_id: int) -> None:  # type: ignore[type-arg]
    """Screen and route one comment's current revision (does nothing if already done)."""
    run_retrying(self, lambda: services.screen_item(item_id))


@shared_task(bind=True, name="inbox.screen_items", max_retries=MAX_RETRIES)
def screen_items_task(self: Task, item_ids: list[int]) -> int:  # type: ignore[type-arg]
    """Screen and route a batch of comments (up to 50 from one ingest); returns how many."""
    return run_retrying(self, lambda: services.screen_items(item_ids))


NOTIFY_MAX_RETRIES = 8
NOTIFY_BACKOFF = 30  # seconds: a mail server is usually down for minutes, not moments


@shared_task(bind=True, name="inbox.notify_referrals", max_retries=NOTIFY_MAX_RETRIES)
def notify_referrals(self: Task, referral_ids: list[int]) -> int:  # type: ignore[type-arg]
    """Email referrals to their teams, one task for all those one screening batch made (a task
    each cost more than the email). Each referral is sent and marked in its own transaction,
    so one that fails (the mail server, a refused address, the database) holds up no other;
    the task then retries with the failed ones only, up to 8 times, 30 s apart and doubling.
    A referral already emailed is skipped. Returns how many were emailed now. Only ever run on
    a worker: without a broker, ``services`` emails in-process and the sweeper retries."""
    failed: list[int] = []
    error: Exception | None = None
    sent = 0
    for referral_id in referral_ids:
        try:
            sent += services.send_referral_notification(referral_id)
        except (OSError, OperationalError) as problem:
            failed.append(referral_id)
            error = problem
    if error is not None:
        countdown = get_exponential_backoff_interval(
            factor=NOTIFY_BACKOFF,
            retries=self.request.retries,
            maximum=3600,
            full_jitter=True,
        )
        raise self.retry(args=(failed,), exc=error, countdown=countdown)
    return sent


@shared_task(
    name="inbox.notify_referral",
    autoretry_for=(OSError, OperationalError),
    retry_backoff=NOTIFY_BACKOFF,
    max_retries=NOTIFY_MAX_RETRIES,
)
def notify_referral(referral_id: int) -> None:
    """Email one referral (kept for messages queued before ``notify_referrals`` replaced it)."""
    services.send_referral_notification(referral_id)


@shared_task(name="inbox.sweep")
def sweep() -> dict[str, int]:
    """Screen comments and email referrals that an outage left waiting (Celery beat)."""
    report = services.sweep()
    return {"screened": report.screened, "notified": report.notified}
