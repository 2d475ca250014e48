"""The routing categories (SH 6.16-6.18): service requests, complaints and press enquiries.

These are broad language patterns, not keywords, so each detector SCORES weighted cues from its
lexicon (``service_request.txt``, ``complaint.txt``, ``press.txt``) plus cue patterns from
``patterns/routing.yaml``: it takes the strongest cue of each role (so "bin bin bin" counts once),
adds them up, subtracts the strongest negative cue (thanks, praise, advice to another resident, a
press release) and reports when the total reaches the threshold AND the required roles are
present (a problem noun alone is never a request; an outlet name alone is never an enquiry).

A council's own business post ("report a pothole on our website") is not a request or complaint
from the public, so the bar is higher in the ``business`` context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    EntryInfo,
    PatternGroup,
    build_info,
    context_of,
    run_patterns,
    triggers_for,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Finding, Severity
from socialguard.screening.patterns import PatternMatch

__all__ = ["ComplaintDetector", "PressEnquiryDetector", "ServiceRequestDetector"]

PATTERNS = "routing"


@dataclass(frozen=True, slots=True)
class _Evidence:
    """One scored cue: a lexicon hit or a cue pattern match, reduced to what scoring needs."""

    role: str
    weight: float
    start: int
    end: int
    text: str
    source: str


def _from_match(m: PatternMatch) -> _Evidence:
    attrs = m.pattern.attrs
    return _Evidence(
        str(attrs.get("role", "")),
        float(attrs.get("weight", 0.3)),
        m.start,
        m.end,
        m.text,
        f"pattern {m.pattern.key}",
    )


class _ScoredDetector(Detector):
    """Shared scoring for the three routing detectors."""

    lexicon_name: ClassVar[str]
    category: ClassVar[Category]
    threshold: ClassVar[float] = 0.75
    negative_roles: ClassVar[frozenset[str]] = frozenset({"negative"})

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(self.lexicon_name))
        self._patterns = PatternGroup(
            p for p in self.resources.pattern_set(PATTERNS) if p.category == self.category
        )

    def evidence(self, doc: Document, *, patterns: bool = True) -> dict[str, _Evidence]:
        """The strongest cue of each role: lexicon hits, then (when ``patterns`` and there is
        any lexicon evidence at all) the category's cue patterns."""
        hits = doc.hits(self.lexicon_name)
        if not hits:
            return {}
        info = self._info
        strongest: dict[str, tuple[float, LexiconHit]] = {}
        for hit in hits:
            meta = info[id(hit.entry)]
            current = strongest.get(meta.role)
            if current is None or meta.weight > current[0]:
                strongest[meta.role] = (meta.weight, hit)
        out = {
            role: _Evidence(role, weight, h.start, h.end, h.text, h.entry.term)
            for role, (weight, h) in strongest.items()
        }
        if patterns:
            self.add_patterns(doc, out)
        return out

    def add_patterns(self, doc: Document, out: dict[str, _Evidence]) -> None:
        """Add the category's cue-pattern matches to ``out`` (keeping the strongest per role)."""
        for m in run_patterns(doc, self._patterns):
            ev = _from_match(m)
            current = out.get(ev.role)
            if current is None or ev.weight > current.weight:
                out[ev.role] = ev

    @staticmethod
    def best(ev: dict[str, _Evidence], role: str) -> _Evidence | None:
        return ev.get(role)

    def report(
        self,
        doc: Document,
        subtype: str,
        parts: Sequence[_Evidence],
        score: float,
        what: str,
    ) -> Finding:
        start = min(p.start for p in parts)
        end = max(p.end for p in parts)
        cues = ", ".join(f"{p.role} '{p.text}'" for p in parts)
        return self.finding(
            doc,
            category=self.category,
            subtype=subtype,
            start=start,
            end=end,
            confidence=min(0.5 + score / 4, 0.92),
            severity=Severity.LOW,
            explanation=f"{what}: {cues} (score {score:.2f} >= {self.threshold}).",
            evidence={
                "cues": [{"role": p.role, "entry": p.source} for p in parts],
                "score": round(score, 2),
            },
        )

    def penalty(self, doc: Document, ev: dict[str, _Evidence]) -> float:
        return max((ev[r].weight for r in self.negative_roles if r in ev), default=0.0)

    @staticmethod
    def third_party(doc: Document) -> bool:
        """Routing categories are what third parties send the council (SH 6.16-6.18): a
        council's own post or an employee's personal post is never one. Unknown context counts
        as inbound."""
        return context_of(doc) in (None, "inbound")


