"""The people pages: who may open each (403 for the wrong role, 404 for another council's
records), what they show, their forms, CSV exports and query counts."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.accounts.services import create_staff_user
from socialguard.people import services
from socialguard.people.models import (
    AgreementSignature,
    AgreementVersion,
    Course,
    PoliticallyRestrictedPost,
    TrainingRecord,
    TrainingSession,
)
from socialguard.people.tests.helpers import ADMIN, account_with, make_ready, sign, train
from socialguard.policies.services import acknowledge_policy, activate_policy_version
from socialguard.register.models import AccountMembership, MemberStatus

pytestmark = pytest.mark.django_db


def roles_with(*capabilities: Capability) -> list[Role]:
    return [r for r in Role if any(c in capabilities_for(frozenset({r})) for c in capabilities)]


def roles_without(*capabilities: Capability) -> list[Role]:
    allowed = roles_with(*capabilities)
    return [r for r in Role if r not in allowed]


@pytest.fixture
def objects(sh) -> dict[str, Any]:
    """One of each record the pages open, all St Helens'."""
    author = sh[Role.ACCOUNT_AUTHOR]
    signature = sign(author, sh.agreement, manager=None)
    session = services.schedule_session(
        actor=sh.owner,
        course=sh.course,
        starts_at=timezone.now() - timedelta(hours=1),
        location="Town Hall",
        capacity=10,
    )
    post = services.add_restricted_post(
        actor=sh.owner, user=sh[Role.COMMUNICATIONS], post_title="Press Officer", reason="Media"
    )
    return {"signature": signature, "person": author, "session": session, "post": post}


# (url name, how to build its arguments, the capabilities that open it)
PAGES: list[tuple[str, Callable[[Any, dict[str, Any]], list[int]], tuple[Capability, ...]]] = [
    ("people:team", lambda sh, o: [], (Capability.VIEW_TEAM_COMPLIANCE,)),
    ("people:compliance", lambda sh, o: [], (Capability.VIEW_COMPLIANCE_REPORTS,)),
    ("people:agreements", lambda sh, o: [], (Capability.MANAGE_POLICY,)),
    ("people:courses", lambda sh, o: [], (Capability.MANAGE_POLICY,)),
    ("people:course", lambda sh, o: [sh.course.pk], (Capability.MANAGE_POLICY,)),
    ("people:course_edit", lambda sh, o: [sh.course.pk], (Capability.MANAGE_POLICY,)),
    ("people:session_new", lambda sh, o: [sh.course.pk], (Capability.MANAGE_POLICY,)),
    ("people:record_new", lambda sh, o: [sh.course.pk], (Capability.MANAGE_POLICY,)),
    ("people:session", lambda sh, o: [o["session"].pk], (Capability.MANAGE_POLICY,)),
    (
        "people:restricted_posts",
        lambda sh, o: [],
        (Capability.MANAGE_POLICY, Capability.MANAGE_BREACH_CASES),
    ),
    (
        "people:restricted_post_end",
        lambda sh, o: [o["post"].pk],
        (Capability.MANAGE_POLICY, Capability.MANAGE_BREACH_CASES),
    ),
    (
        "people:person",
        lambda sh, o: [o["person"].pk],
        (Capability.VIEW_TEAM_COMPLIANCE, Capability.VIEW_COMPLIANCE_REPORTS),
    ),
    (
        "people:countersign",
        lambda sh, o: [o["signature"].pk],
        (Capability.VIEW_TEAM_COMPLIANCE,),
    ),
]
CASES = [
    (name, args, role, role in roles_with(*caps)) for name, args, caps in PAGES for role in Role
]


@pytest.mark.parametrize(("name", "args", "role", "allowed"), CASES)
def test_each_page_opens_for_its_roles_and_refuses_the_rest(  # noqa: PLR0917 - fixtures
    sh, objects, client_for, name, args, role, allowed
) -> None:
    response = client_for(sh[role]).get(reverse(name, args=args(sh, objects)))
    assert response.status_code == (200 if allowed else 403), (name, role)


@pytest.mark.parametrize(("name", "args", "caps"), PAGES)
def test_another_councils_staff_get_404_for_our_records(  # noqa: PLR0917 - fixtures
    sh, objects, personas, client_for, name, args, caps
) -> None:
    built = args(sh, objects)
    if not built:
        return  # a list page shows their own council's records: checked below
    # Their role that opens this kind of page, so only the council differs.
    role = roles_with(*caps)[0]
    response = client_for(personas.east_lothian[role]).get(reverse(name, args=built))
    assert response.status_code == 404, name


