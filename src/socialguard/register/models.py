"""Business cases, official accounts and the people who run them (SH §6; EL §5–6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from socialguard.councils.models import Council


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    BLUESKY = "bluesky", "Bluesky"
    THREADS = "threads", "Threads"
    NEXTDOOR = "nextdoor", "Nextdoor"
    FLICKR = "flickr", "Flickr"
    BLOG = "blog", "Blog or website"


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting approval"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class BusinessCase(models.Model):
    """A proposal for an official account, with East Lothian §6.2's content.

    Every edit makes a new revision; an approval approves one revision, so editing an approved
    case sends it back for approval (the Wagtail workflow idea).
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="business_cases")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="business_cases"
    )
    title = models.CharField(max_length=200)
    service = models.CharField("owning service", max_length=200)
    platform = models.CharField(max_length=20, choices=Platform.choices)
    proposed_handle = models.CharField(max_length=100)
    audience_and_message = models.TextField()
    aims_and_platform_choice = models.TextField()
    supporting_channels = models.TextField()
    update_frequency = models.CharField(max_length=200)
    cover_arrangements = models.TextField()
    record_keeping = models.TextField(blank=True)
    leaver_handover = models.TextField()
    review_commitment = models.TextField()
    proposed_administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    # While submitted: the index of the approval step that must decide next.
    current_step = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self) -> str:
        return f"Business case {self.pk}: {self.title}"


# The fields a business case revision records, in the order forms and pages show them.
CASE_CONTENT_FIELDS = (
    "title",
    "service",
    "platform",
    "proposed_handle",
    "audience_and_message",
    "aims_and_platform_choice",
    "supporting_channels",
    "update_frequency",
    "cover_arrangements",
    "record_keeping",
    "leaver_handover",
    "review_commitment",
)


class BusinessCaseRevision(models.Model):
    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_revision_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.case} revision {self.number}"


class Outcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Rejected"


class CaseDecision(models.Model):
    """One approval step's decision on one revision of a case."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="decisions")
    revision = models.PositiveIntegerField()
    step_id = models.CharField(max_length=60)
    step_name = models.CharField(max_length=200)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.step_name}: {self.get_outcome_display()}"


class AccountStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    CLOSED = "closed", "Closed"


class OfficialAccount(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="accounts")
    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField(max_length=100, help_text="Stored without @ and in lower case")
    display_handle = models.CharField(max_length=100)
    url = models.URLField()
    service = models.CharField("owning service", max_length=200)
    purpose = models.TextField()
    business_case = models.ForeignKey(
        BusinessCase, on_delete=models.PROTECT, related_name="accounts", null=True, blank=True
    )
    status = models.CharField(
        max_length=20, choices=AccountStatus.choices, default=AccountStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"],
                condition=~Q(status="closed"),
                name="one_open_account_per_handle",
            )
        ]
        indexes = [
            models.Index(fields=["council", "status"]),
            models.Index(fields=["handle"]),
            models.Index(fields=["council", "next_review_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.display_handle}"


class MemberRole(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    AUTHOR = "author", "Author"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    REMOVED = "removed", "Removed"


class AccountMembership(models.Model):
    """A named person who administers or writes for an account (SH §6.3; EL §6.2)."""

    account = models.ForeignKey(OfficialAccount, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_memberships"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    status_reason = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="one_membership_per_person")
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.account}"


class AccountReview(models.Model):
    """A periodic review (East Lothian §6.2: bi-annual; St Helens §6.13: regular)."""

    account = models.ForeignKey(OfficialAccount, on_delete=models.CASCADE, related_name="reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField()
    still_needed = models.BooleanField()
    administrators_current = models.BooleanField()
    activity = models.TextField(help_text="How the account has been used since the last review")
    incidents = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    next_review_due = models.DateField()

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.account} on {self.reviewed_on}"
