"""Shared fixtures for the engine tests: the two real packs' engines, built once per session."""

from __future__ import annotations

import pytest

from socialguard.screening.engine import Engine, get_engine


@pytest.fixture(scope="session")
def sh_engine() -> Engine:
    """The St Helens 2018 pack's engine (all registered detectors)."""
    return get_engine("st-helens-2018")


@pytest.fixture(scope="session")
def el_engine() -> Engine:
    """The East Lothian 2011 pack's engine (all registered detectors)."""
    return get_engine("east-lothian-2011")