#: The contexts ``third_party`` accepts, for ``Detector.triggers``.
_THIRD_PARTY = (None, "inbound")

#: Negative cues that are only politeness when they close a request.
_POLITE = frozenset({"thanks", "thank you", "cheers", "ta", "many thanks", "thanks in advance"})


def _present(items: Iterable[_Evidence | None]) -> list[_Evidence]:
    return [e for e in items if e is not None]


class ServiceRequestDetector(_ScoredDetector):
    """Asks the council to do something, reports a problem, or asks about the writer's own case.

    Needs a problem, own case or explicit report PLUS a failure state, request, question or
    report; "the new bins look great" has a problem noun and nothing else.
    """

    name = "content.service_request"
    version = 2
    categories = frozenset({Category.SERVICE_REQUEST})
    lexicons: ClassVar[tuple[str, ...]] = ("service_request", "press")
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)
    lexicon_name = "service_request"
    category = Category.SERVICE_REQUEST

    def setup(self) -> None:
        super().setup()
        press = build_info(self.resources.lexicon("press"))
        self._media = frozenset(
            key for key, meta in press.items() if meta.role in ("journalist", "outlet", "explicit")
        )

    def triggers(self) -> Triggers:
        roles = ("problem", "own_case", "report", "request")
        return triggers_for(
            group=self._patterns, roles={self.lexicon_name: roles}, contexts=_THIRD_PARTY
        )

    def detect(self, doc: Document) -> list[Finding]:
        if not self.third_party(doc):
            return []
        ev = self.evidence(doc)
        if not ev:
            return []
        if doc.has_hits("press") and any(id(h.entry) in self._media for h in doc.hits("press")):
            # A journalist asking about potholes wants a quote, not a repair: the press enquiry
            # detector routes it to the Press Office.
            return []
        if "?" in doc.text:
            # A question put to the council's account is usually asking it for something.
            pos = doc.text.index("?")
            ev.setdefault("qmark", _Evidence("qmark", 0.2, pos, pos + 1, "?", "question mark"))
        roles = (
            "problem",
            "own_case",
            "failure",
            "request",
            "question",
            "report",
            "location",
            "qmark",
        )
        parts = [ev[r] for r in roles if r in ev]
        have = {p.role for p in parts}
        if not have & {"problem", "own_case", "report", "request"}:
            return []
        if not have & {"failure", "request", "question", "report", "own_case", "location"}:
            return []
        penalty = self.penalty(doc, ev)
        negative = ev.get("negative")
        if (
            negative is not None
            and negative.source in _POLITE
            and have & {"request", "question", "qmark"}
        ):
            # "Please can someone call me. Thanks, Maureen": thanks that close a request are
            # manners, not a sign that the matter is settled.
            penalty = 0.0
        score = sum(p.weight for p in parts) - penalty
        if score < self.threshold:
            return []
        return [
            self.report(doc, "request", parts, score, "A request or problem report for the council")
        ]


