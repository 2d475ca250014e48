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

Forms confidential information takes in UK council social media, and how each is recognised:

- markings and drafts: "OFFICIAL-SENSITIVE", "embargoed until", "do not post yet", "leaked
  minutes", "redacted section" (role=marking);
- secrecy talk, incl. Scots/Scouse turns: "not announced yet", "naebody's been telt", "nae
  official word", "cannae say more", "keep it under your hat", "you didn't hear it from me"
  (role=secrecy, pattern ``decided_already``);
- a decision said to be made before it is public: "was decided in January", "just a
  formality", "they'll announce it after Easter", "quietly decided", "just for show"
  (patterns ``decided_already``, ``quiet_decision``);
- insider self-identification: "I work in planning", "council staffer here", "as a council
  employee", "I sit on the project board" (pattern ``insider_self``) + any council topic;
- second-hand insiders (residents repeating leaks): "my cousin works in the council", "someone
  who works at the depot told me", "a councillor let slip", "I know someone in HR" (patterns
  ``second_hand_insider``, ``inside_source``);
- seeing or sharing an internal document: "seen the memo", "saw the invoice on the desk",
  "screenshot of the Teams chat" (pattern ``seen_document``);
- unannounced changes to services and staff: "bins going three weekly from April", "getting
  TUPE'd", "plans to shut three care homes", "recruiting freeze" (patterns
  ``future_service_change``, ``plan_to_change``, ``job_numbers``; role=topic);
- live tender figures: "Bowmer's came in at £1.2m", "miles cheaper than the rest" (``tender``);
- a colleague's HR matter in a staff post or council reply: "the SENCO is off with stress",
  "final written warning", "resigned after the grievance" (topics with ``hr=yes``);
