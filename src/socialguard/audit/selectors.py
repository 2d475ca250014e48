"""Reads of the audit log, always scoped to the reader's council."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.audit.models import AuditEvent
from socialguard.core.access import deny, require


@dataclass(frozen=True)
class EventFilters:
    actor: str = ""
    verb: str = ""
    target: str = ""
    date_from: date | None = None
    date_to: date | None = None


def list_events_for(user: User, filters: EventFilters | None = None) -> QuerySet[AuditEvent]:
    """The user's council's events, newest first, narrowed by ``filters``."""
    council_id = require(user, Capability.VIEW_AUDIT_LOG)
    events = AuditEvent.objects.filter(council_id=council_id).select_related("actor")
    f = filters or EventFilters()
    if f.actor:
        events = events.filter(actor_label__icontains=f.actor)
    if f.verb:
        events = events.filter(verb=f.verb)
    if f.target:
        type_, _, id_ = f.target.partition(":")
        events = (
            events.filter(target_type=type_, target_id=id_)
            if id_
            else events.filter(target_label__icontains=f.target)
        )
    if f.date_from:
        events = events.filter(occurred_at__date__gte=f.date_from)
    if f.date_to:
        events = events.filter(occurred_at__date__lte=f.date_to)
    return events.order_by("-occurred_at", "-id")


def access_event(user: User, event_id: int) -> AuditEvent:
    """One event of the user's council; 404 for any other, whether it exists or not."""
    council_id = require(user, Capability.VIEW_AUDIT_LOG)
    event = (
        AuditEvent.objects.filter(pk=event_id, council_id=council_id)
        .select_related("actor")
        .first()
    )
    if event is None:
        deny()
    return event
