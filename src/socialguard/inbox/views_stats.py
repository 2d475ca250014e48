"""The moderation statistics dashboard and its CSV downloads.

Moderators see their own council's figures; so do the people who monitor adherence to the policy
(VIEW_COMPLIANCE_REPORTS: the Information Management Group, St Helens §9.4–9.5).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.decorators import staff_required
from socialguard.inbox.stats import (
    DEFAULT_PERIOD,
    PERIOD_CHOICES,
    TABLE_KEYS,
    StatsScope,
    build_tables,
)

ALLOWED = (Capability.MODERATE_INBOX, Capability.VIEW_COMPLIANCE_REPORTS)

# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text  # a negative number is a number, not a formula
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return response


@staff_required
def stats(request: HttpRequest) -> HttpResponse:
    """The dashboard; ``?format=csv&table=<key>`` downloads one table."""
    me = request.user
    assert isinstance(me, User)  # noqa: S101 - staff_required lets only staff in
    if not any(me.can(c) for c in ALLOWED):
        raise PermissionDenied(
            "Your role does not include: moderate comments on official accounts, "
            "or see compliance across the council."
        )
    try:
        days = int(request.GET.get("days", DEFAULT_PERIOD))
    except ValueError:
        days = DEFAULT_PERIOD
    if days not in PERIOD_CHOICES:
        days = DEFAULT_PERIOD
    scope = StatsScope(council=me.council, days=days, now=timezone.now())  # type: ignore[arg-type]
    if request.GET.get("format") == "csv":
        key = request.GET.get("table", "")
        if key not in TABLE_KEYS:
            raise Http404("No such table")
        (table,) = build_tables(scope, only=key)
        return _csv(table.csv_name, table.header, table.rows)
    return render(
        request,
        "inbox/stats.html",
        {"tables": build_tables(scope), "days": days, "periods": PERIOD_CHOICES},
    )