def test_my_compliance_is_for_every_member_of_staff_but_not_operators(sh, client_for, db) -> None:
    assert client_for(sh[Role.EMPLOYEE]).get(reverse("people:my_compliance")).status_code == 200
    operator = User.objects.create_user("operator@example.org", "x" * 20)
    assert client_for(operator).get(reverse("people:my_compliance")).status_code == 403


# --- my compliance -------------------------------------------------------------------------------


def test_an_employee_reads_and_signs_the_current_agreement(sh, client_for) -> None:
    author = sh[Role.ACCOUNT_AUTHOR]
    client = client_for(author)
    url = reverse("people:my_compliance")
    page = client.get(url).content.decode()
    assert "I agree." in page  # the agreement text
    assert "has not signed version 1" in page  # why they cannot run an account yet
    response = client.post(url, {"version": sh.agreement.pk})
    assert response.status_code == 400
    assert "Confirm you have read the agreement" in response.content.decode()
    response = client.post(url, {"version": sh.agreement.pk, "confirm": "on"})
    assert response.status_code == 302
    assert AgreementSignature.objects.filter(user=author, version=sh.agreement).exists()
    page = client.get(url).content.decode()
    assert "Not countersigned" in page
    assert "Liam Foster" in page


def test_signing_an_agreement_superseded_while_reading_is_refused(sh, client_for) -> None:
    client = client_for(sh[Role.ACCOUNT_AUTHOR])
    services.publish_agreement_version(
        actor=sh.owner, council=sh.council, title="Agreement", body="v2"
    )
    response = client.post(
        reverse("people:my_compliance"), {"version": sh.agreement.pk, "confirm": "on"}
    )
    assert response.status_code == 400
    assert "not the current version" in response.content.decode()
    assert not AgreementSignature.objects.exists()


def test_nobody_signs_another_councils_agreement_through_the_page(sh, personas, client_for) -> None:
    response = client_for(personas.outsider).post(
        reverse("people:my_compliance"), {"version": sh.agreement.pk, "confirm": "on"}
    )
    assert response.status_code == 400
    assert not AgreementSignature.objects.exists()


# --- the team page -------------------------------------------------------------------------------


def test_the_team_page_shows_only_the_managers_reports(sh, personas, client_for) -> None:
    make_ready(sh, sh[Role.MODERATOR])
    sign(sh[Role.ACCOUNT_AUTHOR], sh.agreement, manager=None)
    html = client_for(sh.manager).get(reverse("people:team")).content.decode()
    assert "Maya Dunn" in html and "Aaron Whitfield" in html
    assert "Imogen Greaves" not in html  # not a report
    assert "eastlothian" not in html
    signature = AgreementSignature.objects.get(user=sh[Role.ACCOUNT_AUTHOR])
    assert reverse("people:countersign", args=[signature.pk]) in html
    assert "Not countersigned" in html


def test_the_manager_countersigns_from_the_team_page(sh, client_for) -> None:
    signature = sign(sh[Role.ACCOUNT_AUTHOR], sh.agreement, manager=None)
    client = client_for(sh.manager)
    url = reverse("people:countersign", args=[signature.pk])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"confirm": "on"}).status_code == 302
    signature.refresh_from_db()
    assert signature.countersigned_by == sh.manager


def test_a_manager_cannot_open_their_own_or_someone_elses_signature(sh, client_for) -> None:
    own = sign(sh.manager, sh.agreement, manager=None)
    client = client_for(sh.manager)
    assert client.get(reverse("people:countersign", args=[own.pk])).status_code == 404
    stranger = sign(sh.owner, sh.agreement, manager=None)  # not the manager's report
    assert client.get(reverse("people:countersign", args=[stranger.pk])).status_code == 404


def _csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_team_table_downloads_as_csv(sh, client_for) -> None:
    make_ready(sh, sh[Role.MODERATOR])
    rows = _csv_rows(client_for(sh.manager).get(reverse("people:team"), {"format": "csv"}))
    assert rows[0][:3] == ["Name", "Email", "Job title"]
    maya = next(r for r in rows if r[1] == sh[Role.MODERATOR].email)
    assert maya[3] == "Signed version 1"
    assert maya[4].startswith("Valid until")
    assert len(rows) == 1 + 4  # the header and the four reports


def test_csv_cells_cannot_become_formulas(sh, client_for) -> None:
    employee = sh[Role.EMPLOYEE]
    employee.job_title = '=HYPERLINK("http://evil")'
    employee.save(update_fields=["job_title"])
    rows = _csv_rows(client_for(sh.manager).get(reverse("people:team"), {"format": "csv"}))
    row = next(r for r in rows if r[1] == employee.email)
    assert row[2].startswith("'=")


