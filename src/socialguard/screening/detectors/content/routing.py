"""The routing categories (SH 6.16-6.18): service requests, complaints and press enquiries.

These are broad language patterns, not keywords, so each detector SCORES weighted cues from its
lexicon (``service_request.txt``, ``complaint.txt``, ``press.txt``) plus cue patterns from
``patterns/routing.yaml``: it takes the strongest cue of each role (so "bin bin bin" counts once),
adds them up, subtracts the strongest negative cue (thanks, praise, advice to another resident, a
press release) and reports when the total reaches the threshold AND the required roles are
present (a problem noun alone is never a request; an outlet name alone is never an enquiry).

Routing categories are what third parties send the council: a council's own business post or an
employee's personal post is never one (``third_party``).

THE FORMS each category takes in UK council social media, and what recognises them (pattern ids
are in ``patterns/routing.yaml``; single-word vocabulary in the lexicons):

service_request (asks the council to act, reports a problem, asks about the writer's own case)
  - direct request: "please can", "could someone", modal + agent + action verb (sr_modal_agent_act),
    a named service asked to act (sr_council_agent_act: "can the wardens patrol"), passive modal
    ("can it be replaced", sr_passive_request)
  - imperative: "Fix your phones", "Send a wagon today" at a sentence start (sr_imperative);
    "X needs emptying" (sr_needs_doing)
  - conditional / hedged: "if someone could have a look that'd be great" (sr_conditional_request)
  - report: problem noun + failure state ("not collected", "won't shut", sr_broken_function),
    a council round not done ("hasnae been gritted", sr_service_not_done), loss of supply
    ("no heating since Friday", sr_loss_of_supply), presentational report with a duration ("dead
    badger on the East Lancs, been there days", sr_duration), heads-up ("thought you should
    know"), predicted harm ("someone's going to break an ankle", sr_predicted_harm), a street
    (street_location)
  - own case: "my application", a relative's case ("my dad's blue badge", sr_relative_case),
    what the writer did ("I applied for...") + no news
  - referral question: "who can I speak to?", "where do we go?"
  - typos/text-speak/Scots: "can sum1 cum fix", "havenae", "oot", "the day"
  NOT: questions to other residents ("does anyone know"), advice to others ("if you're
  reporting..."), pleas to keep a service ("please don't close"), banter ("😂 only joking"), a
  journalist's question (press_enquiry).

complaint (dissatisfaction with a council service, staff or decision)
  - explicit: "formal complaint", "I want to complain"; weak complaint words count only in the
    writer's own voice ("the neighbour that complained" is reported speech)
  - direct evaluation: adjectives and idioms ("shambles", "kick in the teeth", "honking", "pure
    mince"), judged decision ("shocking decision to", cmp_judged_decision), staff conduct ("so
    condescending", "hung up on me", cmp_staff_conduct)
  - indirect: waiting/ignored ("never replies", "Still nothing.", cmp_no_reply,
    cmp_nothing_back), repetition ("emailed three weeks ago", cmp_repeat_contact), run-around
    ("told to phone, then told to email", cmp_runaround), broken promise ("we were told... it's
    now July", cmp_broken_promise), paying and not getting (cmp_pay_not_get), a service taken
    away ("you cut the bus", cmp_taken_away)
  - rhetorical question: "what was the point", "who signed off these", "isn't it her job",
    "is it coming by sea" (rhetorical_question, cmp_rhetorical_more)
  - sarcasm: "Thanks a bunch", "Well done St Helens, another rise", "Priorities eh", closing
    "Cheers" after a grievance (cmp_sarcasm + ``_sarcasm``)
  - redress, escalation, ultimatum, electoral threat: "taking this to the Ombudsman",
    "I'll keep emailing until", "remember this at the ballot box", "pass this to her manager"
  - abuse AMPLIFIES a grievance ("bins missed again, useless bastards") but never makes one
  NOT: residents judged ("dog owners are a disgrace"), other bodies (ScotRail, Royal Mail),
  banter, a journalist relaying readers' grievances, genuine thanks after a fix.

press_enquiry (journalists, student reporters, newsletter editors, podcasters)
  - identity: self-identification ("I'm a reporter at"), an outlet name, an outlet introducing
    itself ("Reuters here", "Podcast host here", press_outlet_intro), publication intent
    ("writing a piece for", "we intend to publish", "would credit you", press_publication_intent)
  - ask: comment/statement/interview, a quotable line ("a line I can quote", "talk to us",
    "answer three questions", press_quote_ask, press_ask), a deadline (press_deadline)
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
    open_gates,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Finding, Severity
from socialguard.screening.patterns import PatternMatch, match_pattern

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
        # (pattern, role, weight) in file order, for add_patterns.
        self._cues = tuple(
            (p, str(p.attrs.get("role", "")), float(p.attrs.get("weight", 0.3)))
            for p in self._patterns
        )

    def evidence(self, doc: Document, *, patterns: bool = True) -> dict[str, _Evidence]:
        """The strongest cue of each role: lexicon hits, then (when ``patterns`` and there is
        any lexicon evidence at all) the category's cue patterns."""
        hits = doc.hits(self.lexicon_name)
        if not hits:
            out0: dict[str, _Evidence] = {}
            if patterns and self._patterns.is_open(doc):
                # A form pattern (a modal request, a negated completion...) can carry a text
                # whose wording no lexicon entry holds.
                self.add_patterns(doc, out0)
            return out0
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
        """Add the category's cue-pattern matches to ``out`` (keeping the strongest per role).

        Patterns run in file order, as ``run_patterns`` would, but one whose role already has
        evidence at least as strong is not run: none of its matches could replace it."""
        gates = open_gates(doc)
        if not gates:
            return
        for pattern, role, weight in self._cues:
            if pattern.triggers and pattern.key not in gates:
                continue  # its trigger words are not in the text
            current = out.get(role)
            if current is not None and current.weight >= weight:
                continue
            for m in match_pattern(pattern, doc):
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


