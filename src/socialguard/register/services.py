"""Writes to the register: business cases through their approval chain, accounts and their people.

The approval chain, who creates accounts, the minimum number of administrators and the review
period all come from the council's policy pack (``councils.governance``). Every function records
an audit event in its transaction; emails go out after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability, Role
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.governance import ApprovalStep, governance_for
from socialguard.people.selectors import access_readiness, has_valid_training
from socialguard.register.handles import normalise_handle
from socialguard.register.models import (
    CASE_CONTENT_FIELDS,
    AccountMembership,
    AccountReview,
    AccountStatus,
    BusinessCase,
    BusinessCaseRevision,
    CaseDecision,
    CaseStatus,
    MemberRole,
    MemberStatus,
    OfficialAccount,
    Outcome,
)
from socialguard.register.workflow import current_step, why_cannot_decide


def _months_from(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _same_council(actor: User, council_id: int) -> None:
    if actor.council_id != council_id:
        raise PermissionDenied("That record belongs to another council.")


# --- business cases ------------------------------------------------------------------------------


def _content(case: BusinessCase) -> dict[str, Any]:
    content = {name: getattr(case, name) for name in CASE_CONTENT_FIELDS}
    content["proposed_administrators"] = sorted(u.email for u in case.proposed_administrators.all())
    return content


def _set_administrators(case: BusinessCase, people: list[User]) -> None:
    others = [p for p in people if p.council_id != case.council_id]
    if others:
        raise ValidationError(
            {"proposed_administrators": "Named administrators must work for the same council."}
        )
    case.proposed_administrators.set(people)


def _snapshot(case: BusinessCase, actor: User) -> None:
    BusinessCaseRevision.objects.create(
        case=case, number=case.revision, content=_content(case), created_by=actor
    )


@transaction.atomic
def create_business_case(
    *, actor: User, administrators: list[User] | None = None, **content: Any
) -> BusinessCase:
    """Start a draft business case in the actor's council."""
    if not actor.can(Capability.PREPARE_BUSINESS_CASE) or actor.council is None:
        raise PermissionDenied("Your role does not include preparing business cases.")
    case = BusinessCase(council=actor.council, proposer=actor, **content)
    case.full_clean()
    case.save()
    _set_administrators(case, administrators or [])
    _snapshot(case, actor)
    record(actor=actor, verb=Verb.CASE_CREATED, target=case, payload={"new": _content(case)})
    return case


@transaction.atomic
def update_business_case(
    *, actor: User, case: BusinessCase, administrators: list[User] | None = None, **content: Any
) -> BusinessCase:
    """Edit a case: a new revision, which needs (re-)approval from the first step."""
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    if actor.pk != case.proposer_id:
        raise PermissionDenied("Only the person who proposed a case can edit it.")
    if case.status in {CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN}:
        raise ValidationError("A case cannot be edited while it is awaiting approval or withdrawn.")
    old = _content(case)
    for name, value in content.items():
        setattr(case, name, value)
    case.full_clean()
    case.revision += 1
    case.status, case.current_step = CaseStatus.DRAFT, 0
    case.save()
    if administrators is not None:
        _set_administrators(case, administrators)
    _snapshot(case, actor)
    new = _content(case)
    changed = {k for k in new if new[k] != old[k]}
    record(
        actor=actor,
        verb=Verb.CASE_EDITED,
        target=case,
        payload={
            "revision": case.revision,
            "old": {k: old[k] for k in changed},
            "new": {k: new[k] for k in changed},
        },
    )
    return case


@transaction.atomic
def submit_business_case(*, actor: User, case: BusinessCase) -> BusinessCase:
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    if actor.pk != case.proposer_id:
        raise PermissionDenied("Only the person who proposed a case can submit it.")
    if case.status not in {CaseStatus.DRAFT, CaseStatus.CHANGES_REQUESTED}:
        raise ValidationError(
            f"A case that is {case.get_status_display().lower()} cannot be submitted."
        )
    case.status, case.current_step = CaseStatus.SUBMITTED, 0
    case.save(update_fields=["status", "current_step", "updated_at"])
    record(actor=actor, verb=Verb.CASE_SUBMITTED, target=case, payload={"revision": case.revision})
    step = current_step(case)
    if step is not None:
        _notify_deciders(case, step)
    return case


