"""Lexicon files: one entry per line, ``#`` comments, optional ``key=value`` attributes.

Format (``policy_packs/_shared/lexicons/<name>.txt``; the file stem is the lexicon name)::

    # comment lines and blank lines are ignored
    bellend | severity=medium
    paki | severity=high characteristic=race
    watch your back | severity=high note="veiled threat"
    wank* | severity=medium          # a trailing * matches any word that starts with the term

Contract:
- A term is matched as whole words against the NORMALISED text (see ``normalise.py``): case,
  accents, look-alike letters, leetspeak, spacing and stretched letters are all folded away, so
  ``F U C K`` and ``fuuuck`` match the entry ``fuck``. Punctuation inside a term is treated as a
  word break (``don't`` matches "don't" and "don t").
- ``term*`` (a trailing star) is a prefix entry: it matches any word beginning with the term.
- Attributes are ``key=value`` pairs separated by spaces; values may be double-quoted. Known keys
  are checked: ``severity`` (low|medium|high), ``characteristic`` (an Equality Act 2010
  characteristic), ``category`` (a finding category). Other lower-case keys are kept for the
  detector that reads the list.
- A line that does not parse, or a term listed twice in one file, is an error naming the line.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from socialguard.screening.errors import DataError, Problem
from socialguard.screening.model import Category, Characteristic, Severity

__all__ = ["Lexicon", "LexiconEntry", "load_lexicon", "parse_lexicon"]

# Parsed attribute values (a handful of distinct strings), shared by every entry. Filling them
# from several threads at once is harmless: each writes the same value.
_SEVERITIES: dict[str, Severity] = {}
_CHARACTERISTICS: dict[str, Characteristic] = {}

_KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
# Terms are words, digits, spaces and light punctuation; anything exotic is probably a typo
# (a stray "|" or "=") and is reported rather than silently matched.
_TERM_RE = re.compile(r"[^\s|=#][^|=#]*\Z")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One lexicon line.

    ``term`` is as written (without the trailing ``*``); ``prefix`` is true for ``term*`` entries;
    ``attrs`` holds the ``key=value`` pairs; ``line`` is the 1-based line number.
    """

    term: str
    prefix: bool
    attrs: Mapping[str, str]
    line: int
    lexicon: str = ""

    def get(self, key: str, default: str | None = None) -> str | None:
        """An attribute value, or ``default``."""
        return self.attrs.get(key, default)

    @property
    def severity(self) -> Severity:
        """The ``severity`` attribute; ``MEDIUM`` when absent."""
        value = self.attrs.get("severity")
        if not value:
            return Severity.MEDIUM
        # Read for every finding built from a hit: a dict hit instead of parsing each time.
        found = _SEVERITIES.get(value)
        if found is None:
            found = _SEVERITIES[value] = Severity.parse(value)
        return found

    @property
    def characteristic(self) -> Characteristic | None:
        """The ``characteristic`` attribute, if any."""
        value = self.attrs.get("characteristic")
        if not value:
            return None
        found = _CHARACTERISTICS.get(value)
        if found is None:
            found = _CHARACTERISTICS[value] = Characteristic(value)
        return found

    @property
    def category(self) -> Category | None:
        """The ``category`` attribute, if any."""
        value = self.attrs.get("category")
        return Category(value) if value else None

    @property
    def display(self) -> str:
        """The entry as a user would recognise it (with ``*`` for prefix entries)."""
        return self.term + ("*" if self.prefix else "")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A named, ordered list of entries loaded from one file (or built in a test)."""

    name: str
    entries: tuple[LexiconEntry, ...]
    source: str = ""
    _by_term: Mapping[str, LexiconEntry] = field(default_factory=dict, compare=False, repr=False)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term.casefold() in self._by_term

    def entry(self, term: str) -> LexiconEntry | None:
        """The entry for ``term`` as written (case-insensitive), or ``None``."""
        return self._by_term.get(term.casefold())

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon with ``other``'s entries appended (a pack's local additions)."""
        return _make(self.name, (*self.entries, *other.entries), f"{self.source}+{other.source}")


