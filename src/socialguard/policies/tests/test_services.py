"""Policy versions from packs, acknowledgements of the current version, and the annual review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.councils.models import Council
from socialguard.policies import services
from socialguard.policies.dates import add_months
from socialguard.policies.models import PolicyAcknowledgement, PolicyVersion
from socialguard.policies.selectors import (
    acknowledgement_rate,
    current_policy_version,
    review_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sh(personas):
    return personas.st_helens


def _activate(people, pack_id: str | None = None) -> PolicyVersion:
    return services.activate_policy_version(
        actor=people[Role.POLICY_OWNER],
        council=people.council,
        pack_id=pack_id or people.council.policy_pack,
    )


def test_activating_records_the_packs_version_history_and_review_date(sh) -> None:
    version = _activate(sh)
    assert (version.pack_id, version.version, version.title) == (
        "st-helens-2018",
        "3.0",
        "Social Media Policy",
    )
    assert version.is_current
    assert version.pack_hash.startswith("sha256:")
    assert version.effective_from == date(2018, 5, 1)
    # St Helens §10.2: at least an annual review, so the first was due a year after May 2018.
    assert version.review_period_months == 12
    assert version.review_due == date(2019, 5, 1)
    assert version.history[0] == {
        "date": "2011-12",
        "version": "1.0",
        "comment": "First finalised version",
    }
    assert len(version.history) == 7
    assert version.approved_by.startswith("Chief Officers Group")
    assert current_policy_version(sh.council) == version
    assert AuditEvent.objects.filter(verb=Verb.POLICY_ACTIVATED).count() == 1


def test_activating_again_with_nothing_changed_changes_nothing(sh) -> None:
    first = _activate(sh)
    again = _activate(sh)
    assert first.pk == again.pk
    assert PolicyVersion.objects.count() == 1
    assert AuditEvent.objects.filter(verb=Verb.POLICY_ACTIVATED).count() == 1


def test_a_corrected_pack_updates_the_same_version_and_keeps_acknowledgements(sh) -> None:
    version = _activate(sh)
    services.acknowledge_policy(actor=sh[Role.EMPLOYEE], version=version)
    PolicyVersion.objects.filter(pk=version.pk).update(pack_hash="sha256:old")
    refreshed = _activate(sh)
    assert refreshed.pk == version.pk
    assert refreshed.pack_hash != "sha256:old"
    assert PolicyAcknowledgement.objects.filter(policy_version=version).count() == 1
    event = AuditEvent.objects.filter(verb=Verb.POLICY_ACTIVATED).order_by("-seq").first()
    assert event is not None
    assert event.payload["old"]["pack_hash"] == "sha256:old"


def test_a_policy_with_no_fixed_review_period_has_no_due_date(personas) -> None:
    version = _activate(personas.east_lothian)
    assert version.review_period_months is None
    assert version.review_due is None
    assert review_state(version).due is None


def test_another_councils_pack_cannot_be_activated(sh, personas) -> None:
    with pytest.raises(ValidationError) as error:
        _activate(sh, "east-lothian-2011")
    assert "East Lothian Council's policy" in str(error.value)
    with pytest.raises(ValidationError):
        _activate(sh, "no-such-pack")


def test_a_pack_for_another_jurisdiction_is_refused(db) -> None:
    council = Council.objects.create(
        name="East Lothian Council",  # the pack's council by name, but in the wrong law
        slug="el-wrong",
        jurisdiction="england_wales",
        email_domains=["el.gov.uk"],
        policy_pack="st-helens-2018",
    )
    with pytest.raises(ValidationError, match="jurisdiction"):
        services.activate_policy_version(actor=None, council=council, pack_id="east-lothian-2011")


@pytest.mark.parametrize("role", [Role.LINE_MANAGER, Role.EMPLOYEE, Role.HR_INVESTIGATOR])
def test_only_the_policy_owner_activates(sh, role) -> None:
    with pytest.raises(PermissionDenied):
        services.activate_policy_version(
            actor=sh[role], council=sh.council, pack_id="st-helens-2018"
        )


def test_another_councils_policy_owner_cannot_activate_ours(sh, personas) -> None:
    with pytest.raises(PermissionDenied):
        services.activate_policy_version(
            actor=personas.east_lothian[Role.POLICY_OWNER],
            council=sh.council,
            pack_id="st-helens-2018",
        )


def test_staff_acknowledge_the_current_version_once(sh) -> None:
    version = _activate(sh)
    employee = sh[Role.EMPLOYEE]
    first = services.acknowledge_policy(actor=employee, version=version)
    again = services.acknowledge_policy(actor=employee, version=version)
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(verb=Verb.POLICY_ACKNOWLEDGED).count() == 1
    rate = acknowledgement_rate(version)
    assert (rate.acknowledged, rate.staff) == (1, len(Role))


def test_only_the_current_version_can_be_acknowledged(sh) -> None:
    version = _activate(sh)
    PolicyVersion.objects.filter(pk=version.pk).update(is_current=False)
    with pytest.raises(ValidationError, match="not the current version"):
        services.acknowledge_policy(actor=sh[Role.EMPLOYEE], version=version)


def test_nobody_acknowledges_another_councils_policy(sh, personas) -> None:
    version = _activate(sh)
    with pytest.raises(PermissionDenied):
        services.acknowledge_policy(actor=personas.outsider, version=version)


def test_the_annual_review_sets_the_next_due_date(sh) -> None:
    version = _activate(sh)
    next_due = timezone.localdate() + timedelta(days=300)
    review = services.complete_annual_review(
        actor=sh[Role.POLICY_OWNER],
        version=version,
        notes="Checked against GDPR.",
        next_due=next_due,
    )
    version.refresh_from_db()
    assert version.review_due == next_due
    assert review.previous_due == date(2019, 5, 1)
    assert AuditEvent.objects.filter(verb=Verb.POLICY_REVIEWED).count() == 1
    assert not review_state(version).overdue


def test_the_next_review_must_be_within_a_year_for_an_annual_policy(sh) -> None:
    version = _activate(sh)
    owner = sh[Role.POLICY_OWNER]
    too_late = add_months(timezone.localdate(), 12) + timedelta(days=1)
    with pytest.raises(ValidationError, match="at least every 12 months"):
        services.complete_annual_review(actor=owner, version=version, notes="x", next_due=too_late)
    with pytest.raises(ValidationError):
        services.complete_annual_review(
            actor=owner, version=version, notes="x", next_due=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.complete_annual_review(
            actor=owner, version=version, notes=" ", next_due=timezone.localdate() + timedelta(1)
        )


def test_a_policy_without_a_period_may_set_any_future_review(personas) -> None:
    el = personas.east_lothian
    version = _activate(el)
    far = timezone.localdate() + timedelta(days=900)
    services.complete_annual_review(
        actor=el[Role.POLICY_OWNER], version=version, notes="Reviewed", next_due=far
    )
    version.refresh_from_db()
    assert version.review_due == far


def test_only_the_policy_owner_reviews(sh) -> None:
    version = _activate(sh)
    with pytest.raises(PermissionDenied):
        services.complete_annual_review(
            actor=sh[Role.LINE_MANAGER],
            version=version,
            notes="x",
            next_due=timezone.localdate() + timedelta(days=30),
        )
