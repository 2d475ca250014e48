"""Reads of the moderation inbox, scoped by council and role.

Items are read only through ``access_item`` / ``queue_for`` (MODERATE_INBOX, the user's own
council: anything else is the same 404), referrals through ``referrals_for`` (the team's own
capability, or MODERATE_INBOX), and integrations' reads through ``integration_items`` (scoped by
the token's council).

The queue is keyset-paginated on (urgency descending, SLA due time, id): a page costs the same
two queries (the page and the total) whatever its size or depth, and items received while a
moderator pages through never shift the pages.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.access import deny, require
from socialguard.councils.models import Council
from socialguard.inbox.models import (
    OPEN_STATUSES,
    InboundItem,
    Referral,
    ReferralStatus,
    ReplyTemplate,
    Team,
    category_bit,
)
from socialguard.inbox.routing import HIDDEN_OR_REMOVED

OPEN = "open"
ANY = "any"
MAX_PAGE = 200


class InvalidCursorError(ValueError):
    """A ``next`` cursor that this code did not make (or made for another ordering)."""


def _encode(payload: list[object]) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> list[object]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise InvalidCursorError("That page link is not valid.") from error
    if not isinstance(value, list):
        raise InvalidCursorError("That page link is not valid.")
    return value


# --- one item ------------------------------------------------------------------------------------


def access_item(user: User, item_id: int) -> InboundItem:
    """The item, if it is the user's council's and their role moderates; otherwise 404."""
    council_id = require(user, Capability.MODERATE_INBOX)
    item = (
        InboundItem.objects.filter(pk=item_id, council_id=council_id)
        .select_related("account", "council", "assigned_to", "routing_rule")
        .first()
    )
    if item is None:
        deny()
    return item


# --- the queue -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows. Empty values do not filter.

    ``status``: ``"open"`` (queued, hidden pending review or escalated: the default), ``"any"``,
    or one ``ItemStatus`` value. ``newer_than_hours``: received within the last N hours;
    ``older_than_hours``: received more than N hours ago. ``assigned_to``: a user id;
    ``unassigned``: only items nobody has.
    """

    account: int | None = None
    category: str = ""
    decision: str = ""
    status: str = OPEN
    newer_than_hours: int | None = None
    older_than_hours: int | None = None
    assigned_to: int | None = None
    unassigned: bool = False
    author: str = ""


# The queue counts matching items up to this many, then says "more than": an exact count over
# a whole year of comments costs more than the page itself (PostgreSQL, 200,000 comments).
COUNT_CAP = 1000


@dataclass
class QueuePage:
    """One page of the queue. ``next_cursor`` is None on the last page. ``total`` counts the
    items matching the filters (not just this page) up to ``COUNT_CAP``; when more match,
    ``total_capped`` is True and ``total`` is ``COUNT_CAP`` ("more than 1,000")."""

    items: list[InboundItem]
    next_cursor: str | None
    total: int
    filters: QueueFilters = field(default_factory=QueueFilters)
    total_capped: bool = False


def filtered_items(council_id: int, filters: QueueFilters) -> QuerySet[InboundItem]:
    """The council's items matching ``filters`` (no ordering, no cursor)."""
    items = InboundItem.objects.filter(council_id=council_id)
    if filters.status == OPEN:
        items = items.filter(status__in=OPEN_STATUSES)
    elif filters.status and filters.status != ANY:
        items = items.filter(status=filters.status)
    if filters.account:
        items = items.filter(account_id=filters.account)
    if filters.decision:
        items = items.filter(decision=filters.decision)
    if filters.category:
        bit = category_bit(filters.category)
        # Unknown category: no item can have it. On PostgreSQL each category has a partial
        # index whose predicate is exactly this SQL, ``(category_bits & n) > 0`` (migration
        # 0003): keep the shape, or the planner can no longer prove the index applies.
        items = (
            items.alias(has=F("category_bits").bitand(bit)).filter(has__gt=0)
            if bit
            else items.none()
        )
    now = timezone.now()
    if filters.newer_than_hours is not None:
        items = items.filter(received_at__gte=now - timedelta(hours=filters.newer_than_hours))
    if filters.older_than_hours is not None:
        items = items.filter(received_at__lt=now - timedelta(hours=filters.older_than_hours))
    if filters.assigned_to:
        items = items.filter(assigned_to_id=filters.assigned_to)
    elif filters.unassigned:
        items = items.filter(assigned_to__isnull=True)
    if filters.author:
        items = items.filter(author_handle=filters.author.strip().lstrip("@").lower())
    return items


