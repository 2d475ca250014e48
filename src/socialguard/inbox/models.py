"""The moderation inbox: third-party comments on official accounts, screened, routed and worked.

St Helens §6.13–6.18, §9.6–9.7; East Lothian §5.2–5.8. Nothing a moderator does deletes
evidence: every text an item ever had is kept as a revision with its SHA-256, and hiding or
removing changes only the item's status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from socialguard.councils.models import Council
from socialguard.register.models import OfficialAccount


class ItemStatus(models.TextChoices):
    NEW = "new", "Waiting to be screened"
    PUBLISHED = "published", "Published (nothing found)"
    QUEUED = "queued", "In the queue"
    HIDDEN = "hidden", "Hidden pending review"
    ESCALATED = "escalated", "Escalated: urgent"
    APPROVED = "approved", "Approved"
    # A moderator's decision to keep a comment hidden (defamation: hide and preserve). It leaves
    # the queue, unlike HIDDEN, which the routing rules set and a person still has to review.
    HIDDEN_BY_MODERATOR = "hidden_by_moderator", "Hidden by a moderator"
    REMOVED = "removed", "Removed"


# Statuses that still need a moderator.
OPEN_STATUSES = (ItemStatus.QUEUED, ItemStatus.HIDDEN, ItemStatus.ESCALATED)
# Statuses a moderator sets as a decision (they take the item out of the queue).
DECIDED_STATUSES = (ItemStatus.APPROVED, ItemStatus.HIDDEN_BY_MODERATOR, ItemStatus.REMOVED)


class Urgency(models.IntegerChoices):
    ROUTINE = 0, "Routine"
    PRIORITY = 1, "Priority"
    URGENT = 2, "Urgent"  # safeguarding: always a human, at once


# The fourteen screening categories in a FIXED order: position n is bit n of
# ``InboundItem.category_bits``. Append new categories at the end; never reorder.
CATEGORY_ORDER: tuple[str, ...] = (
    "personal_data",
    "council_email_exposed",
    "confidential_information",
    "offensive_language",
    "discrimination",
    "harassment",
    "sexual_content",
    "defamation_risk",
    "political_activity",
    "council_representation",
    "safeguarding_concern",
    "service_request",
    "complaint",
    "press_enquiry",
)


def category_bit(category: str) -> int:
    """The bit for one category in ``category_bits``; ``KeyError``-free: unknown names give 0."""
    try:
        return 1 << CATEGORY_ORDER.index(category)
    except ValueError:
        return 0


def category_mask(categories: list[str] | tuple[str, ...]) -> int:
    mask = 0
    for category in categories:
        mask |= category_bit(category)
    return mask


class InboundItem(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(OfficialAccount, on_delete=models.PROTECT, related_name="items")
    # Copied from the account so author history (per platform) needs no join.
    platform = models.CharField(max_length=20)
    platform_item_id = models.CharField(max_length=200)
    parent_platform_item_id = models.CharField(max_length=200, blank=True)
    author_handle = models.CharField(max_length=200)
    author_name = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    # The current revision's text; every earlier text is in ItemRevision.
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    revision = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.NEW)
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, default=Urgency.ROUTINE)
    # What the engine said about the current revision, and under which pack.
    decision = models.CharField(max_length=30, blank=True)
    categories = models.JSONField(default=list)
    # The same categories as bits (see CATEGORY_ORDER): filterable on SQLite and PostgreSQL alike,
    # where a JSON "contains" lookup is not.
    category_bits = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list)
    policy_pack = models.CharField(max_length=100, blank=True)
    pack_version = models.CharField(max_length=50, blank=True)
    pack_hash = models.CharField(max_length=80, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    # Which revision the stored screening is for: a re-run of the same revision does nothing.
    screened_revision = models.PositiveIntegerField(null=True, blank=True)
    routing_rule = models.ForeignKey(
        "RoutingRule", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Always set (from the council's response targets) when the item is received or routed, so
    # the queue's keyset (urgency, sla_due_at, id) never meets a NULL.
    sla_due_at = models.DateTimeField()
    first_action_at = models.DateTimeField(null=True, blank=True)
    # When a moderator last set the status: routing never overrides a person's hide or removal.
    moderated_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "platform_item_id"], name="one_item_per_platform_id"
            )
        ]
        indexes = [
            # The queue: open items, most urgent first, then the nearest deadline (keyset order).
            models.Index(
                fields=["council", "status", "-urgency", "sla_due_at", "id"], name="inbox_queue"
            ),
            # The queue over every status ("any"), in keyset order.
            models.Index(
                fields=["council", "-urgency", "sla_due_at", "id"], name="inbox_all_queue"
            ),
            # The default queue view (every open status) in keyset order, without a sort. On
            # PostgreSQL migration 0002 rebuilds it carrying the filter columns too (INCLUDE),
            # so a filtered queue is counted from the index alone; SQLite has no INCLUDE.
            models.Index(
                fields=["council", "-urgency", "sla_due_at", "id"],
                name="inbox_open_queue",
                condition=Q(status__in=["queued", "hidden", "escalated"]),
            ),
            models.Index(fields=["council", "author_handle", "received_at"], name="inbox_author"),
            models.Index(fields=["council", "received_at"], name="inbox_received"),
            models.Index(fields=["account", "parent_platform_item_id"], name="inbox_thread"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_handle} on {self.account}"


class ItemRevision(models.Model):
    """Every text an item has had, with its hash: the evidence a moderator can never delete."""

    item = models.ForeignKey(InboundItem, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField()
    payload = models.JSONField(default=dict, help_text="The item as the integration sent it")
    source = models.CharField(max_length=200, blank=True, help_text="API token, import file, demo")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="one_item_revision_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.item} revision {self.number}"


class EventKind(models.TextChoices):
    RECEIVED = "received", "Received"
    REVISED = "revised", "Edited by its author"
    SCREENED = "screened", "Screened"
    ROUTED = "routed", "Routed"
    APPROVED = "approved", "Approved"
    HIDDEN = "hidden", "Hidden"
    REMOVED = "removed", "Removed"
    ESCALATED = "escalated", "Escalated"
    REFERRED = "referred", "Referred"
    REPLIED = "replied", "Replied"
    NOTED = "noted", "Note added"
    ASSIGNED = "assigned", "Assigned"
    REFERRAL_UPDATED = "referral_updated", "Referral updated"


class ItemEvent(models.Model):
    """The item's own history, shown on its page (the audit log holds the same, chained)."""

    item = models.ForeignKey(InboundItem, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    clause = models.CharField(max_length=40, blank=True)
    detail = models.JSONField(default=dict)
    # A default rather than auto_now_add, so demo data can describe past actions.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["kind", "created_at"], name="inbox_event_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.item_id}"


class RoutingAction(models.TextChoices):
    # Listed mildest first: when several rules of one tier match, the strongest status wins.
    PUBLISH = "publish", "Publish (no action)"
    QUEUE = "queue", "Put in the queue"
    HIDE = "hide", "Hide pending review"
    ESCALATE = "escalate", "Escalate as urgent"
    REFER = "refer", "Create a referral"


class Team(models.TextChoices):
    CONTACT_CENTRE = "contact_centre", "Contact Centre"
    PRESS_OFFICE = "press_office", "Press Office"
    SAFEGUARDING = "safeguarding", "Safeguarding lead"


class RoutingRule(models.Model):
    """A council's routing rule: data, tried tier by tier (see inbox/README.md)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="routing_rules")
    tier = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    categories = models.JSONField(
        default=list, blank=True, help_text="Matches when any is found; empty = any"
    )
    min_confidence = models.FloatField(default=0.0)
    min_severity = models.CharField(
        max_length=10,
        choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
        blank=True,
        help_text="Blank: any severity",
    )
    accounts = models.ManyToManyField(OfficialAccount, blank=True, related_name="+")
    author_prior_hidden_at_least = models.PositiveSmallIntegerField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=RoutingAction.choices)
    referral_team = models.CharField(max_length=20, choices=Team.choices, blank=True)
    clause = models.CharField(max_length=40, blank=True, help_text="The policy clause it applies")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "tier", "position", "id"]

    def __str__(self) -> str:
        return f"Tier {self.tier}: {self.name}"


class ReferralStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


class Referral(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(InboundItem, on_delete=models.PROTECT, related_name="referrals")
    team = models.CharField(max_length=20, choices=Team.choices)
    reference = models.CharField(max_length=40, unique=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    urgent = models.BooleanField(default=False)
    # Why it was referred: the categories found, or the moderator's note.
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(blank=True, help_text="What the team did (required to close)")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["council", "team", "status"], name="inbox_referrals")]
        constraints = [
            models.UniqueConstraint(fields=["item", "team"], name="one_referral_per_team")
        ]

    def __str__(self) -> str:
        return self.reference


class ReferralCounter(models.Model):
    """The last referral sequence number per council, team and year (incremented under a lock)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    team = models.CharField(max_length=20, choices=Team.choices)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "team", "year"], name="one_referral_counter_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.year}: {self.value}"


class ReplyTemplate(models.Model):
    """A public reply that moves the conversation to direct channels (St Helens §6.17)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="reply_templates")
    name = models.CharField(max_length=200)
    body = models.TextField()
    categories = models.JSONField(default=list)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """An integration's key: shown once, stored as a SHA-256 digest, scoped to one council."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=200)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class InboxSettings(models.Model):
    """Per-council inbox settings: response targets and where referrals go."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="inbox_settings")
    response_target_hours = models.PositiveSmallIntegerField(
        default=8, help_text="Working hours to a first moderator action"
    )
    urgent_target_hours = models.PositiveSmallIntegerField(default=1)
    working_day_start = models.PositiveSmallIntegerField(default=9)
    working_day_end = models.PositiveSmallIntegerField(default=17)
    # Blank until the council sets them: referrals are still made, and say they were not sent.
    contact_centre_email = models.EmailField(blank=True)
    press_office_email = models.EmailField(blank=True)
    safeguarding_email = models.EmailField(blank=True)
    reference_prefix = models.CharField(
        max_length=6,
        blank=True,
        help_text="Starts referral references, e.g. SH in SH-CC-2026-00017",
    )

    def __str__(self) -> str:
        return f"Inbox settings for {self.council}"
