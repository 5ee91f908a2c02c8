"""How much the real-passage figures move by chance: row sampling and small training changes.

Run from the checkout:  python scripts/real_noise.py  [--eval ../shared/eval/dev.jsonl]
    [--resamples 2000] [--retrains 20] [--drop 2]

For the bundled recipe (FramingModel() on the training split) and each of the five figures that
issue 3 sets targets for, prints:
- the figure on the real passages;
- a bootstrap interval over the real rows (2.5 and 97.5 percentiles of ``--resamples`` resamples)
  and the share of resamples that meet the target;
- the spread (min, median, max) over ``--retrains`` models each trained without ``--drop`` random
  training passages, how many of them meet the target, and how many real rows change prediction.
The real passages are only scored here, never trained on. Nothing is chosen by these figures:
they say how large a change must be before it is more than chance.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validity import DEV, load_real, real_passages

import framing
from framing import _data

#: Figure -> (target, True when the figure must be at least the target, False when at most).
TARGETS = {
    "real_f1_all": (0.80, True),
    "real_f1_clear": (0.90, True),
    "real_f1_all_secondary_credited": (0.90, True),
    "real_abstain_on_none": (0.80, True),
    "real_abstain_on_framed": (0.05, False),
}


def meets(name: str, value: float) -> bool:
    """Return whether ``value`` of figure ``name`` meets its target."""
    target, at_least = TARGETS[name]
    return value >= target if at_least else value <= target


def bootstrap(rows: list[dict], pred: list[str], resamples: int, seed: int = 0) -> dict[str, list[float]]:
    """Return each figure over ``resamples`` resamples (with replacement) of ``rows`` and ``pred``."""
    rng = np.random.default_rng(seed)
    out: dict[str, list[float]] = {name: [] for name in TARGETS}
    for _ in range(resamples):
        pick = rng.integers(0, len(rows), len(rows))
        figures = real_passages(None, [rows[i] for i in pick], [pred[i] for i in pick])
        for name in TARGETS:
            out[name].append(figures[name])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", default=str(DEV))
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--retrains", type=int, default=20)
    parser.add_argument("--drop", type=int, default=2, help="training passages each retraining leaves out")
    args = parser.parse_args()
    real = load_real(args.eval)
    if not real:
        parser.error(f"no real passages at {args.eval}; give their path with --eval")
    rows = _data.passages("train")
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    real_texts = [r["text"] for r in real]
    base_pred = framing.FramingModel().fit(texts, labels).predict(real_texts).tolist()
    base = real_passages(None, real, base_pred)
    boot = bootstrap(real, base_pred, args.resamples)
    retrained: dict[str, list[float]] = {name: [] for name in TARGETS}
    changed = []
    for seed in range(args.retrains):
        drop = set(np.random.default_rng(seed).choice(len(rows), args.drop, replace=False).tolist())
        keep = [i for i in range(len(rows)) if i not in drop]
        model = framing.FramingModel().fit([texts[i] for i in keep], [labels[i] for i in keep])
        pred = model.predict(real_texts).tolist()
        changed.append(sum(p != q for p, q in zip(pred, base_pred, strict=True)))
        for name, value in real_passages(None, real, pred).items():
            retrained[name].append(value)
    for name in TARGETS:
        b, r = np.asarray(boot[name]), np.asarray(retrained[name])
        target, at_least = TARGETS[name]
        print(
            json.dumps(
                {
                    "figure": name,
                    "target": f"{'>=' if at_least else '<='} {target}",
                    "value": base[name],
                    "bootstrap_95": [round(float(np.percentile(b, 2.5)), 4), round(float(np.percentile(b, 97.5)), 4)],
                    "bootstrap_meets": round(float(np.mean([meets(name, v) for v in b])), 3),
                    f"drop{args.drop}_min_median_max": [round(float(f(r)), 4) for f in (np.min, np.median, np.max)],
                    f"drop{args.drop}_meet": f"{sum(meets(name, v) for v in r)}/{len(r)}",
                }
            )
        )
    spread = [min(changed), int(np.median(changed)), max(changed)]
    print(json.dumps({"real_rows_changed_by_retraining_min_median_max": spread}))


if __name__ == "__main__":
    main()
