"""``FramingModel``: the scikit-learn estimator that learns framing modes from texts."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import platform
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from . import _modelio, _text
from ._errors import DataError, NotFittedError, check_texts
from ._prediction import Prediction
from ._scoring import CHUNK, LinearModel
from ._version import __version__


def _check_labels(y: Any, n: int) -> list[str] | list[int]:
    """Return the labels ``y`` as a list of str, or of int (NumPy integers become int).

    Integer labels are what scikit-learn passes when it encodes labels itself (as
    ``cross_val_predict(..., method="predict_proba")`` does).
    """
    if isinstance(y, str):
        raise DataError("y must be a sequence of labels, one per text, not a single str")
    labels = list(y)
    if len(labels) != n:
        raise DataError(f"got {n} texts but {len(labels)} labels; give one label per text")
    kinds = set()
    for i, label in enumerate(labels):
        if isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
            labels[i] = int(label)
            kinds.add("integers")
        elif isinstance(label, str) and label.strip() and label == label.strip():
            kinds.add("strings")
        else:
            raise DataError(
                f"label {i} is {label!r}; labels must be non-empty strings without surrounding spaces, or integers"
            )
    if len(kinds) > 1:
        raise DataError("the labels mix strings and integers; give labels of one kind")
    counts = Counter(labels)
    if len(counts) < 2:
        found = f"only {labels[0]!r}" if labels else "no texts"
        raise DataError(f"training needs at least two labels, and got {found}; add texts with other labels")
    rare = sorted(str(label) for label, c in counts.items() if c < 2)
    if rare:
        raise DataError(f"label {rare[0]!r} has a single example; give it at least 2 or remove it")
    return labels


def data_hash(texts: Sequence[str], labels: Sequence[str] | Sequence[int]) -> str:
    """Return the SHA-256 of the training data (texts and labels, in order)."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(str(label).encode("utf-8") + b"\t" + text.encode("utf-8") + b"\n")
    return digest.hexdigest()


