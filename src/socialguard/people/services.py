"""Writes to agreements, training, the restricted posts register and leavers; the access sweep.

Every function takes keyword arguments with a required ``actor`` (``None`` for the system: the
demo loader, the scheduled sweep), checks that the actor may do it, writes in one transaction and
records an audit event in that transaction. Emails go out only after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.models import Council
from socialguard.people.models import (
    AgreementSignature,
    AgreementVersion,
    Course,
    PoliticallyRestrictedPost,
    Reminder,
    TrainingRecord,
    TrainingSession,
)
from socialguard.people.selectors import (
    DueReminder,
    can_manage_restricted_posts,
    current_agreement,
    display_name,
    due_reminders,
    readiness_for,
)
from socialguard.policies.dates import add_months
from socialguard.register.models import AccountMembership, MemberStatus, OfficialAccount
from socialguard.register.services import suspend_member_access


def _require(actor: User | None, council_id: int | None, capability: Capability) -> None:
    """``None`` is the system; a person must be on the council's staff with ``capability``."""
    if actor is None:
        return
    if council_id is None or actor.council_id != council_id or not actor.can(capability):
        raise PermissionDenied(f"Your role does not include: {capability.label.lower()}.")


def _email_on_commit(recipients: Iterable[str], subject: str, body: str) -> None:
    to = sorted({r for r in recipients if r})
    if to:
        # robust: a mail server failure is logged and the run carries on with the next reminder.
        transaction.on_commit(lambda: send_mail(subject, body, None, to), robust=True)


# --- user agreements (St Helens §6.3, §9.12) -----------------------------------------------------


@transaction.atomic
def publish_agreement_version(
    *, actor: User | None, council: Council, title: str, body: str
) -> AgreementVersion:
    """Publish the next version of the council's user agreement.

    From now on only a signature of this version counts: everyone must sign again, and anyone
    running an official account on an older signature loses access at the next sweep.
    """
    _require(actor, council.pk, Capability.MANAGE_POLICY)
    title, body = title.strip(), body.strip()
    if not title:
        raise ValidationError({"title": "Enter the agreement's title"})
    if not body:
        raise ValidationError({"body": "Enter the text staff will sign"})
    # Lock the council's versions so two publishers cannot take the same number.
    latest = (
        AgreementVersion.objects.select_for_update()
        .filter(council=council)
        .order_by("-number")
        .first()
    )
    version = AgreementVersion.objects.create(
        council=council,
        number=(latest.number + 1) if latest else 1,
        title=title,
        body=body,
        published_at=timezone.now(),
        published_by=actor,
    )
    record(
        actor=actor,
        verb=Verb.AGREEMENT_PUBLISHED,
        target=version,
        council=council,
        payload={"number": version.number, "title": title},
    )
    return version


@transaction.atomic
def sign_agreement(*, actor: User, version: AgreementVersion) -> AgreementSignature:
    """``actor`` signs ``version`` of their council's agreement; only the current version can be
    signed. Signing again returns the existing signature."""
    if not actor.is_active or actor.council_id != version.council_id:
        raise PermissionDenied("You can only sign your own council's user agreement.")
    existing = AgreementSignature.objects.filter(user=actor, version=version).first()
    if existing is not None:
        return existing
    current = current_agreement(version.council_id)
    if current is None or current.pk != version.pk:
        raise ValidationError(
            "This is not the current version of the user agreement. Read the current version "
            "and sign that."
        )
    try:
        with transaction.atomic():
            signature = AgreementSignature.objects.create(
                council_id=version.council_id,
                user=actor,
                version=version,
                signed_at=timezone.now(),
            )
    except IntegrityError:  # a double submission signed between our check and this insert
        return AgreementSignature.objects.get(user=actor, version=version)
    record(
        actor=actor,
        verb=Verb.AGREEMENT_SIGNED,
        target=version,
        payload={"number": version.number},
    )
    manager = actor.line_manager
    if manager is not None and manager.is_active:
        _email_on_commit(
            [manager.email],
            f"{display_name(actor)} has signed the social media user agreement",
            f"{display_name(actor)} signed version {version.number} of the social media user "
            "agreement. As their line manager, please countersign it (St Helens §9.12) on your "
            "team page in SocialGuard.",
        )
    return signature


