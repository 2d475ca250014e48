"""The people demo: every state the pages and the sweep handle, and re-running changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.audit.models import AuditEvent
from socialguard.audit.services import verify_chains
from socialguard.councils.models import Council
from socialguard.people.models import (
    AgreementSignature,
    AgreementVersion,
    Course,
    PoliticallyRestrictedPost,
    TrainingRecord,
    TrainingSession,
)
from socialguard.people.selectors import access_readiness
from socialguard.policies.models import PolicyAcknowledgement, PolicyVersion

pytestmark = pytest.mark.django_db

MODELS = (
    AgreementVersion,
    AgreementSignature,
    Course,
    TrainingSession,
    TrainingRecord,
    PoliticallyRestrictedPost,
    PolicyVersion,
    PolicyAcknowledgement,
    AuditEvent,
)


@pytest.fixture
def demo(settings, tmp_path) -> None:
    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    call_command("demo")


def test_st_helens_has_every_agreement_and_training_state(demo) -> None:
    council = Council.objects.get(slug="st-helens")
    (version,) = AgreementVersion.objects.filter(council=council)
    signatures = AgreementSignature.objects.filter(version=version)
    assert signatures.filter(countersigned_by__isnull=False).exists()
    assert signatures.filter(countersigned_by__isnull=True).exists()
    today = timezone.localdate()
    records = TrainingRecord.objects.filter(council=council)
    assert records.filter(expires_on__lt=today).exists()  # expired
    assert records.filter(expires_on__gte=today, expires_on__lte=today + timedelta(30)).exists()
    sessions = TrainingSession.objects.filter(council=council)
    assert sessions.filter(starts_at__lt=timezone.now()).exists()
    assert sessions.filter(starts_at__gt=timezone.now()).exists()
    policy = PolicyVersion.objects.get(council=council, is_current=True)
    assert (
        0
        < PolicyAcknowledgement.objects.filter(policy_version=policy).count()
        < len(User.objects.filter(council=council))
    )
    assert PoliticallyRestrictedPost.objects.filter(council=council).count() == 1
    assert not User.objects.filter(council=council, department="").exists()
    # Most account people are ready; the demo's one un-countersigned signer is not.
    emma = User.objects.get(email="emma.platt@sthelens.gov.uk")
    assert not access_readiness(emma).ok
    assert access_readiness(User.objects.get(email="maya.dunn@sthelens.gov.uk")).ok


def test_east_lothian_has_training_but_no_agreement(demo) -> None:
    council = Council.objects.get(slug="east-lothian")
    assert not AgreementVersion.objects.filter(council=council).exists()
    course = Course.objects.get(council=council)
    assert course.name == "Social media awareness session"
    assert course.awareness_session
    assert PolicyVersion.objects.get(council=council, is_current=True).version == "2011.10"
    assert access_readiness(User.objects.get(email="angus.reid@eastlothian.gov.uk")).ok


def test_running_the_demo_again_changes_nothing(demo) -> None:
    before = {model.__name__: model.objects.count() for model in MODELS}
    call_command("demo")
    after = {model.__name__: model.objects.count() for model in MODELS}
    # The demo command itself records one "loaded demo data" event per council each run.
    before["AuditEvent"] += Council.objects.count()
    assert after == before
    assert verify_chains().ok
