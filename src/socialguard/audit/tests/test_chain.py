"""The audit log is append-only and any tampering in the database is detected."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from socialguard.accounts.roles import Role
from socialguard.audit.models import AppendOnlyError, AuditChain, AuditEvent, Verb
from socialguard.audit.services import GENESIS_HASH, record, verify_chains

pytestmark = pytest.mark.django_db


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def events(personas) -> list[AuditEvent]:
    owner = personas.st_helens[Role.POLICY_OWNER]
    return [
        record(
            actor=owner,
            verb=Verb.UPDATED,
            target=owner,
            payload={"old": {"n": i}, "new": {"n": i + 1}},
        )
        for i in range(5)
    ]


def test_each_event_links_to_the_previous_one_of_its_council(personas, events) -> None:
    chain = list(AuditEvent.objects.filter(council=personas.st_helens.council).order_by("seq"))
    assert chain[0].prev_hash == GENESIS_HASH
    for before, after in pairwise(chain):
        assert after.prev_hash == before.hash
        assert after.seq == before.seq + 1
    head = AuditChain.objects.get(key=f"council:{personas.st_helens.council.pk}")
    assert head.head_hash == chain[-1].hash
    assert head.length == len(chain)


def test_councils_have_separate_chains(personas, events) -> None:
    other = AuditEvent.objects.filter(council=personas.east_lothian.council).order_by("seq").first()
    assert other is not None
    assert other.prev_hash == GENESIS_HASH


def test_events_cannot_be_updated_or_deleted_through_the_orm(events) -> None:
    event = events[0]
    event.verb = Verb.VIEWED
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb=Verb.VIEWED)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_an_untouched_log_verifies(events) -> None:
    report = verify_chains()
    assert report.ok, report.problems
    assert report.events_checked == AuditEvent.objects.count()


def test_editing_a_payload_in_the_database_is_detected(events) -> None:
    victim = events[2]
    _sql("UPDATE audit_auditevent SET payload = %s WHERE id = %s", '{"old": {"n": 99}}', victim.pk)
    report = verify_chains()
    assert not report.ok
    assert report.problems[0].event_id == victim.pk
    assert "edited" in report.problems[0].reason


def test_editing_who_acted_is_detected(events) -> None:
    victim = events[1]
    _sql("UPDATE audit_auditevent SET actor_label = 'someone.else' WHERE id = %s", victim.pk)
    assert verify_chains().problems[0].event_id == victim.pk


def test_deleting_an_event_in_the_middle_is_detected(events) -> None:
    _sql("DELETE FROM audit_auditevent WHERE id = %s", events[2].pk)
    problem = verify_chains().problems[0]
    assert problem.event_id == events[3].pk


def test_deleting_the_newest_events_is_detected(events) -> None:
    _sql("DELETE FROM audit_auditevent WHERE id = %s", events[-1].pk)
    problem = verify_chains().problems[0]
    assert "deleted" in problem.reason


def test_reordering_events_is_detected(events) -> None:
    a, b = events[1], events[2]
    _sql("UPDATE audit_auditevent SET seq = 0 WHERE id = %s", a.pk)
    _sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", a.seq, b.pk)
    _sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", b.seq, a.pk)
    assert not verify_chains().ok


def test_moving_an_event_to_another_council_is_detected(personas, events) -> None:
    _sql(
        "UPDATE audit_auditevent SET council_id = %s WHERE id = %s",
        personas.east_lothian.council.pk,
        events[0].pk,
    )
    assert not verify_chains().ok


def test_the_verify_command_passes_on_an_intact_log(events, capsys) -> None:
    call_command("audit", "verify")
    assert "Audit log intact" in capsys.readouterr().out


def test_the_verify_command_exits_1_and_names_the_first_broken_event(events, capsys) -> None:
    _sql("UPDATE audit_auditevent SET verb = 'viewed' WHERE id = %s", events[3].pk)
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    assert failure.value.returncode == 1
    assert f"First broken event id: {events[3].pk}" in capsys.readouterr().err


def test_payloads_are_stored_exactly_as_hashed(personas) -> None:
    import datetime as dt
    from decimal import Decimal

    owner = personas.st_helens[Role.POLICY_OWNER]
    record(
        actor=owner,
        verb=Verb.UPDATED,
        payload={"when": dt.date(2026, 11, 23), "amount": Decimal("12.50"), "text": "Ünïcödé ✓"},
    )
    assert verify_chains().ok
