"""Framing profiles of a corpus by group: ``framing profile``."""

import csv
import io
import json
from collections import Counter

import pytest

from framing._profile import ALL, BLANK, Profile, render

IMMIGRATION = "Immigration officers deported forty overstayers and tightened visa screening at the airport."
CRIME = "Police arrested the leaders of a trafficking syndicate and prosecutors seized its assets."
RIGHTS = "Victims of forced labour have a right to compensation and must not be punished for what they were made to do."
BUDGET = "The ministry's budget for school meals rises by four per cent next year."


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_profile_counts_shares_and_dominant():
    profile = Profile(["year"], ["immigration", "human_rights"])
    for year, label in [("2010", "immigration"), ("2010", "immigration"), ("2010", "human_rights"), ("2010", None)]:
        profile.add((year,), label)
    profile.add(("9",), "human_rights")
    profile.add(("9",), "immigration")
    profile.add(("",), None)
    rows = {row["year"]: row for row in profile.rows()}
    assert list(rows) == ["9", "2010", "", ALL]  # years by value, blank last, total at the end
    assert rows["2010"]["passages"] == 4 and rows["2010"]["framed"] == 3
    assert rows["2010"]["share_immigration"] == pytest.approx(2 / 3, abs=1e-4)
    assert rows["2010"]["dominant"] == "immigration"
    assert rows["9"]["dominant"] == "immigration+human_rights"
    assert rows[""]["framed"] == 0 and rows[""]["share_immigration"] is None and rows[""]["dominant"] is None
    assert rows[ALL]["passages"] == 7 and rows[ALL]["n_human_rights"] == 2 and rows[ALL]["n_immigration"] == 3


def test_profile_orders_modes_first_and_adds_new_labels():
    profile = Profile(["country"])
    profile.add(("NL",), "zoning")
    profile.add(("NL",), "prostitution")
    profile.add(("NL",), "immigration")
    assert profile.labels == ["immigration", "prostitution", "zoning"]
    assert "zoning" in render(profile) and "33.3%" in render(profile)


def test_cli_profile_of_labels_already_in_a_file(tmp_path, cli):
    src = write_csv(
        tmp_path / "coded.csv",
        [
            {"country": "Japan", "year": "2005", "code": "immigration"},
            {"country": "Japan", "year": "2019", "code": "human_rights"},
            {"country": "Japan", "year": "2019", "code": "none"},
            {"country": "Sweden", "year": "1999", "code": "prostitution"},
            {"country": "", "year": "1999", "code": ""},
        ],
    )
    out = tmp_path / "profile.csv"
    code, _, _ = cli("profile", str(src), "--by", "country", "--label-column", "code", "-o", str(out))
    rows = {row["country"]: row for row in csv.DictReader(out.open(encoding="utf-8"))}
    assert code == 0
    assert list(rows) == ["Japan", "Sweden", BLANK, ALL]
    assert (rows["Japan"]["passages"], rows["Japan"]["framed"], rows["Japan"]["share_immigration"]) == ("3", "2", "0.5")
    assert rows[BLANK]["passages"] == "1" and rows[BLANK]["dominant"] == ""
    assert rows[ALL]["passages"] == "5" and rows[ALL]["framed"] == "3"


def test_cli_profile_tags_the_texts_like_tag_does(tmp_path, cli):
    texts = [IMMIGRATION, CRIME, RIGHTS, BUDGET, "", CRIME, RIGHTS]
    src = write_csv(
        tmp_path / "corpus.csv",
        [{"text": t, "source": "ministry" if i % 2 else "ngo"} for i, t in enumerate(texts)],
    )
    code, out, _ = cli("tag", str(src))
    tagged = list(csv.DictReader(io.StringIO(out)))
    expected = Counter((row["source"], row["label"]) for row in tagged)
    assert code == 0 and expected[("ministry", "organized_crime")] == 2  # the texts are tagged, not all alike
    code, out, _ = cli("profile", str(src), "--by", "source", "-o", str(tmp_path / "p.jsonl"))
    rows = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert code == 0 and [row["source"] for row in rows] == ["ministry", "ngo", ALL]
    for row in rows[:2]:
        for label in ("immigration", "prostitution", "organized_crime", "human_rights"):
            assert row[f"n_{label}"] == expected[(row["source"], label)]
        assert row["passages"] == sum(c for (source, _), c in expected.items() if source == row["source"])
    assert rows[2]["passages"] == len(texts)


