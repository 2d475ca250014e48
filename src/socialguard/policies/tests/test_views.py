"""The policy page (everyone) and the policy owner's pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.policies.models import PolicyAcknowledgement, PolicyReview
from socialguard.policies.services import activate_policy_version

pytestmark = pytest.mark.django_db

MANAGERS = [r for r in Role if Capability.MANAGE_POLICY in capabilities_for(frozenset({r}))]


@pytest.fixture
def version(personas):
    sh = personas.st_helens
    return activate_policy_version(actor=None, council=sh.council, pack_id="st-helens-2018")


@pytest.mark.parametrize("role", list(Role))
def test_everyone_reads_the_current_policy(personas, version, client_for, role) -> None:
    html = client_for(personas.st_helens[role]).get(reverse("policies:policy")).content.decode()
    assert "Social Media Policy" in html
    assert "Council email accounts may be used for username logins only" in html  # clause 6.8
    assert 'id="clause-6.8"' in html
    assert "Review for legislative changes (GDPR)" in html  # the version history
    assert "Confirm you have read it" in html


def test_the_policy_page_is_not_for_installation_operators(version, client_for) -> None:
    operator = User.objects.create_user("operator@example.org", "x" * 20)
    assert client_for(operator).get(reverse("policies:policy")).status_code == 403


def test_each_council_reads_its_own_policy(personas, version, client_for) -> None:
    html = client_for(personas.outsider).get(reverse("policies:policy")).content.decode()
    assert "No version of East Lothian Council's policy" in html
    assert "Council email accounts may be used" not in html


def test_staff_acknowledge_the_policy_on_its_page(personas, version, client_for) -> None:
    employee = personas.st_helens[Role.EMPLOYEE]
    client = client_for(employee)
    url = reverse("policies:policy")
    response = client.post(url, {"version": version.pk})
    assert response.status_code == 400
    assert "Confirm you have read the policy" in response.content.decode()
    assert client.post(url, {"version": version.pk, "confirm": "on"}).status_code == 302
    assert PolicyAcknowledgement.objects.filter(user=employee, policy_version=version).exists()
    assert "You acknowledged this version" in client.get(url).content.decode()


def test_another_councils_version_cannot_be_acknowledged(personas, version, client_for) -> None:
    response = client_for(personas.outsider).post(
        reverse("policies:policy"), {"version": version.pk, "confirm": "on"}
    )
    assert response.status_code == 400
    assert not PolicyAcknowledgement.objects.exists()


PAGES = ["policies:manage", "policies:activate", "policies:review"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_policy_owner_pages_refuse_other_roles(personas, version, client_for, name, role) -> None:
    args = [version.pk] if name == "policies:review" else []
    response = client_for(personas.st_helens[role]).get(reverse(name, args=args))
    assert response.status_code == (200 if role in MANAGERS else 403)


def test_another_councils_version_is_not_found(personas, version, client_for) -> None:
    owner = personas.east_lothian[Role.POLICY_OWNER]
    response = client_for(owner).get(reverse("policies:review", args=[version.pk]))
    assert response.status_code == 404


def test_the_manage_page_shows_the_rate_and_the_overdue_review(
    personas, version, client_for
) -> None:
    html = (
        client_for(personas.st_helens[Role.POLICY_OWNER])
        .get(reverse("policies:manage"))
        .content.decode()
    )
    assert "0% of staff (0 of 14)" in html
    assert "1 May 2019" in html and "Overdue" in html
    assert "st-helens-2018" in html
    assert "east-lothian-2011" not in html  # another council's pack is not offered


def test_the_policy_owner_activates_and_reviews_through_the_pages(personas, client_for) -> None:
    owner = personas.st_helens[Role.POLICY_OWNER]
    client = client_for(owner)
    assert (
        client.post(reverse("policies:activate"), {"pack_id": "east-lothian-2011"}).status_code
        == 400
    )
    assert (
        client.post(reverse("policies:activate"), {"pack_id": "st-helens-2018"}).status_code == 302
    )
    html = client.get(reverse("policies:manage")).content.decode()
    assert "Current" in html
    from socialguard.policies.selectors import current_policy_version

    current = current_policy_version(personas.st_helens.council)
    assert current is not None
    url = reverse("policies:review", args=[current.pk])
    too_late = timezone.localdate() + timedelta(days=500)
    response = client.post(url, {"notes": "Reviewed", "next_due": too_late.isoformat()})
    assert response.status_code == 400
    assert "at least every 12 months" in response.content.decode()
    soon = timezone.localdate() + timedelta(days=200)
    assert client.post(url, {"notes": "Reviewed", "next_due": soon.isoformat()}).status_code == 302
    assert PolicyReview.objects.filter(policy_version=current).count() == 1
