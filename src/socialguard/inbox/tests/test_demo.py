"""The demo inbox: a realistic Monday morning, through the real code, loaded once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.audit.services import verify_chains
from socialguard.inbox.demo import TEXTS, load_inbox_demo
from socialguard.inbox.models import (
    OPEN_STATUSES,
    InboundItem,
    InboxSettings,
    ItemStatus,
    Referral,
    ReplyTemplate,
    RoutingRule,
    Urgency,
)
from socialguard.inbox.selectors import QueueFilters, queue_for
from socialguard.register.demo import load_register_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(personas):
    for people in (personas.st_helens, personas.east_lothian):
        load_register_demo(council=people.council, people=people.people)
        load_inbox_demo(council=people.council, people=people.people)
    return personas


def each_council_gets_a_few_hundred_varied_comments(demo) -> None:
    for people in (demo.st_helens, demo.east_lothian):
        items = InboundItem.objects.filter(council=people.council)
        assert 250 <= items.count() <= 400
        statuses = Counter(items.values_list("status", flat=True))
        for status in (ItemStatus.PUBLISHED, ItemStatus.QUEUED, ItemStatus.HIDDEN,
                       ItemStatus.ESCALATED, ItemStatus.APPROVED, ItemStatus.REMOVED,
                       ItemStatus.HIDDEN_BY_MODERATOR):  # fmt: skip
            assert statuses[status] > 0, status
        categories = Counter(c for cats in items.values_list("categories", flat=True) for c in cats)
        assert len(categories) >= 12, categories
        assert items.filter(revision__gt=1).exists()  # authors edit
        assert items.exclude(parent_platform_item_id__contains="_post_").exists()  # threads
        assert items.values("author_handle").distinct().count() > 80
        assert items.values("account").distinct().count() >= 2


def the_queue_looks_like_a_monday_morning(demo) -> None:
    moderator = demo.st_helens[Role.MODERATOR]
    page = queue_for(moderator, filters=QueueFilters(), limit=50)
    assert page.total >= 30
    assert page.items[0].urgency == Urgency.URGENT
    assert all(i.status in OPEN_STATUSES for i in page.items)
    now = timezone.now()
    waiting = InboundItem.objects.filter(council=moderator.council, status__in=OPEN_STATUSES)
    assert waiting.filter(received_at__gte=now - timedelta(days=3)).count() > 20
    assert waiting.filter(sla_due_at__lt=now).exists()  # some are overdue
    assert waiting.filter(assigned_to=moderator).exists()


def older_comments_were_dealt_with_and_their_history_is_dated(demo) -> None:
    council = demo.st_helens.council
    acted = InboundItem.objects.filter(council=council, first_action_at__isnull=False)
    assert acted.count() > 50
    for item in acted[:20]:
        assert item.first_action_at is not None
        assert item.received_at < item.first_action_at <= timezone.now()
        times = list(item.events.values_list("created_at", flat=True))
        assert times == sorted(times) and times[0] == item.received_at
    assert Referral.objects.filter(council=council, status="closed").exists()
    assert Referral.objects.filter(council=council, status="open", team="safeguarding").exists()
    assert InboundItem.objects.filter(council=council, events__kind="replied").exists()


def settings_templates_and_rules_are_made(demo) -> None:
    for people in (demo.st_helens, demo.east_lothian):
        settings = InboxSettings.objects.get(council=people.council)
        assert settings.safeguarding_email.endswith(people.council.email_domains[0])
        assert ReplyTemplate.objects.filter(council=people.council).count() == 6
        assert RoutingRule.objects.filter(council=people.council).count() == 6
    assert InboxSettings.objects.get(council=demo.st_helens.council).reference_prefix == "SH"
    assert Referral.objects.filter(reference__startswith="EL-CC-").exists()


def reply_templates_never_carry_personal_data(demo) -> None:
    from socialguard.inbox.services import engine_for

    for template in ReplyTemplate.objects.all():
        engine = engine_for(template.council.policy_pack)
        found = [f for f in engine.screen(template.body).findings if f.category == "personal_data"]
        assert found == [], (template.name, found)


def loading_again_adds_nothing_sends_no_email_and_the_audit_log_verifies(demo) -> None:
    count = InboundItem.objects.count()
    people = demo.st_helens
    assert load_inbox_demo(council=people.council, people=people.people) == 0
    assert InboundItem.objects.count() == count
    assert mail.outbox == []
    assert verify_chains().ok


def test_the_demo_inbox(demo) -> None:
    """One load (it takes a few seconds), every check: content first, then a second load."""
    each_council_gets_a_few_hundred_varied_comments(demo)
    the_queue_looks_like_a_monday_morning(demo)
    older_comments_were_dealt_with_and_their_history_is_dated(demo)
    settings_templates_and_rules_are_made(demo)
    reply_templates_never_carry_personal_data(demo)
    loading_again_adds_nothing_sends_no_email_and_the_audit_log_verifies(demo)


def test_every_kind_of_text_has_several_versions() -> None:
    assert len(TEXTS) >= 14
    assert sum(len(texts) for texts in TEXTS.values()) >= 100