QUEUE_ORDER = ("-urgency", "sla_due_at", "id")


def _after(cursor: str) -> Q:
    values = _decode(cursor)
    try:
        urgency, due_text, last_id = values
        due = datetime.fromisoformat(str(due_text))
        urgency, last_id = int(str(urgency)), int(str(last_id))
    except (TypeError, ValueError) as error:
        raise InvalidCursorError("That page link is not valid.") from error
    # (urgency DESC, sla_due_at ASC, id ASC) strictly after the last row shown. The first term
    # bounds the scan for the database's sake; the rest is the usual keyset comparison.
    return Q(urgency__lte=urgency) & (
        Q(urgency__lt=urgency)
        | Q(urgency=urgency, sla_due_at__gt=due)
        | Q(urgency=urgency, sla_due_at=due, id__gt=last_id)
    )


def queue_for(
    user: User, *, filters: QueueFilters, after: str | None = None, limit: int = 50
) -> QueuePage:
    """A page of the user's council's queue: most urgent first, then the nearest SLA deadline.

    Two queries whatever ``limit`` (the page, with each item's account and assignee; and the
    total, counted up to ``COUNT_CAP``). ``after`` is the previous page's ``next_cursor``; a
    cursor this code did not make raises ``InvalidCursorError``. 404 for users who do not
    moderate.
    """
    council_id = require(user, Capability.MODERATE_INBOX)
    limit = max(1, min(limit, MAX_PAGE))
    matching = filtered_items(council_id, filters)
    page = matching.select_related("account", "assigned_to").order_by(*QUEUE_ORDER)
    if after:
        page = page.filter(_after(after))
    rows = list(page[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([last.urgency, last.sla_due_at.isoformat(), last.pk])
    counted = matching[: COUNT_CAP + 1].count()
    return QueuePage(
        items=rows,
        next_cursor=next_cursor,
        total=min(counted, COUNT_CAP),
        filters=filters,
        total_capped=counted > COUNT_CAP,
    )


# --- context for one item ------------------------------------------------------------------------


@dataclass
class AuthorHistory:
    """The author's other comments on this council's accounts (same platform), newest first."""

    items: list[InboundItem]
    total: int  # every earlier or later comment by them, not only those listed
    hidden_or_removed: int  # how many of those are hidden or removed now


def author_history(item: InboundItem, limit: int = 10) -> AuthorHistory:
    """Three queries: the latest ``limit`` items and two counts."""
    others = InboundItem.objects.filter(
        council_id=item.council_id, platform=item.platform, author_handle=item.author_handle
    ).exclude(pk=item.pk)
    latest = list(others.select_related("account").order_by("-received_at", "-id")[:limit])
    return AuthorHistory(
        items=latest,
        total=others.count(),
        hidden_or_removed=others.filter(status__in=HIDDEN_OR_REMOVED).count(),
    )


@dataclass
class Thread:
    """Where a comment sits in its conversation on the platform.

    ``parent`` is the comment it answers, when SocialGuard has it (a reply to the council's own
    post has no parent here); ``siblings`` answer the same parent; ``replies`` answer this one.
    """

    parent_platform_item_id: str
    parent: InboundItem | None
    siblings: list[InboundItem]
    replies: list[InboundItem]


def thread_of(item: InboundItem, limit: int = 50) -> Thread:
    """At most three queries, each bounded by ``limit``."""
    same_account = InboundItem.objects.filter(account_id=item.account_id).select_related("account")
    parent_id = item.parent_platform_item_id
    parent = same_account.filter(platform_item_id=parent_id).first() if parent_id else None
    siblings: list[InboundItem] = []
    if parent_id:
        siblings = list(
            same_account.filter(parent_platform_item_id=parent_id)
            .exclude(pk=item.pk)
            .order_by("received_at", "id")[:limit]
        )
    replies = list(
        same_account.filter(parent_platform_item_id=item.platform_item_id).order_by(
            "received_at", "id"
        )[:limit]
    )
    return Thread(parent_id, parent, siblings, replies)


def reply_templates_for(item: InboundItem) -> list[ReplyTemplate]:
    """The council's reply templates that suit the item: those for one of its categories first,
    then the general ones (no categories)."""
    found = set(item.categories or ())
    templates = ReplyTemplate.objects.filter(council_id=item.council_id).order_by("name")
    matching = [t for t in templates if found & set(t.categories or ())]
    general = [t for t in templates if not t.categories]
    return matching + general


# --- referrals -----------------------------------------------------------------------------------

TEAM_CAPABILITY = {
    Team.CONTACT_CENTRE: Capability.HANDLE_SERVICE_REFERRALS,
    Team.PRESS_OFFICE: Capability.HANDLE_PRESS_ENQUIRIES,
    Team.SAFEGUARDING: Capability.MODERATE_INBOX,
}


def _team_council(user: User, team: Team | str) -> int:
    """The user's council id if they may work ``team``'s referrals; 404 otherwise."""
    team = Team(team)
    if not user.is_authenticated or user.council_id is None:
        deny()
    if user.can(Capability.MODERATE_INBOX):
        return user.council_id
    return require(user, TEAM_CAPABILITY[team])


def teams_for(user: User) -> list[Team]:
    """The teams whose referrals the user may see."""
    if not user.is_authenticated or user.council_id is None:
        return []
    if user.can(Capability.MODERATE_INBOX):
        return list(Team)
    return [t for t in Team if user.can(TEAM_CAPABILITY[t])]


def referrals_for(user: User, team: Team | str, *, open_only: bool = False) -> QuerySet[Referral]:
    """The team's referrals in the user's council: open first, urgent first, newest first."""
    council_id = _team_council(user, team)
    referrals = Referral.objects.filter(council_id=council_id, team=Team(team)).select_related(
        "item", "item__account", "created_by", "closed_by"
    )
    if open_only:
        referrals = referrals.exclude(status=ReferralStatus.CLOSED)
    closed_last = Q(status=ReferralStatus.CLOSED)
    return referrals.alias(closed=closed_last).order_by("closed", "-urgent", "-created_at", "-id")


def access_referral(user: User, referral_id: int) -> Referral:
    """One referral, for someone who may work its team's referrals; 404 otherwise."""
    if not user.is_authenticated or user.council_id is None:
        deny()
    referral = (
        Referral.objects.filter(pk=referral_id, council_id=user.council_id)
        .select_related("item", "item__account", "council", "created_by", "closed_by")
        .first()
    )
    if referral is None:
        deny()
    _team_council(user, referral.team)
    return referral


# --- integrations (the API) ----------------------------------------------------------------------


@dataclass
class IntegrationPage:
    items: list[InboundItem]
    next_cursor: str | None
    count: int


def integration_items(
    council: Council,
    *,
    account_handle: str = "",
    status: str = "",
    category: str = "",
    since: datetime | None = None,
    after: str | None = None,
    limit: int = 50,
) -> IntegrationPage:
    """A council's items for an integration, oldest first (so polling with ``since`` and
    following ``next`` sees every item once). Three queries: page, total, referrals."""
    items = InboundItem.objects.filter(council=council)
    if account_handle:
        items = items.filter(account__handle=account_handle.strip().lstrip("@").lower())
    if status:
        items = items.filter(status=status)
    if category:
        bit = category_bit(category)
        items = (
            items.alias(has=F("category_bits").bitand(bit)).filter(has__gt=0)
            if bit
            else items.none()
        )
    if since is not None:
        items = items.filter(received_at__gte=since)
    page = items.order_by("id").select_related("account").prefetch_related("referrals")
    if after:
        values = _decode(after)
        if len(values) != 1 or not isinstance(values[0], int):
            raise InvalidCursorError("That page link is not valid.")
        page = page.filter(id__gt=values[0])
    limit = max(1, min(limit, MAX_PAGE))
    rows = list(page[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = _encode([rows[-1].pk])
    return IntegrationPage(items=rows, next_cursor=next_cursor, count=items.count())


def integration_item(council: Council, item_id: int) -> InboundItem | None:
    return (
        InboundItem.objects.filter(pk=item_id, council=council)
        .select_related("account")
        .prefetch_related("referrals")
        .first()
    )
