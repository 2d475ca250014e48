"""Frames: what a text is DOING (giving advice, reporting abuse, complaining about someone else),
recognised cheaply, so findings that the frame explains away can be dropped.

A detector sees "I know where you live" and reports a threat; it cannot see that the sentence is
the council quoting what a bin crew was told in order to condemn it. Frames are one
cross-cutting stage after the detectors: the engine asks ``Frames.apply`` only when there are
findings, and it drops the findings whose category a present frame suppresses.

Data (all reviewed, validated on load):

- ``patterns/frames.yaml``: phrase patterns in the usual format (see ``patterns.py``). For a
  frame pattern ``subtype`` is the FRAME name and ``category`` plus ``attrs.suppresses``
  (space-separated categories) are what it suppresses. Other attributes:

  ``scope``        ``text`` (default): the whole text is in the frame;
                   ``span``: only findings lying inside the match (published contact details);
                   ``quote``: only findings lying inside the named group ``quote`` (reported or
                   quoted abuse: the frame is about the quote, not the writer's own words).
  ``contexts``     space-separated contexts the pattern applies in (default: all).
  ``business_suppresses``  categories suppressed only in the ``business`` context (the
                   council's own posts), e.g. harassment for awareness posts.
  ``keep``         ``true`` makes the pattern a KEEP rule: when it matches, the frames in
                   ``attrs.frames`` (space-separated) no longer suppress its categories
                   (``category`` plus ``attrs.suppresses``), e.g. a quote the writer endorses.

- ``lexicons/non_council_bodies.txt``: organisations that are not the council. A hit makes
  the ``non_council_body`` frame (``NON_COUNCIL_SUPPRESSES``) for the whole text, unless a keep
  rule for that frame matches (the council is mentioned too).

Guards that data cannot switch off:

- personal data is dropped only for contact subtypes (a phone or e-mail) inside a ``span`` frame
  (a published helpline or "call us on"); any other personal data always stays;
- ``span`` and ``quote`` frames cover only findings whose own evidence lies inside the span;
- a frame never drops a finding in a context the pattern does not list (nor, for a pattern
  limited to some contexts, when the context is unknown); keep rules apply when it is unknown.

Trigger words are tested here on ``Document.words`` (the set is ``UNGATED_PATTERN_SETS``: its
common words stay out of the shared automaton, so they open no detector gates). Everything here
is read-only after construction; per-text state lives on the ``Document``, so the stage is
thread-safe and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from socialguard.screening.document import Document
from socialguard.screening.errors import DataError, Problem
from socialguard.screening.model import Category, Context, Finding
from socialguard.screening.normalise import fold_term
from socialguard.screening.patterns import PhrasePattern, boundary_fold
from socialguard.screening.resources import UNGATED_PATTERN_SETS, Resources

__all__ = [
    "FRAME_LEXICON",
    "FRAME_PATTERNS",
    "NON_COUNCIL_FRAME",
    "NON_COUNCIL_SUPPRESSES",
    "FrameMatch",
    "Frames",
    "describe",
]

#: Pattern set (``patterns/frames.yaml``) and lexicon (``lexicons/non_council_bodies.txt``).
FRAME_PATTERNS = "frames"
if FRAME_PATTERNS not in UNGATED_PATTERN_SETS:  # pragma: no cover - a wiring mistake
    raise ImportError("frames.py tests its own triggers: list it in UNGATED_PATTERN_SETS")
FRAME_LEXICON = "non_council_bodies"
#: The frame a ``non_council_bodies`` hit makes, and what it suppresses.
NON_COUNCIL_FRAME = "non_council_body"
#: (Complaints only: a request that names another body, "is it yours or United Utilities?",
#: is still a request to the council.)
NON_COUNCIL_SUPPRESSES: frozenset[Category] = frozenset({Category.COMPLAINT})
#: Personal-data subtypes a published-contact (``span``) frame may cover.
CONTACT_SUBTYPES: frozenset[str] = frozenset({"uk_phone", "phone", "email"})

Scope = Literal["text", "span", "quote"]
_SCOPES: frozenset[str] = frozenset({"text", "span", "quote"})
_ALL_CONTEXTS: frozenset[Context] = frozenset(Context)


@dataclass(frozen=True, slots=True)
class FrameMatch:
    """A frame found in a text: its name, the pattern (``"<set>.<id>"`` or ``lexicon:<term>``)
    and the ORIGINAL span it covers (the whole text for ``text`` scope)."""

    frame: str
    key: str
    scope: Scope
    start: int
    end: int
    suppresses: frozenset[Category]


def _quote_groups(pattern: PhrasePattern) -> tuple[str, ...]:
    return tuple(g for g in pattern.regex.groupindex if g == "quote" or g.startswith("quote_"))


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: PhrasePattern
    groups: tuple[str, ...]
    #: Trigger words as ``Document.words`` substrings (" word " or " prefix").
    triggers: tuple[str, ...]
    frame: str
    scope: Scope
    contexts: frozenset[Context]
    suppresses: frozenset[Category]
    business_suppresses: frozenset[Category]
    keep: bool
    keep_frames: frozenset[str]

    def categories(self, context: Context | None) -> frozenset[Category]:
        if context is Context.BUSINESS and self.business_suppresses:
            return self.suppresses | self.business_suppresses
        return self.suppresses


def _trigger_key(trigger: str) -> str:
    prefix = trigger.endswith("*")
    words = " ".join(boundary_fold(fold_term(trigger.rstrip("*"))).split())
    return f" {words}" if prefix else f" {words} "


def _words(value: object) -> list[str]:
    return str(value).replace(",", " ").split() if value is not None else []


def _rule(pattern: PhrasePattern, source: str, problems: list[Problem]) -> _Rule | None:
    attrs = pattern.attrs
    where = f"pattern '{pattern.id}'"

    def categories(key: str) -> frozenset[Category]:
        out = set()
        for name in _words(attrs.get(key)):
            try:
                out.add(Category(name))
            except ValueError:
                problems.append(
                    Problem(source, pattern.line, f"{where}: {key}: unknown category {name!r}")
                )
        return frozenset(out)

    before = len(problems)
    scope = str(attrs.get("scope", "text"))
    if scope not in _SCOPES:
        problems.append(Problem(source, pattern.line, f"{where}: unknown scope {scope!r}"))
    elif scope == "quote" and not _quote_groups(pattern):
        problems.append(
            Problem(
                source,
                pattern.line,
                f"{where}: scope quote needs a (?P<quote>...) group",
                "name the quoted part quote (or quote_2, ... in other alternatives)",
            )
        )
    contexts: set[Context] = set()
    for name in _words(attrs.get("contexts")):
        try:
            contexts.add(Context(name))
        except ValueError:
            problems.append(Problem(source, pattern.line, f"{where}: unknown context {name!r}"))
    keep = attrs.get("keep") is True or str(attrs.get("keep", "")).lower() == "true"
    keep_frames = frozenset(_words(attrs.get("frames")))
    if keep and not keep_frames:
        problems.append(Problem(source, pattern.line, f"{where}: a keep rule needs attrs.frames"))
    unknown = set(attrs) - {
        "suppresses",
        "business_suppresses",
        "scope",
        "contexts",
        "keep",
        "frames",
    }
    if unknown:
        problems.append(
            Problem(source, pattern.line, f"{where}: unknown attrs {', '.join(sorted(unknown))}")
        )
    suppresses = categories("suppresses") | {pattern.category}
    business = categories("business_suppresses")
    if len(problems) > before:
        return None
    return _Rule(
        pattern=pattern,
        groups=_quote_groups(pattern) if scope == "quote" else (),
        triggers=tuple(_trigger_key(t) for t in pattern.triggers),
        frame=pattern.subtype,
        scope=scope,  # type: ignore[arg-type]
        contexts=frozenset(contexts) or _ALL_CONTEXTS,
        suppresses=suppresses,
        business_suppresses=business,
        keep=keep,
        keep_frames=keep_frames,
    )


class Frames:
    """The frame stage for one pack's ``Resources``. Build once; ``apply`` is thread-safe."""

    def __init__(self, resources: Resources) -> None:
        rules: list[_Rule] = []
        problems: list[Problem] = []
        pattern_set = resources.patterns.get(FRAME_PATTERNS)
        if pattern_set is not None:
            for pattern in pattern_set:
                rule = _rule(pattern, pattern_set.source, problems)
                if rule is not None:
                    rules.append(rule)
        if problems:
            raise DataError(problems)
        self._frames = tuple(r for r in rules if not r.keep)
        self._keeps = tuple(r for r in rules if r.keep)
        self._lexicon = FRAME_LEXICON in resources.lexicons
        framed: set[Category] = set()
        for r in self._frames:
            framed |= r.suppresses | r.business_suppresses
        if self._lexicon:
            framed |= NON_COUNCIL_SUPPRESSES
        #: Every category some frame may suppress: findings outside it skip the stage entirely.
        self.categories: frozenset[Category] = frozenset(framed)

    def __bool__(self) -> bool:
        return bool(self._frames) or self._lexicon

    # -- recognition --------------------------------------------------------------------------

    def find(
        self, doc: Document, context: Context | None, wanted: Iterable[Category] | None = None
    ) -> tuple[list[FrameMatch], frozenset[tuple[str, Category]]]:
        """The frames in ``doc`` that could suppress one of ``wanted`` (all when None), and the
        (frame, category) pairs that keep rules cancel."""
        want = frozenset(wanted) if wanted is not None else self.categories
        found: list[FrameMatch] = []
        for rule in self._frames:
            # A frame limited to some contexts needs to know the context.
            if context not in rule.contexts and rule.contexts is not _ALL_CONTEXTS:
                continue
            cats = rule.categories(context) & want
            if not cats:
                continue
            found.extend(_matches(rule, doc, cats))
        if self._lexicon and NON_COUNCIL_SUPPRESSES & want:
            hits = doc.hits(FRAME_LEXICON)
            if hits:
                hit = hits[0]
                found.append(
                    FrameMatch(
                        NON_COUNCIL_FRAME,
                        f"lexicon:{hit.entry.term}",
                        "text",
                        0,
                        len(doc.text),
                        NON_COUNCIL_SUPPRESSES & want,
                    )
                )
        if not found:
            return found, frozenset()
        present = {m.frame for m in found}
        kept: set[tuple[str, Category]] = set()
        for rule in self._keeps:
            if context is not None and context not in rule.contexts:
                continue
            frames = rule.keep_frames & present
            if not frames:
                continue
            cats = rule.categories(context) & want
            if cats and _matches(rule, doc, cats):
                kept.update((f, c) for f in frames for c in cats)
        return found, frozenset(kept)

    # -- the engine stage ---------------------------------------------------------------------

    def apply(
        self, doc: Document, findings: Sequence[Finding], context: Context | None
    ) -> list[Finding]:
        """``findings`` without those a present frame suppresses (same order)."""
        framed = self.categories
        wanted = {f.category for f in findings if f.category in framed}
        if not wanted:
            return list(findings)
        frames, kept = self.find(doc, context, wanted)
        if not frames:
            return list(findings)
        return [f for f in findings if not _suppressed(f, frames, kept)]


