"""API tokens: shown once, stored hashed, scoped to a council, revocable; the tokens command."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from socialguard.audit.models import AuditEvent, Verb
from socialguard.inbox import tokens
from socialguard.inbox.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_as_its_sha256_and_never_in_clear(sh) -> None:
    new = tokens.create_token(actor=sh.moderator, council=sh.council, name="Facebook connector")
    assert new.plaintext.startswith(f"sg_{new.token.prefix}_")
    assert len(new.plaintext) > 50
    row = ApiToken.objects.values().get(pk=new.token.pk)
    assert row["digest"] == hashlib.sha256(new.plaintext.encode()).hexdigest()
    assert new.plaintext not in {str(v) for v in row.values()}
    secret = new.plaintext.rsplit("_", 1)[1]
    assert all(secret not in str(v) for v in row.values())
    event = AuditEvent.objects.get(verb=Verb.TOKEN_CREATED)
    assert new.plaintext not in str(event.payload) and event.payload["prefix"] == new.token.prefix


def test_authenticate_accepts_only_the_exact_live_token(sh) -> None:
    new = tokens.create_token(actor=None, council=sh.council, name="connector")
    assert tokens.authenticate(new.plaintext) == new.token
    assert tokens.authenticate(new.plaintext + "x") is None
    assert tokens.authenticate(new.plaintext[:-1]) is None
    assert tokens.authenticate("sg_0000000000_" + new.plaintext.rsplit("_", 1)[1]) is None
    assert tokens.authenticate("not a token") is None
    assert tokens.authenticate("") is None
    tokens.revoke_token(actor=None, token=new.token)
    assert tokens.authenticate(new.plaintext) is None


def test_a_deactivated_councils_tokens_stop_working(sh) -> None:
    new = tokens.create_token(actor=None, council=sh.council, name="connector")
    sh.council.is_active = False
    sh.council.save()
    assert tokens.authenticate(new.plaintext) is None


def test_last_used_is_written_at_most_once_a_minute(sh) -> None:
    new = tokens.create_token(actor=None, council=sh.council, name="connector")
    tokens.authenticate(new.plaintext)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    tokens.authenticate(new.plaintext)
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    tokens.authenticate(new.plaintext)
    later = ApiToken.objects.get().last_used_at
    assert later is not None and later > first


def test_people_make_tokens_only_for_their_own_council(sh, el) -> None:
    with pytest.raises(PermissionDenied):
        tokens.create_token(actor=el.moderator, council=sh.council, name="x")
    with pytest.raises(ValidationError):
        tokens.create_token(actor=None, council=sh.council, name="  ")
    new = tokens.create_token(actor=None, council=sh.council, name="connector")
    with pytest.raises(PermissionDenied):
        tokens.revoke_token(actor=el.moderator, token=new.token)


def test_revoking_twice_keeps_the_first_time(sh) -> None:
    new = tokens.create_token(actor=None, council=sh.council, name="connector")
    first = tokens.revoke_token(actor=None, token=new.token).revoked_at
    assert tokens.revoke_token(actor=None, token=new.token).revoked_at == first
    assert AuditEvent.objects.filter(verb=Verb.TOKEN_REVOKED).count() == 1


def test_the_tokens_command_creates_lists_and_revokes(sh) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "tokens", "create", "--council", "st-helens", "--name", "Hootsuite", stdout=out, stderr=err
    )
    plaintext = out.getvalue().strip()
    assert tokens.authenticate(plaintext) is not None
    assert "only time it is shown" in err.getvalue()
    listing = io.StringIO()
    call_command("tokens", "list", stdout=listing)
    prefix = ApiToken.objects.get().prefix
    assert prefix in listing.getvalue() and "Hootsuite" in listing.getvalue()
    assert plaintext not in listing.getvalue()
    call_command("tokens", "revoke", prefix, stdout=io.StringIO())
    assert tokens.authenticate(plaintext) is None
    with pytest.raises(CommandError, match="No council"):
        call_command("tokens", "create", "--council", "nowhere", "--name", "x")
    with pytest.raises(CommandError, match="No token"):
        call_command("tokens", "revoke", "sg_ffffffffff_x")
