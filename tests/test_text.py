"""Tokenising, stemming and the fast scoring path agree with the training analyzer."""

import subprocess
import sys

import numpy as np
import pytest

import framing
from framing import _text

ODD = [
    "Women's shelters; anti-trafficking police — arrested 12 brokers!",
    "TEXTBREAK textbreak TextBreak: the separator word, in every case",
    "İstanbul ÇAĞLAYAN court heard the case; ǅemal and ﬁnance ministries",
    "Combining marks: cafe\u0301 nai\u0308ve; zero\u200bwidth; non-breaking\u00a0space",
    "Русский текст о торговле людьми, 中文人口贩卖, عربى نص",
    "a b c d e f g",
    "x" * 5000 + " visa",
    "\n\n\t  ",
    "",
]


def test_nltk_tokenizer_and_fast_compile_agree():
    reference = _text.nltk_tokenizer()
    for text in ODD + ["Police in Osaka arrested 3 men; the club's visas were forged.", "हिन्दी भाषा தமிழ்"]:
        assert _text.tokenize(text) == reference.tokenize(text)
    assert _text.words("हिन्दी भाषा") == ["हिन्दी", "भाषा"]


def test_nltk_parts_are_loaded_once_when_threads_race():
    # Widen the race window: loading takes 50 ms, and eight threads ask for a stem at once.
    code = (
        "import threading, time\n"
        "from framing import _text\n"
        "calls = []\n"
        "load = _text._load_nltk_parts\n"
        "def slow_load():\n"
        "    calls.append(1); time.sleep(0.05); return load()\n"
        "_text._load_nltk_parts = slow_load\n"
        "results = []\n"
        "threads = [threading.Thread(target=lambda: results.append(_text.stem('trafficked'))) for _ in range(8)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(len(calls), sorted(set(results)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "1 ['traffick']"


def test_words_and_stems():
    assert _text.words("Trafficked WOMEN's visas, 2004") == ["trafficked", "women", "visas"]
    assert _text.stems(["trafficking", "prostitution"]) == ["traffick", "prostitut"]
    assert _text.ngrams(["a1", "b2", "c3"], (1, 2)) == ["a1", "b2", "c3", "a1 b2", "b2 c3"]
    assert _text.ngrams(["a1", "b2", "c3"], (2, 3)) == ["a1 b2", "b2 c3", "a1 b2 c3"]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (1, 3), (2, 3)])
def test_fast_path_matches_sklearn_on_odd_text(ngram_range):
    from functools import partial

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from framing import _data

    rows = _data.passages("train")[:400]
    texts = [r["text"] for r in rows] + ODD[:3]
    labels = [r["label"] for r in rows] + ["none"] * 3
    model = framing.FramingModel(ngram_range=ngram_range, min_df=1).fit(texts, labels)
    reference = make_pipeline(
        TfidfVectorizer(analyzer=partial(_text.analyze, ngram_range=ngram_range), sublinear_tf=True),
        LogisticRegression(C=20.0, class_weight="balanced", max_iter=3000),
    ).fit(texts, labels)
    probe = ODD + [r["text"] for r in _data.passages("heldout")[:50]]
    assert np.allclose(model.predict_proba(probe), reference.predict_proba(probe), atol=1e-8)
    # Scoring texts one at a time or in one batch gives the same result.
    single = np.vstack([model.predict_proba([t]) for t in probe])
    assert np.allclose(single, model.predict_proba(probe), atol=1e-12)
