"""Harassment: threats, intimidation, bullying, targeted abuse and incitement (product.md §3).

Data: ``lexicons/harassment.txt`` (fixed phrases; ``ambiguous=yes`` for everyday idioms that can
also be threats), ``patterns/harassment.yaml`` (phrases with a slot: "burn ... down", "someone
should sort her out"), and the insults of ``lexicons/offensive.txt`` for targeted abuse (an insult
aimed at "you" or at a named person or role). Robust but civil criticism ("the councillor should
resign", "useless decision") uses none of these and is not reported.
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    EntryInfo,
    PatternGroup,
    build_info,
    has_other,
    idle,
    prev_words,
    run_patterns,
    triggers_for,
)
from socialguard.screening.detectors.content.offensive import ALLOW, drop_allowed, insult_frame
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["HarassmentDetector"]

LEXICON = "harassment"
OFFENSIVE = "offensive"
PATTERNS = "harassment"

_CONFIDENCE = {Severity.HIGH: 0.9, Severity.MEDIUM: 0.8, Severity.LOW: 0.65}
# "you"/"ya" address the reader; possessives ("your bitch has three litters") do not.
_SECOND_PERSON = frozenset({"you", "ya", "u", "youre", "ye"})
# Reported threats ("the bully is threatening to stab him") are someone else's words.
_REPORTED = frozenset({"threatening", "threatened", "threatens", "threaten", "said", "says"})
_THIRD_PERSON = frozenset(
    {
        "he", "she", "him", "her", "cllr", "councillor", "officer", "mayor", "leader", "manager",
        "warden", "neighbour", "landlord", "inspector", "provost", "director", "receptionist",
        "worker", "man", "woman", "bloke", "lady", "guy", "lad", "boss", "supervisor", "teacher",
        "headteacher", "attendant", "chief", "exec", "executive", "clerk", "convener", "planner",
        "caretaker", "janitor",
    }
)  # fmt: skip
_COPULA = frozenset({"is", "s", "was", "are", "re", "r", "a", "an", "such", "absolute", "total"})


def _handle(doc: Document) -> str:
    """An @handle of a person the text is addressed to ("@Mick_Halsall"), not an organisation's
    account ("@StHelensCouncil"), or ``""``."""
    if not doc.has_at:
        return ""
    for m in _HANDLE.finditer(doc.text):
        name = m.group(1).lower()
        if not any(org in name for org in _ORG_HANDLE):
            return m.group()
    return ""


_HANDLE = re.compile(r"(?<![\w.])@(\w{2,30})")
_ORG_HANDLE = ("council", "gov", "news", "echo", "courier", "bbc", "team", "official", "police")


def _aimed_at(doc: Document, hit: LexiconHit) -> str:
    """Who an insult is aimed at: "you" (second person), an @handle, or a person word, or ``""``.

    "you fat twat", "you're a cunt", "@Mick shut it you prick", "Cllr Smith is a wanker".
    """
    handle = _handle(doc)
    if handle:
        return handle
    before = prev_words(doc, hit.nstart, 5)
    if not before:
        return ""
    if any(w in _SECOND_PERSON for w in before[-3:]):
        return "you"
    if before[-1] in _COPULA or (len(before) > 1 and before[-2] in _COPULA):
        for w in reversed(before[:-1]):
            if w in _THIRD_PERSON:
                return w
    return ""


class HarassmentDetector(Detector):
    """Threat and intimidation phrases, slot patterns, and insults aimed at a person.

    Contract: fixed phrases marked ``ambiguous=yes`` ("you're dead", "watch yourself") are
    reported only with a second signal in the text (another threat, or abuse). Targeted abuse
    needs an insult of medium or high severity aimed at "you" or at a person or role.
    """

    name = "content.harassment"
    version = 1
    categories = frozenset({Category.HARASSMENT})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON, OFFENSIVE, ALLOW)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        self._off_info: dict[int, EntryInfo] = build_info(self.resources.lexicon(OFFENSIVE))
        self._patterns = PatternGroup(self.resources.pattern_set(PATTERNS))

    def triggers(self) -> Triggers:
        return triggers_for((LEXICON, OFFENSIVE), self._patterns, masks=True)

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON, OFFENSIVE), self._patterns, masks=True):
            return []
        out: list[Finding] = [
            self.finding_from_pattern(m, explanation=f"'{m.text}': {m.pattern.description}")
            for m in run_patterns(doc, self._patterns)
        ]
        hits = doc.hits(LEXICON)
        abuse = self._targeted_abuse(doc)
        if hits:
            firm = [h for h in hits if not self._info[id(h.entry)].ambiguous]
            for hit in hits:
                meta = self._info[id(hit.entry)]
                if _REPORTED.intersection(prev_words(doc, hit.nstart, 3)):
                    continue
                support = ""
                if meta.ambiguous:
                    if has_other(firm, hit) or out:
                        support = " alongside another threat"
                    elif abuse:
                        support = " alongside abusive language"
                    else:
                        continue
                subtype = meta.subtype or "threat"
                out.append(
                    self.finding_from_hit(
                        doc,
                        hit,
                        category=Category.HARASSMENT,
                        subtype=subtype,
                        confidence=_CONFIDENCE[hit.entry.severity] - (0.1 if support else 0.0),
                        explanation=(f"'{hit.text}' is {_KIND.get(subtype, 'a threat')}{support}."),
                    )
                )
        out.extend(abuse)
        return out[:MAX_FINDINGS]

    def _targeted_abuse(self, doc: Document) -> list[Finding]:
        hits = list(doc.hits(OFFENSIVE))
        if doc.masks:
            hits.extend(doc.masked_hits(OFFENSIVE))
        if not hits:
            return []
        hits = drop_allowed(doc, hits)
        out: list[Finding] = []
        for hit in hits:
            if len(out) >= MAX_FINDINGS:
                break
            meta = self._off_info[id(hit.entry)]
            if meta.subtype != "insult":
                continue
            if meta.ambiguous and not hit.masked and not insult_frame(doc, hit):
                continue
            target = _aimed_at(doc, hit)
            if not target:
                continue
            if target == "you" and _plural(hit):
                continue  # "ya useless bastards", "you knobheads": the council, not a person
            who = "the reader ('you')" if target == "you" else f"a person ('{target}')"
            out.append(
                self.finding_from_hit(
                    doc,
                    hit,
                    category=Category.HARASSMENT,
                    subtype="targeted_abuse",
                    confidence=0.7 if hit.entry.severity == Severity.MEDIUM else 0.75,
                    explanation=(
                        f"'{hit.text}' is an abusive insult aimed at {who}: targeted abuse."
                    ),
                    evidence={"target": target},
                )
            )
        return out


def _plural(hit: LexiconHit) -> bool:
    """Whether an insult is in the plural ("bastards", "numpties"): aimed at a group."""
    term = hit.entry.term
    return term.endswith("s") and not term.endswith(("ss", "us"))


_KIND = {
    "threat": "a threat of violence or harm",
    "intimidation": "intimidation",
    "incitement": "incitement against a person",
    "doxxing": "exposing where a person can be found (doxxing)",
    "targeted_abuse": "abuse aimed at a person",
}
