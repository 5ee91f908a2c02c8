"""The peers the bundled model is measured against: a keyword dictionary and plain TF-IDF + LR."""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

#: Stock vocabulary of each mode, after the table in DOMAIN.md (word prefixes).
KEYWORDS = {
    "immigration": [
        "immigra",
        "border",
        "visa",
        "passport",
        "illegal stay",
        "overstay",
        "residence status",
        "status of residence",
        "entertainer visa",
        "landing",
        "irregular migra",
        "smuggling of migrants",
        "entry screening",
        "deport",
        "removal",
        "detention",
        "coast guard",
        "consulat",
        "asylum",
    ],
    "prostitution": [
        "prostitut",
        "sex industry",
        "brothel",
        "hostess",
        "buying sex",
        "sex purchase",
        "sexual exploit",
        "adult entertainment",
        "sex work",
        "red-light",
        "pimp",
        "client",
        "demand",
    ],
    "organized_crime": [
        "criminal",
        "syndicate",
        "yakuza",
        "triad",
        "snakehead",
        "arrest",
        "convict",
        "penal code",
        "money laundering",
        "ring",
        "busted",
        "gang",
        "prosecut",
        "police",
        "interpol",
        "europol",
        "organized crime",
        "organised crime",
        "sentence",
    ],
    "human_rights": [
        "human rights",
        "rights of victims",
        "dignity",
        "forced labour",
        "forced labor",
        "debt bondage",
        "trainee",
        "ratif",
        "non-refoulement",
        "redress",
        "remed",
        "ilo",
        "convention",
        "compensation",
        "non-punishment",
        "exploitation",
    ],
}


_PATTERNS = {m: re.compile(r"\b(?:" + "|".join(map(re.escape, kws)) + ")", re.I) for m, kws in KEYWORDS.items()}


class KeywordDictionary(ClassifierMixin, BaseEstimator):
    """Count each mode's keywords; the most frequent mode wins, and no hit means ``none``."""

    def fit(self, X, y):
        self.classes_ = np.array(sorted(set(y)))
        return self

    def predict(self, X):
        out = []
        for text in X:
            hits = {m: len(p.findall(text)) for m, p in _PATTERNS.items()}
            best = max(hits, key=lambda m: hits[m])
            out.append(best if hits[best] else "none")
        return np.array(out)


def tfidf_lr():
    """The plain scikit-learn peer: TfidfVectorizer + LogisticRegression, default settings."""
    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
