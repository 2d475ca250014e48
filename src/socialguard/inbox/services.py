"""Writes to the moderation inbox: ingest, screening and routing, moderator actions, referrals.

Contracts every function here keeps:

- Writes happen inside ``transaction.atomic`` with an audit event (``audit.services.record``) in
  the same transaction; emails and tasks go out with ``transaction.on_commit``.
- Nothing deletes evidence. Every text a comment ever had is an ``ItemRevision`` with its SHA-256;
  hiding and removing change only the status. Events are appended, never edited.
- Moderator actions take ``actor`` (who must have MODERATE_INBOX and belong to the item's
  council: ``PermissionDenied`` otherwise) and the item, and add an ``ItemEvent``.
- A screening run is idempotent: it stores the result for one revision, and running it again for
  the same revision does nothing.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Field
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.models import Council
from socialguard.inbox import routing, sla
from socialguard.inbox.models import (
    CATEGORY_ORDER,
    EventKind,
    InboundItem,
    InboxSettings,
    ItemEvent,
    ItemRevision,
    ItemStatus,
    Referral,
    ReferralCounter,
    ReferralStatus,
    ReplyTemplate,
    RoutingAction,
    RoutingRule,
    Team,
    Urgency,
    category_mask,
)
from socialguard.register.handles import normalise_handle
from socialguard.register.models import OfficialAccount, Platform
from socialguard.screening import Engine, ScreeningResult, get_engine

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 10_000
MAX_BATCH = 500
MAX_REPLY_LENGTH = 2_000
# Integrations sometimes say "twitter"; the register calls it X.
PLATFORM_ALIASES = {"twitter": Platform.X, "fb": Platform.FACEBOOK, "ig": Platform.INSTAGRAM}
TEAM_CODES = {Team.CONTACT_CENTRE: "CC", Team.PRESS_OFFICE: "PO", Team.SAFEGUARDING: "SG"}
# Who may work each team's referrals (moderators may work all of them).
TEAM_CAPABILITY = {
    Team.CONTACT_CENTRE: Capability.HANDLE_SERVICE_REFERRALS,
    Team.PRESS_OFFICE: Capability.HANDLE_PRESS_ENQUIRIES,
    Team.SAFEGUARDING: Capability.MODERATE_INBOX,
}
# Posted dates later than this are a clock or parsing fault at the integration.
FUTURE_TOLERANCE = timedelta(days=1)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- transient database errors -------------------------------------------------------------------

# Deadlocks and serialization failures (PostgreSQL) and "database is locked" (SQLite) roll the
# whole transaction back, so the work can simply run again: every write here is one transaction,
# and screening skips a revision already screened. Celery tasks retry through the broker with a
# backoff (``inbox/tasks.py``); work done in-process (eager mode, file imports) retries here.
DB_RETRIES = 5
DB_RETRY_DELAY = 0.05  # seconds before the first retry; doubled each time, with full jitter

_P = ParamSpec("_P")
_T = TypeVar("_T")


def retry_transient(func: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """``func(*args, **kwargs)``, run again (up to ``DB_RETRIES`` times, with a growing random
    pause) when the database answers ``OperationalError``; the last error is raised.

    Only for work that is one transaction and safe to run twice (see the module docstring).
    """
    for attempt in range(DB_RETRIES + 1):
        try:
            return func(*args, **kwargs)
        except OperationalError as error:
            if attempt == DB_RETRIES:
                raise
            pause = random.uniform(0, DB_RETRY_DELAY * 2**attempt)  # noqa: S311 - jitter only
            logger.warning(
                "%s: %s; retry %d of %d in %.2f s",
                getattr(func, "__name__", func),
                error,
                attempt + 1,
                DB_RETRIES,
                pause,
            )
            time.sleep(pause)
    raise AssertionError("unreachable")


# --- the engine ----------------------------------------------------------------------------------

_ENGINE_TTL = 10.0  # seconds: an edited pack is picked up this soon
_engines: dict[str, tuple[float, Engine]] = {}
_engines_lock = threading.Lock()


def engine_for(pack_id: str) -> Engine:
    """The shared engine for a pack id, re-checking the pack's files at most every 10 s.

    ``get_engine`` hashes the pack's files on every call (about 2 ms), which would be most of
    the cost of screening one comment; this keeps that to once per pack per 10 seconds.
    """
    now = time.monotonic()
    with _engines_lock:
        cached = _engines.get(pack_id)
        if cached is not None and now - cached[0] < _ENGINE_TTL:
            return cached[1]
    engine = get_engine(pack_id, packs_dir=settings.POLICY_PACKS_DIR)
    with _engines_lock:
        _engines[pack_id] = (now, engine)
    return engine


# --- settings ------------------------------------------------------------------------------------


def default_prefix(council: Council) -> str:
    """Initials of the council's name without "Council": St Helens Council → SH."""
    words = [w for w in council.name.replace("-", " ").split() if w.lower() != "council"]
    initials = "".join(w[0] for w in words if w[0].isalnum()).upper()
    return (initials or council.slug[:2].upper())[:6]


def inbox_settings_for(council: Council) -> InboxSettings:
    """The council's inbox settings, or the defaults (unsaved) when it has none yet."""
    found = InboxSettings.objects.filter(council=council).first()
    if found is not None:
        return found
    return InboxSettings(council=council, reference_prefix=default_prefix(council))


SETTINGS_FIELDS = (
    "response_target_hours",
    "urgent_target_hours",
    "working_day_start",
    "working_day_end",
    "contact_centre_email",
    "press_office_email",
    "safeguarding_email",
    "reference_prefix",
)


@transaction.atomic
def save_inbox_settings(*, actor: User | None, council: Council, **values: Any) -> InboxSettings:
    """Create or change the council's inbox settings (``values``: fields in SETTINGS_FIELDS).

    The working day must start before it ends; referral addresses are validated as emails; the
    reference prefix (stored in capitals) must not be another council's, as references are
    unique across the installation. The audit event holds the old and new value of each field
    that changed; saving values that change nothing writes nothing. New targets apply to
    comments received or routed from now on (deadlines already set stay as they are).
    """
    if actor is not None and (
        actor.council_id != council.pk or not actor.can(Capability.MODERATE_INBOX)
    ):
        raise PermissionDenied("Only the council's moderators can change its inbox settings.")
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    conf = InboxSettings.objects.select_for_update().filter(council=council).first()
    created = conf is None
    if conf is None:
        conf = InboxSettings(council=council, reference_prefix=default_prefix(council))
    old = {name: getattr(conf, name) for name in SETTINGS_FIELDS}
    for name, value in values.items():
        setattr(conf, name, value)
    conf.reference_prefix = conf.reference_prefix.strip().upper()
    if not 0 <= conf.working_day_start < conf.working_day_end <= 24:
        raise ValidationError({"working_day_end": "The working day must start before it ends."})
    conf.full_clean(exclude=["council"])
    if (
        conf.reference_prefix != old["reference_prefix"] or created
    ) and InboxSettings.objects.exclude(council=council).filter(
        reference_prefix=conf.reference_prefix
    ).exists():
        raise ValidationError(
            {"reference_prefix": "Another council uses that prefix: choose a different one."}
        )
    new = {name: getattr(conf, name) for name in SETTINGS_FIELDS}
    changed = [name for name in SETTINGS_FIELDS if created or old[name] != new[name]]
    if not changed:
        return conf
    conf.save()
    record(
        actor=actor,
        verb=Verb.UPDATED,
        target=conf,
        council=council,
        payload={
            "old": None if created else {name: old[name] for name in changed},
            "new": {name: new[name] for name in changed},
        },
    )
    return conf


