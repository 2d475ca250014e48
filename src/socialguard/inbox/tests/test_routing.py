"""Routing rules: tiers, conditions, the pack's fallback, the safeguarding floor, the dry run."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.inbox import routing, services
from socialguard.inbox.models import (
    InboundItem,
    ItemStatus,
    RoutingAction,
    RoutingRule,
    Team,
    Urgency,
)
from socialguard.inbox.routing import Facts, FindingFact, RuleSpec, evaluate

HIDE = RoutingAction.HIDE
REFER = RoutingAction.REFER


def facts(*found: tuple[str, float] | tuple[str, float, int], decision="publish", **more) -> Facts:
    findings = tuple(FindingFact(f[0], f[1], f[2] if len(f) > 2 else 2) for f in found)
    return Facts(findings=findings, decision=decision, account_id=more.pop("account", 1), **more)


def rule(tier=1, action=HIDE, *categories, position=0, rid=None, **more) -> RuleSpec:
    return RuleSpec(
        id=rid,
        tier=tier,
        position=position,
        name=more.pop("name", f"{action} {','.join(categories)}"),
        action=action,
        categories=frozenset(categories),
        **more,
    )


# --- evaluate: pure ------------------------------------------------------------------------------


def test_no_rules_means_the_pack_decides() -> None:
    assert evaluate([], facts()).status == ItemStatus.PUBLISHED
    hidden = evaluate([], facts(("offensive_language", 0.9), decision="hide_pending_review"))
    assert (hidden.status, hidden.urgency) == (ItemStatus.HIDDEN, Urgency.PRIORITY)
    assert not hidden.rules and "policy pack decided" in hidden.reason


def test_the_pack_route_decision_refers_by_category() -> None:
    out = evaluate([], facts(("service_request", 0.9), ("press_enquiry", 0.9), decision="route"))
    assert out.status == ItemStatus.QUEUED and out.urgency == Urgency.ROUTINE
    assert out.teams == ("contact_centre", "press_office")
    assert not any(r.urgent for r in out.referrals)


def test_a_hidden_service_request_still_reaches_the_contact_centre() -> None:
    out = evaluate(
        [], facts(("personal_data", 0.95), ("service_request", 0.9), decision="hide_pending_review")
    )
    assert out.status == ItemStatus.HIDDEN and out.teams == ("contact_centre",)


def test_the_first_tier_with_a_match_decides_and_all_its_matches_apply() -> None:
    rules = [
        rule(1, RoutingAction.ESCALATE, "harassment", name="threats"),
        rule(2, HIDE, "offensive_language", name="swearing"),
        rule(2, REFER, "service_request", referral_team=Team.CONTACT_CENTRE, name="requests"),
        rule(3, RoutingAction.PUBLISH, name="everything else"),
    ]
    out = evaluate(rules, facts(("offensive_language", 0.9), ("service_request", 0.8)))
    assert out.status == ItemStatus.HIDDEN
    assert [r.name for r in out.rules] == ["swearing", "requests"]
    assert out.teams == ("contact_centre",)
    assert out.reason.startswith("tier 2")
    # Tier 1 wins when it matches; tier 2 is not looked at.
    out = evaluate(rules, facts(("harassment", 0.9), ("offensive_language", 0.9)))
    assert out.status == ItemStatus.ESCALATED and [r.name for r in out.rules] == ["threats"]
    # Nothing in tiers 1-2: the catch-all of tier 3 publishes.
    assert evaluate(rules, facts(("political_activity", 0.9))).status == ItemStatus.PUBLISHED


def test_a_tier_that_only_refers_queues_the_comment_for_a_reply() -> None:
    rules = [rule(1, REFER, "press_enquiry", referral_team=Team.PRESS_OFFICE)]
    out = evaluate(rules, facts(("press_enquiry", 0.9)))
    assert out.status == ItemStatus.QUEUED and out.teams == ("press_office",)


def test_publish_and_refer_together_publish_and_refer() -> None:
    rules = [
        rule(1, RoutingAction.PUBLISH, "service_request"),
        rule(1, REFER, "service_request", referral_team=Team.CONTACT_CENTRE),
    ]
    out = evaluate(rules, facts(("service_request", 0.9), decision="route"))
    assert out.status == ItemStatus.PUBLISHED and out.teams == ("contact_centre",)


def test_conditions_confidence_severity_account_author() -> None:
    strong = rule(1, HIDE, "offensive_language", min_confidence=0.8)
    assert strong.matches(facts(("offensive_language", 0.85)))
    assert not strong.matches(facts(("offensive_language", 0.7)))
    high = rule(1, HIDE, "offensive_language", min_severity="high")
    assert high.matches(facts(("offensive_language", 0.5, 3)))
    assert not high.matches(facts(("offensive_language", 0.5, 2)))
    on_account = rule(1, HIDE, account_ids=frozenset({7}))
    assert on_account.matches(facts(account=7)) and not on_account.matches(facts(account=8))
    repeat = rule(1, RoutingAction.QUEUE, author_prior_hidden_at_least=3)
    assert repeat.matches(facts(author_prior_hidden=3))
    assert not repeat.matches(facts(author_prior_hidden=2))
    any_confident = rule(1, HIDE, min_confidence=0.9)  # no categories: any finding that strong
    assert any_confident.matches(facts(("complaint", 0.95)))
    assert not any_confident.matches(facts(("complaint", 0.5)))
    assert not any_confident.matches(facts())


def test_inactive_rules_are_ignored() -> None:
    off = rule(1, RoutingAction.ESCALATE, "complaint", active=False)
    assert evaluate([off], facts(("complaint", 0.9), decision="route")).status == "queued"


def test_safeguarding_is_always_escalated_and_referred_whatever_the_rules() -> None:
    careless = [rule(1, RoutingAction.PUBLISH, name="publish everything")]
    out = evaluate(careless, facts(("safeguarding_concern", 0.6), decision="escalate_urgent"))
    assert (out.status, out.urgency) == (ItemStatus.ESCALATED, Urgency.URGENT)
    assert out.teams == ("safeguarding",) and out.referrals[0].urgent
    assert "always seen by a person" in out.reason


# --- routing live comments -----------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_default_rules_come_from_the_pack(sh) -> None:
    rules = list(RoutingRule.objects.filter(council=sh.council))
    assert [(r.tier, r.action) for r in rules] == [
        (1, "escalate"),
        (1, "refer"),
        (2, "hide"),
        (2, "refer"),
        (2, "refer"),
        (2, "queue"),
    ]
    hide = rules[2]
    assert "offensive_language" in hide.categories and "safeguarding_concern" not in hide.categories
    assert hide.clause == "9.7"
    assert rules[3].referral_team == Team.CONTACT_CENTRE and rules[3].clause == "6.16"
    assert rules[4].clause == "6.18"
    # Installing again adds nothing; --replace keeps the old rules, switched off.
    assert services.install_default_rules(actor=None, council=sh.council) == []
    services.install_default_rules(actor=None, council=sh.council, replace=True)
    assert RoutingRule.objects.filter(council=sh.council).count() == 12
    assert RoutingRule.objects.filter(council=sh.council, active=True).count() == 6


@pytestmark_db
def test_default_rules_route_a_monday_morning(sh) -> None:
    bin_and_abuse = sh.send("Bin not emptied on Elm Road again, you useless f***ing idiots")
    assert bin_and_abuse.status == ItemStatus.HIDDEN
    assert list(bin_and_abuse.referrals.values_list("team", flat=True)) == ["contact_centre"]
    assert bin_and_abuse.routing_rule.name == "Hide pending review"
    worry = sh.send("I'm worried the kids next door are left alone all night, one has bruises")
    assert worry.status == ItemStatus.ESCALATED and worry.urgency == Urgency.URGENT
    referral = worry.referrals.get()
    assert referral.team == Team.SAFEGUARDING and referral.urgent
    assert sh.send("Lovely afternoon at the library").status == ItemStatus.PUBLISHED


@pytestmark_db
def test_author_history_holds_a_repeat_posters_comments(sh) -> None:
    for n in range(3):
        sh.send(f"You are all f***ing useless {n}", author_handle="troll")
    assert InboundItem.objects.filter(author_handle="troll", status="hidden").count() == 3
    clean = sh.send("Nice weather today", author_handle="troll")
    assert clean.status == ItemStatus.QUEUED
    assert clean.routing_rule.name == "Repeat poster: hold for a moderator"
    assert sh.send("Nice weather today", author_handle="someone_else").status == "published"


@pytestmark_db
def test_routing_respects_a_moderators_decision_on_a_new_revision(sh) -> None:
    item = sh.send("Cllr Bloggs took bribes from the developer", item_id="d1")
    services.hide_item(actor=sh.moderator, item=item, clause="6.4", reason="defamation risk")
    edited = sh.send("Great event, well done everyone", item_id="d1")
    assert edited.revision == 2 and edited.status == ItemStatus.HIDDEN_BY_MODERATOR
    routed = edited.events.filter(kind="routed").last()
    assert routed.detail["kept_status"] == "a moderator hid this comment"


@pytestmark_db
def test_an_open_escalation_is_never_closed_by_routing(sh) -> None:
    item = sh.send("My neighbour's kids are left alone all night and one has bruises", item_id="s1")
    assert item.status == ItemStatus.ESCALATED
    edited = sh.send("Thanks", item_id="s1")
    assert edited.status == ItemStatus.ESCALATED and edited.urgency == Urgency.URGENT
    assert edited.referrals.get().status == "open"


@pytestmark_db
def test_a_new_revision_can_escalate_a_hidden_comment(sh) -> None:
    item = sh.send("You are all f***ing useless", item_id="h1")
    services.hide_item(actor=sh.moderator, item=item, clause="7.5")
    edited = sh.send("My dad hits me and I'm scared to go home tonight", item_id="h1")
    assert edited.status == ItemStatus.ESCALATED


# --- saving rules ---------------------------------------------------------------------------------


@pytestmark_db
def test_saving_a_rule_checks_it_and_audits_old_and_new(sh, el) -> None:
    base: dict[str, Any] = {
        "tier": 3,
        "name": "Press",
        "action": "refer",
        "categories": ["press_enquiry"],
    }
    with pytest.raises(ValidationError) as caught:
        services.save_routing_rule(actor=sh.moderator, council=sh.council, **base)
    assert "referral_team" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        services.save_routing_rule(
            actor=sh.moderator,
            council=sh.council,
            **{**base, "categories": ["rudeness"], "referral_team": "press_office"},
            clause="99.9",
            accounts=[el.x],
        )
    assert set(caught.value.error_dict) == {"categories", "clause", "accounts"}
    saved = services.save_routing_rule(
        actor=sh.moderator,
        council=sh.council,
        **base,
        referral_team="press_office",
        clause="6.18",
        accounts=[sh.facebook],
    )
    changed = services.save_routing_rule(
        actor=sh.moderator, council=sh.council, rule=saved, min_confidence=0.7
    )
    event = AuditEvent.objects.filter(verb=Verb.ROUTING_RULE_SAVED, target_id=str(saved.pk))[0]
    assert event.payload["old"]["min_confidence"] == 0.0
    assert event.payload["new"]["min_confidence"] == 0.7
    assert event.payload["new"]["accounts"] == [sh.facebook.pk]
    assert changed.updated_by == sh.moderator


@pytestmark_db
def test_only_the_councils_moderators_change_its_rules(sh, el) -> None:
    rule_ = RoutingRule.objects.filter(council=sh.council).first()
    with pytest.raises(PermissionDenied):
        services.save_routing_rule(actor=el.moderator, council=sh.council, rule=rule_, tier=5)
    with pytest.raises(PermissionDenied):
        services.save_routing_rule(actor=el.moderator, council=el.council, rule=rule_, tier=5)
    with pytest.raises(PermissionDenied):
        services.save_routing_rule(
            actor=sh.people[Role.EMPLOYEE], council=sh.council, rule=rule_, tier=5
        )


# --- dry run -------------------------------------------------------------------------------------


def _spec(sh, name: str) -> RuleSpec:
    rules = routing.rules_for(sh.council)
    return next(r for r in rules if r.name == name)


@pytestmark_db
def test_a_dry_run_shows_what_a_change_would_have_done_and_writes_nothing(sh) -> None:
    sh.send("Bin not emptied on Elm Road")
    sh.send("Bin not emptied on Elm Road again, you useless f***ing idiots")
    sh.send("Lovely afternoon at the library")
    sh.send("Hi, I'm a reporter at the Liverpool Echo, can the council comment on the closure?")
    before = (
        InboundItem.objects.values_list("pk", "status").order_by("pk"),
        RoutingRule.objects.count(),
    )
    snapshot = (list(before[0]), before[1])
    requests = _spec(sh, "Service requests and complaints: refer to the Contact Centre")
    proposed = routing.with_change(
        routing.rules_for(sh.council),
        RuleSpec(**{**requests.__dict__, "action": RoutingAction.HIDE, "referral_team": ""}),
    )
    report = routing.dry_run(sh.council, proposed)
    assert report.items_checked == 4
    # Both bin reports change: the plain one from queued + referral to hidden, the abusive one
    # (hidden either way) loses its Contact Centre referral.
    assert report.changed == 2
    labels = sorted((c.before.label, c.after.label) for c in report.changes)
    assert labels == [
        ("Hidden pending review + Contact Centre", "Hidden pending review"),
        ("In the queue + Contact Centre", "Hidden pending review"),
    ]
    assert report.before_counts["Published (nothing found)"] == 1
    assert (
        list(InboundItem.objects.values_list("pk", "status").order_by("pk")),
        RoutingRule.objects.count(),
    ) == snapshot


@pytestmark_db
def test_a_dry_run_costs_the_same_queries_for_10_or_1000_items(sh) -> None:
    for n in range(12):
        sh.send(f"Bin not emptied on street {n}", author_handle=f"a{n}")
    rules = routing.rules_for(sh.council)
    with CaptureQueriesContext(connection) as small:
        routing.dry_run(sh.council, rules, last=3)
    with CaptureQueriesContext(connection) as large:
        report = routing.dry_run(sh.council, rules, last=1000)
    assert report.items_checked == 12
    assert len(small.captured_queries) == len(large.captured_queries) <= 4


@pytestmark_db
def test_a_dry_run_counts_author_history_as_it_was(sh) -> None:
    for n in range(3):
        sh.send(f"You are all f***ing useless {n}", author_handle="troll")
    sh.send("Nice weather today", author_handle="troll")
    rules = [r for r in routing.rules_for(sh.council) if not r.uses_author_history]
    report = routing.dry_run(sh.council, rules)
    assert report.changed == 1
    assert report.changes[0].before.status == ItemStatus.QUEUED
    assert report.changes[0].after.status == ItemStatus.PUBLISHED


# --- the rules pages -----------------------------------------------------------------------------


@pytestmark_db
def test_moderators_see_the_rules_and_other_roles_do_not(sh, client_for) -> None:
    page = client_for(sh.moderator).get(reverse("inbox:rules"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tier 1" in html and "Safeguarding concern: escalate at once" in html
    assert client_for(sh.people[Role.POLICY_OWNER]).get(reverse("inbox:rules")).status_code == 403


@pytestmark_db
def test_another_councils_rule_is_not_found(sh, el, client_for) -> None:
    rule_ = RoutingRule.objects.filter(council=sh.council)[0]
    client = client_for(el.moderator)
    assert client.get(reverse("inbox:rule_edit", args=[rule_.pk])).status_code == 404
    assert client.post(reverse("inbox:rule_edit", args=[rule_.pk]), {}).status_code == 404


def _form(rule_: RoutingRule, **changes) -> dict[str, object]:
    data: dict[str, object] = {
        "name": rule_.name,
        "description": rule_.description,
        "tier": rule_.tier,
        "position": rule_.position,
        "action": rule_.action,
        "referral_team": rule_.referral_team,
        "categories": list(rule_.categories),
        "min_confidence": rule_.min_confidence,
        "min_severity": rule_.min_severity,
        "clause": rule_.clause,
        "active": "on" if rule_.active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytestmark_db
def test_preview_shows_the_dry_run_without_saving_then_save_saves(sh, client_for) -> None:
    sh.send("Bin not emptied on Elm Road")
    rule_ = RoutingRule.objects.get(council=sh.council, referral_team=Team.CONTACT_CENTRE)
    client = client_for(sh.moderator)
    url = reverse("inbox:rule_edit", args=[rule_.pk])
    assert client.get(url).status_code == 200
    preview = client.post(url, {**_form(rule_, action="hide", referral_team=""), "preview": "1"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "1</strong> of 1 comments would be routed differently" in html
    assert "Nothing has been saved" in html
    rule_.refresh_from_db()
    assert rule_.action == "refer"
    saved = client.post(url, {**_form(rule_, min_confidence=0.6), "save": "1"})
    assert saved.status_code == 302 and saved["Location"] == reverse("inbox:rules")
    rule_.refresh_from_db()
    assert rule_.min_confidence == 0.6


@pytestmark_db
def test_a_new_rule_and_form_errors(sh, client_for) -> None:
    client = client_for(sh.moderator)
    url = reverse("inbox:rule_edit", args=[0])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"name": "Press", "tier": 3, "position": 1, "action": "refer",
                            "min_confidence": 0, "save": "1"})  # fmt: skip
    assert bad.status_code == 400
    assert "Choose the team to refer to" in bad.content.decode()
    good = client.post(
        url,
        {"name": "Press on Facebook", "tier": 3, "position": 1, "action": "refer",
         "referral_team": "press_office", "categories": ["press_enquiry"], "min_confidence": 0.5,
         "accounts": [sh.facebook.pk], "clause": "6.18", "active": "on", "save": "1"},
    )  # fmt: skip
    assert good.status_code == 302
    made = RoutingRule.objects.get(name="Press on Facebook")
    assert list(made.accounts.all()) == [sh.facebook] and made.council == sh.council


@pytestmark_db
def test_previewing_a_new_rule_adds_it_to_the_current_ones(sh, client_for) -> None:
    sh.send("Lovely afternoon at the library")
    response = client_for(sh.moderator).post(
        reverse("inbox:rule_edit", args=[0]),
        {"name": "Hold everything", "tier": 1, "position": 9, "action": "queue",
         "min_confidence": 0, "active": "on", "preview": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "1</strong> of 1 comments would be routed differently" in response.content.decode()
    assert not RoutingRule.objects.filter(name="Hold everything").exists()
