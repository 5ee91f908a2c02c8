"""framing.classify and classify_many on the bundled model."""

import json
import math
import subprocess
import sys

import pytest

import framing

# Short statements written for these tests, one clear mode each.
CLEAR = [
    (
        "Immigration officers will refuse landing permission to applicants whose entertainer visas "
        "rest on forged certificates, and overstayers will be deported.",
        "immigration",
    ),
    (
        "The city will close licensed brothels and fine men who buy sex, to cut the demand that keeps "
        "the sex industry supplied with women.",
        "prostitution",
    ),
    (
        "Police arrested fourteen members of a syndicate and prosecutors seized its assets after a "
        "two-year investigation into the trafficking ring.",
        "organized_crime",
    ),
    (
        "Victims of forced labour and debt bondage have a right to remedies, and the state must ratify "
        "the ILO protocol and protect their dignity.",
        "human_rights",
    ),
]
NONE = [
    "The finance ministry will publish next year's budget for primary schools on Tuesday.",
    "Heavy rain is expected to delay the rice harvest in the northern provinces.",
]


@pytest.mark.parametrize(("text", "mode"), CLEAR)
def test_clear_statements_get_their_mode(text, mode):
    prediction = framing.classify(text)
    assert prediction.label == mode
    assert prediction.scores[mode] == max(prediction.scores.values())


@pytest.mark.parametrize("text", NONE)
def test_statements_about_other_things_get_no_mode(text):
    prediction = framing.classify(text)
    assert prediction.label is None
    assert prediction.none_probability > 0.5


def test_prediction_shape():
    prediction = framing.classify(CLEAR[2][0])
    assert set(prediction.scores) == set(framing.MODES)
    assert math.isclose(sum(prediction.scores.values()), 1.0, rel_tol=1e-9)
    assert all(0.0 <= p <= 1.0 for p in prediction.scores.values())
    assert prediction.evidence, "a framed text has evidence"
    weights = [w for _, w in prediction.evidence]
    assert weights == sorted(weights, reverse=True)
    assert all(w > 0 for w in weights)
    terms = " ".join(t for t, _ in prediction.evidence)
    assert any(word in terms for word in ("arrested", "syndicate", "prosecutors", "ring", "police"))


def test_to_dict_is_json():
    data = framing.classify(CLEAR[0][0]).to_dict()
    again = json.loads(json.dumps(data))
    assert again["label"] == "immigration"
    assert set(again["scores"]) == set(framing.MODES)
    assert isinstance(again["evidence"][0][0], str)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\t  \r\n", "12345 678", "!!! ??? ...", "🙂🙂🙂", "zxqv wqpt jjkx", "\x00\x01", "ــــ"],
)
def test_no_signal_gives_no_label(text):
    prediction = framing.classify(text)
    assert prediction.label is None
    assert prediction.evidence == ()
    assert math.isclose(sum(prediction.scores.values()), 1.0, rel_tol=1e-9)


@pytest.mark.parametrize("bad", [None, b"bytes", 42, 3.5, ["a list"], {"text": "x"}])
def test_non_str_is_a_type_error(bad):
    with pytest.raises(TypeError, match="must be str"):
        framing.classify(bad)


def test_bytes_error_says_how_to_fix():
    with pytest.raises(framing.TextTypeError, match="decode"):
        framing.classify(b"police arrested traffickers")


def test_very_long_and_odd_text_is_classified():
    text = (CLEAR[1][0] + " ") * 2000 + "\u200b\ufeff" + "é" * 100
    assert framing.classify(text).label == "prostitution"


def test_classify_many_matches_classify_in_order():
    texts = [t for t, _ in CLEAR] + NONE + ["", CLEAR[0][0]]
    many = framing.classify_many(texts)
    assert len(many) == len(texts)
    assert many == [framing.classify(t) for t in texts]
    assert [p.label for p in many[:4]] == [m for _, m in CLEAR]
    assert many[-2].label is None


def test_classify_many_accepts_any_iterable_and_empty():
    assert framing.classify_many([]) == []
    assert framing.classify_many(t for t, _ in CLEAR) == framing.classify_many([t for t, _ in CLEAR])


def test_classify_many_in_processes_gives_the_same_predictions(monkeypatch):
    from framing import _api

    monkeypatch.setattr(_api, "CHUNK", 3)  # several chunks, so that the work is shared out
    texts = [t for t, _ in CLEAR] * 2 + NONE
    assert framing.classify_many(texts, n_jobs=2) == framing.classify_many(texts)


@pytest.mark.parametrize("n_jobs", [0, 1.5, "2", True])
def test_classify_many_rejects_bad_n_jobs(n_jobs):
    with pytest.raises(ValueError, match="n_jobs"):
        framing.classify_many(["text"], n_jobs=n_jobs)


def test_classify_many_rejects_a_mapping():
    with pytest.raises(framing.TextTypeError, match="dict"):
        framing.classify_many({"a": "police raided a brothel"})


def test_classify_many_crosses_chunks(monkeypatch):
    from framing import _api

    monkeypatch.setattr(_api, "CHUNK", 3)
    texts = [t for t, _ in CLEAR] * 2 + NONE
    assert [p.label for p in framing.classify_many(texts)] == [p.label for p in map(framing.classify, texts)]


def test_classify_many_rejects_bad_items_by_position():
    with pytest.raises(TypeError, match=r"texts\[2\]"):
        framing.classify_many(["a", "b", None])
    with pytest.raises(TypeError, match="single str"):
        framing.classify_many("one text")


def test_deterministic_across_processes():
    code = f"import framing, json; print(json.dumps(framing.classify({CLEAR[3][0]!r}).to_dict()))"
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
    assert json.loads(runs.pop()) == framing.classify(CLEAR[3][0]).to_dict()


def test_import_and_classify_stay_light():
    code = (
        "import sys, framing; framing.classify('Coast guard patrols intercepted a boat of migrants.'); "
        "print(sorted(m for m in ('sklearn', 'scipy', 'nltk', 'joblib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_nltk_still_imports_normally_afterwards():
    code = (
        "import framing; framing.classify('x y z'); import nltk; from nltk.stem import PorterStemmer; "
        "print(PorterStemmer().stem('trafficking'), hasattr(nltk, 'word_tokenize'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["traffick", "True"]


def test_public_api():
    assert framing.MODES == ("immigration", "prostitution", "organized_crime", "human_rights")
    for name in framing.__all__:
        assert hasattr(framing, name), name
    public = {name for name in dir(framing) if not name.startswith("_")}
    assert public == set(framing.__all__) - {"FramingModel", "__version__"}  # FramingModel: loaded on first use
    assert issubclass(framing.TextTypeError, framing.FramingError)
    assert issubclass(framing.ModelFileError, framing.FramingError)
    with pytest.raises(AttributeError):
        framing.no_such_thing  # noqa: B018