#: Press-identity forms (patterns whose role makes the writer the media).
_PRESS_IDENTITY_ROLES = frozenset({"outlet", "journalist", "publish"})
#: ``Document.memo`` key of "a press-identity form matches" (the same forms for every detector).
_PRESS_FORMS_KEY = "_sg_routing_press_form"


class _MediaCheck:
    """Whether a text comes from the media: a journalist/outlet word of the press lexicon with
    weight >= ``min_weight``, or a press-identity form ("Reuters here", "writing a piece")."""

    def __init__(self, detector: Detector, min_weight: float) -> None:
        press = build_info(detector.resources.lexicon("press"))
        self._media = frozenset(
            key
            for key, meta in press.items()
            if meta.role in ("journalist", "outlet", "explicit") and meta.weight >= min_weight
        )
        self._forms = PatternGroup(
            p
            for p in detector.resources.pattern_set(PATTERNS)
            if p.category == Category.PRESS_ENQUIRY
            and str(p.attrs.get("role", "")) in _PRESS_IDENTITY_ROLES
        )

    def __call__(self, doc: Document) -> bool:
        if doc.has_hits("press") and any(id(h.entry) in self._media for h in doc.hits("press")):
            return True
        if not self._forms.is_open(doc):
            return False
        # Every routing detector asks with the same forms: found once per text.
        return doc.memo(_PRESS_FORMS_KEY, lambda: self._press_form(doc))

    def _press_form(self, doc: Document) -> bool:
        gates = open_gates(doc)
        # The first form that matches decides; the rest need not run.
        return any(match_pattern(p, doc) for p in self._forms if not p.triggers or p.key in gates)


