"""Confidential information: council information that is not public (product.md §3; SH 5.2,
7.9; EL 4.1(d), 5.3). Published decisions and public consultations are not findings.

Evidence is weighed by role (``lexicons/confidential.txt``):

- protective markings ("OFFICIAL-SENSITIVE", "not for circulation", "embargoed") and
  closed-session words ("exempt item", "private session") are findings by themselves;
- secrecy talk ("not public yet", "between us", "you didn't hear it from me") is a finding with a
  council topic or an insider cue, or on its own in a staff (personal/business) post;
- a sensitive topic (restructure, redundancies, tender prices, a colleague's disciplinary) needs an
  insider cue ("we were told in our team meeting") or secrecy;
- information about service users met through work ("one of my clients", "a family I visited")
  is a finding in a staff post;
- public signals ("published", "consultation", "have your say", "confidential helpline") cancel
  topic evidence and any marking they overlap.

Entries may carry ``context=business`` or ``context=staff`` (personal or business): they count
only in those contexts ("your council tax account has been credited" is a council's reply that
names a customer's account; from a resident it is ordinary). Patterns with ``attrs.use: role``
add a cue of ``attrs.role`` / ``attrs.weight`` where a word list cannot ("cutting 40 posts").
"""

from __future__ import annotations

from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    Cue,
    EntryInfo,
    PatternGroup,
    SpanIndex,
    build_info,
    context_of,
    cues_by_role,
    fmt_terms,
    idle,
    roles_present,
    run_patterns,
    triggers_for,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["ConfidentialInformationDetector"]

LEXICON = "confidential"
PATTERNS = "confidential"
_STAFF_CONTEXTS = frozenset({"personal", "business"})
_ANCHORS = frozenset({"marking", "session", "secrecy", "topic", "service_user"})


def _context_ok(cue: Cue, context: str | None) -> bool:
    """Whether an entry restricted by ``context=`` applies in this screening context."""
    wanted = cue.info.attrs.get("context")
    if wanted is None:
        return True
    if wanted == "staff":
        return context in _STAFF_CONTEXTS
    return context == wanted


def _apart(a: Cue, b: Cue) -> bool:
    return a.hit.end <= b.hit.start or b.hit.end <= a.hit.start


def _best(cues: list[Cue]) -> Cue | None:
    return max(cues, key=lambda c: c.weight) if cues else None


