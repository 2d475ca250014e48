"""Reads of the register. Staff see their own council's; the public sees active accounts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.access import deny, require
from socialguard.councils.governance import governance_for
from socialguard.councils.models import Council
from socialguard.register.handles import parse
from socialguard.register.models import (
    AccountStatus,
    BusinessCase,
    CaseStatus,
    MemberRole,
    MemberStatus,
    OfficialAccount,
)
from socialguard.register.workflow import why_cannot_decide

_ACTIVE_ADMINS = Count(
    "members",
    filter=Q(members__role=MemberRole.ADMINISTRATOR, members__status=MemberStatus.ACTIVE),
    distinct=True,
)


def list_accounts_for(user: User, *, status: str = "") -> QuerySet[OfficialAccount]:
    council_id = require(user, Capability.VIEW_REGISTER)
    accounts = OfficialAccount.objects.filter(council_id=council_id).annotate(
        admin_count=_ACTIVE_ADMINS
    )
    if status:
        accounts = accounts.filter(status=status)
    return accounts.order_by("status", "platform", "handle")


def access_account(user: User, account_id: int) -> OfficialAccount:
    council_id = require(user, Capability.VIEW_REGISTER)
    account = (
        OfficialAccount.objects.filter(pk=account_id, council_id=council_id)
        .select_related("business_case", "council")
        .annotate(admin_count=_ACTIVE_ADMINS)
        .first()
    )
    if account is None:
        deny()
    return account


def list_cases_for(user: User, *, status: str = "") -> QuerySet[BusinessCase]:
    council_id = require(user, Capability.VIEW_REGISTER)
    cases = BusinessCase.objects.filter(council_id=council_id).select_related("proposer")
    if status:
        cases = cases.filter(status=status)
    return cases


def access_case(user: User, case_id: int) -> BusinessCase:
    council_id = require(user, Capability.VIEW_REGISTER)
    case = (
        BusinessCase.objects.filter(pk=case_id, council_id=council_id)
        .select_related("proposer", "proposer__line_manager", "council")
        .first()
    )
    if case is None:
        deny()
    return case


def cases_awaiting(user: User) -> list[BusinessCase]:
    """Cases whose current approval step this user may decide."""
    submitted = list_cases_for(user, status=CaseStatus.SUBMITTED)
    return [case for case in submitted if why_cannot_decide(user, case) is None]


def accounts_due_for_review(council: Council, *, within_days: int) -> QuerySet[OfficialAccount]:
    """Active accounts whose next review falls within ``within_days`` (or is overdue)."""
    horizon = timezone.localdate() + timedelta(days=within_days)
    return OfficialAccount.objects.filter(
        council=council, status=AccountStatus.ACTIVE, next_review_due__lte=horizon
    ).order_by("next_review_due")


def accounts_at_risk(council: Council) -> list[OfficialAccount]:
    """Active accounts with fewer active administrators than the policy pack requires."""
    minimum = governance_for(council).accounts.min_administrators
    return list(
        OfficialAccount.objects.filter(council=council, status=AccountStatus.ACTIVE)
        .annotate(admin_count=_ACTIVE_ADMINS)
        .filter(admin_count__lt=minimum)
    )


# --- public --------------------------------------------------------------------------------------


def public_accounts(council: Council) -> QuerySet[OfficialAccount]:
    """What anyone may see: the council's active (and temporarily suspended) accounts."""
    return OfficialAccount.objects.filter(
        council=council, status__in=[AccountStatus.ACTIVE, AccountStatus.SUSPENDED]
    ).order_by("platform", "handle")


@dataclass(frozen=True)
class Verification:
    answer: str  # "yes" | "no" | "closed" | "unrecognised"
    account: OfficialAccount | None = None
    closed_on: date | None = None


def verify_account(council: Council, query: str) -> Verification:
    """Is the account someone pasted (a handle or a profile URL) really this council's?"""
    parsed = parse(query)
    if parsed is None:
        return Verification("unrecognised")
    candidates = OfficialAccount.objects.filter(council=council, handle=parsed.handle).exclude(
        status=AccountStatus.PROPOSED
    )
    if parsed.platform is not None:
        candidates = candidates.filter(platform=parsed.platform)
    current = candidates.filter(status__in=[AccountStatus.ACTIVE, AccountStatus.SUSPENDED]).first()
    if current is not None:
        return Verification("yes", current)
    closed = candidates.filter(status=AccountStatus.CLOSED).order_by("-closed_at").first()
    if closed is not None:
        closed_at: datetime | None = closed.closed_at
        return Verification("closed", closed, closed_at.date() if closed_at else None)
    return Verification("no")
