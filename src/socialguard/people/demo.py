"""Demo people data for one demo council: departments, the current policy and who acknowledged
it, the user agreement and its signatures, the access training with sessions and completions,
and one politically restricted post.

The demo is chosen to show every state the dashboards and the daily sweep handle: people ready to
run accounts, one signature awaiting countersignature (St Helens), training expiring within the
reminder window and training that has expired. Dates are relative to the day it is first loaded.
Idempotent: each part is skipped when the council already has it, so re-running changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Role
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.governance import governance_for
from socialguard.councils.models import Council
from socialguard.people.models import (
    AgreementSignature,
    AgreementVersion,
    Course,
    PoliticallyRestrictedPost,
)
from socialguard.people.services import (
    add_restricted_post,
    publish_agreement_version,
    record_attendance,
    record_training,
    save_course,
    schedule_session,
)
from socialguard.policies.dates import add_months
from socialguard.policies.services import acknowledge_policy, activate_policy_version

DEPARTMENTS: dict[Role, str] = {
    Role.EMPLOYEE: "Communities",
    Role.ACCOUNT_AUTHOR: "Communities",
    Role.LINE_MANAGER: "Communities",
    Role.SERVICE_MANAGER: "Communities",
    Role.MODERATOR: "Customer and Digital Services",
    Role.CUSTOMER_SERVICES: "Customer and Digital Services",
    Role.CONTACT_CENTRE: "Customer and Digital Services",
    Role.COMMUNICATIONS: "Chief Executive's Office",
    Role.POLICY_OWNER: "Corporate Services",
    Role.DATA_PROTECTION: "Corporate Services",
    Role.HR_INVESTIGATOR: "Corporate Services",
    Role.RIPA_AUTHORISING_OFFICER: "Corporate Services",
    Role.RIPA_SENIOR_RESPONSIBLE_OFFICER: "Corporate Services",
    Role.RIPA_INVESTIGATOR: "Place",
}

ACKNOWLEDGED = (
    Role.POLICY_OWNER,
    Role.LINE_MANAGER,
    Role.COMMUNICATIONS,
    Role.MODERATOR,
    Role.ACCOUNT_AUTHOR,
    Role.CUSTOMER_SERVICES,
)

AGREEMENT_TEXT = """\
I will use the council's social media accounts only for the council's business, in line with the
Social Media Policy, and I will abide by this agreement at all times (6.3).

I will not publish anything that may result in actions for defamation, discrimination, breaches
of copyright or data protection, and nothing of an illegal, sexual or offensive nature (6.4).

I will use my council email address for logins only and never display it (6.8); I will not use a
personal device to access the council's social media profiles (6.19).

I will refer service requests and complaints to the Contact Centre (6.16) and press enquiries to
the Press Office (6.18), and deal with them only by direct means such as email and telephone
(6.17).

