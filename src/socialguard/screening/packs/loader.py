"""Load, check and hash policy packs.

``load_pack("st-helens-2018")`` reads the pack's YAML with line numbers, validates it against
``schema.py``, runs the cross-file checks (clause ids exist, decisions valid for their context,
every category cited, detectors known), loads the shared and pack-local lexicons and patterns,
builds the shared ``Resources`` (one automaton) and computes the pack hash. Any problem raises
``DataError`` listing EVERY problem found, each as ``file:line: message (hint: fix)``.

Where packs live: ``$SOCIALGUARD_PACKS_DIR`` if set, else ``policy_packs/`` at the repository root
(found relative to this file), else ``./policy_packs``.

The pack hash is ``sha256:`` + SHA-256 over the pack's files and the shared files it uses, in a
canonical order (sorted relative paths; each contributes its path, a NUL and its content's
SHA-256). Any edit to any of them changes the hash, so a stored result names exactly the data
that produced it.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialguard.screening.errors import DataError, Problem
from socialguard.screening.lexicon import Lexicon
from socialguard.screening.model import CONTEXT_DECISIONS, Category, Context, Decision, Severity
from socialguard.screening.packs.schema import (
    Clause,
    ClausesFile,
    DecisionRule,
    PackFile,
    RulesFile,
    Section,
)
from socialguard.screening.patterns import PatternSet
from socialguard.screening.resources import CouncilData, Resources, load_data_files
from socialguard.screening.yamlio import LineDict, line_of, load_yaml, validate_as

__all__ = [
    "CompiledRule",
    "Pack",
    "clear_cache",
    "default_packs_dir",
    "list_packs",
    "load_pack",
    "pack_hash",
    "resolve_pack_dir",
    "validate_pack",
]

SHARED = "_shared"
GENERIC_MAILBOX_LEXICON = "pii_generic_mailboxes"


def default_packs_dir() -> Path:
    """The packs directory: ``$SOCIALGUARD_PACKS_DIR``, else the repo's ``policy_packs/``,
    else ``./policy_packs``."""
    env = os.environ.get("SOCIALGUARD_PACKS_DIR")
    if env:
        return Path(env)
    # src/socialguard/screening/packs/loader.py → the repository root is four levels up.
    repo = Path(__file__).resolve().parents[4] / "policy_packs"
    if repo.is_dir():
        return repo
    return Path.cwd() / "policy_packs"


def resolve_pack_dir(pack: str | Path, packs_dir: Path | None = None) -> Path:
    """A pack id (``st-helens-2018``) or a path to a pack directory → the directory."""
    path = Path(pack)
    if (path / "pack.yaml").is_file():
        return path
    base = packs_dir or default_packs_dir()
    candidate = base / str(pack)
    if (candidate / "pack.yaml").is_file():
        return candidate
    known = ", ".join(list_packs(base)) or "none"
    raise DataError(
        [
            Problem(
                str(candidate),
                None,
                f"no policy pack '{pack}'",
                f"packs in {base}: {known}",
            )
        ]
    )


def list_packs(packs_dir: Path | None = None) -> list[str]:
    """Pack ids (directories with a ``pack.yaml``, not starting with ``_``), sorted."""
    base = packs_dir or default_packs_dir()
    if not base.is_dir():
        return []
    return sorted(
        p.name for p in base.iterdir() if not p.name.startswith("_") and (p / "pack.yaml").is_file()
    )


def _data_files(directory: Path) -> list[Path]:
    # models/*.json: learned weights some detectors read; they change results, so they are hashed.
    return sorted(
        [
            *directory.glob("lexicons/*.txt"),
            *directory.glob("patterns/*.yaml"),
            *directory.glob("models/*.json"),
        ]
    )


def pack_files(pack_dir: Path) -> list[Path]:
    """Every file that goes into the pack's hash: its own YAML and data files, then the shared
    lexicons, patterns and model files."""
    own = [pack_dir / n for n in ("pack.yaml", "clauses.yaml", "rules.yaml")]
    return [p for p in own if p.is_file()] + _data_files(pack_dir) + _data_files(_shared(pack_dir))


def _shared(pack_dir: Path) -> Path:
    return pack_dir.parent / SHARED


def pack_hash(pack_dir: Path) -> str:
    """``sha256:<hex>`` over the pack's files in canonical order (see module docstring)."""
    root = pack_dir.parent
    digest = hashlib.sha256()
    for path in sorted(pack_files(pack_dir), key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).hexdigest().encode())
        digest.update(b"\n")
    return "sha256:" + digest.hexdigest()


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A decision rule ready to test findings against."""

    categories: frozenset[Category]
    subtypes: frozenset[str]
    min_severity: Severity
    min_confidence: float
    decision: Decision
    reason: str
    clauses: tuple[str, ...]

    def matches(self, category: Category, subtype: str, severity: Severity, conf: float) -> bool:
        """Whether one finding (given by its fields) satisfies the rule's ``when``."""
        return (
            (not self.categories or category in self.categories)
            and (not self.subtypes or subtype in self.subtypes)
            and severity >= self.min_severity
            and conf >= self.min_confidence
        )

    @classmethod
    def from_spec(cls, spec: DecisionRule) -> CompiledRule:
        """Compile a validated ``DecisionRule``."""
        return cls(
            categories=frozenset(spec.when.categories),
            subtypes=frozenset(spec.when.subtypes),
            min_severity=Severity.parse(spec.when.min_severity),
            min_confidence=spec.when.min_confidence,
            decision=spec.decision,
            reason=spec.reason,
            clauses=tuple(spec.clauses),
        )


