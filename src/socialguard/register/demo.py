"""Demo register: accounts in every state and business cases at every stage, per demo council.

This is seed data describing history (accounts created years ago), so it writes rows directly
rather than replaying each approval through the services; each row still gets its audit event.
Idempotent: a council that already has accounts is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Role
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.governance import governance_for
from socialguard.councils.models import Council
from socialguard.register.models import (
    CASE_CONTENT_FIELDS,
    AccountMembership,
    AccountStatus,
    BusinessCase,
    BusinessCaseRevision,
    CaseDecision,
    CaseStatus,
    MemberRole,
    OfficialAccount,
    Outcome,
    Platform,
)


@dataclass(frozen=True)
class DemoAccount:
    platform: Platform
    handle: str
    url: str
    service: str
    purpose: str
    status: AccountStatus
    admins: tuple[Role, ...]
    authors: tuple[Role, ...] = ()
    age_days: int = 900
    review_in_days: int = 90


ACCOUNTS: dict[str, tuple[DemoAccount, ...]] = {
    "st-helens": (
        DemoAccount(Platform.X, "StHelensCouncil", "https://x.com/StHelensCouncil",
                    "Communications", "News, service updates and emergencies for the borough.",
                    AccountStatus.ACTIVE, (Role.COMMUNICATIONS, Role.MODERATOR), (Role.ACCOUNT_AUTHOR,)),
        DemoAccount(Platform.FACEBOOK, "StHelensCouncil", "https://www.facebook.com/StHelensCouncil",
                    "Communications", "Council news and conversation with residents.",
                    AccountStatus.ACTIVE, (Role.COMMUNICATIONS, Role.MODERATOR), (Role.ACCOUNT_AUTHOR,),
                    review_in_days=10),
        DemoAccount(Platform.INSTAGRAM, "sthelenslibraries", "https://www.instagram.com/sthelenslibraries",
                    "Libraries", "Events, reading groups and new stock at St Helens libraries.",
                    AccountStatus.ACTIVE, (Role.LINE_MANAGER,), (Role.EMPLOYEE,), review_in_days=-20),
        DemoAccount(Platform.X, "StHelensEvents2019", "https://x.com/StHelensEvents2019",
                    "Culture", "The 2019 festival season.", AccountStatus.CLOSED, ()),
    ),
    "east-lothian": (
        DemoAccount(Platform.X, "EastLothianCncl", "https://x.com/EastLothianCncl",
                    "Communications and Marketing", "Council news, roadworks and weather alerts.",
                    AccountStatus.ACTIVE, (Role.COMMUNICATIONS, Role.MODERATOR), (Role.ACCOUNT_AUTHOR,)),
        DemoAccount(Platform.FACEBOOK, "EastLothianCouncil", "https://www.facebook.com/EastLothianCouncil",
                    "Communications and Marketing", "Council news and conversation with residents.",
                    AccountStatus.ACTIVE, (Role.COMMUNICATIONS, Role.MODERATOR), review_in_days=5),
        DemoAccount(Platform.FACEBOOK, "ELCountrysideRangers", "https://www.facebook.com/ELCountrysideRangers",
                    "Countryside Ranger Service", "Walks, wildlife and beach safety along the coast.",
                    AccountStatus.ACTIVE, (Role.LINE_MANAGER,), (Role.EMPLOYEE,), review_in_days=-45),
        DemoAccount(Platform.X, "ELTourism", "https://x.com/ELTourism",
                    "Economic Development", "Visitor information (replaced by the Visit East Lothian site).",
                    AccountStatus.CLOSED, ()),
    ),
}  # fmt: skip


def _case(
    council: Council, proposer: User, title: str, handle: str, status: CaseStatus
) -> BusinessCase:
    case = BusinessCase.objects.create(
        council=council,
        proposer=proposer,
        title=title,
        service=proposer.job_title or "Council service",
        platform=Platform.INSTAGRAM,
        proposed_handle=handle,
        audience_and_message="Families and young people; what is on and how to take part.",
        aims_and_platform_choice="Most of our audience uses Instagram; photos suit our events.",
        supporting_channels="The council website, the e-newsletter and posters in venues.",
        update_frequency="Three or four times a week",
        cover_arrangements="Two named colleagues post when I am on leave or off sick.",
        record_keeping="Posts are archived monthly to the team's records folder.",
        leaver_handover="I will hand the account to my successor and update the profile.",
        review_commitment="Reach and engagement figures to my manager and comms every six months.",
        status=status,
    )
    BusinessCaseRevision.objects.create(
        case=case,
        number=1,
        content={name: str(getattr(case, name)) for name in CASE_CONTENT_FIELDS},
        created_by=proposer,
    )
    record(actor=proposer, verb=Verb.CASE_CREATED, target=case)
    return case


def _decide_all(case: BusinessCase, people: dict[Role, User]) -> None:
    for step in governance_for(case.council).business_case.steps:
        decider = people[step.role]
        CaseDecision.objects.create(
            case=case,
            revision=case.revision,
            step_id=step.id,
            step_name=step.name,
            outcome=Outcome.APPROVED,
            decided_by=decider,
        )
        record(actor=decider, verb=Verb.CASE_DECIDED, target=case, payload={"step": step.id})


def load_register_demo(*, council: Council, people: dict[Role, User]) -> None:
    if OfficialAccount.objects.filter(council=council).exists():
        return
    now = timezone.now()
    creator = people[Role.CUSTOMER_SERVICES]
    for spec in ACCOUNTS.get(council.slug, ()):
        closed = spec.status == AccountStatus.CLOSED
        account = OfficialAccount.objects.create(
            council=council,
            platform=spec.platform,
            handle=spec.handle.lower(),
            display_handle=spec.handle,
            url=spec.url,
            service=spec.service,
            purpose=spec.purpose,
            status=spec.status,
            created_by=creator,
            activated_at=now - timedelta(days=spec.age_days),
            closed_at=now - timedelta(days=200) if closed else None,
            next_review_due=None if closed else (now + timedelta(days=spec.review_in_days)).date(),
        )
        record(actor=creator, verb=Verb.ACCOUNT_CREATED, target=account, payload={"demo": True})
        for roles, member_role in (
            (spec.admins, MemberRole.ADMINISTRATOR),
            (spec.authors, MemberRole.AUTHOR),
        ):
            for role in roles:
                AccountMembership.objects.create(
                    account=account, user=people[role], role=member_role, added_by=creator
                )
                record(
                    actor=creator,
                    verb=Verb.MEMBER_ADDED,
                    target=account,
                    payload={"user": people[role].email, "role": str(member_role)},
                )
    # Business cases at each stage: approved (awaiting its account), awaiting approval, draft.
    # St Helens' line managers complete business cases (9.11); in East Lothian the employee who
    # wants the account does (6.1), and their own line manager decides the first step.
    manager = people[Role.LINE_MANAGER]
    proposer = manager if council.jurisdiction == "england_wales" else people[Role.ACCOUNT_AUTHOR]
    approved = _case(
        council, proposer, "Youth services on Instagram", "youthzone", CaseStatus.APPROVED
    )
    approved.proposed_administrators.set([people[Role.ACCOUNT_AUTHOR], people[Role.MODERATOR]])
    _decide_all(approved, people)
    _case(council, proposer, "Parks and open spaces", "parks", CaseStatus.SUBMITTED)
    _case(council, manager, "Library reading challenge", "readingchallenge", CaseStatus.DRAFT)
