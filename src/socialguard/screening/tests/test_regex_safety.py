# mypy: disable-error-code="misc"
"""ReDoS audit: every compiled regex the engine uses, timed on inputs built from its own shape.

Regexes come from the content detectors' module globals (``re.Pattern`` objects, also inside
tuples, lists and dicts) and from every pattern of every pattern set of every pack. For each,
``regex_adversary.adversarial_inputs`` builds inputs from the regex's words, loops and near-miss
prefixes, and ``finditer`` is timed at growing sizes up to 20 kB (CPU time, collector out of the
timed call). A regex fails when 20 kB takes more than 50 ms, or when its time grows
super-linearly: only the cases that look slow on the quick pass are re-timed with
``timing.best_growth_ratio`` (n against 4n, best of 3, up to three rounds), so the whole audit
takes a few seconds.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
from collections.abc import Iterator
from functools import cache

import pytest

import socialguard.screening.detectors.content as content_pkg
from socialguard.screening.engine import get_engine
from socialguard.screening.packs.loader import list_packs
from socialguard.screening.tests.regex_adversary import (
    adversarial_inputs,
    finditer_seconds,
    probe,
)
from socialguard.screening.tests.timing import LIMIT, best_growth_ratio

#: 20 kB must take less than this (CPU seconds) for every adversarial input.
MAX_SECONDS_20K = 0.05
#: Quick-pass time at 20 kB above which an input is re-timed for growth (linear regexes take a
#: fraction of a millisecond; a quadratic one takes far more than this at 20 kB).
SUSPECT_SECONDS_20K = 0.004

#: Regexes that are super-linear on long input but only ever run on a short, bounded window, so
#: they cannot be driven by text length. Each entry says where the bound is; keep it true.
BOUNDED_USE = {
    # defamation._presupposed: searched only in the 160 characters before a cue.
    "defamation._WH_START",
    # harassment: .match(doc.norm, end, end + 30), anchored, at most 30 characters.
    "harassment._TITLED_NORM",
}


def _walk(obj: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(obj, re.Pattern):
        if isinstance(obj.pattern, str):
            yield obj
        return
    if depth > 3:
        return
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _walk(key, depth + 1)
            yield from _walk(value, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for value in obj:
            yield from _walk(value, depth + 1)


@cache
def engine_regexes() -> dict[str, re.Pattern[str]]:
    """``{name: regex}`` for every distinct compiled regex (pattern text and flags)."""
    found: dict[str, re.Pattern[str]] = {}
    seen: set[tuple[str, int]] = set()

    def add(name: str, regex: re.Pattern[str]) -> None:
        key = (regex.pattern, regex.flags)
        if key not in seen:
            seen.add(key)
            found[name] = regex

    for info in sorted(pkgutil.iter_modules(content_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{content_pkg.__name__}.{info.name}")
        for attr, value in sorted(vars(module).items()):
            for index, regex in enumerate(_walk(value)):
                add(f"{info.name}.{attr}" + (f"[{index}]" if index else ""), regex)
    for pack in list_packs():
        resources = get_engine(pack).pack.resources
        for set_name, pattern_set in sorted(resources.patterns.items()):
            for pattern in pattern_set:
                add(f"patterns:{set_name}.{pattern.id}", pattern.regex)
    return found


def test_collects_detector_and_pattern_regexes() -> None:
    names = engine_regexes()
    assert sum(1 for n in names if n.startswith("patterns:")) > 100
    assert sum(1 for n in names if not n.startswith("patterns:")) > 50


def slow_inputs(regex: re.Pattern[str]) -> list[str]:
    """Problems of one regex: adversarial inputs that are slow at 20 kB or grow super-linearly."""
    problems: list[str] = []
    for label, make in adversarial_inputs(regex).items():
        result = probe(regex, make)
        large = result.seconds[-1]
        if result.sizes[-1] < 20_000:  # stopped early: already far too slow
            problems.append(f"{label}: {large * 1000:.0f} ms at {result.sizes[-1]} chars")
            continue
        if large <= SUSPECT_SECONDS_20K:
            continue
        # Slow-looking: re-time carefully (best of 3, sizes grown past timer noise, 3 rounds).
        ratio = best_growth_ratio(lambda n, m=make: finditer_seconds(regex, m(n)), 5_000)
        best = min(finditer_seconds(regex, make(20_000)) for _ in range(3))
        if ratio >= LIMIT or best > MAX_SECONDS_20K:
            problems.append(f"{label}: {best * 1000:.1f} ms at 20 kB, 4x input -> {ratio:.1f}x")
    return problems


def test_no_regex_backtracks_catastrophically() -> None:
    regexes = engine_regexes()
    # Freeze the (large) heap of loaded packs so the per-call collections stay cheap.
    gc.collect()
    gc.freeze()
    try:
        failures = {
            name: problems
            for name, regex in regexes.items()
            if name not in BOUNDED_USE and (problems := slow_inputs(regex))
        }
    finally:
        gc.unfreeze()
    report = "\n".join(
        f"{name} /{engine_regexes()[name].pattern}/\n    " + "\n    ".join(problems)
        for name, problems in failures.items()
    )
    assert not failures, f"{len(failures)} regexes are super-linear or slow:\n{report}"


@pytest.mark.parametrize(
    ("regex", "slow"),
    [
        (re.compile(r"\b(?:\w+ )*done\b"), True),
        (re.compile(r"(?:a|aa)+$"), True),
        (re.compile(r"\bknow where (?:you|u) live\b"), False),
        (re.compile(r"\b(?:\w+ ){0,3}done\b"), False),
    ],
)
def test_audit_catches_known_shapes(regex: re.Pattern[str], slow: bool) -> None:
    assert bool(slow_inputs(regex)) is slow


def test_pii_sentence_ends_are_linear_on_runs_of_dots() -> None:
    from socialguard.screening.detectors.pii.common import _SENTENCE_END

    ratio = best_growth_ratio(lambda n: finditer_seconds(_SENTENCE_END, "." * n + "x"), 5_000)
    assert ratio < LIMIT