@transaction.atomic
def countersign_agreement(*, actor: User, signature: AgreementSignature) -> AgreementSignature:
    """The signer's line manager countersigns (St Helens §9.12).

    Refused for anyone but the signer's own line manager, for one's own signature, and for a
    signature of an old version. Countersigning twice leaves the first countersignature.
    """
    signature = (
        AgreementSignature.objects.select_for_update()
        .select_related("user", "version")
        .get(pk=signature.pk)
    )
    signer = signature.user
    if signer.pk == actor.pk:
        raise PermissionDenied("You cannot countersign your own agreement.")
    if (
        actor.council_id != signature.council_id
        or signer.line_manager_id != actor.pk
        or not actor.can(Capability.VIEW_TEAM_COMPLIANCE)
    ):
        raise PermissionDenied("Only the signer's line manager can countersign their agreement.")
    if signature.is_countersigned:
        return signature
    current = current_agreement(signature.council_id)
    if current is None or current.pk != signature.version_id:
        raise ValidationError(
            "This signature is of an old version of the agreement: ask them to sign the "
            "current one."
        )
    signature.countersigned_by = actor
    signature.countersigned_at = timezone.now()
    signature.save(update_fields=["countersigned_by", "countersigned_at"])
    record(
        actor=actor,
        verb=Verb.AGREEMENT_COUNTERSIGNED,
        target=signature.version,
        payload={"signer": signer.email, "number": signature.version.number},
    )
    return signature


# --- training (St Helens §9.14; East Lothian §5.1) -----------------------------------------------


@transaction.atomic
def save_course(
    *,
    actor: User | None,
    council: Council,
    name: str,
    description: str,
    validity_months: int,
    awareness_session: bool,
    course: Course | None = None,
) -> Course:
    """Create a course, or change one. A new validity period applies to completions recorded from
    now on; expiry dates already recorded stay as they were when recorded."""
    _require(actor, council.pk, Capability.MANAGE_POLICY)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the course name"})
    if not 1 <= validity_months <= 120:
        raise ValidationError({"validity_months": "Enter a number of months from 1 to 120"})
    clash = Course.objects.filter(council=council, name__iexact=name)
    if course is not None:
        if course.council_id != council.pk:
            raise PermissionDenied("That course belongs to another council.")
        clash = clash.exclude(pk=course.pk)
    if clash.exists():
        raise ValidationError({"name": "There is already a course with this name"})
    old = (
        {"name": course.name, "validity_months": course.validity_months}
        if course is not None
        else None
    )
    course = course or Course(council=council)
    course.name = name
    course.description = description.strip()
    course.validity_months = validity_months
    course.awareness_session = awareness_session
    course.save()
    record(
        actor=actor,
        verb=Verb.COURSE_SAVED,
        target=course,
        council=council,
        payload={
            "old": old,
            "new": {
                "name": name,
                "validity_months": validity_months,
                "awareness_session": awareness_session,
            },
        },
    )
    return course


@transaction.atomic
def schedule_session(
    *, actor: User | None, course: Course, starts_at: datetime, location: str, capacity: int
) -> TrainingSession:
    _require(actor, course.council_id, Capability.MANAGE_POLICY)
    location = location.strip()
    if not location:
        raise ValidationError({"location": "Enter where the session is held"})
    if capacity < 1:
        raise ValidationError({"capacity": "Enter how many people can attend, 1 or more"})
    session = TrainingSession.objects.create(
        council_id=course.council_id,
        course=course,
        starts_at=starts_at,
        location=location,
        capacity=capacity,
    )
    record(
        actor=actor,
        verb=Verb.SESSION_SCHEDULED,
        target=session,
        council=course.council,
        payload={"course": course.name, "starts_at": starts_at, "capacity": capacity},
    )
    return session


@transaction.atomic
def record_training(
    *,
    actor: User | None,
    user: User,
    course: Course,
    completed_on: date,
    session: TrainingSession | None = None,
) -> TrainingRecord:
    """Record that ``user`` completed ``course`` on ``completed_on``; it expires
    ``validity_months`` later. Recording the same completion again returns the first record."""
    _require(actor, course.council_id, Capability.MANAGE_POLICY)
    if user.council_id != course.council_id:
        raise ValidationError({"user": "Only the course's council's staff can be recorded."})
    if session is not None and session.course_id != course.pk:
        raise ValidationError({"session": "That session is of another course."})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The completion date must be today or earlier"})
    existing = TrainingRecord.objects.filter(
        user=user, course=course, completed_on=completed_on
    ).first()
    if existing is not None:
        return existing
    if session is not None:
        # Lock the session so two officers recording attendance cannot overfill it together.
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if session.attendance.count() >= session.capacity:
            raise ValidationError(
                {"session": f"The session is full: it has {_places(session.capacity)}."}
            )
    training = TrainingRecord.objects.create(
        council_id=course.council_id,
        user=user,
        course=course,
        session=session,
        completed_on=completed_on,
        expires_on=add_months(completed_on, course.validity_months),
        recorded_by=actor,
    )
    record(
        actor=actor,
        verb=Verb.TRAINING_RECORDED,
        target=user,
        council=course.council,
        payload={
            "course": course.name,
            "completed_on": completed_on,
            "expires_on": training.expires_on,
            "session": session.pk if session is not None else None,
        },
    )
    return training