def _make(name: str, entries: tuple[LexiconEntry, ...], source: str) -> Lexicon:
    by_term: dict[str, LexiconEntry] = {}
    for e in entries:
        by_term.setdefault(e.display.casefold(), e)
        by_term.setdefault(e.term.casefold(), e)
    return Lexicon(name=name, entries=entries, source=source, _by_term=by_term)


def _strip_comment(line: str) -> str:
    # A "#" starts a comment only at the start of a line or after whitespace, so a hashtag-like
    # term would need quoting; no current list needs one.
    if line.lstrip().startswith("#"):
        return ""
    match = re.search(r"\s#", line)
    return line[: match.start()] if match else line


def _check_attr(key: str, value: str) -> str | None:
    """Return an error message for a known key with a bad value, else ``None``."""
    if key == "severity":
        try:
            Severity.parse(value)
        except ValueError as exc:
            return str(exc)
    elif key == "characteristic":
        if value not in {c.value for c in Characteristic}:
            names = ", ".join(c.value for c in Characteristic)
            return f"unknown characteristic {value!r} (use one of: {names})"
    elif key == "category" and value not in {c.value for c in Category}:
        return f"unknown category {value!r}"
    return None


def parse_lexicon(text: str, *, name: str, source: str = "<string>") -> Lexicon:
    """Parse lexicon text; raise ``DataError`` listing every bad line (file:line + hint)."""
    entries: list[LexiconEntry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        term_part, bar, attr_part = line.partition("|")
        term = " ".join(term_part.split())
        if not term or not _TERM_RE.match(term):
            problems.append(
                Problem(
                    source,
                    lineno,
                    f"cannot read the term in {raw.strip()!r}",
                    "write the word or phrase, then optionally ' | key=value ...'",
                )
            )
            continue
        prefix = term.endswith("*")
        if prefix:
            term = term[:-1].rstrip()
        if "*" in term or not term:
            problems.append(
                Problem(
                    source,
                    lineno,
                    f"'*' may only end a term: {raw.strip()!r}",
                    "use 'word*' to match every word starting with 'word'",
                )
            )
            continue
        attrs: dict[str, str] = {}
        if bar:
            try:
                tokens = shlex.split(attr_part)
            except ValueError as exc:
                problems.append(
                    Problem(source, lineno, f"cannot read the attributes: {exc}", "close quotes")
                )
                continue
            bad = False
            for token in tokens:
                key, eq, value = token.partition("=")
                if not eq or not _KEY_RE.match(key) or not value:
                    problems.append(
                        Problem(
                            source,
                            lineno,
                            f"attribute {token!r} is not key=value",
                            "attributes look like 'severity=high characteristic=race'",
                        )
                    )
                    bad = True
                    break
                message = _check_attr(key, value)
                if message:
                    problems.append(Problem(source, lineno, message, ""))
                    bad = True
                    break
                attrs[key] = value
            if bad:
                continue
        key = term.casefold() + ("*" if prefix else "")
        if key in seen:
            problems.append(
                Problem(
                    source,
                    lineno,
                    f"duplicate entry {term!r} (first on line {seen[key]})",
                    "delete one of the two lines",
                )
            )
            continue
        seen[key] = lineno
        entries.append(LexiconEntry(term, prefix, attrs, lineno, name))
    if problems:
        raise DataError(problems)
    return _make(name, tuple(entries), source)


def load_lexicon(path: Path, *, display: str | None = None) -> Lexicon:
    """Load ``path``; the lexicon name is the file stem. ``display`` names the file in errors."""
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError([Problem(source, None, "file is not UTF-8", "save it as UTF-8")]) from None
    return parse_lexicon(text, name=path.stem, source=source)
