"""FramingModel as a scikit-learn estimator, and framing.train."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_predict, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

import framing
from framing import FramingModel


def test_train_any_label_set(topic_model, topic_data):
    assert list(topic_model.classes_) == ["health", "trade", "weather"]
    assert topic_model.labels_ == ("health", "trade", "weather")
    prediction = framing.classify("Doctors at the hospital treated patients.", model=topic_model)
    assert prediction.label == "health"
    assert set(prediction.scores) == {"health", "trade", "weather"}
    assert prediction.none_probability == 0.0


def test_predict_and_proba(topic_model):
    texts = ["Tariffs on steel exports", "Snow and wind on the coast"]
    assert list(topic_model.predict(texts)) == ["trade", "weather"]
    proba = topic_model.predict_proba(texts)
    assert proba.shape == (2, 3)
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_matches_plain_sklearn_pipeline(topic_data):
    """The NumPy scorer reproduces TfidfVectorizer + LogisticRegression exactly."""
    from functools import partial

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from framing import _text

    texts, labels = topic_data
    model = FramingModel(min_df=1, C=5.0).fit(texts, labels)
    reference = make_pipeline(
        TfidfVectorizer(analyzer=partial(_text.analyze, ngram_range=(1, 2)), sublinear_tf=True),
        LogisticRegression(C=5.0, class_weight="balanced", max_iter=3000),
    ).fit(texts, labels)
    probe = texts[:5] + ["steel rain patients", "nothing known here", ""]
    assert np.allclose(model.predict_proba(probe), reference.predict_proba(probe), atol=1e-9)


def test_binary_labels(topic_data):
    texts, labels = topic_data
    pairs = [(t, y) for t, y in zip(texts, labels, strict=True) if y != "weather"]
    model = FramingModel(min_df=1).fit([t for t, _ in pairs], [y for _, y in pairs])
    assert model.coef_.shape[0] == 2
    assert list(model.predict(["exports and tariffs", "the hospital ward"])) == ["trade", "health"]


def test_sklearn_protocol(topic_model, topic_data):
    params = topic_model.get_params()
    assert params["abstain_label"] is None and params["min_df"] == 1
    fresh = clone(topic_model)
    assert not hasattr(fresh, "classes_")
    assert fresh.get_params() == params
    fresh.set_params(C=1.0)
    assert fresh.C == 1.0


def test_cross_validate_and_pipeline(topic_data):
    texts, labels = topic_data
    pipeline = make_pipeline(FunctionTransformer(lambda xs: [x.upper() for x in xs]), FramingModel(min_df=1))
    result = cross_validate(pipeline, texts, labels, cv=3, scoring="f1_macro")
    assert len(result["test_score"]) == 3
    assert result["test_score"].mean() > 0.6


def test_integer_labels_stay_integers(topic_data, tmp_path):
    texts, labels = topic_data
    codes = {"health": 0, "trade": 1, "weather": 2}
    y = np.array([codes[label] for label in labels])
    model = FramingModel(min_df=1).fit(texts, y)
    assert model.classes_.tolist() == [0, 1, 2]
    predicted = model.predict(["Tariffs on steel exports", "Doctors at the hospital treated patients."])
    assert predicted.tolist() == [1, 0]
    loaded = framing.load_model(model.save(tmp_path / "codes.npz"))
    assert loaded.classes_.tolist() == [0, 1, 2] and loaded.predict(["Tariffs on steel exports"]).tolist() == [1]
    assert framing.classify("Tariffs on steel exports", model=loaded).label == "1"  # a Prediction's label is a str


def test_cross_val_predict_probabilities(topic_data):
    # scikit-learn encodes the labels as integers before fitting for method="predict_proba"
    texts, labels = topic_data
    proba = cross_val_predict(FramingModel(min_df=1), texts, labels, cv=3, method="predict_proba")
    assert proba.shape == (len(texts), 3)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert (np.asarray(["health", "trade", "weather"])[proba.argmax(axis=1)] == np.asarray(labels)).mean() > 0.8


def test_same_data_same_model(topic_data):
    a = framing.train(*topic_data, cv=None, min_df=1)
    b = framing.train(*topic_data, cv=None, min_df=1)
    assert a.vocabulary_ == b.vocabulary_
    assert np.array_equal(a.coef_, b.coef_) and np.array_equal(a.intercept_, b.intercept_)
    assert a.card_["data_sha256"] == b.card_["data_sha256"]


def test_train_records_cross_validation(topic_data):
    model = framing.train(*topic_data, cv=3, min_df=1)
    cv = model.card_["cross_validation"]
    assert cv["folds"] == 3 and cv["f1_macro"] > 0.8  # the topics share no words: easy to separate


def test_card(topic_model, topic_data):
    card = topic_model.card_
    assert card["labels"] == ["health", "trade", "weather"]
    assert card["training_size"] == len(topic_data[0])
    assert len(card["data_sha256"]) == 64
    for key in ("framing_version", "sklearn_version", "nltk_version", "trained", "params"):
        assert card[key]


@pytest.mark.parametrize(
    ("texts", "labels", "message"),
    [
        (["a b", "c d"], ["x"], "2 texts but 1 labels"),
        (["alpha beta", "alpha gamma", "beta gamma"], ["x", "x", "x"], "at least two labels"),
        (["alpha beta", "alpha gamma", "beta gamma"], ["x", "x", "y"], "'y' has a single example"),
        (["alpha", "beta", "gamma", "delta"], ["x", "x", "y", "y"], "nothing to learn from"),
        (["alpha beta", "alpha gamma"], ["x", ""], "non-empty strings"),
        (["alpha beta", "alpha gamma"], ["x", None], "non-empty strings"),
        (["alpha beta", "alpha gamma"], [True, False], "or integers"),
        (["alpha beta", "alpha gamma"], [1.0, 2.0], "or integers"),
        (["alpha beta", "alpha gamma", "beta gamma", "gamma"], ["x", 1, "x", 1], "mix strings and integers"),
    ],
)
def test_fit_rejects_bad_data(texts, labels, message):
    with pytest.raises(framing.DataError, match=message):
        FramingModel().fit(texts, labels)


@pytest.mark.parametrize("ngram_range", [(0, 1), (2, 1), (1, 4), (1,)])
def test_fit_rejects_bad_ngram_range(topic_data, ngram_range):
    with pytest.raises(ValueError, match="ngram_range"):
        FramingModel(ngram_range=ngram_range, min_df=1).fit(*topic_data)


def test_train_rejects_a_single_string_of_texts_or_labels(topic_data):
    texts, labels = topic_data
    with pytest.raises(framing.DataError, match="not a single str"):
        framing.train(texts[:4], "aabb", cv=None, min_df=1)
    with pytest.raises(framing.TextTypeError, match="single str"):
        framing.train("alpha", list("alpha"), cv=None, min_df=1)


def test_fit_rejects_non_text():
    with pytest.raises(TypeError, match="text 1 must be str, not int"):
        FramingModel().fit(["alpha beta", 5], ["x", "y"])
    with pytest.raises(TypeError, match="single str"):
        FramingModel().fit("alpha beta", ["x"])


def test_cv_folds_shrink_to_the_rarest_label(topic_data):
    texts, labels = topic_data
    model = framing.train(texts, labels, cv=10, min_df=1)
    assert model.card_["cross_validation"]["folds"] == 6
    with pytest.raises(framing.DataError, match="2 folds or more"):
        framing.train(texts, labels, cv=1, min_df=1)


def test_no_data_and_numpy_params(topic_data, tmp_path):
    with pytest.raises(framing.DataError, match="at least two labels"):
        framing.train([], [])
    model = framing.train(*topic_data, cv=None, min_df=np.int64(1), C=np.float64(2.0))
    assert framing.load_model(model.save(tmp_path / "m.npz")).get_params()["C"] == 2.0


def test_unfitted_model_says_what_to_do(tmp_path):
    model = FramingModel()
    with pytest.raises(framing.NotFittedError, match="call fit"):
        model.predict(["text"])
    with pytest.raises(framing.NotFittedError):
        model.save(tmp_path / "m.npz")
    with pytest.raises(framing.NotFittedError):
        framing.classify("text", model=model)


def test_classify_rejects_other_model_objects():
    with pytest.raises(TypeError, match="model must be"):
        framing.classify("text", model=42)
