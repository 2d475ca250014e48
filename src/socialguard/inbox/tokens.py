"""Integration API tokens: shown once, stored as a SHA-256 digest, scoped to one council.

A token reads ``sg_<prefix>_<secret>``. The prefix (10 characters, stored in clear and unique)
finds the row without scanning; the whole token is hashed with SHA-256 and compared in constant
time with the stored digest. SHA-256 without a salt or slow hash is right here because the secret
is 256 random bits, not a password a person chose: nobody can guess it from a digest.

Revoked tokens stop working at once (401). ``last_used_at`` is written at most once a minute per
token, so a busy integration does not turn every request into a write.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.audit.models import Verb
from socialguard.audit.services import record
from socialguard.councils.models import Council
from socialguard.inbox.models import ApiToken

TOKEN_START = "sg_"  # noqa: S105 - a marker, not a secret
PREFIX_LENGTH = 10
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plaintext: str  # shown to the person once; never stored


def digest_of(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _split(plaintext: str) -> tuple[str, str] | None:
    if not plaintext.startswith(TOKEN_START):
        return None
    prefix, sep, secret = plaintext[len(TOKEN_START) :].partition("_")
    if not sep or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix, secret


@transaction.atomic
def create_token(*, actor: User | None, council: Council, name: str) -> NewToken:
    """A new token for ``council``'s integration ``name``. The plaintext is returned only here.

    ``actor`` is the person creating it (None from the command line); a person may create tokens
    only for their own council.
    """
    if actor is not None and actor.council_id != council.pk:
        raise PermissionDenied("Tokens can only be made for your own council.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the integration the token is for."})
    while True:
        # Lower-case hex prefix: no "_" inside it, so the token splits unambiguously.
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    plaintext = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        council=council,
        name=name[:200],
        prefix=prefix,
        digest=digest_of(plaintext),
        created_by=actor,
    )
    record(
        actor=actor,
        verb=Verb.TOKEN_CREATED,
        target=token,
        council=council,
        payload={"name": token.name, "prefix": prefix},
    )
    return NewToken(token, plaintext)


@transaction.atomic
def revoke_token(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Stop a token working. Revoking twice is harmless (the first time is kept)."""
    if actor is not None and actor.council_id != token.council_id:
        raise PermissionDenied("That token belongs to another council.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            verb=Verb.TOKEN_REVOKED,
            target=token,
            council=token.council,
            payload={"name": token.name, "prefix": token.prefix},
        )
    return token


def authenticate(plaintext: str) -> ApiToken | None:
    """The live token that ``plaintext`` is, or None (unknown, malformed or revoked)."""
    parts = _split(plaintext.strip())
    if parts is None:
        return None
    token = ApiToken.objects.select_related("council").filter(prefix=parts[0]).first()
    if token is None:
        # Hash anyway, so an unknown prefix costs the same time as a wrong secret.
        hmac.compare_digest(digest_of(plaintext), "0" * 64)
        return None
    if not hmac.compare_digest(digest_of(plaintext.strip()), token.digest):
        return None
    if token.revoked_at is not None or not token.council.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
