"""The shell every member of staff sees: health, sign-in redirect, role-aware home, error pages."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from socialguard.accounts.roles import Capability, Role, capabilities_for
from socialguard.core.navigation import NAV_ITEMS

pytestmark = pytest.mark.django_db


def test_it_reports_healthy_with_a_working_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_reports_unhealthy_when_the_database_fails(client: Client) -> None:
    with mock.patch("socialguard.core.views.connection.cursor", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_it_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", list(Role))
def test_home_shows_each_role_only_what_it_may_do(personas, client_for, role: Role) -> None:
    user = personas.st_helens[role]
    html = client_for(user).get("/").content.decode()
    allowed = capabilities_for(frozenset({role, Role.EMPLOYEE}))
    for capability in Capability:
        shown = f'data-capability="{capability.value}"' in html
        assert shown == (capability in allowed), capability
    assert "St Helens Council" in html
    assert "East Lothian" not in html
    for url_name in {item.url_name for item in NAV_ITEMS}:
        # A page can be reached through several capabilities (e.g. referrals for two teams).
        needed = [item.capability for item in NAV_ITEMS if item.url_name == url_name]
        expected = any(c is None or c in allowed for c in needed)
        assert (f'href="{reverse(url_name)}"' in html) == expected, url_name


def test_pages_carry_a_strict_content_security_policy(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(personas, client_for) -> None:
    html = client_for(personas.st_helens[Role.POLICY_OWNER]).get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_the_404_page_is_a_helpful_govuk_page(personas, client_for) -> None:
    response = client_for(personas.st_helens[Role.EMPLOYEE]).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "govuk-heading-l" in html


def test_the_403_page_explains_which_role_is_missing(personas, client_for) -> None:
    response = client_for(personas.st_helens[Role.MODERATOR]).get(reverse("audit:event_list"))
    assert response.status_code == 403
    assert "read the audit log" in response.content.decode()


def test_the_500_page_renders_without_a_request_context(client: Client) -> None:
    from socialguard.core.views import server_error

    response = server_error(mock.Mock())
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_accessibility_statement_is_public(client: Client) -> None:
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()


def test_the_openapi_schema_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "SocialGuard API"
