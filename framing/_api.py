"""The functions users call: classify, classify_many, train, load_model."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from . import _modelio
from ._errors import ModelFileError, check_texts, wrong_text_type
from ._prediction import Prediction
from ._scoring import CHUNK, LinearModel

if TYPE_CHECKING:
    from ._estimator import FramingModel

ModelLike = Union["FramingModel", str, "os.PathLike[str]", None]

#: The four securitization modes of the bundled model, after Aradau.
MODES = ("immigration", "prostitution", "organized_crime", "human_rights")

DEFAULT_MODEL_NAME = "default.npz"


def default_model_path() -> Path:
    """Return the path of the model bundled inside the installed package."""
    return Path(str(resources.files("framing") / "models" / DEFAULT_MODEL_NAME))


@lru_cache(maxsize=1)
def _default() -> LinearModel:
    path = default_model_path()
    if not path.is_file():
        raise ModelFileError(
            f"the bundled model is missing from this installation ({path}); "
            "reinstall framing: pip install --force-reinstall framing"
        )
    return _modelio.load(path)


@lru_cache(maxsize=8)
def _from_file(path: str, mtime_ns: int) -> LinearModel:
    return _modelio.load(path)


def resolve(model: ModelLike) -> LinearModel:
    """Return the scorer for ``model``: None (bundled), a FramingModel, or a model file path."""
    if model is None:
        return _default()
    if isinstance(model, (str, os.PathLike)):
        path = Path(model)
        if not path.is_file():
            raise ModelFileError(f"no model file at {path}; train one with: framing train DATA.csv -o {path}")
        return _from_file(str(path.resolve()), path.stat().st_mtime_ns)
    scorer = getattr(model, "_scorer", None)
    if scorer is None:
        raise TypeError(f"model must be a FramingModel, a model file path or None, not {type(model).__name__}")
    return scorer()


def classify(text: str, *, model: ModelLike = None) -> Prediction:
    """Classify one text by the securitization mode it uses.

    ``model`` is a :class:`FramingModel`, the path of a saved model, or ``None`` for
    the bundled model. The returned prediction's ``label`` is ``None`` when the text
    carries no signal or frames trafficking in none of the modes.

    Raises:
        TextTypeError: ``text`` is not a str (a ``TypeError``).
    """
    if not isinstance(text, str):
        raise wrong_text_type(text)
    return resolve(model).predictions([text])[0]


def classify_many(texts: Iterable[str], *, model: ModelLike = None, n_jobs: int | None = None) -> list[Prediction]:
    """Classify many texts; return one prediction per text, in input order.

    ``n_jobs`` processes share a large batch (``-1``: one per core); ``None`` or 1
    scores in this process. The result is the same either way.

    Raises:
        TextTypeError: ``texts`` is a single str or a mapping, or one of them is not a str.
        ValueError: ``n_jobs`` is 0 or not a whole number.
    """
    items = check_texts(texts, "texts[{}]")
    if n_jobs is not None and (not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0):
        raise ValueError(f"n_jobs must be None or 1 (this process), N processes or -1 (all cores), not {n_jobs!r}")
    scorer = resolve(model)
    chunks = [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
    if n_jobs in (None, 1) or len(chunks) < 3:
        return [prediction for chunk in chunks for prediction in scorer.predictions(chunk)]
    from joblib import Parallel, delayed

    # Workers load the model once (by path, or the bundled one) and send back compact
    # arrays; the Prediction objects are built here.
    ref = scorer if model is not None and not isinstance(model, (str, os.PathLike)) else model
    scored = Parallel(n_jobs=n_jobs, return_as="generator")(delayed(_score)(ref, chunk) for chunk in chunks)
    return [prediction for part in scored for prediction in scorer.materialize(part)]


def _score(model: ModelLike | LinearModel, texts: list[str]) -> Any:
    scorer = model if isinstance(model, LinearModel) else resolve(model)
    return scorer.score(texts)


def train(
    texts: Iterable[str], labels: Iterable[str] | Iterable[int], *, cv: int | None = 5, **options: Any
) -> FramingModel:
    """Train a :class:`FramingModel` on ``texts`` and ``labels`` (any label set: strings or integers).

    ``options`` are FramingModel parameters (``C``, ``ngram_range``, ``min_df``,
    ``abstain_label``...). With ``cv``, the model card records ``cv``-fold
    cross-validated macro-F1 and accuracy; ``cv=None`` skips it. The same data and
    options give the same model.

    Raises:
        TextTypeError: ``texts`` is a single str, or one of them is not a str.
        DataError: ``labels`` is a single str, their number differs from the texts', or
            fewer than two labels (or a label with one example) are given.
    """
    from ._estimator import FramingModel, _check_labels, cross_validated_scores

    model = FramingModel(**options)
    texts = check_texts(texts)
    labels = _check_labels(labels, len(texts))
    model.fit(texts, labels)
    if cv:
        model.card_["cross_validation"] = cross_validated_scores(model, texts, labels, cv)
    return model


def load_model(path: str | os.PathLike[str]) -> FramingModel:
    """Read a model saved with ``FramingModel.save`` (never runs code from the file).

    Raises:
        ModelFileError: the file is missing, broken or not a framing model.
        IncompatibleModelError: the file comes from an incompatible version.
    """
    from ._estimator import FramingModel

    linear = _modelio.load(path)
    try:
        return FramingModel._from_linear(linear)
    except (TypeError, ValueError) as exc:
        raise ModelFileError(f"{path} has damaged training parameters ({exc}); {_modelio.RETRAIN_HINT}") from None