@dataclass(frozen=True, eq=False)
class Pack:
    """A loaded, checked policy pack. Immutable; safe to share between threads."""

    meta: PackFile
    sections: Mapping[str, Section]
    clauses: Mapping[str, Clause]
    rules: RulesFile
    resources: Resources
    hash: str
    directory: Path
    tables: Mapping[Context, tuple[tuple[CompiledRule, ...], Decision]] = field(repr=False)
    _clause_map: Mapping[tuple[Category, str], tuple[str, ...]] = field(repr=False)

    @property
    def id(self) -> str:
        """The pack id, e.g. ``st-helens-2018``."""
        return self.meta.id

    @property
    def version(self) -> str:
        """The policy's version as printed (``policy_version`` in results)."""
        return self.meta.version

    def clauses_for(self, category: Category, subtype: str) -> tuple[str, ...]:
        """Clause ids cited by a finding of this category and subtype."""
        found = self._clause_map.get((category, subtype))
        if found is not None:
            return found
        return self._clause_map.get((category, ""), ())

    def min_confidence(self, category: Category) -> float:
        """Findings of ``category`` below this confidence are dropped for this pack."""
        rule = self.rules.categories.get(category)
        return rule.min_confidence if rule is not None else 0.0

    def decide(
        self,
        context: Context,
        findings: Iterable[tuple[Category, str, Severity, float]],
    ) -> tuple[Decision, str]:
        """The decision for ``context``: the first table rule that any finding satisfies, else the
        table's default. Returns the decision and a sentence saying why."""
        rules, default = self.tables[context]
        items = list(findings)
        for rule in rules:
            for category, subtype, severity, confidence in items:
                if rule.matches(category, subtype, severity, confidence):
                    return rule.decision, f"{rule.reason} ({category.value}/{subtype})"
        return default, "no finding matched a rule of the decision table"


