"""Build ``bench/texts.jsonl``: the fixed throughput set every tool screens.

Usage: python bench/make_texts.py [--count 12000] [--seed 1729]

Every corpus text (train and test) of at most 300 characters, then seeded variants of them until
``--count`` texts: names, digits and places substituted, sentences recombined with another text of
the same policy and context, casing changed, or the decoration people add to posts (mentions,
hashtags, emoji). A line is ``{"id", "text", "context", "policy"}``; a variant's id is its
source's id plus ``~N``. Same corpus, count and seed: byte-identical file.

The set is for throughput only; labels are not carried over (a substitution can make a valid
phone or NHS number invalid, which is why accuracy is measured on ``corpus/test.jsonl`` instead).
Because variants of test texts are in it, do not read it to write or tune rules either.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from benchlib import CORPUS_DIR, TEXTS_PATH, Item, load_items

SEED = 1729
COUNT = 12_000
MAX_CHARS = 300
MAX_ATTEMPTS = 8

FIRST_NAMES = (
    "Alex", "Amy", "Bev", "Callum", "Chloe", "Dave", "Declan", "Emma", "Fiona", "Gary", "Hannah",
    "Iain", "Jack", "Jess", "Jessica", "Karen", "Kirsty", "Liam", "Lisa", "Mark", "Megan",
    "Morag", "Nicola", "Paul", "Priya", "Ryan", "Sarah", "Sean", "Steve", "Tom", "Zoe",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Campbell", "Davies", "Fraser", "Greenall", "Hughes", "Jones", "Kaur", "Murray",
    "Patel", "Ritchie", "Robertson", "Smith", "Taylor", "Walker", "Wilson",
)  # fmt: skip
PLACES = {
    "st-helens-2018": (
        "Billinge", "Clock Face", "Eccleston", "Haydock", "Newton-le-Willows", "Parr", "Rainford",
        "Rainhill", "Sutton", "Thatto Heath", "Moss Bank", "Blackbrook",
    ),
    "east-lothian-2011": (
        "Cockenzie", "Dunbar", "Gullane", "Haddington", "Longniddry", "Musselburgh",
        "North Berwick", "Ormiston", "Prestonpans", "Tranent", "Wallyford", "Elphinstone",
    ),
}  # fmt: skip
DECORATIONS = (
    ("@StHelensCouncil ", ""), ("@EastLothian ", ""), ("", " #StHelens"), ("", " #EastLothian"),
    ("", " 😡"), ("", " 🙏"), ("", " Thanks!"), ("", "!!!"), ("Hi, ", ""), ("", " cc @BBCNews"),
    ("RT ", ""), ("", " x"),
)  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _word_pattern(words: Sequence[str]) -> re.Pattern[str]:
    # Longest first, so "Jessica" is not rewritten as a "Jess" plus a leftover "ica".
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


NAME_PATTERNS = ((_word_pattern(FIRST_NAMES), FIRST_NAMES), (_word_pattern(SURNAMES), SURNAMES))
PLACE_PATTERNS = {policy: _word_pattern(places) for policy, places in PLACES.items()}


def substitute(text: str, policy: str, rng: random.Random) -> str:
    """Other names, digits and places of the same council, keeping every other character."""
    for pattern, pool in NAME_PATTERNS:
        text = pattern.sub(lambda _, pool=pool: rng.choice(pool), text)  # type: ignore[misc]
    text = PLACE_PATTERNS[policy].sub(lambda _: rng.choice(PLACES[policy]), text)
    return re.sub(r"\d", lambda _: str(rng.randrange(10)), text)


def recase(text: str, rng: random.Random) -> str:
    """Shouted, all lower case, or with the first letter of every word capitalised."""
    change: Callable[[str], str] = rng.choice((str.upper, str.lower, str.title))
    return change(text)


def recombine(text: str, partner: str, rng: random.Random) -> str:
    """This text's opening sentences followed by the partner's closing one."""
    ours = SENTENCE_END.split(text)
    theirs = SENTENCE_END.split(partner)
    head = ours[: rng.randint(1, max(1, len(ours) - 1))] if len(ours) > 1 else ours
    return " ".join([*head, theirs[-1]])


def decorate(text: str, rng: random.Random) -> str:
    prefix, suffix = rng.choice(DECORATIONS)
    return f"{prefix}{text}{suffix}"


def variant(item: Item, partners: Sequence[Item], rng: random.Random) -> str:
    """One seeded variant of ``item``: substitutions, then one structural change."""
    text = substitute(item.text, item.policy, rng)
    kind = rng.randrange(4)
    if kind == 0:
        return recase(text, rng)
    if kind == 1:
        return recombine(text, rng.choice(partners).text, rng)
    if kind == 2:
        return decorate(text, rng)
    return text


def build(sources: Sequence[Item], count: int, seed: int) -> list[Item]:
    """The originals plus variants, in a seeded shuffled order, exactly ``count`` long (or all
    originals when there are more than ``count``)."""
    rng = random.Random(seed)
    originals = sorted((i for i in sources if len(i.text) <= MAX_CHARS), key=lambda i: i.id)
    pools: dict[tuple[str, str], list[Item]] = {}
    for item in originals:
        pools.setdefault((item.policy, item.context), []).append(item)
    out = list(originals)
    seen = {item.text for item in out}
    round_no = 0
    while len(out) < count:
        round_no += 1
        before = len(out)
        for item in originals:
            if len(out) >= count:
                break
            for _ in range(MAX_ATTEMPTS):
                text = variant(item, pools[item.policy, item.context], rng)
                if len(text) <= MAX_CHARS and text not in seen:
                    seen.add(text)
                    out.append(Item(f"{item.id}~{round_no}", text, item.context, item.policy))
                    break
        if len(out) == before:  # the corpus cannot yield more distinct variants
            break
    rng.shuffle(out)
    return out


def write(items: Sequence[Item], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for item in items:
            row = {"id": item.id, "text": item.text, "context": item.context, "policy": item.policy}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the fixed throughput text set.")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--output", type=Path, default=TEXTS_PATH)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    sources = [
        *load_items(args.corpus / "train.jsonl"),
        *load_items(args.corpus / "test.jsonl"),
    ]
    items = build(sources, args.count, args.seed)
    write(items, args.output)
    print(f"wrote {len(items):,} texts to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
