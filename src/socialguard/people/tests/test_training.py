"""Courses, sessions and completions: expiry, capacity, and who may record them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.people import services
from socialguard.people.models import TrainingRecord
from socialguard.policies.dates import add_months

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 1), -12, date(2025, 5, 1)),
    ],
)
def test_months_are_added_by_the_calendar(start, months, expected) -> None:
    assert add_months(start, months) == expected


def test_a_completion_expires_the_courses_validity_after_it(sh) -> None:
    completed = timezone.localdate() - timedelta(days=3)
    record = services.record_training(
        actor=sh.owner, user=sh[Role.MODERATOR], course=sh.course, completed_on=completed
    )
    assert record.expires_on == add_months(completed, 12)
    assert record.recorded_by == sh.owner
    assert AuditEvent.objects.filter(verb=Verb.TRAINING_RECORDED).count() == 1


def test_recording_the_same_completion_twice_keeps_one(sh) -> None:
    completed = timezone.localdate()
    first = services.record_training(
        actor=sh.owner, user=sh[Role.MODERATOR], course=sh.course, completed_on=completed
    )
    again = services.record_training(
        actor=sh.owner, user=sh[Role.MODERATOR], course=sh.course, completed_on=completed
    )
    assert first.pk == again.pk


def test_a_completion_cannot_be_in_the_future(sh) -> None:
    with pytest.raises(ValidationError):
        services.record_training(
            actor=sh.owner,
            user=sh[Role.MODERATOR],
            course=sh.course,
            completed_on=timezone.localdate() + timedelta(days=1),
        )


@pytest.mark.parametrize("role", [Role.LINE_MANAGER, Role.MODERATOR, Role.HR_INVESTIGATOR])
def test_only_the_policy_owner_records_training(sh, role) -> None:
    with pytest.raises(PermissionDenied):
        services.record_training(
            actor=sh[role], user=sh[role], course=sh.course, completed_on=timezone.localdate()
        )


def test_another_councils_staff_cannot_be_recorded_on_our_course(sh, personas) -> None:
    with pytest.raises(ValidationError):
        services.record_training(
            actor=sh.owner,
            user=personas.outsider,
            course=sh.course,
            completed_on=timezone.localdate(),
        )
    with pytest.raises(PermissionDenied):
        services.record_training(
            actor=personas.east_lothian[Role.POLICY_OWNER],
            user=personas.outsider,
            course=sh.course,
            completed_on=timezone.localdate(),
        )


def test_course_names_are_unique_in_a_council_whatever_the_case(sh, personas) -> None:
    with pytest.raises(ValidationError, match="already a course"):
        services.save_course(
            actor=sh.owner,
            council=sh.council,
            name="SOCIAL MEDIA AWARENESS",
            description="",
            validity_months=6,
            awareness_session=False,
        )
    el = personas.east_lothian
    services.save_course(
        actor=el[Role.POLICY_OWNER],
        council=el.council,
        name="Social media awareness",
        description="",
        validity_months=6,
        awareness_session=True,
    )


def test_a_changed_validity_applies_to_new_completions_only(sh) -> None:
    before = services.record_training(
        actor=sh.owner,
        user=sh[Role.MODERATOR],
        course=sh.course,
        completed_on=timezone.localdate() - timedelta(days=5),
    )
    services.save_course(
        actor=sh.owner,
        council=sh.council,
        course=sh.course,
        name=sh.course.name,
        description="",
        validity_months=24,
        awareness_session=True,
    )
    before.refresh_from_db()
    assert before.expires_on == add_months(before.completed_on, 12)
    after = services.record_training(
        actor=sh.owner, user=sh[Role.EMPLOYEE], course=sh.course, completed_on=timezone.localdate()
    )
    assert after.expires_on == add_months(after.completed_on, 24)


def test_validity_must_be_sensible(sh) -> None:
    with pytest.raises(ValidationError):
        services.save_course(
            actor=sh.owner,
            council=sh.council,
            name="Forever",
            description="",
            validity_months=0,
            awareness_session=False,
        )


def _past_session(sh, capacity: int = 2):
    return services.schedule_session(
        actor=sh.owner,
        course=sh.course,
        starts_at=timezone.now() - timedelta(hours=2),
        location="Town Hall",
        capacity=capacity,
    )


def test_attendance_records_a_completion_on_the_sessions_day(sh) -> None:
    session = _past_session(sh)
    result = services.record_attendance(
        actor=sh.owner, session=session, attendees=[sh[Role.MODERATOR], sh[Role.EMPLOYEE]]
    )
    assert len(result.recorded) == 2
    day = timezone.localtime(session.starts_at).date()
    assert {r.completed_on for r in result.recorded} == {day}
    assert all(r.session == session for r in result.recorded)
    again = services.record_attendance(
        actor=sh.owner, session=session, attendees=[sh[Role.EMPLOYEE]]
    )
    assert again.recorded == []
    assert again.already == [sh[Role.EMPLOYEE]]


def test_a_session_cannot_be_overfilled(sh) -> None:
    session = _past_session(sh, capacity=2)
    people = [sh[Role.MODERATOR], sh[Role.EMPLOYEE], sh[Role.ACCOUNT_AUTHOR]]
    with pytest.raises(ValidationError, match="has 2 places"):
        services.record_attendance(actor=sh.owner, session=session, attendees=people)
    assert not TrainingRecord.objects.exists()  # all or nothing


def test_attendance_waits_for_the_session_to_start(sh) -> None:
    future = services.schedule_session(
        actor=sh.owner,
        course=sh.course,
        starts_at=timezone.now() + timedelta(days=3),
        location="Town Hall",
        capacity=5,
    )
    with pytest.raises(ValidationError, match="started"):
        services.record_attendance(actor=sh.owner, session=future, attendees=[sh[Role.EMPLOYEE]])


def test_sessions_need_a_place_and_capacity(sh) -> None:
    with pytest.raises(ValidationError):
        services.schedule_session(
            actor=sh.owner, course=sh.course, starts_at=timezone.now(), location=" ", capacity=3
        )
    with pytest.raises(ValidationError):
        services.schedule_session(
            actor=sh.owner, course=sh.course, starts_at=timezone.now(), location="Hall", capacity=0
        )