class FramingModel(ClassifierMixin, BaseEstimator):
    """Classify texts by the securitization mode they use (or any label set you train).

    A TF-IDF model over NLTK-stemmed word n-grams with multinomial logistic
    regression. Texts whose best class is ``abstain_label`` get no mode.

    Parameters:
        ngram_range: smallest and largest n of the word n-grams.
        min_df: drop n-grams seen in fewer training texts than this.
        sublinear_tf: use ``1 + log(tf)`` instead of raw counts.
        C: inverse regularisation strength of the logistic regression.
        class_weight: ``"balanced"`` weighs labels by inverse frequency; ``None`` does not.
        abstain_label: the label that means "frames none of the modes"; ``None`` for no such label.
        max_iter: iteration cap of the solver.

    Fitted attributes: ``classes_``, ``labels_``, ``vocabulary_``, ``idf_``, ``coef_``,
    ``intercept_``, ``card_``.
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        sublinear_tf: bool = True,
        C: float = 20.0,
        class_weight: str | None = "balanced",
        abstain_label: str | None = "none",
        max_iter: int = 3000,
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.C = C
        self.class_weight = class_weight
        self.abstain_label = abstain_label
        self.max_iter = max_iter

    def __sklearn_tags__(self):  # noqa: D105
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def fit(self, X: Iterable[str], y: Iterable[str]) -> FramingModel:
        """Learn from texts ``X`` and their labels ``y``; return ``self``.

        Raises:
            TextTypeError: a text is not a str.
            DataError: labels do not match texts, fewer than two labels, a label with
                one example, or no n-gram common enough to learn from.
        """
        texts = check_texts(X)
        labels = _check_labels(y, len(texts))
        ngram_range = tuple(int(n) for n in self.ngram_range)
        if len(ngram_range) != 2 or not 1 <= ngram_range[0] <= ngram_range[1] <= 3:
            raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high <= 3, not {self.ngram_range}")
        vectorizer = TfidfVectorizer(
            analyzer=partial(_text.analyze, ngram_range=ngram_range),
            min_df=self.min_df,
            sublinear_tf=self.sublinear_tf,
        )
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError as exc:
            raise DataError(
                f"nothing to learn from: {exc}; the texts need words that occur in at least "
                f"min_df={self.min_df} of them (lower min_df or add texts)"
            ) from None
        classifier = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        classifier.fit(matrix, labels)
        terms = tuple(vectorizer.get_feature_names_out().tolist())
        coef, intercept = classifier.coef_, classifier.intercept_
        if coef.shape[0] == 1:  # binary: store as two opposite rows of a softmax
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self.classes_ = classifier.classes_
        self.vocabulary_ = {t: i for i, t in enumerate(terms)}
        self.idf_ = vectorizer.idf_
        self.coef_ = coef
        self.intercept_ = intercept
        self.card_ = {
            "framing_version": __version__,
            "sklearn_version": sklearn.__version__,
            "nltk_version": _nltk_version(),
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "labels": [str(c) for c in self.classes_],
            "label_type": "int" if isinstance(labels[0], int) else "str",
            "abstain_label": self.abstain_label if self.abstain_label in self.classes_.tolist() else None,
            "params": {k: _plain(v) for k, v in self.get_params().items()},
            "training_size": len(texts),
            "label_counts": {str(k): v for k, v in sorted(Counter(labels).items())},
            "data_sha256": data_hash(texts, labels),
            "features": len(terms),
            "trained": _dt.date.today().isoformat(),
        }
        display, seen_words = _surface_forms(texts, self.vocabulary_, ngram_range)
        self._linear = self._build_linear(terms, display, seen_words)
        return self

    def _build_linear(self, terms: tuple[str, ...], display: tuple[str, ...], words: dict[str, str]) -> LinearModel:
        return LinearModel(
            classes=tuple(str(c) for c in self.classes_),
            terms=terms,
            display=display,
            seed_words=tuple(words),
            seed_stems=tuple(words.values()),
            idf=np.asarray(self.idf_, dtype=np.float64),
            coef=np.asarray(self.coef_, dtype=np.float64),
            intercept=np.asarray(self.intercept_, dtype=np.float64),
            ngram_range=tuple(int(n) for n in self.ngram_range),
            sublinear_tf=bool(self.sublinear_tf),
            abstain_label=self.abstain_label,
            card=self.card_,
        )

    @classmethod
    def _from_linear(cls, linear: LinearModel) -> FramingModel:
        params = dict(linear.card.get("params", {}))
        if "ngram_range" in params:
            params["ngram_range"] = tuple(params["ngram_range"])
        valid = cls().get_params()
        model = cls(**{k: v for k, v in params.items() if k in valid})
        if linear.card.get("label_type") == "int":
            model.classes_ = np.asarray([int(c) for c in linear.classes])
        else:
            model.classes_ = np.asarray(linear.classes, dtype=object)
        model.vocabulary_ = dict(linear.vocabulary)
        model.idf_ = linear.idf
        model.coef_ = linear.coef
        model.intercept_ = linear.intercept
        model.card_ = dict(linear.card)
        model._linear = linear
        return model

    def _scorer(self) -> LinearModel:
        linear = getattr(self, "_linear", None)
        if linear is None:
            raise NotFittedError(
                "this FramingModel is not trained yet; call fit(texts, labels) or framing.train(...) first"
            )
        return linear

    @property
    def labels_(self) -> tuple[str, ...]:
        """The labels a prediction can carry: every class except ``abstain_label``."""
        return self._scorer().labels

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Return an array of class probabilities, shape ``(n_texts, n_classes)``, columns as ``classes_``."""
        scorer, texts = self._scorer(), check_texts(X)
        if not texts:
            return np.zeros((0, len(scorer.classes)))
        return np.vstack([scorer.predict_proba(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)])

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """Return the most probable class of each text (``abstain_label`` included)."""
        proba = self.predict_proba(X)
        return np.asarray(self.classes_)[proba.argmax(axis=1)]

    def classify(self, texts: Iterable[str]) -> list[Prediction]:
        """Return a :class:`~framing.Prediction` per text, as ``framing.classify_many`` does."""
        from ._api import classify_many

        return classify_many(texts, model=self)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model to ``path`` (a ``.npz`` file) atomically and return the path."""
        return _modelio.save(self._scorer(), path)


def _surface_forms(
    texts: Sequence[str], vocabulary: dict[str, int], ngram_range: tuple[int, ...]
) -> tuple[tuple[str, ...], dict[str, str]]:
    """Return, for each term, the surface form most often seen for it in ``texts``; and the
    stem of every word seen (so that scoring need not stem them again)."""
    seen: dict[int, Counter[str]] = defaultdict(Counter)
    word_stems: dict[str, str] = {}
    low, high = ngram_range
    for text in texts:
        words = _text.words(text)
        stems = _text.stems(words)
        word_stems.update((w, s) for w, s in zip(words, stems, strict=True) if len(w) <= _text.MAX_CACHED_WORD)
        for n in range(low, high + 1):
            for i in range(len(words) - n + 1):
                j = vocabulary.get(" ".join(stems[i : i + n]))
                if j is not None:
                    seen[j][" ".join(words[i : i + n])] += 1
    by_index = sorted(vocabulary.items(), key=lambda item: item[1])
    display = tuple(min(seen[j].items(), key=lambda kv: (-kv[1], kv[0]))[0] if seen[j] else t for t, j in by_index)
    return display, dict(sorted(word_stems.items()))


def _plain(value: Any) -> Any:
    """Return a parameter value as plain JSON data (tuples as lists, NumPy scalars as numbers)."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def _nltk_version() -> str:
    from importlib.metadata import version

    return version("nltk")


def cross_validated_scores(model: FramingModel, texts: list[str], labels: list[str], folds: int) -> dict[str, Any]:
    """Return stratified macro-F1 and accuracy of a clone of ``model``.

    Uses ``folds`` folds, or as many as the rarest label has examples; with fewer than
    3 examples of a label it is skipped, and the result says why.
    """
    from sklearn.model_selection import StratifiedKFold, cross_validate

    if folds < 2:
        raise DataError(f"cross-validation needs 2 folds or more, not {folds}; pass cv=None to skip it")
    label, fewest = min(Counter(labels).items(), key=lambda kv: (kv[1], kv[0]))
    if fewest < 3:
        return {"skipped": f"label {label!r} has {fewest} examples; cross-validation needs 3 or more"}
    folds = min(folds, fewest)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    result = cross_validate(model, texts, labels, cv=splitter, scoring=("f1_macro", "accuracy"), error_score="raise")
    return {
        "folds": folds,
        "f1_macro": round(float(result["test_f1_macro"].mean()), 4),
        "f1_macro_std": round(float(result["test_f1_macro"].std()), 4),
        "accuracy": round(float(result["test_accuracy"].mean()), 4),
    }
