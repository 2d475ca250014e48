"""Response targets in working hours: weekends and the jurisdiction's bank holidays do not count.

A council sets its targets in ``InboxSettings``: a number of working hours to the first moderator
action, and the working day (09:00–17:00 by default, in the council's local time). A comment
received on Friday at 16:00 with an 8-hour target is due on Monday at 16:00; one received in the
evening starts counting at 09:00 the next working day.

Bank holidays come from the maintained ``holidays`` library, never a hand-typed list: England
and Wales use the UK calendar with ``subdiv="ENG"`` (Wales has the same bank holidays), Scotland
``subdiv="SCT"`` (2 January, the first Monday of August, St Andrew's Day, …). We ask for it as
``holidays.country_holidays("GB", subdiv=...)``, the typed spelling of ``holidays.UK(...)``.

Urgent items (safeguarding) are the exception: their target counts clock hours, because a child
at risk on a Friday night cannot wait for Monday (the referral email goes out at once anyway).
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import holidays
from django.conf import settings

from socialguard.councils.models import Jurisdiction

SUBDIVISIONS = {Jurisdiction.ENGLAND_WALES: "ENG", Jurisdiction.SCOTLAND: "SCT"}


@cache
def _calendar(subdiv: str) -> Any:
    # One calendar per subdivision; the library fills in each year the first time it is asked.
    return holidays.country_holidays("GB", subdiv=subdiv)


def is_bank_holiday(day: date, jurisdiction: str) -> bool:
    return day in _calendar(SUBDIVISIONS[Jurisdiction(jurisdiction)])


def is_working_day(day: date, jurisdiction: str) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day, jurisdiction)


def _local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _window(day: date, day_start: int, day_end: int) -> tuple[datetime, datetime]:
    midnight = datetime.combine(day, time(0))
    return midnight + timedelta(hours=day_start), midnight + timedelta(hours=day_end)


def _check_day(day_start: int, day_end: int) -> None:
    if not 0 <= day_start < day_end <= 24:
        raise ValueError("the working day must start before it ends, within 0–24 hours")


def add_working_hours(
    start: datetime,
    hours: float,
    *,
    jurisdiction: str,
    day_start: int = 9,
    day_end: int = 17,
) -> datetime:
    """``start`` plus ``hours`` of working time, as an aware datetime in the local time zone.

    Working time is ``day_start``–``day_end`` (local, whole hours) on working days. Time before
    the working day starts counting at ``day_start``; time after it, at the next working day's
    start. A target that ends exactly at ``day_end`` is due then, not the next morning.
    Raises ``ValueError`` for a naive ``start`` or an empty working day.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    _check_day(day_start, day_end)
    zone = _local_zone()
    # Count in local wall-clock time, so a working day is 8 hours even across a clock change.
    current = start.astimezone(zone).replace(tzinfo=None)
    remaining = timedelta(hours=hours)
    while True:
        day = current.date()
        opening, closing = _window(day, day_start, day_end)
        if not is_working_day(day, jurisdiction) or current >= closing:
            current = _window(day + timedelta(days=1), day_start, day_end)[0]
            continue
        current = max(current, opening)
        available = closing - current
        if remaining <= available:
            return (current + remaining).replace(tzinfo=zone)
        remaining -= available
        current = _window(day + timedelta(days=1), day_start, day_end)[0]


def working_hours_between(
    start: datetime, end: datetime, *, jurisdiction: str, day_start: int = 9, day_end: int = 17
) -> float:
    """Working hours from ``start`` to ``end`` (0 when ``end`` is not later). For stats."""
    _check_day(day_start, day_end)
    if end <= start:
        return 0.0
    zone = _local_zone()
    current = start.astimezone(zone).replace(tzinfo=None)
    stop = end.astimezone(zone).replace(tzinfo=None)
    total = timedelta()
    day = current.date()
    while datetime.combine(day, time(0)) < stop:
        if is_working_day(day, jurisdiction):
            opening, closing = _window(day, day_start, day_end)
            window_start, window_end = max(current, opening), min(stop, closing)
            if window_end > window_start:
                total += window_end - window_start
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def due_at(
    received_at: datetime,
    *,
    urgent: bool,
    jurisdiction: str,
    target_hours: int,
    urgent_target_hours: int,
    day_start: int = 9,
    day_end: int = 17,
) -> datetime:
    """When the first moderator action is due: clock hours when urgent, else working hours."""
    if urgent:
        return received_at + timedelta(hours=urgent_target_hours)
    return add_working_hours(
        received_at,
        target_hours,
        jurisdiction=jurisdiction,
        day_start=day_start,
        day_end=day_end,
    )
