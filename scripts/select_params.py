"""Compare FramingModel settings by genre-grouped 5-fold CV on the training split.

Run from the checkout:  python scripts/select_params.py
The real passages are not used here: settings are chosen on the project's own passages only.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sklearn.model_selection import GroupKFold, cross_val_predict

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validity import MODES, abstention, macro

import framing
from framing import _data

GRID = [{"C": c, "min_df": m, "ngram_range": ng} for c in (5, 20, 50) for m in (1, 2) for ng in ((1, 1), (1, 2))] + [
    {"C": 20, "min_df": 2, "ngram_range": (1, 3)},
    {"C": 20, "min_df": 2, "ngram_range": (1, 2), "class_weight": None},
    {"C": 20, "min_df": 2, "ngram_range": (1, 2), "sublinear_tf": False},
]


def main() -> None:
    rows = _data.passages("train")
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    genres = [r["genre"] for r in rows]
    for params in GRID:
        start = time.perf_counter()
        model = framing.FramingModel(**params)
        pred = cross_val_predict(model, texts, labels, groups=genres, cv=GroupKFold(5))
        f1 = macro(labels, pred, MODES)
        abstain_none, abstain_framed = abstention(labels, pred)
        print(
            json.dumps(params),
            f"f1={f1:.4f} abstain_none={abstain_none:.3f} abstain_framed={abstain_framed:.3f}",
            f"({time.perf_counter() - start:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
