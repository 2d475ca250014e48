"""Council representation: presenting personal views as the council's, or claiming to speak for
the council without authority (product.md §3; SH 5.4, EL 4.1(b)).

The council speaks for itself in its own (business) posts, so there only a personal opinion or
aside in the council's voice is reported ("Personally I think ...", "sorry not sorry", "between you
and me"). Elsewhere (``lexicons/representation.txt``, ``patterns/representation.yaml``):

- a claim to speak for the council ("on behalf of the council", "we at the council", "the
  council's official position") is a finding by itself;
- an insider self-identification ("as a council officer", "I work for the council") is a finding
  together with a statement of the council's view or decision ("the council thinks", "we have
  decided", "I can confirm");
- a disclaimer ("views are my own") lowers confidence but does not cancel a claim.
"""

from __future__ import annotations

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
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["CouncilRepresentationDetector"]

LEXICON = "representation"
PATTERNS = "representation"
# A council view in the writer's own voice ("we have decided", "our position is") rather than a
# report about the council ("the council thinks it can ignore us").
_FIRST_PERSON = frozenset({"we", "we've", "our", "i"})


class CouncilRepresentationDetector(Detector):
    """Claims to speak for the council, and insider + council-view statements (not in business
    posts)."""

    name = "content.council_representation"
    version = 1
    categories = frozenset({Category.COUNCIL_REPRESENTATION})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON,)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))

    def triggers(self) -> Triggers:
        return triggers_for((LEXICON,), self._patterns)

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON,), self._patterns):
            return []
        context = context_of(doc)
        hits = doc.hits(LEXICON)
        if context == "business":
            return self._official_post(doc, hits)
        matches = run_patterns(doc, self._patterns)
        if not hits and not matches:
            return []
        cues = cues_by_role(hits, self._info)
        disclaimer = bool(cues.get("disclaimer"))
        penalty = 0.12 if disclaimer else 0.0
        out: list[Finding] = []
        insider_cue = [m for m in matches if m.pattern.attrs.get("use") == "cue"]
        for m in matches:
            if m.pattern.attrs.get("use") == "cue":
                continue
            out.append(
                self.finding_from_pattern(
                    m,
                    confidence=m.pattern.confidence - penalty,
                    explanation=f"'{m.text}': {m.pattern.description}",
                )
            )
        for cue in cues.get("claim", ()):
            if cue.weight < 0.5:
                continue
            if cue.info.attrs.get("needs") == "personal" and context != "personal":
                continue
            out.append(
                self._finding(
                    doc,
                    "speaking_for_council",
                    [cue],
                    0.55 + cue.weight * 0.35 - penalty,
                    f"{fmt_terms([cue])} claims to speak for the council",
                )
            )
        views = cues.get("council_view", [])
        insiders = cues.get("insider", [])
        if views and (insiders or insider_cue):
            view = max(views, key=lambda c: c.weight)
            parts = [*(insiders[:1]), view]
            strength = max([c.weight for c in insiders] + [0.6 if insider_cue else 0.0])
            score = view.weight + strength
            if score >= 0.75:
                out.append(
                    self._finding(
                        doc,
                        "personal_view_as_council",
                        parts,
                        min(0.5 + score / 4, 0.85) - penalty,
                        f"{fmt_terms(parts)}: the writer uses their council job to state the "
                        "council's view or decision",
                    )
                )
        elif views and context == "personal":
            # A personal post announcing what "we" (the council) have decided.
            strong = [
                c for c in views if c.weight >= 0.5 and c.hit.entry.term.split()[0] in _FIRST_PERSON
            ]
            if strong:
                out.append(
                    self._finding(
                        doc,
                        "personal_view_as_council",
                        strong[:1],
                        0.6 - penalty,
                        f"{fmt_terms(strong[:1])}: a personal post states the council's position",
                    )
                )
        return out[:MAX_FINDINGS]

    def _official_post(self, doc: Document, hits: tuple[LexiconHit, ...]) -> list[Finding]:
        """In the council's own post the council is entitled to speak; what breaches SH 5.4 /
        EL 4.1(b) there is the author's personal opinion or aside presented in its voice
        ("Personally I think ...", "between you and me", "sorry not sorry")."""
        opinions = cues_by_role(hits, self._info).get("opinion", []) if hits else []
        if not opinions:
            return []
        ranked = sorted(opinions, key=lambda c: -c.weight)
        score = ranked[0].weight + (0.5 * ranked[1].weight if len(ranked) > 1 else 0.0)
        if score < 0.6:
            return []
        parts = ranked[:2]
        return [
            self._finding(
                doc,
                "personal_view_in_official_post",
                parts,
                min(0.5 + score / 3, 0.85),
                f"{fmt_terms(parts)}: a personal opinion in the council's official voice",
            )
        ]

    def _finding(
        self, doc: Document, subtype: str, parts: list[Cue], confidence: float, why: str
    ) -> Finding:
        start = min(c.hit.start for c in parts)
        end = max(c.hit.end for c in parts)
        return self.finding(
            doc,
            category=Category.COUNCIL_REPRESENTATION,
            subtype=subtype,
            start=start,
            end=end,
            confidence=confidence,
            severity=Severity.MEDIUM,
            explanation=why + " (personal views must not be presented as the council's).",
            evidence={"cues": [c.hit.entry.term for c in parts]},
        )