- service users met through work, in staff posts: a work frame ("on my round today", "did a
  welfare check", "the lad we've been working with") + a person + a sensitive fact ("found him
  on the floor", "going into foster care") (``_work_disclosure``), or listed phrases ("one of my
  clients", "known to children's services");
- a council reply in public that states case facts ("Hi Paula, your neighbour at 14 has been
  warned twice", "your mum's care package was cut") (``_case_reply``, business posts only).

Guards: public signals ("published", "on our website", "consultation", "does not imply",
"HR reminder: please don't discuss"), a journalist asking to confirm, an HR word about the writer
or their own family ("I'm off sick", "my son is suspended from school").
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector
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
    prev_words,
    roles_present,
    run_patterns,
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


# A work frame + a person + a sensitive fact, in a staff post: the classic disclosure of a service
# user met through work ("did a welfare check on a man in Prestonpans today, found him on the
# floor", "the lad we've been working with got sent down"). Run on doc.words (no punctuation).
_WORK_FRAME = re.compile(
    r"\b(?:on (?:my|the) (?:round|rounds|shift|patch|caseload|visits?|books)"
    r"|had to (?:tell|visit|remove|go back|section|evict|serve|call|ring|report|refer)"
    r"|(?:did|done|doing) (?:a|the|an) (?:welfare check|home visit|removal|assessment|visit"
    r"|eviction|inspection|safeguarding|referral)"
    r"|(?:just )?process(?:ed|ing)? (?:a|an|the)|(?:we|i) ve been working with|been working with"
    r"|(?:the|a) (?:school|home|centre|unit|ward|office|depot|hostel|library) i work (?:at|in)"
    r"|where i work|at work today|today at work|on shift|my (?:patients?|clients?|tenants?|pupils?"
    r"|service users?|caseload|class)|one of (?:my|our) (?:clients|tenants|pupils|families"
    r"|residents|service users|patients|cases|kids|young people)|on the (?:desk|phones|counter)"
    r" today|(?:home|welfare) (?:visit|check)|case ?load|came into (?:the office|work|reception)"
    r"|at the (?:counter|desk|front desk|hub) today|on the ward|at reception|(?:rang|called|came"
    r"|walked) in (?:today|this morning|earlier)|just had (?:a|an|the) (?:call|visit|woman|man|lady"
    r"|family|tenant|client|mum|dad)|the (?:home|school|centre|ward|unit) i work (?:at|in))\b"
)
_SENSITIVE = re.compile(
    r"\b(?:foster care|into care|in care|care order|prison|jail|sent down|a tag|tagged|hoard\w*"
    r"|fleeing|domestic abuse|abuse|abused|neglect\w*|self ?harm\w*|suicid\w*|overdos\w*"
    r"|dementia|cancer|terminal\w*|dying|died|passed away|on the floor|hasn t eaten|not eaten"
    r"|starving|hungry|drinking|drunk|drugs|addict\w*|arrears|evict\w*|homeless|debt|bailiffs"
    r"|mental health|sectioned|pregnant|miscarr\w*|autis\w*|adhd|wet through|soiled|bed ?bound"
    r"|arrested|nowhere to go|excluded|benefits? stopped|sanctioned|rough sleeping|sofa surfing"
    r"|refuge|a state|absolute state|filthy|lice|bruis\w*|injur\w*|hospital|a&e|ambulance)\b"
)
_PERSON = re.compile(
    r"\b(?:a|an|the|this|one|old|poor|lovely|wee)\s+(?:\w+\s+){0,2}?(?:mum|mam|dad|man|woman"
    r"|lady|fella|gent|gentleman|lad|lass|girl|boy|kid|kids|child|family|tenant|couple"
    r"|pensioner|client|resident|teenager|young person|year \d+|weans|bairn)\b"
    r"|\b\d{1,3}\s?(?:yr|year)s?\s?old\b|\b(?:[2-9]\d|1[01]\d)\b(?=\s+(?:no|lives|with|and))"
)


# A council reply in public ("Hi Paula, ...", "Replying to Steve:", "Draft reply:") that states
# case facts about the addressee or a third party: the council's own disclosure.
_REPLY_FRAME = re.compile(
    r"(?:^|\n)\s*(?:draft |scheduled )?(?:reply|replying|response|answer)\b"
    r"|\b(?:Hi|Hello|Hiya|Dear|Sorry|Thanks|Thank you|Morning|Afternoon)\s+"
    r"(?:Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+"
    r"|Miss\s+|Dr\.?\s+)?[A-Z][a-z]+",
    re.IGNORECASE,
)
_NAMED_GREETING = re.compile(
    r"\b(?:Hi|Hello|Hiya|Dear|Sorry|Thanks|Thank you|Morning|Afternoon|Replying to|Reply to)\s+"
    r"(?:Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+|Miss\s+|Dr\.?\s+)?[A-Z][a-z]+"
)
_CASE_STRONG = re.compile(
    r"\b(?:legal action|been warned|warned twice|final (?:tenancy )?warning|tenancy warning"
    r"|anti ?social behaviour|complaint about you|made the complaint"
    r"|who (?:reported|complained)"
    r"|reported you|safeguarding|social worker|social work|known to|eviction|evicted|possession"
    r"|injunction|suspended|dismissed|sacked|disciplinary|assessment (?:found|showed|says)"
    r"|care home|care package|respite|placement|foster|in care|excluded|exclusion|sanctioned"
    r"|arrears|bailiffs?|court|hearing|diagnos\w+|dementia|mental health|off sick|referral"
    r"|child protection|police (?:are|have been) involved|community protection notice"
    r"|can t live alone|moving to)\b"
)


def _case_reply(doc: Document) -> tuple[int, int] | None:
    """Normalised span of a case fact in a public council reply, or None."""
    if _NAMED_GREETING.search(doc.text) is None and (_REPLY_FRAME.search(doc.text[:40]) is None):
        return None
    fact = _CASE_STRONG.search(doc.words)
    if fact is None:
        return None
    return fact.start() - 1, fact.end() - 1


def _work_disclosure(doc: Document) -> tuple[int, int] | None:
    """Normalised span of a work frame with a person and a sensitive fact, or None."""
    words = doc.words
    frame = _WORK_FRAME.search(words)
    if frame is None:
        return None
    fact = _SENSITIVE.search(words)
    if fact is None or _PERSON.search(words) is None:
        return None
    return min(frame.start(), fact.start()) - 1, max(frame.end(), fact.end()) - 1


def _disclosure_span(doc: Document, context: str | None) -> tuple[int, int] | None:
    """A work disclosure, or in a council reply a case fact: the normalised span, or None."""
    span = _work_disclosure(doc)
    if span is None and context == "business":
        span = _case_reply(doc)
    return span


_SELF = frozenset({"i", "i'm", "im", "me", "am", "son", "daughter", "kid", "husband", "wife"})


def _about_other(doc: Document, cue: Cue) -> bool:
    """An HR topic (``hr=yes``) about someone other than the writer or their family."""
    if cue.info.attrs.get("hr") != "yes":
        return False
    return _SELF.isdisjoint(prev_words(doc, cue.hit.nstart, 3))


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
        attrs = {"role": "service_user", "weight": "0.55"}
        self._disclosure = (
            LexiconEntry("work frame + person + sensitive fact", False, attrs, 0, LEXICON),
            EntryInfo("service_user", 0.55, "", False, attrs),
        )
        self._role_entries: dict[str, tuple[LexiconEntry, EntryInfo]] = {}
        for pattern in self._patterns:
            if pattern.attrs.get("use") != "role":
                continue
            attrs = {"role": str(pattern.attrs["role"]), "weight": str(pattern.attrs["weight"])}
            entry = LexiconEntry(pattern.id, False, attrs, pattern.line or 0, LEXICON)
            info = EntryInfo(attrs["role"], float(attrs["weight"]), "", False, attrs)
            self._role_entries[pattern.key] = (entry, info)

    def detect(self, doc: Document) -> list[Finding]:
        context = context_of(doc)
        staff = context in _STAFF_CONTEXTS
        # A staff post can disclose a service user with no listed word (work frame + person +
        # sensitive fact), so only third-party posts may stop at the cheap gate.
        if idle(doc, (LEXICON,), self._patterns) and not staff:
            return []
        hits = doc.hits(LEXICON)
        if hits and not roles_present(hits, self._info) & _ANCHORS:
            hits = ()  # insider or public words alone ("at work", "next week") say nothing
        matches = run_patterns(doc, self._patterns)
        # A staff post's work disclosure (or a council reply's case fact), found once.
        disclosure = _disclosure_span(doc, context) if staff else None
        if not hits and not matches and disclosure is None:
            return []
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
        out.extend(self._combined(doc, cues, context, tender, disclosure))
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
        self,
        doc: Document,
        cues: dict[str, list[Cue]],
        context: str | None,
        tender: bool,
        span: tuple[int, int] | None,
    ) -> list[Finding]:
        """Secrecy, insider + topic, tender figures and service-user details; ``span`` is the
        staff post's disclosure (``_disclosure_span``)."""
        staff = context in _STAFF_CONTEXTS
        public_weight = max((c.weight for c in cues.get("public", ())), default=0.0)
        topic = _best(cues.get("topic", []))
        insider = _best(cues.get("insider", []))
        secret = _best(cues.get("secrecy", []))
        user = _best(cues.get("service_user", []))
        out: list[Finding] = []
        if secret is not None:
            extra = max((c.weight for c in (topic, insider) if c is not None), default=0.0)
            score = secret.weight + 0.5 * extra + (0.25 if staff else 0.0)
            if public_weight >= 0.8:
                score -= 0.5 * public_weight  # "a tip-off that ... can you confirm or deny?"
            if score >= 0.8:
                parts = [secret, *(c for c in (topic, insider) if c is not None)]
                out.append(self._finding(doc, "not_yet_public", parts, score))
        if topic is not None and insider is not None:
            score = topic.weight + insider.weight + (0.15 if staff else 0.0) - public_weight
            score += 0.3 if tender else 0.0
            if score >= 0.8:
                out.append(self._finding(doc, "internal_matter", [insider, topic], score))
        elif topic is not None and tender:
            # Named bid prices in a live tender are confidential whoever posts them.
            score = topic.weight + 0.4 + (0.1 if staff else 0.0) - public_weight
            if score >= 0.75:
                out.append(self._finding(doc, "tender", [topic], score))
        elif staff and topic is not None:
            # A colleague's HR matter in a staff post or a council reply ("the SENCO is off with
            # stress", "final written warning this week") is internal with no insider phrase.
            hr = _best([c for c in cues.get("topic", ()) if _about_other(doc, c)])
            if hr is not None:
                score = hr.weight + 0.3 - public_weight
                if score >= 0.8:
                    out.append(self._finding(doc, "internal_matter", [hr], score))
        disclosed: Cue | None = None
        if staff and span is not None:
            entry, info = self._disclosure
            start, end = doc.to_original(*span)
            hit = LexiconHit(LEXICON, entry, span[0], span[1], start, end, doc.text[start:end])
            disclosed = Cue(hit, info)
            if user is None:
                user = disclosed
        if user is not None:
            # Two separate work-setting details ("in today for a housing assessment", "long
            # shift ... the lady in room 4") say more than either alone.
            others = [*cues.get("service_user", ()), *([disclosed] if disclosed else [])]
            second = max((c.weight for c in others if _apart(c, user)), default=0.0)
            score = user.weight + 0.5 * second + (0.3 if staff else 0.0)
            score += 0.2 * (insider.weight if insider else 0) - 0.5 * public_weight
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