# -- loading -------------------------------------------------------------------------------------


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _council_data(meta: PackFile, generic: Iterable[str]) -> CouncilData:
    contact = meta.contact

    def phone_digits(value: str) -> str:
        digits = "".join(c for c in value if c.isdigit())
        return "0" + digits[2:] if digits.startswith("44") else digits

    return CouncilData(
        name=meta.council,
        email_domains=tuple(d.lower().lstrip("@") for d in contact.email_domains),
        published_phones=frozenset(phone_digits(p) for p in contact.phones),
        phone_prefixes=tuple(phone_digits(p) for p in contact.phone_prefixes),
        published_emails=frozenset(e.lower() for e in contact.emails),
        published_postcodes=frozenset(p.upper().replace(" ", "") for p in contact.postcodes),
        published_addresses=tuple(contact.addresses),
        generic_mailbox_words=frozenset(
            [*(g.lower() for g in generic), *(g.lower() for g in contact.generic_mailboxes)]
        ),
    )


def _close(value: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def _check_clause_ids(
    ids: Sequence[str],
    known: Mapping[str, Clause],
    *,
    data: Any,
    loc: tuple[int | str, ...],
    source: str,
    what: str,
) -> list[Problem]:
    problems = []
    for i, clause_id in enumerate(ids):
        if clause_id not in known:
            problems.append(
                Problem(
                    source,
                    line_of(data, (*loc, i)),
                    f"{what} cites clause '{clause_id}', which is not in clauses.yaml",
                    _close(clause_id, known) + "use a clause id exactly as clauses.yaml numbers it",
                )
            )
    return problems


def _check_rules(
    rules: RulesFile,
    data: Any,
    *,
    source: str,
    pack_id: str,
    clauses: Mapping[str, Clause],
) -> list[Problem]:
    problems: list[Problem] = []
    if rules.pack != pack_id:
        problems.append(
            Problem(
                source,
                line_of(data, ("pack",)),
                f"pack: '{rules.pack}' does not match the pack id '{pack_id}'",
                f"write 'pack: {pack_id}'",
            )
        )
    missing = [c.value for c in Category if c not in rules.categories]
    if missing:
        problems.append(
            Problem(
                source,
                line_of(data, ("categories",)),
                "categories: no clauses given for " + ", ".join(missing),
                "every finding category must cite the clauses it enforces",
            )
        )
    cats = data.get("categories", {}) if isinstance(data, LineDict) else {}
    for category, rule in rules.categories.items():
        key: Any = category.value if category.value in cats else category
        problems += _check_clause_ids(
            rule.clauses,
            clauses,
            data=data,
            loc=("categories", key, "clauses"),
            source=source,
            what=f"categories.{category.value}",
        )
        for subtype, sub in rule.subtypes.items():
            problems += _check_clause_ids(
                sub.clauses,
                clauses,
                data=data,
                loc=("categories", key, "subtypes", subtype, "clauses"),
                source=source,
                what=f"categories.{category.value}.subtypes.{subtype}",
            )
    missing_ctx = [c.value for c in Context if c not in rules.decisions]
    if missing_ctx:
        problems.append(
            Problem(
                source,
                line_of(data, ("decisions",)),
                "decisions: no decision table for " + ", ".join(missing_ctx),
                "add a table (rules + default) for every context: inbound, business, personal",
            )
        )
    for context, table in rules.decisions.items():
        allowed = CONTEXT_DECISIONS[context]
        names = ", ".join(d.value for d in allowed)
        for i, row in enumerate(table.rules):
            loc: tuple[int | str, ...] = ("decisions", context.value, "rules", i)
            if row.decision not in allowed:
                problems.append(
                    Problem(
                        source,
                        line_of(data, (*loc, "decision")),
                        f"decisions.{context.value}: '{row.decision.value}' is not a decision "
                        f"for the {context.value} context",
                        f"use one of {names}",
                    )
                )
            problems += _check_clause_ids(
                row.clauses,
                clauses,
                data=data,
                loc=(*loc, "clauses"),
                source=source,
                what=f"decisions.{context.value} rule {i + 1}",
            )
        if table.default not in allowed:
            problems.append(
                Problem(
                    source,
                    line_of(data, ("decisions", context.value, "default")),
                    f"decisions.{context.value}: default '{table.default.value}' is not a "
                    f"decision for the {context.value} context",
                    f"use one of {names}",
                )
            )
    return problems


def _check_detectors(rules: RulesFile, data: Any, *, source: str) -> list[Problem]:
    from socialguard.screening.registry import available

    try:
        known = available()
    except Exception as exc:
        return [Problem(source, None, f"cannot list detectors: {exc}", "fix the detector code")]
    problems = []
    spec = rules.detectors
    groups: list[tuple[str, Sequence[str]]] = [
        ("enabled", spec.enabled or []),
        ("disabled", spec.disabled),
        ("options", list(spec.options)),
    ]
    for key, names in groups:
        for i, name in enumerate(names):
            if name not in known:
                loc: tuple[int | str, ...] = (
                    ("detectors", key, name) if key == "options" else ("detectors", key, i)
                )
                problems.append(
                    Problem(
                        source,
                        line_of(data, loc),
                        f"detectors.{key}: unknown detector '{name}'",
                        _close(name, known) + "'socialguard packs show <pack>' lists the detectors",
                    )
                )
    return problems


def _index_clauses(
    clauses_file: ClausesFile, data: Any, source: str, problems: list[Problem]
) -> tuple[dict[str, Section], dict[str, Clause]]:
    """Index sections and clauses by id, reporting duplicates and unknown sections."""
    sections = {s.id: s for s in clauses_file.sections}
    clauses: dict[str, Clause] = {}
    for i, clause in enumerate(clauses_file.clauses):
        line = line_of(data, ("clauses", i))
        if clause.id in clauses:
            problems.append(Problem(source, line, f"clause '{clause.id}' is listed twice", ""))
        if sections and clause.section not in sections:
            problems.append(
                Problem(
                    source,
                    line,
                    f"clause '{clause.id}' is in section '{clause.section}', "
                    "which is not in sections",
                    "add the section or fix the clause's section",
                )
            )
        clauses[clause.id] = clause
    return sections, clauses


def _load(pack_dir: Path) -> Pack:
    root = pack_dir.parent.parent
    problems: list[Problem] = []

    def read(name: str) -> tuple[Any, str]:
        path = pack_dir / name
        source = _display(path, root)
        try:
            return load_yaml(path, source=source), source
        except DataError as exc:
            problems.extend(exc.problems)
            return None, source

    meta_data, meta_src = read("pack.yaml")
    clauses_data, clauses_src = read("clauses.yaml")
    rules_data, rules_src = read("rules.yaml")

    meta = clauses_file = rules = None
    for data, src, model in (
        (meta_data, meta_src, PackFile),
        (clauses_data, clauses_src, ClausesFile),
        (rules_data, rules_src, RulesFile),
    ):
        if data is None:
            continue
        try:
            parsed = validate_as(model, data, source=src)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(parsed, PackFile):
            meta = parsed
        elif isinstance(parsed, ClausesFile):
            clauses_file = parsed
        elif isinstance(parsed, RulesFile):
            rules = parsed

    if meta is not None and meta.id != pack_dir.name:
        problems.append(
            Problem(
                meta_src,
                line_of(meta_data, ("id",)),
                f"id '{meta.id}' does not match the directory name '{pack_dir.name}'",
                "rename the directory or fix the id",
            )
        )

    clauses: dict[str, Clause] = {}
    sections: dict[str, Section] = {}
    if clauses_file is not None:
        sections, clauses = _index_clauses(clauses_file, clauses_data, clauses_src, problems)

    if rules is not None and clauses_file is not None:
        problems += _check_rules(
            rules, rules_data, source=rules_src, pack_id=pack_dir.name, clauses=clauses
        )
    if rules is not None:
        problems += _check_detectors(rules, rules_data, source=rules_src)

    lexicons: list[Lexicon] = []
    pattern_sets: list[PatternSet] = []
    for directory in (_shared(pack_dir), pack_dir):
        try:
            lex, pats = load_data_files(directory, display_root=root)
            lexicons += lex
            pattern_sets += pats
        except DataError as exc:
            problems.extend(exc.problems)

    if problems or meta is None or rules is None or clauses_file is None:
        raise DataError(problems)

    generic = [e.term for lx in lexicons if lx.name == GENERIC_MAILBOX_LEXICON for e in lx]
    try:
        resources = Resources.build(lexicons, pattern_sets, _council_data(meta, generic))
    except DataError as exc:
        raise DataError(exc.problems) from None

    return _assemble(
        meta,
        sections=sections,
        clauses=clauses,
        rules=rules,
        resources=resources,
        pack_dir=pack_dir,
    )


def _assemble(
    meta: PackFile,
    *,
    sections: dict[str, Section],
    clauses: dict[str, Clause],
    rules: RulesFile,
    resources: Resources,
    pack_dir: Path,
) -> Pack:
    """Compile the clause map and decision tables and build the ``Pack``."""
    clause_map: dict[tuple[Category, str], tuple[str, ...]] = {}
    for category, rule in rules.categories.items():
        clause_map[(category, "")] = tuple(rule.clauses)
        for subtype, sub in rule.subtypes.items():
            clause_map[(category, subtype)] = tuple(sub.clauses)
    tables = {
        context: (tuple(CompiledRule.from_spec(r) for r in table.rules), table.default)
        for context, table in rules.decisions.items()
    }
    return Pack(
        meta=meta,
        sections=sections,
        clauses=clauses,
        rules=rules,
        resources=resources,
        hash=pack_hash(pack_dir),
        directory=pack_dir,
        tables=tables,
        _clause_map=clause_map,
    )


_cache: dict[tuple[str, str], Pack] = {}
_cache_lock = threading.Lock()


_hash_cache: dict[tuple[tuple[str, int, int], ...], str] = {}


def current_hash(pack_dir: Path) -> str:
    """``pack_hash`` without re-reading unchanged files: the files' names, sizes and modification
    times are checked on every call (cheap), and the contents are hashed only when those
    change. Lets callers ask for an engine per request without hashing the pack each time."""
    fingerprint = tuple(
        (str(p), st.st_mtime_ns, st.st_size) for p in pack_files(pack_dir) for st in (p.stat(),)
    )
    with _cache_lock:
        known = _hash_cache.get(fingerprint)
    if known is not None:
        return known
    digest = pack_hash(pack_dir)
    with _cache_lock:
        _hash_cache[fingerprint] = digest
    return digest


def load_pack(pack: str | Path, *, packs_dir: Path | None = None) -> Pack:
    """Load a pack by id or directory; cached by (directory, content hash), so an edited pack is
    reloaded and an unchanged one is not. Raises ``DataError`` listing every problem."""
    pack_dir = resolve_pack_dir(pack, packs_dir).resolve()
    key = (str(pack_dir), current_hash(pack_dir))
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
    loaded = _load(pack_dir)
    with _cache_lock:
        return _cache.setdefault(key, loaded)


def clear_cache() -> None:
    """Forget loaded packs (tests)."""
    with _cache_lock:
        _hash_cache.clear()
        _cache.clear()


def validate_pack(pack: str | Path, *, packs_dir: Path | None = None) -> list[Problem]:
    """Every problem in a pack (empty list = valid), including building each detector."""
    try:
        pack_dir = resolve_pack_dir(pack, packs_dir)
        loaded = _load(pack_dir.resolve())
    except DataError as exc:
        return list(exc.problems)
    from socialguard.screening.detectors.base import DetectorConfigError
    from socialguard.screening.engine import build_detectors

    source = _display(pack_dir / "rules.yaml", pack_dir.parent.parent)
    try:
        detectors = build_detectors(loaded)
    except (DetectorConfigError, KeyError, ImportError, TypeError, ValueError) as exc:
        return [Problem(source, None, f"cannot build detectors: {exc}", "")]
    # A detector that builds but runs degraded (the learned model missing or stale) must not
    # pass silently: validation is where a pack's maintainer looks.
    return [
        Problem(source, None, f"detector {detector.name}: {message}", hint)
        for detector in detectors
        for message, hint in detector.health()
    ]
