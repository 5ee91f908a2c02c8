"""Framing profiles: how often a corpus uses each mode, by group (country, year, source, ...)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from ._api import MODES

#: The group value of the total row.
ALL = "(all)"
#: The group value of rows whose group field is empty or missing.
BLANK = "(blank)"


def group_value(value: Any) -> str:
    """Return a row's value of a group field as text; :data:`BLANK` when it is empty or missing."""
    text = "" if value is None else str(value).strip()
    return text or BLANK


def label_value(value: Any) -> str | None:
    """Return a coded label as text; None (no mode) when it is empty, missing or ``none``."""
    text = "" if value is None else str(value).strip()
    return None if text in ("", "none") else text


def _sort_key(key: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    # Whole numbers (years) sort by value and before other text; blank groups come last.
    return tuple((2, 0, v) if v == BLANK else (0, int(v), "") if v.isdigit() else (1, 0, v.casefold()) for v in key)


class Profile:
    """Counts labels by group, one row at a time, and reports each group's framing profile.

    ``by`` names the group fields. ``labels`` are reported even when no row has them
    (a model's labels); other labels are added as rows bring them. Labels are
    reported in the order of :data:`MODES`, then alphabetically. A row whose label
    is ``None`` framed no mode: it counts in ``passages`` but not in ``framed``.
    """

    #: Columns the report adds beside the group fields, and the prefixes of its per-label columns.
    ADDED = ("passages", "framed", "dominant")
    ADDED_PREFIXES = ("n_", "share_")

    def __init__(self, by: Sequence[str], labels: Sequence[str] = ()) -> None:
        self.by = list(by)
        self._seen: set[str] = set(labels)
        self._counts: dict[tuple[str, ...], Counter[str | None]] = defaultdict(Counter)

    @property
    def labels(self) -> list[str]:
        """The labels reported, in order."""
        rank = {mode: i for i, mode in enumerate(MODES)}
        return sorted(self._seen, key=lambda label: (rank.get(label, len(rank)), label))

    def add(self, key: tuple[str, ...], label: str | None) -> None:
        """Count one row of group ``key`` (one value per ``by`` field) with ``label``."""
        self._counts[key][label] += 1
        if label is not None:
            self._seen.add(label)

    def columns(self) -> list[str]:
        """The columns of :meth:`rows`, in order."""
        labels = self.labels
        return [
            *self.by,
            "passages",
            "framed",
            *(f"n_{label}" for label in labels),
            *(f"share_{label}" for label in labels),
            "dominant",
        ]

    def rows(self) -> list[dict[str, Any]]:
        """Return one row per group, in group order, then the total row (group :data:`ALL`).

        ``share_<label>`` is the label's share of the group's framed passages, rounded to
        four places; it is ``None`` when the group has no framed passage. ``dominant`` is
        the label with the largest share (tied labels joined by ``+``), ``None`` when the
        group has no framed passage.
        """
        labels = self.labels
        total: Counter[str | None] = Counter()
        out = []
        for key in sorted(self._counts, key=_sort_key):
            counts = self._counts[key]
            total.update(counts)
            out.append(self._row(dict(zip(self.by, key, strict=True)), counts, labels))
        out.append(self._row(dict.fromkeys(self.by, ALL), total, labels))
        return out

    @staticmethod
    def _row(group: dict[str, Any], counts: Counter[str | None], labels: list[str]) -> dict[str, Any]:
        framed = sum(counts[label] for label in labels)
        top = max((counts[label] for label in labels), default=0)
        return {
            **group,
            "passages": sum(counts.values()),
            "framed": framed,
            **{f"n_{label}": counts[label] for label in labels},
            **{f"share_{label}": round(counts[label] / framed, 4) if framed else None for label in labels},
            "dominant": "+".join(label for label in labels if counts[label] == top) if top else None,
        }


def render(profile: Profile) -> str:
    """Return ``profile`` as an aligned text table: shares in per cent of each group's framed passages."""
    labels = profile.labels
    header = [*profile.by, "passages", "framed", *labels, "dominant"]
    table = [header]
    for row in profile.rows():
        shares = ["" if row[f"share_{label}"] is None else f"{100 * row[f'share_{label}']:.1f}%" for label in labels]
        table.append(
            [*(row[b] for b in profile.by), str(row["passages"]), str(row["framed"]), *shares, row["dominant"] or ""]
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    numeric = range(len(profile.by), len(header) - 1)
    lines = [
        "  ".join(
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in table
    ]
    note = "shares: per cent of each group's framed passages (passages that frame no mode are left out)"
    return "\n".join([*(line.rstrip() for line in lines), note]) + "\n"
