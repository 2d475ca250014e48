"""The item page and its actions, the referrals page: who may see and do what, with and without
htmx, and what the page explains."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.audit.models import AuditEvent
from socialguard.inbox.models import (
    EventKind,
    ItemStatus,
    Referral,
    ReferralStatus,
    ReplyTemplate,
    Team,
)

pytestmark = pytest.mark.django_db

MODERATORS = [r for r in Role if Capability.MODERATE_INBOX in capabilities_for(frozenset({r}))]
NOT_MODERATORS = [r for r in Role if r not in MODERATORS]
PERSONAL = "Missed bin again at 12 Acacia Avenue WA10 1AB, ring me on 07700 900123 <b>now</b>"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def item(sh):
    return sh.send(PERSONAL, author_handle="resident42", author_name="Pat Resident")


def _action(item, name: str) -> str:
    return reverse("inbox:item_action", args=[item.pk, name])


# --- access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", MODERATORS)
def test_moderators_see_the_item(sh, item, client_for, role) -> None:
    response = client_for(sh.people[role]).get(reverse("inbox:item", args=[item.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_other_roles_are_refused_the_item_and_its_actions(sh, item, client_for, role) -> None:
    client = client_for(sh.people[role])
    assert client.get(reverse("inbox:item", args=[item.pk])).status_code == 403
    response = client.post(_action(item, "hide"), {"clause": "5.2", "reason": "x"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.HIDDEN


def test_another_councils_moderator_gets_404_for_the_item_and_every_action(
    sh, el, item, client_for
) -> None:
    client = client_for(el.moderator)
    assert client.get(reverse("inbox:item", args=[item.pk])).status_code == 404
    for name in ("approve", "hide", "remove", "escalate", "refer", "reply", "note", "assign"):
        assert client.post(_action(item, name), {"clause": "5.2", "reason": "x"}).status_code == 404
    item.refresh_from_db()
    assert item.status == ItemStatus.HIDDEN
    assert not item.events.filter(actor=el.moderator).exists()


def test_a_missing_item_and_an_unknown_action_are_404(sh, item, client_for) -> None:
    client = client_for(sh.moderator)
    assert client.get(reverse("inbox:item", args=[999_999])).status_code == 404
    assert client.post(_action(item, "delete")).status_code == 404


def test_actions_are_post_only(sh, item, client_for) -> None:
    assert client_for(sh.moderator).get(_action(item, "approve")).status_code == 405


# --- what the item page shows ---------------------------------------------------------------------


def test_the_item_page_explains_every_finding_with_its_clause(sh, item, client_for) -> None:
    page = client_for(sh.moderator).get(reverse("inbox:item", args=[item.pk])).content.decode()
    page = page.replace("<wbr>", "")  # hashes carry line-break opportunities
    # Highlighted in place, escaped: the author's markup is text.
    assert '<mark class="sg-finding"' in page
    assert "&lt;b&gt;now&lt;/b&gt;" in page and "<b>now</b>" not in page
    # Every finding: category, explanation, clause id with heading and an excerpt of its text.
    for finding in item.findings:
        assert finding["explanation"].split("(")[0].strip()[:40] in page.replace("&#x27;", "'")
        for clause in finding["clauses"]:
            assert f"§{clause}" in page
    assert "Key Principles" in page  # the heading of St Helens §5.2
    # The engine's word is on record: decision, pack version and hash.
    assert item.pack_hash in page and "version 3.0" in page
    # Evidence: the revision's SHA-256.
    assert item.text_sha256 in page


def test_the_item_page_shows_author_history_and_thread(sh, item, client_for) -> None:
    earlier = sh.send("You lot are useless", author_handle="resident42")
    reply = sh.send(
        "Agreed!", author_handle="neighbour", parent_platform_item_id=item.platform_item_id
    )
    page = client_for(sh.moderator).get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert reverse("inbox:item", args=[earlier.pk]) in page
    assert reverse("inbox:item", args=[reply.pk]) in page
    page = client_for(sh.moderator).get(reverse("inbox:item", args=[reply.pk])).content.decode()
    assert "In reply to" in page and reverse("inbox:item", args=[item.pk]) in page


# --- actions without JavaScript -------------------------------------------------------------------


def test_hiding_with_a_clause_redirects_and_is_in_the_history_and_audit(
    sh, item, client_for
) -> None:
    client = client_for(sh.moderator)
    response = client.post(_action(item, "hide"), {"clause": "5.2", "reason": "Home address"})
    assert response.status_code == 302
    assert response["Location"] == reverse("inbox:item", args=[item.pk])
    item.refresh_from_db()
    assert item.status == ItemStatus.HIDDEN_BY_MODERATOR
    assert item.text == PERSONAL  # hide and preserve
    event = item.events.get(kind=EventKind.HIDDEN)
    assert (event.actor, event.clause) == (sh.moderator, "5.2")
    assert AuditEvent.objects.filter(target_id=str(item.pk), verb__contains="hidden").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Comment hidden under §5.2" in page
    assert "Hidden by a moderator" in page and "Home address" in page


def test_remove_needs_a_clause_and_a_reason(sh, item, client_for) -> None:
    response = client_for(sh.moderator).post(_action(item, "remove"), {"clause": "", "reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#remove_clause"' in page
    item.refresh_from_db()
    assert item.status == ItemStatus.HIDDEN


def test_a_clause_that_is_not_in_the_pack_is_refused(sh, item, client_for) -> None:
    response = client_for(sh.moderator).post(
        _action(item, "remove"), {"clause": "99.9", "reason": "x"}
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == ItemStatus.HIDDEN


def test_approving_an_escalated_comment_needs_a_note(sh, client_for) -> None:
    worrying = sh.send("My neighbour's kids are left alone all night and he hits them")
    assert worrying.status == ItemStatus.ESCALATED
    client = client_for(sh.moderator)
    response = client.post(_action(worrying, "approve"), {"note": ""})
    assert response.status_code == 400
    assert "safe to approve" in response.content.decode()
    response = client.post(_action(worrying, "approve"), {"note": "Police already involved"})
    assert response.status_code == 302
    worrying.refresh_from_db()
    assert worrying.status == ItemStatus.APPROVED


def test_escalate_refer_note_and_assign(sh, item, client_for) -> None:
    client = client_for(sh.moderator)
    assert client.post(_action(item, "escalate"), {"reason": "Threat"}).status_code == 302
    response = client.post(_action(item, "refer"), {"team": Team.PRESS_OFFICE, "note": "Media"})
    assert response.status_code == 302
    referral = Referral.objects.get(item=item, team=Team.PRESS_OFFICE)
    page = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    assert referral.reference in page
    # A second referral to the same team is refused on the form.
    response = client.post(_action(item, "refer"), {"team": Team.PRESS_OFFICE})
    assert response.status_code == 400 and "Already referred" in response.content.decode()
    assert client.post(_action(item, "note"), {"text": "Known to us"}).status_code == 302
    assert client.post(_action(item, "assign_me")).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.ESCALATED
    assert item.assigned_to == sh.moderator
    kinds = list(item.events.values_list("kind", flat=True))
    for kind in (EventKind.ESCALATED, EventKind.REFERRED, EventKind.NOTED, EventKind.ASSIGNED):
        assert kind in kinds


def test_assign_only_to_this_councils_moderators(sh, el, item, client_for) -> None:
    client = client_for(sh.moderator)
    response = client.post(_action(item, "assign"), {"assignee": el.moderator.pk})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.assigned_to is None


def test_reply_from_a_template_that_repeats_no_personal_data(sh, item, client_for) -> None:
    template = ReplyTemplate.objects.create(
        council=sh.council,
        name="Bins: please contact us",
        body="Sorry about this. Please report it at sthelens.gov.uk/bins so we can help.",
        categories=["service_request"],
    )
    ReplyTemplate.objects.create(
        council=sh.council,
        name="Press",
        body="Contact the press office.",
        categories=["press_enquiry"],
    )
    client = client_for(sh.moderator)
    page = client.get(reverse("inbox:item", args=[item.pk])).content.decode()
    # Suggested for its categories, prefilled and editable; the press template is not offered.
    assert "Bins: please contact us" in page and ">Press<" not in page
    assert template.body in page
    response = client.post(_action(item, "reply"), {"template": template.pk, "text": template.body})
    assert response.status_code == 302
    event = item.events.get(kind=EventKind.REPLIED)
    assert event.detail["template"] == template.name
    # Repeating the phone number in public is refused.
    response = client.post(_action(item, "reply"), {"text": "We will ring 07700 900123"})
    assert response.status_code == 400
    assert "must not repeat personal data" in response.content.decode()


# --- actions with htmx ----------------------------------------------------------------------------


def test_with_htmx_an_action_returns_the_updated_panel(sh, item, client_for) -> None:
    response = client_for(sh.moderator).post(
        _action(item, "hide"), {"clause": "5.2", "reason": "Home address"}, **HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="item-panel">')
    assert "<html" not in page
    assert "Comment hidden under §5.2" in page and 'role="alert"' in page
    assert "Hidden by a moderator" in page


def test_with_htmx_form_errors_come_back_in_the_panel(sh, item, client_for) -> None:
    response = client_for(sh.moderator).post(_action(item, "hide"), {"reason": "x"}, **HTMX)
    assert response.status_code == 200  # htmx swaps only successful answers
    page = response.content.decode()
    assert "There is a problem" in page and "<html" not in page
    assert '<details class="govuk-details" open>' in page or "open>" in page


# --- referrals page -------------------------------------------------------------------------------


@pytest.fixture
def referred(sh):
    """A service request (Contact Centre) and a press enquiry (Press Office)."""
    bins = sh.send("My bin was not collected on Tuesday, can you send someone please?")
    press = sh.send(
        "I'm a reporter at the St Helens Star: can the council comment on the library closures?"
    )
    return bins, press


def test_the_contact_centre_sees_its_referrals_only(sh, referred, client_for) -> None:
    bins, press = referred
    cc = Referral.objects.get(item=bins, team=Team.CONTACT_CENTRE)
    client = client_for(sh.people[Role.CONTACT_CENTRE])
    page = client.get(reverse("inbox:referrals")).content.decode()
    assert cc.reference in page and escape(bins.text) in page
    assert escape(press.text) not in page
    # They cannot open the moderation item page, so it is not linked.
    assert reverse("inbox:item", args=[bins.pk]) not in page


def test_the_press_office_sees_press_enquiries(sh, referred, client_for) -> None:
    _, press = referred
    page = client_for(sh.people[Role.COMMUNICATIONS]).get(reverse("inbox:referrals"))
    assert escape(press.text) in page.content.decode()


def test_moderators_see_every_teams_referrals(sh, referred, client_for) -> None:
    client = client_for(sh.moderator)
    for team in Team:
        assert client.get(reverse("inbox:referrals"), {"team": team.value}).status_code == 200


def test_others_are_refused_the_referrals_page(sh, client_for) -> None:
    assert client_for(sh.people[Role.EMPLOYEE]).get(reverse("inbox:referrals")).status_code == 403


def test_a_team_moves_a_referral_on_and_closes_it_with_an_outcome(sh, referred, client_for) -> None:
    bins, _ = referred
    referral = Referral.objects.get(item=bins, team=Team.CONTACT_CENTRE)
    client = client_for(sh.people[Role.CONTACT_CENTRE])
    url = reverse("inbox:referral_update", args=[referral.pk])
    response = client.post(url, {"status": ReferralStatus.CLOSED, "outcome": ""})
    assert response.status_code == 400
    assert "Say what was done" in response.content.decode()
    response = client.post(url, {"status": ReferralStatus.CLOSED, "outcome": "Bin collected"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED and referral.closed_by is not None


def test_another_council_cannot_update_a_referral(sh, el, referred, client_for) -> None:
    bins, _ = referred
    referral = Referral.objects.get(item=bins, team=Team.CONTACT_CENTRE)
    client = client_for(el.people[Role.CONTACT_CENTRE])
    url = reverse("inbox:referral_update", args=[referral.pk])
    assert client.post(url, {"status": "in_progress"}).status_code == 404
    page = client.get(reverse("inbox:referrals")).content.decode()
    assert referral.reference not in page


def test_only_referral_teams_and_moderators_may_update_a_referral(sh, referred, client_for) -> None:
    bins, _ = referred
    referral = Referral.objects.get(item=bins, team=Team.CONTACT_CENTRE)
    url = reverse("inbox:referral_update", args=[referral.pk])
    response = client_for(sh.people[Role.EMPLOYEE]).post(url, {"status": "in_progress"})
    assert response.status_code == 403
    # The Press Office works press enquiries, not the Contact Centre's referrals.
    response = client_for(sh.people[Role.COMMUNICATIONS]).post(url, {"status": "in_progress"})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN
