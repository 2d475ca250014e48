"""Phrase-pattern files: regexes as reviewed data, validated by their own examples.

A file ``policy_packs/_shared/patterns/<name>.yaml`` (the stem is the pattern-set name)::

    description: Threats and intimidation.        # optional
    patterns:
      - id: know_where_you_live                    # unique in the file; [a-z0-9_]
        category: harassment
        subtype: threat
        severity: high                             # low | medium | high (default medium)
        confidence: 0.9                            # 0 < c <= 1 (default 0.8)
        description: Saying you know where someone lives is a veiled threat.
        triggers: [live, living, address]          # optional gate words (lexicon syntax, * ok)
        regex: '\\bknow where (?:you|u) (?:live|are living)\\b'
        target: normalised                         # or: original
        characteristic: race                       # optional (discrimination)
        attrs: {needs_person: true}                # optional, free-form, for the detector
        examples:
          match: ["I know where you live", "i KNOW where u live mate"]
          no_match: ["Do you know where the tip is?"]

Contract:
- ``target: normalised`` (default) matches against ``Document.norm``: lower case, de-obfuscated,
  typographic quotes as ASCII. Write the regex in lower case. ``original`` matches the original
  text with ``re.IGNORECASE``.
- ``triggers`` are words checked in the document's single Aho-Corasick pass; when a pattern has
  triggers, its regex runs only if one of them occurs (as a whole word, or as a word prefix for
  ``word*``). Patterns without triggers run on every text, so give triggers whenever you can.
- On load every regex is compiled, checked for nested quantifiers (catastrophic backtracking) and
  for matching empty text, and run against its examples: each ``match`` example must match
  (including the trigger gate) and each ``no_match`` example must not. Failures are ``DataError``
  problems naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from socialguard.screening.errors import DataError, Problem
from socialguard.screening.model import Category, Characteristic, Severity
from socialguard.screening.normalise import fold_term, normalise
from socialguard.screening.yamlio import LineDict, LineList, line_of, load_yaml, validate_as

if TYPE_CHECKING:
    from socialguard.screening.document import Document

__all__ = [
    "PatternMatch",
    "PatternSet",
    "PhrasePattern",
    "load_pattern_set",
    "parse_pattern_set",
]

# A group that contains an unbounded quantifier and is itself repeated without bound, e.g.
# (a+)+ or (\w+\s?)*: the classic shape of exponential backtracking. Crude (innermost groups
# only), but it catches what people actually write. Bounded repeats like (?:\w+\s+){1,3} pass.
_NESTED_QUANTIFIER = re.compile(
    r"\((?:[^()\\]|\\.)*(?<!\\)(?:[+*]|\{\d*,\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\})"
)


class _Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")

    match: list[str] = Field(min_length=1)
    no_match: list[str] = Field(default_factory=list)


class _PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    category: Category
    subtype: str = Field(pattern=r"^[a-z0-9_]+$")
    description: str = Field(min_length=10)
    regex: str = Field(min_length=1)
    target: Literal["normalised", "original"] = "normalised"
    triggers: list[str] = Field(default_factory=list)
    severity: Literal["low", "medium", "high"] = "medium"
    confidence: float = Field(default=0.8, gt=0, le=1)
    characteristic: Characteristic | None = None
    attrs: dict[str, str | int | float | bool] = Field(default_factory=dict)
    examples: _Examples


class _PatternFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = ""
    patterns: list[_PatternSpec] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class PhrasePattern:
    """One compiled phrase pattern. ``key`` is ``"<set>.<id>"``, unique across all sets."""

    key: str
    id: str
    category: Category
    subtype: str
    description: str
    regex: re.Pattern[str]
    target: Literal["normalised", "original"]
    triggers: tuple[str, ...]
    severity: Severity
    confidence: float
    characteristic: Characteristic | None
    attrs: Mapping[str, str | int | float | bool]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class PatternMatch:
    """A pattern matched in a document. ``start``/``end`` are ORIGINAL offsets; ``groups`` holds
    the named groups' text as matched (normalised text for normalised patterns)."""

    pattern: PhrasePattern
    start: int
    end: int
    text: str
    groups: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class PatternSet:
    """The patterns of one file, in file order."""

    name: str
    patterns: tuple[PhrasePattern, ...]
    source: str = ""
    description: str = ""
    _by_id: Mapping[str, PhrasePattern] = field(default_factory=dict, compare=False, repr=False)

    def __iter__(self) -> Iterator[PhrasePattern]:
        return iter(self.patterns)

    def __len__(self) -> int:
        return len(self.patterns)

    def get(self, pattern_id: str) -> PhrasePattern:
        """The pattern with this ``id`` (without the set prefix); ``KeyError`` if absent."""
        return self._by_id[pattern_id]

    def matches(self, doc: Document, *, only: Iterator[str] | None = None) -> list[PatternMatch]:
        """Run every pattern whose trigger gate is open; return matches in text order.

        ``only`` restricts the run to those pattern ids.
        """
        wanted = set(only) if only is not None else None
        out: list[PatternMatch] = []
        for pattern in self.patterns:
            if wanted is not None and pattern.id not in wanted:
                continue
            out.extend(match_pattern(pattern, doc))
        out.sort(key=lambda m: (m.start, m.end, m.pattern.key))
        return out


def match_pattern(pattern: PhrasePattern, doc: Document) -> list[PatternMatch]:
    """All matches of one pattern in ``doc`` (empty when its trigger gate is closed)."""
    if pattern.triggers and not doc.gate_open(pattern.key):
        return []
    out: list[PatternMatch] = []
    if pattern.target == "original":
        for m in pattern.regex.finditer(doc.text):
            if m.end() > m.start():
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                out.append(PatternMatch(pattern, m.start(), m.end(), m.group(), groups))
        return out
    for m in pattern.regex.finditer(doc.norm):
        if m.end() <= m.start():
            continue
        start, end = doc.to_original(m.start(), m.end())
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        out.append(PatternMatch(pattern, start, end, doc.text[start:end], groups))
    return out


def _example_matches(pattern: PhrasePattern, example: str) -> bool:
    """Whether ``example`` would produce a match, trigger gate included (no Resources needed)."""
    norm = normalise(example)
    if pattern.triggers:
        padded = " " + "".join(c if c.isalnum() else " " for c in norm.text) + " "
        opened = False
        for trigger in pattern.triggers:
            prefix = trigger.endswith("*")
            word = " " + boundary_fold(fold_term(trigger.rstrip("*")))
            if (word if prefix else word + " ") in padded:
                opened = True
                break
        if not opened:
            return False
    target = example if pattern.target == "original" else norm.text
    return any(m.end() > m.start() for m in pattern.regex.finditer(target))


def boundary_fold(folded: str) -> str:
    """Replace every non-alphanumeric character by a space (how word boundaries are matched)."""
    return "".join(c if c.isalnum() else " " for c in folded)


def parse_pattern_set(data: Any, *, name: str, source: str) -> PatternSet:
    """Validate and compile parsed YAML (from ``yamlio``); raise ``DataError`` on any problem."""
    spec = validate_as(_PatternFile, data, source=source)
    items = data.get("patterns") if isinstance(data, LineDict) else None
    problems: list[Problem] = []
    compiled: list[PhrasePattern] = []
    seen: dict[str, int | None] = {}
    for index, p in enumerate(spec.patterns):
        line = line_of(items, (index,)) if isinstance(items, LineList) else None
        regex_line = line_of(items, (index, "regex")) if isinstance(items, LineList) else line
        where = f"pattern '{p.id}'"
        if p.id in seen:
            problems.append(
                Problem(
                    source,
                    line,
                    f"{where}: id used twice (first on line {seen[p.id]})",
                    "give each pattern a unique id",
                )
            )
            continue
        seen[p.id] = line
        if _NESTED_QUANTIFIER.search(p.regex):
            problems.append(
                Problem(
                    source,
                    regex_line,
                    f"{where}: nested quantifier can take exponential time",
                    "avoid a repeated group that itself ends in + or *, e.g. (\\w+\\s?)+",
                )
            )
            continue
        flags = re.IGNORECASE if p.target == "original" else 0
        try:
            regex = re.compile(p.regex, flags)
        except re.error as exc:
            problems.append(
                Problem(
                    source,
                    regex_line,
                    f"{where}: regex does not compile: {exc}",
                    "check brackets and escape special characters with a backslash",
                )
            )
            continue
        if regex.fullmatch(""):
            problems.append(
                Problem(source, regex_line, f"{where}: regex matches empty text", "require a word")
            )
            continue
        pattern = PhrasePattern(
            key=f"{name}.{p.id}",
            id=p.id,
            category=p.category,
            subtype=p.subtype,
            description=p.description,
            regex=regex,
            target=p.target,
            triggers=tuple(t.strip() for t in p.triggers if t.strip()),
            severity=Severity.parse(p.severity),
            confidence=p.confidence,
            characteristic=p.characteristic,
            attrs=dict(p.attrs),
            line=line,
        )
        problems.extend(
            Problem(
                source,
                line,
                f"{where}: example {example!r} should match but does not",
                "fix the regex or its triggers, or move the example to no_match",
            )
            for example in p.examples.match
            if not _example_matches(pattern, example)
        )
        problems.extend(
            Problem(
                source,
                line,
                f"{where}: example {example!r} should not match but does",
                "tighten the regex, or move the example to match",
            )
            for example in p.examples.no_match
            if _example_matches(pattern, example)
        )
        compiled.append(pattern)
    if problems:
        raise DataError(problems)
    return PatternSet(
        name=name,
        patterns=tuple(compiled),
        source=source,
        description=spec.description,
        _by_id={p.id: p for p in compiled},
    )


def load_pattern_set(path: Path, *, display: str | None = None) -> PatternSet:
    """Load, validate and compile one pattern file; the set name is the file stem."""
    source = display or str(path)
    return parse_pattern_set(load_yaml(path, source=source), name=path.stem, source=source)
