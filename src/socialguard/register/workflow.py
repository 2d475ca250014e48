"""Where a business case stands in its council's approval chain, and who may decide next."""

from __future__ import annotations

from socialguard.accounts.models import User
from socialguard.councils.governance import ApprovalStep, governance_for
from socialguard.register.models import BusinessCase, CaseStatus


def current_step(case: BusinessCase) -> ApprovalStep | None:
    """The step that must decide next, while the case is awaiting approval."""
    if case.status != CaseStatus.SUBMITTED:
        return None
    steps = governance_for(case.council).business_case.steps
    return steps[case.current_step] if case.current_step < len(steps) else None


def why_cannot_decide(actor: User, case: BusinessCase) -> str | None:
    """Why ``actor`` may not decide the current step, or None when they may."""
    step = current_step(case)
    if step is None:
        return "The case is not awaiting a decision."
    if actor.council_id != case.council_id:
        return "The case belongs to another council."
    if actor.pk == case.proposer_id:
        return "Nobody can approve their own business case."
    if step.role not in actor.roles:
        return f"This step ({step.name}) is decided by a {step.role.label.lower()}."
    if step.proposers_own_manager and case.proposer.line_manager_id != actor.pk:
        return f"This step ({step.name}) is decided by the proposer's own line manager."
    return None
