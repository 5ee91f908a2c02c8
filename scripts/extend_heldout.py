"""Top up the fixed held-out split to about 15% of each label's passages.

Run from the checkout after appending passages:  python scripts/extend_heldout.py
Ids already held out stay held out and ids already in training stay in training: only
passages new to the split are drawn (seeded), so the split never reshuffles. Held-out
ids that are no longer in passages.csv are dropped from the list.
"""

from __future__ import annotations

import random
from collections import defaultdict

from framing import _data

SHARE = 0.15


def main() -> None:
    rows = _data.passages("all")
    held = set(_data.heldout_ids())
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
    path = _data.data_dir() / "heldout_ids.txt"
    path.write_text("".join(f"{i}\n" for i in sorted(held)), encoding="utf-8")
    print(f"{len(held)} of {len(rows)} passages held out ({added} added)")


if __name__ == "__main__":
    main()