def _grow_team(sh, count: int) -> None:
    for i in range(count):
        person = create_staff_user(
            actor=None,
            council=sh.council,
            email=f"report{i}@sthelens.gov.uk",
            first_name="Report",
            last_name=str(i),
            password=None,
            department=f"Department {i % 3}",
            line_manager=sh.manager,
            roles=frozenset({Role.ACCOUNT_AUTHOR}),
        )
        if i % 2:
            make_ready(sh, person)


def test_the_team_page_costs_the_same_for_a_bigger_team(
    sh, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(sh.manager)
    _grow_team(sh, 2)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("people:team"))
    for i in range(15):
        create_staff_user(
            actor=None,
            council=sh.council,
            email=f"more{i}@sthelens.gov.uk",
            first_name="More",
            last_name=str(i),
            password=None,
            line_manager=sh.manager,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("people:team"))


# --- people and leavers --------------------------------------------------------------------------


def test_a_manager_sees_their_reports_details_and_records_a_leaver(sh, client_for) -> None:
    author = make_ready(sh, sh[Role.ACCOUNT_AUTHOR])
    account = account_with(sh.council, (author, ADMIN), creator=sh.owner)
    client = client_for(sh.manager)
    html = client.get(reverse("people:person", args=[author.pk])).content.decode()
    assert "Ready" in html
    assert reverse("people:leaver", args=[author.pk]) in html
    url = reverse("people:leaver", args=[author.pk])
    assert client.post(url, {"left_on": timezone.localdate().isoformat()}).status_code == 400
    response = client.post(url, {"left_on": timezone.localdate().isoformat(), "confirm": "on"})
    assert response.status_code == 302
    author.refresh_from_db()
    assert not author.is_active
    membership = AccountMembership.objects.get(account=account, user=author)
    assert membership.status == MemberStatus.SUSPENDED


def test_a_manager_cannot_open_someone_elses_report(sh, client_for) -> None:
    client = client_for(sh.manager)
    assert client.get(reverse("people:person", args=[sh.owner.pk])).status_code == 404
    assert client.get(reverse("people:leaver", args=[sh.owner.pk])).status_code == 404


def test_the_policy_owner_sees_anyone_and_may_record_leavers(sh, client_for) -> None:
    client = client_for(sh.owner)
    assert (
        client.get(reverse("people:person", args=[sh[Role.RIPA_INVESTIGATOR].pk])).status_code
        == 200
    )
    assert client.get(reverse("people:leaver", args=[sh[Role.EMPLOYEE].pk])).status_code == 200


def test_nobody_records_themselves_as_a_leaver(sh, client_for) -> None:
    client = client_for(sh.owner)
    assert client.get(reverse("people:leaver", args=[sh.owner.pk])).status_code == 403


# --- the compliance report -----------------------------------------------------------------------


@pytest.fixture
def departments(sh) -> None:
    for role, department in (
        (Role.ACCOUNT_AUTHOR, "Libraries"),
        (Role.MODERATOR, "Libraries"),
        (Role.COMMUNICATIONS, "Communications"),
    ):
        User.objects.filter(pk=sh[role].pk).update(department=department)
    make_ready(sh, sh[Role.MODERATOR])
    policy = activate_policy_version(actor=sh.owner, council=sh.council, pack_id="st-helens-2018")
    acknowledge_policy(actor=sh[Role.MODERATOR], version=policy)


def test_the_compliance_report_shows_departments_with_charts_and_table(
    sh, departments, client_for
) -> None:
    html = client_for(sh.owner).get(reverse("people:compliance")).content.decode()
    assert html.count("<svg") == 3
    assert '<title id="chart-training-title">' in html
    assert "style=" not in html.split("<main", 1)[1]  # the CSP forbids inline styles
    assert "Libraries" in html and "Communications" in html
    assert "50% (1 of 2)" in html  # Libraries: the moderator of the two has signed
    assert "East Lothian" not in html


def test_the_compliance_report_downloads_as_csv(sh, departments, client_for) -> None:
    rows = _csv_rows(client_for(sh.owner).get(reverse("people:compliance"), {"format": "csv"}))
    header, *body = rows
    assert header[:2] == ["Department", "Staff"]
    libraries = next(r for r in body if r[0] == "Libraries")
    assert libraries[1] == "2"
    assert libraries[2:5] == ["1", "2", "50"]  # agreement: compliant, applies to, %
    total = body[-1]
    assert total[0] == "All departments"
    assert total[1] == str(len(Role))


def test_the_compliance_report_lists_accounts_due_for_review_and_at_risk(
    sh, departments, client_for
) -> None:
    account = account_with(sh.council, (sh[Role.MODERATOR], ADMIN), creator=sh.owner)
    type(account).objects.filter(pk=account.pk).update(
        next_review_due=timezone.localdate() - timedelta(days=3)
    )
    html = client_for(sh.owner).get(reverse("people:compliance")).content.decode()
    assert "Overdue" in html
    assert "1 active administrator" in html  # fewer than the two St Helens requires