def _places(count: int) -> str:
    return f"{count} place" if count == 1 else f"{count} places"


@dataclass(frozen=True)
class AttendanceResult:
    recorded: list[TrainingRecord]
    already: list[User]


@transaction.atomic
def record_attendance(
    *, actor: User | None, session: TrainingSession, attendees: Iterable[User]
) -> AttendanceResult:
    """Record everyone who attended ``session`` as completing its course on the session's date.

    All or nothing: if the session would be over capacity, nobody is recorded.
    """
    _require(actor, session.council_id, Capability.MANAGE_POLICY)
    session = (
        TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    )
    if session.starts_at > timezone.now():
        raise ValidationError("Attendance can only be recorded once the session has started.")
    people = list(attendees)
    present = set(session.attendance.values_list("user_id", flat=True))
    new = [p for p in people if p.pk not in present]
    if len(present) + len(new) > session.capacity:
        raise ValidationError(
            f"The session has {_places(session.capacity)} and {len(present)} already recorded: "
            f"you selected {len(new)} more."
        )
    completed_on = timezone.localtime(session.starts_at).date()
    recorded = [
        record_training(
            actor=actor,
            user=person,
            course=session.course,
            completed_on=completed_on,
            session=session,
        )
        for person in new
    ]
    return AttendanceResult(recorded, [p for p in people if p.pk in present])


# --- politically restricted posts (St Helens §5.7) -----------------------------------------------


def _check_register_keeper(actor: User | None, council_id: int) -> None:
    if actor is None:
        return
    if actor.council_id != council_id or not can_manage_restricted_posts(actor):
        raise PermissionDenied("Only the policy owner or HR keep the restricted posts register.")


@transaction.atomic
def add_restricted_post(
    *, actor: User | None, user: User, post_title: str, reason: str
) -> PoliticallyRestrictedPost:
    """Put ``user``'s post on the register; screening of their personal posts then treats
    political activity more strictly."""
    if user.council_id is None:
        raise ValidationError({"user": "Only council staff hold posts."})
    _check_register_keeper(actor, user.council_id)
    post_title, reason = post_title.strip(), reason.strip()
    if not post_title:
        raise ValidationError({"post_title": "Enter the post's title"})
    if not reason:
        raise ValidationError({"reason": "Enter why the post is politically restricted"})
    if PoliticallyRestrictedPost.objects.filter(user=user, removed_at__isnull=True).exists():
        raise ValidationError({"user": f"{display_name(user)} is already on the register."})
    try:
        with transaction.atomic():
            post = PoliticallyRestrictedPost.objects.create(
                council_id=user.council_id,
                user=user,
                post_title=post_title,
                reason=reason,
                added_by=actor,
                added_at=timezone.now(),
            )
    except IntegrityError:  # added by someone else between the check and the insert
        raise ValidationError(
            {"user": f"{display_name(user)} is already on the register."}
        ) from None
    record(
        actor=actor,
        verb=Verb.RESTRICTED_POST_ADDED,
        target=user,
        council=post.council,
        payload={"post_title": post_title, "reason": reason},
    )
    return post


@transaction.atomic
def remove_restricted_post(
    *, actor: User | None, post: PoliticallyRestrictedPost, reason: str
) -> PoliticallyRestrictedPost:
    """End a register entry (it stays in the register's history)."""
    _check_register_keeper(actor, post.council_id)
    post = PoliticallyRestrictedPost.objects.select_for_update().get(pk=post.pk)
    if post.removed_at is not None:
        return post
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the post is no longer restricted"})
    post.removed_at = timezone.now()
    post.removed_by = actor
    post.save(update_fields=["removed_at", "removed_by"])
    record(
        actor=actor,
        verb=Verb.RESTRICTED_POST_REMOVED,
        target=post.user,
        council=post.council,
        payload={"post_title": post.post_title, "reason": reason},
    )
    return post


# --- leavers and lapsed access -------------------------------------------------------------------


def can_record_leaver(actor: User, user: User) -> bool:
    """Staff managers (MANAGE_USERS) for anyone in their council; line managers for their own
    reports. Nobody records themselves."""
    if actor.pk == user.pk or actor.council_id is None or actor.council_id != user.council_id:
        return False
    if actor.can(Capability.MANAGE_USERS):
        return True
    return user.line_manager_id == actor.pk and actor.can(Capability.VIEW_TEAM_COMPLIANCE)


