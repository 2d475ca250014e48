"""Build every content detector once over the shared data and screen texts with them.

Tests call the detectors directly (not the engine) so a change in a pack's decision table can
never hide a detector regression; ``test_registry`` covers the engine wiring.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from socialguard.screening.detectors.base import Detector
from socialguard.screening.detectors.content import DETECTORS
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Context, Finding
from socialguard.screening.resources import Resources, load_shared

SHARED = Path(__file__).resolve().parents[5] / "policy_packs" / "_shared"


@cache
def resources() -> Resources:
    return load_shared(SHARED)


@cache
def detectors() -> tuple[Detector, ...]:
    out = []
    for path in DETECTORS.values():
        module, _, cls = path.partition(":")
        out.append(getattr(importlib.import_module(module), cls)(resources()))
    return tuple(out)


def document(text: str, context: str | None = None) -> Document:
    return Document(text, resources(), context=Context(context) if context else None)


def findings(text: str, context: str | None = None) -> list[Finding]:
    doc = document(text, context)
    out: list[Finding] = []
    for detector in detectors():
        out.extend(detector.detect(doc))
    return out


def categories(text: str, context: str | None = None) -> set[str]:
    return {f.category.value for f in findings(text, context)}


def of(text: str, category: Category, context: str | None = None) -> list[Finding]:
    return [f for f in findings(text, context) if f.category == category]
