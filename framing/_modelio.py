"""Model files: plain arrays in a NumPy ``.npz`` archive plus a JSON card.

A model file never holds pickled objects, and it is read with
``allow_pickle=False``: loading one cannot run code. Saving is atomic.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from . import _text
from ._errors import IncompatibleModelError, ModelFileError
from ._scoring import LinearModel
from ._version import __version__

#: The layout of the arrays in a model file; bumped when it changes.
FORMAT_VERSION = 1
_MAGIC = "framing-model"
_PROBE_WORDS = (
    "trafficking trafficked traffickers prostitution prostitutes immigration immigrants "
    "deportation deported organized organised criminal criminals syndicates prosecution "
    "prosecuted rights victims exploitation exploited laboring labouring generously "
    "conditional relational hopefulness dying skies news women's anti-trafficking "
    "café cafe\u0301 naïve İstanbul ǅemal ﬁnance straße हिन्दी தமிழ் 人口贩卖 торговля"
)
RETRAIN_HINT = "retrain it with: framing train DATA.csv -o MODEL.npz"


def analyzer_fingerprint() -> str:
    """Return a short hash of how this installation tokenises and stems.

    A model is only valid with the analyzer it was trained with; a different NLTK
    stemmer would silently change its features, so loading compares this value.
    """
    probe = " ".join(_text.stems(_text.words(_PROBE_WORDS)))
    return hashlib.sha256(f"{_text.TOKEN_PATTERN}\n{probe}".encode()).hexdigest()[:16]


def _pack_strings(values: tuple[str, ...]) -> np.ndarray:
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)


def _unpack_strings(array: np.ndarray) -> tuple[str, ...]:
    text = array.tobytes().decode("utf-8")
    return tuple(text.split("\n")) if text else ()


def save(model: LinearModel, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to ``path`` atomically: a crash leaves any previous file intact."""
    path = Path(path)
    meta = {
        "format": _MAGIC,
        "format_version": FORMAT_VERSION,
        "analyzer": analyzer_fingerprint(),
        "classes": list(model.classes),
        "abstain_label": model.abstain_label,
        "ngram_range": list(model.ngram_range),
        "sublinear_tf": model.sublinear_tf,
        "card": model.card,
    }
    arrays = {
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8),
        "terms": _pack_strings(model.terms),
        "display": _pack_strings(model.display),
        "seed_words": _pack_strings(model.seed_words),
        "seed_stems": _pack_strings(model.seed_stems),
        "idf": model.idf,
        "coef": model.coef,
        "intercept": model.intercept,
    }
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ModelFileError(f"cannot save model: folder {folder} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez_compressed(handle, **arrays)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load(path: str | os.PathLike[str]) -> LinearModel:
    """Read a model file written by :func:`save`, as plain data.

    Raises:
        ModelFileError: the file is missing, broken, or not a framing model.
        IncompatibleModelError: the file comes from an incompatible version.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"a model file is named by a path (str or pathlib.Path), not {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"no model file at {path}; {RETRAIN_HINT}")
    if not zipfile.is_zipfile(path):
        raise ModelFileError(f"{path} is not a framing model file (a .npz archive of plain arrays); {RETRAIN_HINT}")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise ModelFileError(
            f"{path} is not a framing model file (a .npz archive of plain arrays): {exc}; {RETRAIN_HINT}"
        ) from None
    try:
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != _MAGIC:
            raise ValueError("no framing model header")
    except (KeyError, ValueError, AttributeError) as exc:
        raise ModelFileError(f"{path} is not a framing model file ({exc}); {RETRAIN_HINT}") from None
    card = meta.get("card") if isinstance(meta.get("card"), dict) else {}
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        written_by = card.get("framing_version", "an unknown version")
        raise IncompatibleModelError(
            f"{path} was written by framing {written_by} in model format {version}; framing "
            f"{__version__} reads format {FORMAT_VERSION}. Install a matching framing, or {RETRAIN_HINT}"
        )
    if meta.get("analyzer") != analyzer_fingerprint():
        raise IncompatibleModelError(
            f"{path} was trained with a different tokeniser or stemmer (NLTK "
            f"{card.get('nltk_version', '?')}) than this installation's; its features "
            f"would not match. {RETRAIN_HINT[0].upper()}{RETRAIN_HINT[1:]}"
        )
    try:
        model = _build(meta, arrays)
    except (KeyError, ValueError, TypeError) as exc:
        raise ModelFileError(f"{path} is a damaged framing model file ({exc}); {RETRAIN_HINT}") from None
    return model


def _build(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> LinearModel:
    classes = tuple(str(c) for c in meta["classes"])
    terms = _unpack_strings(arrays["terms"])
    display = _unpack_strings(arrays["display"])
    idf = np.asarray(arrays["idf"], dtype=np.float64)
    coef = np.asarray(arrays["coef"], dtype=np.float64)
    intercept = np.asarray(arrays["intercept"], dtype=np.float64)
    seed_words = _unpack_strings(arrays["seed_words"]) if "seed_words" in arrays else ()
    seed_stems = _unpack_strings(arrays["seed_stems"]) if "seed_stems" in arrays else ()
    if len(seed_words) != len(seed_stems):
        raise ValueError("seed word arrays disagree in length")
    n_classes, n_terms = len(classes), len(terms)
    if n_classes < 2 or len(set(classes)) != n_classes:
        raise ValueError(f"needs two or more distinct classes, has {classes}")
    if len(display) != n_terms or idf.shape != (n_terms,):
        raise ValueError("term arrays disagree in length")
    if coef.shape != (n_classes, n_terms) or intercept.shape != (n_classes,):
        raise ValueError(f"weights of shape {coef.shape} do not fit {n_classes} classes x {n_terms} terms")
    if not (np.isfinite(coef).all() and np.isfinite(intercept).all() and np.isfinite(idf).all()):
        raise ValueError("weights are not finite")
    low, high = (int(v) for v in meta["ngram_range"])
    if not 1 <= low <= high <= 3:
        raise ValueError(f"ngram_range {meta['ngram_range']} is not (low, high) with 1 <= low <= high <= 3")
    if not isinstance(meta.get("card", {}), dict):
        raise ValueError("the model card is not a mapping")
    return LinearModel(
        classes=classes,
        terms=terms,
        display=display,
        idf=idf,
        coef=coef,
        intercept=intercept,
        ngram_range=(low, high),
        sublinear_tf=bool(meta["sublinear_tf"]),
        abstain_label=meta.get("abstain_label"),
        card=dict(meta.get("card", {})),
        seed_words=seed_words,
        seed_stems=seed_stems,
    )