def test_the_compliance_report_costs_the_same_for_more_staff(
    sh, departments, client_for, django_assert_max_num_queries
) -> None:
    client = client_for(sh.owner)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("people:compliance"))
    _grow_team(sh, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("people:compliance"))


# --- the policy owner's pages --------------------------------------------------------------------


def test_the_policy_owner_publishes_a_new_agreement_version(sh, client_for) -> None:
    client = client_for(sh.owner)
    url = reverse("people:agreements")
    assert client.post(url, {"title": "", "body": ""}).status_code == 400
    response = client.post(url, {"title": "Social Media User Agreement", "body": "Version two"})
    assert response.status_code == 302
    assert AgreementVersion.objects.filter(council=sh.council).count() == 2


def test_the_policy_owner_manages_courses_sessions_and_completions(sh, client_for) -> None:
    client = client_for(sh.owner)
    response = client.post(
        reverse("people:courses"),
        {"name": "Moderation", "description": "", "validity_months": "24"},
    )
    assert response.status_code == 302
    course = Course.objects.get(council=sh.council, name="Moderation")
    response = client.post(
        reverse("people:courses"), {"name": "moderation", "validity_months": "0"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("people:session_new", args=[course.pk]),
        {"day": yesterday.isoformat(), "start": "10:00", "location": "Town Hall", "capacity": "1"},
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get(course=course)
    url = reverse("people:session", args=[session.pk])
    two = [sh[Role.MODERATOR].pk, sh[Role.EMPLOYEE].pk]
    response = client.post(url, {"attendees": two})
    assert response.status_code == 400
    assert "The session has 1 place and 0 already recorded" in response.content.decode()
    assert client.post(url, {"attendees": two[:1]}).status_code == 302
    response = client.post(
        reverse("people:record_new", args=[course.pk]),
        {"user": sh[Role.EMPLOYEE].pk, "completed_on": yesterday.isoformat()},
    )
    assert response.status_code == 302
    assert TrainingRecord.objects.filter(course=course).count() == 2
    response = client.post(
        reverse("people:course_edit", args=[course.pk]),
        {"name": "Moderation basics", "validity_months": "12", "awareness_session": "on"},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.name, course.awareness_session) == ("Moderation basics", True)


def test_staff_of_another_council_are_not_offered_or_accepted(sh, personas, client_for) -> None:
    client = client_for(sh.owner)
    html = client.get(reverse("people:record_new", args=[sh.course.pk])).content.decode()
    assert "eastlothian" not in html
    response = client.post(
        reverse("people:record_new", args=[sh.course.pk]),
        {"user": personas.outsider.pk, "completed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("role", [Role.POLICY_OWNER, Role.HR_INVESTIGATOR])
def test_the_restricted_register_is_kept_through_its_pages(sh, client_for, role) -> None:
    client = client_for(sh[role])
    url = reverse("people:restricted_posts")
    press = sh[Role.COMMUNICATIONS]
    response = client.post(url, {"user": press.pk, "post_title": "Press Officer", "reason": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"user": press.pk, "post_title": "Press Officer", "reason": "Speaks to media"}
    )
    assert response.status_code == 302
    post = PoliticallyRestrictedPost.objects.get(user=press)
    assert "Press Officer" in client.get(url).content.decode()
    end = reverse("people:restricted_post_end", args=[post.pk])
    assert client.post(end, {"reason": "Moved post"}).status_code == 302
    post.refresh_from_db()
    assert post.removed_at is not None


def test_another_councils_register_is_not_shown(sh, personas, client_for) -> None:
    services.add_restricted_post(
        actor=sh.owner, user=sh[Role.COMMUNICATIONS], post_title="Press Officer", reason="Media"
    )
    html = (
        client_for(personas.east_lothian[Role.POLICY_OWNER])
        .get(reverse("people:restricted_posts"))
        .content.decode()
    )
    assert "Priya Kapoor" not in html


def test_training_status_shows_on_my_compliance(sh, client_for) -> None:
    moderator = sh[Role.MODERATOR]
    train(moderator, sh.course)
    html = client_for(moderator).get(reverse("people:my_compliance")).content.decode()
    assert "Social media awareness" in html
    assert "Valid until" in html


def test_someone_who_signs_without_needing_to_is_not_counted(sh, departments, client_for) -> None:
    def agreement_total() -> list[str]:
        rows = _csv_rows(client_for(sh.owner).get(reverse("people:compliance"), {"format": "csv"}))
        return rows[-1][2:5]

    before = agreement_total()
    sign(sh[Role.EMPLOYEE], sh.agreement, sh.manager)  # a library assistant with no account
    assert agreement_total() == before