@transaction.atomic
def decide_business_case(
    *, actor: User, case: BusinessCase, outcome: Outcome, reasons: str = ""
) -> BusinessCase:
    """Record the current step's decision on the current revision and move the case on."""
    case = BusinessCase.objects.select_for_update().select_related("proposer").get(pk=case.pk)
    refusal = why_cannot_decide(actor, case)
    if refusal:
        raise PermissionDenied(refusal)
    step = current_step(case)
    if step is None:  # why_cannot_decide has checked this; kept for the type checker
        raise PermissionDenied("The case is not awaiting a decision.")
    if outcome != Outcome.APPROVED and not reasons.strip():
        raise ValidationError(
            {"reasons": "Give the reasons, so the proposer knows what to change."}
        )
    if (
        outcome == Outcome.APPROVED
        and step.proposer_training
        and not has_valid_training(case.proposer, step.proposer_training)
    ):
        raise ValidationError(
            f"{case.proposer.get_full_name()} must attend the {step.proposer_training} before "
            f"this step can approve the case (policy clause {', '.join(step.clauses)})."
        )
    CaseDecision.objects.create(
        case=case,
        revision=case.revision,
        step_id=step.id,
        step_name=step.name,
        outcome=outcome,
        reasons=reasons.strip(),
        decided_by=actor,
    )
    steps = governance_for(case.council).business_case.steps
    if outcome == Outcome.APPROVED and case.current_step + 1 < len(steps):
        case.current_step += 1
    elif outcome == Outcome.APPROVED:
        case.status = CaseStatus.APPROVED
    elif outcome == Outcome.REJECTED:
        case.status = CaseStatus.REJECTED
    else:
        case.status = CaseStatus.CHANGES_REQUESTED
    case.save(update_fields=["status", "current_step", "updated_at"])
    record(
        actor=actor,
        verb=Verb.CASE_DECIDED,
        target=case,
        payload={
            "step": step.id,
            "outcome": str(outcome),
            "reasons": reasons.strip(),
            "revision": case.revision,
            "clauses": list(step.clauses),
        },
    )
    next_step = current_step(case)
    if next_step is not None:
        _notify_deciders(case, next_step)
    else:
        _email_on_commit(
            [case.proposer.email],
            f"Your business case '{case.title}' is {case.get_status_display().lower()}",
            f"{step.name}: {outcome.label}.\n{reasons}".strip(),
        )
    return case


@transaction.atomic
def withdraw_business_case(*, actor: User, case: BusinessCase) -> BusinessCase:
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    if actor.pk != case.proposer_id:
        raise PermissionDenied("Only the person who proposed a case can withdraw it.")
    if case.status in {CaseStatus.WITHDRAWN, CaseStatus.REJECTED}:
        raise ValidationError("This case is already closed.")
    case.status = CaseStatus.WITHDRAWN
    case.save(update_fields=["status", "updated_at"])
    record(actor=actor, verb=Verb.CASE_WITHDRAWN, target=case)
    return case


def _notify_deciders(case: BusinessCase, step: ApprovalStep) -> None:
    if step.proposers_own_manager:
        manager = case.proposer.line_manager
        deciders = [manager] if manager is not None else []
    else:
        deciders = list(
            User.objects.filter(
                council=case.council, is_active=True, role_assignments__role=step.role
            ).exclude(pk=case.proposer_id)
        )
    _email_on_commit(
        [u.email for u in deciders],
        f"Business case awaiting your decision: {case.title}",
        f"{case.proposer.get_full_name()} has submitted a business case for "
        f"{case.get_platform_display()} @{case.proposed_handle}. Step: {step.name}.",
    )


def _email_on_commit(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=False)
        )


# --- accounts ------------------------------------------------------------------------------------


