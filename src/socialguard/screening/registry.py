"""The detector registry: detector name → ``"dotted.module:ClassName"``, imported on first use.

Two tables are merged:
- ``BUILTIN`` below: the personal-data detectors (owned with the engine core);
- ``DETECTORS`` in ``socialguard.screening.detectors.content`` (the content detectors: offensive
  language, discrimination, harassment, routing, ...), if that package exists.

A pack's ``rules.yaml`` may list ``detectors.enabled`` to run a subset; by default every
registered detector runs. Importing lazily keeps ``socialguard check`` quick to start and lets a
broken optional detector fail loudly only when used.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping

from socialguard.screening.detectors.base import Detector

__all__ = ["BUILTIN", "available", "load_detector_class"]

BUILTIN: Mapping[str, str] = {
    "pii.email": "socialguard.screening.detectors.pii.email:EmailDetector",
    "pii.uk_phone": "socialguard.screening.detectors.pii.phone:UkPhoneDetector",
    "pii.postcode_address": "socialguard.screening.detectors.pii.address:AddressDetector",
    "pii.identifiers": "socialguard.screening.detectors.pii.identifiers:IdentifierDetector",
    "pii.financial": "socialguard.screening.detectors.pii.financial:FinancialDetector",
    "pii.date_of_birth": "socialguard.screening.detectors.pii.dob:DateOfBirthDetector",
    "pii.reference": "socialguard.screening.detectors.pii.reference:PersonReferenceDetector",
    "pii.special_category": "socialguard.screening.detectors.pii.special:SpecialCategoryDetector",
    "pii.name_context": "socialguard.screening.detectors.pii.special:NameContextDetector",
    "learned": "socialguard.screening.detectors.learned:LearnedDetector",
}

_CONTENT_MODULE = "socialguard.screening.detectors.content"
_lock = threading.Lock()
_classes: dict[str, type[Detector]] = {}


def available() -> dict[str, str]:
    """Every registered detector name and its dotted path, builtin first, then content."""
    table = dict(BUILTIN)
    try:
        content = importlib.import_module(_CONTENT_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name not in (_CONTENT_MODULE, "socialguard.screening.detectors"):
            raise
        return table
    extra = getattr(content, "DETECTORS", {})
    for name, path in dict(extra).items():
        if name in table:
            raise ValueError(f"detector {name!r} is registered twice")
        table[str(name)] = str(path)
    return table


def load_detector_class(name: str, table: Mapping[str, str] | None = None) -> type[Detector]:
    """Import and return the class registered as ``name``; ``KeyError`` if unknown."""
    with _lock:
        cached = _classes.get(name)
        if cached is not None:
            return cached
        paths = table if table is not None else available()
        if name not in paths:
            raise KeyError(f"unknown detector {name!r} (known: {', '.join(sorted(paths))})")
        module_name, _, class_name = paths[name].partition(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        if not (isinstance(cls, type) and issubclass(cls, Detector)):
            raise TypeError(f"{paths[name]} is not a Detector subclass")
        if cls.name != name:
            raise ValueError(f"{paths[name]} declares name {cls.name!r}, registered as {name!r}")
        _classes[name] = cls
        return cls
