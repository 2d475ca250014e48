"""Loaded data every detector may use: lexicons, phrase patterns, council data, one automaton.

``Resources`` is built once per policy pack (the engine caches it) and is read-only afterwards,
so detectors and documents may share it across threads. It owns the single Aho-Corasick
automaton that holds every entry of every lexicon plus every pattern trigger word; a
``Document`` runs it once and hands each detector the hits for the lists it asks for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from socialguard.screening.errors import DataError, Problem
from socialguard.screening.lexicon import Lexicon, LexiconEntry, load_lexicon
from socialguard.screening.normalise import Vocabulary, fold_term
from socialguard.screening.patterns import PatternSet, boundary_fold, load_pattern_set

__all__ = [
    "GATE",
    "LOOKUP_ONLY",
    "UNGATED_PATTERN_SETS",
    "CouncilData",
    "Resources",
    "load_shared",
]

#: Pseudo-lexicon name under which pattern trigger words are stored in the automaton.
GATE = "@gate"

#: Lexicons used only as look-up sets by their detector (``term in lexicon``), never searched
#: for in text: keeping them out of the automaton saves thousands of useless hits.
LOOKUP_ONLY: frozenset[str] = frozenset({"pii_generic_mailboxes"})

#: Pattern sets whose trigger words stay OUT of the automaton: their reader tests them itself
#: (on ``Document.words``) and only when it needs to. The frames stage (``frames.py``) runs only
#: on texts with findings; its common trigger words ("you", "thanks") would otherwise open gates
#: on most texts and wake detectors that listen to any gate.
UNGATED_PATTERN_SETS: frozenset[str] = frozenset({"frames"})

# (lexicon name, entry (None for a gate), prefix?, key length, variant) — one automaton value
# item. The entry itself rather than its index: the per-text pass then needs no look-up per hit.
AutomatonItem = tuple[str, "LexiconEntry | None", bool, int, str]


@dataclass(frozen=True, slots=True)
class CouncilData:
    """Council-specific data from the pack (``pack.yaml`` ``contact:`` block).

    Detectors stay council-agnostic and read these as plain data:
    - ``email_domains``: the council's own mail domains (``*.gov.uk`` is always treated as
      council/public-sector too);
    - ``published_*``: the council's published contact details, which are never findings;
      phones as digit strings in national form (``01744676789``), e-mails lower case, postcodes
      upper case without spaces; ``phone_prefixes`` are the council's direct-dial ranges in the
      same digit form;
    - ``generic_mailbox_words``: extra local parts that are service mailboxes, not people.
    """

    name: str = ""
    email_domains: tuple[str, ...] = ()
    published_phones: frozenset[str] = frozenset()
    phone_prefixes: tuple[str, ...] = ()
    published_emails: frozenset[str] = frozenset()
    published_postcodes: frozenset[str] = frozenset()
    published_addresses: tuple[str, ...] = ()
    generic_mailbox_words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _MaskCandidate:
    lexicon: str
    index: int
    key: str
    prefix: bool


@dataclass(eq=False)
class Resources:
    """Lexicons (by name), pattern sets (by name), council data and the shared automaton.

    Build with ``Resources.build(...)`` (tests) or ``load_shared(...)`` / the pack loader.
    """

    lexicons: Mapping[str, Lexicon]
    patterns: Mapping[str, PatternSet]
    council: CouncilData = field(default_factory=CouncilData)
    automaton: Any = None
    #: lexicon name → first letter → single-word entries, in file order (for masked words).
    mask_index: Mapping[str, Mapping[str, tuple[_MaskCandidate, ...]]] = field(default_factory=dict)
    #: lexicon name → its entries.
    entries_by_lexicon: Mapping[str, tuple[LexiconEntry, ...]] = field(default_factory=dict)
    #: Single-word terms of the content lexicons, for normalisation (see ``Vocabulary``).
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    @classmethod
    def build(
        cls,
        lexicons: Iterable[Lexicon] = (),
        patterns: Iterable[PatternSet] = (),
        council: CouncilData | None = None,
    ) -> Resources:
        """Index the given data and build the automaton. Lexicons with the same name merge."""
        lex: dict[str, Lexicon] = {}
        for lexicon in lexicons:
            lex[lexicon.name] = (
                lex[lexicon.name].merged(lexicon) if lexicon.name in lex else lexicon
            )
        pats: dict[str, PatternSet] = {}
        for pattern_set in patterns:
            if pattern_set.name in pats:
                raise DataError(
                    [
                        Problem(
                            pattern_set.source,
                            None,
                            f"pattern set '{pattern_set.name}' is defined twice",
                            f"rename one of the files (other: {pats[pattern_set.name].source})",
                        )
                    ]
                )
            pats[pattern_set.name] = pattern_set
        automaton, mask_index = _build_automaton(lex, pats)
        entries = {name: lexicon.entries for name, lexicon in lex.items()}
        # Personal-data lists (first names, street words) are left out: they are not what
        # people spell out letter by letter.
        single = [
            cand
            for name, by_first in mask_index.items()
            if not name.startswith("pii_")
            for cands in by_first.values()
            for cand in cands
        ]
        vocabulary = Vocabulary(
            frozenset(c.key for c in single if not c.prefix),
            frozenset(c.key for c in single if c.prefix),
        )
        return cls(lex, pats, council or CouncilData(), automaton, mask_index, entries, vocabulary)

    def lexicon(self, name: str) -> Lexicon:
        """The lexicon called ``name``; ``KeyError`` naming the known lexicons if absent."""
        try:
            return self.lexicons[name]
        except KeyError:
            known = ", ".join(sorted(self.lexicons)) or "none"
            raise KeyError(f"no lexicon named {name!r} (loaded: {known})") from None

    def pattern_set(self, name: str) -> PatternSet:
        """The pattern set called ``name``; ``KeyError`` naming the known sets if absent."""
        try:
            return self.patterns[name]
        except KeyError:
            known = ", ".join(sorted(self.patterns)) or "none"
            raise KeyError(f"no pattern set named {name!r} (loaded: {known})") from None

    def entry(self, lexicon: str, index: int) -> LexiconEntry:
        """Entry ``index`` of ``lexicon`` (as stored in automaton values)."""
        return self.lexicons[lexicon].entries[index]


def _squeezed(key: str) -> str:
    """``key`` with doubled letters made single: the text side collapses stretched letters
    (``bolllocks`` → ``bolocks``), so the lexicon side needs this spelling too."""
    out: list[str] = []
    for ch in key:
        if out and out[-1] == ch and ch.isalpha():
            continue
        out.append(ch)
    return "".join(out)


def _build_automaton(
    lexicons: Mapping[str, Lexicon], patterns: Mapping[str, PatternSet]
) -> tuple[Any, dict[str, dict[str, tuple[_MaskCandidate, ...]]]]:
    values: dict[str, list[AutomatonItem]] = {}
    masks: dict[str, dict[str, list[_MaskCandidate]]] = {}

    def add(key_words: str, item: tuple[str, LexiconEntry | None, bool, str]) -> None:
        lexicon, entry, prefix, variant = item
        key = " " + key_words + ("" if prefix else " ")
        values.setdefault(key, []).append((lexicon, entry, prefix, len(key), variant))

    for name, lexicon in lexicons.items():
        if name in LOOKUP_ONLY:
            continue
        for index, entry in enumerate(lexicon.entries):
            words = " ".join(boundary_fold(fold_term(entry.term)).split())
            if not words:
                continue
            add(words, (name, entry, entry.prefix, ""))
            squeezed = _squeezed(words)
            if squeezed != words and len(squeezed.replace(" ", "")) >= 5:
                add(squeezed, (name, entry, entry.prefix, "squeezed"))
            if " " not in words:
                masks.setdefault(name, {}).setdefault(words[0], []).append(
                    _MaskCandidate(name, index, words, entry.prefix)
                )
    for pattern_set in patterns.values():
        if pattern_set.name in UNGATED_PATTERN_SETS:
            continue
        for pattern in pattern_set.patterns:
            for trigger in pattern.triggers:
                prefix = trigger.endswith("*")
                words = " ".join(boundary_fold(fold_term(trigger.rstrip("*"))).split())
                if words:
                    add(words, (GATE, None, prefix, pattern.key))
    automaton = ahocorasick.Automaton()
    for key, items in values.items():
        # Deduplicate: the same key can arrive from a term and another term's squeezed variant.
        # Items hold entries, which compare by value: de-duplicate on identity instead.
        unique = {(i[0], id(i[1]), i[2], i[3], i[4]): i for i in items}
        automaton.add_word(key, tuple(unique.values()))
    if values:
        automaton.make_automaton()
    mask_index = {
        name: {first: tuple(cands) for first, cands in by_first.items()}
        for name, by_first in masks.items()
    }
    return automaton, mask_index


def load_shared(shared_dir: Path, *, display_root: Path | None = None) -> Resources:
    """Load every lexicon (``lexicons/*.txt``) and pattern file (``patterns/*.yaml``) under
    ``shared_dir``; collect all problems before raising ``DataError``."""
    lexicons, pattern_sets = load_data_files(shared_dir, display_root=display_root)
    return Resources.build(lexicons, pattern_sets)


def load_data_files(
    directory: Path, *, display_root: Path | None = None
) -> tuple[list[Lexicon], list[PatternSet]]:
    """Load ``directory/lexicons/*.txt`` and ``directory/patterns/*.yaml`` (either may be absent),
    collecting every problem before raising one ``DataError``."""
    problems: list[Problem] = []
    lexicons: list[Lexicon] = []
    pattern_sets: list[PatternSet] = []

    def shown(path: Path) -> str:
        if display_root is not None:
            try:
                return str(path.relative_to(display_root))
            except ValueError:
                pass
        return str(path)

    for path in sorted((directory / "lexicons").glob("*.txt")):
        try:
            lexicons.append(load_lexicon(path, display=shown(path)))
        except DataError as exc:
            problems.extend(exc.problems)
    for path in sorted((directory / "patterns").glob("*.yaml")):
        try:
            pattern_sets.append(load_pattern_set(path, display=shown(path)))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return lexicons, pattern_sets
