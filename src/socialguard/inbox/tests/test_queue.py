"""The queue page and the in-place highlighting of findings it shows."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from socialguard.inbox.templatetags.inbox_extras import (
    CATEGORY_LABELS,
    ClauseBook,
    explain_findings,
    highlight,
)
from socialguard.screening import Category


@dataclass(frozen=True)
class S:
    start: int
    end: int
    number: int

    @property
    def anchor(self) -> str:
        return f"f-{self.number}"


def _marks(html: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'<mark class="sg-finding" data-findings="([^"]*)">(.*?)</mark>', html)


# --- highlighting (no database) ------------------------------------------------------------------


def test_a_span_is_marked_in_place_and_linked_to_its_explanation() -> None:
    html = highlight("Ring me on 07700 900123 please", [S(11, 23, 1)])
    assert html.startswith("Ring me on <mark")
    assert _marks(html) == [("1", "07700 900123")]
    assert '<a class="govuk-link" href="#f-1">' in html
    assert html.endswith(" please")


def test_html_in_the_text_is_escaped_inside_and_outside_marks() -> None:
    text = "<script>alert(1)</script> you <b>idiot</b> & co"
    start = text.index("idiot")
    html = highlight(text, [S(start - 3, start + 9, 1)])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert _marks(html) == [("1", "&lt;b&gt;idiot&lt;/b&gt;")]
    assert "&amp; co" in html


def test_overlapping_spans_give_flat_well_formed_marks() -> None:
    # "Missed bin at 12 Acacia Avenue" (request) overlaps "12 Acacia Avenue WA10 1AB" (address).
    text = "Missed bin at 12 Acacia Avenue WA10 1AB today"
    request, address = S(0, 30, 1), S(14, 39, 2)
    html = highlight(text, [request, address])
    assert _marks(html) == [
        ("1", "Missed bin at "),
        ("1 2", "12 Acacia Avenue"),
        ("2", " WA10 1AB"),
    ]
    assert html.count("<mark") == html.count("</mark>") == 3
    # Each finding's reference comes once, right after its last highlighted piece.
    assert html.index('href="#f-1"') < html.index(" WA10")
    assert html.index('href="#f-2"') > html.index("1AB")


def test_nested_and_identical_spans() -> None:
    text = "abcdefghij"
    html = highlight(text, [S(0, 10, 1), S(2, 4, 2), S(2, 4, 3)])
    assert _marks(html) == [("1", "ab"), ("1 2 3", "cd"), ("1", "efghij")]


def test_spans_outside_the_text_are_clamped_and_empty_ones_ignored() -> None:
    html = highlight("short", [S(3, 99, 1), S(4, 4, 2), S(-5, 1, 3), S(9, 12, 4)])
    assert _marks(html) == [("3", "s"), ("1", "rt")]
    assert 'href="#f-2"' not in html and 'href="#f-4"' not in html


def test_no_spans_is_just_escaped_text_with_line_breaks() -> None:
    assert highlight("a < b\nc", []) == "a &lt; b<br>c"


def test_every_category_has_a_readable_label() -> None:
    assert set(CATEGORY_LABELS) == {c.value for c in Category}


def test_findings_are_numbered_in_reading_order_with_clause_headings() -> None:
    findings = [
        {"category": "offensive_language", "start": 20, "end": 27, "clauses": ["6.4"]},
        {"category": "personal_data", "start": 2, "end": 9, "clauses": ["5.2", "99.9"]},
    ]
    explained = explain_findings(
        findings, pack_id="st-helens-2018", book=ClauseBook(), anchor_prefix="item-7"
    )
    assert [(f.number, f.category) for f in explained] == [
        (1, "personal_data"),
        (2, "offensive_language"),
    ]
    assert explained[0].anchor == "item-7-finding-1"
    first, unknown = explained[0].clauses
    assert first.id == "5.2" and first.heading == "Key Principles" and first.excerpt
    assert not unknown.known  # shown as missing from the pack, never silently dropped


def test_an_unloadable_pack_still_lists_the_clause_ids() -> None:
    (finding,) = explain_findings(
        [{"category": "complaint", "start": 0, "end": 1, "clauses": ["6.16"]}],
        pack_id="no-such-pack",
        book=ClauseBook(),
        anchor_prefix="x",
    )
    assert [c.id for c in finding.clauses] == ["6.16"]


pytestmark_db = pytest.mark.django_db


# --- the queue page -------------------------------------------------------------------------------

from django.db import connection  # noqa: E402 - the view tests below need the database
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from socialguard.accounts.roles import Capability, Role, capabilities_for  # noqa: E402
from socialguard.inbox import views  # noqa: E402
from socialguard.inbox.models import InboundItem, ItemStatus  # noqa: E402

QUEUE = "/inbox/"
SAFEGUARDING = "My neighbour's kids are left alone all night and he hits them"
OFFENSIVE = "You are a f*cking disgrace, the lot of you"
BINS = "My bin was not collected on Tuesday, can you send someone please?"
NOT_MODERATORS = [
    r for r in Role if Capability.MODERATE_INBOX not in capabilities_for(frozenset({r}))
]


def _ids(response) -> list[int]:
    import re

    return [
        int(pk)
        for pk in re.findall(
            r'name="items" type="checkbox" value="(\d+)"', response.content.decode()
        )
    ]


@pytest.fixture
def mixed(sh):
    """A routine service request, an offensive comment (hidden) and a safeguarding concern."""
    return {
        "bins": sh.send(BINS),
        "offensive": sh.send(OFFENSIVE, author_handle="rude"),
        "safeguarding": sh.send(SAFEGUARDING),
        "clean": sh.send("Lovely photos of the park, thank you!"),
    }


@pytest.mark.django_db
def test_the_queue_puts_safeguarding_first_then_hidden_then_routine(sh, mixed, client_for) -> None:
    assert reverse("inbox:queue") == QUEUE
    response = client_for(sh.moderator).get(QUEUE)
    assert response.status_code == 200
    assert _ids(response) == [mixed["safeguarding"].pk, mixed["offensive"].pk, mixed["bins"].pk]
    page = response.content.decode()
    assert "Urgent" in page and '<mark class="sg-finding"' in page
    assert "Safeguarding concern" in page and "§" in page


@pytest.mark.django_db
def test_filters_narrow_the_queue(sh, mixed, client_for) -> None:
    client = client_for(sh.moderator)
    assert _ids(client.get(QUEUE, {"category": "offensive_language"})) == [mixed["offensive"].pk]
    assert _ids(client.get(QUEUE, {"decision": "escalate_urgent"})) == [mixed["safeguarding"].pk]
    assert _ids(client.get(QUEUE, {"status": "published"})) == [mixed["clean"].pk]
    assert len(_ids(client.get(QUEUE, {"status": "any"}))) == 4
    assert _ids(client.get(QUEUE, {"age": "gt24h"})) == []
    assert len(_ids(client.get(QUEUE, {"age": "lt1h"}))) == 3
    assert _ids(client.get(QUEUE, {"account": sh.facebook.pk})) == []
    assert len(_ids(client.get(QUEUE, {"account": sh.x.pk}))) == 3
    assert _ids(client.get(QUEUE, {"assigned": "me"})) == []
    # A nonsense filter is ignored rather than failing the page.
    assert client.get(QUEUE, {"category": "nonsense", "account": "x"}).status_code == 200


@pytest.mark.django_db
def test_keyset_pages_follow_the_next_link_without_repeats(
    sh, mixed, client_for, monkeypatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = client_for(sh.moderator)
    first = client.get(QUEUE, {"status": "any"})
    import re

    link = re.search(r'href="\?([^"]*)" rel="next"', first.content.decode())
    assert link is not None and "status=any" in link.group(1)
    second = client.get(QUEUE + "?" + link.group(1).replace("&amp;", "&"))
    assert "First page" in second.content.decode()
    seen = _ids(first) + _ids(second)
    assert len(seen) == len(set(seen)) == 4
    assert 'rel="next"' not in second.content.decode()


@pytest.mark.django_db
def test_a_tampered_cursor_starts_again_from_the_top(sh, mixed, client_for) -> None:
    response = client_for(sh.moderator).get(QUEUE, {"after": "not-a-cursor"})
    assert response.status_code == 200
    assert _ids(response)[0] == mixed["safeguarding"].pk


@pytest.mark.django_db
def test_with_htmx_the_filters_return_just_the_results(sh, mixed, client_for) -> None:
    response = client_for(sh.moderator).get(
        QUEUE, {"category": "offensive_language"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and 'hx-swap-oob="innerHTML"' in page
    assert "1 comment matches these filters" in page
    # A history restore needs the whole page.
    response = client_for(sh.moderator).get(
        QUEUE, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


@pytest.mark.django_db
def test_the_query_count_does_not_depend_on_the_page_size(sh, client_for, monkeypatch) -> None:
    client = client_for(sh.moderator)
    for n in range(3):
        sh.send(f"{OFFENSIVE} number {n}", author_handle=f"a{n}")
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.get(QUEUE)  # warm the session, the pack cache
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    for n in range(12):
        sh.send(f"{SAFEGUARDING} {n}", author_handle=f"b{n}")
    monkeypatch.setattr(views, "PAGE_SIZE", 15)
    with CaptureQueriesContext(connection) as large:
        response = client.get(QUEUE)
    assert len(_ids(response)) == 15
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_the_queue_shows_only_the_councils_own_items(sh, el, mixed, client_for) -> None:
    theirs = el.send(OFFENSIVE, author_handle="elsewhere")
    assert _ids(client_for(el.moderator).get(QUEUE)) == [theirs.pk]
    assert theirs.pk not in _ids(client_for(sh.moderator).get(QUEUE))


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_MODERATORS)
def test_other_roles_are_refused_the_queue(sh, client_for, role) -> None:
    client = client_for(sh.people[role])
    assert client.get(QUEUE).status_code == 403
    assert client.post(reverse("inbox:bulk"), {"action": "approve"}).status_code == 403


@pytest.mark.django_db
def test_the_overdue_tag_shows_past_the_sla(sh, mixed, client_for) -> None:
    from datetime import timedelta

    from django.utils import timezone

    InboundItem.objects.filter(pk=mixed["bins"].pk).update(
        sla_due_at=timezone.now() - timedelta(hours=1)
    )
    page = client_for(sh.moderator).get(QUEUE).content.decode()
    assert page.count(">Overdue<") == 1
    assert ItemStatus.QUEUED.label in page


@pytest.mark.django_db
def test_a_very_long_queue_says_more_than_the_cap(sh, mixed, client_for, monkeypatch) -> None:
    from socialguard.inbox import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    page = client_for(sh.moderator).get(QUEUE).content.decode()
    assert "More than 2 comments match" in page


# --- category filters over decided comments (PostgreSQL: one partial index per category) --------


def test_the_category_indexes_cover_every_category() -> None:
    import importlib

    from socialguard.inbox.models import CATEGORY_ORDER

    migration = importlib.import_module("socialguard.inbox.migrations.0003_category_indexes")
    # Bit n is category n in both: a category appended to the model needs its own index.
    assert migration.CATEGORIES == CATEGORY_ORDER


@pytest.fixture
def decided(sh, mixed):
    """The offensive comment approved by a moderator, the bins request removed."""
    from socialguard.inbox import services

    services.approve_item(actor=sh.moderator, item=mixed["offensive"], note="Fair criticism")
    services.remove_item(
        actor=sh.moderator, item=mixed["bins"], clause="6.16", reason="Duplicate of a referral"
    )
    return mixed


@pytest.mark.django_db
def test_category_filters_find_decided_comments(sh, decided, client_for) -> None:
    client = client_for(sh.moderator)
    offensive, bins = decided["offensive"].pk, decided["bins"].pk
    approved = {"status": "approved"}
    assert _ids(client.get(QUEUE, {**approved, "category": "offensive_language"})) == [offensive]
    assert _ids(client.get(QUEUE, {**approved, "category": "service_request"})) == []
    assert _ids(client.get(QUEUE, {"status": "removed", "category": "service_request"})) == [bins]
    assert _ids(client.get(QUEUE, {"status": "any", "category": "service_request"})) == [bins]
    with_account = {**approved, "category": "offensive_language", "account": sh.facebook.pk}
    assert _ids(client.get(QUEUE, with_account)) == []
    assert (
        client.get(QUEUE, {**approved, "category": "offensive_language"}).context["page"].total == 1
    )


@pytest.mark.django_db
def test_on_postgresql_category_filters_read_the_categorys_own_index(sh, decided) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the category indexes are PostgreSQL's (SQLite has no INCLUDE)")
    from socialguard.inbox.selectors import QUEUE_ORDER, QueueFilters, filtered_items

    matching = filtered_items(
        sh.council.pk, QueueFilters(status="approved", category="offensive_language")
    )
    queries = [matching.order_by(*QUEUE_ORDER)[:51], matching[:1001]]
    with connection.cursor() as cursor:
        # A test table is tiny, where a sequential scan is cheapest; the choice between
        # indexes is what is checked.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            sql, params = query.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "inbox_category_offensive_language" in plan, plan
