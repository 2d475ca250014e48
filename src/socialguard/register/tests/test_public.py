"""The public register: no sign-in, only live accounts, a verify search, and a JSON feed."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from socialguard.accounts.roles import Role
from socialguard.register.handles import parse
from socialguard.register.models import AccountStatus, OfficialAccount, Platform

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(
    (Path(settings.PROJECT_DIR) / "docs/schemas/public-accounts.schema.json").read_text()
)


def _account(council, creator, handle, status, platform=Platform.X, **extra) -> OfficialAccount:
    return OfficialAccount.objects.create(
        council=council,
        platform=platform,
        handle=handle.lower(),
        display_handle=handle,
        url=f"https://x.com/{handle}",
        service="Communications",
        purpose="News",
        status=status,
        created_by=creator,
        activated_at=timezone.now() - timedelta(days=400),
        **extra,
    )


@pytest.fixture
def accounts(personas):
    sh = personas.st_helens
    creator = sh[Role.CUSTOMER_SERVICES]
    return {
        "active": _account(sh.council, creator, "StHelensCouncil", AccountStatus.ACTIVE),
        "proposed": _account(sh.council, creator, "StHelensSecret", AccountStatus.PROPOSED),
        "closed": _account(
            sh.council,
            creator,
            "StHelensEvents2019",
            AccountStatus.CLOSED,
            closed_at=timezone.now() - timedelta(days=10),
        ),
        "theirs": _account(
            personas.east_lothian.council,
            personas.east_lothian[Role.CUSTOMER_SERVICES],
            "EastLothianCncl",
            AccountStatus.ACTIVE,
        ),
    }


def test_the_public_page_lists_only_this_councils_live_accounts(client: Client, accounts) -> None:
    html = client.get("/public/st-helens/").content.decode()
    assert "@StHelensCouncil" in html
    assert "StHelensSecret" not in html
    assert "StHelensEvents2019" not in html
    assert "EastLothianCncl" not in html
    assert "Feedback and complaints" in html
    assert "01744 676789" in html


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("@StHelensCouncil", "Yes, this is ours"),
        ("https://x.com/sthelenscouncil?ref=share", "Yes, this is ours"),
        ("twitter.com/StHelensCouncil", "Yes, this is ours"),
        ("https://www.facebook.com/StHelensCouncil", "No, this is not ours"),
        ("@StHelensEvents2019", "This account is closed."),
        ("@StHelensSecret", "No, this is not ours"),
        ("@EastLothianCncl", "No, this is not ours"),
        ("@fake_st_helens", "No, this is not ours"),
        ("https://x.com/", "We could not read that"),
    ],
)
def test_is_this_account_really_ours(client: Client, accounts, query: str, answer: str) -> None:
    response = client.get("/public/st-helens/", {"q": query})
    assert response.status_code == 200
    assert answer in response.content.decode()


def test_a_closed_account_answers_with_its_closing_date(client: Client, accounts) -> None:
    html = client.get("/public/st-helens/", {"q": "@StHelensEvents2019"}).content.decode()
    assert f"closed on {accounts['closed'].closed_at:%-d %B %Y}" in html


def test_an_empty_search_is_an_error_not_a_crash(client: Client, accounts) -> None:
    html = client.get("/public/st-helens/", {"q": ""}).content.decode()
    assert "There is a problem" in html


def test_the_feed_validates_against_its_published_schema(client: Client, accounts) -> None:
    response = client.get("/public/st-helens/accounts.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    feed = response.json()
    jsonschema.validate(feed, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert feed["council"]["slug"] == "st-helens"
    assert [a["handle"] for a in feed["accounts"]] == ["StHelensCouncil"]
    assert feed["accounts"][0]["active_since"] == accounts["active"].activated_at.date().isoformat()


def test_an_unknown_or_inactive_council_is_not_found(client: Client, personas) -> None:
    assert client.get("/public/nowhere/").status_code == 404
    assert client.get("/public/nowhere/accounts.json").status_code == 404
    council = personas.st_helens.council
    council.is_active = False
    council.save()
    assert client.get("/public/st-helens/").status_code == 404


@pytest.mark.parametrize(
    ("text", "platform", "handle"),
    [
        ("@StHelensCouncil", None, "sthelenscouncil"),
        ("https://www.facebook.com/StHelensCouncil/", Platform.FACEBOOK, "sthelenscouncil"),
        ("m.facebook.com/pages/StHelensCouncil", Platform.FACEBOOK, "sthelenscouncil"),
        (
            "https://www.linkedin.com/company/st-helens-council",
            Platform.LINKEDIN,
            "st-helens-council",
        ),
        ("https://www.youtube.com/@StHelensCouncil", Platform.YOUTUBE, "sthelenscouncil"),
        ("https://bsky.app/profile/sthelens.gov.uk", Platform.BLUESKY, "sthelens.gov.uk"),
    ],
)
def test_handles_and_urls_are_read(text: str, platform, handle: str) -> None:
    parsed = parse(text)
    assert parsed is not None
    assert (parsed.platform, parsed.handle) == (platform, handle)


@pytest.mark.parametrize("text", ["", "   ", "two words"])
def test_unreadable_input_is_none(text: str) -> None:
    assert parse(text) is None