def _matches(rule: _Rule, doc: Document, cats: frozenset[Category]) -> list[FrameMatch]:
    pattern = rule.pattern
    if rule.triggers:
        words = doc.words
        if not any(t in words for t in rule.triggers):
            return []
    out: list[FrameMatch] = []
    whole = rule.scope == "text"
    if pattern.target == "original":
        for m in pattern.regex.finditer(doc.text):
            start, end = _span(m, rule.groups)
            if end > start:
                if whole:
                    return [FrameMatch(rule.frame, pattern.key, "text", 0, len(doc.text), cats)]
                out.append(FrameMatch(rule.frame, pattern.key, rule.scope, start, end, cats))
        return out
    for m in pattern.regex.finditer(doc.norm):
        nstart, nend = _span(m, rule.groups)
        if nend <= nstart:
            continue
        if whole:
            return [FrameMatch(rule.frame, pattern.key, "text", 0, len(doc.text), cats)]
        start, end = doc.to_original(nstart, nend)
        out.append(FrameMatch(rule.frame, pattern.key, rule.scope, start, end, cats))
    return out


def _span(m: re.Match[str], groups: tuple[str, ...]) -> tuple[int, int]:
    """The match's span, or the first quote group that took part in it."""
    for g in groups:
        span = m.span(g)
        if span[0] >= 0:
            return span
    return m.span() if not groups else (0, 0)


def _suppressed(
    f: Finding, frames: Sequence[FrameMatch], kept: frozenset[tuple[str, Category]]
) -> bool:
    category = f.category
    personal = category is Category.PERSONAL_DATA
    if personal and f.subtype not in CONTACT_SUBTYPES:
        return False
    for m in frames:
        if category not in m.suppresses or (m.frame, category) in kept:
            continue
        if personal and m.scope != "span":
            continue
        if m.scope != "text" and not (m.start <= f.start and f.end <= m.end):
            continue
        return True
    return False


def describe(frames: Sequence[FrameMatch]) -> list[Mapping[str, object]]:
    """Frames as plain dicts (for tools and debugging: the ScreeningResult does not carry them)."""
    return [
        {
            "frame": m.frame,
            "key": m.key,
            "scope": m.scope,
            "start": m.start,
            "end": m.end,
            "suppresses": sorted(c.value for c in m.suppresses),
        }
        for m in frames
    ]