@transaction.atomic
def record_leaver(*, actor: User | None, user: User, left_on: date) -> list[OfficialAccount]:
    """``user`` has left the council: deactivate them (they can no longer sign in or act) and
    suspend every account access they held, telling each account's administrators.

    Returns the accounts whose access was suspended. Recording a leaver twice changes nothing.
    """
    if actor is not None and not can_record_leaver(actor, user):
        raise PermissionDenied("Only HR or the person's line manager can record them as a leaver.")
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": "Record a leaver on or after the day they leave"})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        # Roles and capabilities are cached on the instance; a leaver has none.
        user.__dict__.pop("roles", None)
        user.__dict__.pop("capabilities", None)
        record(
            actor=actor,
            verb=Verb.LEAVER_RECORDED,
            target=user,
            council=user.council,
            payload={"left_on": left_on},
        )
    return suspend_member_access(actor=actor, user=user, reason="left the council")


@dataclass(frozen=True)
class Suspension:
    user: User
    reason: str
    accounts: list[OfficialAccount]


def suspend_lapsed_access(
    *, today: date | None = None, council: Council | None = None
) -> list[Suspension]:
    """Suspend the access of everyone with an active account membership who no longer meets the
    access rules (agreement, countersignature, training, or they left).

    Run daily by the reminders. Safe to run again: suspended memberships are no longer active, so
    nobody is suspended (or reported to account owners) twice.
    """
    memberships = AccountMembership.objects.filter(status=MemberStatus.ACTIVE)
    if council is not None:
        memberships = memberships.filter(account__council=council)
    users = list(
        User.objects.filter(pk__in=memberships.values("user_id")).select_related("council")
    )
    readiness = readiness_for(users, today=today)
    suspended = []
    for user in users:
        state = readiness[user.pk]
        if state.ok:
            continue
        reason = "; ".join(state.problems)
        accounts = suspend_member_access(actor=None, user=user, reason=reason)
        if accounts:
            suspended.append(Suspension(user, reason, accounts))
    return suspended


# --- the daily reminder run ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    sent: list[DueReminder]
    suspended: list[Suspension]
    would_suspend: list[tuple[User, tuple[str, ...]]]
    dry_run: bool


def _send_one(due: DueReminder) -> bool:
    """Record and send one reminder; False if another run already sent it."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                council=due.council,
                kind=due.kind,
                target_key=due.target_key,
                due_key=due.due_key,
                recipients=list(due.recipients),
                subject=due.subject[:300],
                sent_at=timezone.now(),
            )
            record(
                actor=None,
                verb=Verb.REMINDER_SENT,
                council=due.council,
                payload={
                    "kind": str(due.kind),
                    "about": due.target_key,
                    "occasion": due.due_key,
                    "to": list(due.recipients),
                },
            )
            _email_on_commit(due.recipients, due.subject, due.body)
    except IntegrityError:  # a concurrent run recorded it between our read and this insert
        return False
    return True


def send_reminders(
    *, council: Council | None = None, today: date | None = None, dry_run: bool = False
) -> ReminderRun:
    """The daily sweep: suspend lapsed access, then send every reminder that is due and not yet
    sent (unsigned agreements, countersignatures, expiring and expired training, unacknowledged
    policy, the policy's review, account reviews).

    Safe to run twice: each reminder is recorded under a unique (kind, target, occasion) key, so a
    second run sends nothing new. Each reminder (and each suspension) is its own transaction, so
    a failure part-way keeps what was already sent and the next run picks up the rest.

    With ``dry_run`` nothing is written or sent; the result says what would have been.
    """
    councils = [council] if council is not None else list(Council.objects.filter(is_active=True))
    sent: list[DueReminder] = []
    suspended: list[Suspension] = []
    would_suspend: list[tuple[User, tuple[str, ...]]] = []
    for each in councils:
        if dry_run:
            members = AccountMembership.objects.filter(
                status=MemberStatus.ACTIVE, account__council=each
            )
            users = list(User.objects.filter(pk__in=members.values("user_id")))
            states = readiness_for(users, today=today)
            would_suspend += [(u, states[u.pk].problems) for u in users if not states[u.pk].ok]
            sent += due_reminders(each, today=today)
            continue
        suspended += suspend_lapsed_access(today=today, council=each)
        sent += [due for due in due_reminders(each, today=today) if _send_one(due)]
    return ReminderRun(sent, suspended, would_suspend, dry_run)
