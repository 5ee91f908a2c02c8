"""The framing command line."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

import framing

IMMIGRATION = "Immigration officers deported forty overstayers and tightened visa screening at the airport."
CRIME = "Police arrested the leaders of a trafficking syndicate and prosecutors seized its assets."


def assert_one_line_error(code, err, *needles):
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("framing: error: ")
    for needle in needles:
        assert needle in lines[0]


def test_classify_text(cli):
    code, out, _ = cli("classify", IMMIGRATION)
    assert code == 0 and out.splitlines()[0] == "immigration"


def test_classify_json(cli):
    code, out, _ = cli("classify", CRIME, "--json")
    data = json.loads(out)
    assert code == 0 and data["label"] == "organized_crime" and set(data["scores"]) == set(framing.MODES)


def test_classify_stdin(monkeypatch, cli):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CRIME.encode())))
    code, out, _ = cli("classify")
    assert code == 0 and out.startswith("organized_crime")


def test_classify_stdin_invalid_utf8(monkeypatch, cli):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"police \xff\xfe")))
    code, _, err = cli("classify")
    assert_one_line_error(code, err, "not valid UTF-8")


def test_installed_entry_point():
    script = shutil.which("framing", path=os.path.dirname(sys.executable)) or shutil.which("framing")
    assert script, "the framing entry point is not installed"
    result = subprocess.run([script, "classify", CRIME], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("organized_crime")
    result = subprocess.run([sys.executable, "-m", "framing", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"framing {framing.__version__}"


def test_tag_plain_text_keeps_every_line(tmp_path, cli):
    src = tmp_path / "statements.txt"
    src.write_text(f"{IMMIGRATION}\n\n   \n{CRIME}\n", encoding="utf-8")
    code, out, _ = cli("tag", str(src))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["label"] for r in rows] == ["immigration", "", "", "organized_crime"]
    assert set(rows[0]) == {
        "id",
        "text",
        "label",
        "p_immigration",
        "p_prostitution",
        "p_organized_crime",
        "p_human_rights",
        "p_none",
    }
    assert abs(sum(float(rows[0][f"p_{m}"]) for m in framing.MODES) - 1) < 1e-3


def test_tag_csv_with_id_column_to_jsonl(tmp_path, cli):
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc", "country", "body"])
        writer.writerows([["a7", "JP", IMMIGRATION], ["b2", "KR", ""], ["c9", "CN", CRIME]])
    out = tmp_path / "out.jsonl"
    code, _, _ = cli("tag", str(src), "-o", str(out), "--text-column", "body", "--id-column", "doc")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert code == 0
    assert [(r["doc"], r["country"], r["label"]) for r in rows] == [
        ("a7", "JP", "immigration"),
        ("b2", "KR", None),
        ("c9", "CN", "organized_crime"),
    ]


def test_tag_jsonl_and_tsv_together(tmp_path, cli):
    a = tmp_path / "a.jsonl"
    a.write_text(json.dumps({"id": 10, "text": CRIME}) + "\n" + json.dumps({"id": 11, "text": None}) + "\n")
    b = tmp_path / "b.tsv"
    b.write_text(f"text\tyear\n{IMMIGRATION}\t2005\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code, _, _ = cli("tag", str(a), str(b), "-o", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert code == 0
    assert [(r["source"], r["id"], r["label"]) for r in rows] == [
        (str(a), "10", "organized_crime"),
        (str(a), "11", ""),
        (str(b), "1", "immigration"),
    ]
    assert rows[2]["year"] == "2005"


def test_tag_input_with_label_column(tmp_path, cli):
    src = tmp_path / "gold.csv"
    src.write_text(f'text,label\n"{CRIME}",organized_crime\n', encoding="utf-8")
    code, out, err = cli("tag", str(src))
    row = next(csv.DictReader(io.StringIO(out)))
    assert code == 0 and row["label"] == "organized_crime" and row["predicted_label"] == "organized_crime"
    assert "predicted_label" in err


def test_tag_many_rows_in_order(tmp_path, cli):
    lines = [IMMIGRATION if i % 3 else CRIME for i in range(5000)]
    src = tmp_path / "many.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = cli("tag", str(src))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 5000
    assert rows[0]["label"] == "organized_crime" and rows[4999]["label"] == "immigration"
    assert [int(r["id"]) for r in rows] == list(range(1, 5001))


@pytest.mark.parametrize(
    ("name", "content", "args", "needles"),
    [
        ("missing.txt", None, [], ["missing.txt", "no such file"]),
        ("latin1.txt", "ok\ncaf\xe9 police".encode("latin-1"), [], ["latin1.txt, line 2", "not valid UTF-8", "iconv"]),
        ("nocol.csv", b"body,year\nsome text,2001\n", [], ["nocol.csv", "no column 'text'", "--text-column"]),
        ("broken.jsonl", b'{"text": "ok"}\n{"text": \n', [], ["broken.jsonl", "line 2", "not valid JSON"]),
        ("noid.csv", b"text\nsome text\n", ["--id-column", "doc"], ["noid.csv", "'doc'", "--id-column"]),
    ],
)
def test_tag_bad_input(tmp_path, cli, name, content, args, needles):
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out.csv"
    code, _, err = cli("tag", str(src), "-o", str(out), *args)
    assert_one_line_error(code, err, *needles)
    assert not out.exists()


def test_tag_failure_keeps_previous_output(tmp_path, cli):
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": CRIME}) + "\n" * 3 + "{oops\n")
    code, _, err = cli("tag", str(bad), "-o", str(out))
    assert_one_line_error(code, err, "line 4")
    assert out.read_text() == "previous results\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def write_training(path, per_label=6):
    rows = []
    for i in range(per_label):
        rows.append({"text": f"hospital doctors treated patient number {i} in the ward", "label": "health"})
        rows.append({"text": f"steel exports and tariffs rose in quarter {i} of trade", "label": "trade"})
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_train_classify_evaluate_info(tmp_path, cli):
    data = write_training(tmp_path / "train.csv")
    model = tmp_path / "topics.npz"
    code, out, _ = cli("train", str(data), "-o", str(model))
    assert code == 0 and model.is_file()
    assert "5-fold cross-validation: macro-F1" in out
    code, out, _ = cli("classify", "the doctors in the ward", "--model", str(model))
    assert code == 0 and out.startswith("health")
    code, out, _ = cli("evaluate", str(data), "--model", str(model))
    assert code == 0 and "macro-F1 over health, trade: 1.000" in out and "confusion matrix" in out
    code, out, _ = cli("info", "--model", str(model))
    assert code == 0 and "labels: health, trade" in out and "training_size: 12" in out


def test_train_add_default_extends_the_modes(tmp_path, cli):
    data = write_training(tmp_path / "train.csv")
    model = tmp_path / "extended.npz"
    code, out, _ = cli("train", str(data), "-o", str(model), "--add-default", "--cv", "0")
    assert code == 0
    labels = framing.load_model(model).labels_
    assert set(labels) == {*framing.MODES, "health", "trade"}
    assert framing.classify(CRIME, model=model).label == "organized_crime"


@pytest.mark.parametrize(
    ("content", "args", "needles"),
    [
        (b"", [], ["the file is empty"]),
        (b"text,label\n", [], ["no rows"]),
        (b"text,tag\nsome words here,x\n", [], ["no 'label' column"]),
        (b"text,label\nalpha beta,x\nalpha gamma,x\nbeta gamma,y\n", ["--cv", "0"], ["'y' has a single example"]),
        (b"text,label\nalpha beta,x\n,y\n", [], ["row 2", "empty text"]),
        (b'{"text": "alpha beta", "label": 1}\n{"text": "gamma", "label": 2}\n', [], ["row 1", "not text"]),
    ],
)
def test_train_bad_input(tmp_path, cli, content, args, needles):
    data = tmp_path / ("train.jsonl" if content.startswith(b"{") else "train.csv")
    data.write_bytes(content)
    model = tmp_path / "m.npz"
    code, _, err = cli("train", str(data), "-o", str(model), *args)
    assert_one_line_error(code, err, data.name, *needles)
    assert not model.exists()


def test_train_never_overwrites_bundled_model(tmp_path, cli):
    from framing._api import default_model_path

    before = default_model_path().read_bytes()
    code, _, err = cli("train", str(write_training(tmp_path / "t.csv")), "-o", str(default_model_path()))
    assert_one_line_error(code, err, "bundled model")
    assert default_model_path().read_bytes() == before


def test_evaluate_unknown_label(tmp_path, cli):
    data = tmp_path / "gold.jsonl"
    data.write_text(json.dumps({"text": CRIME, "label": "piracy"}) + "\n")
    code, _, err = cli("evaluate", str(data))
    assert_one_line_error(code, err, "row 1", "'piracy'", "does not know")


def test_evaluate_bundled_model(tmp_path, cli):
    data = tmp_path / "gold.jsonl"
    data.write_text(
        "\n".join(
            json.dumps({"text": t, "label": y})
            for t, y in [
                (CRIME, "organized_crime"),
                (IMMIGRATION, "immigration"),
                ("Rain is forecast for the weekend harvest.", "none"),
            ]
        )
        + "\n"
    )
    code, out, _ = cli("evaluate", str(data))
    # F1 is averaged over the modes that occur (a mode absent from data and predictions has none).
    assert code == 0 and "3 passages; macro-F1 over immigration, organized_crime: 1.000" in out
    matrix = out.split("confusion matrix (rows: true, columns: predicted)\n")[1].splitlines()
    rows = {line.split()[0]: [int(c) for c in line.split()[1:]] for line in matrix[1:] if line.strip()}
    assert rows["organized_crime"] == [0, 0, 1, 0, 0] and rows["immigration"] == [0, 1, 0, 0, 0]
    assert rows["none"] == [0, 0, 0, 0, 1]


def test_info_bundled(cli):
    code, out, _ = cli("info", "--json")
    card = json.loads(out)
    assert code == 0 and card["labels"] == sorted([*framing.MODES, "none"])


def test_bad_model_file(tmp_path, cli):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"junk")
    code, _, err = cli("classify", CRIME, "--model", str(bad))
    assert_one_line_error(code, err, "bad.npz", "not a framing model")


def test_train_with_few_examples_uses_fewer_folds(tmp_path, cli):
    data = tmp_path / "small.csv"
    rows = ["alpha beta,x", "alpha gamma,x", "alpha delta,x", "beta gamma,y", "beta delta,y", "gamma delta,y"]
    data.write_text("text,label\n" + "\n".join(rows) + "\n")
    code, out, _ = cli("train", str(data), "-o", str(tmp_path / "m.npz"))
    assert code == 0 and "3-fold cross-validation" in out
    data.write_text("text,label\n" + "\n".join(rows[1:]) + "\n")
    code, out, _ = cli("train", str(data), "-o", str(tmp_path / "m.npz"))
    assert code == 0 and "cross-validation skipped: label 'x' has 2 examples" in out
    code, _, err = cli("train", str(data), "-o", str(tmp_path / "m.npz"), "--cv", "1")
    assert_one_line_error(code, err, "--cv 1", "2 folds")


@pytest.mark.parametrize(
    ("name", "content", "args", "needles"),
    [
        ("dup.csv", b"id,text,text\n1,a,b\n", [], ["'text' twice"]),
        ("open.csv", b'text\n"never closed\nmore\n', [], ["malformed CSV"]),
        ("ragged.csv", b"text\nvisa,fraud\n", [], ["2 fields but the header has 1"]),
        ("list.jsonl", b'{"text": ["a", "b"]}\n', [], ["line 1", "holds a list"]),
        ("clash.csv", b"text,p_none\nsome text,1\n", [], ["'p_none'", "rename"]),
        ("ok.txt", b"some text\n", ["-o", "out.xlsx"], ["out.xlsx", ".csv, .tsv or .jsonl"]),
        ("ok2.txt", b"some text\n", ["--jobs", "0"], ["--jobs 0"]),
        ("ok4.csv", b"text\nsome text\n", ["-o", "ok4.csv"], ["ok4.csv is also an input"]),
        ("ids.jsonl", b'{"id": "a", "text": "x"}\n{"text": "y"}\n', ["-o", "t.jsonl"], ["row 2", "no 'id' field"]),
        ("noid1.jsonl", b'{"text": "x"}\n{"id": "1", "text": "y"}\n', ["-o", "t.jsonl"], ["row 2", "'id' field"]),
        ("src.csv", b"source,text\npaper,x\n", ["src.csv"], ["column 'source'", "rename"]),
    ],
)
def test_tag_more_bad_input(tmp_path, cli, monkeypatch, name, content, args, needles):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)
    code, _, err = cli("tag", name, *args)
    assert_one_line_error(code, err, *needles)


def test_output_that_is_a_folder_is_refused(tmp_path, cli):
    (tmp_path / "out.csv").mkdir()
    (tmp_path / "in.txt").write_text("some text\n")
    code, _, err = cli("tag", str(tmp_path / "in.txt"), "-o", str(tmp_path / "out.csv"))
    assert_one_line_error(code, err, "it is a folder")
    (tmp_path / "train.csv").write_text("text,label\nalpha beta,x\nalpha gamma,x\nbeta delta,y\ngamma delta,y\n")
    code, _, err = cli("train", str(tmp_path / "train.csv"), "-o", str(tmp_path / "out.csv"), "--cv", "0")
    assert_one_line_error(code, err, "it is a folder")


def test_tag_bom_crlf_and_stray_cr(tmp_path, cli):
    src = tmp_path / "bom.csv"
    src.write_bytes("\ufeffid,text\r\n7,".encode() + CRIME.encode() + b"\r\n")
    code, out, _ = cli("tag", str(src))
    row = next(csv.DictReader(io.StringIO(out)))
    assert code == 0 and row["id"] == "7" and row["label"] == "organized_crime"
    txt = tmp_path / "cr.txt"
    txt.write_bytes(b"\xef\xbb\xbfone\rline\r\nsecond line\n")
    code, out, _ = cli("tag", str(txt))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["id"] for r in rows] == ["1", "2"] and rows[1]["text"] == "second line"


def test_tag_tsv_output_and_format_option(tmp_path, cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"id\ttext\nk1\t{CRIME}\n".encode())))
    out = tmp_path / "out.tsv"
    code, _, _ = cli("tag", "-", "--format", "tsv", "-o", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert code == 0 and rows[0]["id"] == "k1" and rows[0]["label"] == "organized_crime"


def test_tag_stdin_only_once(cli):
    code, _, err = cli("tag", "-", "-")
    assert_one_line_error(code, err, "standard input")


def test_tag_lone_surrogate_is_written_not_crashed(tmp_path, cli):
    src = tmp_path / "s.jsonl"
    src.write_text('{"text": "visa \\ud800 fraud"}\n')
    out = tmp_path / "out.jsonl"
    code, _, _ = cli("tag", str(src), "-o", str(out))
    assert code == 0 and "ud800" in out.read_text(encoding="utf-8")


def test_tag_jsonl_fields_of_later_lines_reach_csv_output(tmp_path, cli):
    src = tmp_path / "ragged.jsonl"
    src.write_text(json.dumps({"text": CRIME}) + "\n" + json.dumps({"text": IMMIGRATION, "country": "Japan"}) + "\n")
    code, out, _ = cli("tag", str(src))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["country"] for r in rows] == ["", "Japan"]


def test_tag_jsonl_stdin_new_field_in_csv_output_is_an_error(cli, monkeypatch):
    lines = json.dumps({"text": CRIME}) + "\n" + json.dumps({"text": IMMIGRATION, "country": "Japan"}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    code, _, err = cli("tag", "-", "--format", "jsonl")
    assert_one_line_error(code, err, "row 2", "'country'", "-o tagged.jsonl")


def test_tag_header_only_csv_keeps_its_columns(tmp_path, cli):
    src = tmp_path / "empty.csv"
    src.write_text("doc,text,year\n")
    code, out, _ = cli("tag", str(src), "--id-column", "doc")
    assert code == 0 and out.splitlines()[0].startswith("doc,text,year,label,")
    assert len(out.splitlines()) == 1


@pytest.mark.parametrize("output", [None, "tagged.jsonl", "tagged.csv"])
def test_tag_jsonl_without_rows_gives_an_empty_result(tmp_path, cli, output):
    src = tmp_path / "empty.jsonl"
    src.write_text("\n")
    target = [] if output is None else ["-o", str(tmp_path / output)]
    code, out, err = cli("tag", str(src), "--id-column", "doc", *target)
    assert code == 0, err  # no rows: nothing lacks the id column
    text = out if output is None else (tmp_path / output).read_text()
    assert [line for line in text.splitlines() if not line.startswith("label,")] == []