I understand that a breach of the policy is considered under the council's disciplinary
procedure (11.1)."""

RESTRICTED: dict[str, tuple[Role, str, str]] = {
    "st-helens": (
        Role.COMMUNICATIONS,
        "Press Officer",
        (
            "Speaks to the media on the council's behalf: a sensitive post under the Code of Conduct "
            "for Employees (Local Government and Housing Act 1989, s.2)."
        ),
    ),
    "east-lothian": (
        Role.COMMUNICATIONS,
        "Communications Manager",
        (
            "Advises on and speaks for the council's communications: a sensitive post (Local "
            "Government and Housing Act 1989, s.2)."
        ),
    ),
}


def _set_departments(council: Council, people: dict[Role, User]) -> None:
    for role, person in people.items():
        if person.department:
            continue
        department = DEPARTMENTS[role]
        User.objects.filter(pk=person.pk).update(department=department)
        person.department = department
        record(
            actor=None,
            verb=Verb.UPDATED,
            target=person,
            council=council,
            payload={"old": {"department": ""}, "new": {"department": department}},
        )


def _policy(council: Council, people: dict[Role, User]) -> None:
    version = activate_policy_version(actor=None, council=council, pack_id=council.policy_pack)
    for role in ACKNOWLEDGED:
        acknowledge_policy(actor=people[role], version=version)


def _agreement(council: Council, people: dict[Role, User]) -> None:
    if AgreementVersion.objects.filter(council=council).exists():
        return
    manager = people[Role.LINE_MANAGER]
    # The team's manager reports to the service manager, who countersigns for them.
    if manager.line_manager_id is None:
        User.objects.filter(pk=manager.pk).update(line_manager=people[Role.SERVICE_MANAGER])
        manager.line_manager = people[Role.SERVICE_MANAGER]
        record(
            actor=None,
            verb=Verb.UPDATED,
            target=manager,
            council=council,
            payload={"new": {"line_manager": people[Role.SERVICE_MANAGER].email}},
        )
    version = publish_agreement_version(
        actor=people[Role.POLICY_OWNER],
        council=council,
        title="Social Media User Agreement",
        body=AGREEMENT_TEXT,
    )
    now = timezone.now()
    # (signer, countersigner or None, days ago signed): history, so written as rows directly,
    # each with its audit event, like the register's demo.
    signatures = [
        (Role.COMMUNICATIONS, Role.LINE_MANAGER, 120),
        (Role.MODERATOR, Role.LINE_MANAGER, 110),
        (Role.ACCOUNT_AUTHOR, Role.LINE_MANAGER, 90),
        (Role.LINE_MANAGER, Role.SERVICE_MANAGER, 130),
        (Role.EMPLOYEE, None, 6),  # awaiting their manager's countersignature
    ]
    for signer_role, counter_role, days in signatures:
        signer = people[signer_role]
        counter = people[counter_role] if counter_role else None
        signed_at = now - timedelta(days=days)
        AgreementSignature.objects.create(
            council=council,
            user=signer,
            version=version,
            signed_at=signed_at,
            countersigned_by=counter,
            countersigned_at=signed_at + timedelta(days=2) if counter else None,
        )
        record(actor=signer, verb=Verb.AGREEMENT_SIGNED, target=version, payload={"demo": True})
        if counter is not None:
            record(
                actor=counter,
                verb=Verb.AGREEMENT_COUNTERSIGNED,
                target=version,
                payload={"signer": signer.email, "demo": True},
            )


def _months_ago(today: date, months: int, days: int = 0) -> date:
    return add_months(today, -months) + timedelta(days=days)


def _training(council: Council, people: dict[Role, User]) -> None:
    if Course.objects.filter(council=council).exists():
        return
    name = governance_for(council).access.training_course or "Social media awareness"
    scottish = council.slug == "east-lothian"
    validity = 36 if scottish else 12
    owner = people[Role.POLICY_OWNER]
    course = save_course(
        actor=owner,
        council=council,
        name=name,
        description=(
            "What the policy asks of staff who run official accounts: the user agreement, "
            "moderation, personal data, referrals to the Contact Centre and Press Office."
        ),
        validity_months=validity,
        awareness_session=True,
    )
    today = timezone.localdate()
    now = timezone.now()
    location = "John Muir House, Haddington" if scottish else "Town Hall, St Helens"
    past = schedule_session(
        actor=owner,
        course=course,
        starts_at=now - timedelta(days=60),
        location=location,
        capacity=12,
    )
    record_attendance(
        actor=owner,
        session=past,
        attendees=[
            people[r]
            for r in (
                Role.COMMUNICATIONS,
                Role.ACCOUNT_AUTHOR,
                Role.LINE_MANAGER,
                Role.POLICY_OWNER,
            )
        ],
    )
    schedule_session(
        actor=owner,
        course=course,
        starts_at=now + timedelta(days=21),
        location=location,
        capacity=12,
    )
    # Completions from before the service was used: one expiring within the reminder window
    # (two weeks), one expired three weeks ago, one current.
    for role, completed in (
        (Role.MODERATOR if not scottish else Role.EMPLOYEE, _months_ago(today, validity, 14)),
        (
            Role.CUSTOMER_SERVICES if not scottish else Role.CONTACT_CENTRE,
            _months_ago(today, validity, -21),
        ),
        (Role.EMPLOYEE if not scottish else Role.MODERATOR, _months_ago(today, 4)),
    ):
        record_training(actor=owner, user=people[role], course=course, completed_on=completed)


def _restricted(council: Council, people: dict[Role, User]) -> None:
    if PoliticallyRestrictedPost.objects.filter(council=council).exists():
        return
    spec = RESTRICTED.get(council.slug)
    if spec is None:
        return
    role, title, reason = spec
    add_restricted_post(
        actor=people[Role.POLICY_OWNER], user=people[role], post_title=title, reason=reason
    )


@transaction.atomic
def load_people_demo(*, council: Council, people: dict[Role, User]) -> None:
    """Populate the people and policies apps for one demo council (see the module docstring)."""
    _set_departments(council, people)
    _policy(council, people)
    if governance_for(council).access.agreement_required:
        _agreement(council, people)
    _training(council, people)
    _restricted(council, people)
