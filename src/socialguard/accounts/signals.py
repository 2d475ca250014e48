"""Sign-ins, sign-outs, failures and lock-outs go into the audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from socialguard.accounts.models import User
from socialguard.audit.models import Verb
from socialguard.audit.services import record


def _client(request: HttpRequest | None) -> dict[str, str]:
    if request is None:
        return {}
    return {
        "ip": request.META.get("REMOTE_ADDR", ""),
        "agent": request.headers.get("User-Agent", "")[:200],
    }


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(actor=user, verb=Verb.LOGGED_IN, target=user, payload=_client(request))


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, verb=Verb.LOGGED_OUT, target=user, payload=_client(request))


def _attempted_user(username: str) -> User | None:
    return User.objects.filter(email__iexact=username).select_related("council").first()


@receiver(user_login_failed)
def audit_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Never the password: Django has already masked it, and we keep only the username.
    username = str(credentials.get("username", ""))[:200]
    user = _attempted_user(username)
    record(
        actor=None,
        actor_label="anonymous",
        verb=Verb.LOGIN_FAILED,
        target=user,
        council=user.council if user else None,
        payload={"username": username, **_client(request)},
    )


@receiver(user_locked_out)
def audit_lock_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    user = _attempted_user(username or "")
    record(
        actor=None,
        actor_label="anonymous",
        verb=Verb.LOCKED_OUT,
        target=user,
        council=user.council if user else None,
        payload={"username": username or "", "ip": ip_address},
    )
