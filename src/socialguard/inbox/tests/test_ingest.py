"""Ingest: validation, idempotency, revisions kept as evidence, screening and routing on arrival."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from socialguard.audit.models import AuditEvent, Verb
from socialguard.inbox import services
from socialguard.inbox.models import (
    EventKind,
    InboundItem,
    ItemEvent,
    ItemRevision,
    ItemStatus,
    Urgency,
)

pytestmark = pytest.mark.django_db

BIN = "The bin on Elm Road has not been collected for three weeks, please sort it out"


def _item(sh, **changes):
    item = {
        "platform": "x",
        "account_handle": "StHelensCouncil",
        "platform_item_id": "1001",
        "author_handle": "@JoBloggs",
        "author_name": "Jo Bloggs",
        "text": BIN,
        "posted_at": "2026-11-23T08:41:00Z",
        "url": "https://x.com/jobloggs/status/1001",
    }
    item.update(changes)
    return item


def _errors(sh, *items):
    with pytest.raises(services.IngestError) as caught:
        services.ingest(council=sh.council, items=list(items), source="test")
    return caught.value.errors


def test_a_new_comment_is_stored_screened_and_routed(sh) -> None:
    [result] = services.ingest(council=sh.council, items=[_item(sh)], source="test")
    assert result.created and not result.revised
    assert result.decision == "route"
    assert "service_request" in result.categories
    assert result.status == ItemStatus.QUEUED
    item = InboundItem.objects.get(pk=result.id)
    assert item.account == sh.x and item.platform == "x"
    assert item.author_handle == "jobloggs"  # no @, lower case: one author however they are sent
    assert item.posted_at == datetime(2026, 11, 23, 8, 41, tzinfo=UTC)
    assert item.text_sha256 == hashlib.sha256(BIN.encode()).hexdigest()
    assert item.policy_pack == "st-helens-2018" and item.pack_version == "3.0"
    assert item.pack_hash.startswith("sha256:")
    request = next(f for f in item.findings if f["category"] == "service_request")
    assert request["clauses"] == ["6.16", "6.17"]
    assert item.screened_revision == 1
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds[:3] == [EventKind.RECEIVED, EventKind.SCREENED, EventKind.ROUTED]


def test_the_same_comment_sent_twice_is_one_comment(sh) -> None:
    first = services.ingest(council=sh.council, items=[_item(sh)], source="test")[0]
    again = services.ingest(council=sh.council, items=[_item(sh)], source="test")[0]
    assert again.id == first.id and not again.created and not again.revised
    assert InboundItem.objects.count() == 1
    assert ItemRevision.objects.count() == 1
    # Nothing to screen again: one screening event only.
    assert ItemEvent.objects.filter(kind=EventKind.SCREENED).count() == 1


def test_an_edited_comment_is_a_new_revision_rescreened_and_the_old_text_is_kept(sh) -> None:
    original = services.ingest(council=sh.council, items=[_item(sh)], source="test")[0]
    edited_text = BIN + " You are all useless f***ing idiots"
    edited = services.ingest(
        council=sh.council, items=[_item(sh, text=edited_text)], source="test"
    )[0]
    assert edited.id == original.id and edited.revised and not edited.created
    assert edited.decision == "hide_pending_review"
    item = InboundItem.objects.get(pk=original.id)
    assert item.revision == 2 and item.text == edited_text and item.status == ItemStatus.HIDDEN
    old, new = item.revisions.order_by("number")
    assert (old.number, old.text) == (1, BIN)
    assert old.text_sha256 == hashlib.sha256(BIN.encode()).hexdigest()
    assert new.text_sha256 == hashlib.sha256(edited_text.encode()).hexdigest()
    assert new.payload["text"] == edited_text and new.source == "test"
    screenings = item.events.filter(kind=EventKind.SCREENED).order_by("pk")
    assert [e.detail["revision"] for e in screenings] == [1, 2]
    assert item.events.filter(kind=EventKind.REVISED).count() == 1


def test_one_batch_may_carry_a_comment_and_its_edit(sh) -> None:
    results = services.ingest(
        council=sh.council,
        items=[_item(sh), _item(sh), _item(sh, text="Thanks, sorted now!")],
        source="test",
    )
    assert [(r.created, r.revised) for r in results] == [
        (True, False),
        (False, False),
        (False, True),
    ]
    assert len({r.id for r in results}) == 1
    item = InboundItem.objects.get()
    assert item.revision == 2 and list(item.revisions.values_list("number", flat=True)) == [2, 1]


def test_a_batch_with_one_bad_item_writes_nothing_and_names_every_problem(sh) -> None:
    audit_before = AuditEvent.objects.count()
    errors = _errors(
        sh,
        _item(sh, platform_item_id="a"),
        _item(sh, platform_item_id="b", text=""),
        _item(sh, platform_item_id="c", account_handle="nobody", posted_at="last tuesday"),
    )
    assert errors == [
        {"index": 1, "field": "text", "reason": "This field is required and cannot be empty."},
        {
            "index": 2,
            "field": "account_handle",
            "reason": "No official account @nobody on X (Twitter) is registered for this council.",
        },
        {
            "index": 2,
            "field": "posted_at",
            "reason": "Not an ISO-8601 date and time (2026-11-23T09:15:00Z).",
        },
    ]
    assert InboundItem.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.parametrize(
    ("changes", "field", "reason_starts"),
    [
        ({"text": None}, "text", "This field is required"),
        ({"text": "   "}, "text", "This field is required"),
        ({"text": 42}, "text", "Must be a string"),
        ({"text": "x" * 10_001}, "text", "Must be at most 10,000 characters long (it has 10,001)"),
        ({"platform": "myspace"}, "platform", "Unknown platform 'myspace'"),
        ({"platform": None}, "platform", "This field is required"),
        ({"account_handle": ""}, "account_handle", "This field is required"),
        ({"platform_item_id": ""}, "platform_item_id", "This field is required"),
        ({"platform_item_id": "x" * 201}, "platform_item_id", "Must be at most 200"),
        ({"author_handle": None}, "author_handle", "This field is required"),
        ({"posted_at": "2026-13-45"}, "posted_at", "Not an ISO-8601"),
        ({"posted_at": "2099-01-01T00:00:00Z"}, "posted_at", "Is in the future"),
        ({"url": "javascript:alert(1)"}, "url", "Not a web address"),
        ({"author_name": ["a"]}, "author_name", "Must be a string"),
    ],
)
def test_each_bad_field_is_reported(sh, changes, field, reason_starts) -> None:
    [error] = _errors(sh, _item(sh, **changes))
    assert error["index"] == 0 and error["field"] == field
    assert error["reason"].startswith(reason_starts), error["reason"]


def test_an_item_that_is_not_an_object_is_reported(sh) -> None:
    assert _errors(sh, "hello") == [
        {"index": 0, "field": "item", "reason": "Each item must be a JSON object."}
    ]


def test_another_councils_account_is_unknown_here(sh, el) -> None:
    [error] = _errors(sh, _item(sh, account_handle=el.x.handle))
    assert error["field"] == "account_handle"
    assert InboundItem.objects.filter(council=el.council).count() == 0


def test_more_than_500_items_are_refused(sh) -> None:
    items = [_item(sh, platform_item_id=str(n)) for n in range(501)]
    assert _errors(sh, *items)[0]["field"] == "items"


def test_handles_and_platform_names_are_forgiving(sh) -> None:
    [result] = services.ingest(
        council=sh.council,
        items=[_item(sh, platform="Twitter", account_handle="@STHELENSCOUNCIL")],
        source="test",
    )
    assert InboundItem.objects.get(pk=result.id).account == sh.x


def test_a_time_without_an_offset_is_uk_local_time(sh) -> None:
    [result] = services.ingest(
        council=sh.council, items=[_item(sh, posted_at="2026-07-01T09:00:00")], source="test"
    )
    assert InboundItem.objects.get(pk=result.id).posted_at == datetime(2026, 7, 1, 8, tzinfo=UTC)


def test_a_batch_is_one_audit_event(sh) -> None:
    services.ingest(
        council=sh.council,
        items=[_item(sh, platform_item_id=str(n)) for n in range(3)],
        source="api:Facebook connector",
    )
    received = AuditEvent.objects.filter(verb=Verb.INBOUND_RECEIVED).get()
    assert received.council == sh.council and received.actor is None
    assert received.actor_label == "api:Facebook connector"
    assert received.payload["created"] == 3 and len(received.payload["items"]) == 3
    # The screening is audited too: one event for the batch, with each comment's outcome.
    screened = AuditEvent.objects.get(verb=Verb.ITEM_SCREENED)
    assert [i["decision"] for i in screened.payload["items"]] == ["route"] * 3
    assert (
        screened.payload["items"][0]["sha256"] == InboundItem.objects.order_by("pk")[0].text_sha256
    )


def test_screening_twice_changes_nothing(sh) -> None:
    item = sh.send(BIN)
    events, referrals = item.events.count(), item.referrals.count()
    services.screen_item(item.pk)
    services.screen_item(item.pk)
    assert item.events.count() == events and item.referrals.count() == referrals


def test_screening_a_missing_item_is_harmless(sh) -> None:
    services.screen_item(987654)


def test_without_eager_screening_the_item_waits_as_new(sh, monkeypatch) -> None:
    monkeypatch.setattr(services, "enqueue_screening", lambda ids: None)
    [result] = services.ingest(council=sh.council, items=[_item(sh)], source="test")
    assert (result.decision, result.status, result.categories) == ("", "new", [])
    item = InboundItem.objects.get(pk=result.id)
    assert item.sla_due_at is not None and item.urgency == Urgency.ROUTINE
    services.screen_item(item.pk)
    item.refresh_from_db()
    assert item.status == ItemStatus.QUEUED


def test_new_items_get_an_sla_deadline_at_once(sh) -> None:
    item = sh.send("Lovely walk in Sherdley Park today")
    assert item.status == ItemStatus.PUBLISHED
    assert item.sla_due_at > item.received_at


def test_with_a_broker_comments_go_to_the_workers_in_batches(sh, settings, monkeypatch) -> None:
    from socialguard.inbox import tasks

    single: list[int] = []
    batches: list[list[int]] = []
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.screen_item, "delay", single.append)
    monkeypatch.setattr(tasks.screen_items_task, "delay", batches.append)
    results = services.ingest(
        council=sh.council,
        items=[_item(sh, platform_item_id=str(n)) for n in range(120)],
        source="t",
    )
    assert [len(b) for b in batches] == [50, 50, 20] and single == []
    assert [i for b in batches for i in b] == [r.id for r in results]
    assert all(r.status == "new" for r in results)
    [one] = services.ingest(council=sh.council, items=[_item(sh, platform_item_id="x")], source="t")
    assert single == [one.id]
    assert tasks.screen_items_task.run([one.id]) == 1  # what a worker does


def test_a_broker_outage_loses_nothing_and_the_sweeper_catches_up(
    sh, settings, monkeypatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from socialguard.inbox import tasks

    def down(item_ids: object) -> None:
        raise ConnectionError("broker unreachable")

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.screen_item, "delay", down)
    monkeypatch.setattr(tasks.screen_items_task, "delay", down)
    [result] = services.ingest(council=sh.council, items=[_item(sh)], source="t")
    item = InboundItem.objects.get(pk=result.id)
    assert item.status == ItemStatus.NEW
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert services.sweep() == services.SweepReport(screened=0, notified=0)  # too soon
    InboundItem.objects.filter(pk=item.pk).update(received_at=timezone.now() - timedelta(minutes=5))
    report = services.sweep()
    assert report.screened == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.QUEUED and item.referrals.count() == 1
    assert services.sweep().screened == 0  # nothing left: safe to run again


def test_resending_a_comment_that_was_never_screened_screens_it(sh, monkeypatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(services, "enqueue_screening", lambda ids: None)
        services.ingest(council=sh.council, items=[_item(sh)], source="t")
    [again] = services.ingest(council=sh.council, items=[_item(sh)], source="t")
    assert not again.created and not again.revised and again.status == ItemStatus.QUEUED


def test_the_queue_count_stops_at_the_cap(sh, monkeypatch) -> None:
    from socialguard.inbox import selectors

    for n in range(4):
        sh.send(f"Bins not emptied on Elm Road, number {n}")
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    page = selectors.queue_for(sh.moderator, filters=selectors.QueueFilters(), limit=2)
    assert (page.total, page.total_capped) == (3, True)
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    page = selectors.queue_for(sh.moderator, filters=selectors.QueueFilters(), limit=2)
    assert (page.total, page.total_capped) == (4, False)
