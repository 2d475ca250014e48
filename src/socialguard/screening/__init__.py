"""SocialGuard's screening engine: framework-free policy screening of short texts.

Public API (everything else is internal):

- ``Engine`` / ``load_pack`` / ``get_engine``: screen texts under a council's policy pack;
- ``Finding``, ``ScreeningResult`` and the ``Category``, ``Context``, ``Decision``, ``Severity``
  and ``Characteristic`` enums: the contract of product.md §3.

This package never imports Django, Celery or any other ``socialguard`` module (an import-linter
contract enforces it), so it can be used and tested on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socialguard.screening.model import (
    Category,
    Characteristic,
    Context,
    Decision,
    Finding,
    ScreeningResult,
    Severity,
)

if TYPE_CHECKING:
    from socialguard.screening.engine import Engine, get_engine
    from socialguard.screening.packs.loader import Pack, load_pack

__all__ = [
    "Category",
    "Characteristic",
    "Context",
    "Decision",
    "Engine",
    "Finding",
    "Pack",
    "ScreeningResult",
    "Severity",
    "get_engine",
    "load_pack",
]


def __getattr__(name: str) -> Any:
    # The engine and pack loader are imported on first use: importing the contract types must
    # stay cheap for callers that only need the names.
    if name in ("Engine", "get_engine"):
        from socialguard.screening import engine

        return getattr(engine, name)
    if name in ("Pack", "load_pack"):
        from socialguard.screening.packs import loader

        return getattr(loader, name)
    raise AttributeError(name)
