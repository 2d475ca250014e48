"""Moderator actions: each is an item event and an audit event; evidence is never lost."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.inbox import services
from socialguard.inbox.models import (
    EventKind,
    InboundItem,
    ItemStatus,
    ReplyTemplate,
    Urgency,
)

pytestmark = pytest.mark.django_db

ABUSE = "You are all f***ing useless at the council"
PHONE = "Bin not emptied on Elm Road again, ring me on 07700 900123"
WORRY = "My dad hits me and I'm scared to go home tonight"


def _audit(item: InboundItem, verb: Verb) -> AuditEvent:
    return AuditEvent.objects.get(verb=verb, target_id=str(item.pk))


def test_approve_publishes_with_an_event_and_an_audit_record(sh) -> None:
    item = sh.send(ABUSE)
    assert item.status == ItemStatus.HIDDEN
    approved = services.approve_item(actor=sh.moderator, item=item, note="Robust, not abusive")
    assert approved.status == ItemStatus.APPROVED and approved.urgency == Urgency.ROUTINE
    assert approved.first_action_at is not None and approved.moderated_at is not None
    event = approved.events.get(kind=EventKind.APPROVED)
    assert event.actor == sh.moderator and event.detail["note"] == "Robust, not abusive"
    assert event.detail["old_status"] == "hidden"
    record = _audit(item, Verb.ITEM_APPROVED)
    assert record.actor == sh.moderator and record.payload["sha256"] == item.text_sha256


def test_an_escalated_comment_needs_a_note_to_be_approved(sh) -> None:
    item = sh.send(WORRY)
    with pytest.raises(ValidationError) as caught:
        services.approve_item(actor=sh.moderator, item=item)
    assert "note" in caught.value.error_dict
    services.approve_item(actor=sh.moderator, item=item, note="Referred; comment is a quote")


def test_hide_keeps_the_evidence_and_cites_a_clause(sh) -> None:
    item = sh.send("Cllr Bloggs took bribes from the developer")
    text, digest = item.text, item.text_sha256
    hidden = services.hide_item(
        actor=sh.moderator, item=item, clause="6.4", reason="Possible defamation: preserve"
    )
    assert hidden.status == ItemStatus.HIDDEN_BY_MODERATOR
    hidden.refresh_from_db()
    assert (hidden.text, hidden.text_sha256) == (text, digest)
    assert hidden.revisions.get().text_sha256 == digest
    event = hidden.events.get(kind=EventKind.HIDDEN)
    assert event.clause == "6.4" and event.detail["reason"] == "Possible defamation: preserve"
    assert _audit(item, Verb.ITEM_HIDDEN).payload["clause"] == "6.4"


def test_remove_needs_a_clause_of_the_councils_pack_and_a_reason(sh, el) -> None:
    item = sh.send(ABUSE)
    for clause, reason, field in [
        ("", "abusive", "clause"),
        ("4.1(a)", "abusive", "clause"),  # East Lothian's numbering, not St Helens'
        ("7.5", "  ", "reason"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.remove_item(actor=sh.moderator, item=item, clause=clause, reason=reason)
        assert field in caught.value.error_dict
    removed = services.remove_item(actor=sh.moderator, item=item, clause="7.5", reason="Abusive")
    assert removed.status == ItemStatus.REMOVED
    assert InboundItem.objects.filter(pk=item.pk).exists()  # removed, never deleted
    scottish = el.send(ABUSE)
    services.remove_item(actor=el.moderator, item=scottish, clause="4.1(a)", reason="Abusive")


def test_escalate_makes_it_urgent(sh) -> None:
    item = sh.send("The state of the playground on Elm Road is dangerous")
    with pytest.raises(ValidationError):
        services.escalate_item(actor=sh.moderator, item=item, reason="")
    escalated = services.escalate_item(actor=sh.moderator, item=item, reason="Child at risk")
    assert (escalated.status, escalated.urgency) == (ItemStatus.ESCALATED, Urgency.URGENT)
    assert _audit(item, Verb.ITEM_ESCALATED).payload["reason"] == "Child at risk"


def test_a_reply_is_recorded_and_must_not_repeat_personal_data(sh) -> None:
    item = sh.send(PHONE)
    for reply in [
        "Sorry Jo, we'll ring you on 07700 900123 today",
        "We'll call 07700900123 later",
        "Calling +44 7700 900 123 now",
    ]:
        with pytest.raises(ValidationError) as caught:
            services.reply_to_item(actor=sh.moderator, item=item, text=reply)
        assert "must not repeat personal data" in str(caught.value)
    template = ReplyTemplate.objects.create(
        council=sh.council,
        name="Move to direct contact",
        body="Thanks for letting us know. Please contact us directly on 01744 676789.",
    )
    event = services.reply_to_item(
        actor=sh.moderator, item=item, text=template.body, template=template
    )
    assert event.kind == EventKind.REPLIED and event.detail["template"] == template.name
    assert _audit(item, Verb.ITEM_REPLIED).payload["text"] == template.body
    item.refresh_from_db()
    assert item.first_action_at is not None
    with pytest.raises(ValidationError):
        services.reply_to_item(actor=sh.moderator, item=item, text="  ")


def test_a_reply_template_of_another_council_is_refused(sh, el) -> None:
    item = sh.send(PHONE)
    other = ReplyTemplate.objects.create(council=el.council, name="x", body="Contact us")
    with pytest.raises(PermissionDenied):
        services.reply_to_item(actor=sh.moderator, item=item, text="Contact us", template=other)


def test_notes_and_assignment(sh) -> None:
    item = sh.send(ABUSE)
    note = services.add_note(actor=sh.moderator, item=item, text="Same person as last week")
    assert note.kind == EventKind.NOTED and _audit(item, Verb.ITEM_NOTED)
    with pytest.raises(ValidationError):
        services.add_note(actor=sh.moderator, item=item, text="")
    assigned = services.assign_item(actor=sh.moderator, item=item, assignee=sh.moderator)
    assert assigned.assigned_to == sh.moderator
    with pytest.raises(ValidationError):
        services.assign_item(actor=sh.moderator, item=item, assignee=sh.people[Role.EMPLOYEE])
    assert services.assign_item(actor=sh.moderator, item=item, assignee=None).assigned_to is None
    assigned.refresh_from_db()
    assert assigned.first_action_at is None  # notes and assignment are not a response


def test_nobody_acts_on_another_councils_comments_or_without_the_role(sh, el) -> None:
    item = sh.send(ABUSE)
    employee = sh.people[Role.EMPLOYEE]
    for actor in (el.moderator, employee):
        for action in (
            lambda a: services.approve_item(actor=a, item=item),
            lambda a: services.hide_item(actor=a, item=item, clause="7.5"),
            lambda a: services.remove_item(actor=a, item=item, clause="7.5", reason="x"),
            lambda a: services.escalate_item(actor=a, item=item, reason="x"),
            lambda a: services.refer_item(actor=a, item=item, team="press_office"),
            lambda a: services.reply_to_item(actor=a, item=item, text="Hello"),
            lambda a: services.add_note(actor=a, item=item, text="x"),
            lambda a: services.assign_item(actor=a, item=item, assignee=None),
            lambda a: services.bulk_action(actor=a, items=[item], action="approve"),
        ):
            with pytest.raises(PermissionDenied):
                action(actor)
    item.refresh_from_db()
    assert item.status == ItemStatus.HIDDEN and not item.events.filter(actor__isnull=False)


def test_bulk_actions_change_many_and_skip_what_needs_care(sh) -> None:
    abusive = [sh.send(f"{ABUSE} {n}") for n in range(3)]
    worry = sh.send(WORRY)
    done = services.bulk_action(
        actor=sh.moderator, items=[*abusive, worry], action="approve", reason="ok"
    )
    assert done == 3  # the escalated one needs its own note
    worry.refresh_from_db()
    assert worry.status == ItemStatus.ESCALATED
    assert services.bulk_action(actor=sh.moderator, items=abusive, action="approve") == 0
    hidden = services.bulk_action(
        actor=sh.moderator, items=[i.pk for i in abusive], action="hide", clause="7.5"
    )
    assert hidden == 3
    assert AuditEvent.objects.filter(verb=Verb.ITEM_HIDDEN).count() == 3
    with pytest.raises(ValidationError):
        services.bulk_action(actor=sh.moderator, items=abusive, action="remove", clause="7.5")
    with pytest.raises(ValidationError):
        services.bulk_action(actor=sh.moderator, items=abusive, action="remove", reason="x")
    assert (
        services.bulk_action(
            actor=sh.moderator, items=abusive, action="remove", clause="7.5", reason="Abusive"
        )
        == 3
    )
    assert services.bulk_action(actor=sh.moderator, items=abusive, action="assign") == 3
    assert all(
        i.assigned_to == sh.moderator
        for i in InboundItem.objects.filter(pk__in=[a.pk for a in abusive])
    )
    assert services.bulk_action(actor=sh.moderator, items=abusive, action="unassign") == 3
    with pytest.raises(ValidationError):
        services.bulk_action(actor=sh.moderator, items=abusive, action="delete")


def test_bulk_with_one_foreign_comment_changes_nothing(sh, el) -> None:
    ours = sh.send(ABUSE)
    theirs = el.send(ABUSE)
    with pytest.raises(PermissionDenied):
        services.bulk_action(actor=sh.moderator, items=[ours.pk, theirs.pk], action="approve")
    with pytest.raises(PermissionDenied):
        services.bulk_action(actor=sh.moderator, items=[ours.pk, 999999], action="approve")
    ours.refresh_from_db()
    assert ours.status == ItemStatus.HIDDEN


def test_the_history_tells_the_whole_story(sh) -> None:
    item = sh.send(PHONE)
    services.assign_item(actor=sh.moderator, item=item, assignee=sh.moderator)
    services.hide_item(actor=sh.moderator, item=item, clause="9.7", reason="Phone number")
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds == [
        "received", "screened", "routed", "referred", "assigned", "hidden",
    ]  # fmt: skip
    screened = item.events.get(kind="screened").detail
    assert screened["pack_version"] == "3.0" and screened["decision"] == "hide_pending_review"
