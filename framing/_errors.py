"""The error hierarchy: every error says what is wrong and what to do next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class FramingError(Exception):
    """Base class of every error raised by ``framing``."""


class TextTypeError(FramingError, TypeError):
    """A text is not a ``str``, or a single text was given where a sequence was expected."""


def wrong_text_type(value: object, where: str = "text") -> TextTypeError:
    """Return the error for ``value`` found where a str was expected."""
    hint = "; decode it first: value.decode('utf-8')" if isinstance(value, (bytes, bytearray)) else ""
    return TextTypeError(f"{where} must be str, not {type(value).__name__}{hint}")


def check_texts(X: Any, item: str = "text {}") -> list[str]:
    """Return ``X`` (a sequence of texts) as a list of str, or raise naming the first bad item
    (``item`` formatted with its position, e.g. ``"texts[{}]"``).

    Raises:
        TextTypeError: ``X`` is a single str or bytes, a mapping, not iterable, or holds a non-str.
    """
    if isinstance(X, (str, bytes, bytearray)):
        raise TextTypeError(f"expected a sequence of texts, got a single {type(X).__name__}; wrap it: [text]")
    if isinstance(X, Mapping):
        raise TextTypeError(f"expected a sequence of texts, got a {type(X).__name__}; pass list(d.values())")
    try:
        texts = list(X)
    except TypeError:
        raise TextTypeError(f"expected a sequence of texts, got {type(X).__name__}") from None
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise wrong_text_type(text, item.format(i))
    return texts


class DataError(FramingError, ValueError):
    """Training or input data that cannot be used: a missing column, an empty file, a bad label."""


class ModelFileError(FramingError, ValueError):
    """A model file that is missing, broken or not a framing model."""


class IncompatibleModelError(ModelFileError):
    """A model file written by a version of framing that this one cannot read."""


class NotFittedError(FramingError, ValueError, AttributeError):
    """A model that has not been trained yet was asked to predict or save."""
