"""Council representation: presenting personal views as the council's, or claiming to speak for
the council without authority (product.md §3; SH 5.4, EL 4.1(b), 4.1(h)).

FORMS the category takes in UK council social media, and how each is recognised
(data: ``lexicons/representation.txt``, ``patterns/representation.yaml``):

Anyone but the council's own account (personal = an employee's own post; inbound = a comment):

1. Direct claim to speak for the council: "on behalf of the council", "speaking for ELC",
   "answering for the cooncil since naebody else will", "this is the official view", "what my
   council actually thinks", "sorry from the cooncil for ...". A finding by itself
   (``role=claim``, ``use: claim``).
2. Insider + the council's view or decision stated as fact: "I work in planning and the council
   HAS approved ...", "council staffer here, the route was decided in January", "I'm in
   estates and I'm telling you, officially, it's getting renewed". Insider forms: "as a <job>",
   "I'm a/the <job>", "I work in/for <team/council>", "council worker here", "I'm fae the
   cooncil", "been at the council 12 years", "I sit on the project board", "I work there, trust
   me" (``role=insider``, ``use: cue``).
3. Insider + promise of an outcome beyond the writer's authority: "I'll waive your fine", "you'll
   definitely get the house", "consider it done", "I'll personally guarantee a refund", "that
   application WILL get refused" (``kind=promise``, ``use: promise``).
4. Insider + public criticism of the council, colleagues, managers or councillors as an
   employee (EL 4.1(h)): "our managers couldn't organise a piss-up in a brewery", "working for
   the council is like a circus and the clowns are in charge", "work for the council but not
   going to defend it", "our Director lied to councillors, I was in the room"
   (``kind=criticism`` + a council target: the council, management, councillors, a colleague).
5. Insider + endorsing a business in a professional capacity: "as a licensing officer I can
   personally recommend Big Dave's Taxis", "I can vouch for them, speaking as a building control
   officer" (``kind=endorse``).
6. Employee's own post (personal context: the writer is staff by definition) without an explicit
   insider phrase: a first-person promise in the council's name ("Don't worry Rainford, we'll
   definitely keep the library open"), or criticism aimed at colleagues or councillors from
   inside ("let us officers get on with the job", "blame them upstairs", "my boss").

Guards: a capacity disclaimer ("as a resident", "not for my employer", "this is just me
talking", "purely personal", "in a personal capacity") cancels forms 3-6 and lowers 1-2; a
negated promise ("can't promise", "no promises") is not a promise; the council's own staff
naming their job with no view, promise, criticism or endorsement is not a finding ("Love my job
at the council").

The council's own (business) account: the council is entitled to speak, so what breaches SH 5.4 /
EL 4.1(b) there is the author's personal voice or a stance the council cannot take:

7. Personal opinion or aside: "personally I think", "hot take", "admin's personal take", "tbh",
   "sorry not sorry", "fight me/us", "between you and me" (``role=opinion``).
8. Endorsing one business: "best pizza in Scotland", "go and give them your money", "please
   support Gavin's Deli", "we recommend ..." (``kind=endorse``; a directory of every trader is
   not an endorsement).
9. Taking sides on a contested matter: "we fully agree with the Courier's editorial", "we stand
   with the residents against ...", "shame on them", "the council fully supports the strike and
   urges residents to join the picket line", "our team thinks ... is an absolute joke".
10. Criticising its own staff or councillors: "our planners are rubbish, sorry folks".
11. Promising an outcome it cannot promise: "we'll definitely keep the library open", "100%
    going ahead, we'll make sure of it", "we'll have your fence fixed by tomorrow, promise!",
    "leave it with me" (a negated "we can't promise" is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    Cue,
    EntryInfo,
    PatternGroup,
    build_info,
    context_of,
    cues_by_role,
    fmt_terms,
    idle,
    run_patterns,
    triggers_for,
)
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity
from socialguard.screening.patterns import PatternMatch

__all__ = ["CouncilRepresentationDetector"]

LEXICON = "representation"
PATTERNS = "representation"
OFFENSIVE = "offensive"
# A council view in the writer's own voice ("we have decided", "our position is") rather than a
# report about the council ("the council thinks it can ignore us").
_FIRST_PERSON = frozenset({"we", "we've", "we're", "we'll", "our", "i"})
# Words just before a promise word that negate it ("we can't promise", "no promises").
_NEGATORS = frozenset(
    {"not", "no", "never", "cant", "can't", "cannot", "won't", "wont", "don't", "dont", "unable"}
)


_CLAUSE_BREAK = re.compile(r"[,.;:!?()\n]")


@dataclass(frozen=True, slots=True)
class _Signal:
    kind: str
    weight: float
    start: int
    end: int
    text: str


class CouncilRepresentationDetector(Detector):
    """Claims to speak for the council; insider + council view / promise / criticism /
    endorsement; personal voice, endorsements, side-taking and promises in official posts."""

    name = "content.council_representation"
    version = 2
    categories = frozenset({Category.COUNCIL_REPRESENTATION})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON, OFFENSIVE)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))

    # -- signals -------------------------------------------------------------------------------

    def _signals(
        self, doc: Document, cues: dict[str, list[Cue]], matches: list[PatternMatch]
    ) -> dict[str, list[_Signal]]:
        """Every lexicon cue and pattern match as a typed signal: ``claim``, ``insider``,
        ``view``, ``promise``, ``criticism``, ``endorse``, ``target``, ``stance``, ``opinion``,
        ``capacity``."""
        out: dict[str, list[_Signal]] = {}

        def add(kind: str, weight: float, start: int, end: int, text: str) -> None:
            out.setdefault(kind, []).append(_Signal(kind, weight, start, end, text))

        for role, items in cues.items():
            for c in items:
                kind = c.info.attrs.get("kind", "")
                if role == "council_view":
                    kind = kind or "view"
                elif role == "opinion":
                    kind = kind or "opinion"
                elif role == "disclaimer":
                    kind = kind or "disclaimer"
                elif role == "insider":
                    kind = kind or "insider"
                elif role == "claim":
                    continue  # handled with its ``needs=`` in ``_staff_or_comment``
                else:
                    kind = role
                if kind == "promise" and self._negated(doc, c.hit.start):
                    continue
                add(kind, c.weight, c.hit.start, c.hit.end, c.hit.text)
        for m in matches:
            use = str(m.pattern.attrs.get("use", "claim"))
            if use == "cue":
                use = "insider"  # the v1 name for an insider self-identification
            weight = float(m.pattern.attrs.get("weight", m.pattern.confidence))
            if use == "promise" and self._negated(doc, m.start):
                continue
            add(use, weight, m.start, m.end, m.text)
        if out.get("target") and any(t.weight >= 0.5 for t in out["target"]):
            for h in doc.hits(OFFENSIVE):
                # Abuse of management or the council as a body ("that shower of bastards in
                # John Muir House") is criticism in its strongest form.
                add("criticism", 0.6, h.start, h.end, h.text)
        return out

    @staticmethod
    def _negated(doc: Document, start: int) -> bool:
        """Whether one of the three words before original offset ``start`` negates it."""
        before = doc.text[max(0, start - 40) : start].lower().replace("\u2019", "'")
        clause = _CLAUSE_BREAK.split(before)[-1]  # "Don't panic, we'll definitely ..." is not
        return bool(_NEGATORS.intersection(clause.split()[-3:]))

    # -- detection -----------------------------------------------------------------------------

    def triggers(self) -> Triggers:
        return triggers_for((LEXICON,), self._patterns)

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON,), self._patterns):
            return []
        context = context_of(doc)
        hits = doc.hits(LEXICON)
        matches = run_patterns(doc, self._patterns)
        if not hits and not matches:
            return []
        cues = cues_by_role(hits, self._info)
        sig = self._signals(doc, cues, matches)
        if context == "business":
            return self._official_post(doc, sig)
        return self._staff_or_comment(doc, cues, sig, context)

    def _staff_or_comment(
        self,
        doc: Document,
        cues: dict[str, list[Cue]],
        sig: dict[str, list[_Signal]],
        context: str | None,
    ) -> list[Finding]:
        disclaimer = bool(sig.get("disclaimer")) or bool(sig.get("capacity"))
        capacity = bool(sig.get("capacity"))
        penalty = 0.12 if disclaimer else 0.0
        out: list[Finding] = []
        # Form 1: a claim to speak for the council.
        for s in sig.get("claim", ()):
            if s.weight < 0.5:
                continue
            out.append(
                self._make(
                    doc,
                    "speaking_for_council",
                    [s],
                    0.55 + s.weight * 0.35 - penalty,
                    f"'{s.text.strip()}' claims to speak for the council",
                )
            )
        for cue in cues.get("claim", ()):
            if cue.weight < 0.5:
                continue
            if cue.info.attrs.get("needs") == "personal" and context != "personal":
                continue
            out.append(
                self._make(
                    doc,
                    "speaking_for_council",
                    [self._cue_signal(cue)],
                    0.55 + cue.weight * 0.35 - penalty,
                    f"{fmt_terms([cue])} claims to speak for the council",
                )
            )
        if out:
            return out[:MAX_FINDINGS]
        insiders = sig.get("insider", [])
        insider = max(insiders, key=lambda s: s.weight) if insiders else None
        views = sig.get("view", [])
        # Form 2: insider + the council's view or decision.
        if insider is not None and views:
            view = max(views, key=lambda s: s.weight)
            score = view.weight + insider.weight
            if score >= 0.75:
                return [
                    self._make(
                        doc,
                        "personal_view_as_council",
                        [insider, view],
                        min(0.5 + score / 4, 0.85) - penalty,
                        f"'{insider.text.strip()}', '{view.text.strip()}': the writer uses their "
                        "council job to state the council's view or decision",
                    )
                ]
        if capacity:
            return []
        staff = context == "personal"
        # Forms 3-5: insider (or, in an employee's own post, the writer) + promise, criticism of
        # the council or colleagues, or a professional endorsement.
        for kind, subtype, why, min_score in (
            ("promise", "unauthorised_promise", "promises an outcome for the council", 0.85),
            ("criticism", "criticism_as_employee", "criticises the council as an employee", 0.8),
            (
                "endorse",
                "endorsement_as_employee",
                "endorses a business in their council role",
                0.85,
            ),
        ):
            preds = sig.get(kind, [])
            if not preds:
                continue
            pred = max(preds, key=lambda s: s.weight)
            if kind == "criticism" and not self._council_target(sig, pred):
                continue
            strength = insider.weight if insider is not None else 0.0
            if kind == "criticism":
                targets = sig.get("target", [])
                colleague = max((t.weight for t in targets), default=0.0)
                if staff:
                    strength = max(strength, colleague * 0.8)
            elif staff and kind == "promise" and pred.weight >= 0.7:
                strength = max(strength, 0.3)
            score = strength + pred.weight
            if score >= min_score:
                parts = [p for p in (insider, pred) if p is not None]
                return [
                    self._make(
                        doc,
                        subtype,
                        parts,
                        min(0.5 + score / 4, 0.85),
                        f"{', '.join(repr(p.text.strip()) for p in parts)}: the writer {why}",
                    )
                ]
        # A personal post announcing what "we" (the council) have decided.
        if staff and views:
            strong = [
                s
                for s in views
                if s.weight >= 0.5
                and doc.text[s.start : s.end].lower().split(" ", 1)[0] in _FIRST_PERSON
            ]
            if strong:
                return [
                    self._make(
                        doc,
                        "personal_view_as_council",
                        strong[:1],
                        0.6 - penalty,
                        f"'{strong[0].text.strip()}': a personal post states the council's "
                        "position",
                    )
                ]
        return []

    @staticmethod
    def _council_target(sig: dict[str, list[_Signal]], pred: _Signal) -> bool:
        """Criticism counts only when the council, its staff or its councillors are in the text
        (a council target word, a colleague, or the insider phrase naming the council)."""
        if any(t.weight >= 0.3 for t in sig.get("target", ())):
            return True
        return pred.weight >= 0.6 and any(
            "council" in s.text.lower() or "cooncil" in s.text.lower()
            for s in sig.get("insider", ())
        )

    def _official_post(self, doc: Document, sig: dict[str, list[_Signal]]) -> list[Finding]:
        """In the council's own post the council is entitled to speak; what breaches SH 5.4 /
        EL 4.1(b) there is the author's personal opinion or aside presented in its voice, an
        endorsement of one business, side-taking, criticism of its own people, or a promise it
        cannot make."""
        opinions = [
            *sig.get("opinion", ()),
            *sig.get("endorse", ()),
            *sig.get("stance", ()),
            *sig.get("promise", ()),
            *(s for s in sig.get("criticism", ()) if s.weight >= 0.5),
        ]
        if not opinions:
            return []
        ranked = sorted(opinions, key=lambda s: -s.weight)
        score = ranked[0].weight + (0.5 * ranked[1].weight if len(ranked) > 1 else 0.0)
        if score < 0.6:
            return []
        parts = ranked[:2]
        return [
            self._make(
                doc,
                "personal_view_in_official_post",
                parts,
                min(0.5 + score / 3, 0.85),
                f"{', '.join(repr(p.text.strip()) for p in parts)}: a personal opinion, "
                "endorsement or promise in the council's official voice",
            )
        ]

    @staticmethod
    def _cue_signal(cue: Cue) -> _Signal:
        h = cue.hit
        return _Signal(cue.role, cue.weight, h.start, h.end, h.text)

    def _make(
        self, doc: Document, subtype: str, parts: list[_Signal], confidence: float, why: str
    ) -> Finding:
        start = min(s.start for s in parts)
        end = max(s.end for s in parts)
        return self.finding(
            doc,
            category=Category.COUNCIL_REPRESENTATION,
            subtype=subtype,
            start=start,
            end=end,
            confidence=confidence,
            severity=Severity.MEDIUM,
            explanation=why + " (personal views must not be presented as the council's).",
            evidence={"cues": [s.text for s in parts]},
        )
