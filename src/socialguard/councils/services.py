"""Writes to councils (tenants)."""

from __future__ import annotations

from django.db import transaction

from socialguard.accounts.models import User
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.models import Council, Jurisdiction


@transaction.atomic
def create_council(
    *,
    actor: User | None,
    name: str,
    slug: str,
    jurisdiction: Jurisdiction,
    email_domains: list[str],
    policy_pack: str,
) -> Council:
    council = Council(
        name=name,
        slug=slug,
        jurisdiction=jurisdiction,
        email_domains=[d.lower() for d in email_domains],
        policy_pack=policy_pack,
    )
    council.full_clean()
    council.save()
    record(
        actor=actor,
        verb=Verb.COUNCIL_CREATED,
        target=council,
        council=council,
        payload={
            "new": {
                "name": name,
                "slug": slug,
                "jurisdiction": str(jurisdiction),
                "email_domains": council.email_domains,
                "policy_pack": policy_pack,
            }
        },
    )
    return council
