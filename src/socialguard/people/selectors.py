"""Reads of agreements, training, restricted posts and staff compliance.

Two kinds of function live here:

- Gating checks the register calls before and after giving someone access to an official account:
  ``access_readiness``, ``has_valid_training``, ``is_politically_restricted``. They take the person
  being checked, not a viewer, and answer for that person's own council.
- ``access_*`` and ``list_*_for`` selectors for pages: scoped to the viewer's council and role
  through ``core.access.require``, answering 404 alike for missing, other-council and
  not-for-your-role records.

The dashboards build each person's status from a fixed number of queries (one per kind of record,
for the whole team or council), so their cost does not grow with the number of staff.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from socialguard.accounts.models import RoleAssignment, User
from socialguard.accounts.roles import ROLE_CAPABILITIES, Capability, Role
from socialguard.core.access import deny, require
from socialguard.councils.governance import governance_for
from socialguard.councils.models import Council
from socialguard.people.models import (
    AgreementSignature,
    AgreementVersion,
    Course,
    PoliticallyRestrictedPost,
    Reminder,
    ReminderKind,
    TrainingRecord,
    TrainingSession,
)
from socialguard.policies.dates import long_date
from socialguard.policies.models import PolicyAcknowledgement, PolicyVersion
from socialguard.policies.selectors import REVIEW_WARNING_DAYS, current_policy_version
from socialguard.register.models import (
    AccountMembership,
    MemberRole,
    MemberStatus,
    OfficialAccount,
)

# Training that expires within this many days is shown (and reminded about) as expiring soon.
EXPIRY_WARNING_DAYS = 30


def display_name(user: User) -> str:
    return user.get_full_name() or user.email


def roles_granting(capability: Capability) -> list[Role]:
    """The roles whose capabilities include ``capability`` (from the one mapping in roles.py)."""
    return [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]


def staff_with_capability(council: Council, capability: Capability) -> QuerySet[User]:
    """Active staff of ``council`` whose roles grant ``capability`` (everyone, for EVERYONE's)."""
    staff = User.objects.filter(council=council, is_active=True)
    roles = roles_granting(capability)
    if Role.EMPLOYEE in roles:
        return staff
    return staff.filter(role_assignments__role__in=roles).distinct()


# --- the gating checks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """Whether someone may run an official account now, and if not, every reason why."""

    ok: bool
    problems: tuple[str, ...] = ()


def current_agreement(council: Council | int) -> AgreementVersion | None:
    """The council's latest published agreement version: the only one whose signature counts."""
    council_id = council if isinstance(council, int) else council.pk
    return AgreementVersion.objects.filter(council_id=council_id).order_by("-number").first()


def _latest_expiry(users: Sequence[User], course_name: str, council: Council) -> dict[int, date]:
    """Each user's latest expiry date of any completion of ``council``'s course of that name."""
    if not users:
        return {}
    rows = (
        TrainingRecord.objects.filter(
            user__in=users,
            course__name__iexact=course_name,
            course__council=council,
        )
        .values("user_id")
        .annotate(latest=Max("expires_on"))
    )
    return {row["user_id"]: row["latest"] for row in rows}


def _council_readiness(
    council: Council, users: Sequence[User], today: date
) -> dict[int, Readiness]:
    rules = governance_for(council).access
    problems: dict[int, list[str]] = {u.pk: [] for u in users}
    present = [u for u in users if u.is_active]
    for user in users:
        if not user.is_active:
            problems[user.pk].append(f"{display_name(user)} has left the council")

    if rules.agreement_required and present:
        version = current_agreement(council)
        if version is None:
            for user in present:
                problems[user.pk].append(
                    f"{display_name(user)} has not signed the social media user agreement: "
                    f"{council.name} has not published one yet"
                )
        else:
            signatures = {
                s.user_id: s
                for s in AgreementSignature.objects.filter(version=version, user__in=present)
            }
            for user in present:
                signature = signatures.get(user.pk)
                name = display_name(user)
                if signature is None:
                    problems[user.pk].append(
                        f"{name} has not signed version {version.number} of the social media "
                        "user agreement"
                    )
                elif rules.countersignature_required and not signature.is_countersigned:
                    problems[user.pk].append(
                        f"{name}'s signature of version {version.number} of the social media "
                        "user agreement has not been countersigned by their line manager"
                    )

    if rules.training_course and present:
        course = rules.training_course
        expiries = _latest_expiry(present, course, council)
        for user in present:
            latest = expiries.get(user.pk)
            if latest is None:
                problems[user.pk].append(f"{display_name(user)} has not completed {course}")
            elif latest < today:
                problems[user.pk].append(
                    f"{display_name(user)}'s {course} training expired on {long_date(latest)}"
                )
    return {pk: Readiness(ok=not found, problems=tuple(found)) for pk, found in problems.items()}


def readiness_for(users: Iterable[User], *, today: date | None = None) -> dict[int, Readiness]:
    """``access_readiness`` for many people at once, in a few queries per council."""
    today = today or timezone.localdate()
    by_council: dict[int | None, list[User]] = defaultdict(list)
    for user in users:
        by_council[user.council_id].append(user)
    councils = Council.objects.in_bulk([c for c in by_council if c is not None])
    result: dict[int, Readiness] = {}
    for council_id, members in by_council.items():
        if council_id is None:
            for user in members:
                result[user.pk] = Readiness(
                    ok=False, problems=(f"{display_name(user)} is not on a council's staff",)
                )
            continue
        result |= _council_readiness(councils[council_id], members, today)
    return result


def access_readiness(user: User, *, today: date | None = None) -> Readiness:
    """May ``user`` be an author or administrator of an official account now?

    Follows ``governance_for(user.council).access``: the user must be active (not a leaver); when
    ``agreement_required``, they must have signed the council's current agreement version (and,
    when ``countersignature_required``, had it countersigned by a line manager); when
    ``training_course`` is set, they must hold a completion of the course of that name that
    expires today or later. ``problems`` lists every reason in plain English, naming the person.
    """
    return readiness_for([user], today=today)[user.pk]


def has_valid_training(user: User, course_name: str, *, today: date | None = None) -> bool:
    """Whether ``user`` holds a completion of the named course of their council, unexpired."""
    if user.council_id is None:
        return False
    today = today or timezone.localdate()
    return TrainingRecord.objects.filter(
        user=user,
        course__council_id=user.council_id,
        course__name__iexact=course_name,
        expires_on__gte=today,
    ).exists()


def is_politically_restricted(user: User) -> bool:
    """Whether ``user`` holds a post on the politically restricted register (St Helens §5.7).

    Screening of that person's personal posts treats political activity more strictly.
    """
    return PoliticallyRestrictedPost.objects.filter(user=user, removed_at__isnull=True).exists()


# --- who needs what ------------------------------------------------------------------------------


def access_population(council: Council) -> QuerySet[User]:
    """Active staff who run or may run official accounts, so need the agreement (SH §6.3):
    those whose roles let them draft or moderate, and anyone with account access today."""
    roles = roles_granting(Capability.DRAFT_OFFICIAL_POSTS) + roles_granting(
        Capability.MODERATE_INBOX
    )
    member = AccountMembership.objects.filter(
        user=OuterRef("pk"), status__in=[MemberStatus.ACTIVE, MemberStatus.SUSPENDED]
    )
    role = RoleAssignment.objects.filter(user=OuterRef("pk"), role__in=roles)
    return User.objects.filter(council=council, is_active=True).filter(
        Q(Exists(member)) | Q(Exists(role))
    )


# --- per-person status, for dashboards -----------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """One measure's state for one person: a short label, a GOV.UK tag colour, and whether it
    counts as compliant (None: the measure does not apply to them)."""

    label: str
    colour: str
    compliant: bool | None


NOT_NEEDED = Status("Not needed", "grey", None)


@dataclass
class PersonCompliance:
    person: User
    agreement: Status
    training: Status
    acknowledgement: Status
    signature_to_countersign: AgreementSignature | None = None


@dataclass(frozen=True)
class ComplianceContext:
    """What a council's people are measured against, loaded once per page."""

    council: Council
    agreement_required: bool
    countersignature_required: bool
    agreement: AgreementVersion | None
    training_course: str | None
    policy: PolicyVersion | None
    today: date


def compliance_context(council: Council, *, today: date | None = None) -> ComplianceContext:
    rules = governance_for(council).access
    return ComplianceContext(
        council=council,
        agreement_required=rules.agreement_required,
        countersignature_required=rules.countersignature_required,
        agreement=current_agreement(council) if rules.agreement_required else None,
        training_course=rules.training_course,
        policy=current_policy_version(council),
        today=today or timezone.localdate(),
    )


def compliance_of(people: Sequence[User], context: ComplianceContext) -> list[PersonCompliance]:
    """Each person's agreement, training and acknowledgement status, in four queries whatever
    the number of people."""
    ids = [p.pk for p in people]
    needing = (
        set(access_population(context.council).filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    # Every signature each person made, newest version first, so an old-version signature shows.
    signatures: dict[int, AgreementSignature] = {}
    if context.agreement_required and ids:
        for signature in (
            AgreementSignature.objects.filter(user_id__in=ids, council=context.council)
            .select_related("version", "countersigned_by")
            .order_by("user_id", "-version__number")
        ):
            signatures.setdefault(signature.user_id, signature)
    expiries: dict[int, date] = {}
    if context.training_course and ids:
        expiries = _latest_expiry(people, context.training_course, context.council)
    acknowledged: set[int] = set()
    if context.policy is not None and ids:
        acknowledged = set(
            PolicyAcknowledgement.objects.filter(
                policy_version=context.policy, user_id__in=ids
            ).values_list("user_id", flat=True)
        )
    rows = []
    for person in people:
        agreement, to_countersign = _agreement_status(
            context, signatures.get(person.pk), person.pk in needing
        )
        rows.append(
            PersonCompliance(
                person=person,
                agreement=agreement,
                training=_training_status(context, expiries.get(person.pk)),
                acknowledgement=_acknowledgement_status(context, person.pk in acknowledged),
                signature_to_countersign=to_countersign,
            )
        )
    return rows


def _agreement_status(
    context: ComplianceContext, signature: AgreementSignature | None, needs_it: bool
) -> tuple[Status, AgreementSignature | None]:
    if not context.agreement_required:
        return NOT_NEEDED, None
    current = context.agreement
    if current is None:
        return Status("No agreement published", "grey", None), None
    signed_current = signature is not None and signature.version_id == current.pk
    if signed_current and signature is not None:
        # Someone who signed without needing to is shown, but not counted in the measure.
        counted = None if not needs_it else False
        if context.countersignature_required and not signature.is_countersigned:
            return Status("Not countersigned", "yellow", counted), signature
        return Status(f"Signed version {current.number}", "green", needs_it or None), None
    if not needs_it:
        return NOT_NEEDED, None
    if signature is not None:
        return Status(f"Signed old version {signature.version.number}", "orange", False), None
    return Status("Not signed", "red", False), None


def _training_status(context: ComplianceContext, latest: date | None) -> Status:
    if not context.training_course:
        return NOT_NEEDED
    if latest is None:
        return Status("Not completed", "red", False)
    if latest < context.today:
        return Status(f"Expired {long_date(latest)}", "red", False)
    if latest <= context.today + timedelta(days=EXPIRY_WARNING_DAYS):
        return Status(f"Expires {long_date(latest)}", "yellow", True)
    return Status(f"Valid until {long_date(latest)}", "green", True)


def _acknowledgement_status(context: ComplianceContext, acknowledged: bool) -> Status:
    if context.policy is None:
        return Status("No current policy", "grey", None)
    if acknowledged:
        return Status(f"Acknowledged version {context.policy.version}", "green", True)
    return Status("Not acknowledged", "red", False)


# --- the line manager's team (St Helens §9.8, §9.12) ---------------------------------------------


def list_team_for(user: User) -> QuerySet[User]:
    """The viewer's active direct reports (never anyone else's)."""
    council_id = require(user, Capability.VIEW_TEAM_COMPLIANCE)
    return User.objects.filter(council_id=council_id, line_manager=user, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def team_compliance_for(user: User, *, today: date | None = None) -> list[PersonCompliance]:
    council = Council.objects.get(pk=require(user, Capability.VIEW_TEAM_COMPLIANCE))
    team = list(list_team_for(user))
    return compliance_of(team, compliance_context(council, today=today))


def access_signature_to_countersign(user: User, signature_id: int) -> AgreementSignature:
    """A signature the viewer may countersign: one of their own reports', never their own."""
    council_id = require(user, Capability.VIEW_TEAM_COMPLIANCE)
    signature = (
        AgreementSignature.objects.filter(
            pk=signature_id, council_id=council_id, user__line_manager=user
        )
        .exclude(user=user)
        .select_related("user", "version", "countersigned_by")
        .first()
    )
    if signature is None:
        deny()
    return signature


def access_person(user: User, person_id: int) -> User:
    """A member of staff whose compliance the viewer may see: anyone in their council for a
    compliance reader, otherwise only their own direct reports."""
    if user.is_authenticated and user.can(Capability.VIEW_COMPLIANCE_REPORTS):
        council_id = require(user, Capability.VIEW_COMPLIANCE_REPORTS)
        person = User.objects.filter(pk=person_id, council_id=council_id).first()
    else:
        council_id = require(user, Capability.VIEW_TEAM_COMPLIANCE)
        person = User.objects.filter(pk=person_id, council_id=council_id, line_manager=user).first()
    if person is None:
        deny()
    return person


@dataclass(frozen=True)
class PersonRecords:
    signatures: list[AgreementSignature]
    training: list[TrainingRecord]
    acknowledgements: list[PolicyAcknowledgement]
    restriction: PoliticallyRestrictedPost | None


def records_of(person: User) -> PersonRecords:
    """Everything held about one person's compliance (fetch them with ``access_person``)."""
    return PersonRecords(
        signatures=list(
            AgreementSignature.objects.filter(user=person)
            .select_related("version", "countersigned_by")
            .order_by("-version__number")
        ),
        training=list(
            TrainingRecord.objects.filter(user=person)
            .select_related("course", "session", "recorded_by")
            .order_by("-completed_on")
        ),
        acknowledgements=list(
            PolicyAcknowledgement.objects.filter(user=person)
            .select_related("policy_version")
            .order_by("-acknowledged_at")
        ),
        restriction=PoliticallyRestrictedPost.objects.filter(
            user=person, removed_at__isnull=True
        ).first(),
    )


# --- the council-wide compliance report (St Helens §9.4–9.5) -------------------------------------

NO_DEPARTMENT = "No department recorded"


@dataclass(frozen=True)
class Measure:
    """How many of the people a measure applies to meet it."""

    compliant: int
    applicable: int

    @property
    def percent(self) -> int | None:
        if not self.applicable:
            return None
        return round(100 * self.compliant / self.applicable)


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    staff: int
    agreement: Measure
    training: Measure
    acknowledgement: Measure


def _measure(rows: Sequence[PersonCompliance], attribute: str) -> Measure:
    states = [getattr(r, attribute).compliant for r in rows]
    return Measure(
        compliant=sum(1 for s in states if s is True),
        applicable=sum(1 for s in states if s is not None),
    )


@dataclass(frozen=True)
class ComplianceReport:
    context: ComplianceContext
    departments: list[DepartmentRow]
    total: DepartmentRow
    reviews_due: list[OfficialAccount]
    at_risk: list[OfficialAccount]
    review_window_days: int


def compliance_report_for(
    user: User, *, today: date | None = None, review_window_days: int = 14
) -> ComplianceReport:
    """Per-department compliance of the viewer's council, plus accounts due for review or short
    of administrators."""
    # Imported here, not at the top: register's services import this module for their gating
    # checks, so a module-level import of the register's reads could become a cycle.
    from socialguard.register.selectors import accounts_at_risk, accounts_due_for_review

    council_id = require(user, Capability.VIEW_COMPLIANCE_REPORTS)
    council = Council.objects.get(pk=council_id)
    context = compliance_context(council, today=today)
    staff = list(
        User.objects.filter(council=council, is_active=True).order_by(
            "department", "last_name", "first_name"
        )
    )
    rows = compliance_of(staff, context)
    grouped: dict[str, list[PersonCompliance]] = defaultdict(list)
    for row in rows:
        grouped[row.person.department.strip() or NO_DEPARTMENT].append(row)

    def summarise(name: str, members: Sequence[PersonCompliance]) -> DepartmentRow:
        return DepartmentRow(
            department=name,
            staff=len(members),
            agreement=_measure(members, "agreement"),
            training=_measure(members, "training"),
            acknowledgement=_measure(members, "acknowledgement"),
        )

    departments = [summarise(name, grouped[name]) for name in sorted(grouped)]
    return ComplianceReport(
        context=context,
        departments=departments,
        total=summarise("All departments", rows),
        reviews_due=list(accounts_due_for_review(council, within_days=review_window_days)),
        at_risk=list(accounts_at_risk(council)),
        review_window_days=review_window_days,
    )


# --- agreements, training and the restricted register, for the policy owner ----------------------


def list_agreement_versions_for(user: User) -> QuerySet[AgreementVersion]:
    council_id = require(user, Capability.MANAGE_POLICY)
    return AgreementVersion.objects.filter(council_id=council_id).select_related("published_by")


def list_courses_for(user: User) -> QuerySet[Course]:
    council_id = require(user, Capability.MANAGE_POLICY)
    return Course.objects.filter(council_id=council_id).order_by("name")


def access_course(user: User, course_id: int) -> Course:
    council_id = require(user, Capability.MANAGE_POLICY)
    course = Course.objects.filter(pk=course_id, council_id=council_id).first()
    if course is None:
        deny()
    return course


def access_session(user: User, session_id: int) -> TrainingSession:
    council_id = require(user, Capability.MANAGE_POLICY)
    session = (
        TrainingSession.objects.filter(pk=session_id, council_id=council_id)
        .select_related("course")
        .first()
    )
    if session is None:
        deny()
    return session


def records_for_course(course: Course) -> QuerySet[TrainingRecord]:
    return course.records.select_related("user", "session", "recorded_by").order_by(
        "-completed_on", "user__last_name"
    )


def staff_choices(council: Council | int) -> QuerySet[User]:
    """Active staff of the council, for pickers."""
    council_id = council if isinstance(council, int) else council.pk
    return User.objects.filter(council_id=council_id, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def can_manage_restricted_posts(user: User) -> bool:
    """The register is kept by the policy owner or HR (St Helens §5.7 defers to the Code of
    Conduct for Employees, which HR administers)."""
    return user.can(Capability.MANAGE_POLICY) or user.can(Capability.MANAGE_BREACH_CASES)


def _restricted_register_council(user: User) -> int:
    if not user.is_authenticated or user.council_id is None:
        deny()
    if not can_manage_restricted_posts(user):
        deny()
    return user.council_id


def list_restricted_posts_for(
    user: User, *, include_removed: bool = False
) -> QuerySet[PoliticallyRestrictedPost]:
    council_id = _restricted_register_council(user)
    posts = PoliticallyRestrictedPost.objects.filter(council_id=council_id).select_related(
        "user", "added_by", "removed_by"
    )
    if not include_removed:
        posts = posts.filter(removed_at__isnull=True)
    return posts.order_by("user__last_name", "user__first_name", "-added_at")


def access_restricted_post(user: User, post_id: int) -> PoliticallyRestrictedPost:
    council_id = _restricted_register_council(user)
    post = (
        PoliticallyRestrictedPost.objects.filter(pk=post_id, council_id=council_id)
        .select_related("user")
        .first()
    )
    if post is None:
        deny()
    return post


# --- the employee's own page ---------------------------------------------------------------------


@dataclass(frozen=True)
class MyCompliance:
    compliance: PersonCompliance
    context: ComplianceContext
    needs_access: bool
    readiness: Readiness
    signature: AgreementSignature | None  # of the current version
    training: list[TrainingRecord]
    acknowledged: bool
    restricted: PoliticallyRestrictedPost | None


def my_compliance(user: User, *, today: date | None = None) -> MyCompliance:
    """The signed-in person's own agreement, training, acknowledgement and access readiness."""
    if not user.is_authenticated or user.council is None:
        deny()
    context = compliance_context(user.council, today=today)
    row = compliance_of([user], context)[0]
    signature = (
        AgreementSignature.objects.filter(user=user, version=context.agreement)
        .select_related("countersigned_by")
        .first()
        if context.agreement is not None
        else None
    )
    return MyCompliance(
        compliance=row,
        context=context,
        needs_access=access_population(user.council).filter(pk=user.pk).exists(),
        readiness=access_readiness(user, today=context.today),
        signature=signature,
        training=list(
            TrainingRecord.objects.filter(user=user)
            .select_related("course", "session")
            .order_by("-completed_on")
        ),
        acknowledged=row.acknowledgement.compliant is True,
        restricted=PoliticallyRestrictedPost.objects.filter(
            user=user, removed_at__isnull=True
        ).first(),
    )


def reminders_sent(council: Council, *, limit: int = 50) -> QuerySet[Reminder]:
    return Reminder.objects.filter(council=council).order_by("-sent_at")[:limit]


# --- reminders due (sent by services.send_reminders) ---------------------------------------------

# Account reviews are reminded about this many days ahead (and again once overdue).
ACCOUNT_REVIEW_WARNING_DAYS = 14


@dataclass(frozen=True)
class DueReminder:
    """A reminder that should go out unless one with the same (kind, target, due) already has."""

    council: Council
    kind: ReminderKind
    target_key: str
    due_key: str
    recipients: tuple[str, ...]
    subject: str
    body: str


def _link(url_name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name)


def _agreement_reminders(council: Council, context: ComplianceContext) -> list[DueReminder]:
    version = context.agreement
    if version is None:
        return []
    signed = AgreementSignature.objects.filter(version=version)
    found = [
        DueReminder(
            council,
            ReminderKind.AGREEMENT_UNSIGNED,
            f"user:{person.pk}",
            f"agreement:{version.pk}",
            (person.email,),
            f"Please sign version {version.number} of the social media user agreement",
            f"{council.name} asks everyone who runs or writes for an official social media "
            f"account to sign its user agreement (St Helens §6.3). You have not signed "
            f"version {version.number}. Until you do, you cannot be given access to an "
            f"official account.\n\nRead and sign it: {_link('people:my_compliance')}",
        )
        for person in access_population(council).exclude(pk__in=signed.values("user_id"))
    ]
    if context.countersignature_required:
        waiting = (
            signed.filter(countersigned_by__isnull=True, user__is_active=True)
            .exclude(user__line_manager__isnull=True)
            .filter(user__line_manager__is_active=True)
            .select_related("user", "user__line_manager")
        )
        for signature in waiting:
            signer, manager = signature.user, signature.user.line_manager
            if manager is None:  # excluded by the query; checked again for the type checker
                continue
            found.append(
                DueReminder(
                    council,
                    ReminderKind.COUNTERSIGNATURE_PENDING,
                    f"signature:{signature.pk}",
                    f"agreement:{version.pk}",
                    (manager.email,),
                    f"Please countersign {display_name(signer)}'s social media user agreement",
                    f"{display_name(signer)} signed version {version.number} of the social media "
                    "user agreement. As their line manager, you must ensure it is completed "
                    f"(St Helens §9.12): countersign it on your team page: {_link('people:team')}",
                )
            )
    return found


def _training_reminders(council: Council, today: date) -> list[DueReminder]:
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    latest = (
        TrainingRecord.objects.filter(council=council, user__is_active=True)
        .values("user_id", "course_id")
        .annotate(latest=Max("expires_on"))
        .filter(latest__lte=horizon)
    )
    rows = list(latest)
    if not rows:
        return []
    people = User.objects.select_related("line_manager").in_bulk({r["user_id"] for r in rows})
    courses = Course.objects.in_bulk({r["course_id"] for r in rows})
    found = []
    for row in rows:
        person, course, expiry = people[row["user_id"]], courses[row["course_id"]], row["latest"]
        expired = expiry < today
        recipients = [person.email]
        manager = person.line_manager
        if expired and manager is not None and manager.is_active:
            recipients.append(manager.email)  # St Helens §9.8: managers see training is done
        when = long_date(expiry)
        found.append(
            DueReminder(
                council,
                ReminderKind.TRAINING_EXPIRED if expired else ReminderKind.TRAINING_EXPIRING,
                f"user:{person.pk}",
                f"course:{course.pk}:{expiry.isoformat()}",
                tuple(recipients),
                f"{display_name(person)}'s {course.name} training "
                + (f"expired on {when}" if expired else f"expires on {when}"),
                f"{display_name(person)}'s {course.name} training "
                + (f"expired on {when}." if expired else f"expires on {when}.")
                + " Staff who run official accounts need it to be current; book a session "
                f"with the policy owner. Your compliance: {_link('people:my_compliance')}",
            )
        )
    return found


def _policy_reminders(council: Council, context: ComplianceContext) -> list[DueReminder]:
    policy = context.policy
    if policy is None:
        return []
    acknowledged = PolicyAcknowledgement.objects.filter(policy_version=policy)
    unacknowledged = User.objects.filter(council=council, is_active=True).exclude(
        pk__in=acknowledged.values("user_id")
    )
    found = [
        DueReminder(
            council,
            ReminderKind.POLICY_UNACKNOWLEDGED,
            f"user:{person.pk}",
            f"policy:{policy.pk}",
            (person.email,),
            f"Please read and acknowledge the {policy.title} (version {policy.version})",
            f"Everyone covered by {council.name}'s {policy.title} is responsible for using "
            f"social media in line with it. Please read version {policy.version} and "
            f"confirm you have: {_link('policies:policy')}",
        )
        for person in unacknowledged
    ]
    due = policy.review_due
    if due is not None and due <= context.today + timedelta(days=REVIEW_WARNING_DAYS):
        owners = tuple(
            staff_with_capability(council, Capability.MANAGE_POLICY).values_list("email", flat=True)
        )
        overdue = due < context.today
        cadence = (
            f"the policy is reviewed at least every {policy.review_period_months} months"
            if policy.review_period_months
            else "the date was set at its last review"
        )
        if owners:
            found.append(
                DueReminder(
                    council,
                    ReminderKind.POLICY_REVIEW_OVERDUE
                    if overdue
                    else ReminderKind.POLICY_REVIEW_DUE,
                    f"policy:{policy.pk}",
                    f"review:{due.isoformat()}",
                    owners,
                    f"The {policy.title} review "
                    + ("was due" if overdue else "is due")
                    + f" on {long_date(due)}",
                    f"{council.name}'s {policy.title} (version {policy.version}) is due for "
                    f"review: {cadence}. The review "
                    + ("was due" if overdue else "is due")
                    + f" on {long_date(due)}. Record it: {_link('policies:manage')}",
                )
            )
    return found


def _account_reminders(council: Council, today: date) -> list[DueReminder]:
    from socialguard.register.selectors import accounts_due_for_review

    accounts = list(
        accounts_due_for_review(council, within_days=ACCOUNT_REVIEW_WARNING_DAYS).prefetch_related(
            Prefetch(
                "members",
                queryset=AccountMembership.objects.filter(
                    role=MemberRole.ADMINISTRATOR,
                    status=MemberStatus.ACTIVE,
                    user__is_active=True,
                ).select_related("user"),
                to_attr="active_admins",
            )
        )
    )
    if not accounts:
        return []
    # An account nobody administers is still reviewed: its creators (Customer Services) are told.
    creators = tuple(
        staff_with_capability(council, Capability.CREATE_OFFICIAL_ACCOUNT).values_list(
            "email", flat=True
        )
    )
    found = []
    for account in accounts:
        due = account.next_review_due
        if due is None:  # accounts_due_for_review filters on it; checked for the type checker
            continue
        admins = tuple(m.user.email for m in account.active_admins)
        recipients = admins or creators
        if not recipients:
            continue
        overdue = due < today
        found.append(
            DueReminder(
                council,
                ReminderKind.ACCOUNT_REVIEW_OVERDUE if overdue else ReminderKind.ACCOUNT_REVIEW_DUE,
                f"account:{account.pk}",
                f"review:{due.isoformat()}",
                recipients,
                f"Review of {account} "
                + ("was due" if overdue else "is due")
                + f" on {long_date(due)}",
                f"{account} ({account.service}) "
                + ("was due" if overdue else "is due")
                + f" for its periodic review on {long_date(due)}. Record the review in the "
                "account register.",
            )
        )
    return found


def due_reminders(council: Council, *, today: date | None = None) -> list[DueReminder]:
    """Every reminder the council's people should have had by ``today`` and have not yet."""
    context = compliance_context(council, today=today)
    candidates = [
        *_agreement_reminders(council, context),
        *_training_reminders(council, context.today),
        *_policy_reminders(council, context),
        *_account_reminders(council, context.today),
    ]
    if not candidates:
        return []
    sent = set(
        Reminder.objects.filter(council=council, kind__in={c.kind for c in candidates}).values_list(
            "kind", "target_key", "due_key"
        )
    )
    return [c for c in candidates if (c.kind, c.target_key, c.due_key) not in sent]
