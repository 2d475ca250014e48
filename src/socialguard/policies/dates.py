"""Calendar helpers used by policies and people (review dates, training expiry)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clamped to the end of a shorter month.

    31 January + 1 month is 28 (or 29) February: a validity "of one month" never runs into the
    month after, which would give staff more time than the course allows.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def long_date(day: date) -> str:
    """GOV.UK style: ``3 May 2026`` (no leading zero, full month name)."""
    return f"{day.day} {day:%B %Y}"
