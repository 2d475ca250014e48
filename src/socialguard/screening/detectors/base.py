"""The detector plug-in contract.

A detector finds one kind of thing and reports ``Finding``\\ s: a category and subtype, a span, a
confidence, an explanation and evidence. It never decides what happens (that is the pack's
decision table) and never knows which council it serves (clause ids are attached by the engine).

How a detector gets its data: subclasses declare the lexicons and pattern sets they need by name
(``lexicons = ("profanity", "insults")``, ``pattern_sets = ("threats",)``); the engine builds each
detector ONCE with the pack's ``Resources`` and checks the names exist (a missing name is a load
error, not a silent miss). ``setup()`` is the hook for precomputing anything else. After that,
``detect(doc)`` must be pure and thread-safe: no mutation of ``self``, no I/O.

Registering: add ``"name": "dotted.module:ClassName"`` to a registry table (see
``registry.py``; content detectors list themselves in ``detectors/content/__init__.py`` as
``DETECTORS``). Modules are imported on first use.

Minimal example::

    class InsultDetector(Detector):
        name = "content.insult"
        version = 1
        categories = frozenset({Category.OFFENSIVE_LANGUAGE})
        lexicons = ("insults",)

        def detect(self, doc: Document) -> list[Finding]:
            return [
                self.finding_from_hit(
                    doc, hit, category=Category.OFFENSIVE_LANGUAGE, subtype="insult",
                    confidence=0.9,
                    explanation=f"'{hit.entry.term}' is on the insults list",
                )
                for hit in doc.hits("insults")
            ]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import Category, Characteristic, Context, Finding, Severity
from socialguard.screening.patterns import PatternMatch
from socialguard.screening.resources import Resources

__all__ = ["Detector", "DetectorConfigError", "Triggers"]


class DetectorConfigError(Exception):
    """A detector cannot be built: a lexicon or pattern set it needs is not loaded, or an option
    is wrong. The message names the detector and the missing data."""


@dataclass(frozen=True)
class Triggers:
    """When a detector can possibly find something, declared so the engine can skip it cheaply.

    The engine calls ``detect(doc)`` only when EVERY requirement holds (``min_digits``,
    ``contexts``) and ANY of the cues below is present (or none is declared). A declaration
    must be a superset of what ``detect`` needs: it may let through documents that ``detect``
    then dismisses, never the other way round (``test_triggers.py`` checks it over the corpus).

    Cues (any of):
    - ``lexicons``: a hit of any entry of these lexicons (``doc.hits(name)``);
    - ``roles``: a hit of an entry of lexicon ``name`` whose ``role`` attribute is listed
      (``""`` stands for entries without one);
    - ``entries``: a hit of one of the listed entries of lexicon ``name`` (the objects of
      ``resources.lexicon(name)``);
    - ``gates``: one of these pattern keys (``"<set>.<id>"``) is in ``doc.open_gates``;
      ``pattern_sets``: any key of these sets is; ``any_gate``: any gate at all is open;
    - ``masks``: the text has a masked word (``f***``);
    - ``at``: the text contains ``@``; ``words``: one of these whole words is in ``doc.words``;
      ``substrings``: one of these strings is in the original text (emoji, stems);
    - ``shapes``: one of these strings is in ``doc.shape`` (``"9aa"``: a digit then two
      letters); ``digits``: the text has at least this many ASCII digits (0: not a cue).

    Requirements (all of): ``min_digits`` ASCII digits in the text; ``contexts``: the document's
    context is one of these (``"inbound"`` or ``Context.INBOUND``; ``None`` in the collection
    stands for "no context given").
    """

    lexicons: Collection[str] = ()
    roles: Mapping[str, Collection[str]] | None = None
    entries: Mapping[str, Collection[LexiconEntry]] | None = None
    gates: Collection[str] = ()
    pattern_sets: Collection[str] = ()
    any_gate: bool = False
    masks: bool = False
    at: bool = False
    words: Collection[str] = ()
    substrings: Collection[str] = ()
    shapes: Collection[str] = ()
    digits: int = 0
    min_digits: int = 0
    contexts: Collection[Context | str | None] | None = None

    @property
    def has_cues(self) -> bool:
        """Whether any cue is declared (without one, only the requirements decide)."""
        return bool(
            self.lexicons
            or self.roles
            or self.entries
            or self.gates
            or self.pattern_sets
            or self.any_gate
            or self.masks
            or self.at
            or self.words
            or self.substrings
            or self.shapes
            or self.digits
        )


class Detector(ABC):
    """Base class for every detector.

    Class attributes to set: ``name`` (dotted, e.g. ``"pii.uk_phone"``), ``version`` (bump when
    behaviour changes; it is recorded in every finding as ``name@version``), ``categories`` (what
    it can emit), and optionally ``lexicons`` / ``pattern_sets`` (data it needs).
    """

    name: ClassVar[str]
    version: ClassVar[int] = 1
    categories: ClassVar[frozenset[Category]]
    lexicons: ClassVar[tuple[str, ...]] = ()
    pattern_sets: ClassVar[tuple[str, ...]] = ()
    #: True for a detector that only fills gaps the rule detectors leave (the learned layer):
    #: the engine runs it after every other detector and calls ``detect_missing`` with the
    #: categories they found, so its findings never compete with a rule's in one category.
    complements_rules: ClassVar[bool] = False

    def __init__(self, resources: Resources, options: Mapping[str, Any] | None = None) -> None:
        """Bind the detector to loaded data; raise ``DetectorConfigError`` if any is missing."""
        missing = [n for n in self.lexicons if n not in resources.lexicons]
        missing += [f"patterns/{n}" for n in self.pattern_sets if n not in resources.patterns]
        if missing:
            raise DetectorConfigError(
                f"detector {self.name}: missing data {', '.join(missing)} "
                "(add the file under policy_packs/_shared/ or the pack)"
            )
        self.resources = resources
        self.options: Mapping[str, Any] = dict(options or {})
        self.setup()

    def setup(self) -> None:  # noqa: B027 - an optional hook, deliberately empty
        """Precompute from ``self.resources`` / ``self.options``; called once by ``__init__``."""

    def triggers(self) -> Triggers | None:
        """What must be in a document for this detector to find anything (see ``Triggers``),
        or ``None`` (the default) to be called for every document. Called once, after
        ``setup``, when the engine is built."""
        return None

    @property
    def ident(self) -> str:
        """``name@version``, the value of ``Finding.detector``."""
        return f"{self.name}@{self.version}"

    @abstractmethod
    def detect(self, doc: Document) -> list[Finding]:
        """Return every finding in ``doc`` (any order; the engine sorts and de-duplicates)."""

    def health(self) -> list[tuple[str, str]]:
        """Problems that do not stop the detector from being built but make it report less
        than it should, as ``(message, hint)`` pairs; ``socialguard packs validate`` prints
        them. Empty by default."""
        return []

    def detect_missing(self, doc: Document, found: frozenset[Category]) -> list[Finding]:
        """Findings in categories NOT in ``found`` (used for ``complements_rules`` detectors).

        The default filters ``detect``; override it to skip work for the categories left out.
        """
        return [f for f in self.detect(doc) if f.category not in found]

    # -- helpers for subclasses --------------------------------------------------------------

    def finding(
        self,
        doc: Document,
        *,
        category: Category,
        subtype: str,
        start: int,
        end: int,
        confidence: float,
        explanation: str,
        severity: Severity = Severity.MEDIUM,
        characteristic: Characteristic | None = None,
        evidence: Mapping[str, Any] | None = None,
        normalised: bool = False,
    ) -> Finding:
        """Build a finding. With ``normalised=True`` the span indexes ``doc.norm`` and is mapped
        to the original here; either way ``text`` is taken from the original text."""
        if normalised:
            start, end = doc.to_original(start, end)
        return Finding(
            category=category,
            subtype=subtype,
            start=start,
            end=end,
            text=doc.text[start:end],
            confidence=confidence,
            detector=self.ident,
            explanation=explanation,
            severity=severity,
            characteristic=characteristic,
            evidence=dict(evidence or {}),
        )

    def finding_from_hit(
        self,
        doc: Document,
        hit: LexiconHit,
        *,
        category: Category,
        subtype: str,
        confidence: float,
        explanation: str,
        severity: Severity | None = None,
        characteristic: Characteristic | None = None,
        evidence: Mapping[str, Any] | None = None,
    ) -> Finding:
        """A finding spanning a lexicon hit. Severity and characteristic default to the entry's;
        the evidence records the lexicon, the entry, its line and how it matched."""
        detail: dict[str, Any] = {
            "lexicon": hit.lexicon,
            "entry": hit.entry.display,
            "line": hit.entry.line,
        }
        if hit.masked:
            detail["matched_as"] = "masked word"
        elif hit.variant:
            detail["matched_as"] = hit.variant
        elif hit.text.casefold() != hit.entry.term.casefold():
            detail["matched_as"] = "normalised spelling"
        detail.update(evidence or {})
        return Finding(
            category=category,
            subtype=subtype,
            start=hit.start,
            end=hit.end,
            text=hit.text,
            confidence=confidence,
            detector=self.ident,
            explanation=explanation,
            severity=severity if severity is not None else hit.entry.severity,
            characteristic=characteristic
            if characteristic is not None
            else hit.entry.characteristic,
            evidence=detail,
        )

    def finding_from_pattern(
        self,
        match: PatternMatch,
        *,
        explanation: str | None = None,
        confidence: float | None = None,
        evidence: Mapping[str, Any] | None = None,
    ) -> Finding:
        """A finding from a phrase-pattern match, using the pattern's category, subtype,
        severity, confidence and characteristic; the explanation defaults to its description."""
        pattern = match.pattern
        detail: dict[str, Any] = {"pattern": pattern.key}
        if match.groups:
            detail["groups"] = dict(match.groups)
        detail.update(evidence or {})
        return Finding(
            category=pattern.category,
            subtype=pattern.subtype,
            start=match.start,
            end=match.end,
            text=match.text,
            confidence=confidence if confidence is not None else pattern.confidence,
            detector=self.ident,
            explanation=explanation or pattern.description,
            severity=pattern.severity,
            characteristic=pattern.characteristic,
            evidence=detail,
        )

    def pattern_findings(self, doc: Document, pattern_set: str) -> list[Finding]:
        """One finding per match of every pattern in ``pattern_set`` (gates respected)."""
        return [
            self.finding_from_pattern(m)
            for m in self.resources.pattern_set(pattern_set).matches(doc)
        ]
