"""The labelled passages bundled with the package (``training_data/passages.csv``)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from ._errors import DataError


def data_dir() -> Path:
    """Return the folder of the bundled passages."""
    return Path(str(resources.files("framing") / "training_data"))


def heldout_ids() -> frozenset[str]:
    """Return the ids of the fixed held-out split, which the bundled model never trains on."""
    path = data_dir() / "heldout_ids.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def passages(split: str = "train") -> list[dict[str, str]]:
    """Return the bundled passages of ``split``: ``"train"``, ``"heldout"`` or ``"all"``."""
    if split not in {"train", "heldout", "all"}:
        raise ValueError(f"split must be 'train', 'heldout' or 'all', not {split!r}")
    path = data_dir() / "passages.csv"
    if not path.is_file():
        raise DataError(f"the bundled passages are missing ({path}); reinstall framing")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if split == "all":
        return rows
    held = heldout_ids()
    return [r for r in rows if (r["id"] in held) == (split == "heldout")]
