"""The screening contract: category, context and decision names, findings and results.

Everything here is fixed by the product specification (product.md §3). Other parts of SocialGuard,
and external checks, rely on these exact strings, so they are enums whose values are the wire
names. ``Finding`` and ``ScreeningResult`` are frozen dataclasses; ``to_dict()`` produces the JSON
shape the specification shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

__all__ = [
    "CONTEXT_DECISIONS",
    "REDACTED_CATEGORIES",
    "Category",
    "Characteristic",
    "Context",
    "Decision",
    "Finding",
    "ScreeningResult",
    "Severity",
]


class Category(StrEnum):
    """The fourteen finding categories. A finding has exactly one."""

    PERSONAL_DATA = "personal_data"
    COUNCIL_EMAIL_EXPOSED = "council_email_exposed"
    CONFIDENTIAL_INFORMATION = "confidential_information"
    OFFENSIVE_LANGUAGE = "offensive_language"
    DISCRIMINATION = "discrimination"
    HARASSMENT = "harassment"
    SEXUAL_CONTENT = "sexual_content"
    DEFAMATION_RISK = "defamation_risk"
    POLITICAL_ACTIVITY = "political_activity"
    COUNCIL_REPRESENTATION = "council_representation"
    SAFEGUARDING_CONCERN = "safeguarding_concern"
    SERVICE_REQUEST = "service_request"
    COMPLAINT = "complaint"
    PRESS_ENQUIRY = "press_enquiry"


class Context(StrEnum):
    """Where the text is going: a third party's comment, an official post, a personal post."""

    INBOUND = "inbound"
    BUSINESS = "business"
    PERSONAL = "personal"


class Decision(StrEnum):
    """Every decision name. Which ones are valid depends on the context (``CONTEXT_DECISIONS``)."""

    # inbound
    PUBLISH = "publish"
    ROUTE = "route"
    HIDE_PENDING_REVIEW = "hide_pending_review"
    ESCALATE_URGENT = "escalate_urgent"
    # business
    APPROVE = "approve"
    NEEDS_APPROVAL = "needs_approval"
    BLOCK = "block"
    # personal
    OK = "ok"
    CAUTION = "caution"
    DO_NOT_POST = "do_not_post"


#: The decisions each context may produce, mildest first.
CONTEXT_DECISIONS: Mapping[Context, tuple[Decision, ...]] = {
    Context.INBOUND: (
        Decision.PUBLISH,
        Decision.ROUTE,
        Decision.HIDE_PENDING_REVIEW,
        Decision.ESCALATE_URGENT,
    ),
    Context.BUSINESS: (Decision.APPROVE, Decision.NEEDS_APPROVAL, Decision.BLOCK),
    Context.PERSONAL: (Decision.OK, Decision.CAUTION, Decision.DO_NOT_POST),
}


class Severity(IntEnum):
    """How serious a finding is; decision tables can require a minimum severity.

    Lexicon entries carry ``severity=low|medium|high``; detectors default to ``MEDIUM``.
    """

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Parse ``"low"``, ``"medium"`` or ``"high"`` (any case); else raise ``ValueError``."""
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use low, medium or high)") from None

    @property
    def label(self) -> str:
        """The lower-case name used in data files and JSON."""
        return self.name.lower()


class Characteristic(StrEnum):
    """Protected characteristics (Equality Act 2010 s.4), named on discrimination findings."""

    AGE = "age"
    DISABILITY = "disability"
    GENDER_REASSIGNMENT = "gender_reassignment"
    MARRIAGE_AND_CIVIL_PARTNERSHIP = "marriage_and_civil_partnership"
    PREGNANCY_AND_MATERNITY = "pregnancy_and_maternity"
    RACE = "race"
    RELIGION_OR_BELIEF = "religion_or_belief"
    SEX = "sex"
    SEXUAL_ORIENTATION = "sexual_orientation"


#: Categories whose matched text is replaced by a ``[TYPE]`` token in ``redacted_text``.
REDACTED_CATEGORIES: frozenset[Category] = frozenset(
    {Category.PERSONAL_DATA, Category.COUNCIL_EMAIL_EXPOSED}
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a detector found in a text: a category (never a decision) and a span.

    Contract:
    - ``start``/``end`` are offsets into the ORIGINAL text (``text == original[start:end]``), even
      when the detector matched the normalised text; ``Detector.finding()`` does the mapping.
    - ``detector`` is ``"name@version"``; ``explanation`` is one readable sentence saying what
      matched, why it counts and what validated it; ``evidence`` holds the machine-readable detail
      (lexicon entry, pattern id, validator result, context words). It must be JSON-serialisable.
    - ``clauses`` is empty when a detector creates the finding; the engine fills it from the
      policy pack. Detectors are council-agnostic.
    - ``characteristic`` is set on discrimination findings (an Equality Act 2010 characteristic).
    """

    category: Category
    subtype: str
    start: int
    end: int
    text: str
    confidence: float
    detector: str
    explanation: str
    severity: Severity = Severity.MEDIUM
    clauses: tuple[str, ...] = ()
    characteristic: Characteristic | None = None
    # Excluded from hashing (a dict is unhashable) so findings can go in sets.
    evidence: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of product.md §3, plus ``severity`` and, when set, ``characteristic``
        and ``evidence``."""
        out: dict[str, Any] = {
            "category": self.category.value,
            "subtype": self.subtype,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "confidence": round(self.confidence, 3),
            "clauses": list(self.clauses),
            "detector": self.detector,
            "explanation": self.explanation,
            "severity": self.severity.label,
        }
        if self.characteristic is not None:
            out["characteristic"] = self.characteristic.value
        if self.evidence:
            out["evidence"] = dict(self.evidence)
        return out

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        """Deterministic order for findings: by position, then category and subtype."""
        return (self.start, self.end, self.category.value, self.subtype)


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The outcome of screening one text under one policy pack in one context.

    ``categories`` is the sorted set of the findings' categories; ``decision`` comes from the
    pack's decision table for ``context``; ``decision_reason`` says which table row fired (it is
    not part of the wire format, but ``socialguard check`` prints it).
    """

    id: str | None
    policy: str
    policy_version: str
    pack_hash: str
    context: Context
    categories: tuple[Category, ...]
    decision: Decision
    findings: tuple[Finding, ...]
    redacted_text: str
    decision_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of product.md §3, keys in the documented order."""
        return {
            "id": self.id,
            "policy": self.policy,
            "policy_version": self.policy_version,
            "pack_hash": self.pack_hash,
            "context": self.context.value,
            "categories": [c.value for c in self.categories],
            "decision": self.decision.value,
            "findings": [f.to_dict() for f in self.findings],
            "redacted_text": self.redacted_text,
        }
