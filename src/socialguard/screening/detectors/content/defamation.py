"""Defamation risk: an allegation of crime, dishonesty, corruption, abuse or misconduct stated as
fact about an identifiable person or organisation (product.md §3).

Three things in one sentence (``lexicons/defamation.txt``):

- a target: a role or organisation word ("Cllr", "the planning officer", "the contractor", "Ltd")
  or a name found in the original text ("Cllr Jane Smith", "Mr Jones", "Smith's Builders");
- an allegation: a person label ("thief", "paedo", "corrupt") joined to the target by "is/are/was
  a ..." or used as its adjective ("bent councillor"), or a deed ("took backhanders", "fiddling
  the books") with the target as subject or anywhere in the sentence for unmistakable deeds;
- no hedge: "alleged", "there are claims", "I'm not saying", a question, or a court report
  ("was convicted at Liverpool Crown Court") makes it something other than a bare assertion.

This can only ever be a *risk*: the detector cannot know whether the allegation is true.
"""

from __future__ import annotations

import re
from typing import ClassVar

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.detectors.content._common import (
    MAX_FINDINGS,
    Cue,
    EntryInfo,
    SpanIndex,
    build_info,
    cues_by_role,
    is_question,
    sentence_id,
    triggers_for,
)
from socialguard.screening.detectors.content.offensive import quoted
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["DefamationRiskDetector", "name_spans"]

LEXICON = "defamation"

# Titles and company shapes in the ORIGINAL text: evidence that a specific person or business is
# meant. Case matters here (names are capitalised), so these run on doc.text, not doc.norm.
_TITLED = re.compile(
    r"\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Provost|Bailie|Rev|Reverend|PC|DC|Sgt)"
    r"\.?\s+[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)?"
)
_COMPANY = re.compile(
    r"\b[A-Z][\w&'’]*(?:\s+[A-Z&][\w&'’]*){0,3}\s+(?:Ltd|Limited|PLC|plc|LLP|Builders|Construction"
    r"|Contractors|Developments|Homes|Properties|Lettings|Estates|Roofing|Plumbing|Motors|Garage"
    r"|Services|Group|Housing|Landscaping|Waste|Skips|Haulage|Paving|Driveways|Factoring|Scaffolding"
    r"|Scaff|Hoist|Uplift|Cars|Taxis|Removals|Electrical|Joinery|Builders' Merchants|& Sons"
    r"|and Sons)\b"
)
_FULL_NAME = re.compile(r"\b[A-Z][a-z]{1,15}\s+(?:Mc|Mac|O')?[A-Z][a-z]{2,20}\b")
# Capitalised words that start a two-word "name" which is really a place, body or event.
_NOT_NAMES = frozenset(
    {
        "St", "East", "West", "North", "South", "Town", "City", "County", "Council", "The", "This",
        "That", "Our", "Your", "My", "His", "Her", "Their", "New", "Old", "Great", "Little", "High",
        "Lower", "Upper", "Royal", "National", "Liverpool", "Edinburgh", "Scottish", "British",
        "Labour", "Tory", "Conservative", "Green", "Reform", "Lib", "Liberal", "Local", "Social",
        "Customer", "Contact", "Planning", "Housing", "Street", "Road", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Christmas", "Easter", "Happy", "Good", "Thank", "Thanks", "Dear", "Hi", "Hello", "Well",
        "Just", "Why", "What", "When", "Where", "Who", "How", "If", "And", "But", "So", "Not",
        "All", "Any", "Some", "Every", "No", "Yes", "Please", "Is", "Are", "Was", "Has", "Have",
        "Can", "Could", "Would", "Should", "Will", "Do", "Does", "Did", "Its", "It", "He", "She",
        "They", "We", "You", "I", "Mr", "Mrs", "Ms", "Dr", "Cllr", "Councillor", "Haydock",
        "Newton", "Rainford", "Eccleston", "Thatto", "Sutton", "Parr", "Billinge", "Rainhill",
        "Clock", "Moss", "Windle", "Haddington", "Musselburgh", "Dunbar", "Tranent", "Prestonpans",
        "Gullane", "Cockenzie", "Port", "Longniddry", "Ormiston", "Wallyford", "Aberlady", "Echo",
        "Star", "Courier", "Evening", "BBC", "Radio", "Facebook", "Twitter", "Google", "Victoria",
        "John", "Brewery", "Muir", "Leisure", "Library", "Primary", "Secondary", "Academy",
        "School", "Church", "Hospital", "Park", "Centre", "Lane", "Avenue", "Drive", "Close",
    }
)  # fmt: skip
_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "you", "you're"})
# "you thieving bastard" to an unknown colleague is abuse, not an allegation about someone named.
_SECOND = frozenset({"you", "you're"})
_STREET = re.compile(
    r"\s(?:Street|St|Road|Rd|Lane|Avenue|Ave|Drive|Close|Way|Crescent|Place|Grove|Terrace"
    r"|Gardens|Park|View|Court|Square|Brae|Wynd|Loan|Hall|House|Centre|Library|School|Church)$"
)
_LINK = frozenset(
    {
        "is", "are", "was", "were", "s", "re", "a", "an", "the", "such", "total", "complete",
        "absolute", "known", "proper", "utter", "bunch", "of", "pack", "load", "nothing", "but",
        "just", "being", "been", "bloody", "fucking", "real", "right", "lying", "thieving",
        "corrupt", "bent", "big", "massive", "serial", "convicted", "and", "all", "basically",
        "clearly", "obviously", "definitely", "literally", "always", "has", "have", "had",
        "who", "that", "lot", "set", "gang", "pair", "his", "her", "their", "own", "mates",
        "fuckin", "fking", "fkn", "effing", "wee", "dirty", "greedy",
    }
)  # fmt: skip
# How far (normalised characters) a target may be from its allegation: about 8 words.
_REACH = 120
_CONFIDENCE = {Severity.HIGH: 0.8, Severity.MEDIUM: 0.72, Severity.LOW: 0.62}
_SUBTYPE_WORD = {
    "crime": "a crime",
    "dishonesty": "dishonesty",
    "corruption": "corruption",
    "abuse": "abuse",
    "misconduct": "misconduct",
}


