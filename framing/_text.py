"""Text analysis: NLTK tokenising and stemming, and word n-grams.

Only NLTK parts that need no data files are used: ``RegexpTokenizer`` and
``PorterStemmer``. Importing the top-level ``nltk`` package costs more than a
second (it pulls in SciPy), so the two modules are loaded on their own, without
running ``nltk/__init__.py``; see :func:`_load_nltk_parts`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from functools import lru_cache
from typing import Any

#: Words: a letter, then letters or combining marks (two or more characters in all). Digits,
#: apostrophes and hyphens split words (``women's`` gives ``women``). Written for the
#: ``regex`` engine that NLTK uses (``\p{..}`` classes), and as fast there as ``re``.
TOKEN_PATTERN = r"\p{L}[\p{L}\p{M}]+"

#: Longer words are stemmed every time instead of cached (caches stay small).
MAX_CACHED_WORD = 40

_tokenize: Any = None
_stem: Any = None
_INIT_LOCK = threading.Lock()


def _load_nltk_parts() -> tuple[Any, Any]:
    """Return NLTK's ``RegexpTokenizer`` and ``PorterStemmer`` classes, cheaply.

    When ``nltk`` is already imported, its modules are used as they are. Otherwise
    empty stand-ins for the ``nltk`` and ``nltk.stem``/``nltk.tokenize`` packages
    are put in ``sys.modules`` just long enough to import the two modules, then
    removed, so a later ``import nltk`` by the user runs normally.
    """
    if "nltk" in sys.modules:
        from nltk.stem.porter import PorterStemmer
        from nltk.tokenize.regexp import RegexpTokenizer

        return RegexpTokenizer, PorterStemmer
    # (A thread that imports nltk during these few milliseconds would see the stand-ins.)
    before = set(sys.modules)
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("NLTK is not installed; run: pip install nltk")
    roots = list(spec.submodule_search_locations)
    shells = {"nltk": roots}
    for sub in ("stem", "tokenize"):
        shells[f"nltk.{sub}"] = [f"{root}/{sub}" for root in roots]
    for name, path in shells.items():
        shell = types.ModuleType(name)
        shell.__path__ = path
        sys.modules[name] = shell
    try:
        tokenizer_cls = importlib.import_module("nltk.tokenize.regexp").RegexpTokenizer
        stemmer_cls = importlib.import_module("nltk.stem.porter").PorterStemmer
    finally:
        for name in list(sys.modules):
            if name not in before and (name == "nltk" or name.startswith("nltk.")):
                del sys.modules[name]
    return tokenizer_cls, stemmer_cls


def _init() -> None:
    global _tokenize, _stem
    with _INIT_LOCK:
        if _tokenize is not None:
            return
        tokenizer_cls, stemmer_cls = _load_nltk_parts()
        tokenizer = tokenizer_cls(TOKEN_PATTERN)
        if getattr(tokenizer, "_regexp", 0) is None:
            # NLTK compiles patterns with its ReDoS guard: the `regex` module under a
            # match timeout, whose wrapper makes tokenising 2-3 times slower.
            # TOKEN_PATTERN is linear in the text (no nested repeats), so it is
            # compiled by `regex` itself, without the wrapper: same engine, same tokens.
            import regex

            tokenizer._regexp = regex.compile(TOKEN_PATTERN, regex.UNICODE | regex.MULTILINE | regex.DOTALL)
        stem = stemmer_cls().stem
        cached = lru_cache(maxsize=1 << 18)(stem)

        def stem_word(word: str) -> str:
            return cached(word) if len(word) <= MAX_CACHED_WORD else stem(word)

        _stem = stem_word
        _tokenize = tokenizer.tokenize


def nltk_tokenizer() -> Any:
    """Return NLTK's ``RegexpTokenizer`` for :data:`TOKEN_PATTERN`, compiled the NLTK way."""
    tokenizer_cls, _ = _load_nltk_parts()
    return tokenizer_cls(TOKEN_PATTERN)


def words(text: str) -> list[str]:
    """Return the lower-cased words of ``text`` (see :data:`TOKEN_PATTERN`)."""
    return tokenize(text.lower())


def tokenize(text: str) -> list[str]:
    """Return the words of ``text`` as they are, with NLTK's RegexpTokenizer and :data:`TOKEN_PATTERN`."""
    if _tokenize is None:
        _init()
    return _tokenize(text)


def stem(word: str) -> str:
    """Return the Porter stem of ``word`` (cached: each distinct word is stemmed once)."""
    if _stem is None:
        _init()
    return _stem(word)


def stems(tokens: list[str]) -> list[str]:
    """Return the Porter stem of each token."""
    if _stem is None:
        _init()
    cached = _stem
    return [cached(t) for t in tokens]


def ngrams(units: list[str], ngram_range: tuple[int, int]) -> list[str]:
    """Return the n-grams of ``units`` for n in ``ngram_range``, joined by spaces."""
    low, high = ngram_range
    if high == 1 and low == 1:
        return list(units)
    out: list[str] = list(units) if low == 1 else []
    count = len(units)
    for n in range(max(low, 2), high + 1):
        out.extend(" ".join(units[i : i + n]) for i in range(count - n + 1))
    return out


def analyze(text: str, ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    """Return the features of ``text``: stemmed word n-grams (the training analyzer)."""
    return ngrams(stems(words(text)), ngram_range)