def test_cli_profile_of_several_files_by_source_and_year(tmp_path, cli):
    a = tmp_path / "a.jsonl"
    a.write_text("".join(json.dumps({"text": t, "year": 2001}) + "\n" for t in (CRIME, IMMIGRATION)))
    b = write_csv(tmp_path / "b.csv", [{"text": RIGHTS, "year": "2001"}])
    code, out, _ = cli("profile", str(a), str(b), "--by", "source", "--by", "year")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split()[:4] == ["source", "year", "passages", "framed"]
    assert [line.split()[:4] for line in lines[1:4]] == [
        [str(a), "2001", "2", "2"],
        [str(b), "2001", "1", "1"],
        [ALL, ALL, "3", "3"],
    ]


def test_cli_profile_needs_no_ids(tmp_path, cli):
    src = tmp_path / "mixed.jsonl"
    lines = [{"id": "a", "text": CRIME, "year": 2001}, {"text": IMMIGRATION, "year": 2001}]
    src.write_text("".join(json.dumps(line) + "\n" for line in lines))
    code, out, _ = cli("tag", str(src))
    assert code == 2  # tagging keeps ids, so it needs every row to have one
    code, out, _ = cli("profile", str(src), "--by", "year")
    assert code == 0 and out.splitlines()[1].split()[:3] == ["2001", "2", "2"]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--by", "region"], ["no column 'region'", "country"]),
        (["--by", " , "], ["--by names no column"]),
        (["--by", "country", "--label-column", "code"], ["no column 'code'"]),
        (["--by", "country", "--label-column", "country", "--model", "m.npz"], ["give one of them"]),
        (["--by", "country", "--jobs", "0"], ["--jobs 0"]),
        (["--by", "n_total"], ["a column the profile adds"]),
    ],
)
def test_cli_profile_bad_options(tmp_path, cli, args, needles):
    src = write_csv(tmp_path / "in.csv", [{"text": CRIME, "country": "Japan"}])
    out = tmp_path / "p.csv"
    code, _, err = cli("profile", str(src), "-o", str(out), *args)
    assert code == 2 and "Traceback" not in err
    assert err.startswith("framing: error: ") and len(err.strip().splitlines()) == 1
    for needle in needles:
        assert needle in err
    assert not out.exists()


def test_cli_profile_of_standard_input_names_the_format_option(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"text,country\nsome text,Japan\n")))
    code, _, err = cli("profile", "-", "--by", "country")
    assert code == 2 and "--format csv" in err
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(f"text,country\n{CRIME},Japan\n".encode())))
    code, out, _ = cli("profile", "-", "--by", "country", "--format", "csv")
    assert code == 0 and out.splitlines()[1].split()[:3] == ["Japan", "1", "1"]


def test_cli_profile_group_column_named_like_a_profile_column(tmp_path, cli):
    src = write_csv(tmp_path / "in.csv", [{"text": CRIME, "framed": "yes"}])
    code, _, err = cli("profile", str(src), "--by", "framed")
    assert code == 2 and "rename that column" in err


def test_cli_profile_of_inputs_without_rows(tmp_path, cli):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    header_only = tmp_path / "header.csv"
    header_only.write_text("text,country\n")
    # No rows: an empty profile (its (all) row counts 0), whether or not there are columns to check.
    code, out, err = cli("profile", str(empty), str(header_only), "--by", "country")
    assert code == 0, err
    assert out.splitlines()[1].split() == [ALL, "0", "0"]
    # A header without the --by column is still a wrong column name.
    code, _, err = cli("profile", str(header_only), "--by", "region")
    assert code == 2 and "no column 'region'" in err