def due_for(council: Council, received_at: datetime, urgency: int, conf: InboxSettings) -> datetime:
    """When a first response is due for an item of this urgency received then."""
    return sla.due_at(
        received_at,
        urgent=urgency == Urgency.URGENT,
        jurisdiction=council.jurisdiction,
        target_hours=conf.response_target_hours,
        urgent_target_hours=conf.urgent_target_hours,
        day_start=conf.working_day_start,
        day_end=conf.working_day_end,
    )


# --- ingest --------------------------------------------------------------------------------------


class IngestError(Exception):
    """Some items were invalid; nothing was written.

    ``errors`` lists every problem as ``{"index": int, "field": str, "reason": str}``.
    """

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the items sent; nothing was saved")
        self.errors = errors


@dataclass(frozen=True)
class IngestResult:
    """The outcome for one item sent, in the order sent.

    ``decision``, ``categories`` and ``status`` are the screening outcome when it has run (always,
    in eager mode); with a broker they may still be ``""``, ``[]`` and ``"new"``.
    """

    id: int
    platform_item_id: str
    created: bool
    revised: bool
    decision: str
    categories: list[str]
    status: str


@dataclass(frozen=True)
class CleanItem:
    """One validated item, ready to write."""

    index: int
    account: OfficialAccount
    platform_item_id: str
    parent_platform_item_id: str
    author_handle: str
    author_name: str
    text: str
    posted_at: datetime | None
    url: str
    payload: dict[str, Any]


_url_validator = URLValidator(schemes=["http", "https"])


class _Row:
    """One raw item being checked: reads its fields and collects its problems."""

    def __init__(self, raw: Mapping[str, Any], index: int, errors: list[dict[str, Any]]) -> None:
        self.raw, self.index, self.errors = raw, index, errors

    def problem(self, name: str, reason: str) -> None:
        self.errors.append({"index": self.index, "field": name, "reason": reason})

    def text(self, name: str, *, required: bool, max_length: int = 200) -> str:
        """A short string field, stripped; numbers are accepted for ids."""
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(name, "This field is required and cannot be empty.")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(name, "Must be a string.")
            return ""
        text = str(value).strip()
        if len(text) > max_length:
            self.problem(name, f"Must be at most {max_length:,} characters long.")
            return ""
        return text

    def body(self) -> str:
        """The comment's text, exactly as sent (it is hashed as evidence)."""
        value = self.raw.get("text")
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problem("text", "This field is required and cannot be empty.")
        elif not isinstance(value, str):
            self.problem("text", "Must be a string.")
        elif len(value) > MAX_TEXT_LENGTH:
            self.problem(
                "text",
                f"Must be at most {MAX_TEXT_LENGTH:,} characters long (it has {len(value):,}).",
            )
        else:
            return value
        return ""

    def posted_at(self, now: datetime) -> datetime | None:
        raw = self.text("posted_at", required=False, max_length=64)
        if not raw:
            return None
        try:
            posted = parse_datetime(raw)
        except ValueError:
            self.problem("posted_at", "Not an ISO-8601 date and time (2026-11-23T09:15:00Z).")
            return None
        if posted > now + FUTURE_TOLERANCE:
            self.problem("posted_at", "Is in the future.")
        return posted

    def url(self) -> str:
        url = self.text("url", required=False, max_length=500)
        if url:
            try:
                _url_validator(url)
            except ValidationError:
                self.problem("url", "Not a web address (http:// or https://).")
        return url

    def account(
        self, accounts: Mapping[tuple[str, str], OfficialAccount]
    ) -> OfficialAccount | None:
        platform = self.text("platform", required=True, max_length=40).lower()
        platform = PLATFORM_ALIASES.get(platform, platform)
        if platform and platform not in Platform.values:
            choices = ", ".join(Platform.values)
            self.problem("platform", f"Unknown platform {platform!r}; use one of: {choices}.")
            platform = ""
        handle = normalise_handle(self.text("account_handle", required=True, max_length=100))
        if not platform or not handle:
            return None
        account = accounts.get((platform, handle))
        if account is None:
            self.problem(
                "account_handle",
                f"No official account @{handle} on {Platform(platform).label} is registered "
                "for this council.",
            )
        return account


def parse_datetime(value: str) -> datetime:
    """An ISO-8601 date-time; without an offset it is taken as UK local time. ``ValueError``."""
    parsed = datetime.fromisoformat(value.strip())
    if parsed.tzinfo is None:
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


def _accounts_by_handle(council: Council) -> dict[tuple[str, str], OfficialAccount]:
    """The council's accounts by (platform, handle); an open account wins over a closed one."""
    found: dict[tuple[str, str], OfficialAccount] = {}
    for account in OfficialAccount.objects.filter(council=council).order_by("pk"):
        key = (account.platform, account.handle)
        if key not in found or found[key].status == "closed":
            found[key] = account
    return found


def validate_items(
    council: Council, items: Sequence[Any], *, start_index: int = 0
) -> tuple[list[CleanItem], list[dict[str, Any]]]:
    """Check every item; return the clean ones and a list of problems (one per field at fault).

    ``index`` in a problem is the item's position in ``items`` plus ``start_index``. One query
    (the council's accounts). Checks: the item is an object; ``platform`` is one the register
    knows; ``account_handle`` is an official account of THIS council on that platform;
    ``platform_item_id``, ``author_handle`` and ``text`` are present; ``text`` is at most
    10,000 characters; ``posted_at`` is ISO-8601 and not in the future; ``url`` is http(s).
    """
    accounts = _accounts_by_handle(council)
    errors: list[dict[str, Any]] = []
    clean: list[CleanItem] = []
    now = timezone.now()
    for offset, raw in enumerate(items):
        index = start_index + offset
        if not isinstance(raw, Mapping):
            errors.append(
                {"index": index, "field": "item", "reason": "Each item must be a JSON object."}
            )
            continue
        before = len(errors)
        row = _Row(raw, index, errors)
        account = row.account(accounts)
        platform_item_id = row.text("platform_item_id", required=True)
        author_handle = normalise_handle(row.text("author_handle", required=True))
        author_name = row.text("author_name", required=False)
        parent = row.text("parent_platform_item_id", required=False)
        text, posted_at, url = row.body(), row.posted_at(now), row.url()
        if len(errors) == before and account is not None:
            clean.append(
                CleanItem(
                    index=index,
                    account=account,
                    platform_item_id=platform_item_id,
                    parent_platform_item_id=parent,
                    author_handle=author_handle,
                    author_name=author_name,
                    text=text,
                    posted_at=posted_at,
                    url=url,
                    payload=dict(raw),
                )
            )
    return clean, errors


@dataclass
class _Plan:
    item: InboundItem
    created: bool
    changed: bool = False
    revisions: list[ItemRevision] = field(default_factory=list)
    events: list[ItemEvent] = field(default_factory=list)


@dataclass(frozen=True)
class WriteSummary:
    """What a write of clean items did; ``to_screen`` are the ids needing (re-)screening."""

    rows: list[tuple[int, str, bool, bool]]  # (item id, platform item id, created, revised)
    to_screen: list[int]
    created: int
    revised: int
    unchanged: int


