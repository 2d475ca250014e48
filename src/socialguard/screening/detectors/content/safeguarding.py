"""Safeguarding concern: a child or adult may be at risk of harm, abuse, neglect, exploitation,
self-harm or suicide (product.md §3). Tuned for HIGH RECALL: every finding goes to a human.

Data: ``lexicons/safeguarding.txt`` and ``patterns/safeguarding.yaml``.

Forms a concern takes in UK council posts, and the machinery that recognises each:

- direct first person ("I want to end it all", "he hits me"): a strong ``signal`` alone;
- indirect and euphemistic suicide talk ("don't see the point of being here", "they'd be better
  aff wi me no here", "tablets lined up", "tired of being alive", "going to the bridge"): slot
  patterns with ``attrs.role: signal`` (modal + act, comparative + absence, means + readiness);
- distress that only adds up ("whats the point ... im done ... my last post"): two distinct weak
  cues of one kind in a post reach ``_SUM_FLOOR`` (suicide talk sums only with itself);
- reported speech and things heard ("heard him threatening to kill her", "she'll hurt herself",
  "he told me if I leave he'll hurt the kids"): threat and violence patterns with a person slot;
- situations described, not named ("tied into her chair", "not seen the old man in a week, milk
  piling up", "out on his bike till midnight", "getting into cars with older men", "comes home
  with cash and two phones"): a ``harm`` cue plus someone who may be at risk in the same
  sentence (or, more weakly, the sentence before or after); a person named inside a pattern's
  slot counts; a child's age counts as a person: "he's 9", "she's fourteen", "Jayden (11)",
  "maybe 6 and 8", "Kayleigh's 14" (ages under 18 after an age frame);
- coercive control and exploitation of adults (checks her phone, takes his bank card, new
  "friends" moved in), sex-offender warnings ("is a nonce ... keep your kids away"), staff case
  disclosures ("child protection plan", "passed to children's services");
- Scots and Lancashire/Scouse turns (weans, bairns, feart, greetin, ma da, me mam's fella, nae
  coat) are lexicon entries like any other.

Not concerns: an awareness, training, helpline, weather-advice or fiction frame ("domestic abuse
awareness week", "check on older neighbours", "a film about ...") suppresses all but the
strongest first-person signals and keeps person pairing inside one sentence; a frame word the
writer acted on ("I rang the helpline") is not a frame; jokes and hyperbole at the council
("I'll jump off a cliff if they raise the council tax lol") count as a frame.
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    Cue,
    EntryInfo,
    PatternGroup,
    build_info,
    cues_by_role,
    fmt_terms,
    idle,
    open_gates,
    prev_words,
    sentence_id,
    triggers_for,
)
from socialguard.screening.document import Document, LexiconHit
from socialguard.screening.lexicon import LexiconEntry
from socialguard.screening.model import Category, Finding, Severity
from socialguard.screening.patterns import PhrasePattern

__all__ = ["SafeguardingDetector"]

LEXICON = "safeguarding"
PATTERNS = "safeguarding"
_KIND = {
    "suicide_self_harm": "suicide or self-harm",
    "domestic_abuse": "domestic abuse",
    "child_at_risk": "a child or adult at risk",
    "adult_at_risk": "an adult at risk",
    "abuse": "abuse",
    "neglect": "neglect",
    "exploitation": "exploitation or grooming",
}


class SafeguardingDetector(Detector):
    """Strong signals alone; harm + person nearby; weak cues of one kind add up; frames,
    jokes and hyperbole suppress weak signals."""

    name = "content.safeguarding_concern"
    version = 3
    categories = frozenset({Category.SAFEGUARDING_CONCERN})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON,)
    pattern_sets: ClassVar[tuple[str, ...]] = (PATTERNS,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        patterns = self.resources.pattern_set(PATTERNS)
        self._patterns = PatternGroup(patterns)
        self._standalone = PatternGroup(p for p in patterns if "role" not in p.attrs)
        self._cue_patterns: tuple[tuple[PhrasePattern, EntryInfo], ...] = tuple(
            (
                p,
                EntryInfo(
                    str(p.attrs["role"]),
                    float(p.attrs.get("weight", 0.5)),
                    p.subtype,
                    False,
                    {k: str(v) for k, v in p.attrs.items()},
                ),
            )
            for p in patterns
            if "role" in p.attrs
        )
        self._cue_keys = frozenset(p.key for p, _ in self._cue_patterns if p.triggers)
        self._cue_always = tuple(pi for pi in self._cue_patterns if not pi[0].triggers)

    def triggers(self) -> Triggers:
        return triggers_for((LEXICON,), self._patterns)

    def detect(self, doc: Document) -> list[Finding]:
        if idle(doc, (LEXICON,), self._patterns):
            return []
        hits = doc.hits(LEXICON)
        out: list[Finding] = []
        cues = cues_by_role(hits, self._info) if hits else {}
        for cue in self._pattern_cues(doc):
            cues.setdefault(cue.role, []).append(cue)
        # People words ("my son", "she") are everywhere; without a signal or harm word there is
        # nothing to pair them with.
        if not (cues.get("signal") or cues.get("harm")):
            cues = {"frame": cues["frame"]} if cues.get("frame") else {}
        if cues.get("frame"):
            _drop_own_actions(doc, cues)
        # A joke or a hyperbole aimed at the council ("I'll jump off a cliff if they raise the
        # council tax lol") is read like a campaign frame: only the strongest signals stand.
        standalone = self._standalone.run(doc)
        if not cues and not standalone:
            return out  # nothing to weigh: the joke check below is not needed
        norm = doc.norm
        joking = any(w in norm for w in _JOKE_HINTS) and bool(_JOKING.search(norm))
        framed = bool(cues.get("frame")) or joking
        for m in standalone:
            if framed and m.pattern.confidence < (0.9 if joking else 0.85):
                continue
            out.append(
                self.finding_from_pattern(m, explanation=f"'{m.text}': {m.pattern.description}")
            )
        if not cues:
            return out
        # A frame only cancels signals below this weight ("suicide" in "suicide prevention day"),
        # never a first-person statement like "I want to kill myself".
        floor = 0.95 if framed else 0.6
        used: set[int] = set()
        for cue in cues.get("signal", ()):
            if cue.weight >= floor:
                out.append(self._finding(doc, [cue], cue.weight))
                used.add(id(cue))
        weak = [c for c in cues.get("signal", ()) if c.weight < floor]
        pending = [*cues.get("harm", ()), *weak]
        if pending:
            cues.setdefault("person", []).extend(_minor_ages(doc))
        people = cues.get("person", [])
        if people:
            person_sentences: dict[int, list[Cue]] = {}
            for p in people:
                person_sentences.setdefault(sentence_id(doc, p.hit.start), []).append(p)
            for group in person_sentences.values():
                group.sort(key=lambda c: -c.weight)
            # Campaign and fiction frames tie a word to a person only inside one sentence.
            for cue in pending:
                sid = sentence_id(doc, cue.hit.start)
                nearby = ((sid, 1.0),) if framed else ((sid, 1.0), (sid - 1, 0.6), (sid + 1, 0.6))
                best: tuple[float, Cue] | None = None
                # The person may be named in the sentence before or after ("She's 14. Comes
                # back with money and new clothes."): weaker evidence than the same sentence.
                for near, scale in nearby:
                    person = next(
                        (
                            p
                            for p in person_sentences.get(near, ())[:8]
                            if not _overlap(p, cue) or _in_slot(p, cue)
                        ),
                        None,
                    )
                    if person is None:
                        continue
                    # Pronouns ("i", "she") are weaker evidence than "the kids next door".
                    bonus = (0.3 if person.weight >= 0.5 else 0.15) * scale
                    if best is None or bonus > best[0]:
                        best = (bonus, person)
                if best is None:
                    continue
                score = cue.weight + best[0] - (0.35 if framed else 0.0)
                if score >= 0.6 - _EPS:
                    out.append(self._finding(doc, [cue, best[1]], score))
                    used.add(id(cue))
        out.extend(self._accumulated(doc, [c for c in pending if id(c) not in used], framed))
        return out[:MAX_FINDINGS]

    def _accumulated(self, doc: Document, pending: list[Cue], framed: bool) -> list[Finding]:
        """Several weak signs of the same kind of risk in one post add up ("whats the point ...
        im done ... this is my last post"; "curtains shut ... milk on the step"): the two
        strongest distinct, non-overlapping cues of a kind summed must reach ``_SUM_FLOOR``."""
        if len(pending) < 2:
            return []
        by_kind: dict[str, list[Cue]] = {}
        for cue in pending:
            by_kind.setdefault(_family(cue.info.subtype), []).append(cue)
        out: list[Finding] = []
        for group in by_kind.values():
            group.sort(key=lambda c: -c.weight)
            first = group[0]
            second = next(
                (c for c in group[1:] if not _overlap(c, first) and _stem(c) != _stem(first)),
                None,
            )
            if second is None:
                continue
            score = first.weight + second.weight - (0.35 if framed else 0.0)
            if score >= _SUM_FLOOR - _EPS:
                out.append(self._finding(doc, [first, second], score - 0.3, pair="also"))
        return out

    def _pattern_cues(self, doc: Document) -> list[Cue]:
        """Cues from phrase patterns with a ``role`` attribute (slot shapes a word list cannot
        hold: "threatening to kill her", "not seen him in over a week")."""
        out: list[Cue] = []
        live = self._cue_keys & open_gates(doc)
        if not live and not self._cue_always:
            return out
        for pattern, info in self._cue_patterns:
            if pattern.triggers and pattern.key not in live:
                continue
            for m in pattern.regex.finditer(doc.norm):
                if m.end() <= m.start():
                    continue
                start, end = doc.to_original(m.start(), m.end())
                entry = LexiconEntry(
                    m.group(), False, {"role": info.role, "weight": str(info.weight)}, 0, LEXICON
                )
                hit = LexiconHit(
                    LEXICON, entry, m.start(), m.end(), start, end, doc.text[start:end]
                )
                out.append(Cue(hit, info))
                if len(out) >= MAX_FINDINGS:
                    return out
        return out

    def _finding(
        self, doc: Document, parts: list[Cue], score: float, pair: str = "about"
    ) -> Finding:
        signal = parts[0]
        start = min(c.hit.start for c in parts)
        end = max(c.hit.end for c in parts)
        subtype = signal.info.subtype or "child_at_risk"
        who = f" {pair} '{parts[1].hit.text}'" if len(parts) > 1 else ""
        return self.finding(
            doc,
            category=Category.SAFEGUARDING_CONCERN,
            subtype=subtype,
            start=start,
            end=end,
            confidence=min(0.5 + score / 2.5, 0.95),
            severity=Severity.HIGH,
            explanation=(
                f"{fmt_terms(parts[:1])}{who} may mean {_KIND.get(subtype, 'someone at risk')}: "
                "a person should look at this."
            ),
            evidence={"cues": [c.hit.entry.term for c in parts], "score": round(score, 2)},
        )


# Laughter, eye-rolls and "if they raise/put up/close ..." conditionals mark hyperbole.
_JOKING = re.compile(
    r"\b(?:lol|lmao|lmfao|rofl|haha\w*|jk|only joking|just joking)\b|\U0001f602|\U0001f923|"
    r"\bif (?:they|the council|the cooncil|you lot) (?:raise|put up|close|shut|cut|"
    r"bring in|charge|move)\b"
)


# Verbs that make a helpline or service word the writer's own action ("rang the helpline").
_REPORTED_ACTION = frozenset({"rang", "rung", "called", "phoned", "contacted", "rang the", "told"})

# Substrings that must occur before the joke regex is worth running (C-speed ``in`` tests).
_JOKE_HINTS = (
    "lol",
    "lmao",
    "lmfao",
    "rofl",
    "haha",
    "jk",
    "joking",
    "\U0001f602",
    "\U0001f923",
    "if ",
)


def _drop_own_actions(doc: Document, cues: dict[str, list[Cue]]) -> None:
    """Drop frames that are the writer's own action, not an advert ("rang the helpline",
    "called Childline")."""
    kept = [
        f for f in cues["frame"] if not _REPORTED_ACTION & set(prev_words(doc, f.hit.nstart, 2))
    ]
    if kept:
        cues["frame"] = kept
    else:
        del cues["frame"]


# Float sums such as 0.45 + 0.15 must reach 0.6.
_EPS = 1e-6

# Two weak cues of one kind that add up to this are a finding (see ``_accumulated``).
_SUM_FLOOR = 0.9


def _family(subtype: str) -> str:
    """Suicide/self-harm talk adds up only with itself; the other kinds of risk (neglect,
    abuse, exploitation, an adult at risk, domestic abuse) describe one situation together."""
    return "self" if subtype == "suicide_self_harm" else "other"


def _in_slot(person: Cue, cue: Cue) -> bool:
    """A person named inside a pattern's slot ("not seen [my elderly neighbour] in a week")
    is evidence for it; inside a lexicon phrase it is the same words counted twice."""
    return (
        cue.hit.entry.line == 0
        and person.hit.entry.line != 0
        and cue.hit.nstart <= person.hit.nstart
        and person.hit.nend <= cue.hit.nend
    )


def _stem(cue: Cue) -> str:
    """A crude stem so "abused" and "abuse" are one cue, not two that add up."""
    return cue.hit.entry.term[:5]


def _overlap(a: Cue, b: Cue) -> bool:
    return not (a.hit.nend <= b.hit.nstart or b.hit.nend <= a.hit.nstart)


# An age under 18 after a frame that makes it a person's age. Linear: no nested repeats.
# Digits after any age frame; number words ("she's fourteen") only after a pronoun or "aged",
# because "about two" and "only one" are everyday counts.
_NUM = r"(?:[1-9]|1[0-7])"
_WORD_NUM = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen)"
)
_NOT_AGE = (
    r"(?![.:,]?\d|\s?(?:%|pm|am|mins?\b|minutes|hours|days|weeks|months|years? ago|quid|pounds|"
    r"o'?clock|times|of (?:us|them|the)|people|folk|cars|houses|flats|bins))"
)
_MINOR_AGE = re.compile(
    r"\b(?:i'?m|i am|im|he'?s|she'?s|hes|shes|he is|she is|they'?re|theyre|they are|aged?|only|"
    r"maybe|about|more than|under|and|just|barely|no more than|(?!(?:it|that|there|what|here|"
    r"who|let|he|she)'s)[a-z]+'s)\s(?:just |only |barely )?"
    + _NUM
    + r"\b"
    + _NOT_AGE
    + r"|\((?:[1-9]|1[0-7])\)"
    r"|\b(?:i'?m|im|he'?s|she'?s|hes|shes|he is|she is|they'?re|aged?)\s(?:just |only )?"
    + _WORD_NUM
    + r"\b(?! of)"
)
_WORD_NUMS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
)  # fmt: skip
_AGE_ENTRY = LexiconEntry("age under 18", False, {"role": "person", "weight": "0.6"}, 0, LEXICON)
_AGE_INFO = EntryInfo("person", 0.6, "", False, {"role": "person", "weight": "0.6"})


def _minor_ages(doc: Document) -> list[Cue]:
    """Person cues for children's ages in the text (at most a handful: ages are short)."""
    out: list[Cue] = []
    norm = doc.norm
    if not doc.digit_count and not any(w in norm for w in _WORD_NUMS):
        return out
    for m in _MINOR_AGE.finditer(norm):
        start, end = doc.to_original(m.start(), m.end())
        hit = LexiconHit(LEXICON, _AGE_ENTRY, m.start(), m.end(), start, end, doc.text[start:end])
        out.append(Cue(hit, _AGE_INFO))
        if len(out) >= 8:
            break
    return out
