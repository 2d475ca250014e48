"""Bulk actions from the queue page: the same action on every ticked comment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socialguard.inbox.models import EventKind, InboundItem, ItemStatus

pytestmark = pytest.mark.django_db

BULK = "/inbox/bulk/"
OFFENSIVE = "You are a f*cking disgrace, the lot of you"
SAFEGUARDING = "My neighbour's kids are left alone all night and he hits them"


@pytest.fixture
def hidden(sh):
    return [sh.send(f"{OFFENSIVE} ({n})", author_handle=f"rude{n}") for n in range(3)]


def _statuses(items) -> list[str]:
    return [InboundItem.objects.get(pk=i.pk).status for i in items]


def test_bulk_hide_cites_a_clause_and_returns_to_the_same_filtered_page(
    sh, hidden, client_for
) -> None:
    assert reverse("inbox:bulk") == BULK
    back = "/inbox/?category=offensive_language&status=hidden"
    response = client_for(sh.moderator).post(
        BULK,
        {
            "items": [i.pk for i in hidden[:2]],
            "action": "hide",
            "clause": "6.4",
            "reason": "Abusive language",
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    assert _statuses(hidden) == [
        ItemStatus.HIDDEN_BY_MODERATOR,
        ItemStatus.HIDDEN_BY_MODERATOR,
        ItemStatus.HIDDEN,
    ]
    event = hidden[0].events.get(kind=EventKind.HIDDEN)
    assert (event.actor, event.clause, event.detail["reason"]) == (
        sh.moderator,
        "6.4",
        "Abusive language",
    )


def test_the_success_message_counts_what_changed(sh, hidden, client_for) -> None:
    client = client_for(sh.moderator)
    response = client.post(
        BULK, {"items": [i.pk for i in hidden], "action": "approve"}, follow=True
    )
    assert "3 comments approved." in response.content.decode()


def test_bulk_approve_leaves_escalated_comments_for_one_by_one_review(
    sh, hidden, client_for
) -> None:
    urgent = sh.send(SAFEGUARDING)
    response = client_for(sh.moderator).post(
        BULK, {"items": [hidden[0].pk, urgent.pk], "action": "approve"}, follow=True
    )
    page = response.content.decode()
    assert "1 comment approved." in page and "1 left as they were" in page
    assert _statuses([hidden[0], urgent]) == [ItemStatus.APPROVED, ItemStatus.ESCALATED]


def test_bulk_assign_to_me(sh, hidden, client_for) -> None:
    client_for(sh.moderator).post(BULK, {"items": [hidden[0].pk], "action": "assign"})
    assert InboundItem.objects.get(pk=hidden[0].pk).assigned_to == sh.moderator


def test_nothing_selected_or_no_clause_is_an_error_on_the_queue_page(
    sh, hidden, client_for
) -> None:
    client = client_for(sh.moderator)
    response = client.post(BULK, {"action": "approve"})
    assert response.status_code == 400
    assert "Select at least one comment" in response.content.decode()
    response = client.post(BULK, {"items": [hidden[0].pk], "action": "remove"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the policy clause that applies" in page
    assert "Give the reason" in page
    # The ticks survive the error, so nobody has to find the comments again.
    assert f'value="{hidden[0].pk}" checked' in page
    assert _statuses(hidden) == [ItemStatus.HIDDEN] * 3


def test_another_councils_items_cannot_be_included(sh, el, hidden, client_for) -> None:
    theirs = el.send(OFFENSIVE, author_handle="elsewhere")
    response = client_for(sh.moderator).post(
        BULK, {"items": [hidden[0].pk, theirs.pk], "action": "approve"}
    )
    assert response.status_code == 400
    assert _statuses([hidden[0], theirs]) == [ItemStatus.HIDDEN, ItemStatus.HIDDEN]


def test_next_never_leaves_the_queue(sh, hidden, client_for) -> None:
    client = client_for(sh.moderator)
    for evil in ("https://evil.example/inbox/", "//evil.example/", "/admin/", "javascript:x"):
        response = client.post(BULK, {"items": [hidden[0].pk], "action": "assign", "next": evil})
        assert response["Location"] in ("/inbox/",), evil
