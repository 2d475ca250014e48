"""Inbox test fixtures: on-commit work runs at once, St Helens with official accounts, tokens.

Shared by I1's and I2's inbox tests. ``inbox`` gives St Helens (and East Lothian) ready to take
comments: official accounts, inbox settings with team addresses, and the default routing rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from socialguard.accounts.models import User
from socialguard.accounts.roles import Role
from socialguard.councils.models import Council
from socialguard.inbox import services
from socialguard.inbox.models import InboundItem, InboxSettings
from socialguard.register.models import AccountStatus, OfficialAccount, Platform


@pytest.fixture(autouse=True)
def on_commit_runs_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run inside a transaction that never commits; run on-commit work (screening tasks,
    emails) straight away so tests see it."""

    def run(func: Callable[[], Any], using: str | None = None, robust: bool = False) -> None:
        func()

    monkeypatch.setattr("django.db.transaction.on_commit", run)


@dataclass
class CouncilInbox:
    council: Council
    moderator: User
    people: Any  # conftest.CouncilPeople
    x: OfficialAccount
    facebook: OfficialAccount

    def send(self, text: str, *, item_id: str = "", **fields: Any) -> InboundItem:
        """Ingest one comment on the council's X account and return it, screened."""
        item = {
            "platform": "x",
            "account_handle": self.x.handle,
            "platform_item_id": item_id or f"c{next(_ids)}",
            "author_handle": "resident",
            "text": text,
            **fields,
        }
        result = services.ingest(council=self.council, items=[item], source="test")[0]
        return InboundItem.objects.get(pk=result.id)


_ids = itertools.count(1)  # unique platform item ids across tests


def _account(council: Council, creator: User, platform: Platform, handle: str) -> OfficialAccount:
    return OfficialAccount.objects.create(
        council=council,
        platform=platform,
        handle=handle.lower(),
        display_handle=handle,
        url=f"https://example.org/{handle}",
        service="Communications",
        purpose="News",
        status=AccountStatus.ACTIVE,
        created_by=creator,
    )


def _setup(people: Any, handle: str, domain: str, rules: bool) -> CouncilInbox:
    council = people.council
    creator = people[Role.CUSTOMER_SERVICES]
    InboxSettings.objects.create(
        council=council,
        contact_centre_email=f"contactcentre@{domain}",
        press_office_email=f"press@{domain}",
        safeguarding_email=f"safeguarding@{domain}",
        reference_prefix=services.default_prefix(council),
    )
    inbox = CouncilInbox(
        council=council,
        moderator=people[Role.MODERATOR],
        people=people,
        x=_account(council, creator, Platform.X, handle),
        facebook=_account(council, creator, Platform.FACEBOOK, handle),
    )
    if rules:
        services.install_default_rules(actor=None, council=council)
    return inbox


@pytest.fixture
def sh(personas: Any) -> CouncilInbox:
    """St Helens with accounts @StHelensCouncil on X and Facebook, settings and default rules."""
    return _setup(personas.st_helens, "StHelensCouncil", "sthelens.gov.uk", rules=True)


@pytest.fixture
def el(personas: Any) -> CouncilInbox:
    """East Lothian with its accounts and settings (default rules too)."""
    return _setup(personas.east_lothian, "EastLothianCncl", "eastlothian.gov.uk", rules=True)


def as_worker(task: Any, args: list[Any], *, retries: int) -> None:
    """The request a worker gives a task for a message: which attempt this is. (``Any``: the
    Celery stubs type ``push_request`` as if it took the task's own arguments.)"""
    task.push_request(id="t-1", args=args, kwargs={}, retries=retries, called_directly=False)
