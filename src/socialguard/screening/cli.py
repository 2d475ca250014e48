"""Command line for the screening engine (no Django).

``main(argv)`` implements the engine subcommands; the ``socialguard`` console script forwards
``check``, ``screen``, ``eval`` and ``packs`` here, so ``argv`` starts with the subcommand::

    socialguard check "text" --policy st-helens-2018 --context inbound [--json]
    socialguard screen --policy st-helens-2018 --input in.jsonl --output out.jsonl
    socialguard eval --split train [--json] [--errors 5]
    socialguard packs validate [PATH ...]
    socialguard packs show st-helens-2018

Exit status: 0 success; 1 when any input line failed (screen), evaluation lines were bad, or a
pack does not validate; 2 for usage errors and packs that cannot be loaded.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import textwrap
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from socialguard.screening.errors import DataError
from socialguard.screening.model import Context, ScreeningResult

__all__ = ["main"]

_CSV_OUT_FIELDS = [
    "id",
    "policy",
    "policy_version",
    "pack_hash",
    "context",
    "categories",
    "decision",
    "redacted_text",
    "findings",
    "line",
    "error",
]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socialguard",
        description="Screen text against a council's social media policy pack.",
    )
    parser.add_argument(
        "--packs-dir",
        type=Path,
        default=None,
        help="directory holding the policy packs (default: $SOCIALGUARD_PACKS_DIR or "
        "the repository's policy_packs/)",
    )
    # --packs-dir is accepted before or after the subcommand.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--packs-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", parents=[common], help="explain how one text is screened")
    check.add_argument("text", help="the text to check ('-' reads standard input)")
    check.add_argument("--policy", required=True, help="pack id, e.g. st-helens-2018")
    check.add_argument("--context", default="inbound", choices=[c.value for c in Context])
    check.add_argument("--json", action="store_true", help="print the JSON result")

    screen = sub.add_parser("screen", parents=[common], help="screen a JSONL or CSV file")
    screen.add_argument("--policy", required=True)
    screen.add_argument("--input", required=True, help="in.jsonl, in.csv or - (stdin)")
    screen.add_argument("--output", default="-", help="out.jsonl, out.csv or - (stdout)")
    screen.add_argument(
        "--format",
        choices=["jsonl", "csv"],
        default=None,
        help="for both ends; default: by extension",
    )
    screen.add_argument("--input-format", choices=["jsonl", "csv"], default=None)
    screen.add_argument("--output-format", choices=["jsonl", "csv"], default=None)
    screen.add_argument(
        "--context",
        default="inbound",
        choices=[c.value for c in Context],
        help="context for lines that do not give one (default inbound)",
    )
    progress = screen.add_mutually_exclusive_group()
    progress.add_argument("--progress", action="store_true", default=None, help="always show")
    progress.add_argument("--no-progress", dest="progress", action="store_false")

    ev = sub.add_parser("eval", parents=[common], help="score the engine on the labelled corpus")
    ev.add_argument("--split", default="train", choices=["train", "test"])
    ev.add_argument("--corpus", type=Path, default=None, help="a corpus JSONL file to use instead")
    ev.add_argument("--policy", default=None, help="screen every text with this pack")
    ev.add_argument(
        "--policy-from-corpus",
        action="store_true",
        help="use each text's own 'policy' field (the default unless --policy is given)",
    )
    ev.add_argument("--json", action="store_true")
    ev.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print up to N false positives and negatives per category (training split only)",
    )
    ev.add_argument("--category", action="append", default=None, help="limit --errors output")

    packs = sub.add_parser("packs", help="validate or show policy packs")
    packs_sub = packs.add_subparsers(dest="packs_command", required=True)
    validate = packs_sub.add_parser(
        "validate", parents=[common], help="check packs; file:line errors"
    )
    validate.add_argument("paths", nargs="*", help="pack ids or directories (default: all)")
    show = packs_sub.add_parser(
        "show", parents=[common], help="metadata, history, clauses and rules of a pack"
    )
    show.add_argument("pack")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; return the exit status (see module docstring)."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args)
    except BrokenPipeError:
        # "socialguard screen ... | head": the reader went away; stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "screen":
            return _screen(args)
        if args.command == "eval":
            return _eval(args)
        if args.packs_command == "validate":
            return _validate(args)
        return _show(args)
    except DataError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return 2


# -- check ---------------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    from socialguard.screening.engine import get_engine

    text = sys.stdin.read() if args.text == "-" else args.text
    engine = get_engine(args.policy, packs_dir=args.packs_dir)
    result = engine.screen(text, context=args.context)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(explain(result, engine.pack))
    return 0


def explain(result: ScreeningResult, pack: Any) -> str:
    """A human-readable account of a result: decision, why, and every finding with clauses."""
    out = [
        (
            f"Policy:   {pack.meta.council}, {pack.meta.title} (v{result.policy_version}) "
            f"[{result.policy}]"
        ),
        f"Context:  {result.context.value}",
        f"Decision: {result.decision.value.upper()}",
        f"Why:      {result.decision_reason}",
    ]
    if not result.findings:
        out.append("")
        out.append("No findings.")
        return "\n".join(out)
    out.append("")
    out.append(f"Findings ({len(result.findings)}):")
    for i, f in enumerate(result.findings, start=1):
        out.append(
            f"{i:>2}. {f.category.value} / {f.subtype}  chars {f.start}-{f.end}  "
            f'"{f.text}"  confidence {f.confidence:.2f}  severity {f.severity.label}'
        )
        if f.characteristic is not None:
            out.append(f"    characteristic: {f.characteristic.value}")
        out.extend(
            textwrap.wrap(f.explanation, width=96, initial_indent="    ", subsequent_indent="    ")
        )
        out.append(f"    detector: {f.detector}")
        for clause_id in f.clauses:
            clause = pack.clauses.get(clause_id)
            heading = clause.heading if clause is not None else "?"
            snippet = clause.text.replace("\n", " ") if clause is not None else ""
            if len(snippet) > 90:
                snippet = snippet[:87] + "..."
            out.append(f"    § {clause_id} ({heading}): {snippet}")
    out.append("")
    out.append(f"Redacted: {result.redacted_text}")
    return "\n".join(out)


# -- screen --------------------------------------------------------------------------------------


def _format_of(path: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    return "csv" if path.lower().endswith(".csv") else "jsonl"


def _input_rows(handle: TextIO, fmt: str) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """Yield ``(line number, row or None, error)``; streams, never reads the whole input."""
    if fmt == "csv":
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, dict(row), ""
        return
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc.msg} (column {exc.colno})"
            continue
        if not isinstance(row, dict):
            yield number, None, "each line must be a JSON object"
            continue
        yield number, row, ""


class _Writer:
    """Writes result or error rows as JSONL or CSV."""

    def __init__(self, handle: TextIO, fmt: str) -> None:
        self.handle = handle
        self.fmt = fmt
        self.csv: Any = None
        if fmt == "csv":
            self.csv = csv.DictWriter(handle, fieldnames=_CSV_OUT_FIELDS, extrasaction="ignore")
            self.csv.writeheader()

    def result(self, result: ScreeningResult) -> None:
        data = result.to_dict()
        if self.csv is not None:
            row = dict(data)
            row["categories"] = ";".join(data["categories"])
            row["findings"] = json.dumps(data["findings"], ensure_ascii=False)
            self.csv.writerow(row)
        else:
            self.handle.write(json.dumps(data, ensure_ascii=False) + "\n")

    def error(self, row_id: Any, line: int, message: str) -> None:
        if self.csv is not None:
            self.csv.writerow({"id": row_id, "line": line, "error": message})
        else:
            payload = {"id": row_id, "line": line, "error": message}
            self.handle.write(json.dumps(payload, ensure_ascii=False) + "\n")


def _open_in(path: str, stack: ExitStack) -> TextIO:
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="")
    return stack.enter_context(Path(path).open(encoding="utf-8", newline=""))


def _open_out(path: str, stack: ExitStack) -> TextIO:
    if path == "-":
        return sys.stdout
    return stack.enter_context(Path(path).open("w", encoding="utf-8", newline=""))


def _screen(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from socialguard.screening.engine import get_engine

    engine = get_engine(args.policy, packs_dir=args.packs_dir)
    in_fmt = _format_of(args.input, args.input_format or args.format)
    out_fmt = _format_of(args.output, args.output_format or args.format)
    show = args.progress
    if show is None:
        big = args.input != "-" and Path(args.input).stat().st_size > 256 * 1024
        show = big and sys.stderr.isatty()
    failures = 0
    with ExitStack() as stack:
        source = _open_in(args.input, stack)
        writer = _Writer(_open_out(args.output, stack), out_fmt)
        bar: Any = stack.enter_context(
            tqdm(total=None, unit=" texts", file=sys.stderr, disable=not show, mininterval=0.5)
        )
        for number, row, error in _input_rows(source, in_fmt):
            bar.update(1)
            row_id = row.get("id") if row is not None else None
            if row_id is None or row_id == "":
                row_id = str(number)
            if row is None:
                writer.error(row_id, number, error)
                failures += 1
                continue
            text = row.get("text")
            if not isinstance(text, str):
                writer.error(row_id, number, "missing 'text' (a string is required)")
                failures += 1
                continue
            context = row.get("context") or args.context
            try:
                ctx = Context(context)
            except ValueError:
                writer.error(
                    row_id,
                    number,
                    f"unknown context {context!r} (use inbound, business or personal)",
                )
                failures += 1
                continue
            writer.result(engine.screen(text, context=ctx, id=str(row_id)))
    if failures:
        print(f"{failures} line(s) failed; see the 'error' rows", file=sys.stderr)
    return 1 if failures else 0


# -- eval ----------------------------------------------------------------------------------------


def _corpus_path(args: argparse.Namespace) -> Path:
    if args.corpus is not None:
        return Path(args.corpus)
    name = f"{args.split}.jsonl"
    repo = Path(__file__).resolve().parents[3] / "corpus" / name
    if repo.is_file():
        return repo
    return Path.cwd() / "corpus" / name


def _eval(args: argparse.Namespace) -> int:
    from socialguard.screening.evaluate import evaluate, read_corpus

    path = _corpus_path(args)
    if not path.is_file():
        print(f"no corpus file at {path}", file=sys.stderr)
        return 2
    if args.errors and path.name == "test.jsonl":
        print(
            "--errors is refused on the frozen test split: its texts must never be read to tune "
            "rules (use --split train)",
            file=sys.stderr,
        )
        return 2
    report = evaluate(
        read_corpus(path), policy=args.policy, packs_dir=args.packs_dir, keep_errors=args.errors
    )
    if args.json:
        data = report.to_dict()
        data["corpus"] = str(path)
        print(json.dumps(data, indent=2))
    else:
        print(f"corpus: {path}")
        print(report.table())
    if args.errors:
        wanted = set(args.category or [])
        for ex in report.errors:
            if wanted and ex.category not in wanted:
                continue
            print(f"\n[{ex.kind} {ex.category}] {ex.id}: {ex.text}", file=sys.stderr)
            print(f"    labels={list(ex.labels)} predicted={list(ex.predicted)}", file=sys.stderr)
            for finding in ex.findings:
                print(f"    - {finding}", file=sys.stderr)
    return 1 if report.bad_lines else 0


# -- packs ---------------------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from socialguard.screening.packs.loader import default_packs_dir, list_packs, validate_pack

    targets = list(args.paths) or list_packs(args.packs_dir or default_packs_dir())
    if not targets:
        print("no packs found", file=sys.stderr)
        return 1
    failed = 0
    for target in targets:
        problems = validate_pack(target, packs_dir=args.packs_dir)
        if problems:
            failed += 1
            for problem in problems:
                print(str(problem))
            print(f"{target}: {len(problems)} problem(s)")
        else:
            print(f"{target}: OK")
    return 1 if failed else 0


def _show(args: argparse.Namespace) -> int:
    from socialguard.screening.packs.loader import load_pack

    pack = load_pack(args.pack, packs_dir=args.packs_dir)
    meta = pack.meta
    print(f"{meta.id}: {meta.council}, {meta.title}")
    print(
        f"  version {meta.version}, dated {meta.date.isoformat()}, jurisdiction {meta.jurisdiction}"
    )
    print(f"  source: {meta.source}")
    if meta.approved_by:
        print(f"  approved by: {meta.approved_by}")
    if meta.review_period_months:
        print(f"  review every {meta.review_period_months} months")
    print(f"  pack hash: {pack.hash}")
    if meta.history:
        print("\nVersion history:")
        for row in meta.history:
            print(f"  {row.date:<11} {row.version:<8} {row.comment}")
    print(f"\nClauses ({len(pack.clauses)}):")
    for clause in pack.clauses.values():
        snippet = clause.text.replace("\n", " ")
        if len(snippet) > 70:
            snippet = snippet[:67] + "..."
        print(f"  {clause.id:<8} {snippet}")
    print("\nCategories and the clauses they cite:")
    for category, rule in pack.rules.categories.items():
        subs = "".join(f"; {name}: {', '.join(s.clauses)}" for name, s in rule.subtypes.items())
        print(f"  {category.value:<26} {', '.join(rule.clauses)}{subs}")
    from socialguard.screening.registry import available

    spec = pack.rules.detectors
    names = list(spec.enabled) if spec.enabled is not None else list(available())
    running = [n for n in names if n not in spec.disabled]
    print(f"\nDetectors ({len(running)}): " + ", ".join(running))
    print("\nDecision tables (first matching rule wins):")
    for context, table in pack.rules.decisions.items():
        print(f"  {context.value}:")
        for decision_row in table.rules:
            when = decision_row.when
            cats = ", ".join(c.value for c in when.categories) or "any category"
            extra = f", severity >= {when.min_severity}" if when.min_severity != "low" else ""
            print(f"    {decision_row.decision.value:<20} if {cats}{extra}")
        print(f"    {table.default.value:<20} otherwise")
    return 0


if __name__ == "__main__":
    sys.exit(main())