def write_items(
    council: Council,
    clean: Sequence[CleanItem],
    *,
    source: str,
    received_at: datetime | None = None,
) -> WriteSummary:
    """Write validated items (inside the caller's transaction): new items, or new revisions.

    An item is identified by (account, platform item id). Sent again with the same text it is
    left alone; with a different text it gets a new revision (the old text stays, with its hash)
    and is screened again. A few queries per batch, not per item.
    """
    now = received_at or timezone.now()
    conf = inbox_settings_for(council)
    routine_due = due_for(council, now, Urgency.ROUTINE, conf)
    keys = {(c.account.pk, c.platform_item_id) for c in clean}
    existing: dict[tuple[int, str], InboundItem] = {}
    if keys:
        # Locked in id order, so two writers sending overlapping batches cannot deadlock.
        query = (
            InboundItem.objects.select_for_update()
            .filter(account_id__in={k[0] for k in keys}, platform_item_id__in={k[1] for k in keys})
            .order_by("pk")
        )
        existing = {(i.account_id, i.platform_item_id): i for i in query}
    plans: dict[tuple[int, str], _Plan] = {}
    rows: list[tuple[tuple[int, str], bool, bool]] = []
    for c in clean:
        key = (c.account.pk, c.platform_item_id)
        digest = sha256_of(c.text)
        plan = plans.get(key)
        if plan is None:
            found = existing.get(key)
            if found is None:
                item = _new_item(council, c, digest, received_at=now, due=routine_due)
                plan = _Plan(item, created=True, changed=True)
                plan.revisions.append(_revision(item, c, digest, now, source))
                plan.events.append(
                    ItemEvent(item=item, kind=EventKind.RECEIVED, detail={"source": source})
                )
                plans[key] = plan
                rows.append((key, True, False))
                continue
            plan = _Plan(found, created=False)
            plans[key] = plan
        item = plan.item
        if item.text_sha256 == digest:
            rows.append((key, False, False))
            if item.screened_revision != item.revision:
                plan.changed = True  # still unscreened (an outage): a re-send retries it
            continue
        item.revision += 1
        item.text, item.text_sha256 = c.text, digest
        plan.changed = True
        plan.revisions.append(_revision(item, c, digest, now, source))
        plan.events.append(
            ItemEvent(
                item=item,
                kind=EventKind.REVISED,
                detail={"revision": item.revision, "sha256": digest, "source": source},
            )
        )
        # A changed text is a revision, also of an item created earlier in this same batch.
        rows.append((key, False, True))
    _store(list(plans.values()))
    created = sum(1 for _, c, _ in rows if c)
    revised = sum(1 for _, _, r in rows if r)
    return WriteSummary(
        rows=[(plans[k].item.pk, k[1], c, r) for k, c, r in rows],
        to_screen=[p.item.pk for p in plans.values() if p.changed],
        created=created,
        revised=revised,
        unchanged=len(rows) - created - revised,
    )


def _store(plans: list[_Plan]) -> None:
    """Write the planned items, revisions and events: a few bulk queries."""
    InboundItem.objects.bulk_create([p.item for p in plans if p.created], batch_size=500)
    revised_items = [p.item for p in plans if p.revisions and not p.created]
    if revised_items:
        InboundItem.objects.bulk_update(
            revised_items, ["text", "text_sha256", "revision"], batch_size=500
        )
    revisions = [r for p in plans for r in p.revisions]
    events = [e for p in plans for e in p.events]
    # The new items got their keys in bulk_create above; point their rows at them.
    for revision in revisions:
        revision.item_id = revision.item.pk
    for event in events:
        event.item_id = event.item.pk
    ItemRevision.objects.bulk_create(revisions, batch_size=500)
    ItemEvent.objects.bulk_create(events, batch_size=500)


def _new_item(
    council: Council, c: CleanItem, digest: str, *, received_at: datetime, due: datetime
) -> InboundItem:
    return InboundItem(
        council=council,
        account=c.account,
        platform=c.account.platform,
        platform_item_id=c.platform_item_id,
        parent_platform_item_id=c.parent_platform_item_id,
        author_handle=c.author_handle,
        author_name=c.author_name,
        url=c.url,
        posted_at=c.posted_at,
        received_at=received_at,
        text=c.text,
        text_sha256=digest,
        revision=1,
        sla_due_at=due,
    )


def _revision(
    item: InboundItem, c: CleanItem, digest: str, now: datetime, source: str
) -> ItemRevision:
    return ItemRevision(
        item=item,
        number=item.revision,
        text=c.text,
        text_sha256=digest,
        received_at=now,
        payload=c.payload,
        source=source[:200],
    )


# Comments per screening task with a broker: big enough that a task's fixed costs (connection,
# transaction, audit chain lock, a broker round trip) are shared, small enough that workers
# share a batch out between them.
TASK_BATCH = 50


def enqueue_screening(item_ids: Iterable[int]) -> None:
    """Screen these items after the current transaction commits.

    With a broker, tasks for the workers: ``inbox.screen_item`` for a single comment,
    ``inbox.screen_items`` with up to 50 ids otherwise (one task per comment spent most of its
    time on per-task overhead). Without one (eager mode) the batch is screened here in one pass
    (``screen_items``). The results, events and referrals are the same either way, and so is a
    transient database error: the tasks retry through the broker with a backoff, the in-process
    pass through ``retry_transient``.
    """
    ids = list(item_ids)
    if not ids:
        return

    def send() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            retry_transient(screen_items, ids)
            return
        from socialguard.inbox.tasks import screen_item, screen_items_task

        try:
            if len(ids) == 1:
                screen_item.delay(ids[0])
            else:
                for start in range(0, len(ids), TASK_BATCH):
                    screen_items_task.delay(ids[start : start + TASK_BATCH])
        except Exception:
            # The broker is down: the comments are saved (status "new"), and the sweeper
            # (``sweep``, every few minutes) screens whatever is still waiting.
            logger.exception("could not queue screening for %d comments", len(ids))

    transaction.on_commit(send)


def ingest(
    *, council: Council, items: Sequence[Any], source: str, screen: bool = True
) -> list[IngestResult]:
    """Validate ``items`` (dicts as the API and import receive them) and write them atomically.

    Raises ``IngestError`` — with every problem, and having written nothing — when any item is
    invalid, or when there are more than 500. Otherwise writes new items and new revisions in one
    transaction with one audit event, then screens and routes each new or changed item with
    ``inbox.tasks.screen_item`` after commit (eager without a broker, so the results already
    carry the decision). ``screen=False`` leaves screening to the caller (file imports).
    """
    if len(items) > MAX_BATCH:
        raise IngestError(
            [
                {
                    "index": None,
                    "field": "items",
                    "reason": f"Send at most {MAX_BATCH} items at once.",
                }
            ]
        )
    clean, errors = validate_items(council, items)
    if errors:
        raise IngestError(errors)
    summary = _write_with_retry(council, clean, source=source, screen=screen)
    ids = [row[0] for row in summary.rows]
    outcome = {
        row["id"]: row
        for row in InboundItem.objects.filter(pk__in=ids).values(
            "id", "decision", "categories", "status"
        )
    }
    return [
        IngestResult(
            id=item_id,
            platform_item_id=platform_item_id,
            created=created,
            revised=revised,
            decision=outcome[item_id]["decision"],
            categories=list(outcome[item_id]["categories"]),
            status=outcome[item_id]["status"],
        )
        for item_id, platform_item_id, created, revised in summary.rows
    ]


def _write_with_retry(
    council: Council, clean: Sequence[CleanItem], *, source: str, screen: bool
) -> WriteSummary:
    # Two integrations sending the same new comment at once: the second insert breaks the unique
    # constraint, and a retry then finds the first one's row and treats it as a re-send. A
    # deadlock or a locked database rolls the whole write back, so it is tried again too.
    def write() -> WriteSummary:
        for attempt in range(3):
            try:
                with transaction.atomic():
                    summary = write_items(council, clean, source=source)
                    record_ingest(council, summary, source=source, verb=Verb.INBOUND_RECEIVED)
                    return summary
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    summary = retry_transient(write)
    # Queued only once the write has committed (inside a caller's transaction: when that
    # commits), so screening's own errors never make the write run twice.
    if screen:
        enqueue_screening(summary.to_screen)
    return summary


