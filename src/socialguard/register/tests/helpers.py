"""Test helpers: make a person ready to run an official account, and a submitted case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.councils.governance import governance_for
from socialguard.people.models import AgreementSignature, AgreementVersion, Course, TrainingRecord
from socialguard.register.models import BusinessCase, Platform
from socialguard.register.services import create_business_case

CASE = {
    "title": "Libraries on Instagram",
    "service": "Libraries",
    "platform": Platform.INSTAGRAM,
    "proposed_handle": "sthelenslibraries",
    "audience_and_message": "Families: events and new books.",
    "aims_and_platform_choice": "Our audience is on Instagram.",
    "supporting_channels": "Website and posters.",
    "update_frequency": "Three times a week",
    "cover_arrangements": "Two colleagues cover leave.",
    "record_keeping": "Monthly archive.",
    "leaver_handover": "Hand over to my successor.",
    "review_commitment": "Six-monthly figures to my manager and comms.",
}


def train(user: User, course_name: str | None = None, *, expires_in_days: int = 300) -> None:
    council = user.council
    assert council is not None
    name = course_name or governance_for(council).access.training_course
    assert name is not None
    course, _ = Course.objects.get_or_create(
        council=council, name=name, defaults={"validity_months": 12}
    )
    today = timezone.localdate()
    TrainingRecord.objects.create(
        council=council,
        user=user,
        course=course,
        completed_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=expires_in_days),
        recorded_by=user,
    )


def sign(user: User, *, countersigned_by: User | None) -> None:
    council = user.council
    assert council is not None
    version = AgreementVersion.objects.filter(council=council).order_by("-number").first()
    if version is None:
        version = AgreementVersion.objects.create(
            council=council,
            number=1,
            title="Social media user agreement",
            body="I will follow the social media policy.",
            published_at=timezone.now(),
            published_by=user,
        )
    AgreementSignature.objects.create(
        council=council,
        user=user,
        version=version,
        signed_at=timezone.now(),
        countersigned_by=countersigned_by,
        countersigned_at=timezone.now() if countersigned_by else None,
    )


def make_ready(user: User, manager: User) -> User:
    """Everything the user's council requires before they may run an account."""
    rules = governance_for(user.council).access  # type: ignore[arg-type]
    if rules.agreement_required:
        sign(user, countersigned_by=manager)
    if rules.training_course:
        train(user)
    return user


def new_case(proposer: User, **changes: Any) -> BusinessCase:
    content: dict[str, Any] = {**CASE, **changes}
    return create_business_case(actor=proposer, **content)
