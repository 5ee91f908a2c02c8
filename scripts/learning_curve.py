"""Real-passage scores of models trained on growing shares of the training split.

Run from the checkout:  python scripts/learning_curve.py [--eval ../shared/eval/dev.jsonl]
Tells whether more passages of the same kind would still help.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validity import DEV, load_real, real_passages

import framing
from framing import _data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", default=str(DEV))
    args = parser.parse_args()
    real = load_real(args.eval)
    if not real:
        parser.error(f"no real passages at {args.eval}; give their path with --eval")
    rows = _data.passages("train")
    random.Random(0).shuffle(rows)
    for share in (0.25, 0.5, 0.75, 1.0):
        subset = rows[: int(len(rows) * share)]
        model = framing.FramingModel().fit([r["text"] for r in subset], [r["label"] for r in subset])
        scores = real_passages(model, real)
        print(share, len(subset), {k: scores[k] for k in ("real_f1_all", "real_f1_clear", "real_abstain_on_none")})


if __name__ == "__main__":
    main()
