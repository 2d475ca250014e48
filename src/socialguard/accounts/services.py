"""Writes to staff accounts and their roles. Each call records an audit event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from socialguard.accounts.models import RoleAssignment, User
from socialguard.accounts.roles import Role
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.models import Council


def _check_domain(council: Council, email: str) -> None:
    domain = email.rsplit("@", 1)[-1].lower()
    if council.email_domains and domain not in council.email_domains:
        allowed = ", ".join(council.email_domains)
        raise ValidationError({"email": f"Use an address at {council.name}'s domain ({allowed})."})


@transaction.atomic
def create_staff_user(
    *,
    actor: User | None,
    council: Council,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None,
    job_title: str = "",
    department: str = "",
    line_manager: User | None = None,
    roles: frozenset[Role] = frozenset(),
) -> User:
    """Create a member of ``council``'s staff with ``roles``; the email must be the council's."""
    email = email.strip().lower()
    _check_domain(council, email)
    if line_manager is not None and line_manager.council_id != council.pk:
        raise ValidationError({"line_manager": "The line manager must work for the same council."})
    user = User.objects.create_user(
        email,
        password,
        council=council,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        department=department,
        line_manager=line_manager,
    )
    record(
        actor=actor,
        verb=Verb.CREATED,
        target=user,
        council=council,
        payload={"new": {"email": email, "job_title": job_title, "department": department}},
    )
    for role in sorted(roles):
        grant_role(actor=actor, user=user, role=role)
    return user


@transaction.atomic
def grant_role(*, actor: User | None, user: User, role: Role) -> bool:
    """Give ``user`` the role; returns False (and records nothing) if they already hold it."""
    if user.council_id is None:
        raise ValidationError("Only council staff can hold roles.")
    if actor is not None and actor.council_id != user.council_id:
        raise ValidationError("You can only change roles of your own council's staff.")
    _, created = RoleAssignment.objects.get_or_create(user=user, role=role)
    if created:
        record(
            actor=actor,
            verb=Verb.ROLE_GRANTED,
            target=user,
            council=user.council,
            payload={"role": str(role)},
        )
        user.__dict__.pop("roles", None)
        user.__dict__.pop("capabilities", None)
    return created


@transaction.atomic
def revoke_role(*, actor: User | None, user: User, role: Role) -> bool:
    if actor is not None and actor.council_id != user.council_id:
        raise ValidationError("You can only change roles of your own council's staff.")
    deleted, _ = RoleAssignment.objects.filter(user=user, role=role).delete()
    if deleted:
        record(
            actor=actor,
            verb=Verb.ROLE_REVOKED,
            target=user,
            council=user.council,
            payload={"role": str(role)},
        )
        user.__dict__.pop("roles", None)
        user.__dict__.pop("capabilities", None)
    return bool(deleted)
