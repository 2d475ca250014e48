"""Pydantic models of a policy pack's YAML files. Every model forbids unknown keys.

A pack directory ``policy_packs/<pack-id>/`` holds:
- ``pack.yaml``: metadata (``PackFile``), including the council's published contact details;
- ``clauses.yaml``: the policy's sections and clauses, word for word (``ClausesFile``);
- ``rules.yaml``: which clauses each finding category enforces and the decision table for each
  context (``RulesFile``);
- optionally ``lexicons/*.txt`` and ``patterns/*.yaml``: local additions to the shared lists.

Cross-file checks (clause ids exist, decisions valid for their context, every category
covered) live in ``loader.py``; these models check shape and names only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from socialguard.screening.model import Category, Context, Decision

__all__ = [
    "Clause",
    "ClausesFile",
    "ContactSpec",
    "DecisionRule",
    "DecisionTable",
    "DetectorsSpec",
    "HistoryRow",
    "PackFile",
    "RulesFile",
    "Section",
    "When",
]

SeverityName = Literal["low", "medium", "high"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HistoryRow(_Strict):
    """One row of the policy's own version-control table."""

    date: str
    version: str
    comment: str


class ContactSpec(_Strict):
    """The council's published contact details: never findings (product.md §3).

    ``email_domains`` are the council's mail domains; an address there whose local part names a
    person is ``council_email_exposed``. ``generic_mailboxes`` adds service-mailbox local parts to
    the shared list (``_shared/lexicons/pii_generic_mailboxes.txt``). ``phone_prefixes`` are the
    council's direct-dial ranges (``"01744 67"``): every number in them is the council's own.
    """

    email_domains: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    phone_prefixes: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    addresses: list[str] = Field(default_factory=list)
    postcodes: list[str] = Field(default_factory=list)
    generic_mailboxes: list[str] = Field(default_factory=list)
    source: str = ""


class PackFile(_Strict):
    """``pack.yaml``: who the pack is for and which document it encodes."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    council: str = Field(min_length=1)
    jurisdiction: Literal["england_wales", "scotland", "wales", "northern_ireland"]
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    date: dt.date
    source: str = Field(min_length=1)
    approved_by: str | None = None
    review_period_months: int | None = Field(default=None, ge=1)
    history: list[HistoryRow] = Field(default_factory=list)
    contact: ContactSpec = Field(default_factory=ContactSpec)


class Section(_Strict):
    """A numbered section of the policy."""

    id: str = Field(min_length=1)
    heading: str = Field(min_length=1)


class Clause(_Strict):
    """One clause, with its id exactly as the policy numbers it (``"6.8"``, ``"4.1(a)"``)."""

    id: str = Field(min_length=1)
    section: str = Field(min_length=1)
    heading: str = Field(min_length=1)
    text: str = Field(min_length=1)


class ClausesFile(_Strict):
    """``clauses.yaml``."""

    sections: list[Section] = Field(default_factory=list)
    clauses: list[Clause] = Field(min_length=1)


class SubtypeRule(_Strict):
    """Clauses for one subtype, replacing the category's clauses for findings of that subtype."""

    clauses: list[str] = Field(min_length=1)
    note: str = ""


class CategoryRule(_Strict):
    """What a category enforces in this pack.

    ``clauses``: the clause ids cited on every finding of the category. ``subtypes``: per-subtype
    clause lists (e.g. health information also cites the Caldicott clause). ``min_confidence``:
    findings below it are dropped for this pack. ``note``: why these clauses (for reviewers).
    """

    clauses: list[str] = Field(min_length=1)
    subtypes: dict[str, SubtypeRule] = Field(default_factory=dict)
    min_confidence: float = Field(default=0.0, ge=0, le=1)
    note: str = ""


class When(_Strict):
    """The condition of a decision rule: any finding that satisfies all of the given tests.

    ``categories`` empty means any category; ``subtypes`` empty means any subtype.
    """

    categories: list[Category] = Field(default_factory=list)
    subtypes: list[str] = Field(default_factory=list)
    min_severity: SeverityName = "low"
    min_confidence: float = Field(default=0.0, ge=0, le=1)


class DecisionRule(_Strict):
    """``when`` a finding matches, the decision is ``decision``. Rules are tried in order and the
    first that matches wins, so put the strongest decisions first."""

    when: When
    decision: Decision
    reason: str = Field(min_length=5)
    clauses: list[str] = Field(default_factory=list)


class DecisionTable(_Strict):
    """The ordered rules for one context and the decision when none matches."""

    rules: list[DecisionRule] = Field(default_factory=list)
    default: Decision


class DetectorsSpec(_Strict):
    """Which detectors run for this pack and their options.

    ``enabled``: run only these (default: every registered detector); ``disabled``: skip these;
    ``options``: per-detector settings passed to the detector's constructor.
    """

    enabled: list[str] | None = None
    disabled: list[str] = Field(default_factory=list)
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)


class RulesFile(_Strict):
    """``rules.yaml``: clause citations per category and a decision table per context."""

    pack: str
    categories: dict[Category, CategoryRule]
    decisions: dict[Context, DecisionTable]
    detectors: DetectorsSpec = Field(default_factory=DetectorsSpec)
