"""Helpers for the people tests: a St Helens team with a line manager, its agreement and course,
and ways to make someone ready (or not) to run an official account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Role
from socialguard.conftest import CouncilPeople
from socialguard.councils.models import Council
from socialguard.people import services
from socialguard.people.models import AgreementSignature, AgreementVersion, Course, TrainingRecord
from socialguard.policies.dates import add_months
from socialguard.register.models import (
    AccountMembership,
    AccountStatus,
    MemberRole,
    OfficialAccount,
)

TEAM = (Role.EMPLOYEE, Role.ACCOUNT_AUTHOR, Role.MODERATOR, Role.COMMUNICATIONS)


def set_manager(people: CouncilPeople, roles: tuple[Role, ...] = TEAM) -> User:
    manager = people[Role.LINE_MANAGER]
    for role in roles:
        person = people[role]
        person.line_manager = manager
        person.save(update_fields=["line_manager"])
    return manager


@dataclass
class StHelens:
    people: CouncilPeople
    manager: User
    owner: User
    agreement: AgreementVersion
    course: Course

    @property
    def council(self) -> Council:
        return self.people.council

    def __getitem__(self, role: Role) -> User:
        return self.people[role]


def train(
    user: User, course: Course, *, completed_on: date | None = None, actor: User | None = None
) -> TrainingRecord:
    return services.record_training(
        actor=actor,
        user=user,
        course=course,
        completed_on=completed_on or timezone.localdate() - timedelta(days=10),
    )


def expired_on(course: Course, expiry: date) -> date:
    """The completion date whose expiry is ``expiry``."""
    return add_months(expiry, -course.validity_months)


def sign(user: User, version: AgreementVersion, manager: User | None) -> AgreementSignature:
    signature = services.sign_agreement(actor=user, version=version)
    if manager is not None:
        signature = services.countersign_agreement(actor=manager, signature=signature)
    return signature


def make_ready(sh: StHelens, user: User) -> User:
    sign(user, sh.agreement, sh.manager)
    train(user, sh.course)
    return user


def account_with(council: Council, *members: tuple[User, str], creator: User) -> OfficialAccount:
    """An active account with these (user, role) memberships, written directly: these tests are
    about what happens afterwards, not the register's own gating."""
    account = OfficialAccount.objects.create(
        council=council,
        platform="x",
        handle=f"acct{OfficialAccount.objects.count() + 1}",
        display_handle="Acct",
        url="https://x.com/acct",
        service="Libraries",
        purpose="Library news",
        status=AccountStatus.ACTIVE,
        created_by=creator,
        next_review_due=timezone.localdate() + timedelta(days=100),
    )
    for user, role in members:
        AccountMembership.objects.create(account=account, user=user, role=role, added_by=creator)
    return account


ADMIN = MemberRole.ADMINISTRATOR
AUTHOR = MemberRole.AUTHOR