@transaction.atomic
def record_account_created(
    *,
    actor: User,
    case: BusinessCase,
    handle: str,
    url: str,
    purpose: str,
    administrators: list[User],
) -> OfficialAccount:
    """Record that the authorised section created the account an approved case asked for."""
    case = BusinessCase.objects.select_for_update().get(pk=case.pk)
    _same_council(actor, case.council_id)
    rules = governance_for(case.council).accounts
    if rules.created_by_role not in actor.roles:
        raise PermissionDenied(
            f"Only {rules.created_by_role.label} can record official accounts as created "
            f"(policy clause {', '.join(rules.clauses)})."
        )
    if case.status != CaseStatus.APPROVED:
        raise ValidationError("An account can only be created from an approved business case.")
    if OfficialAccount.objects.filter(business_case=case).exclude(status="closed").exists():
        raise ValidationError("An account has already been created from this business case.")
    today = timezone.localdate()
    account = OfficialAccount(
        council=case.council,
        platform=case.platform,
        handle=normalise_handle(handle),
        display_handle=handle.strip().lstrip("@"),
        url=url,
        service=case.service,
        purpose=purpose,
        business_case=case,
        status=AccountStatus.ACTIVE,
        created_by=actor,
        activated_at=timezone.now(),
        next_review_due=_months_from(today, rules.review_period_months),
    )
    account.full_clean()
    account.save()
    record(
        actor=actor,
        verb=Verb.ACCOUNT_CREATED,
        target=account,
        payload={"business_case": case.pk, "revision": case.revision, "url": url},
    )
    for person in administrators:
        add_account_member(actor=actor, account=account, user=person, role=MemberRole.ADMINISTRATOR)
    return account


def can_manage_members(actor: User, account: OfficialAccount) -> bool:
    if actor.council_id != account.council_id:
        return False
    if actor.can(Capability.CREATE_OFFICIAL_ACCOUNT):
        return True
    return account.members.filter(
        user=actor, role=MemberRole.ADMINISTRATOR, status=MemberStatus.ACTIVE
    ).exists()


@transaction.atomic
def add_account_member(
    *, actor: User, account: OfficialAccount, user: User, role: MemberRole
) -> AccountMembership:
    """Make ``user`` an administrator or author; refused unless they meet the access rules."""
    if not can_manage_members(actor, account):
        raise PermissionDenied(
            "Only the account's administrators or Customer Services can do this."
        )
    if user.council_id != account.council_id:
        raise ValidationError({"user": "Only staff of the account's council can be added."})
    if account.status == AccountStatus.CLOSED:
        raise ValidationError("The account is closed.")
    readiness = access_readiness(user)
    if not readiness.ok:
        raise ValidationError({"user": list(readiness.problems)})
    membership, created = AccountMembership.objects.select_for_update().get_or_create(
        account=account, user=user, defaults={"role": role, "added_by": actor}
    )
    if not created:
        if membership.status == MemberStatus.ACTIVE and membership.role == role:
            return membership
        membership.role, membership.status, membership.status_reason = role, MemberStatus.ACTIVE, ""
        membership.save(update_fields=["role", "status", "status_reason", "changed_at"])
    record(
        actor=actor,
        verb=Verb.MEMBER_ADDED,
        target=account,
        payload={"user": user.email, "role": str(role)},
    )
    return membership


