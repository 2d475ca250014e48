"""Reads of a council's policy: the current version, its clauses and history, acknowledgements.

Every member of staff reads the current version; only the policy owner (``MANAGE_POLICY``) sees
the list of versions, the acknowledgement rate and the reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.access import deny, require
from socialguard.councils.models import Council
from socialguard.policies.models import PolicyAcknowledgement, PolicyReview, PolicyVersion
from socialguard.screening import Pack, load_pack
from socialguard.screening.errors import DataError

# The annual review is flagged this many days before it falls due.
REVIEW_WARNING_DAYS = 30


def packs_dir() -> Path:
    """Where policy packs are read from: the same setting the governance rules use."""
    return Path(settings.POLICY_PACKS_DIR)


def load_policy_pack(pack_id: str) -> Pack:
    """The loaded pack (cached by content hash in the engine). Raises ``DataError``."""
    return load_pack(pack_id, packs_dir=packs_dir())


def current_policy_version(council: Council | int) -> PolicyVersion | None:
    council_id = council if isinstance(council, int) else council.pk
    return PolicyVersion.objects.filter(council_id=council_id, is_current=True).first()


def has_acknowledged(user: User, version: PolicyVersion) -> bool:
    return PolicyAcknowledgement.objects.filter(user=user, policy_version=version).exists()


@dataclass(frozen=True)
class ClauseText:
    id: str
    text: str


@dataclass(frozen=True)
class SectionText:
    id: str
    heading: str
    clauses: list[ClauseText]


@dataclass(frozen=True)
class PolicyPage:
    """What every member of staff sees on the policy page."""

    version: PolicyVersion | None
    sections: list[SectionText]
    acknowledgement: PolicyAcknowledgement | None
    # The pack's files changed since the version was activated (a correction, or an edit that
    # should have been a new version): the owner is told, and the stored hash says which is which.
    pack_changed: bool
    pack_error: str


def _sections(pack: Pack) -> list[SectionText]:
    grouped: dict[str, list[ClauseText]] = {}
    for clause in pack.clauses.values():
        grouped.setdefault(clause.section, []).append(ClauseText(clause.id, clause.text))
    sections = []
    for section_id, clauses in grouped.items():
        section = pack.sections.get(section_id)
        heading = section.heading if section is not None else clauses[0].id
        sections.append(SectionText(section_id, heading, clauses))
    return sections


def policy_page_for(user: User) -> PolicyPage:
    """The current version of the viewer's council's policy, clause by clause."""
    council_id = require(user, Capability.ACKNOWLEDGE_POLICY)
    version = current_policy_version(council_id)
    if version is None:
        return PolicyPage(None, [], None, pack_changed=False, pack_error="")
    acknowledgement = PolicyAcknowledgement.objects.filter(
        user=user, policy_version=version
    ).first()
    try:
        pack = load_policy_pack(version.pack_id)
    except DataError as exc:
        return PolicyPage(version, [], acknowledgement, pack_changed=False, pack_error=str(exc))
    return PolicyPage(
        version,
        _sections(pack),
        acknowledgement,
        pack_changed=pack.hash != version.pack_hash,
        pack_error="",
    )


# --- the policy owner ----------------------------------------------------------------------------


def list_policy_versions_for(user: User) -> QuerySet[PolicyVersion]:
    council_id = require(user, Capability.MANAGE_POLICY)
    return PolicyVersion.objects.filter(council_id=council_id).select_related("activated_by")


def access_policy_version(user: User, version_id: int) -> PolicyVersion:
    council_id = require(user, Capability.MANAGE_POLICY)
    version = PolicyVersion.objects.filter(pk=version_id, council_id=council_id).first()
    if version is None:
        deny()
    return version


@dataclass(frozen=True)
class ReviewState:
    due: date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= REVIEW_WARNING_DAYS


def review_state(version: PolicyVersion, *, today: date | None = None) -> ReviewState:
    if version.review_due is None:
        return ReviewState(None, None)
    today = today or timezone.localdate()
    return ReviewState(version.review_due, (version.review_due - today).days)


@dataclass(frozen=True)
class AcknowledgementRate:
    acknowledged: int
    staff: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.acknowledged / self.staff) if self.staff else None


def acknowledgement_rate(version: PolicyVersion) -> AcknowledgementRate:
    """How many of the council's active staff have acknowledged ``version``."""
    staff = User.objects.filter(council_id=version.council_id, is_active=True)
    acknowledged = PolicyAcknowledgement.objects.filter(
        policy_version=version, user__is_active=True
    ).count()
    return AcknowledgementRate(acknowledged, staff.count())


def reviews_of(version: PolicyVersion) -> QuerySet[PolicyReview]:
    return version.reviews.select_related("completed_by").order_by("-completed_at")


@dataclass(frozen=True)
class AvailablePack:
    pack_id: str
    version: str
    title: str
    date: date


def available_packs_for(user: User) -> list[AvailablePack]:
    """Packs this council may activate: its own current pack, and any written for it by name."""
    from socialguard.screening.packs.loader import list_packs

    council_id = require(user, Capability.MANAGE_POLICY)
    council = Council.objects.get(pk=council_id)
    found = []
    for pack_id in list_packs(packs_dir()):
        try:
            pack = load_policy_pack(pack_id)
        except DataError:
            continue  # a broken pack is reported by `socialguard packs`, not offered here
        if pack_id == council.policy_pack or pack.meta.council == council.name:
            found.append(AvailablePack(pack_id, pack.version, pack.meta.title, pack.meta.date))
    return found
