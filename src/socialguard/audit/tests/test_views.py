"""The audit viewer: who may read it, and only their own council's events."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.audit.models import AuditEvent, Verb
from socialguard.audit.services import record

pytestmark = pytest.mark.django_db
READERS = [r for r in Role if Capability.VIEW_AUDIT_LOG in capabilities_for(frozenset({r}))]
NON_READERS = [r for r in Role if r not in READERS]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_their_councils_events(personas, client_for, role) -> None:
    response = client_for(personas.st_helens[role]).get(reverse("audit:event_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "imogen.greaves@sthelens.gov.uk" in html or "granted a role" in html
    assert "eastlothian.gov.uk" not in html


@pytest.mark.parametrize("role", NON_READERS)
def test_other_roles_are_refused_the_audit_log(personas, client_for, role) -> None:
    client = client_for(personas.st_helens[role])
    assert client.get(reverse("audit:event_list")).status_code == 403
    event = AuditEvent.objects.filter(council=personas.st_helens.council).first()
    assert event is not None
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 403


def test_another_councils_event_is_not_found(personas, client_for) -> None:
    theirs = AuditEvent.objects.filter(council=personas.st_helens.council).first()
    assert theirs is not None
    reader = personas.east_lothian[Role.POLICY_OWNER]
    response = client_for(reader).get(reverse("audit:event_detail", args=[theirs.pk]))
    assert response.status_code == 404


def test_a_missing_event_is_not_found_the_same_way(personas, client_for) -> None:
    reader = personas.st_helens[Role.POLICY_OWNER]
    response = client_for(reader).get(reverse("audit:event_detail", args=[999_999]))
    assert response.status_code == 404


def test_an_event_shows_its_detail_and_place_in_the_chain(personas, client_for) -> None:
    reader = personas.st_helens[Role.POLICY_OWNER]
    event = record(actor=reader, verb=Verb.UPDATED, target=reader, payload={"new": {"a": 1}})
    html = client_for(reader).get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    assert event.hash in html
    assert event.prev_hash in html


def test_filters_narrow_the_list(personas, client_for) -> None:
    reader = personas.st_helens[Role.POLICY_OWNER]
    record(actor=reader, verb=Verb.VIEWED, target=reader)
    client = client_for(reader)
    html = client.get(reverse("audit:event_list"), {"verb": "viewed"}).content.decode()
    assert html.count("govuk-table__row") == 2  # header + the one event
    html = client.get(reverse("audit:event_list"), {"actor": "nobody-at-all"}).content.decode()
    assert "No events match these filters" in html


def test_bad_filter_dates_are_reported_not_ignored(personas, client_for) -> None:
    reader = personas.st_helens[Role.POLICY_OWNER]
    response = client_for(reader).get(
        reverse("audit:event_list"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "must be the same as or after" in html


def test_list_queries_do_not_grow_with_the_page(
    personas, client_for, django_assert_max_num_queries
) -> None:
    reader = personas.st_helens[Role.POLICY_OWNER]
    client = client_for(reader)
    for _ in range(30):
        record(actor=reader, verb=Verb.VIEWED, target=reader)
    with django_assert_max_num_queries(12):
        client.get(reverse("audit:event_list"))
