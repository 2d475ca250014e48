"""The moderation statistics dashboard: figures aggregated in SQL, charts, tables and CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.accounts.services import create_staff_user
from socialguard.inbox import services
from socialguard.inbox.models import InboundItem
from socialguard.inbox.stats import StatsScope, bar_chart, build_tables, column_chart

pytestmark = pytest.mark.django_db

STATS = "/inbox/stats/"
OFFENSIVE = "You are a f*cking disgrace, the lot of you"
ALLOWED = [
    r
    for r in Role
    if capabilities_for(frozenset({r}))
    & {Capability.MODERATE_INBOX, Capability.VIEW_COMPLIANCE_REPORTS}
]
REFUSED = [r for r in Role if r not in ALLOWED]


@pytest.fixture
def worked(sh):
    """Five comments today; the moderator hid two under §6.4 and approved one."""
    items = [sh.send(f"{OFFENSIVE} {n}", author_handle=f"a{n}") for n in range(4)]
    items.append(sh.send("Lovely park, thank you"))
    for item in items[:2]:
        services.hide_item(actor=sh.moderator, item=item, clause="6.4", reason="Abuse")
    services.approve_item(actor=sh.moderator, item=items[2])
    return items


def _table(page: str, key: str) -> str:
    found = re.search(rf'<section id="{key}".*?</section>', page, re.S)
    assert found, key
    return found.group(0)


@pytest.mark.parametrize("role", ALLOWED)
def test_moderators_and_compliance_readers_see_the_dashboard(sh, client_for, role) -> None:
    assert client_for(sh.people[role]).get(STATS).status_code == 200


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused(sh, client_for, role) -> None:
    assert reverse("inbox:stats") == STATS
    assert client_for(sh.people[role]).get(STATS).status_code == 403


def test_the_tables_count_what_happened(sh, worked, client_for) -> None:
    page = client_for(sh.moderator).get(STATS).content.decode()
    today = f"{timezone.localdate():%-d %b %Y}"
    daily = _table(page, "daily")
    row = re.search(rf"<th scope=\"row\"[^>]*>{today}</th>(.*?)</tr>", daily, re.S)
    assert row is not None
    assert re.findall(r">(\d+)</td>", row.group(1)) == ["5", "4", "0"]
    clauses = _table(page, "clauses")
    assert "§6.4" in clauses and "Hidden" in clauses
    moderators = _table(page, "moderators")
    assert sh.moderator.get_full_name() in moderators
    # Charts: accessible SVG with a title and a description, and no inline styles (CSP).
    assert page.count('<svg role="img"') >= 4
    assert "<title" in page and "<desc" in page and "style=" not in page


def test_another_councils_figures_are_not_counted(sh, el, worked, client_for) -> None:
    page = client_for(el.moderator).get(STATS).content.decode()
    assert sh.moderator.get_full_name() not in page
    assert "§6.4" not in _table(page, "clauses")


def test_median_time_to_first_action(sh) -> None:
    now = timezone.now()
    items = [sh.send(f"{OFFENSIVE} {n}", author_handle=f"m{n}") for n in range(4)]
    for item, hours in zip(items, (1, 2, 3, 10), strict=True):
        InboundItem.objects.filter(pk=item.pk).update(
            received_at=now - timedelta(hours=12), first_action_at=now - timedelta(hours=12 - hours)
        )
    scope = StatsScope(council=sh.council, days=30, now=now)
    response = build_tables(scope, only="response")[0]
    # Twelve hours ago may fall in last week on a Monday morning.
    (week,) = [row for row in response.rows if row[1]]
    assert week[1] == 4  # acted on
    assert week[3] == 2.5  # the mean of the middle two of 1, 2, 3 and 10 hours
    # An odd number: the middle one.
    InboundItem.objects.filter(pk=items[3].pk).update(first_action_at=None)
    (week,) = [row for row in build_tables(scope, only="response")[0].rows if row[1]]
    assert (week[1], week[3]) == (3, 2.0)


def test_query_count_does_not_depend_on_the_amount_of_data(sh, client_for) -> None:
    client = client_for(sh.moderator)
    client.get(STATS)
    with CaptureQueriesContext(connection) as empty:
        client.get(STATS)
    for n in range(6):
        item = sh.send(f"{OFFENSIVE} {n}", author_handle=f"q{n}")
        services.hide_item(actor=sh.moderator, item=item, clause="6.4", reason="Abuse")
    with CaptureQueriesContext(connection) as full:
        client.get(STATS)
    assert len(full.captured_queries) == len(empty.captured_queries)


def test_csv_downloads_one_table(sh, worked, client_for) -> None:
    client = client_for(sh.moderator)
    for key in ("daily", "weekly", "response", "clauses", "moderators"):
        response = client.get(STATS, {"format": "csv", "table": key})
        assert response.status_code == 200, key
        assert response["Content-Type"].startswith("text/csv")
        assert f"moderation-{key}.csv" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] and len(rows) >= 2, key
    assert client.get(STATS, {"format": "csv", "table": "nope"}).status_code == 404


def test_csv_cells_cannot_become_spreadsheet_formulas(sh, worked, client_for) -> None:
    sneaky = create_staff_user(
        actor=None,
        council=sh.council,
        email="sneaky@sthelens.gov.uk",
        first_name="=HYPERLINK(1)",
        last_name="",
        password=None,
        roles=frozenset({Role.MODERATOR}),
    )
    services.add_note(actor=sneaky, item=worked[0], text="hello")
    response = client_for(sh.moderator).get(STATS, {"format": "csv", "table": "moderators"})
    names = [row[0] for row in csv.reader(io.StringIO(response.content.decode()))]
    assert "'=HYPERLINK(1)" in names and "=HYPERLINK(1)" not in names


def test_chart_geometry_scales_to_the_largest_value() -> None:
    chart = column_chart(
        chart_id="c",
        title="t",
        description="d",
        points=[("a", 0, "0"), ("b", 5, "5"), ("c", 10, "10")],
    )
    heights = [m.height for m in chart.marks]
    assert heights[0] == 0 and heights[2] == 2 * heights[1]
    assert all(m.y + m.height == chart.axis_y for m in chart.marks)
    assert chart.summary == "a: 0. b: 5. c: 10."
    bars = bar_chart(chart_id="b", title="t", description="d", rows=[("x", 3, "3"), ("y", 6, "6")])
    assert bars.marks[1].width == 520 and bars.marks[0].width == 260
    empty = column_chart(chart_id="e", title="t", description="d", points=[("a", 0, "0")])
    assert empty.marks[0].height == 0  # no division by zero
