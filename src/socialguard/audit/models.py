"""Append-only, hash-chained audit events. See README.md in this folder for the chain."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from socialguard.councils.models import Council


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are append-only: they cannot be updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted.")


class Verb(models.TextChoices):
    """Every kind of audited action. Later modules add theirs here, in one enum."""

    LOGGED_IN = "logged_in", "logged in"
    LOGGED_OUT = "logged_out", "logged out"
    LOGIN_FAILED = "login_failed", "failed to log in"
    LOCKED_OUT = "locked_out", "was locked out"
    VIEWED = "viewed", "viewed"
    CREATED = "created", "created"
    UPDATED = "updated", "updated"
    ROLE_GRANTED = "role_granted", "granted a role"
    ROLE_REVOKED = "role_revoked", "revoked a role"
    COUNCIL_CREATED = "council_created", "created a council"
    DEMO_LOADED = "demo_loaded", "loaded demo data"
    # register
    CASE_CREATED = "case_created", "started a business case"
    CASE_EDITED = "case_edited", "edited a business case"
    CASE_SUBMITTED = "case_submitted", "submitted a business case"
    CASE_DECIDED = "case_decided", "decided a business case step"
    CASE_WITHDRAWN = "case_withdrawn", "withdrew a business case"
    ACCOUNT_CREATED = "account_created", "recorded an official account as created"
    ACCOUNT_STATUS_CHANGED = "account_status_changed", "changed an account's status"
    ACCOUNT_REVIEWED = "account_reviewed", "reviewed an official account"
    MEMBER_ADDED = "member_added", "added an account administrator or author"
    MEMBER_REMOVED = "member_removed", "removed an account administrator or author"
    MEMBER_SUSPENDED = "member_suspended", "suspended someone's account access"
    # people, policies
    AGREEMENT_PUBLISHED = "agreement_published", "published a user agreement version"
    AGREEMENT_SIGNED = "agreement_signed", "signed the user agreement"
    AGREEMENT_COUNTERSIGNED = "agreement_countersigned", "countersigned a user agreement"
    COURSE_SAVED = "course_saved", "saved a training course"
    SESSION_SCHEDULED = "session_scheduled", "scheduled a training session"
    TRAINING_RECORDED = "training_recorded", "recorded training"
    RESTRICTED_POST_ADDED = "restricted_post_added", "added a politically restricted post"
    RESTRICTED_POST_REMOVED = "restricted_post_removed", "ended a politically restricted post"
    LEAVER_RECORDED = "leaver_recorded", "recorded a leaver"
    REMINDER_SENT = "reminder_sent", "sent a reminder"
    POLICY_ACTIVATED = "policy_activated", "activated a policy version"
    POLICY_ACKNOWLEDGED = "policy_acknowledged", "acknowledged the policy"
    POLICY_REVIEWED = "policy_reviewed", "completed a policy review"

    # inbox
    INBOUND_RECEIVED = "inbound_received", "received comments from an integration"
    INBOUND_IMPORTED = "inbound_imported", "imported comments from a file"
    ITEM_SCREENED = "item_screened", "screened and routed a comment"
    ITEM_APPROVED = "item_approved", "approved a comment"
    ITEM_HIDDEN = "item_hidden", "hid a comment"
    ITEM_REMOVED = "item_removed", "removed a comment"
    ITEM_ESCALATED = "item_escalated", "escalated a comment"
    ITEM_REFERRED = "item_referred", "referred a comment"
    ITEM_REPLIED = "item_replied", "replied to a comment"
    ITEM_NOTED = "item_noted", "added a note to a comment"
    ITEM_ASSIGNED = "item_assigned", "assigned a comment"
    REFERRAL_UPDATED = "referral_updated", "updated a referral"
    ROUTING_RULE_SAVED = "routing_rule_saved", "saved a routing rule"
    TOKEN_CREATED = "token_created", "created an API token"
    TOKEN_REVOKED = "token_revoked", "revoked an API token"


class AuditChain(models.Model):
    """The head of one hash chain: one per council, plus ``global`` for events of no council.

    Extending a chain locks this row, so two writers can never give two events the same place.
    """

    key = models.CharField(max_length=40, unique=True)
    length = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.key} ({self.length} events)"


class AuditEvent(models.Model):
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # people are deactivated, never deleted, once they have acted
        related_name="+",
    )
    actor_label = models.CharField(max_length=300)
    verb = models.CharField(max_length=60, choices=Verb.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="one_event_per_place")]
        indexes = [
            models.Index(fields=["council", "-occurred_at"]),
            models.Index(fields=["council", "verb"]),
            models.Index(fields=["council", "target_type", "target_id"]),
            models.Index(fields=["council", "actor"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.actor_label} {self.get_verb_display()} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted.")
