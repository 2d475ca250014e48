"""`socialguard demo`: both councils, one person per role, only in demo mode, safe to re-run."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socialguard.accounts.models import User
from socialguard.accounts.roles import Role
from socialguard.audit.services import verify_chains
from socialguard.councils.models import Council, Jurisdiction

pytestmark = pytest.mark.django_db


def test_it_is_refused_outside_demo_mode(settings) -> None:
    settings.DEMO = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo")
    assert not Council.objects.exists()


def test_it_loads_both_councils_and_a_person_per_role(settings, tmp_path, capsys) -> None:
    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    call_command("demo")
    out = capsys.readouterr().out
    councils = {c.slug: c for c in Council.objects.all()}
    assert councils["st-helens"].jurisdiction == Jurisdiction.ENGLAND_WALES
    assert councils["east-lothian"].jurisdiction == Jurisdiction.SCOTLAND
    assert councils["st-helens"].policy_pack == "st-helens-2018"
    for council in councils.values():
        staff = User.objects.filter(council=council)
        assert staff.count() == len(Role)
        held = {role for user in staff for role in user.roles}
        assert held == set(Role)
    password = (tmp_path / "demo-password").read_text().strip()
    assert f"password: {password}" in out
    assert "maya.dunn@sthelens.gov.uk" in out
    assert User.objects.get(email="maya.dunn@sthelens.gov.uk").check_password(password)


def test_running_it_again_changes_nothing_and_the_audit_log_verifies(settings, tmp_path) -> None:
    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    call_command("demo")
    users, councils = User.objects.count(), Council.objects.count()
    call_command("demo")
    assert (User.objects.count(), Council.objects.count()) == (users, councils)
    assert verify_chains().ok
