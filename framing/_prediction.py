"""The result of classifying one text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Prediction:
    """How one text frames trafficking, as a model reads it.

    Attributes:
        label: the mode the text uses, one of the model's labels; ``None`` when the text
            carries no signal (empty, blank, no word the model knows) or the model
            abstains because the text frames trafficking in none of its modes.
        scores: label -> probability over the model's labels, summing to 1: how the
            text would be read if it does frame trafficking.
        none_probability: the probability that the text frames trafficking in none of
            the modes (0.0 for a model trained without a ``none`` label).
        evidence: ``(term, weight)`` pairs that pushed toward ``label`` (or, when ``label``
            is ``None``, toward the best-scoring label), strongest first; empty when the
            text carries no signal.
    """

    label: str | None
    scores: dict[str, float]
    none_probability: float = 0.0
    evidence: tuple[tuple[str, float], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: ``label``, ``scores``, ``none_probability``, ``evidence``."""
        return {
            "label": self.label,
            "scores": dict(self.scores),
            "none_probability": self.none_probability,
            "evidence": [[term, weight] for term, weight in self.evidence],
        }
