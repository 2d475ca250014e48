"""Assign labelled texts to the frozen train/test split and write corpus/{train,test}.jsonl.

Usage: python corpus/split.py NEW.jsonl [...]   # merges with the existing splits

A text's split depends only on its id (SHA-256 of the id, one in four to test), so adding texts
never moves an existing one between splits, and the test split stays frozen.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = frozenset(
    {
        "personal_data", "council_email_exposed", "confidential_information",
        "offensive_language", "discrimination", "harassment", "sexual_content",
        "defamation_risk", "political_activity", "council_representation",
        "safeguarding_concern", "service_request", "complaint", "press_enquiry",
    }
)  # fmt: skip
CONTEXTS = frozenset({"inbound", "business", "personal"})
POLICIES = frozenset({"st-helens-2018", "east-lothian-2011"})


def split_of(item_id: str) -> str:
    return "test" if hashlib.sha256(item_id.encode()).digest()[0] % 4 == 0 else "train"


def check(item: dict[str, object], where: str) -> None:
    labels = item.get("labels")
    problems = []
    if not item.get("id"):
        problems.append("missing id")
    if not str(item.get("text", "")).strip():
        problems.append("missing text")
    if item.get("context") not in CONTEXTS:
        problems.append(f"bad context {item.get('context')!r}")
    if item.get("policy") not in POLICIES:
        problems.append(f"bad policy {item.get('policy')!r}")
    if not isinstance(labels, list) or labels != sorted(labels):
        problems.append("labels must be a sorted list")
    elif set(labels) - CATEGORIES:
        problems.append(f"unknown labels {sorted(set(labels) - CATEGORIES)}")
    if problems:
        raise SystemExit(f"{where}: {'; '.join(problems)}")


def main(paths: list[str]) -> int:
    items: dict[str, dict[str, object]] = {}
    for name in ("train", "test"):
        path = HERE / f"{name}.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                items[item["id"]] = item
    for raw in paths:
        for number, line in enumerate(Path(raw).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            check(item, f"{raw}:{number}")
            if item["id"] in items and items[item["id"]] != item:
                raise SystemExit(
                    f"{raw}:{number}: id {item['id']} already exists with other content"
                )
            items[item["id"]] = item
    out: dict[str, list[str]] = {"train": [], "test": []}
    for item_id in sorted(items):
        out[split_of(item_id)].append(json.dumps(items[item_id], ensure_ascii=False))
    for name, lines in out.items():
        (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(lines)} texts")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