#: A place phrase right after a problem noun ("on the pavement", "outside the school").
_LOCATIVE = re.compile(
    r"\b(?:on|in|at|outside|behind|near|by|along|across|under|opposite|next to|round)\s+"
    r"(?:the|our|my|a|an|this|that)\s+[A-Za-z]",
    re.IGNORECASE,
)

#: How close (characters) a problem and a failure state must be to count as one report.
_NEAR = 60

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
        # Any media word vetoes a request ("saw it in the Courier, any comment?"), except the
        # weakest, which are everyday phrases as often as titles ("rotting in the sun").
        self._is_media = _MediaCheck(self, 0.25)

    def triggers(self) -> Triggers:
        return Triggers(contexts=_THIRD_PARTY)

    def detect(self, doc: Document) -> list[Finding]:
        if not self.third_party(doc):
            return []
        ev = self.evidence(doc)
        if not ev:
            return []
        if self._is_media(doc):
            # A journalist asking about potholes wants a quote, not a repair: the press enquiry
            # detector routes it to the Press Office.
            return []
        if "?" in doc.text:
            # A question put to the council's account is usually asking it for something.
            pos = doc.text.index("?")
            ev.setdefault("qmark", _Evidence("qmark", 0.2, pos, pos + 1, "?", "question mark"))
        problem = ev.get("problem")
        if problem is not None and problem.weight >= 0.4 and "location" not in ev:
            # Presentational report: a thing that should not be there + where it is ("Dead
            # seagull on the pavement by the school").
            m = _LOCATIVE.search(doc.text, problem.end, problem.end + 40)
            if m is not None:
                ev["location"] = _Evidence(
                    "location", 0.3, m.start(), m.end(), m.group(), "place phrase"
                )
        roles = (
            "problem",
            "own_case",
            "failure",
            "request",
            "question",
            "report",
            "location",
            "hazard",
            "duration",
            "qmark",
        )
        parts = [ev[r] for r in roles if r in ev]
        have = {p.role for p in parts}
        if not have & {"problem", "own_case", "report", "request"}:
            return []
        if not have & {
            "failure",
            "request",
            "question",
            "report",
            "own_case",
            "location",
            "hazard",
        }:
            return []
        failure = ev.get("failure")
        if (
            problem is not None
            and failure is not None
            and abs(problem.start - failure.start) <= _NEAR
        ):
            # TARGET + PREDICATE in one window ("the stair light ... has been out"): the failure
            # is the problem's, which is what makes a report.
            parts.append(
                _Evidence("cooccur", 0.1, problem.start, problem.end, problem.text, "near")
            )
        penalty = self.penalty(doc, ev)
        negative = ev.get("negative")
        if negative is not None and negative.weight >= 0.6:
            # Settled ("sorted now") or advice to another resident ("if you're reporting a
            # missed bin, ..."): not a request whatever else the text holds.
            return []
        if (
            negative is not None
            and negative.source in _POLITE
            and have & {"request", "question", "qmark"}
        ):
            # "Please can someone call me. Thanks, Maureen": thanks that close a request are
            # manners, not a sign that the matter is settled.
            penalty = 0.0
        score = sum(p.weight for p in parts) - penalty
        if _humour(doc.norm):
            score -= 0.25  # banter ("I'll throw myself off the Town Hall roof 😂 only joking")
        if score < self.threshold - 1e-9:
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
    lexicons: ClassVar[tuple[str, ...]] = ("complaint", "offensive", "service_request", "press")
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)
    lexicon_name = "complaint"
    category = Category.COMPLAINT
    threshold = 0.65
    negative_roles = frozenset({"praise", "elsewhere"})

    def setup(self) -> None:
        super().setup()
        self._service_info = build_info(self.resources.lexicon("service_request"))
        self._is_media = _MediaCheck(self, 0.45)
        # Forms that name their own target ("who thought this was a good idea", "shocking
        # decision", "you cut the bus"): a council decision is what they are about.
        self._implied = frozenset(
            f"pattern {p.key}" for p in self._patterns if p.attrs.get("implies_target")
        )
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

    def _implicit_target(self, doc: Document, parts: Sequence[_Evidence]) -> _Evidence | None:
        """A target named by the form itself, or a council-side word anywhere in the text
        (a service, its staff, a decision): weaker than a listed target."""
        for p in parts:
            if p.source in self._implied:
                return _Evidence("target", 0.15, p.start, p.end, p.text, "implied by form")
        m = _ANCHOR.search(doc.norm)
        if m is None:
            return None
        start, end = doc.to_original(m.start(), m.end())
        return _Evidence("target", 0.15, start, end, doc.text[start:end], "council-side word")

    def triggers(self) -> Triggers:
        return Triggers(contexts=_THIRD_PARTY)

    def detect(self, doc: Document) -> list[Finding]:
        if not self.third_party(doc):
            return []
        if not doc.has_hits("offensive"):
            core = self._core
            if not any(
                id(h.entry) in core for h in doc.hits("complaint")
            ) and not self._patterns.is_open(doc):
                return []  # no complaint cue, no cue pattern and no abuse: nothing to score
        ev = self.evidence(doc)
        if ev and self._is_media(doc):
            # A journalist asking about missed bins wants a comment (press_enquiry); the
            # grievance is their readers', not a complaint from the writer.
            return []
        insult = self._insult(doc)
        if not ev and insult is None:
            return []
        _first_person_explicit(doc, ev)
        subject, failure = self._service(doc) if doc.has_hits("service_request") else (None, None)
        if insult is not None and not (
            _grievance(ev, failure) and (subject is not None or _council_anchor(doc, ev))
        ):
            # Abuse amplifies a grievance about a council service, decision or staff ("bins
            # missed AGAIN, useless bastards"); it never makes one. Abuse of the council or a
            # councillor with no grievance ("wankstain council", "Cllr X is a lying scumbag") is
            # offensive_language / harassment, not a complaint.
            insult = None
        _misdirected(doc, ev)
        elsewhere = ev.get("elsewhere")
        if elsewhere is not None and elsewhere.weight >= 0.4 and not _COUNCIL.search(doc.norm):
            # The grievance is with someone else (ScotRail, Royal Mail, a shop): not ours.
            return []
        _sarcasm(doc, ev, failure)
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
        if target is None or target.weight < 0.15:
            # "you" alone is the weakest target; a form that names its own target (a
            # rhetorical question to the council) or a council-side word is stronger.
            target = self._implicit_target(doc, parts) or target
        have = {p.role for p in parts}
        if "explicit" not in have and len(have - {"intensity"}) < 2 and not (have and target):
            return []
        if max(p.weight for p in parts if p.role != "intensity") < 0.35:
            # Crumbs do not add up to a complaint: "still shut ... again" needs one real cue.
            return []
        judged = bool(have & {"explicit", "negative", "redress", "intensity"})
        score = sum(p.weight for p in parts) + (target.weight if target else 0.0)
        if insult is None:
            score -= self.penalty(doc, ev)
        if _humour(doc.norm):
            # A joke frame ("😂", "only joking", "said every pensioner ever") usually means
            # banter, not a grievance to route.
            score -= 0.25
        # Waiting and chasing with no judgement ("still waiting", "no reply yet") is usually how a
        # service request is followed up: it takes much more of it to count as a complaint.
        if score < (self.threshold if judged else self.threshold + 0.3) - 1e-9:
            return []
        if target is not None:
            parts.append(target)
        return [self.report(doc, "complaint", parts, score, "Dissatisfaction with the council")]


