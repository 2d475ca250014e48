"""Fixtures for the people tests (helpers are in helpers.py)."""

from __future__ import annotations

import pytest

from socialguard.accounts.roles import Role
from socialguard.conftest import Personas
from socialguard.people import services
from socialguard.people.tests.helpers import StHelens, set_manager


@pytest.fixture
def sh(personas: Personas) -> StHelens:
    people = personas.st_helens
    manager = set_manager(people)
    owner = people[Role.POLICY_OWNER]
    agreement = services.publish_agreement_version(
        actor=owner, council=people.council, title="Social Media User Agreement", body="I agree."
    )
    course = services.save_course(
        actor=owner,
        council=people.council,
        name="Social media awareness",
        description="",
        validity_months=12,
        awareness_session=False,
    )
    return StHelens(people, manager, owner, agreement, course)
