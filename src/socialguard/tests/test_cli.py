"""The `socialguard` console script: Django commands and the engine's own commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "socialguard"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "false"}
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=env, check=False, timeout=120
    )


def test_it_wraps_django_management_commands() -> None:
    result = _run("help")
    assert result.returncode == 0
    assert "audit" in result.stdout
    assert "demo" in result.stdout
    assert "migrate" in result.stdout


def test_it_forwards_screening_commands_to_the_engine_without_django() -> None:
    result = _run("packs", "validate")
    assert result.returncode == 0, result.stderr
