"""Every page that is not deliberately public turns away anonymous visitors.

New pages are picked up automatically: a view added without protection fails here.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Pages anyone may see, by URL name (namespace:name) or path prefix.
PUBLIC_NAMES = {"healthz", "core:accessibility", "accounts:login", "accounts:logout"}
PUBLIC_PREFIXES = ("api/v1/", "public/")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else ""


def _example_path(route: str) -> str:
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:slug|str):[^>]+>", "x", route)
    route = re.sub(r"<[^>]+>", "1", route)
    return "/" + route.lstrip("^").rstrip("$")


PROTECTED = [
    (route, name)
    for route, name in _walk(get_resolver().url_patterns)
    if name not in PUBLIC_NAMES and not route.startswith(PUBLIC_PREFIXES)
]


def test_there_are_protected_pages_to_check() -> None:
    assert len(PROTECTED) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PROTECTED)
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, route: str, name: str) -> None:
    path = _example_path(route)
    response = client.get(path)
    if response.status_code == 405:  # a POST-only action
        response = client.post(path)
    assert response.status_code == 302, f"{name} ({route}) must require sign-in"
    assert "/accounts/sign-in/" in response["Location"]
