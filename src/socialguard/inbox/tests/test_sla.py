"""Response targets in working hours: weekends, bank holidays (by jurisdiction), evenings."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from socialguard.inbox import services, sla
from socialguard.inbox.models import Urgency

UK = ZoneInfo("Europe/London")
ENG, SCT = "england_wales", "scotland"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UK)


def due(start: datetime, hours: float, jurisdiction: str = ENG, **day: int) -> datetime:
    return sla.add_working_hours(start, hours, jurisdiction=jurisdiction, **day)


def test_within_one_working_day() -> None:
    assert due(at(2026, 11, 25, 9, 30), 2) == at(2026, 11, 25, 11, 30)  # a Wednesday


def test_a_target_ending_at_the_close_of_the_day_is_due_then() -> None:
    assert due(at(2026, 11, 25, 9), 8) == at(2026, 11, 25, 17)


def test_evenings_start_counting_next_morning() -> None:
    assert due(at(2026, 11, 25, 20, 15), 2) == at(2026, 11, 26, 11)
    assert due(at(2026, 11, 26, 6), 1) == at(2026, 11, 26, 10)  # before opening


def test_across_a_weekend() -> None:
    friday_four = at(2026, 11, 20, 16)
    assert due(friday_four, 8) == at(2026, 11, 23, 16)  # 1 h Friday + 7 h Monday
    assert due(at(2026, 11, 21, 12), 1) == at(2026, 11, 23, 10)  # sent on Saturday


def test_across_christmas_in_england() -> None:
    # 2026: Christmas Day is a Friday; Boxing Day falls on Saturday, so Monday 28th is the
    # substitute bank holiday. Thursday 24th 16:00 + 8 h → Tuesday 29th 16:00.
    assert due(at(2026, 12, 24, 16), 8) == at(2026, 12, 29, 16)


def test_st_andrews_day_2026_is_a_monday_off_in_scotland_only() -> None:
    assert at(2026, 11, 30, 0).strftime("%A") == "Monday"
    assert sla.is_bank_holiday(at(2026, 11, 30).date(), SCT)
    assert not sla.is_bank_holiday(at(2026, 11, 30).date(), ENG)
    friday_four = at(2026, 11, 27, 16)
    assert due(friday_four, 8, SCT) == at(2026, 12, 1, 16)
    assert due(friday_four, 8, ENG) == at(2026, 11, 30, 16)


def test_scottish_and_english_summer_bank_holidays_differ() -> None:
    assert sla.is_bank_holiday(at(2026, 8, 3).date(), SCT)  # first Monday of August
    assert not sla.is_bank_holiday(at(2026, 8, 3).date(), ENG)
    assert sla.is_bank_holiday(at(2026, 8, 31).date(), ENG)  # last Monday of August
    assert not sla.is_bank_holiday(at(2026, 8, 31).date(), SCT)
    assert sla.is_bank_holiday(at(2027, 1, 4).date(), SCT)  # 2 January substitute (Saturday)


def test_a_long_target_spans_several_days() -> None:
    assert due(at(2026, 11, 23, 9), 24) == at(2026, 11, 25, 17)  # three full days


def test_the_clocks_going_back_do_not_change_the_working_day() -> None:
    # 25 October 2026: BST ends at 02:00. Friday 16:00 + 8 h → Monday 16:00 local time.
    result = due(at(2026, 10, 23, 16), 8)
    assert result == at(2026, 10, 26, 16)
    assert result.utcoffset() == timedelta(0)


def test_a_different_working_day() -> None:
    assert due(at(2026, 11, 25, 7), 2, day_start=8, day_end=18) == at(2026, 11, 25, 10)
    with pytest.raises(ValueError, match="start before it ends"):
        due(at(2026, 11, 25, 7), 2, day_start=18, day_end=8)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sla.add_working_hours(datetime(2026, 11, 25, 9), 1, jurisdiction=ENG)  # noqa: DTZ001


def test_working_hours_between() -> None:
    assert (
        sla.working_hours_between(at(2026, 11, 27, 16), at(2026, 12, 1, 16), jurisdiction=SCT) == 8
    )
    assert (
        sla.working_hours_between(at(2026, 11, 27, 16), at(2026, 12, 1, 16), jurisdiction=ENG) == 16
    )
    assert (
        sla.working_hours_between(at(2026, 11, 25, 20), at(2026, 11, 25, 22), jurisdiction=ENG) == 0
    )
    assert (
        sla.working_hours_between(at(2026, 11, 25, 12), at(2026, 11, 25, 11), jurisdiction=ENG) == 0
    )


def test_urgent_targets_count_clock_hours() -> None:
    saturday_night = at(2026, 11, 21, 23)
    urgent = sla.due_at(
        saturday_night, urgent=True, jurisdiction=ENG, target_hours=8, urgent_target_hours=1
    )
    assert urgent == at(2026, 11, 22, 0)
    routine = sla.due_at(
        saturday_night, urgent=False, jurisdiction=ENG, target_hours=8, urgent_target_hours=1
    )
    assert routine == at(2026, 11, 23, 17)


@pytest.mark.django_db
def test_items_get_their_councils_deadline(sh, el) -> None:
    services.save_inbox_settings(actor=None, council=sh.council, response_target_hours=4)
    item = sh.send("Lovely day at Victoria Park")
    expected = sla.add_working_hours(item.received_at, 4, jurisdiction=ENG)
    assert item.sla_due_at == expected
    worry = sh.send("My dad hits me and I'm scared to go home tonight")
    assert worry.urgency == Urgency.URGENT
    assert worry.sla_due_at == worry.received_at + timedelta(hours=1)


@pytest.mark.django_db
def test_escalating_restarts_the_clock_on_the_urgent_target(sh) -> None:
    item = sh.send("Bins not emptied on Elm Road")
    before = timezone.now()
    services.escalate_item(actor=sh.moderator, item=item, reason="Resident sounds distressed")
    item.refresh_from_db()
    assert before + timedelta(minutes=59) < item.sla_due_at <= timezone.now() + timedelta(hours=1)


@pytest.mark.django_db
def test_an_edit_starts_the_clock_again_from_when_the_new_text_arrived(sh) -> None:
    from socialguard.inbox.models import InboundItem, ItemRevision

    item = sh.send("Bins not emptied on Elm Road", item_id="e1")
    week_ago = timezone.now() - timedelta(days=7)
    InboundItem.objects.filter(pk=item.pk).update(received_at=week_ago)
    ItemRevision.objects.filter(item=item).update(received_at=week_ago)
    edited = sh.send("Bins not emptied on Elm Road, you useless f***ing idiots", item_id="e1")
    revision = edited.revisions.get(number=2)
    expected = sla.add_working_hours(revision.received_at, 8, jurisdiction=ENG)
    assert edited.urgency == Urgency.PRIORITY and edited.sla_due_at == expected
