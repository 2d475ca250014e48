"""The engine: run every detector over a text, cite the pack's clauses, decide, redact.

``Engine(pack).screen(text, context="inbound")`` returns a ``ScreeningResult``. Building an engine
instantiates each detector once with the pack's ``Resources``; after that ``screen`` is pure,
deterministic and thread-safe (a new ``Document`` per call; nothing shared is mutated). Use
``get_engine(pack_id)`` to share one engine per pack (cached by pack id and hash).

Per call:
1. ``Document(text)``: normalise once, gates, one Aho-Corasick pass (lazily, on first use).
2. Every detector's ``detect(doc)``.
3. Findings below the pack's ``min_confidence`` for their category are dropped; within one
   category, overlapping findings are reduced to the strongest (severity, then length, then
   confidence), so "fuck off" is one finding, not two.
4. Frames (``frames.py``): when a finding's category could be explained away by a frame (an
   advice post, a quoted insult reported to condemn it, a complaint about another body), the
   frame patterns run and the findings the frame covers are dropped.
5. Clause ids are attached from ``rules.yaml`` (category, or category + subtype).
6. The decision is the first row of the context's decision table that any finding satisfies.
7. ``redacted_text``: personal data and exposed council e-mails replaced by ``[TYPE]``.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import reduce
from itertools import repeat
from operator import or_
from pathlib import Path
from typing import Any

from socialguard.screening.detectors.base import Detector, DetectorConfigError, Triggers
from socialguard.screening.document import Document
from socialguard.screening.frames import Frames
from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import (
    REDACTED_CATEGORIES,
    Category,
    Context,
    Finding,
    ScreeningResult,
)
from socialguard.screening.packs.loader import Pack, load_pack
from socialguard.screening.registry import available, load_detector_class
from socialguard.screening.resources import Resources

__all__ = ["REDACTION_LABELS", "Engine", "build_detectors", "get_engine", "redact"]

#: ``[TYPE]`` label per personal-data subtype; unknown subtypes use the upper-cased subtype.
REDACTION_LABELS: Mapping[str, str] = {
    "uk_phone": "PHONE",
    "phone": "PHONE",
    "email": "EMAIL",
    "council_email": "EMAIL",
    "named_council_email": "EMAIL",
    "postcode": "POSTCODE",
    "address": "ADDRESS",
    "nhs_number": "NHS_NUMBER",
    "ni_number": "NI_NUMBER",
    "passport": "PASSPORT",
    "driving_licence": "DRIVING_LICENCE",
    "vehicle_registration": "VEHICLE_REG",
    "bank_account": "BANK_ACCOUNT",
    "sort_code": "SORT_CODE",
    "card_number": "CARD_NUMBER",
    "iban": "IBAN",
    "date_of_birth": "DATE_OF_BIRTH",
    "person_reference": "REFERENCE",
    "health_info": "HEALTH_INFO",
    "special_category": "SPECIAL_CATEGORY",
    "criminal_record": "SPECIAL_CATEGORY",
    "name_with_personal_context": "NAME",
}


def build_detectors(pack: Pack) -> tuple[Detector, ...]:
    """Instantiate the pack's detectors (all registered, or ``detectors.enabled``, minus
    ``detectors.disabled``), each once, with its options from ``rules.yaml``."""
    spec = pack.rules.detectors
    table = available()
    names = list(spec.enabled) if spec.enabled is not None else list(table)
    out = []
    for name in names:
        if name in spec.disabled:
            continue
        cls = load_detector_class(name, table)
        out.append(cls(pack.resources, spec.options.get(name)))
    return tuple(out)


class _Gating:
    """Which rule detectors a document can trigger, from their ``Triggers``, as one bit mask.

    Built once per engine: bit ``i`` stands for rule detector ``i``. Per document, the lexicon
    hits and open gates of the one automaton pass (which every document needs anyway), the
    masked words and a few C-level tests (digits, ``@``, substrings) are OR-ed into a mask of
    the detectors that have a cue; the requirements (digit count, context) are AND-ed in. The
    detectors left out are never called: they would have returned ``[]``.
    """

    __slots__ = (
        "_at",
        "_context_ok",
        "_cueless",
        "_digit_cue_bits",
        "_digit_cues",
        "_digit_ok",
        "_entries",
        "_gate_any",
        "_gates",
        "_masks",
        "_max_digits",
        "_shape_bits",
        "_shapes",
        "_substrings",
        "_symbols",
        "_words",
        "full",
    )

    def __init__(self, detectors: Sequence[Detector], resources: Resources) -> None:
        self.full = (1 << len(detectors)) - 1
        self._cueless = 0
        self._entries: dict[int, int] = {}
        self._gates: dict[str, int] = {}
        self._gate_any = 0
        self._masks = 0
        self._at = 0
        words: dict[str, int] = {}
        substrings: dict[str, int] = {}
        shapes: dict[str, int] = {}
        digit_cues: dict[int, int] = {}
        required_digits: list[tuple[int, int]] = []
        context_ok: dict[Context | None, int] = dict.fromkeys([None, *Context], 0)
        for i, det in enumerate(detectors):
            bit = 1 << i
            spec = det.triggers()
            if spec is None:
                spec = Triggers()
            if not isinstance(spec, Triggers):
                raise DetectorConfigError(f"detector {det.name}: triggers() must return Triggers")
            if not spec.has_cues or self._add_cues(det, bit, spec, resources):
                self._cueless |= bit
            for word in spec.words:
                words[f" {word} "] = words.get(f" {word} ", 0) | bit
            for sub in spec.substrings:
                substrings[sub] = substrings.get(sub, 0) | bit
            for shape in spec.shapes:
                shapes[shape] = shapes.get(shape, 0) | bit
            if spec.digits:
                digit_cues[spec.digits] = digit_cues.get(spec.digits, 0) | bit
            required_digits.append((spec.min_digits, bit))
            for ctx in context_ok:
                if spec.contexts is None or ctx in spec.contexts:
                    context_ok[ctx] |= bit
        self._words = tuple(words.items())
        # Non-ASCII strings (emoji) can only be in non-ASCII texts: tested only there. (Plain
        # ``in`` tests beat one regex alternation here: str search is much faster than re.)
        self._substrings = tuple((k, v) for k, v in substrings.items() if k.isascii())
        self._symbols = tuple((k, v) for k, v in substrings.items() if not k.isascii())
        self._shapes = tuple(shapes.items())
        self._shape_bits = reduce(or_, shapes.values(), 0)
        self._digit_cues = tuple(digit_cues.items())
        self._digit_cue_bits = reduce(or_, digit_cues.values(), 0)
        self._max_digits = max((n for n, _ in required_digits), default=0)
        self._digit_ok = tuple(
            sum(bit for need, bit in required_digits if need <= n)
            for n in range(self._max_digits + 1)
        )
        self._context_ok = context_ok

    def _add_cues(self, det: Detector, bit: int, spec: Triggers, resources: Resources) -> bool:
        """Record ``spec``'s lexicon, entry and gate cues; True when one of them can never be
        told apart cheaply (a pattern without trigger words), so the detector has no gate."""
        lexicons = resources.lexicons
        chosen: list[tuple[str, LexiconEntry]] = []
        for name in spec.lexicons:
            if name not in lexicons:
                raise DetectorConfigError(f"detector {det.name}: trigger lexicon {name} not loaded")
            chosen += [(name, e) for e in lexicons[name]]
        for name, listed in (spec.entries or {}).items():
            if name not in lexicons:
                raise DetectorConfigError(f"detector {det.name}: trigger lexicon {name} not loaded")
            chosen += [(name, e) for e in listed]
        for name, roles in (spec.roles or {}).items():
            if name not in lexicons:
                raise DetectorConfigError(f"detector {det.name}: trigger lexicon {name} not loaded")
            wanted = frozenset(roles)
            chosen += [(name, e) for e in lexicons[name] if e.attrs.get("role", "") in wanted]
        # One table for all lexicons: ``Document.hit_entries`` are the very entry objects.
        table = self._entries
        for _, entry in chosen:
            table[id(entry)] = table.get(id(entry), 0) | bit
        keys = set(spec.gates)
        for name in spec.pattern_sets:
            for pattern in resources.pattern_set(name):
                if not pattern.triggers:
                    return True
                keys.add(pattern.key)
        for key in keys:
            self._gates[key] = self._gates.get(key, 0) | bit
        if spec.any_gate:
            self._gate_any |= bit
        if spec.masks:
            self._masks |= bit
        if spec.at:
            self._at |= bit
        return False

    def mask(self, doc: Document, context: Context | None) -> int:
        """Bits of the rule detectors that could find something in ``doc``."""
        # Requirements first: a cue is only tested for detectors they still allow.
        allowed = self._context_ok[context]
        digits = doc.digit_count
        if self._max_digits:
            allowed &= self._digit_ok[digits if digits < self._max_digits else self._max_digits]
        entries = self._entries
        bits = reduce(or_, map(entries.get, map(id, doc.hit_entries), repeat(0)), self._cueless)
        gates = doc.open_gates
        if gates:
            bits |= self._gate_any
            by_key = self._gates
            for key in gates:
                bits |= by_key.get(key, 0)
        if self._masks & allowed and doc.masks:
            bits |= self._masks
        if self._at & allowed and "@" in doc.text:
            bits |= self._at
        for word, bit in self._words:
            if bit & allowed and bit & ~bits and word in doc.words:
                bits |= bit
        text = doc.text
        for sub, bit in self._substrings:
            if bit & allowed and bit & ~bits and sub in text:
                bits |= bit
        if self._symbols and not text.isascii():
            for sub, bit in self._symbols:
                if bit & allowed and bit & ~bits and sub in text:
                    bits |= bit
        if self._shape_bits & allowed & ~bits:
            shape = doc.shape
            for sub, bit in self._shapes:
                if bit & allowed and sub in shape:
                    bits |= bit
        if self._digit_cue_bits & allowed & ~bits:
            for need, bit in self._digit_cues:
                if digits >= need:
                    bits |= bit
        return bits & allowed


_CONTEXTS: dict[object, Context] = {c: c for c in Context}  # "inbound" finds Context.INBOUND
_CATEGORY_NAME: dict[Category, str] = {c: c.value for c in Category}


def _context(value: Context | str) -> Context:
    """``Context(value)`` with a dictionary hit for the usual values (an enum call is slow)."""
    try:
        found = _CONTEXTS.get(value)
    except TypeError:  # unhashable: let Context say what is wrong
        found = None
    return found if found is not None else Context(value)


#: At most this many detector selections are cached per engine.
_MASK_CACHE_SIZE = 4096


def _strength(f: Finding) -> tuple[int, int, float, int]:
    # Stronger first; the final key keeps the choice deterministic.
    return (f.severity, f.end - f.start, f.confidence, -f.start)


def _position(f: Finding) -> tuple[int, int, str, str]:
    # ``Finding.sort_key`` without the property call.
    return (f.start, f.end, f.category.value, f.subtype)


def _reduce(findings: list[Finding]) -> list[Finding]:
    """Drop exact duplicates and, within a category, findings overlapped by a stronger one."""
    by_category: dict[Category, list[Finding]] = {}
    for f in findings:
        by_category.setdefault(f.category, []).append(f)
    kept: list[Finding] = []
    for group in by_category.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        # Strongest first; chosen spans never overlap, so keeping them sorted by start lets each
        # candidate be checked against its two neighbours only (no quadratic scan).
        starts: list[int] = []
        chosen: list[Finding] = []
        for f in sorted(group, key=_strength, reverse=True):
            i = bisect_right(starts, f.start)
            if i and chosen[i - 1].end > f.start:
                continue
            if i < len(chosen) and chosen[i].start < f.end:
                continue
            starts.insert(i, f.start)
            chosen.insert(i, f)
        kept.extend(chosen)
    return kept


def _with_clauses(f: Finding, clauses: tuple[str, ...]) -> Finding:
    # Positional construction: several times faster than dataclasses.replace, which matters
    # because every finding of every text passes through here.
    return Finding(
        f.category,
        f.subtype,
        f.start,
        f.end,
        f.text,
        f.confidence,
        f.detector,
        f.explanation,
        f.severity,
        clauses,
        f.characteristic,
        f.evidence,
    )


def redact(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with every personal-data / council-email span replaced by ``[TYPE]``.

    Overlapping spans merge and take the label of the earliest-starting finding.
    """
    spans = sorted(
        (f.start, f.end, REDACTION_LABELS.get(f.subtype, f.subtype.upper()))
        for f in findings
        if f.category in REDACTED_CATEGORIES and f.end > f.start
    )
    if not spans:
        return text
    merged: list[list[Any]] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    out = []
    pos = 0
    for start, end, label in merged:
        out.append(text[pos:start])
        out.append(f"[{label}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


class Engine:
    """Screens texts under one policy pack. Build once; ``screen`` is thread-safe."""

    def __init__(self, pack: Pack, detectors: Sequence[Detector] | None = None) -> None:
        self.pack = pack
        self.detectors: tuple[Detector, ...] = (
            tuple(detectors) if detectors is not None else build_detectors(pack)
        )
        self._min_conf = {c: pack.min_confidence(c) for c in Category}
        # Rule detectors run first; gap fillers (the learned layer) after, told what the rules
        # found. Bound methods are looked up once here rather than per text.
        rules = [d for d in self.detectors if not d.complements_rules]
        self._rule_detects = tuple(d.detect for d in rules)
        # Which rule detectors a document can trigger (``Detector.triggers``); the tuple of
        # ``detect`` methods per trigger mask is cached (a few hundred distinct masks at most
        # in practice; the cache is bounded all the same).
        self._gating = _Gating(rules, pack.resources)
        self._by_mask: dict[int, tuple[Callable[[Document], list[Finding]], ...]] = {}
        self._gap_detects = tuple(d.detect_missing for d in self.detectors if d.complements_rules)
        # Frames (``frames.py``): advice posts, reported abuse, other bodies' service... drop
        # the findings they explain away. Run only when there are findings.
        self.frames = Frames(pack.resources)
        self._framed = self.frames.categories if self.frames else frozenset()
        # Clause ids per (category, subtype), filled on first use: the pack's rules never
        # change after loading, and a dict hit is cheaper than the pack's two-step look-up.
        self._clauses: dict[tuple[Category, str], tuple[str, ...]] = {}
        # What every result repeats, read once: the pack's names and, per context, the decision
        # for a text with no finding (the table's default; ``decide`` is pure).
        self._policy = pack.id
        self._version = pack.version
        self._hash = pack.hash
        self._no_findings = {ctx: pack.decide(ctx, ()) for ctx in Context}

    def document(self, text: str) -> Document:
        """A ``Document`` over this pack's resources (for tools and tests)."""
        return Document(text, self.pack.resources)

    def findings(self, text: str, *, context: Context | None = None) -> list[Finding]:
        """Every finding for ``text`` with clauses attached, sorted by position. ``context`` is
        passed to detectors on the document (most ignore it).

        Rule detectors' findings below the pack's ``min_confidence`` are dropped first; a gap
        filler (``Detector.complements_rules``, i.e. the learned layer) then reports only
        categories no remaining rule finding has. Then, only when a finding's category is one a
        frame can suppress, the frame stage (``frames.py``) drops the findings a frame covers.
        """
        doc = Document(text, self.pack.resources, context=context)
        raw: list[Finding] = []
        for detect in self._detects_for(self._gating.mask(doc, context)):
            found = detect(doc)
            if found:
                raw += found
        min_conf = self._min_conf
        if raw:
            raw = [f for f in raw if f.confidence >= min_conf[f.category]]
        if self._gap_detects:
            have = frozenset([f.category for f in raw])
            for detect_missing in self._gap_detects:
                extra = detect_missing(doc, have)
                if extra:
                    raw += [f for f in extra if f.confidence >= min_conf[f.category]]
        if not raw:
            return raw
        framed = self._framed
        if framed and any(f.category in framed for f in raw):
            raw = self.frames.apply(doc, raw, context)
            if not raw:
                return raw
        reduced = raw if len(raw) < 2 else _reduce(raw)
        cache = self._clauses
        out = []
        for f in reduced:
            key = (f.category, f.subtype)
            clauses = cache.get(key)
            if clauses is None:
                clauses = cache[key] = self.pack.clauses_for(f.category, f.subtype)
            out.append(_with_clauses(f, clauses) if clauses != f.clauses else f)
        if len(out) > 1:
            out.sort(key=_position)
        return out

    def _detects_for(self, mask: int) -> tuple[Callable[[Document], list[Finding]], ...]:
        """The ``detect`` methods of the rule detectors in ``mask``, in registry order."""
        found = self._by_mask.get(mask)
        if found is None:
            detects = self._rule_detects
            found = tuple(d for i, d in enumerate(detects) if mask >> i & 1)
            if len(self._by_mask) < _MASK_CACHE_SIZE:
                self._by_mask[mask] = found
        return found

    def screen(
        self, text: str, *, context: Context | str = Context.INBOUND, id: str | None = None
    ) -> ScreeningResult:
        """Screen one text. ``context`` is ``inbound`` (default), ``business`` or ``personal``;
        an unknown context raises ``ValueError``."""
        ctx = _context(context)
        findings = self.findings(text, context=ctx)
        if not findings:
            decision, reason = self._no_findings[ctx]
            return ScreeningResult(
                id, self._policy, self._version, self._hash, ctx, (), decision, (), text, reason
            )
        decision, reason = self.pack.decide(
            ctx, [(f.category, f.subtype, f.severity, f.confidence) for f in findings]
        )
        if len(findings) == 1:
            categories: tuple[Category, ...] = (findings[0].category,)
        else:
            categories = tuple(
                sorted({f.category for f in findings}, key=_CATEGORY_NAME.__getitem__)
            )
        return ScreeningResult(
            id,
            self._policy,
            self._version,
            self._hash,
            ctx,
            categories,
            decision,
            tuple(findings),
            redact(text, findings),
            reason,
        )

    def screen_many(
        self,
        items: Iterable[str | tuple[str | None, str] | tuple[str | None, str, str]],
        *,
        context: Context | str = Context.INBOUND,
    ) -> Iterator[ScreeningResult]:
        """Screen texts lazily, in order. Items are texts, ``(id, text)`` or
        ``(id, text, context)``; ``context`` is the default for items without one."""
        for item in items:
            if isinstance(item, str):
                yield self.screen(item, context=context)
            elif len(item) == 2:
                yield self.screen(item[1], context=context, id=item[0])
            else:
                yield self.screen(item[1], context=item[2], id=item[0])


_engines: dict[tuple[str, str], Engine] = {}
_recent: dict[tuple[str, str], tuple[float, Engine]] = {}
_lock = threading.Lock()
#: How long a returned engine is trusted before the pack files are checked again for edits.
RECHECK_SECONDS = 1.0


def get_engine(pack: str | Path, *, packs_dir: Path | None = None) -> Engine:
    """The shared engine for a pack (by id or directory), rebuilt only when the pack changes.

    Cheap to call per text or per request: the pack's files are re-checked (names, sizes,
    modification times) at most once every ``RECHECK_SECONDS``; their contents are re-hashed and
    the pack reloaded only when that check sees a change.
    """
    request = (str(pack), str(packs_dir))
    now = time.monotonic()
    with _lock:
        recent = _recent.get(request)
    if recent is not None and now - recent[0] < RECHECK_SECONDS:
        return recent[1]
    loaded = load_pack(pack, packs_dir=packs_dir)
    key = (str(loaded.directory), loaded.hash)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = Engine(loaded)
            _engines[key] = engine
        _recent[request] = (now, engine)
        return engine
