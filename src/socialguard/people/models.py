"""What a member of staff needs before they may run an official account, and the register of
politically restricted posts.

- User agreements (St Helens §6.3, §9.12): a council publishes numbered versions of its social
  media user agreement; staff sign a specific version; their line manager countersigns. Only a
  signature of the latest version counts, so publishing a new version means signing again.
- Training (St Helens §9.14; East Lothian §5.1): courses with a validity period, sessions, and one
  record per completion with its expiry date.
- Politically restricted posts (St Helens §5.7): holders may not write publicly to affect support
  for a political party, so their personal posts are screened more strictly.
- Reminders: one row per reminder sent, unique by what it was about, so a second run of the
  reminder sweep sends nothing new.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from socialguard.councils.models import Council


class AgreementVersion(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="agreement_versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["council", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="one_agreement_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="agreement_number_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class AgreementSignature(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreement_signatures"
    )
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField()
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    countersigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="one_signature_per_version"),
            # The database refuses a self-countersignature even if a service forgot to.
            models.CheckConstraint(
                condition=~models.Q(countersigned_by=models.F("user")),
                name="no_self_countersignature",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(countersigned_by__isnull=True, countersigned_at__isnull=True)
                    | models.Q(countersigned_by__isnull=False, countersigned_at__isnull=False)
                ),
                name="countersignature_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["council", "version"])]

    def __str__(self) -> str:
        return f"{self.user} signed {self.version}"

    @property
    def is_countersigned(self) -> bool:
        return self.countersigned_by_id is not None


class Course(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="courses")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    validity_months = models.PositiveSmallIntegerField(
        help_text="How long a completion counts for, in months."
    )
    awareness_session = models.BooleanField(
        default=False, help_text="An awareness session staff attend before access (EL §5.1)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            # Access rules name the course (governance.yaml), so names must be unambiguous.
            models.UniqueConstraint(Lower("name"), "council", name="one_course_name_per_council"),
            models.CheckConstraint(
                condition=models.Q(validity_months__gte=1, validity_months__lte=120),
                name="course_validity_1_to_120_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["course", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="session_capacity_gte_1"
            ),
        ]
        indexes = [models.Index(fields=["council", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%d %b %Y %H:%M}, {self.location}"


class TrainingRecord(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    session = models.ForeignKey(
        TrainingSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    completed_on = models.DateField()
    expires_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "completed_on"], name="one_completion_per_day"
            ),
            models.UniqueConstraint(
                fields=["user", "session"],
                condition=models.Q(session__isnull=False),
                name="one_attendance_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("completed_on")),
                name="training_expires_after_completion",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "course", "-expires_on"]),
            models.Index(fields=["council", "expires_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.course} ({self.completed_on:%d %b %Y})"


class PoliticallyRestrictedPost(models.Model):
    """An entry on the register of politically restricted posts (St Helens §5.7).

    Entries are ended (``removed_at``), never deleted, so the register keeps its history.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="restricted_posts"
    )
    post_title = models.CharField(max_length=200)
    reason = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["council", "-added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(removed_at__isnull=True),
                name="one_open_restriction_per_person",
            ),
        ]
        indexes = [models.Index(fields=["council", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.post_title}"


class ReminderKind(models.TextChoices):
    AGREEMENT_UNSIGNED = "agreement_unsigned", "User agreement not signed"
    COUNTERSIGNATURE_PENDING = (
        "countersignature_pending",
        "User agreement awaiting countersignature",
    )
    TRAINING_EXPIRING = "training_expiring", "Training expires within 30 days"
    TRAINING_EXPIRED = "training_expired", "Training has expired"
    POLICY_UNACKNOWLEDGED = "policy_unacknowledged", "Policy not acknowledged"
    POLICY_REVIEW_DUE = "policy_review_due", "Annual policy review due within 30 days"
    POLICY_REVIEW_OVERDUE = "policy_review_overdue", "Annual policy review overdue"
    ACCOUNT_REVIEW_DUE = "account_review_due", "Account review due within 14 days"
    ACCOUNT_REVIEW_OVERDUE = "account_review_overdue", "Account review overdue"


class Reminder(models.Model):
    """One reminder sent. (kind, target, due) is unique: the same reminder is never sent twice.

    ``target_key`` names what the reminder is about (``user:12``, ``account:7``); ``due_key`` names
    the occasion (an agreement version, an expiry or review date), so a new occasion — a new
    version, a renewed course that expires again — gets a new reminder.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, choices=ReminderKind.choices)
    target_key = models.CharField(max_length=100)
    due_key = models.CharField(max_length=100)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_key", "due_key"], name="one_reminder_per_occasion"
            )
        ]
        indexes = [models.Index(fields=["council", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_key} ({self.due_key})"
