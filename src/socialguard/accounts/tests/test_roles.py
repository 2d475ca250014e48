"""Roles are granted in services, within one council, and every change is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from socialguard.accounts.roles import ROLE_CAPABILITIES, ROLE_SUMMARIES, Capability, Role
from socialguard.accounts.services import create_staff_user, grant_role, revoke_role
from socialguard.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db


def test_every_role_has_capabilities_and_a_summary() -> None:
    assert set(ROLE_CAPABILITIES) == set(Role)
    assert set(ROLE_SUMMARIES) == set(Role)
    granted = set().union(*ROLE_CAPABILITIES.values())
    assert granted == set(Capability), "a capability no role grants is dead code"


def test_everyone_on_the_staff_is_an_employee(personas) -> None:
    moderator = personas.st_helens[Role.MODERATOR]
    assert moderator.roles == {Role.MODERATOR, Role.EMPLOYEE}
    assert moderator.can(Capability.CHECK_PERSONAL_POST)
    assert moderator.can(Capability.MODERATE_INBOX)
    assert not moderator.can(Capability.VIEW_AUDIT_LOG)


def test_deactivated_staff_can_do_nothing(personas) -> None:
    owner = personas.st_helens[Role.POLICY_OWNER]
    owner.is_active = False
    assert not owner.can(Capability.VIEW_AUDIT_LOG)


def test_granting_and_revoking_a_role_is_audited(personas) -> None:
    owner = personas.st_helens[Role.POLICY_OWNER]
    employee = personas.st_helens[Role.EMPLOYEE]
    assert grant_role(actor=owner, user=employee, role=Role.MODERATOR)
    assert not grant_role(actor=owner, user=employee, role=Role.MODERATOR)
    assert employee.can(Capability.MODERATE_INBOX)
    assert revoke_role(actor=owner, user=employee, role=Role.MODERATOR)
    assert not employee.can(Capability.MODERATE_INBOX)
    verbs = list(
        AuditEvent.objects.filter(actor=owner, target_id=str(employee.pk)).values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == [Verb.ROLE_GRANTED, Verb.ROLE_REVOKED]


def test_no_one_changes_another_councils_roles(personas) -> None:
    with pytest.raises(ValidationError):
        grant_role(
            actor=personas.east_lothian[Role.POLICY_OWNER],
            user=personas.st_helens[Role.EMPLOYEE],
            role=Role.POLICY_OWNER,
        )


def test_staff_email_must_be_at_the_councils_domain(personas) -> None:
    with pytest.raises(ValidationError, match=r"sthelens\.gov\.uk"):
        create_staff_user(
            actor=None,
            council=personas.st_helens.council,
            email="someone@gmail.com",
            first_name="Some",
            last_name="One",
            password=None,
        )
