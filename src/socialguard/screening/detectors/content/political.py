"""Political activity: party-political campaigning or content intended to affect support for a
party or candidate (product.md §3; SH 5.7). Neutral election information (polling hours,
registering to vote, postal vote deadlines, results) is not a finding.

Data: ``lexicons/political.txt`` (parties, campaign calls, canvassing, partisan wording, neutral
election words, hashtags) and ``patterns/political.yaml`` ("vote Labour", "re-elect Cllr Smith",
"#ToriesOut", "never vote Tory"). Party names that are ordinary words too (labour, reform,
green, conservative) count as parties only when capitalised in the original or next to a
campaign word.

FORMS the category takes in UK council social media:

1. Imperative calls: "Vote Labour", "vote them out", "don't let the Tories back in", "give Greens
   your first preference", "SNP all the way", "pick a side", "Reform on the ballot, use it!".
2. Calls for a named candidate: "vote for Dave Houghton (Independent)", "Support Sarah Ellison for
   Newton ward", "re-elect Cllr Smith", "there's more to come if she's re-elected".
3. Canvassing and campaign work: "out canvassing", "chapping doors for the SNP", "knocked 200
   doors for Cllr Small", "leaflet drop", "volunteers needed for the campaign", "campaign launch".
4. Partisan praise or attack (a party + evaluation): "Labour delivers", "Scottish Labour have
   given up on Tranent", "only the SNP fights for us", "Lib Dems would never have let this
   happen", "Tranent deserves a Tory councillor", "East Lothian needs a Green councillor".
5. Indirect / coded: "you know who I mean 🔴", "the party that built the new school might deserve
   your vote 😉", "remember that at the ballot box", "remember who closed the baths", sarcasm
   ("voting Tory is like turkeys voting for Christmas"), hashtags (#GTTO, #VoteSNP), colours
   ("vote blue", "blue wave").
6. Official (business) posts must be neutral, so there party-political credit is enough: "thanks
   to our Labour councillors", "a great achievement for the SNP group", "Labour values in
   action", "Cllr Morris (Lab)" + praise, publicising a candidate's re-election ("seeking
   re-election", "re-election pledge") in the pre-election period.

Not findings: polling hours, registration, postal votes, results ("Cllr Hartley (Labour) elected
with 1,214 votes"), councillors named in office ("Cllr Baines, Leader of the Council, opened
..."), "whoever you vote for, just vote", reporting what groups did at a meeting.
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
    next_words,
    roles_present,
    run_patterns,
    same_sentence,
    triggers_for,
    words_between,
)
from socialguard.screening.document import Document
from socialguard.screening.model import Category, Finding, Severity

__all__ = ["PoliticalActivityDetector"]

LEXICON = "political"
PATTERNS = "political"
_THRESHOLD = 0.75
# A partisan or campaign cue this close to a party, in the same sentence, is about that party
# ("Labour have ruined ...", "... and the Tories are clueless"): worth this much more.
_NEAR_WORDS = 8
_NEAR_BONUS = 0.15
_ANCHORS = frozenset({"party", "hashtag", "canvass"})
# Words after "Labour", "Green", "Reform" ... that show the ordinary sense ("Green bin",
# "Labour shortage", "Reform of the service").
_COMMON_NEXT = frozenset(
    {
        "shortage", "shortages", "costs", "cost", "market", "bin", "bins", "space", "spaces",
        "belt", "of", "light", "lights", "waste", "flag", "day", "ward", "wards", "lane", "road",
        "street", "park", "energy", "fingers", "thumbs", "camp", "and", "card", "week", "party",
        "pains", "force", "laws", "law", "relations", "tory",
    }
)  # fmt: skip


class PoliticalActivityDetector(Detector):
    """Campaign calls, hashtags and canvassing; party + campaign or partisan wording in a sentence.

    Contract: a party mention alone is never a finding; scores add the strongest campaign or
    partisan cue to the party evidence, and neutral election wording in the same sentence
    lowers them.
    """

    name = "content.political_activity"
    version = 1
    categories = frozenset({Category.POLITICAL_ACTIVITY})
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
        out: list[Finding] = [
            self.finding_from_pattern(m, explanation=f"'{m.text}': {m.pattern.description}")
            for m in run_patterns(doc, self._patterns)
        ]
        hits = doc.hits(LEXICON)
        if not hits or not roles_present(hits, self._info) & _ANCHORS:
            return out  # campaign words without any party, hashtag or canvassing say nothing
        cues = cues_by_role(hits, self._info)
        official = context_of(doc) == "business"
        out.extend(
            self.finding_from_hit(
                doc,
                cue.hit,
                category=Category.POLITICAL_ACTIVITY,
                subtype="campaign_hashtag",
                confidence=0.85,
                explanation=f"'{cue.hit.text}' is a party campaign hashtag.",
            )
            for cue in cues.get("hashtag", ())[:MAX_FINDINGS]
        )
        campaign = cues.get("campaign", [])
        ends = {c.hit.nend for c in campaign}
        starts = {c.hit.nstart for c in campaign}
        named = [c for c in cues.get("party", ()) if c.info.attrs.get("generic") != "yes"]
        generic = [c for c in cues.get("party", ()) if c.info.attrs.get("generic") == "yes"]
        parties = [c for c in named if self._is_party(doc, c, ends, starts)]
        neutral = bool(cues.get("neutral"))
        # Posts are short: a party named anywhere and a campaign call anywhere go together
        # ("Labour have run this town for 50 years. Vote them out").
        calls = [*campaign, *cues.get("partisan", ())]
        best = max(calls, key=lambda c: c.weight) if calls else None
        for cue in cues.get("canvass", ())[:MAX_FINDINGS]:
            score = cue.weight + (0.3 if parties else 0.0) - (0.3 if neutral else 0.0)
            if official and parties:
                score += 0.1  # an official account must not publicise a party's campaign
            if score >= _THRESHOLD:
                out.append(self._finding(doc, "canvassing", [cue, *parties[:1]], score))
        if parties and best is not None:
            top = best
            party = min(parties, key=lambda p: abs(p.hit.nstart - top.hit.nstart))
            score = 0.4 + best.weight - (0.3 if neutral else 0.0)
            near = self._best_near(doc, parties, calls)
            if near is not None and near[0] + _NEAR_BONUS > top.weight:
                party, top = near[1], near[2]
                score = 0.4 + top.weight + _NEAR_BONUS - (0.3 if neutral else 0.0)
            if len(parties) > 1 and top.role == "partisan":
                score += 0.1  # contrasting parties ("unlike the Tory proposals")
            if official and top.weight >= 0.3:
                score += 0.15  # the council's own voice must not credit or attack a party
            if score >= _THRESHOLD:
                subtype = "campaigning" if top.role == "campaign" else "partisan_content"
                out.append(self._finding(doc, subtype, [party, top], score))
        elif generic and best is not None and best.role == "campaign" and not neutral:
            # "Imagine voting for a party whose councillors couldn't fix a pothole. Vote them out":
            # a strong call aimed at councillors, a candidate or "a party" with no party named.
            score = best.weight - 0.05
            if score >= _THRESHOLD:
                out.append(self._finding(doc, "campaigning", [generic[0], best], score))
        return out[:MAX_FINDINGS]

    @staticmethod
    def _best_near(
        doc: Document, parties: list[Cue], calls: list[Cue]
    ) -> tuple[float, Cue, Cue] | None:
        """The strongest call within ``_NEAR_WORDS`` words of a party, in the same sentence.
        Bounded: at most the first 20 parties and 40 calls are paired."""
        found: tuple[float, Cue, Cue] | None = None
        for call in calls[:40]:
            for party in parties[:20]:
                a, b = (party, call) if party.hit.nstart <= call.hit.nstart else (call, party)
                if words_between(doc, a.hit.nend, b.hit.nstart) > _NEAR_WORDS:
                    continue
                if not same_sentence(doc, party.hit.start, call.hit.start):
                    continue
                if found is None or call.weight > found[0]:
                    found = (call.weight, party, call)
        return found

    def _is_party(self, doc: Document, cue: Cue, ends: set[int], starts: set[int]) -> bool:
        if cue.info.attrs.get("ambiguous") != "yes":
            return True
        if cue.hit.text[:1].isupper():
            nxt = next_words(doc, cue.hit.nend, 1)
            if not (nxt and nxt[0] in _COMMON_NEXT):
                return True
        # "vote labour", "labour out": an ambiguous party word right next to a campaign word.
        s, e = cue.hit.nstart, cue.hit.nend
        return bool({s - 1, s, s + 1} & ends or {e - 1, e, e + 1} & starts)

    def _finding(self, doc: Document, subtype: str, parts: list[Cue], score: float) -> Finding:
        start = min(c.hit.start for c in parts)
        end = max(c.hit.end for c in parts)
        party = next((c.info.attrs.get("party") for c in parts if c.role == "party"), None)
        what = {
            "canvassing": "canvassing for a party",
            "campaigning": "a call to vote for or against a party",
            "partisan_content": "partisan praise or attack meant to affect support for a party",
        }[subtype]
        return self.finding(
            doc,
            category=Category.POLITICAL_ACTIVITY,
            subtype=subtype,
            start=start,
            end=end,
            confidence=min(0.55 + score / 4, 0.9),
            severity=Severity.MEDIUM,
            explanation=f"{fmt_terms(parts)}: {what}.",
            evidence={
                "party": party,
                "cues": [c.hit.entry.term for c in parts],
                "score": round(score, 2),
            },
        )
