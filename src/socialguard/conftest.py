"""Shared test fixtures: named personas (one per role per council), factories, a live browser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from pytest_factoryboy import register

from socialguard.accounts.models import User
from socialguard.accounts.roles import Role
from socialguard.accounts.services import create_staff_user
from socialguard.councils.models import Council
from socialguard.councils.services import create_council
from socialguard.demo.personas import COUNCILS, DemoCouncil, persona_email
from socialguard.tests.factories import CouncilFactory, UserFactory

register(CouncilFactory)
register(UserFactory)

PASSWORD = "correct horse battery staple"


@dataclass
class CouncilPeople:
    council: Council
    people: dict[Role, User]

    def __getitem__(self, role: Role) -> User:
        return self.people[role]


@dataclass
class Personas:
    """St Helens staff, one per role, and East Lothian staff — who must see none of St Helens'."""

    st_helens: CouncilPeople
    east_lothian: CouncilPeople

    @property
    def outsider(self) -> User:
        """A member of another council's staff with every reason to look: their moderator."""
        return self.east_lothian[Role.MODERATOR]


def _make_council(spec: DemoCouncil) -> CouncilPeople:
    council = create_council(
        actor=None,
        name=spec.name,
        slug=spec.slug,
        jurisdiction=spec.jurisdiction,
        email_domains=[spec.domain],
        policy_pack=spec.policy_pack,
    )
    people: dict[Role, User] = {}
    for role in Role:
        first, last, title = spec.people[role]
        people[role] = create_staff_user(
            actor=None,
            council=council,
            email=persona_email(spec, role),
            first_name=first,
            last_name=last,
            password=PASSWORD,
            job_title=title,
            roles=frozenset({role}),
        )
    return CouncilPeople(council, people)


@pytest.fixture
def personas(db: None) -> Personas:
    st_helens, east_lothian = COUNCILS
    return Personas(st_helens=_make_council(st_helens), east_lothian=_make_council(east_lothian))


@pytest.fixture
def client_for(client: Client) -> Callable[[User], Client]:
    """``client_for(user)``: a test client signed in as ``user``."""

    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in
