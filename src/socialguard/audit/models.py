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