class ComplaintDetector(_ScoredDetector):
    """Dissatisfaction with the council's service, staff or decisions that seeks redress or a
    record: explicit complaint words, or negative evaluation with repetition, delay, redress, a
    failing service or a council target.

    Two lexicons are borrowed rather than copied: the service-request lexicon says WHAT is being
    complained about (a problem noun such as "gritters" or "street lights" is a council service,
    so it works as a target; a failure state such as "isn't working" is a cue of its own), and
    the offensive lexicon gives the strongest negative evaluation ("useless twats", "ya
    numpties"). Praise next to an insult is sarcasm ("well done ya clowns"), so it cancels
    nothing.
    """

    name = "content.complaint"
    version = 2
    categories = frozenset({Category.COMPLAINT})
    lexicons: ClassVar[tuple[str, ...]] = ("complaint", "offensive", "service_request")
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)
    lexicon_name = "complaint"
    category = Category.COMPLAINT
    threshold = 0.65
    negative_roles = frozenset({"praise", "elsewhere"})

    def setup(self) -> None:
        super().setup()
        self._service_info = build_info(self.resources.lexicon("service_request"))
        # Entries that can start a complaint. Target words ("you", "the council") are in most
        # posts and score nothing alone, so a text with only those is dismissed before any
        # evidence is built (unless a cue pattern's gate is open).
        self._core = frozenset(
            k for k, v in self._info.items() if v.role not in ("target", "praise", "elsewhere")
        )

    def _insult(self, doc: Document) -> _Evidence | None:
        """Profanity or an insult in a complaint is strong negative evaluation ("shite service",
        "useless bastards"); low-severity insults ("numpties", "pillock") count a little less."""
        best: _Evidence | None = None
        for hit in doc.hits("offensive"):
            if hit.entry.attrs.get("ambiguous") == "yes":
                continue  # "our bitch has had puppies": the offensive detector's call, not ours
            severity = hit.entry.severity
            if severity >= Severity.MEDIUM:
                return _Evidence("negative", 0.5, hit.start, hit.end, hit.text, "offensive word")
            if best is None and hit.entry.attrs.get("subtype") == "insult":
                best = _Evidence("negative", 0.4, hit.start, hit.end, hit.text, "insult")
        return best

    def _service(self, doc: Document) -> tuple[_Evidence | None, _Evidence | None]:
        """The strongest council-service noun (as a target) and failure state in the text."""
        subject: _Evidence | None = None
        failure: _Evidence | None = None
        info = self._service_info
        for hit in doc.hits("service_request"):
            meta = info[id(hit.entry)]
            if meta.role == "problem" and meta.weight >= 0.2:
                if subject is None or meta.weight > subject.weight:
                    subject = _Evidence("target", min(meta.weight, 0.3), hit.start, hit.end,
                                        hit.text, f"service '{hit.entry.term}'")  # fmt: skip
            elif meta.role == "failure" and meta.weight >= 0.25 and failure is None:
                failure = _Evidence("failure", 0.3, hit.start, hit.end, hit.text,
                                    f"failure '{hit.entry.term}'")  # fmt: skip
        return subject, failure

    def triggers(self) -> Triggers:
        core = [e for e in self.resources.lexicon(self.lexicon_name) if id(e) in self._core]
        return triggers_for(
            ("offensive",), self._patterns, entries={self.lexicon_name: core}, contexts=_THIRD_PARTY
        )

    def detect(self, doc: Document) -> list[Finding]:
        if not self.third_party(doc):
            return []
        if not doc.has_hits("offensive"):
            core = self._core
            if not any(id(h.entry) in core for h in doc.hits("complaint")) and (
                not doc.has_hits("complaint") or not self._patterns.is_open(doc)
            ):
                return []  # no complaint cue, no cue pattern and no abuse: nothing to score
        ev = self.evidence(doc)
        insult = self._insult(doc)
        if not ev and insult is None:
            return []
        subject, failure = self._service(doc) if doc.has_hits("service_request") else (None, None)
        if (
            insult is not None
            and subject is None
            and ev.keys() <= {"target", "praise", "elsewhere"}
        ):
            # Abuse aimed at "the council" or a person with nothing about a service is abuse
            # (offensive_language, harassment), not a complaint.
            insult = None
        if insult is not None and ("negative" not in ev or ev["negative"].weight < insult.weight):
            ev["negative"] = insult
        if ev.keys() <= {"target", "praise", "elsewhere"}:
            return []
        intensity = _intensity(doc)
        if intensity is not None:
            ev["intensity"] = intensity
        if failure is not None and "negative" in ev:
            # A failing service plus a feeling about it: "isn't working ... not good enough".
            # Without the feeling it is a report (service_request), not a complaint.
            ev.setdefault("failure", failure)
        roles = (
            "explicit",
            "negative",
            "repeat",
            "waiting",
            "duration",
            "redress",
            "failure",
            "intensity",
        )
        parts = [ev[r] for r in roles if r in ev]
        if not parts:
            return []
        target = self.best(ev, "target")
        if subject is not None and (target is None or subject.weight > target.weight):
            target = subject
        have = {p.role for p in parts}
        if "explicit" not in have and len(have - {"intensity"}) < 2 and not (have and target):
            return []
        judged = bool(have & {"explicit", "negative", "redress", "intensity"})
        score = sum(p.weight for p in parts) + (target.weight if target else 0.0)
        if insult is None:
            score -= self.penalty(doc, ev)
        # Waiting and chasing with no judgement ("still waiting", "no reply yet") is usually how a
        # service request is followed up: it takes much more of it to count as a complaint.
        if score < (self.threshold if judged else self.threshold + 0.35):
            return []
        if target is not None:
            parts.append(target)
        return [self.report(doc, "complaint", parts, score, "Dissatisfaction with the council")]


