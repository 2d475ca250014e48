"""Demo data: the two policy councils and one person per role. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from socialguard.accounts.models import User
from socialguard.accounts.roles import Role
from socialguard.accounts.services import create_staff_user, grant_role
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.models import Council
from socialguard.councils.services import create_council
from socialguard.demo.personas import COUNCILS, DemoCouncil, persona_email
from socialguard.inbox.demo import load_inbox_demo
from socialguard.people.demo import load_people_demo
from socialguard.register.demo import load_register_demo


@dataclass(frozen=True)
class DemoLogin:
    council: str
    role: Role
    name: str
    email: str


def _ensure_council(spec: DemoCouncil) -> Council:
    existing = Council.objects.filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    return create_council(
        actor=None,
        name=spec.name,
        slug=spec.slug,
        jurisdiction=spec.jurisdiction,
        email_domains=[spec.domain],
        policy_pack=spec.policy_pack,
    )


def _ensure_person(
    spec: DemoCouncil, council: Council, role: Role, password: str, manager: User | None
) -> User:
    first, last, title = spec.people[role]
    email = persona_email(spec, role)
    user = User.objects.filter(email=email).first()
    if user is None:
        return create_staff_user(
            actor=None,
            council=council,
            email=email,
            first_name=first,
            last_name=last,
            password=password,
            job_title=title,
            line_manager=manager,
            roles=frozenset({role}),
        )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    grant_role(actor=None, user=user, role=role)
    return user


@transaction.atomic
def load_demo(*, password: str) -> list[DemoLogin]:
    """Create (or bring up to date) the demo councils and people; return their logins."""
    logins: list[DemoLogin] = []
    for spec in COUNCILS:
        council = _ensure_council(spec)
        manager = _ensure_person(spec, council, Role.LINE_MANAGER, password, None)
        people: dict[Role, User] = {}
        for role in Role:
            person = manager if role == Role.LINE_MANAGER else None
            if person is None:
                person = _ensure_person(spec, council, role, password, manager)
            people[role] = person
            logins.append(DemoLogin(spec.name, role, person.get_full_name(), person.email))
        load_register_demo(council=council, people=people)
        load_inbox_demo(council=council, people=people)
        load_people_demo(council=council, people=people)
        record(actor=None, verb=Verb.DEMO_LOADED, council=council, payload={"people": len(Role)})
    return logins
