"""Add about 15% of each label's new passages to the fixed held-out split.

Run from the checkout after appending passages:  python scripts/extend_heldout.py
Ids already held out stay held out; ids already in training stay in training; only
passages new to the split are drawn (seeded), so the split never reshuffles.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "training_data"
SHARE = 0.15


def main() -> None:
    with open(DATA / "passages.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    held_path = DATA / "heldout_ids.txt"
    held = set(held_path.read_text(encoding="utf-8").split())
    by_label: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_label[row["label"]].append(row["id"])
    rng = random.Random(2026)
    added = 0
    for _label, ids in sorted(by_label.items()):
        short = round(SHARE * len(ids)) - sum(i in held for i in ids)
        pool = sorted(i for i in ids if i not in held)
        rng.shuffle(pool)
        held.update(pool[: max(0, short)])
        added += max(0, min(short, len(pool)))
    held &= {row["id"] for row in rows}
    held_path.write_text("".join(f"{i}\n" for i in sorted(held)), encoding="utf-8")
    print(f"{len(held)} of {len(rows)} passages held out ({added} added)")


if __name__ == "__main__":
    main()