# --- complaint form helpers --------------------------------------------------------------------

#: First-person markers before a weak complaint word: "I made a complaint", "my complaint",
#: "ma complaint", "we complained" are the writer's own; "the neighbour that complained",
#: "investigating a complaint", "any complaint was made" report someone else's.
_FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|im|i've|ive|i'd|id|i'll|we|we've|we're|we'd|my|our|me|ma|oor|us)\b"
)
#: Council-side anchors that make abuse a complaint about the council rather than plain abuse.
_ANCHOR = re.compile(
    r"\b(?:council|cooncil|councils|councillors?|cllrs?|town hall|depot|staff|officers?|"
    r"department|dept|services?|team|contractors?|crew|wardens?|planners?|planning|housing|"
    r"roads|highways|bin ?men|bins?|collections?|decision|policy|consultation|scheme|"
    r"gritters?|street cleaners|sweepers|lollipop|bailiffs|enforcement|contact centre|"
    r"phone line|helpline|website|online system|portal|the system|booking system|app|tip|"
    r"library|libraries|leisure centre|pool|baths|school transport|closure|closing|"
    r"town centre|high street|roads|pavements|streets|parks?|play parks?|estate|"
    r"elc|shc|st helens|east lothian|running this town|running the town|in charge)\b"
)


def _first_person_explicit(doc: Document, ev: dict[str, _Evidence]) -> None:
    """Weak complaint words only count as the writer's own complaint (form: reported speech
    about someone else's complaint is not one)."""
    explicit = ev.get("explicit")
    if explicit is None or explicit.weight >= 0.8 or explicit.source.startswith("pattern"):
        return
    before = doc.text[max(0, explicit.start - 40) : explicit.start].lower()
    if _FIRST_PERSON.search(before) or _FIRST_PERSON.search(explicit.text.lower()):
        return
    ev["explicit"] = _Evidence(
        "explicit", 0.2, explicit.start, explicit.end, explicit.text, explicit.source
    )