def _intensity(doc: Document) -> _Evidence | None:
    """Shouting: "!!!", "??" or a fully capitalised word of four or more letters."""
    text = doc.text
    for mark in ("!!", "??", "?!", "!?"):
        pos = text.find(mark)
        if pos != -1:
            return _Evidence("intensity", 0.2, pos, pos + len(mark), mark, "repeated punctuation")
    if doc.upper_count >= 4:
        m = _SHOUT.search(text)
        if m is not None:
            return _Evidence("intensity", 0.2, m.start(), m.end(), m.group(), "capitals")
    return None


_SHOUT = re.compile(r"\b[A-Z]{4,}\b")


class PressEnquiryDetector(_ScoredDetector):
    """A journalist or outlet asking for comment, a statement, an interview or information.

    Needs media identity (journalist self-identification or an outlet) AND an ask or deadline,
    or an explicit "press enquiry" / "media enquiry".
    """

    name = "content.press_enquiry"
    version = 1
    categories = frozenset({Category.PRESS_ENQUIRY})
    lexicons: ClassVar[tuple[str, ...]] = ("press",)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)
    lexicon_name = "press"
    category = Category.PRESS_ENQUIRY
    threshold = 0.9

    def triggers(self) -> Triggers:
        roles = ("journalist", "outlet", "explicit")
        return triggers_for(roles={self.lexicon_name: roles}, contexts=_THIRD_PARTY)

    def detect(self, doc: Document) -> list[Finding]:
        if not self.third_party(doc):
            return []
        ev = self.evidence(doc, patterns=False)
        if not ev or not ev.keys() & {"journalist", "outlet", "explicit"}:
            return []
        if "journalist" in ev or "outlet" in ev:
            # Deadline and ask shapes only matter once someone has said they are the media.
            self.add_patterns(doc, ev)
        explicit = self.best(ev, "explicit")
        journalist = self.best(ev, "journalist")
        outlet = self.best(ev, "outlet")
        ask = self.best(ev, "ask")
        deadline = self.best(ev, "deadline")
        identity = max((e.weight for e in _present((journalist, outlet))), default=0.0)
        if journalist and outlet:
            identity += 0.15
        parts = _present((explicit, journalist, outlet, ask, deadline))
        score = (
            identity + (ask.weight if ask else 0.0) + (deadline.weight * 0.5 if deadline else 0.0)
        )
        if explicit:
            score = max(score, explicit.weight + 0.1)
        elif not identity or not (ask or deadline):
            return []
        score -= self.penalty(doc, ev)
        if score < self.threshold:
            return []
        return [
            self.report(doc, "press_enquiry", parts, score, "A media request for the Press Office")
        ]