def record_ingest(council: Council, summary: WriteSummary, *, source: str, verb: Verb) -> None:
    """One audit event for a batch (not one per comment: an import may hold 100,000)."""
    changed = summary.to_screen
    record(
        actor=None,
        actor_label=source[:300] or "integration",
        verb=verb,
        council=council,
        payload={
            "source": source,
            "created": summary.created,
            "revised": summary.revised,
            "unchanged": summary.unchanged,
            "items": changed[:1000],
            "more_items": max(0, len(changed) - 1000),
        },
    )


# --- screening and routing -----------------------------------------------------------------------


class _History:
    """Author history ("author_prior_hidden" in routing): how many of an author's comments
    (same council and platform) received no later than this one are hidden or removed.

    For a batch: those outside the batch in one query, plus those the batch itself hides as it
    is routed, in order — the same count routing one comment at a time would see."""

    def __init__(self, council_id: int, items: Sequence[InboundItem], needed: bool) -> None:
        self.times: dict[tuple[str, str], list[datetime]] = {}
        if not needed:
            return
        rows = (
            InboundItem.objects.filter(
                council_id=council_id,
                author_handle__in={i.author_handle for i in items},
                status__in=routing.HIDDEN_OR_REMOVED,
            )
            .exclude(pk__in=[i.pk for i in items])
            .values_list("platform", "author_handle", "received_at")
        )
        for platform, author, received in rows:
            self.times.setdefault((platform, author), []).append(received)

    def prior(self, item: InboundItem) -> int:
        times = self.times.get((item.platform, item.author_handle), [])
        return sum(1 for t in times if t <= item.received_at)

    def add(self, item: InboundItem) -> None:
        if item.status in routing.HIDDEN_OR_REMOVED:
            self.times.setdefault((item.platform, item.author_handle), []).append(item.received_at)


def screen_item(
    item_id: int,
    *,
    result: ScreeningResult | None = None,
    rules: Sequence[routing.RuleSpec] | None = None,
    notify: Notify | bool = True,
) -> None:
    """Screen the item's current revision with its council's active pack, store the findings,
    decision, pack id, version and hash, then route it (see ``route_item``).

    Safe to run twice: a revision already screened is left alone. ``result`` (a screening of
    the current text) and ``rules`` (``routing.rules_for`` its council) may be passed in to save
    work; ``notify=False`` records referrals without emailing them (demo history).
    """
    screen_items(
        [item_id],
        results={item_id: result} if result is not None else None,
        rules=rules,
        notify=notify,
    )


def screen_items(
    item_ids: Sequence[int],
    *,
    results: Mapping[int, ScreeningResult] | None = None,
    rules: Sequence[routing.RuleSpec] | None = None,
    notify: Notify | bool = True,
) -> int:
    """Screen and route many items in one transaction; return how many were screened.

    The same per item as ``screen_item`` (items already screened at their current revision are
    skipped), with one audit event per batch listing each item's outcome, and a few queries
    per batch rather than per item. ``rules`` is used only when every item is of one council.

    The engine runs before the write transaction opens, so the database's write lock (SQLite
    has one for everybody) is held only while results are stored; an item edited in between
    is screened again inside the transaction.
    """
    prepared = dict(results or {})
    unscreened = (
        InboundItem.objects.filter(pk__in=list(item_ids))
        .exclude(screened_revision=F("revision"))
        .exclude(pk__in=list(prepared))
        .values_list("pk", "revision", "text", "council__policy_pack")
    )
    by_pack: dict[str, list[tuple[int, int, str]]] = {}
    for item_id, revision, text, pack in unscreened:
        by_pack.setdefault(pack, []).append((item_id, revision, text))
    read_revision: dict[int, int] = {}
    for pack, rows in by_pack.items():
        found = engine_for(pack).screen_many([text for _, _, text in rows], context="inbound")
        for (item_id, revision, _text), result in zip(rows, found, strict=True):
            prepared[item_id] = result
            read_revision[item_id] = revision
    screened = 0
    with transaction.atomic():
        items = list(
            InboundItem.objects.select_for_update(of=("self",))
            .select_related("council")
            .filter(pk__in=list(item_ids))
            .order_by("pk")
        )
        missing = set(item_ids) - {i.pk for i in items}
        if missing:
            logger.warning("screen_items: comments %s do not exist", sorted(missing))
        by_council: dict[int, list[InboundItem]] = {}
        for item in items:
            if item.screened_revision == item.revision:
                continue
            if read_revision.get(item.pk, item.revision) != item.revision:
                prepared.pop(item.pk, None)  # edited since we screened it: screen it again
            by_council.setdefault(item.council_id, []).append(item)
        for group in by_council.values():
            council_rules = rules if rules is not None and len(by_council) == 1 else None
            _screen_group(group, prepared, council_rules, notify=notify)
            screened += len(group)
    return screened


def _screen_group(
    items: list[InboundItem],
    results: Mapping[int, ScreeningResult],
    rules: Sequence[routing.RuleSpec] | None,
    *,
    notify: Notify | bool,
) -> None:
    council = items[0].council
    engine = engine_for(council.policy_pack)
    fresh = iter(engine.screen_many([i.text for i in items if i.pk not in results]))
    now = timezone.now()
    events: list[ItemEvent] = []
    for item in items:
        result = results.get(item.pk) or next(fresh)
        findings = [f.to_dict() for f in result.findings]
        categories = [c.value for c in result.categories]
        item.decision = result.decision.value
        item.categories = categories
        item.category_bits = category_mask(categories)
        item.findings = findings
        item.policy_pack = result.policy
        item.pack_version = result.policy_version
        item.pack_hash = result.pack_hash
        item.screened_at = now
        item.screened_revision = item.revision
        events.append(
            ItemEvent(
                item=item,
                kind=EventKind.SCREENED,
                created_at=now,
                detail={
                    "revision": item.revision,
                    "decision": item.decision,
                    "decision_reason": result.decision_reason,
                    "categories": categories,
                    "findings": len(findings),
                    "policy_pack": item.policy_pack,
                    "pack_version": item.pack_version,
                    "pack_hash": item.pack_hash,
                },
            )
        )
    ItemEvent.objects.bulk_create(events)
    outcomes = _route_group(items, rules=rules, notify=notify, extra_fields=SCREENING_FIELDS)
    record(
        actor=None,
        actor_label="screening",
        verb=Verb.ITEM_SCREENED,
        target=items[0] if len(items) == 1 else None,
        council=council,
        payload={
            "items": [
                {
                    "id": item.pk,
                    "revision": item.revision,
                    "sha256": item.text_sha256,
                    "decision": item.decision,
                    "categories": item.categories,
                    "status": item.status,
                    "rules": list(outcome.rule_ids),
                    "referrals": list(outcome.teams),
                }
                for item, outcome in zip(items, outcomes, strict=True)
            ],
            "policy_pack": items[0].policy_pack,
            "pack_version": items[0].pack_version,
            "pack_hash": items[0].pack_hash,
        },
    )


SCREENING_FIELDS = (
    "decision",
    "categories",
    "category_bits",
    "findings",
    "policy_pack",
    "pack_version",
    "pack_hash",
    "screened_at",
    "screened_revision",
)
ROUTING_FIELDS = ("status", "urgency", "sla_due_at", "routing_rule")


