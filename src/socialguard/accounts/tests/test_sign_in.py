"""Signing in: email and password, throttling, audit, and the production password hasher."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from socialguard.accounts.roles import Role
from socialguard.audit.models import AuditEvent, Verb
from socialguard.conftest import PASSWORD

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/sign-in/"


def _sign_in(client: Client, email: str, password: str):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_staff_sign_in_with_their_email_address(personas, client: Client) -> None:
    user = personas.st_helens[Role.MODERATOR]
    response = _sign_in(client, user.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert AuditEvent.objects.filter(verb=Verb.LOGGED_IN, actor=user).exists()


def test_a_wrong_password_gets_a_clear_error_and_is_audited(personas, client: Client) -> None:
    user = personas.st_helens[Role.MODERATOR]
    response = _sign_in(client, user.email, "not the password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert "<title>Error: " in html
    failure = AuditEvent.objects.get(verb=Verb.LOGIN_FAILED)
    assert failure.council == user.council
    assert failure.payload["username"] == user.email
    assert "not the password" not in str(failure.payload)


def test_an_empty_form_names_each_missing_field(client: Client) -> None:
    html = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username"' in html
    assert 'href="#id_password"' in html
    assert "govuk-input--error" in html


def test_repeated_failures_lock_the_account_even_with_the_right_password(
    personas, client: Client
) -> None:
    user = personas.st_helens[Role.MODERATOR]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, user.email, "wrong password")
    response = _sign_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.LOCKED_OUT, council=user.council).exists()
    assert "_auth_user_id" not in client.session


def test_deactivated_staff_cannot_sign_in(personas, client: Client) -> None:
    user = personas.st_helens[Role.EMPLOYEE]
    user.is_active = False
    user.save()
    response = _sign_in(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(personas, client_for) -> None:
    client = client_for(personas.st_helens[Role.EMPLOYEE])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_signed_in_staff_skip_the_sign_in_page(personas, client_for) -> None:
    response = client_for(personas.st_helens[Role.EMPLOYEE]).get(SIGN_IN)
    assert response.status_code == 302


def test_sessions_expire_when_idle_and_when_the_browser_closes() -> None:
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def _production_settings(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "socialguard.settings", **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_hashes_passwords_with_argon2_and_secures_cookies() -> None:
    result = _production_settings(
        "print(settings.PASSWORD_HASHERS[0], settings.SESSION_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS)",
        SECRET_KEY="x" * 50,
        DEBUG="false",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "True",
        "31536000",
    ]


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _production_settings("pass", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_demo_mode_is_refused_outside_debug() -> None:
    result = _production_settings("pass", DEBUG="false", SOCIALGUARD_DEMO="1", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "needs DEBUG on" in result.stderr


def test_a_misspelt_boolean_is_an_error_not_a_guess() -> None:
    result = _production_settings("pass", DEBUG="ture", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG='ture': use true or false" in result.stderr