#: The council itself, named or addressed.
_COUNCIL = re.compile(
    r"\b(?:council|cooncil|councils|councillors?|cllrs?|elc|shc|you lot|yous|town hall)\b"
)

#: Banter markers: laughing emoji, "lol", "only joking", "said no one ever", "fair cop".
#: The emoji are plain substring tests and the words one regex whose alternatives all start at
#: a word boundary, which the regex engine checks once per position instead of per alternative.
_HUMOUR_EMOJI = ("😂", "🤣", "😆", "😹")
_HUMOUR_WORDS = re.compile(
    r"\blol\b|\blmao\b|\bonly joking\b|\bjust joking\b|\bjk\b|"
    r"\bsaid (?:no ?one|nobody|every \w+(?: \w+){0,3}) ever\b|\bfair cop\b|\bi'?ll live\b"
)


def _humour(norm: str) -> bool:
    """Whether ``norm`` holds a banter marker."""
    if not norm.isascii() and any(e in norm for e in _HUMOUR_EMOJI):
        return True
    return _HUMOUR_WORDS.search(norm) is not None


def _grievance(ev: dict[str, _Evidence], failure: _Evidence | None) -> bool:
    """A complaint cue other than abuse: a judgement, waiting, repetition, redress, an explicit
    complaint word or a failing service."""
    if failure is not None:
        return True
    return any(
        r in ev and ev[r].weight >= 0.3
        for r in ("negative", "waiting", "repeat", "redress", "explicit", "duration")
    )


#: A judgement whose subject is residents, not the council (form: misdirected target).
_RESIDENT_JUDGED = re.compile(
    r"\b(?:dog owners|owners|drivers|parents|people|folk|residents|neighbours|kids|youths|yobs|"
    r"tourists|visitors|cyclists|fly ?tippers|tippers|whoever|some people|these people|"
    r"the public|landlords?|scrotes|idiots)\s+(?:are|is|were)\s+(?:a |an |just |so |absolutely |"
    r"an absolute |utterly )?\w+"
)