def _save_fields(items: Sequence[InboundItem], names: Sequence[str]) -> None:
    """Save these fields of these items: one parameterised UPDATE run for every row.

    Django's ``bulk_update`` builds one CASE expression per field and row, which costs more
    than screening itself at 500 items; ``executemany`` of a plain UPDATE does not. Values are
    prepared by each field, so JSON and dates are stored exactly as the ORM would store them.
    """
    if not items:
        return
    fields: list[Field[Any, Any]] = []
    for name in names:
        found = InboundItem._meta.get_field(name)
        assert isinstance(found, Field)  # noqa: S101 - concrete columns only, by construction
        fields.append(found)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(InboundItem._meta.db_table)} SET {assignments} "  # noqa: S608 - names only
        f"WHERE {quote('id')} = %s"
    )
    rows = [
        [f.get_db_prep_save(getattr(item, f.attname), connection) for f in fields] + [item.pk]
        for item in items
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def route_item(
    item: InboundItem,
    *,
    rules: Sequence[routing.RuleSpec] | None = None,
    notify: Notify | bool = True,
) -> routing.Outcome:
    """Route a screened item by its council's rules and save it (in the caller's transaction).

    Sets status, urgency and SLA, links the deciding rule, creates the referrals the outcome
    names (once per team) and records a ROUTED event. A person's decision is respected: a
    removed comment stays removed, one a moderator hid stays hidden and an open escalation stays
    escalated — unless the new outcome is an escalation, which always reaches a person.
    """
    return _route_group([item], rules=rules, notify=notify)[0]


def _kept_status(item: InboundItem, status: ItemStatus) -> str:
    """Why routing must leave the item's status as it is (empty: it need not)."""
    if item.status == ItemStatus.REMOVED:
        return "a moderator removed this comment"
    if status == ItemStatus.ESCALATED:
        return ""
    if item.status == ItemStatus.HIDDEN_BY_MODERATOR:
        return "a moderator hid this comment"
    if item.status == ItemStatus.ESCALATED:
        return "an escalation is closed by a person, never automatically"
    return ""


def _route_group(
    items: list[InboundItem],
    *,
    rules: Sequence[routing.RuleSpec] | None,
    notify: Notify | bool,
    extra_fields: Sequence[str] = (),
) -> list[routing.Outcome]:
    council = items[0].council
    if rules is None:
        rules = routing.rules_for(council.pk)
    conf = inbox_settings_for(council)
    history = _History(council.pk, items, any(r.uses_author_history and r.active for r in rules))
    revised = [i.pk for i in items if i.revision > 1]
    arrived: dict[int, datetime] = {}
    if revised:
        # The clock runs from when the current text arrived: an edit starts it again.
        numbers = {i.pk: i.revision for i in items}
        arrived = {
            item_id: received
            for item_id, number, received in ItemRevision.objects.filter(
                item_id__in=revised
            ).values_list("item_id", "number", "received_at")
            if numbers[item_id] == number
        }
    outcomes: list[routing.Outcome] = []
    events: list[ItemEvent] = []
    wanted: list[tuple[InboundItem, routing.Referral]] = []
    now = timezone.now()
    for item in items:
        facts = routing.Facts.from_findings(
            item.findings,
            decision=item.decision,
            account_id=item.account_id,
            author_prior_hidden=history.prior(item),
        )
        outcome = routing.evaluate(rules, facts)
        kept = _kept_status(item, outcome.status)
        status = ItemStatus(item.status) if kept else outcome.status
        old_urgency = item.urgency
        item.status = status
        item.urgency = routing.urgency_for(status)
        if item.urgency != old_urgency or item.revision > 1:
            base = arrived.get(item.pk, item.received_at)
            item.sla_due_at = due_for(council, base, item.urgency, conf)
        item.routing_rule_id = outcome.rule_ids[0] if outcome.rule_ids else None
        history.add(item)
        detail = outcome.describe()
        if kept:
            detail["kept_status"] = kept
        events.append(
            ItemEvent(
                item=item,
                kind=EventKind.ROUTED,
                created_at=now,
                clause=next((r.clause for r in outcome.rules if r.clause), ""),
                detail=detail,
            )
        )
        wanted.extend((item, referral) for referral in outcome.referrals)
        outcomes.append(outcome)
    _save_fields(items, [*extra_fields, *ROUTING_FIELDS])
    ItemEvent.objects.bulk_create(events)
    if wanted:
        existing = set(
            Referral.objects.filter(item__in=[i.pk for i in items]).values_list("item_id", "team")
        )
        new = [(i, r) for i, r in wanted if (i.pk, r.team.value) not in existing]
        _create_referrals(council, conf, new, actor=None, notify=notify)
    return outcomes


# --- referrals -----------------------------------------------------------------------------------


class Notify(StrEnum):
    """Which new referrals are emailed: all, only urgent (safeguarding), or none (demo
    history). ``True``/``False`` mean all/none."""

    ALL = "all"
    URGENT_ONLY = "urgent"
    NONE = "none"


def _reserve_numbers(council: Council, team: str, year: int, count: int) -> int:
    """Reserve ``count`` consecutive numbers for (council, team, year) under a row lock and
    return the first: two writers never get the same number."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                counter, _ = ReferralCounter.objects.select_for_update().get_or_create(
                    council=council, team=team, year=year
                )
        except IntegrityError:  # created by another writer between our read and insert
            counter = ReferralCounter.objects.select_for_update().get(
                council=council, team=team, year=year
            )
        ReferralCounter.objects.filter(pk=counter.pk).update(value=F("value") + count)
        last = ReferralCounter.objects.values_list("value", flat=True).get(pk=counter.pk)
    return last - count + 1


def reference_for(conf: InboxSettings, team: str, year: int, number: int) -> str:
    """``SH-CC-2026-00017``: council prefix, team, year, number in the year."""
    prefix = conf.reference_prefix or default_prefix(conf.council)
    return f"{prefix}-{TEAM_CODES[Team(team)]}-{year}-{number:05d}"


def _create_referrals(
    council: Council,
    conf: InboxSettings,
    wanted: Sequence[tuple[InboundItem, routing.Referral]],
    *,
    actor: User | None,
    notify: Notify | bool = True,
) -> list[Referral]:
    """Create referrals (in the caller's transaction) with their numbers and REFERRED events;
    email them after commit — safeguarding at once, in this process."""
    if not wanted:
        return []
    year = timezone.localdate().year
    by_team: dict[Team, list[tuple[InboundItem, routing.Referral]]] = {}
    for pair in wanted:
        by_team.setdefault(pair[1].team, []).append(pair)
    made: list[Referral] = []
    now = timezone.now()
    for team, pairs in sorted(by_team.items()):  # one lock order: no deadlocks between workers
        first = _reserve_numbers(council, team, year, len(pairs))
        for offset, (item, spec) in enumerate(pairs):
            made.append(
                Referral(
                    council=council,
                    item=item,
                    team=team,
                    reference=reference_for(conf, team, year, first + offset),
                    urgent=spec.urgent or team == Team.SAFEGUARDING,
                    reason=spec.reason,
                    created_by=actor,
                )
            )
    Referral.objects.bulk_create(made)
    ItemEvent.objects.bulk_create(
        [
            ItemEvent(
                item=r.item,
                actor=actor,
                kind=EventKind.REFERRED,
                created_at=now,
                detail={
                    "reference": r.reference,
                    "team": r.team,
                    "urgent": r.urgent,
                    "reason": r.reason,
                },
            )
            for r in made
        ]
    )
    mode = Notify.ALL if notify is True else Notify.NONE if notify is False else notify
    urgent = [r.pk for r in made if r.urgent]
    routine = [r.pk for r in made if not r.urgent]
    if urgent and mode != Notify.NONE:
        # Safeguarding is told at once, in this process, not behind a queue of other work.
        transaction.on_commit(partial(_notify_now, urgent))
    if routine and mode == Notify.ALL:
        transaction.on_commit(partial(_queue_notifications, routine))
    return made


def _notify_now(referral_ids: list[int]) -> None:
    """Urgent referrals: emailed at once, in this process, whether or not there is a broker."""
    if not _send_in_process(referral_ids) and not settings.CELERY_TASK_ALWAYS_EAGER:
        _queue_notifications(referral_ids)  # a task retries each email


def _queue_notifications(referral_ids: list[int]) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _send_in_process(referral_ids)
        return
    from socialguard.inbox.tasks import notify_referrals

    notify_referrals.delay(referral_ids)


def _send_in_process(referral_ids: list[int]) -> bool:
    """Email the referrals now; False (logged) when the mail server or the database failed.

    The referrals stay saved and unsent; without a broker there is no task to retry with (an
    eager one would fail the same way, at once), so the sweeper sends them later.
    """
    try:
        retry_transient(send_referral_notifications, referral_ids)
    except Exception:
        logger.exception("referrals %s: the email failed and will be retried", referral_ids)
        return False
    return True


def _team_address(conf: InboxSettings, team: str) -> str:
    return {
        Team.CONTACT_CENTRE: conf.contact_centre_email,
        Team.PRESS_OFFICE: conf.press_office_email,
        Team.SAFEGUARDING: conf.safeguarding_email,
    }[Team(team)]


def _item_link(item_id: int) -> str:
    try:
        path = reverse("inbox:item", args=[item_id])
    except NoReverseMatch:
        path = f"/inbox/items/{item_id}/"
    return settings.SITE_URL.rstrip("/") + path


def _message(referral: Referral, address: str) -> EmailMessage:
    item = referral.item
    subject = f"{'URGENT: ' if referral.urgent else ''}{referral.get_team_display()} referral "
    subject += f"{referral.reference} from {item.account}"
    body = "\n".join(
        [
            f"Reference: {referral.reference}",
            f"Team: {referral.get_team_display()}",
            f"Urgent: {'yes, act now' if referral.urgent else 'no'}",
            f"Why: {referral.reason or 'referred by a moderator'}",
            f"Account: {item.account}",
            f"Author: {item.author_name or item.author_handle} (@{item.author_handle})",
            f"Posted: {timezone.localtime(item.posted_at or item.received_at):%d %B %Y %H:%M}",
            "",
            item.text,
            "",
            f"Open it in SocialGuard: {_item_link(item.pk)}",
            "Reply to the person directly, not on social media (St Helens policy 6.17).",
        ]
    )
    headers = {"X-Priority": "1 (Highest)", "Importance": "high"} if referral.urgent else {}
    return EmailMessage(subject, body, to=[address], headers=headers)


def send_referral_notifications(referral_ids: Sequence[int]) -> int:
    """Email each referral to its team's address; return how many were sent. Safe to run twice.

    The email holds the comment's text: the team needs it to act (a missed bin's address, a
    journalist's deadline), and it goes to the council's own team mailbox. Without an address
    in the council's inbox settings nothing is sent and a warning is logged; the referral stands.
    """
    sent = 0
    with transaction.atomic():
        referrals = list(
            Referral.objects.select_for_update(of=("self",))
            .select_related("item", "item__account", "council")
            .filter(pk__in=list(referral_ids), notified_at__isnull=True)
        )
        settings_by_council: dict[int, InboxSettings] = {}
        done: list[Referral] = []
        now = timezone.now()
        for referral in referrals:
            conf = settings_by_council.get(referral.council_id)
            if conf is None:
                conf = settings_by_council[referral.council_id] = inbox_settings_for(
                    referral.council
                )
            address = _team_address(conf, referral.team)
            if not address:
                logger.warning(
                    "referral %s: no %s address in the inbox settings of %s; not emailed",
                    referral.reference,
                    referral.get_team_display(),
                    referral.council,
                )
                continue
            _message(referral, address).send()
            referral.notified_at = now
            done.append(referral)
            sent += 1
        Referral.objects.bulk_update(done, ["notified_at"])
    return sent


def send_referral_notification(referral_id: int) -> bool:
    """Email one referral (see ``send_referral_notifications``); True when it was sent now."""
    return send_referral_notifications([referral_id]) == 1


def can_work_referral(user: User, referral: Referral) -> bool:
    if user.council_id != referral.council_id:
        return False
    return user.can(Capability.MODERATE_INBOX) or user.can(TEAM_CAPABILITY[Team(referral.team)])


@transaction.atomic
def update_referral(
    *, actor: User, referral: Referral, status: ReferralStatus | str, outcome: str = ""
) -> Referral:
    """Move a referral on. Closing needs a written outcome: nothing is closed automatically,
    and a safeguarding referral is closed only by a moderator."""
    referral = (
        Referral.objects.select_for_update(of=("self",)).select_related("item").get(pk=referral.pk)
    )
    if not can_work_referral(actor, referral):
        raise PermissionDenied("You cannot work this team's referrals.")
    status = ReferralStatus(status)
    outcome = outcome.strip()
    if status == ReferralStatus.CLOSED and not outcome:
        raise ValidationError({"outcome": "Say what was done before closing the referral."})
    old = referral.status
    referral.status = status
    if outcome:
        referral.outcome = outcome
    if status == ReferralStatus.CLOSED:
        referral.closed_at, referral.closed_by = timezone.now(), actor
    else:
        referral.closed_at, referral.closed_by = None, None
    referral.save()
    detail = {"reference": referral.reference, "old": old, "new": status.value, "outcome": outcome}
    ItemEvent.objects.create(
        item=referral.item, actor=actor, kind=EventKind.REFERRAL_UPDATED, detail=detail
    )
    record(actor=actor, verb=Verb.REFERRAL_UPDATED, target=referral, payload=detail)
    return referral


# --- moderator actions ---------------------------------------------------------------------------


def _check_moderator(actor: User, item: InboundItem) -> None:
    if not actor.can(Capability.MODERATE_INBOX):
        raise PermissionDenied("Your role does not include moderating comments.")
    if actor.council_id is None or actor.council_id != item.council_id:
        raise PermissionDenied("That comment belongs to another council.")


def _lock(item: InboundItem) -> InboundItem:
    return (
        InboundItem.objects.select_for_update(of=("self",))
        .select_related("council", "account")
        .get(pk=item.pk)
    )


def clause_ids(item: InboundItem) -> dict[str, str]:
    """The clauses a moderator may cite for this item: id → heading, from its council's pack."""
    pack = engine_for(item.council.policy_pack).pack
    return {cid: clause.heading for cid, clause in pack.clauses.items()}


def _check_clause(item: InboundItem, clause: str) -> str:
    clause = clause.strip()
    if not clause:
        raise ValidationError({"clause": "Choose the policy clause this applies."})
    if clause not in clause_ids(item):
        raise ValidationError(
            {"clause": f"{clause} is not a clause of {item.council.name}'s policy."}
        )
    return clause


def _decide(
    actor: User,
    item: InboundItem,
    *,
    status: ItemStatus,
    kind: EventKind,
    verb: Verb,
    clause: str = "",
    detail: dict[str, Any] | None = None,
    urgency: Urgency | None = None,
) -> InboundItem:
    """Set a moderator's status on a locked item, with its event and audit record."""
    now = timezone.now()
    old = item.status
    item.status = status
    item.urgency = urgency if urgency is not None else routing.urgency_for(status)
    item.moderated_at = now
    if item.first_action_at is None:
        item.first_action_at = now
    item.save()
    detail = {"old_status": old, "new_status": status.value, **(detail or {})}
    ItemEvent.objects.create(item=item, actor=actor, kind=kind, clause=clause, detail=detail)
    record(
        actor=actor,
        verb=verb,
        target=item,
        payload={**detail, "clause": clause, "sha256": item.text_sha256},
    )
    return item


@transaction.atomic
def approve_item(*, actor: User, item: InboundItem, note: str = "") -> InboundItem:
    """Publish (or keep published). An escalated comment needs a note saying why it is safe."""
    _check_moderator(actor, item)
    item = _lock(item)
    note = note.strip()
    if item.status == ItemStatus.ESCALATED and not note:
        raise ValidationError({"note": "Say why this escalated comment is safe to approve."})
    return _decide(
        actor,
        item,
        status=ItemStatus.APPROVED,
        kind=EventKind.APPROVED,
        verb=Verb.ITEM_APPROVED,
        detail={"note": note} if note else {},
    )


@transaction.atomic
def hide_item(*, actor: User, item: InboundItem, clause: str, reason: str = "") -> InboundItem:
    """Keep the comment hidden (a decision: it leaves the queue). Cites a clause of the pack.

    Hide and preserve: the text, its revisions and their SHA-256 are kept as they are.
    """
    _check_moderator(actor, item)
    item = _lock(item)
    clause = _check_clause(item, clause)
    return _decide(
        actor,
        item,
        status=ItemStatus.HIDDEN_BY_MODERATOR,
        kind=EventKind.HIDDEN,
        verb=Verb.ITEM_HIDDEN,
        clause=clause,
        detail={"reason": reason.strip()},
    )


@transaction.atomic
def remove_item(*, actor: User, item: InboundItem, clause: str, reason: str) -> InboundItem:
    """Record that the comment is removed from the platform. Cites a clause and gives a reason.

    The evidence stays: SocialGuard keeps the text, revisions and hashes of removed comments.
    """
    _check_moderator(actor, item)
    item = _lock(item)
    clause = _check_clause(item, clause)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for removing the comment."})
    return _decide(
        actor,
        item,
        status=ItemStatus.REMOVED,
        kind=EventKind.REMOVED,
        verb=Verb.ITEM_REMOVED,
        clause=clause,
        detail={"reason": reason.strip()},
    )


@transaction.atomic
def escalate_item(*, actor: User, item: InboundItem, reason: str) -> InboundItem:
    """Make the comment urgent (top of the queue, due within the urgent target)."""
    _check_moderator(actor, item)
    item = _lock(item)
    if not reason.strip():
        raise ValidationError({"reason": "Say why this needs escalating."})
    conf = inbox_settings_for(item.council)
    item.sla_due_at = due_for(item.council, timezone.now(), Urgency.URGENT, conf)
    return _decide(
        actor,
        item,
        status=ItemStatus.ESCALATED,
        kind=EventKind.ESCALATED,
        verb=Verb.ITEM_ESCALATED,
        detail={"reason": reason.strip()},
    )


@transaction.atomic
def refer_item(*, actor: User, item: InboundItem, team: Team | str, note: str = "") -> Referral:
    """Refer to the Contact Centre, the Press Office or the safeguarding lead (urgent, emailed at
    once). One referral per team per comment: a second raises ``ValidationError``."""
    _check_moderator(actor, item)
    item = _lock(item)
    team = Team(team)
    existing = Referral.objects.filter(item=item, team=team).first()
    if existing is not None:
        raise ValidationError(
            {"team": f"Already referred to the {team.label}: {existing.reference}."}
        )
    spec = routing.Referral(
        team, team == Team.SAFEGUARDING, note.strip() or f"referred by {actor.get_full_name()}"
    )
    [referral] = _create_referrals(
        item.council, inbox_settings_for(item.council), [(item, spec)], actor=actor
    )
    if item.first_action_at is None:
        item.first_action_at = timezone.now()
        item.save(update_fields=["first_action_at"])
    record(
        actor=actor,
        verb=Verb.ITEM_REFERRED,
        target=item,
        payload={"reference": referral.reference, "team": team.value, "urgent": referral.urgent},
    )
    return referral


def _normalised(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _personal_keys(finding: Mapping[str, Any]) -> set[str]:
    """Ways to recognise one personal-data finding again: its text squashed to letters and
    digits, and, for a phone number, its national number (so +44 7700 900123 = 07700900123)."""
    keys = {_normalised(str(finding.get("text", "")))}
    evidence = finding.get("evidence") or {}
    if isinstance(evidence, Mapping) and evidence.get("national_number"):
        keys.add(_normalised(str(evidence["national_number"])))
    return {k for k in keys if len(k) >= 4}


def personal_data_repeated(item: InboundItem, reply: str) -> list[str]:
    """The item's personal data that ``reply`` repeats (as the reply writes it; empty if none).

    Two checks: each personal-data span found in the item, looked for in the reply ignoring
    case, spaces and punctuation (so "07700 900 123" matches "07700900123"); and the engine's
    personal-data findings in the reply, matched to the item's by text or phone number.
    """
    item_data = [f for f in item.findings if f.get("category") == "personal_data"]
    squashed_reply = _normalised(reply)
    repeated = [
        str(finding.get("text", ""))
        for finding in item_data
        if any(key in squashed_reply for key in _personal_keys(finding))
    ]
    item_keys = set().union(*(_personal_keys(f) for f in item_data)) if item_data else set()
    squashed_item = _normalised(item.text)
    engine = engine_for(item.council.policy_pack)
    for found in engine.screen(reply, context="inbound").findings:
        if found.category.value != "personal_data":
            continue
        keys = _personal_keys(found.to_dict())
        if (
            keys & item_keys or any(k in squashed_item for k in keys)
        ) and found.text not in repeated:
            repeated.append(found.text)
    return repeated


@transaction.atomic
def reply_to_item(
    *, actor: User, item: InboundItem, text: str, template: ReplyTemplate | None = None
) -> ItemEvent:
    """Record the public reply that was sent. Refuses a reply that repeats the comment's personal
    data (SH §6.17: move the conversation to direct channels without repeating it)."""
    _check_moderator(actor, item)
    item = _lock(item)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the reply."})
    if len(text) > MAX_REPLY_LENGTH:
        raise ValidationError({"text": f"Keep the reply under {MAX_REPLY_LENGTH:,} characters."})
    if template is not None and template.council_id != item.council_id:
        raise PermissionDenied("That reply template belongs to another council.")
    repeated = personal_data_repeated(item, text)
    if repeated:
        raise ValidationError(
            {
                "text": "A public reply must not repeat personal data from the comment "
                f"({', '.join(repeated)}). Ask the person to contact the council directly."
            }
        )
    if item.first_action_at is None:
        item.first_action_at = timezone.now()
        item.save(update_fields=["first_action_at"])
    detail = {"text": text, "template": template.name if template else ""}
    event = ItemEvent.objects.create(item=item, actor=actor, kind=EventKind.REPLIED, detail=detail)
    record(actor=actor, verb=Verb.ITEM_REPLIED, target=item, payload=detail)
    return event


@transaction.atomic
def add_note(*, actor: User, item: InboundItem, text: str) -> ItemEvent:
    """An internal note on the comment's history (never published)."""
    _check_moderator(actor, item)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note."})
    event = ItemEvent.objects.create(
        item=item, actor=actor, kind=EventKind.NOTED, detail={"text": text}
    )
    record(actor=actor, verb=Verb.ITEM_NOTED, target=item, payload={"text": text})
    return event


@transaction.atomic
def assign_item(*, actor: User, item: InboundItem, assignee: User | None) -> InboundItem:
    """Give the comment to a moderator of the same council (None: nobody)."""
    _check_moderator(actor, item)
    if assignee is not None and (
        assignee.council_id != item.council_id or not assignee.can(Capability.MODERATE_INBOX)
    ):
        raise ValidationError({"assignee": "Assign it to a moderator of this council."})
    item = _lock(item)
    old = item.assigned_to
    item.assigned_to = assignee
    item.save(update_fields=["assigned_to"])
    detail = {
        "old": old.email if old else None,
        "new": assignee.email if assignee else None,
    }
    ItemEvent.objects.create(item=item, actor=actor, kind=EventKind.ASSIGNED, detail=detail)
    record(actor=actor, verb=Verb.ITEM_ASSIGNED, target=item, payload=detail)
    return item


BULK_ACTIONS = ("approve", "hide", "remove", "assign", "unassign")


@transaction.atomic
def bulk_action(
    *,
    actor: User,
    items: Iterable[InboundItem | int],
    action: str,
    clause: str = "",
    reason: str = "",
) -> int:
    """Apply one action to many comments in one transaction; return how many changed.

    ``action``: approve, hide (needs ``clause``), remove (needs ``clause`` and ``reason``),
    assign (to the actor) or unassign. Comments already in that state are skipped, and so are
    escalated ones for "approve" (each needs its own note). Any comment of another council makes
    the whole call fail with ``PermissionDenied`` and nothing changes.
    """
    if action not in BULK_ACTIONS:
        raise ValidationError({"action": f"Unknown action {action!r}."})
    if not actor.can(Capability.MODERATE_INBOX):
        raise PermissionDenied("Your role does not include moderating comments.")
    ids = [i.pk if isinstance(i, InboundItem) else int(i) for i in items]
    locked = list(
        InboundItem.objects.select_for_update(of=("self",))
        .select_related("council", "account")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(locked) != len(set(ids)) or any(i.council_id != actor.council_id for i in locked):
        raise PermissionDenied("Some of those comments are not your council's.")
    if action in ("hide", "remove") and locked:
        clause = _check_clause(locked[0], clause)
    if action == "remove" and not reason.strip():
        raise ValidationError({"reason": "Give the reason for removing the comments."})
    changed = 0
    for item in locked:
        if action == "approve":
            if item.status in (ItemStatus.APPROVED, ItemStatus.ESCALATED):
                continue
            _decide(
                actor,
                item,
                status=ItemStatus.APPROVED,
                kind=EventKind.APPROVED,
                verb=Verb.ITEM_APPROVED,
                detail={"bulk": True},
            )
        elif action in ("hide", "remove"):
            target = ItemStatus.HIDDEN_BY_MODERATOR if action == "hide" else ItemStatus.REMOVED
            if item.status == target:
                continue
            _decide(
                actor,
                item,
                status=target,
                kind=EventKind.HIDDEN if action == "hide" else EventKind.REMOVED,
                verb=Verb.ITEM_HIDDEN if action == "hide" else Verb.ITEM_REMOVED,
                clause=clause,
                detail={"reason": reason.strip(), "bulk": True},
            )
        else:
            assignee = actor if action == "assign" else None
            if item.assigned_to_id == (assignee.pk if assignee else None):
                continue
            assign_item(actor=actor, item=item, assignee=assignee)
        changed += 1
    return changed


# --- routing rules -------------------------------------------------------------------------------

RULE_FIELDS = (
    "tier",
    "position",
    "name",
    "description",
    "active",
    "categories",
    "min_confidence",
    "min_severity",
    "author_prior_hidden_at_least",
    "action",
    "referral_team",
    "clause",
)


def _rule_state(rule: RoutingRule) -> dict[str, Any]:
    state = {name: getattr(rule, name) for name in RULE_FIELDS}
    state["accounts"] = sorted(rule.accounts.values_list("pk", flat=True)) if rule.pk else []
    return state


@transaction.atomic
def save_routing_rule(
    *,
    actor: User | None,
    council: Council,
    rule: RoutingRule | None = None,
    accounts: Sequence[OfficialAccount] | None = None,
    **values: Any,
) -> RoutingRule:
    """Create or change one routing rule (``values``: the fields in ``RULE_FIELDS``; ``accounts``
    None leaves a rule's accounts as they are, and gives a new rule none, i.e. every account).

    Checks: a refer rule names its team; categories are real category names; accounts and the
    clause are the council's own. Records the old and new rule in the audit log.
    """
    if actor is not None and (
        actor.council_id != council.pk or not actor.can(Capability.MODERATE_INBOX)
    ):
        raise PermissionDenied("Only the council's moderators can change its routing rules.")
    if rule is not None and rule.council_id != council.pk:
        raise PermissionDenied("That rule belongs to another council.")
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields: {sorted(unknown)}")
    old = _rule_state(rule) if rule is not None else None
    rule = rule or RoutingRule(council=council)
    for name, value in values.items():
        setattr(rule, name, value)
    problems: dict[str, str] = {}
    bad = [c for c in rule.categories if c not in CATEGORY_ORDER]
    if bad:
        problems["categories"] = f"Unknown categories: {', '.join(bad)}."
    if rule.action == RoutingAction.REFER and not rule.referral_team:
        problems["referral_team"] = "Choose the team to refer to."
    if rule.action != RoutingAction.REFER:
        rule.referral_team = ""
    if not 0 <= rule.min_confidence <= 1:
        problems["min_confidence"] = "Give a confidence between 0 and 1."
    if rule.clause:
        pack = engine_for(council.policy_pack).pack
        if rule.clause not in pack.clauses:
            problems["clause"] = f"{rule.clause} is not a clause of the council's policy."
    if accounts is not None and any(a.council_id != council.pk for a in accounts):
        problems["accounts"] = "Choose the council's own accounts."
    if problems:
        raise ValidationError(problems)
    rule.updated_by = actor
    rule.full_clean(exclude=["council", "updated_by"])
    rule.save()
    if accounts is not None:
        rule.accounts.set(accounts)
    record(
        actor=actor,
        verb=Verb.ROUTING_RULE_SAVED,
        target=rule,
        council=council,
        payload={"old": old, "new": _rule_state(rule)},
    )
    return rule


def install_default_rules(
    *, actor: User | None, council: Council, replace: bool = False
) -> list[RoutingRule]:
    """Give the council the default rules (``routing.default_rules``) unless it has rules
    already; ``replace=True`` deactivates the existing ones first (never deletes them)."""
    with transaction.atomic():
        existing = RoutingRule.objects.filter(council=council)
        if existing.filter(active=True).exists() and not replace:
            return []
        for old_rule in existing.filter(active=True):
            save_routing_rule(actor=actor, council=council, rule=old_rule, active=False)
        pack = engine_for(council.policy_pack).pack
        return [
            save_routing_rule(actor=actor, council=council, **spec)
            for spec in routing.default_rules(pack)
        ]


# --- the sweeper ---------------------------------------------------------------------------------

SWEEP_GRACE = timedelta(minutes=2)


@dataclass(frozen=True)
class SweepReport:
    screened: int
    notified: int


def sweep(*, batch: int = 500) -> SweepReport:
    """Finish work a broker or mail outage left undone; safe to run any time, and twice.

    Screens comments whose current revision is still unscreened a couple of minutes after it
    arrived, and emails referrals not yet sent whose team has an address. Run by Celery beat.
    """
    cutoff = timezone.now() - SWEEP_GRACE
    waiting = list(
        InboundItem.objects.filter(received_at__lt=cutoff)
        .exclude(screened_revision=F("revision"))
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    screened = screen_items(waiting) if waiting else 0
    unsent = list(
        Referral.objects.filter(notified_at__isnull=True, created_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    notified = send_referral_notifications(unsent) if unsent else 0
    return SweepReport(screened=screened, notified=notified)
