"""Saving and loading model files: round trips, safety, versions, atomic saves."""

import io
import json
import pickle
import zipfile

import joblib
import numpy as np
import pytest

import framing
from framing import _modelio

MARKER_CODE = "open({path!r}, 'w').write('pwned')"


class Payload:
    """Runs code when unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (exec, (MARKER_CODE.format(path=str(self.marker)),))


def test_round_trip_with_new_label_set(topic_model, tmp_path):
    path = topic_model.save(tmp_path / "topics.npz")
    loaded = framing.load_model(path)
    assert isinstance(loaded, framing.FramingModel)
    assert list(loaded.classes_) == ["health", "trade", "weather"]
    assert loaded.get_params() == topic_model.get_params()
    probe = ["hospital patients", "steel tariffs", "storm wind", "", "unknown words only"]
    assert np.array_equal(loaded.predict_proba(probe), topic_model.predict_proba(probe))
    assert framing.classify_many(probe, model=path) == framing.classify_many(probe, model=topic_model)
    assert loaded.card_ == topic_model.card_
    assert oct(path.stat().st_mode & 0o777) == "0o644"


def test_loaded_model_can_be_cloned_and_refit(topic_model, topic_data, tmp_path):
    from sklearn.base import clone

    loaded = framing.load_model(topic_model.save(tmp_path / "m.npz"))
    refit = clone(loaded).fit(*topic_data)
    assert np.array_equal(refit.coef_, topic_model.coef_)


def test_joblib_pickle_with_payload_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / "evil.npz"
    joblib.dump({"model": Payload(marker)}, path)
    with pytest.raises(framing.ModelFileError, match="not a framing model"):
        framing.load_model(path)
    with pytest.raises(framing.ModelFileError):
        framing.classify("text", model=path)
    assert not marker.exists()


def test_npz_with_pickled_object_array_is_refused_and_not_run(topic_model, tmp_path):
    marker = tmp_path / "marker"
    good = tmp_path / "good.npz"
    topic_model.save(good)
    with np.load(good) as archive:
        arrays = {k: archive[k] for k in archive.files}
    arrays["coef"] = np.array([Payload(marker)], dtype=object)
    evil = tmp_path / "evil.npz"
    np.savez(evil, **arrays)
    with pytest.raises(framing.ModelFileError):
        framing.load_model(evil)
    assert not marker.exists()


def test_raw_pickle_is_refused(tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps(Payload(marker)))
    with pytest.raises(framing.ModelFileError):
        framing.load_model(path)
    assert not marker.exists()


@pytest.mark.parametrize("content", [b"", b"not a model at all", b"PK\x03\x04broken zip"])
def test_garbage_files_are_refused(tmp_path, content):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(framing.ModelFileError, match="framing train"):
        framing.load_model(path)


def test_truncated_file_is_refused(topic_model, tmp_path):
    path = topic_model.save(tmp_path / "m.npz")
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(framing.ModelFileError):
        framing.load_model(path)


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(framing.ModelFileError, match="no model file at .*missing.npz"):
        framing.load_model(tmp_path / "missing.npz")


def _rewrite(path, change):
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files}
    meta = json.loads(arrays["meta"].tobytes())
    change(meta, arrays)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(path, **arrays)


def test_newer_format_says_how_to_retrain(topic_model, tmp_path):
    path = topic_model.save(tmp_path / "m.npz")
    _rewrite(path, lambda meta, arrays: meta.update(format_version=99))
    with pytest.raises(framing.IncompatibleModelError, match="format 99.*retrain it with: framing train"):
        framing.load_model(path)


def test_other_stemmer_is_refused(topic_model, tmp_path):
    path = topic_model.save(tmp_path / "m.npz")
    _rewrite(path, lambda meta, arrays: meta.update(analyzer="0123456789abcdef"))
    with pytest.raises(framing.IncompatibleModelError, match="different tokeniser or stemmer"):
        framing.load_model(path)


def test_inconsistent_arrays_are_refused(topic_model, tmp_path):
    path = topic_model.save(tmp_path / "m.npz")
    _rewrite(path, lambda meta, arrays: arrays.update(coef=arrays["coef"][:, :-1]))
    with pytest.raises(framing.ModelFileError, match="damaged"):
        framing.load_model(path)


@pytest.mark.parametrize(
    "change",
    [
        lambda meta: meta.update(ngram_range=[0, 0]),
        lambda meta: meta.update(ngram_range=[1, 9]),
        lambda meta: meta.update(card=["not", "a", "mapping"]),
        lambda meta: meta.update(format_version=99, card="not a mapping"),
        lambda meta: meta["card"].update(params={"ngram_range": 5}),
        lambda meta: meta["card"].update(label_type="int"),  # the labels are words
    ],
)
def test_crafted_meta_is_refused_with_a_model_file_error(topic_model, tmp_path, change):
    path = topic_model.save(tmp_path / "m.npz")
    _rewrite(path, lambda meta, arrays: change(meta))
    with pytest.raises(framing.ModelFileError, match="retrain it with"):
        framing.load_model(path)


def test_foreign_npz_and_npy_are_refused(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, weights=np.zeros(3))
    with pytest.raises(framing.ModelFileError, match="not a framing model"):
        framing.load_model(path)
    npy = tmp_path / "array.npz"
    with open(npy, "wb") as handle:
        np.save(handle, np.zeros(3))
    with pytest.raises(framing.ModelFileError, match="not a framing model"):
        framing.load_model(npy)


def test_crash_mid_save_keeps_previous_file(topic_model, tmp_path, monkeypatch):
    path = topic_model.save(tmp_path / "m.npz")
    before = path.read_bytes()

    def crash(handle, **arrays):
        handle.write(b"half a model")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez_compressed", crash)
    with pytest.raises(OSError, match="disk full"):
        topic_model.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.npz"]
    assert framing.load_model(path).card_ == topic_model.card_


def test_save_into_missing_folder(topic_model, tmp_path):
    with pytest.raises(framing.ModelFileError, match="does not exist"):
        topic_model.save(tmp_path / "nope" / "m.npz")


def test_model_file_holds_no_pickles(topic_model, tmp_path):
    path = topic_model.save(tmp_path / "m.npz")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            header = archive.read(name)[:128]
            assert b"'descr': '|O'" not in header, name
    with np.load(path, allow_pickle=False) as archive:
        assert {"meta", "terms", "display", "idf", "coef", "intercept"} <= set(archive.files)


def test_bundled_model_card():
    card = _modelio.load(_bundled()).card
    assert card["labels"] == sorted([*framing.MODES, "none"])
    assert card["training_size"] >= 1000
    assert "cross_validation" in card and "heldout" in card


def _bundled():
    from framing._api import default_model_path

    return default_model_path()


def test_in_memory_buffer_not_a_path():
    with pytest.raises(TypeError, match="named by a path"):
        framing.load_model(io.BytesIO(b"x"))


def test_training_words_are_not_stemmed_again(topic_model, tmp_path, monkeypatch):
    from framing import _text

    loaded = framing.load_model(topic_model.save(tmp_path / "m.npz"))
    stemmed = []
    real_stem = _text.stem
    monkeypatch.setattr(_text, "stem", lambda word: stemmed.append(word) or real_stem(word))
    framing.classify("The hospital doctors treated patients", model=loaded)
    assert stemmed == []
    framing.classify("Hospitalised", model=loaded)
    assert stemmed == ["hospitalised"]
