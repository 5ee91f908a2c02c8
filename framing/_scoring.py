"""Scoring with NumPy alone: TF-IDF features and a linear softmax model.

This is the classify path. It reproduces what scikit-learn's ``TfidfVectorizer``
and ``LogisticRegression`` compute, from plain arrays, so that classifying never
imports scikit-learn.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np

from . import _text
from ._prediction import Prediction

#: How many evidence terms a prediction carries.
EVIDENCE_TERMS = 8
#: Texts are scored in chunks of this many, to bound memory.
CHUNK = 4096


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A trained model as plain arrays: what a model file holds and what scores texts.

    ``coef`` has one row per class (a binary model is stored as two opposite rows),
    ``terms[i]`` is the feature for column ``i`` (stemmed n-gram) and ``display[i]``
    the form of it most often seen in training, shown as evidence. ``seed_words``
    and ``seed_stems`` are the training words and their stems, so that scoring
    stems only words it has not seen.
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
    seed_words: tuple[str, ...] = ()
    seed_stems: tuple[str, ...] = ()
    vocabulary: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vocabulary", {t: i for i, t in enumerate(self.terms)})
        abstain = self.abstain_label if self.abstain_label in self.classes else None
        object.__setattr__(self, "abstain_label", abstain)
        # Each term's weight for a class against the class average: what evidence reports.
        object.__setattr__(self, "_centred", self.coef - self.coef.mean(axis=0, keepdims=True))

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels a prediction can carry: every class but the abstain label."""
        return tuple(c for c in self.classes if c != self.abstain_label)

    def __getstate__(self) -> dict[str, Any]:
        # Pickled for worker processes: the lookup tables are rebuilt there.
        return {k: v for k, v in self.__dict__.items() if k != "_lookup_cache"}

    def _lookup(self) -> _Lookup:
        lookup = self.__dict__.get("_lookup_cache")
        if lookup is None:
            lookup = _Lookup(self.terms, self.ngram_range, zip(self.seed_words, self.seed_stems, strict=True))
            object.__setattr__(self, "_lookup_cache", lookup)
        return lookup

    def features(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(doc, column, value)`` arrays of the L2-normalised TF-IDF matrix, sorted by doc.

        ``texts`` must all be str (the public functions check).
        """
        doc, col = self._lookup().columns(texts)
        n_terms = len(self.terms)
        keys, counts = np.unique(doc * n_terms + col, return_counts=True)
        doc, col = keys // n_terms, keys % n_terms
        tf = counts.astype(np.float64)
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
        return self.materialize(self.score(texts))

    def score(self, texts: Sequence[str]) -> Scored:
        """Score ``texts`` into compact arrays (what worker processes send back)."""
        n = len(texts)
        doc, col, value = self.features(texts)
        proba = self._proba(n, doc, col, value)
        label_idx = [k for k, c in enumerate(self.classes) if c != self.abstain_label]
        framed = proba[:, label_idx]
        framed_sum = framed.sum(axis=1, keepdims=True)
        framed = np.divide(framed, framed_sum, out=np.full_like(framed, 1 / len(label_idx)), where=framed_sum > 0)
        best = np.asarray(label_idx)[framed.argmax(axis=1)]
        # The label: the best framing label, unless the abstain class wins or no term is known.
        label = np.where(np.bincount(doc, minlength=n) > 0, best, -1)
        if self.abstain_label is not None:
            abstain = self.classes.index(self.abstain_label)
            label[proba.argmax(axis=1) == abstain] = -1
            none_p = proba[:, abstain]
        else:
            none_p = np.zeros(n)
        # Evidence: each feature's pull toward the best label, against the class average;
        # by doc, strongest first (ties keep column order), with one sort of a combined key.
        pull = value * self._centred[best[doc], col]
        positive = np.flatnonzero(pull > 0)
        scale = float(pull[positive].max()) + 1.0 if positive.size else 1.0
        order = positive[np.argsort(doc[positive] * scale - pull[positive], kind="stable")]
        starts = np.searchsorted(doc[order], np.arange(n + 1))
        rank = np.arange(len(order)) - np.repeat(starts[:-1], np.diff(starts))
        order = order[rank < EVIDENCE_TERMS]
        return Scored(
            label=label,
            framed=framed,
            none_p=none_p,
            evidence_col=col[order],
            evidence_weight=pull[order],
            evidence_start=np.searchsorted(doc[order], np.arange(n + 1)),
        )

    def materialize(self, scored: Scored) -> list[Prediction]:
        """Turn scored arrays into :class:`Prediction` objects."""
        # Plain lists from here: indexing them is much cheaper than indexing arrays.
        classes, display = self.classes, self.display
        labels = [c for c in classes if c != self.abstain_label]
        label_of = [None if k < 0 else classes[k] for k in scored.label.tolist()]
        weights = np.round(scored.evidence_weight, 4).tolist()
        pairs = list(zip([display[c] for c in scored.evidence_col.tolist()], weights, strict=True))
        starts = scored.evidence_start.tolist()
        none_p = np.round(scored.none_p, 6).tolist()
        # Building many small objects triggers the cyclic garbage collector over and over,
        # though none of them can form a cycle: pausing it here makes batches ~20% faster.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return [
                Prediction(
                    label_of[d], dict(zip(labels, row, strict=True)), none_p[d], tuple(pairs[starts[d] : starts[d + 1]])
                )
                for d, row in enumerate(scored.framed.tolist())
            ]
        finally:
            if collecting:
                gc.enable()


@dataclass(frozen=True)
class Scored:
    """Scores of a batch as arrays: label index (-1 for none), framed-label probabilities,
    abstain probability, and each text's evidence (columns and weights from its start)."""

    label: np.ndarray
    framed: np.ndarray
    none_p: np.ndarray
    evidence_col: np.ndarray
    evidence_weight: np.ndarray
    evidence_start: np.ndarray


class _Lookup:
    """Maps texts straight to feature columns, without building n-gram strings.

    A chunk of texts is tokenised in one call, joined by a separator word that no
    lower-cased text can contain. Each distinct word is stemmed and mapped to a stem
    id once (cached); n-grams become integer keys over stem ids, found in a hash
    table. Gives exactly the columns that ``_text.analyze`` and the
    vocabulary give (a test checks this).
    """

    SEPARATOR = "TEXTBREAK"  # upper case: never produced by a lower-cased text

    def __init__(self, terms: Sequence[str], ngram_range: tuple[int, int], seed: Iterable[tuple[str, str]]) -> None:
        self.low, self.high = ngram_range
        stem_ids: dict[str, int] = {}
        split = [t.split(" ") for t in terms]
        for parts in split:
            for part in parts:
                stem_ids.setdefault(part, len(stem_ids))
        self.unknown = len(stem_ids)  # every stem that no term uses
        self.separator = self.unknown + 1
        self.base = self.unknown + 2
        if self.base**self.high >= 2**62:
            raise ValueError(f"n-grams up to n={self.high} over {self.base} stems overflow the lookup keys")
        self.stem_ids = stem_ids
        self.unigram = np.full(self.base, -1, dtype=np.int64)
        keys, columns = [], []
        for column, parts in enumerate(split):
            ids = [stem_ids[p] for p in parts]
            if len(ids) == 1:
                self.unigram[ids[0]] = column
            else:
                key = 0
                for i in ids:
                    key = key * self.base + i
                keys.append(key)
                columns.append(column)
        self.ngrams = _IntTable(keys, columns)
        # Stems that start or end an n-gram: only n-grams with both ends in them are looked up.
        self.starts_ngram = np.zeros(self.base, dtype=bool)
        self.ends_ngram = np.zeros(self.base, dtype=bool)
        for parts in split:
            if len(parts) > 1:
                self.starts_ngram[stem_ids[parts[0]]] = True
                self.ends_ngram[stem_ids[parts[-1]]] = True
        self.word_ids = _WordIds(self)
        unknown = self.unknown
        self.word_ids.update((word, stem_ids.get(stem, unknown)) for word, stem in seed)

    def columns(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(doc, column)`` for every n-gram of ``texts`` that is in the vocabulary."""
        joined = f" {self.SEPARATOR} ".join([text.lower() for text in texts])
        words = _text.tokenize(joined)
        ids = np.asarray(
            itemgetter(*words)(self.word_ids) if len(words) > 1 else [self.word_ids[w] for w in words], dtype=np.int64
        )
        doc_of = np.cumsum(ids == self.separator)
        docs, cols = [], []
        for n in range(self.low, self.high + 1):
            if len(ids) < n:
                continue
            if n == 1:
                found = self.unigram[ids]
            else:
                count = len(ids) - n + 1
                at = np.flatnonzero(self.starts_ngram[ids[:count]] & self.ends_ngram[ids[n - 1 :]])
                key = ids[at]
                for k in range(1, n):
                    key = key * self.base + ids[at + k]
                found = np.full(count, -1, dtype=np.int64)
                found[at] = self.ngrams.get(key)
            keep = found >= 0
            docs.append(doc_of[: len(found)][keep])
            cols.append(found[keep])
        if not docs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(docs), np.concatenate(cols)


class _WordIds(dict):
    """word -> stem id, filled on first sight of each word (bounded)."""

    LIMIT = 1 << 20

    def __init__(self, lookup: _Lookup) -> None:
        super().__init__()
        self.stem_ids = lookup.stem_ids
        self.unknown = lookup.unknown
        self.reserved = {lookup.SEPARATOR: lookup.separator}
        self.update(self.reserved)

    def __missing__(self, word: str) -> int:
        sid = self.stem_ids.get(_text.stem(word), self.unknown)
        if len(word) <= _text.MAX_CACHED_WORD:
            if len(self) >= self.LIMIT:
                self.clear()
                self.update(self.reserved)
            self[word] = sid
        return sid


class _IntTable:
    """A hash table from int64 keys to int64 values, looked up a whole array at a time.

    Open addressing with linear probing, at most a quarter full, so nearly every
    lookup ends at its first slot. Missing keys give -1.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing

    def __init__(self, keys: Sequence[int], values: Sequence[int]) -> None:
        bits = max(4, (4 * len(keys)).bit_length())
        self.mask = (1 << bits) - 1
        self.shift = np.uint64(64 - bits)
        self.keys = np.full(self.mask + 1, -1, dtype=np.int64)
        self.values = np.full(self.mask + 1, -1, dtype=np.int64)
        slots = self._slots(np.asarray(keys, dtype=np.int64)).tolist()
        for key, value, slot in zip(keys, values, slots, strict=True):
            while self.keys[slot] != -1:
                slot = (slot + 1) & self.mask
            self.keys[slot] = key
            self.values[slot] = value

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((keys.astype(np.uint64) * self._MULTIPLIER) >> self.shift).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """Return the value of each key, -1 where a key is absent."""
        out = np.full(len(keys), -1, dtype=np.int64)
        slots = self._slots(keys)
        pending = np.arange(len(keys))
        while pending.size:
            stored = self.keys[slots[pending]]
            hit = stored == keys[pending]
            out[pending[hit]] = self.values[slots[pending[hit]]]
            pending = pending[~hit & (stored != -1)]
            slots[pending] = (slots[pending] + 1) & self.mask
        return out