class ConfidentialInformationDetector(Detector):
    """Markings, closed sessions, secrecy + topic, insider + topic, service-user details."""

    name = "content.confidential_information"
    version = 2
    categories = frozenset({Category.CONFIDENTIAL_INFORMATION})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON,)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))
        # A pattern that stands for a lexicon role gets a synthetic entry, so its matches are
        # weighed exactly like the words of that role.
        self._role_entries: dict[str, tuple[LexiconEntry, EntryInfo]] = {}
        for pattern in self._patterns:
            if pattern.attrs.get("use") != "role":
                continue
            attrs = {"role": str(pattern.attrs["role"]), "weight": str(pattern.attrs["weight"])}
            entry = LexiconEntry(pattern.id, False, attrs, pattern.line or 0, LEXICON)
            info = EntryInfo(attrs["role"], float(attrs["weight"]), "", False, attrs)
            self._role_entries[pattern.key] = (entry, info)

    def triggers(self) -> Triggers:
        return triggers_for(group=self._patterns, roles={LEXICON: _ANCHORS})

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON,), self._patterns):
            return []
        hits = doc.hits(LEXICON)
        if hits and not roles_present(hits, self._info) & _ANCHORS:
            hits = ()  # insider or public words alone ("at work", "next week") say nothing
        matches = run_patterns(doc, self._patterns)
        if not hits and not matches:
            return []
        context = context_of(doc)
        staff = context in _STAFF_CONTEXTS
        cues = cues_by_role(hits, self._info)
        for role_cues in cues.values():
            if any("context" in c.info.attrs for c in role_cues):
                role_cues[:] = [c for c in role_cues if _context_ok(c, context)]
        for m in matches:
            synthetic = self._role_entries.get(m.pattern.key)
            if synthetic is not None:
                entry, info = synthetic
                hit = LexiconHit(LEXICON, entry, m.start, m.end, m.start, m.end, m.text)
                cues.setdefault(info.role, []).append(Cue(hit, info))
        out: list[Finding] = [
            self.finding_from_pattern(m, explanation=f"'{m.text}': {m.pattern.description}")
            for m in matches
            if m.pattern.attrs.get("use") not in ("cue", "role")
        ]
        tender = any(m.pattern.attrs.get("use") == "cue" for m in matches)
        out.extend(self._explicit(doc, cues, staff))
        out.extend(self._combined(doc, cues, staff, tender))
        return out[:MAX_FINDINGS]

    def _explicit(self, doc: Document, cues: dict[str, list[Cue]], staff: bool) -> list[Finding]:
        """Protective markings and closed-session words, unless part of a public phrase."""
        public = cues.get("public", [])
        public_spans = SpanIndex((c.hit.nstart, c.hit.nend) for c in public)
        public_weight = max((c.weight for c in public), default=0.0)
        support = max(
            (c.weight for r in ("topic", "insider", "secrecy") for c in cues.get(r, ())),
            default=0.0,
        )
        out: list[Finding] = []
        for cue in cues.get("marking", [])[:MAX_FINDINGS]:
            if public_spans.contains(cue.hit.nstart, cue.hit.nend):
                continue
            # A weak marking ("confidential", "restricted") needs support and no public signal.
            weak = cue.weight < 0.8
            score = cue.weight + (0.3 * support if weak else 0.0) + (0.15 if staff else 0.0)
            if score - (0.5 * public_weight if weak else 0.0) >= 0.8:
                out.append(self._finding(doc, "protective_marking", [cue], score))
        for cue in cues.get("session", [])[:MAX_FINDINGS]:
            if public_spans.contains(cue.hit.nstart, cue.hit.nend):
                continue
            score = cue.weight + 0.3 * support + (0.1 if staff else 0.0)
            if score - 0.5 * public_weight >= 0.8:
                out.append(self._finding(doc, "closed_session", [cue], score))
        return out

    def _combined(
        self, doc: Document, cues: dict[str, list[Cue]], staff: bool, tender: bool
    ) -> list[Finding]:
        """Secrecy, insider + topic, tender figures and service-user details."""
        public_weight = max((c.weight for c in cues.get("public", ())), default=0.0)
        topic = _best(cues.get("topic", []))
        insider = _best(cues.get("insider", []))
        secret = _best(cues.get("secrecy", []))
        user = _best(cues.get("service_user", []))
        out: list[Finding] = []
        if secret is not None:
            extra = max((c.weight for c in (topic, insider) if c is not None), default=0.0)
            score = secret.weight + 0.5 * extra + (0.25 if staff else 0.0)
            if score >= 0.8:
                parts = [secret, *(c for c in (topic, insider) if c is not None)]
                out.append(self._finding(doc, "not_yet_public", parts, score))
        if topic is not None and insider is not None:
            score = topic.weight + insider.weight + (0.15 if staff else 0.0) - public_weight
            score += 0.3 if tender else 0.0
            if score >= 0.8:
                out.append(self._finding(doc, "internal_matter", [insider, topic], score))
        elif topic is not None and tender and staff:
            score = topic.weight + 0.4 - public_weight
            if score >= 0.75:
                out.append(self._finding(doc, "tender", [topic], score))
        if user is not None:
            # Two separate work-setting details ("in today for a housing assessment", "long
            # shift ... the lady in room 4") say more than either alone.
            second = max(
                (c.weight for c in cues.get("service_user", ()) if _apart(c, user)), default=0.0
            )
            score = user.weight + 0.5 * second + (0.3 if staff else 0.0)
            score += 0.2 * (insider.weight if insider else 0)
            if score >= 0.8:
                out.append(self._finding(doc, "service_user_information", [user], score))
        return out

    def _finding(self, doc: Document, subtype: str, parts: list[Cue], score: float) -> Finding:
        start = min(c.hit.start for c in parts)
        end = max(c.hit.end for c in parts)
        what = {
            "protective_marking": "a protective marking or explicit restriction on sharing",
            "closed_session": "material from an exempt or closed session",
            "not_yet_public": "council information described as not yet public",
            "internal_matter": "internal council business (not published) shared by an insider",
            "tender": "live tender details",
            "service_user_information": "information about a service user gained through work",
        }[subtype]
        return self.finding(
            doc,
            category=Category.CONFIDENTIAL_INFORMATION,
            subtype=subtype,
            start=start,
            end=end,
            confidence=min(0.55 + score / 4, 0.92),
            severity=Severity.HIGH
            if subtype in ("protective_marking", "closed_session")
            else Severity.MEDIUM,
            explanation=f"{fmt_terms(parts)}: {what}.",
            evidence={"cues": [c.hit.entry.term for c in parts], "score": round(score, 2)},
        )
