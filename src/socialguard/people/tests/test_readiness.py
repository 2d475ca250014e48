"""access_readiness: who may run an official account, and the plain-English reasons why not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.people import services
from socialguard.people.models import Course
from socialguard.people.selectors import (
    access_readiness,
    has_valid_training,
    is_politically_restricted,
    readiness_for,
)
from socialguard.people.tests.helpers import expired_on, make_ready, sign, train

pytestmark = pytest.mark.django_db


def test_someone_who_has_done_everything_is_ready(sh) -> None:
    author = make_ready(sh, sh[Role.ACCOUNT_AUTHOR])
    assert access_readiness(author).ok
    assert access_readiness(author).problems == ()


def test_an_unsigned_agreement_is_named_with_its_version(sh) -> None:
    moderator = sh[Role.MODERATOR]
    train(moderator, sh.course)
    readiness = access_readiness(moderator)
    assert not readiness.ok
    assert readiness.problems == (
        "Maya Dunn has not signed version 1 of the social media user agreement",
    )


def test_no_published_agreement_is_a_problem_too(personas) -> None:
    readiness = access_readiness(personas.st_helens[Role.MODERATOR])
    assert not readiness.ok
    assert readiness.problems[0] == (
        "Maya Dunn has not signed the social media user agreement: St Helens Council has not "
        "published one yet"
    )


def test_a_signature_without_countersignature_is_not_enough_in_st_helens(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    sign(author, sh.agreement, manager=None)
    train(author, sh.course)
    expected = (
        "Aaron Whitfield's signature of version 1 of the social media user agreement has not "
        "been countersigned by their line manager"
    )
    assert access_readiness(author).problems == (expected,)


def test_a_new_agreement_version_makes_the_old_signature_no_longer_current(sh) -> None:
    author = make_ready(sh, sh[Role.ACCOUNT_AUTHOR])
    assert access_readiness(author).ok
    services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Social Media User Agreement", body="v2"
    )
    readiness = access_readiness(author)
    assert not readiness.ok
    assert readiness.problems == (
        "Aaron Whitfield has not signed version 2 of the social media user agreement",
    )


def test_missing_training_is_named(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    sign(author, sh.agreement, sh.manager)
    assert access_readiness(author).problems == (
        "Aaron Whitfield has not completed Social media awareness",
    )


def test_training_counts_up_to_and_including_its_expiry_day(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    sign(author, sh.agreement, sh.manager)
    today = timezone.localdate()
    train(author, sh.course, completed_on=expired_on(sh.course, today))
    assert access_readiness(author).ok
    assert has_valid_training(author, "Social media awareness")
    tomorrow = today + timedelta(days=1)
    assert not access_readiness(author, today=tomorrow).ok
    assert not has_valid_training(author, "Social media awareness", today=tomorrow)


def test_expired_training_says_when_it_expired(sh) -> None:
    moderator = sh[Role.MODERATOR]
    sign(moderator, sh.agreement, sh.manager)
    expiry = timezone.localdate() - timedelta(days=20)
    train(moderator, sh.course, completed_on=expired_on(sh.course, expiry))
    (problem,) = access_readiness(moderator).problems
    assert problem == (
        f"Maya Dunn's Social media awareness training expired on {expiry.day} {expiry:%B %Y}"
    )


def test_a_renewal_replaces_an_expired_completion(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    sign(author, sh.agreement, sh.manager)
    old = timezone.localdate() - timedelta(days=400)
    train(author, sh.course, completed_on=old)
    assert not access_readiness(author).ok
    train(author, sh.course)
    assert access_readiness(author).ok


def test_training_of_another_name_or_another_council_does_not_count(sh, personas) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    sign(author, sh.agreement, sh.manager)
    other = services.save_course(
        actor=None,
        council=sh.council,
        name="Information security",
        description="",
        validity_months=12,
        awareness_session=False,
    )
    train(author, other)
    assert not has_valid_training(author, "Social media awareness")
    # A course of the right name at East Lothian is not St Helens' course.
    el = personas.east_lothian
    Course.objects.create(council=el.council, name="Social media awareness", validity_months=12)
    assert not access_readiness(author).ok


def test_course_names_match_whatever_their_case(sh) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    train(author, sh.course)
    assert has_valid_training(author, "SOCIAL MEDIA AWARENESS")


def test_someone_who_left_is_never_ready(sh) -> None:
    author = make_ready(sh, sh[Role.ACCOUNT_AUTHOR])
    author.is_active = False
    author.save(update_fields=["is_active"])
    assert access_readiness(author).problems == ("Aaron Whitfield has left the council",)


def test_east_lothian_needs_only_the_awareness_session(personas) -> None:
    el = personas.east_lothian
    author = el[Role.ACCOUNT_AUTHOR]
    assert access_readiness(author).problems == (
        "Angus Reid has not completed Social media awareness session",
    )
    course = services.save_course(
        actor=None,
        council=el.council,
        name="Social media awareness session",
        description="",
        validity_months=36,
        awareness_session=True,
    )
    train(author, course)
    assert access_readiness(author).ok


def test_readiness_for_many_people_takes_a_fixed_number_of_queries(
    sh, personas, django_assert_max_num_queries
) -> None:
    people = [sh[role] for role in Role] + [personas.east_lothian[role] for role in Role]
    for person in people[:6]:  # St Helens staff: some with training, most without
        train(person, sh.course)
    with django_assert_max_num_queries(12):
        result = readiness_for(people)
    assert len(result) == len(people)


def test_political_restriction_follows_the_register(sh) -> None:
    press = sh[Role.COMMUNICATIONS]
    assert not is_politically_restricted(press)
    post = services.add_restricted_post(
        actor=sh.owner, user=press, post_title="Press Officer", reason="Speaks to the media"
    )
    assert is_politically_restricted(press)
    services.remove_restricted_post(actor=sh.owner, post=post, reason="Moved to another post")
    assert not is_politically_restricted(press)
