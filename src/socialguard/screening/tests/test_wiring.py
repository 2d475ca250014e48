"""Engine wiring: rule findings win over the learned layer per category, degraded detectors show
up in ``packs validate``, public open gates, and the normalisation fixes (``¢`` inside words, a
lone "a"/"I" before spaced letters)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from socialguard.screening import engine as engine_module
from socialguard.screening.detectors.base import Detector
from socialguard.screening.detectors.learned import LearnedDetector
from socialguard.screening.document import Document
from socialguard.screening.engine import Engine
from socialguard.screening.model import Category, Finding, Severity
from socialguard.screening.normalise import normalise
from socialguard.screening.packs.loader import validate_pack

C = Category


class _Stub(Detector):
    """Reports fixed (category, start, end) findings on every text."""

    name = "test.stub"
    categories: ClassVar[frozenset[Category]] = frozenset(Category)
    spans: ClassVar[tuple[tuple[Category, int, int], ...]] = ()

    def detect(self, doc: Document) -> list[Finding]:
        return [
            self.finding(
                doc,
                category=c,
                subtype="stub",
                start=a,
                end=b,
                confidence=0.99,
                explanation="stub",
                severity=Severity.LOW,
            )
            for c, a, b in self.spans
        ]


class _Rule(_Stub):
    name = "test.rule"
    spans = ((C.COMPLAINT, 0, 4),)


class _Gap(_Stub):
    name = "test.gap"
    complements_rules = True
    # A whole-text complaint (would replace the rule's span if merged) and a service request.
    spans = ((C.COMPLAINT, 0, 20), (C.SERVICE_REQUEST, 0, 20))


def test_gap_filler_keeps_only_categories_no_rule_found(sh_engine: Engine) -> None:
    pack = sh_engine.pack
    engine = Engine(pack, detectors=[_Gap(pack.resources), _Rule(pack.resources)])
    found = engine.findings("this is twenty chars", context=None)
    assert [(f.category, f.detector, f.start, f.end) for f in found] == [
        (C.COMPLAINT, "test.rule@1", 0, 4),
        (C.SERVICE_REQUEST, "test.gap@1", 0, 20),
    ]


def test_learned_detector_is_a_gap_filler(sh_engine: Engine) -> None:
    learned = [d for d in sh_engine.detectors if isinstance(d, LearnedDetector)]
    assert learned and all(d.complements_rules for d in learned)
    doc = sh_engine.document("the bins have not been collected for three weeks, fix it")
    every = {f.category for f in learned[0].detect(doc)}
    assert every, "the model should fire on this text"
    assert learned[0].detect_missing(doc, frozenset(every)) == []


def test_learned_health_reports_a_missing_model(sh_engine: Engine, tmp_path: Path) -> None:
    broken = LearnedDetector(sh_engine.pack.resources, {"model": str(tmp_path / "absent.json")})
    [(message, hint)] = broken.health()
    assert "learned layer disabled" in message and "absent.json" in message
    assert "training" in hint
    shipped = next(d for d in sh_engine.detectors if isinstance(d, LearnedDetector))
    assert shipped.health() == []


def test_validate_reports_degraded_detectors(
    sh_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = LearnedDetector(sh_engine.pack.resources, {"model": str(tmp_path / "absent.json")})
    monkeypatch.setattr(engine_module, "build_detectors", lambda pack: (broken,))
    problems = validate_pack("st-helens-2018")
    assert len(problems) == 1
    assert problems[0].file.endswith("rules.yaml")
    assert "detector learned: learned layer disabled" in problems[0].message


@pytest.mark.parametrize(
    ("text", "gate_prefix"),
    [("I know where you live", "harassment."), ("thank you, lovely sunny day", None)],
)
def test_open_gates_is_public(sh_engine: Engine, text: str, gate_prefix: str | None) -> None:
    doc = sh_engine.document(text)
    assert isinstance(doc.open_gates, frozenset)
    if gate_prefix is None:
        assert doc.open_gates == frozenset()
    else:
        assert any(g.startswith(gate_prefix) for g in doc.open_gates)


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("¢unt", "cunt"),
        ("you ¢unts", "you cunts"),
        ("fa¢e", "face"),
        ("50¢ each", "50¢ each"),  # a price, not a letter
        ("£5 off", "£5 off"),  # never folded
        ("¢", "¢"),
    ],
)
def test_cent_sign_is_a_c_inside_words(text: str, norm: str) -> None:
    assert normalise(text).text == norm


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("get a f u c k i n g grip", "get a fucking grip"),
        ("I f u c k i n g hate this", "i fucking hate this"),
        ("what a c u n t", "what a cunt"),
        ("i d i o t", "idiot"),  # the "i" belongs to the word
        ("a r s e", "arse"),  # so does the "a"
        ("s h i t", "shit"),
    ],
)
def test_spaced_letters_leave_a_lone_article(sh_engine: Engine, text: str, norm: str) -> None:
    assert sh_engine.document(text).norm == norm


def test_spaced_letter_split_needs_a_vocabulary() -> None:
    # Without lexicons there is no way to tell, so the letters are joined as before.
    assert normalise("get a f u c k i n g grip").text == "get afucking grip"
