"""Golden output: a SHA-256 over every screening result, to prove a change altered nothing.

Usage (from the repository root)::

    python bench/golden.py                 # prints the digest, writes bench/golden.digests
    python bench/golden.py --out FILE      # per-text digests elsewhere (to diff two runs)
    python bench/golden.py --expect HEX    # exit status 1 unless the digest is HEX

Every text of ``corpus/train.jsonl``, ``corpus/test.jsonl`` and ``bench/texts.jsonl`` is screened
with its own policy and context; the canonical JSON of ``result.to_dict()`` (sorted keys, no
whitespace) plus ``decision_reason`` is hashed per text, and all of those in order into one digest.
The per-text file (``<file>:<line> <id> <sha256>``) shows which text differs when the digest
changes. This script only times and compares; it never looks at what the texts say.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from socialguard.screening import get_engine  # noqa: E402

SOURCES = ("corpus/train.jsonl", "corpus/test.jsonl", "bench/texts.jsonl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "golden.digests")
    parser.add_argument("--expect", help="the digest a run must reproduce")
    args = parser.parse_args()
    engines: dict[str, object] = {}
    total = hashlib.sha256()
    lines = []
    count = 0
    for source in SOURCES:
        with (ROOT / source).open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                policy = row["policy"]
                engine = engines.get(policy)
                if engine is None:
                    engine = engines[policy] = get_engine(policy)
                result = engine.screen(  # type: ignore[attr-defined]
                    row["text"], context=row.get("context", "inbound"), id=row.get("id")
                )
                payload = result.to_dict()
                payload["_decision_reason"] = result.decision_reason
                blob = json.dumps(
                    payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
                )
                digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
                total.update(digest.encode("ascii"))
                lines.append(f"{source}:{lineno} {row.get('id')} {digest}\n")
                count += 1
    args.out.write_text("".join(lines), encoding="utf-8")
    print(f"{total.hexdigest()}  ({count} texts)")
    if args.expect and args.expect != total.hexdigest():
        print(f"DIFFERENT from the expected {args.expect}; diff the --out files to see where")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