@transaction.atomic
def remove_account_member(
    *, actor: User, membership: AccountMembership, reason: str
) -> AccountMembership:
    account = membership.account
    if not can_manage_members(actor, account):
        raise PermissionDenied(
            "Only the account's administrators or Customer Services can do this."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why they are being removed."})
    membership.status, membership.status_reason = MemberStatus.REMOVED, reason.strip()
    membership.save(update_fields=["status", "status_reason", "changed_at"])
    record(
        actor=actor,
        verb=Verb.MEMBER_REMOVED,
        target=account,
        payload={"user": membership.user.email, "reason": reason.strip()},
    )
    _warn_if_at_risk(account)
    return membership


@transaction.atomic
def suspend_member_access(*, actor: User | None, user: User, reason: str) -> list[OfficialAccount]:
    """Suspend every active membership of ``user`` and tell each account's administrators.

    Used when someone's agreement or training lapses, or they leave. Safe to run again: a person
    with nothing active is left alone and nobody is emailed twice.
    """
    memberships = list(
        AccountMembership.objects.select_for_update()
        .filter(user=user, status=MemberStatus.ACTIVE)
        .select_related("account")
    )
    accounts = []
    for membership in memberships:
        membership.status, membership.status_reason = MemberStatus.SUSPENDED, reason
        membership.save(update_fields=["status", "status_reason", "changed_at"])
        account = membership.account
        accounts.append(account)
        record(
            actor=actor,
            verb=Verb.MEMBER_SUSPENDED,
            target=account,
            council=account.council,
            payload={"user": user.email, "reason": reason},
        )
        _email_on_commit(
            [m.user.email for m in _active_members(account, MemberRole.ADMINISTRATOR)],
            f"Access suspended on {account}",
            f"{user.get_full_name()}'s access to {account} has been suspended: {reason}",
        )
        _warn_if_at_risk(account)
    return accounts


def _active_members(account: OfficialAccount, role: MemberRole) -> list[AccountMembership]:
    return list(
        account.members.filter(role=role, status=MemberStatus.ACTIVE).select_related("user")
    )


def _warn_if_at_risk(account: OfficialAccount) -> None:
    minimum = governance_for(account.council).accounts.min_administrators
    admins = _active_members(account, MemberRole.ADMINISTRATOR)
    if account.status == AccountStatus.ACTIVE and len(admins) < minimum:
        owners = [m.user.email for m in admins] or [
            u.email
            for u in User.objects.filter(
                council=account.council,
                is_active=True,
                role_assignments__role=Role.CUSTOMER_SERVICES,
            )
        ]
        _email_on_commit(
            owners,
            f"{account} is at risk: {len(admins)} administrator(s)",
            f"{account} needs at least {minimum} administrators for cover. Add another.",
        )


@transaction.atomic
def change_account_status(
    *, actor: User, account: OfficialAccount, status: AccountStatus, reason: str
) -> OfficialAccount:
    account = OfficialAccount.objects.select_for_update().get(pk=account.pk)
    _same_council(actor, account.council_id)
    if not actor.can(Capability.CREATE_OFFICIAL_ACCOUNT):
        raise PermissionDenied("Only Customer Services can suspend, close or reopen accounts.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the account's status is changing."})
    if account.status == AccountStatus.CLOSED:
        raise ValidationError("A closed account stays closed: record a new one instead.")
    old = account.status
    account.status = status
    account.closed_at = timezone.now() if status == AccountStatus.CLOSED else None
    account.save(update_fields=["status", "closed_at"])
    record(
        actor=actor,
        verb=Verb.ACCOUNT_STATUS_CHANGED,
        target=account,
        payload={"old": {"status": old}, "new": {"status": str(status)}, "reason": reason.strip()},
    )
    return account


@dataclass(frozen=True)
class ReviewAnswers:
    still_needed: bool
    administrators_current: bool
    activity: str
    incidents: str = ""
    notes: str = ""


@transaction.atomic
def record_account_review(
    *, actor: User, account: OfficialAccount, answers: ReviewAnswers
) -> AccountReview:
    """Record a review and set the next one from the council's review period."""
    if not can_manage_members(actor, account):
        raise PermissionDenied("Only the account's administrators or Customer Services review it.")
    today = timezone.localdate()
    period = governance_for(account.council).accounts.review_period_months
    review = AccountReview.objects.create(
        account=account,
        reviewed_by=actor,
        reviewed_on=today,
        still_needed=answers.still_needed,
        administrators_current=answers.administrators_current,
        activity=answers.activity,
        incidents=answers.incidents,
        notes=answers.notes,
        next_review_due=_months_from(today, period),
    )
    account.next_review_due = review.next_review_due
    account.save(update_fields=["next_review_due"])
    record(
        actor=actor,
        verb=Verb.ACCOUNT_REVIEWED,
        target=account,
        payload={
            "still_needed": answers.still_needed,
            "administrators_current": answers.administrators_current,
            "next_review_due": review.next_review_due.isoformat(),
        },
    )
    return review
