"""The content detectors run inside the engine with a real policy pack."""

from __future__ import annotations

import pytest

from socialguard.screening.engine import get_engine


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("you absolute bellend", {"offensive_language", "harassment"}),
        ("asylum seekers are vermin", {"discrimination"}),
        ("I want to end it all", {"safeguarding_concern"}),
        ("Missed bin again on Elm Road", {"service_request"}),
        ("Lovely sunset over the Forth tonight", set()),
    ],
)
@pytest.mark.parametrize("pack", ["st-helens-2018", "east-lothian-2011"])
def test_engine_runs_content_detectors(pack: str, text: str, expected: set[str]) -> None:
    result = get_engine(pack).screen(text, context="inbound")
    got = {c.value for c in result.categories}
    assert expected <= got
    if not expected:
        assert got == set()
    for finding in result.findings:
        if finding.category.value in expected:
            assert finding.clauses, "the engine attaches the pack's clauses"
