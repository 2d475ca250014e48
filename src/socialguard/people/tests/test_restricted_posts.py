"""The politically restricted posts register (St Helens §5.7)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.people import services
from socialguard.people.models import PoliticallyRestrictedPost
from socialguard.people.selectors import is_politically_restricted

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.POLICY_OWNER, Role.HR_INVESTIGATOR])
def test_the_policy_owner_or_hr_keep_the_register(sh, role) -> None:
    post = services.add_restricted_post(
        actor=sh[role], user=sh[Role.COMMUNICATIONS], post_title="Press Officer", reason="Media"
    )
    assert post.council == sh.council
    assert is_politically_restricted(sh[Role.COMMUNICATIONS])
    assert AuditEvent.objects.filter(verb=Verb.RESTRICTED_POST_ADDED).count() == 1


@pytest.mark.parametrize("role", [Role.LINE_MANAGER, Role.EMPLOYEE, Role.DATA_PROTECTION])
def test_others_cannot_change_the_register(sh, role) -> None:
    with pytest.raises(PermissionDenied):
        services.add_restricted_post(
            actor=sh[role], user=sh[Role.COMMUNICATIONS], post_title="Press Officer", reason="x"
        )


def test_another_councils_hr_cannot_add_our_staff(sh, personas) -> None:
    with pytest.raises(PermissionDenied):
        services.add_restricted_post(
            actor=personas.east_lothian[Role.HR_INVESTIGATOR],
            user=sh[Role.COMMUNICATIONS],
            post_title="Press Officer",
            reason="x",
        )


def test_one_open_entry_per_person_and_ended_entries_are_kept(sh) -> None:
    press = sh[Role.COMMUNICATIONS]
    post = services.add_restricted_post(
        actor=sh.owner, user=press, post_title="Press Officer", reason="Media"
    )
    with pytest.raises(ValidationError, match="already on the register"):
        services.add_restricted_post(actor=sh.owner, user=press, post_title="Again", reason="x")
    with pytest.raises(ValidationError):
        services.remove_restricted_post(actor=sh.owner, post=post, reason="")
    services.remove_restricted_post(actor=sh.owner, post=post, reason="Changed role")
    assert not is_politically_restricted(press)
    services.add_restricted_post(actor=sh.owner, user=press, post_title="Head of Comms", reason="y")
    assert PoliticallyRestrictedPost.objects.filter(user=press).count() == 2