def name_spans(doc: Document) -> list[tuple[int, int, str]]:
    """Original spans that look like a named person or business: ``(start, end, kind)``."""
    text = doc.text
    if doc.upper_count == 0:
        return []
    out = [(m.start(), m.end(), "titled name") for m in _TITLED.finditer(text)]
    out.extend((m.start(), m.end(), "business name") for m in _COMPANY.finditer(text))
    for m in _FULL_NAME.finditer(text):
        first = m.group().split()[0]
        if first in _NOT_NAMES or _STREET.search(m.group()):
            continue
        if any(a <= m.start() < b for a, b, _ in out):
            continue
        out.append((m.start(), m.end(), "name"))
    return out


class DefamationRiskDetector(Detector):
    """Target + allegation stated as fact, in one sentence, with no hedge.

    Contract: allegation words alone are never findings ("fraud is rising", "the thieves who
    stole the lead"); questions, hedged and court-reported sentences are skipped; a pronoun
    (he/she) counts as a target only for a direct label ("he's a thief") or an unmistakable deed.
    """

    name = "content.defamation_risk"
    version = 2
    categories = frozenset({Category.DEFAMATION_RISK})
    lexicons: ClassVar[tuple[str, ...]] = (LEXICON,)

    def setup(self) -> None:
        self._info: dict[int, EntryInfo] = build_info(self.resources.lexicon(LEXICON))
        # Target words ("the council", "cllr") are in half of all posts; nothing can be found
        # without an allegation, so that is checked first, before any cue is built.
        self._allegations = frozenset(k for k, v in self._info.items() if v.role == "allegation")

    def triggers(self) -> Triggers:
        return triggers_for(roles={LEXICON: ("allegation",)})

    def detect(self, doc: Document) -> list[Finding]:
        hits = doc.hits(LEXICON)
        if not hits:
            return []
        alleged = self._allegations
        if not any(id(h.entry) in alleged for h in hits):
            return []
        cues = cues_by_role(hits, self._info)
        allegations = cues.get("allegation")
        if not allegations:
            return []
        hedges = cues.get("hedge", [])
        if any(c.info.attrs.get("scope") == "text" for c in hedges):
            return []  # "someone on Facebook said ...", "allegedly": the whole post is hedged
        hedged = {sentence_id(doc, c.hit.start) for c in hedges}
        targets: list[tuple[int, int, int, int, str, str]] = [
            (c.hit.nstart, c.hit.nend, c.hit.start, c.hit.end, c.hit.entry.term, "role")
            for c in cues.get("target", ())
        ]
        for start, end, kind in name_spans(doc):
            nstart, nend = _to_norm(doc, start, end)
            targets.append((nstart, nend, start, end, doc.text[start:end], kind))
        if not targets:
            return []
        targets = _outermost(targets)
        index = SpanIndex((t[0], t[1]) for t in targets)
        out: list[Finding] = []
        done: set[int] = set()
        # Strongest allegation first, so "fiddling expenses" wins over "fiddling".
        ordered = sorted(
            allegations,
            key=lambda c: (-c.hit.entry.severity, -(c.hit.nend - c.hit.nstart), c.hit.nstart),
        )
        for cue in ordered:
            if len(out) >= MAX_FINDINGS:
                break
            sid = sentence_id(doc, cue.hit.start)
            if sid in hedged or sid in done or is_question(doc, cue.hit.start):
                continue
            if quoted(doc, cue.hit):
                continue  # 'folk keep saying the committee "stole" the grant'

            # Only targets within a few words matter (bounded work per allegation).
            near = (
                targets[i] for i in index.window(cue.hit.nstart - _REACH, cue.hit.nend + _REACH)
            )
            same = [t for t in near if sentence_id(doc, t[2]) == sid and not _overlaps(t, cue)]
            chosen = self._pick_target(doc, cue, same)
            if (
                chosen is None
                and sid > 0
                and not any(sentence_id(doc, t[2]) == sid for t in targets)
            ):
                # "The woman at the food bank keeps the best for herself. Stealing from the poor":
                # the allegation's sentence names nobody, so it is about the previous one's subject.
                earlier = [t for t in targets if sentence_id(doc, t[2]) == sid - 1]
                if earlier and cue.hit.entry.severity >= Severity.MEDIUM:
                    chosen = (earlier[0], "previous sentence")
            if chosen is None:
                continue
            done.add(sid)
            out.append(self._finding(doc, cue, chosen))
        return out

    def _pick_target(
        self, doc: Document, cue: Cue, targets: list[tuple[int, int, int, int, str, str]]
    ) -> tuple[tuple[int, int, int, int, str, str], str] | None:
        strong = cue.info.attrs.get("strength") == "strong"
        person = cue.info.attrs.get("person") == "yes"
        best: tuple[tuple[int, int, int, int, str, str], str] | None = None
        for t in sorted(targets, key=lambda t: abs(t[0] - cue.hit.nstart)):
            pronoun = t[4] in _PRONOUNS
            if t[1] <= cue.hit.nstart:  # target before the allegation
                between = doc.words[t[1] + 1 : cue.hit.nstart + 1].split()
                if person and len(between) <= 5 and all(w in _LINK for w in between):
                    return t, "labelled"
                if not pronoun and not person and len(between) <= 6:
                    return t, "subject"
                if strong and len(between) <= 8 and t[4] not in _SECOND:
                    best = best or (t, "subject")
            elif cue.hit.nend <= t[0]:  # allegation before the target
                between = doc.words[cue.hit.nend + 1 : t[0] + 1].split()
                if person and not pronoun and not between:
                    return t, "labelled"
                if strong and not pronoun and len(between) <= 6:
                    best = best or (t, "object")
        return best

    def _finding(
        self, doc: Document, cue: Cue, chosen: tuple[tuple[int, int, int, int, str, str], str]
    ) -> Finding:
        target, how = chosen
        _, _, tstart, tend, label, kind = target
        start = min(tstart, cue.hit.start)
        end = max(tend, cue.hit.end)
        subtype = cue.info.subtype or "misconduct"
        confidence = _CONFIDENCE[cue.hit.entry.severity]
        if label in _PRONOUNS:
            confidence -= 0.08
        elif kind in ("titled name", "business name", "name"):
            confidence += 0.05
        if label in ("the council", "this council", "council", "the cooncil"):
            confidence -= 0.1
        who = doc.text[tstart:tend]
        return self.finding(
            doc,
            category=Category.DEFAMATION_RISK,
            subtype=subtype,
            start=start,
            end=end,
            confidence=min(confidence, 0.9),
            severity=cue.hit.entry.severity,
            explanation=(
                f"'{doc.text[start:end]}' states as fact that '{who}' ({_KIND.get(kind, kind)}) "
                f"is involved in {_SUBTYPE_WORD.get(subtype, 'misconduct')} ('{cue.hit.text}'), "
                "with no 'alleged', question or court report to hedge it."
            ),
            evidence={
                "allegation": cue.hit.entry.term,
                "allegation_line": cue.hit.entry.line,
                "target": who,
                "target_kind": kind,
                "relation": how,
            },
        )


_KIND = {
    "role": "a role or organisation",
    "titled name": "a named person",
    "name": "a name",
    "business name": "a named business",
}


def _outermost(
    targets: list[tuple[int, int, int, int, str, str]],
) -> list[tuple[int, int, int, int, str, str]]:
    """Drop targets nested inside a longer one ("officer" inside "the planning officer")."""
    out: list[tuple[int, int, int, int, str, str]] = []
    reach = -1
    for t in sorted(targets, key=lambda t: (t[0], -t[1])):
        if t[1] <= reach:
            continue
        out.append(t)
        reach = max(reach, t[1])
    return out


def _overlaps(t: tuple[int, int, int, int, str, str], cue: Cue) -> bool:
    return not (t[1] <= cue.hit.nstart or cue.hit.nend <= t[0])


def _to_norm(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Approximate normalised offsets for an original span (exact when the map is identity)."""
    if doc.identity:
        return start, end
    # Rare path (the text had characters folded away): search the folded span text nearby.
    piece = doc.text[start:end].lower()
    pos = doc.norm.find(piece, max(0, start - 20))
    if pos == -1:
        pos = min(start, len(doc.norm))
    return pos, pos + len(piece)
