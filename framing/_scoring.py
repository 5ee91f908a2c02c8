"""Scoring with NumPy alone: TF-IDF features and a linear softmax model.

This is the classify path. It reproduces what scikit-learn's ``TfidfVectorizer``
and ``LogisticRegression`` compute, from plain arrays, so that classifying never
imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _text
from ._errors import wrong_text_type
from ._prediction import Prediction

#: How many evidence terms a prediction carries.
EVIDENCE_TERMS = 8


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A trained model as plain arrays: what a model file holds and what scores texts.

    ``coef`` has one row per class (a binary model is stored as two opposite rows),
    ``terms[i]`` is the feature for column ``i`` (stemmed n-gram) and ``display[i]``
    the form of it most often seen in training, shown as evidence.
    """

    classes: tuple[str, ...]
    terms: tuple[str, ...]
    display: tuple[str, ...]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    ngram_range: tuple[int, int] = (1, 2)
    sublinear_tf: bool = True
    abstain_label: str | None = "none"
    card: dict[str, Any] = field(default_factory=dict)
    vocabulary: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vocabulary", {t: i for i, t in enumerate(self.terms)})
        abstain = self.abstain_label if self.abstain_label in self.classes else None
        object.__setattr__(self, "abstain_label", abstain)

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels a prediction can carry: every class but the abstain label."""
        return tuple(c for c in self.classes if c != self.abstain_label)

    def features(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(doc, column, value)`` arrays of the L2-normalised TF-IDF matrix."""
        vocab_get = self.vocabulary.get
        analyze = _text.analyze
        ngram_range = self.ngram_range
        docs: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for d, text in enumerate(texts):
            if not isinstance(text, str):
                raise wrong_text_type(text, f"texts[{d}]")
            seen: dict[int, int] = {}
            for term in analyze(text, ngram_range):
                j = vocab_get(term)
                if j is not None:
                    seen[j] = seen.get(j, 0) + 1
            if seen:
                docs.extend([d] * len(seen))
                cols.extend(seen)
                counts.extend(seen.values())
        doc = np.asarray(docs, dtype=np.intp)
        col = np.asarray(cols, dtype=np.intp)
        tf = np.asarray(counts, dtype=np.float64)
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        value = tf * self.idf[col]
        norms = np.sqrt(np.bincount(doc, weights=value * value, minlength=len(texts)))
        value /= norms[doc]
        return doc, col, value

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return class probabilities, one row per text in input order, columns as ``classes``."""
        return self._proba(len(texts), *self.features(texts))

    def _proba(self, n: int, doc: np.ndarray, col: np.ndarray, value: np.ndarray) -> np.ndarray:
        logits = np.tile(self.intercept, (n, 1))
        for k in range(len(self.classes)):
            logits[:, k] += np.bincount(doc, weights=value * self.coef[k, col], minlength=n)
        logits -= logits.max(axis=1, keepdims=True)
        proba = np.exp(logits)
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def predictions(self, texts: Sequence[str]) -> list[Prediction]:
        """Classify ``texts``: one :class:`Prediction` each, in input order."""
        n = len(texts)
        doc, col, value = self.features(texts)
        proba = self._proba(n, doc, col, value)
        classes = self.classes
        label_idx = [k for k, c in enumerate(classes) if c != self.abstain_label]
        abstain_idx = classes.index(self.abstain_label) if self.abstain_label else None
        framed = proba[:, label_idx]
        framed_sum = framed.sum(axis=1, keepdims=True)
        framed = np.divide(framed, framed_sum, out=np.full_like(framed, 1 / len(label_idx)), where=framed_sum > 0)
        best = np.asarray(label_idx)[framed.argmax(axis=1)]
        top = proba.argmax(axis=1)
        # Evidence: each feature's pull toward the best label, against the class average.
        centred = self.coef - self.coef.mean(axis=0, keepdims=True)
        pull = value * centred[best[doc], col]
        starts = np.searchsorted(doc, np.arange(n + 1))

        labels = [classes[k] for k in label_idx]
        display = self.display
        out = []
        for d in range(n):
            lo, hi = starts[d], starts[d + 1]
            if lo == hi:
                label = None
                evidence: tuple[tuple[str, float], ...] = ()
            else:
                label = None if top[d] == abstain_idx else classes[best[d]]
                order = lo + np.argsort(-pull[lo:hi], kind="stable")[:EVIDENCE_TERMS]
                evidence = tuple((display[col[i]], round(float(pull[i]), 4)) for i in order if pull[i] > 0)
            scores = dict(zip(labels, framed[d].tolist(), strict=True))
            none_p = float(proba[d, abstain_idx]) if abstain_idx is not None else 0.0
            out.append(Prediction(label, scores, round(none_p, 6), evidence))
        return out
