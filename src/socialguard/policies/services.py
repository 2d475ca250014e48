"""Writes to a council's policy: activating a version, acknowledging it, completing a review.

Each function checks who may act (the check is here, not only in the views), writes inside one
transaction and records an audit event in it.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.governance import GovernanceError, load_governance
from socialguard.councils.models import Council, Jurisdiction
from socialguard.policies.dates import add_months, long_date
from socialguard.policies.models import PolicyAcknowledgement, PolicyReview, PolicyVersion
from socialguard.policies.selectors import load_policy_pack, packs_dir
from socialguard.screening.errors import DataError


def _check_manager(actor: User | None, council_id: int) -> None:
    """``None`` is the system (demo loader, management commands); people need MANAGE_POLICY."""
    if actor is None:
        return
    if actor.council_id != council_id or not actor.can(Capability.MANAGE_POLICY):
        raise PermissionDenied("Only the policy owner can change the council's policy.")


def _same_law(pack_jurisdiction: str, council: Council) -> bool:
    # Packs name "wales" or "northern_ireland" separately; councils record the legal regime, and
    # only Scotland's differs for what SocialGuard enforces (RIP(S)A, Scottish bank holidays).
    pack_is_scottish = pack_jurisdiction == Jurisdiction.SCOTLAND
    return pack_is_scottish == (council.jurisdiction == Jurisdiction.SCOTLAND)


@transaction.atomic
def activate_policy_version(*, actor: User | None, council: Council, pack_id: str) -> PolicyVersion:
    """Make the policy in ``policy_packs/<pack_id>`` the council's current version.

    Creates the version from the pack's metadata (version, title, date, approval, review period,
    the document's version-control table, content hash), or brings an existing record of the
    same printed version up to date with the pack's files. The first review is due one review
    period after the date printed on the document (St Helens §10.2: "at least an annual review");
    a pack with no fixed period (East Lothian §7.1) has no due date until the owner sets one.
    Switching to another pack also switches the council's screening to it. Running it again
    with nothing changed changes nothing.
    """
    _check_manager(actor, council.pk)
    try:
        pack = load_policy_pack(pack_id)
    except DataError as exc:
        raise ValidationError({"pack_id": f"The policy pack cannot be used: {exc}"}) from exc
    meta = pack.meta
    if pack_id != council.policy_pack and meta.council != council.name:
        raise ValidationError({"pack_id": f"{pack_id} is {meta.council}'s policy, not yours."})
    if not _same_law(meta.jurisdiction, council):
        raise ValidationError(
            {"pack_id": f"{pack_id} is written for another jurisdiction than {council.name}'s."}
        )
    if pack_id != council.policy_pack:
        try:
            load_governance(packs_dir() / pack_id)
        except GovernanceError as exc:
            raise ValidationError({"pack_id": str(exc)}) from exc

    history = [row.model_dump() for row in meta.history]
    version = (
        PolicyVersion.objects.select_for_update()
        .filter(council=council, pack_id=pack_id, version=meta.version)
        .first()
    )
    previous = PolicyVersion.objects.filter(council=council, is_current=True).first()
    if (
        version is not None
        and version.is_current
        and version.pack_hash == pack.hash
        and council.policy_pack == pack_id
    ):
        return version  # already current and unchanged: nothing to record

    old_hash = version.pack_hash if version is not None else None
    if previous is not None and (version is None or previous.pk != version.pk):
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    now = timezone.now()
    if version is None:
        period = meta.review_period_months
        version = PolicyVersion.objects.create(
            council=council,
            pack_id=pack_id,
            version=meta.version,
            title=meta.title,
            pack_hash=pack.hash,
            approved_by=meta.approved_by or "",
            effective_from=meta.date,
            review_period_months=period,
            review_due=add_months(meta.date, period) if period else None,
            is_current=True,
            history=history,
            activated_by=actor,
            activated_at=now,
        )
    else:
        # The same printed version: keep its acknowledgements and review dates; refresh what the
        # files say (a corrected clause, a completed history table).
        version.title = meta.title
        version.pack_hash = pack.hash
        version.approved_by = meta.approved_by or ""
        version.history = history
        version.review_period_months = meta.review_period_months
        version.is_current = True
        version.activated_by = actor
        version.activated_at = now
        version.save()

    old_pack = council.policy_pack
    if old_pack != pack_id:
        Council.objects.filter(pk=council.pk).update(policy_pack=pack_id)
        council.policy_pack = pack_id
    record(
        actor=actor,
        verb=Verb.POLICY_ACTIVATED,
        target=version,
        council=council,
        payload={
            "pack_id": pack_id,
            "version": meta.version,
            "pack_hash": pack.hash,
            "old": {
                "current": str(previous) if previous is not None else None,
                "pack_hash": old_hash,
                "policy_pack": old_pack,
            },
        },
    )
    return version


@transaction.atomic
def acknowledge_policy(*, actor: User, version: PolicyVersion) -> PolicyAcknowledgement:
    """``actor`` confirms they have read ``version`` (St Helens §9.13). Only the current version
    of their own council can be acknowledged; acknowledging twice returns the first one."""
    if not actor.is_active or actor.council_id != version.council_id:
        raise PermissionDenied("You can only acknowledge your own council's policy.")
    if not actor.can(Capability.ACKNOWLEDGE_POLICY):
        raise PermissionDenied("Your account cannot acknowledge the policy.")
    existing = PolicyAcknowledgement.objects.filter(user=actor, policy_version=version).first()
    if existing is not None:
        return existing
    current = PolicyVersion.objects.filter(pk=version.pk, is_current=True).exists()
    if not current:
        raise ValidationError(
            "This is not the current version of the policy. Read the current version and "
            "acknowledge that."
        )
    try:
        with transaction.atomic():
            acknowledgement = PolicyAcknowledgement.objects.create(
                council_id=version.council_id,
                user=actor,
                policy_version=version,
                acknowledged_at=timezone.now(),
            )
    except IntegrityError:  # a double submission got there between our check and this insert
        return PolicyAcknowledgement.objects.get(user=actor, policy_version=version)
    record(
        actor=actor,
        verb=Verb.POLICY_ACKNOWLEDGED,
        target=version,
        payload={"version": version.version, "pack_hash": version.pack_hash},
    )
    return acknowledgement


@transaction.atomic
def complete_annual_review(
    *, actor: User, version: PolicyVersion, notes: str, next_due: date
) -> PolicyReview:
    """Record that the policy owner reviewed the current policy, and when the next review is due.

    The next review must fall after today and, for a policy with a review period, within one
    period of today (St Helens §10.2: "at least an annual review").
    """
    _check_manager(actor, version.council_id)
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_current:
        raise ValidationError("Only the current version of the policy can be reviewed.")
    notes = notes.strip()
    if not notes:
        raise ValidationError({"notes": "Enter what the review found"})
    today = timezone.localdate()
    if next_due <= today:
        raise ValidationError({"next_due": "The next review must be after today"})
    period = version.review_period_months
    if period and next_due > add_months(today, period):
        latest = add_months(today, period)
        raise ValidationError(
            {
                "next_due": f"The policy must be reviewed at least every {period} months: "
                f"set the next review on or before {long_date(latest)}"
            }
        )
    review = PolicyReview.objects.create(
        council_id=version.council_id,
        policy_version=version,
        completed_by=actor,
        completed_at=timezone.now(),
        notes=notes,
        previous_due=version.review_due,
        next_due=next_due,
    )
    old_due = version.review_due
    version.review_due = next_due
    version.save(update_fields=["review_due"])
    record(
        actor=actor,
        verb=Verb.POLICY_REVIEWED,
        target=version,
        payload={
            "old": {"review_due": old_due.isoformat() if old_due else None},
            "new": {"review_due": next_due.isoformat()},
            "notes": notes,
        },
    )
    return review
