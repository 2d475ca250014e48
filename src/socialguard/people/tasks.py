"""Background work for people: the daily reminder run. Safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from socialguard.people.services import send_reminders

logger = logging.getLogger(__name__)


@shared_task(name="people.send_reminders")
def send_reminders_task() -> dict[str, Any]:
    """Suspend lapsed access and send the reminders that are due (Celery beat, daily)."""
    run = send_reminders()
    logger.info(
        "reminders: %d sent, %d people's access suspended", len(run.sent), len(run.suspended)
    )
    return {
        "sent": [
            {"kind": str(r.kind), "about": r.target_key, "to": list(r.recipients)} for r in run.sent
        ],
        "suspended": [
            {"user": s.user.email, "accounts": [a.pk for a in s.accounts]} for s in run.suspended
        ],
    }