def _misdirected(doc: Document, ev: dict[str, _Evidence]) -> None:
    """Negative evaluation aimed at residents ("dog owners are a disgrace") is not about the
    council: drop it when it lies inside such a clause."""
    negative = ev.get("negative")
    if negative is None:
        return
    text = doc.text.lower()
    for m in _RESIDENT_JUDGED.finditer(text):
        if m.start() <= negative.start and negative.start <= m.end() + 12:
            del ev["negative"]
            return


def _council_anchor(doc: Document, ev: dict[str, _Evidence]) -> bool:
    """Whether the text points at the council, its service, staff or decisions."""
    target = ev.get("target")
    if target is not None and target.weight >= 0.2:
        return True
    return _ANCHOR.search(doc.norm) is not None


#: Short closing thanks/praise ("Thanks St Helens", "Cheers", "Brilliant.") after a grievance.
_CLOSING_PRAISE = re.compile(
    r"(?:^|[.!?\n]\s*)(?:thanks|thank you|cheers|ta|brilliant|great|lovely|fantastic|"
    r"well done|nice one|good job|great job)(?:[ ,]+[a-z@']+){0,6}[^a-z0-9]*$"
)
#: "Well done ..., another/again/still/no ..." in one sentence: praise that is a complaint.
_PRAISE_THEN_FAULT = re.compile(
    r"\b(?:well done|great job|good job|brilliant|fantastic|lovely|nice one|genius)\b"
    r"[^\n]{0,80}?\b(?:another|still|no|not|never|nothing|only|shame|pity)\b"
)


def _sarcasm(doc: Document, ev: dict[str, _Evidence], failure: _Evidence | None) -> None:
    """Praise next to a grievance is sarcasm (form C1): it becomes negative evaluation and no
    longer cancels anything. A grievance here is a judgement, waiting, repetition or a failing
    service; genuine thanks ("thanks for fixing it so quickly") have none of those."""
    praise = ev.get("praise")
    if praise is None:
        return
    negative = ev.get("negative")
    if negative is not None and negative.source == "pattern routing.cmp_sarcasm":
        # A sarcasm form ("Genius planning", "Thanks a bunch") makes any praise ironic too.
        del ev["praise"]
        return
    grievance = ev.keys() & {"negative", "waiting", "duration"} or failure is not None
    if not grievance:
        return
    norm = doc.norm
    if not (_CLOSING_PRAISE.search(norm.rstrip()) or _PRAISE_THEN_FAULT.search(norm)):
        return
    if re.search(r"\b(?:fixed|sorted|resolved|done|came|emptied|cleared)\b[^.!?]{0,30}$", norm):
        return
    del ev["praise"]
    current = ev.get("negative")
    if current is None or current.weight < 0.45:
        ev["negative"] = _Evidence(
            "negative", 0.45, praise.start, praise.end, praise.text, "sarcastic praise"
        )


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
        return Triggers(contexts=_THIRD_PARTY)

    def detect(self, doc: Document) -> list[Finding]:
        if not self.third_party(doc):
            return []
        ev = self.evidence(doc, patterns=False)
        if self._patterns.is_open(doc):
            # Identity can be a form as well as a word ("Reuters here", "writing a piece"); ask
            # and deadline shapes still only count once someone has said they are the media.
            self.add_patterns(doc, ev)
        if not ev or not ev.keys() & {"journalist", "outlet", "explicit", "publish"}:
            return []
        explicit = self.best(ev, "explicit")
        journalist = self.best(ev, "journalist")
        outlet = self.best(ev, "outlet")
        ask = self.best(ev, "ask")
        deadline = self.best(ev, "deadline")
        publish = self.best(ev, "publish")
        identity = max((e.weight for e in _present((journalist, outlet))), default=0.0)
        if publish is not None:
            # Publication intent ("writing a piece", "we intend to publish") is what makes a
            # newsletter editor or a student a member of the media for this enquiry.
            identity = max(identity, publish.weight) + (0.15 if identity else 0.0)
        if journalist and outlet:
            identity += 0.15
        parts = _present((explicit, journalist, outlet, publish, ask, deadline))
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
