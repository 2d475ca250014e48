"""``Detector.triggers`` is a promise: a detector the engine skips would have found nothing.

The engine never calls a rule detector whose triggers are absent from a document
(``engine._Gating``). These tests call every skipped detector anyway and require ``[]``, over
tricky texts written here and over every text of the project's corpus (read only to check this
promise, in all three contexts), so a detector edited to look at something new fails here
until its ``triggers`` declaration says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from socialguard.screening.detectors.base import Detector, Triggers
from socialguard.screening.engine import Engine, _Gating
from socialguard.screening.model import Category, Context, Finding

ROOT = Path(__file__).resolve().parents[4]
CORPUS = [ROOT / "corpus" / "train.jsonl", ROOT / "corpus" / "test.jsonl"]

TRICKY = [
    "",
    "   ",
    "thanks",
    "f***ing useless c**t",
    "you're a 🐷 and a 🤡",
    "call me on 07700 900123 or email jo.bloggs@gmail.com",
    "jo dot bloggs at gmail dot com",
    "My DOB is 01/02/1980, NHS no 943 476 5919, NI AB123456C",
    "Karen Smith lives on Moss Bank Road in Rainford",
    "I'm a journalist at the Echo, deadline 5pm, can the council comment?",
    "Vote Labour on Thursday! #VoteLabour",
    "The pothole on Church Street still hasn't been fixed, 3rd time reporting it.",
    "Cllr Jones is a thief and stole from the pension fund",
    "I want to kill myself",
    "Confidential: leaked minutes from the closed session",
    "Speaking on behalf of the council, we apologise.",
    "ｆｕｃｋ ｏｆｆ",
    "sh1t b@stard",
    "Mrs Patel from Thatto Heath has dementia",
    "Ref 1234567 is my case number, flat 4",
]


def _texts() -> Iterator[tuple[str, str]]:
    for text in TRICKY:
        yield "st-helens-2018", text
        yield "east-lothian-2011", text
    for path in CORPUS:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    yield row["policy"], row["text"]


def _rules(engine: Engine) -> list[Detector]:
    return [d for d in engine.detectors if not d.complements_rules]


@pytest.mark.parametrize("policy", ["st-helens-2018", "east-lothian-2011"])
def test_skipped_detectors_find_nothing(policy: str, sh_engine: Engine, el_engine: Engine) -> None:
    engine = sh_engine if policy == "st-helens-2018" else el_engine
    rules = _rules(engine)
    gating = _Gating(rules, engine.pack.resources)
    skipped = 0
    wrong: list[str] = []
    for text_policy, text in _texts():
        if text_policy != policy:
            continue
        for context in (*Context, None):
            doc = engine.document(text)
            doc.context = context
            mask = gating.mask(doc, context)
            for i, det in enumerate(rules):
                if mask >> i & 1:
                    continue
                skipped += 1
                found = det.detect(doc)
                if found:
                    wrong.append(f"{det.name} skipped but finds {found[0].subtype!r} in {text!r}")
    assert not wrong, "\n".join(wrong[:20])
    assert skipped > 0


class _Probe(Detector):
    name = "test.probe"
    version = 1
    categories = frozenset({Category.COMPLAINT})

    def detect(self, doc: object) -> list[Finding]:
        return []


class _Gated(_Probe):
    spec = Triggers()

    def triggers(self) -> Triggers:
        return self.spec


def _mask(engine: Engine, spec: Triggers | None, text: str, context: Context | None) -> bool:
    det: Detector = _Probe(engine.pack.resources) if spec is None else _Gated(engine.pack.resources)
    if spec is not None:
        det.spec = spec  # type: ignore[attr-defined]
    gating = _Gating([det], engine.pack.resources)
    doc = engine.document(text)
    doc.context = context
    return bool(gating.mask(doc, context))


def test_trigger_semantics(sh_engine: Engine) -> None:
    inbound = Context.INBOUND
    # No declaration (third-party plug-ins): always called.
    assert _mask(sh_engine, None, "hello", inbound)
    # Requirements only.
    assert _mask(sh_engine, Triggers(min_digits=2), "call 12", inbound)
    assert not _mask(sh_engine, Triggers(min_digits=3), "call 12", inbound)
    assert not _mask(sh_engine, Triggers(contexts=("inbound",)), "x", Context.BUSINESS)
    assert _mask(sh_engine, Triggers(contexts=(None,)), "x", None)
    # Cues.
    assert _mask(sh_engine, Triggers(at=True), "me@x.com", inbound)
    assert not _mask(sh_engine, Triggers(at=True), "me at x", inbound)
    assert _mask(sh_engine, Triggers(words=("dot",)), "jo dot com", inbound)
    assert not _mask(sh_engine, Triggers(words=("dot",)), "dotty", inbound)
    assert _mask(sh_engine, Triggers(substrings=("🐷",)), "a 🐷", inbound)
    assert not _mask(sh_engine, Triggers(substrings=("🐷",)), "a pig", inbound)
    assert _mask(sh_engine, Triggers(masks=True), "f***", inbound)
    assert _mask(sh_engine, Triggers(lexicons=("offensive",)), "you bastard", inbound)
    assert not _mask(sh_engine, Triggers(lexicons=("offensive",)), "lovely day", inbound)
    # Cue AND requirement.
    assert not _mask(sh_engine, Triggers(at=True, min_digits=1), "me@x.com", inbound)
