"""The labelled passage set: schema, balance, lengths, variety, duplicates, held-out split."""

import csv
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent / "training_data"
LABELS = {"immigration", "prostitution", "organized_crime", "human_rights", "none"}
MODES = LABELS - {"none"}
GENRES = {
    "action_plan",
    "press_release",
    "ministerial_speech",
    "parliamentary",
    "white_paper",
    "statistics_report",
    "court_judgment",
    "embassy_cable",
    "un_report",
    "eu_document",
    "ngo_report",
    "news_article",
    "academic",
    "op_ed",
}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“‘])")


@pytest.fixture(scope="module")
def rows():
    with open(ROOT / "passages.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["id", "text", "label", "genre", "country", "year", "note"]
        return list(reader)


def test_ids_unique_and_fields_filled(rows):
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert all(r[k].strip() for k in ("id", "text", "label", "genre", "country", "year", "note")), r["id"]


def test_labels_and_counts(rows):
    counts = Counter(r["label"] for r in rows)
    assert set(counts) == LABELS
    assert len(rows) >= 1600
    assert all(counts[m] >= 350 for m in MODES), counts
    assert counts["none"] >= 200


def test_genres_cover_every_mode(rows):
    genres = Counter(r["genre"] for r in rows)
    assert set(genres) <= GENRES and len(genres) >= 12
    pairs = {(r["genre"], r["label"]) for r in rows}
    missing = [(g, m) for g in genres for m in MODES if (g, m) not in pairs]
    assert not missing


def test_countries_and_years(rows):
    assert len({r["country"] for r in rows}) >= 20
    years = [int(r["year"]) for r in rows]
    assert min(years) < 2000 and max(years) >= 2020
    assert all(1990 <= y <= 2026 for y in years)


def test_lengths(rows):
    for r in rows:
        words = len(r["text"].split())
        assert 15 <= words <= 120, (r["id"], words)
        sentences = [s for s in SENTENCE_END.split(r["text"].strip()) if s]
        assert 1 <= len(sentences) <= 4, (r["id"], len(sentences))


def test_hard_cases_are_a_fifth(rows):
    hard = sum(r["note"].lower().startswith("hard") for r in rows)
    assert hard >= len(rows) / 5


def test_no_exact_or_near_duplicates(rows):
    texts = [" ".join(r["text"].lower().split()) for r in rows]
    assert len(texts) == len(set(texts))
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    i, j = np.unravel_index(similarity.argmax(), similarity.shape)
    assert similarity[i, j] < 0.8, (rows[i]["id"], rows[j]["id"], similarity[i, j])


def test_heldout_split_is_stratified(rows):
    held = set((ROOT / "heldout_ids.txt").read_text(encoding="utf-8").split())
    ids = {r["id"] for r in rows}
    assert held <= ids
    share = len(held) / len(rows)
    assert 0.12 <= share <= 0.18
    for label in LABELS:
        of_label = [r for r in rows if r["label"] == label]
        label_share = sum(r["id"] in held for r in of_label) / len(of_label)
        assert abs(label_share - share) < 0.03, label


def test_bundled_model_trained_on_exactly_the_training_split(rows):
    """The default model learned from every non-held-out passage and from no held-out one."""
    from framing import _api
    from framing._estimator import data_hash
    from framing._modelio import load

    held = set((ROOT / "heldout_ids.txt").read_text(encoding="utf-8").split())
    train = [r for r in rows if r["id"] not in held]
    card = load(_api.default_model_path()).card
    assert card["data_sha256"] == data_hash([r["text"] for r in train], [r["label"] for r in train]), (
        "models/default.npz is out of date with training_data/; run python scripts/train_default.py"
    )


def test_codebook_has_anchors_for_every_label():
    text = (ROOT / "CODEBOOK.md").read_text(encoding="utf-8")
    for label in LABELS:
        assert f"`{label}`" in text
    assert "anchor" in text.lower()
