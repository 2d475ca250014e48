"""A council's policy versions, staff acknowledgements of them, and the annual reviews.

A ``PolicyVersion`` is a snapshot of a policy pack (``policy_packs/<pack_id>/``) taken when the
policy owner activates it: its printed version, title, the pack's content hash, the document's own
version-control table and the date its next review is due. Exactly one version per council is
current; staff acknowledge that one (St Helens §9.13), and the policy owner records each review
(St Helens §10.2: "at least an annual review").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from socialguard.councils.models import Council


class PolicyVersion(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="policy_versions")
    pack_id = models.CharField(max_length=100)
    version = models.CharField(max_length=40, help_text="As printed on the policy document.")
    title = models.CharField(max_length=300)
    pack_hash = models.CharField(max_length=80, help_text="sha256:… over the pack's files.")
    approved_by = models.CharField(max_length=300, blank=True)
    effective_from = models.DateField(help_text="The date printed on the document.")
    review_period_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when the policy sets no fixed review period."
    )
    review_due = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=False)
    # The document's own version-control table, as rows of {date, version, comment}.
    history = models.JSONField(default=list, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activated_at = models.DateTimeField()

    class Meta:
        ordering = ["council", "-activated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "pack_id", "version"], name="one_policy_version_per_pack"
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=models.Q(is_current=True),
                name="one_current_policy_per_council",
            ),
        ]
        indexes = [models.Index(fields=["council", "is_current"])]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class PolicyAcknowledgement(models.Model):
    """A member of staff confirmed they have read one version of the policy."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policy_acknowledgements"
    )
    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "policy_version"], name="one_acknowledgement_per_version"
            )
        ]
        indexes = [models.Index(fields=["council", "policy_version"])]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.policy_version}"


class PolicyReview(models.Model):
    """One completed review of the current policy, and when the next is due."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="reviews"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField()
    notes = models.TextField()
    previous_due = models.DateField(null=True, blank=True)
    next_due = models.DateField()

    class Meta:
        ordering = ["-completed_at", "-id"]
        indexes = [models.Index(fields=["council", "-completed_at"])]

    def __str__(self) -> str:
        return f"Review of {self.policy_version} on {self.completed_at:%d %b %Y}"
