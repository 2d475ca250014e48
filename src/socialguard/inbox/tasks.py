"""Background inbox work. Tasks take ids and call one service; each is safe to run twice.

Without a broker (``REDIS_URL`` unset) Celery runs them eagerly, in the process that sent them,
so an API call's response already carries the screening decision.
"""

from __future__ import annotations

from celery import shared_task

from socialguard.inbox import services


@shared_task(name="inbox.screen_item")
def screen_item(item_id: int) -> None:
    """Screen and route one comment's current revision (does nothing if already done)."""
    services.screen_item(item_id)


@shared_task(name="inbox.screen_items")
def screen_items_task(item_ids: list[int]) -> int:
    """Screen and route a batch of comments (up to 50 from one ingest); returns how many."""
    return services.screen_items(item_ids)


@shared_task(
    name="inbox.notify_referral",
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=8,
)
def notify_referral(referral_id: int) -> None:
    """Email a referral to its team (does nothing once it has been sent)."""
    services.send_referral_notification(referral_id)


@shared_task(name="inbox.sweep")
def sweep() -> dict[str, int]:
    """Screen comments and email referrals that an outage left waiting (Celery beat)."""
    report = services.sweep()
    return {"screened": report.screened, "notified": report.notified}
