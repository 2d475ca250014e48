"""Background audit work. Tasks take ids and call one service; they are safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from socialguard.audit.models import AuditChain
from socialguard.audit.services import verify_chains

logger = logging.getLogger(__name__)


@shared_task(name="audit.verify_chains")
def verify_audit_chains() -> dict[str, Any]:
    """Verify every chain; schedule it nightly so tampering is found without anyone asking."""
    report = verify_chains()
    # The heads go to the logs too: kept outside the database, they make a rewritten chain visible.
    for chain in AuditChain.objects.order_by("key"):
        logger.info("audit chain %s: %d events, head %s", chain.key, chain.length, chain.head_hash)
    if not report.ok:
        logger.error("audit log verification failed: %s", report.problems)
    return {
        "ok": report.ok,
        "events_checked": report.events_checked,
        "chains_checked": report.chains_checked,
        "problems": [
            {"chain": p.chain, "event_id": p.event_id, "reason": p.reason} for p in report.problems
        ],
    }
