"""User agreements: versions, signing the current one, countersigning by the line manager only."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.people import services
from socialguard.people.models import AgreementSignature
from socialguard.people.selectors import current_agreement

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_per_council_and_the_latest_is_current(sh, personas) -> None:
    second = services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Agreement", body="Second"
    )
    assert (sh.agreement.number, second.number) == (1, 2)
    assert current_agreement(sh.council) == second
    el = personas.east_lothian
    theirs = services.publish_agreement_version(
        actor=el[Role.POLICY_OWNER], council=el.council, title="Agreement", body="First"
    )
    assert theirs.number == 1
    assert AuditEvent.objects.filter(verb=Verb.AGREEMENT_PUBLISHED).count() == 3


@pytest.mark.parametrize("role", [Role.LINE_MANAGER, Role.EMPLOYEE, Role.HR_INVESTIGATOR])
def test_only_the_policy_owner_publishes(sh, role) -> None:
    with pytest.raises(PermissionDenied):
        services.publish_agreement_version(
            actor=sh[role], council=sh.council, title="Agreement", body="Mine"
        )


def test_another_councils_policy_owner_cannot_publish_for_us(sh, personas) -> None:
    with pytest.raises(PermissionDenied):
        services.publish_agreement_version(
            actor=personas.east_lothian[Role.POLICY_OWNER],
            council=sh.council,
            title="Agreement",
            body="Theirs",
        )


def test_publishing_needs_a_title_and_text(sh) -> None:
    with pytest.raises(ValidationError) as error:
        services.publish_agreement_version(actor=sh.owner, council=sh.council, title=" ", body="")
    assert set(error.value.message_dict) == {"title"}


def test_signing_is_recorded_and_the_manager_is_told(sh, django_capture_on_commit_callbacks):
    author = sh[Role.ACCOUNT_AUTHOR]
    with django_capture_on_commit_callbacks(execute=True):
        signature = services.sign_agreement(actor=author, version=sh.agreement)
    assert signature.user == author
    assert not signature.is_countersigned
    assert AuditEvent.objects.filter(verb=Verb.AGREEMENT_SIGNED, actor=author).count() == 1
    (email,) = mail.outbox
    assert email.to == [sh.manager.email]
    assert "countersign" in email.body


def test_signing_twice_keeps_the_first_signature(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    first = services.sign_agreement(actor=author, version=sh.agreement)
    again = services.sign_agreement(actor=author, version=sh.agreement)
    assert first.pk == again.pk
    assert AuditEvent.objects.filter(verb=Verb.AGREEMENT_SIGNED).count() == 1


def test_signing_requires_the_current_version(sh) -> None:
    services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Agreement", body="v2"
    )
    with pytest.raises(ValidationError, match="not the current version"):
        services.sign_agreement(actor=sh[Role.ACCOUNT_AUTHOR], version=sh.agreement)
    assert not AgreementSignature.objects.exists()


def test_nobody_signs_another_councils_agreement(sh, personas) -> None:
    with pytest.raises(PermissionDenied):
        services.sign_agreement(actor=personas.outsider, version=sh.agreement)


def test_the_line_manager_countersigns_their_reports_signature(sh) -> None:
    signature = services.sign_agreement(actor=sh[Role.ACCOUNT_AUTHOR], version=sh.agreement)
    signature = services.countersign_agreement(actor=sh.manager, signature=signature)
    assert signature.countersigned_by == sh.manager
    assert signature.countersigned_at is not None
    assert AuditEvent.objects.filter(verb=Verb.AGREEMENT_COUNTERSIGNED).count() == 1
    # Again: nothing changes, nothing is recorded.
    services.countersign_agreement(actor=sh.manager, signature=signature)
    assert AuditEvent.objects.filter(verb=Verb.AGREEMENT_COUNTERSIGNED).count() == 1


def test_nobody_countersigns_their_own_signature(sh) -> None:
    own = services.sign_agreement(actor=sh.manager, version=sh.agreement)
    with pytest.raises(PermissionDenied, match="your own"):
        services.countersign_agreement(actor=sh.manager, signature=own)


def test_the_database_refuses_a_self_countersignature_too(sh) -> None:
    own = services.sign_agreement(actor=sh.manager, version=sh.agreement)
    own.countersigned_by = sh.manager
    own.countersigned_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        own.save()


def test_a_line_manager_who_is_not_theirs_cannot_countersign(sh, personas) -> None:
    # Another line manager in the same council, but not this person's.
    other = sh[Role.SERVICE_MANAGER]
    from socialguard.accounts.services import grant_role

    grant_role(actor=None, user=other, role=Role.LINE_MANAGER)
    signature = services.sign_agreement(actor=sh[Role.ACCOUNT_AUTHOR], version=sh.agreement)
    with pytest.raises(PermissionDenied, match="line manager"):
        services.countersign_agreement(actor=other, signature=signature)
    with pytest.raises(PermissionDenied):
        services.countersign_agreement(actor=sh.owner, signature=signature)
    with pytest.raises(PermissionDenied):
        services.countersign_agreement(actor=personas.outsider, signature=signature)


def test_the_manager_needs_the_line_manager_role_as_well_as_the_relationship(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    author.line_manager = sh[Role.SERVICE_MANAGER]
    author.save(update_fields=["line_manager"])
    signature = services.sign_agreement(actor=author, version=sh.agreement)
    with pytest.raises(PermissionDenied):
        services.countersign_agreement(actor=sh[Role.SERVICE_MANAGER], signature=signature)


def test_an_old_versions_signature_cannot_be_countersigned(sh) -> None:
    signature = services.sign_agreement(actor=sh[Role.ACCOUNT_AUTHOR], version=sh.agreement)
    services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Agreement", body="v2"
    )
    with pytest.raises(ValidationError, match="old version"):
        services.countersign_agreement(actor=sh.manager, signature=signature)
