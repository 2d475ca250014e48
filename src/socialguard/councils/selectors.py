"""Reads of councils. A user only ever sees their own council."""

from __future__ import annotations

from django.db.models import QuerySet

from socialguard.councils.models import Council


def active_councils() -> QuerySet[Council]:
    return Council.objects.filter(is_active=True)


def council_by_slug(slug: str) -> Council | None:
    """The active council with this slug, for public pages; None when there is none."""
    return active_councils().filter(slug=slug).first()
