"""The ``framing`` command: classify, tag, profile, train, evaluate, info."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Any

from . import _api, _io
from ._errors import DataError, FramingError
from ._prediction import Prediction
from ._profile import Profile, group_value, label_value, render
from ._version import __version__

_BATCH = 2048


def _classify(args: argparse.Namespace) -> int:
    if args.text is not None:
        text = args.text
    elif sys.stdin is None or sys.stdin.isatty():
        raise DataError('no text given; pass it as an argument (framing classify "...") or on standard input')
    else:
        text = "".join(row["text"] + "\n" for row in _io.read_rows(_io.STDIN))
    prediction = _api.classify(text, model=args.model)
    if args.json:
        print(json.dumps(prediction.to_dict(), ensure_ascii=False))
        return 0
    print(prediction.label if prediction.label is not None else "(no mode)")
    for label, p in sorted(prediction.scores.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<16} {p:.3f}")
    if prediction.none_probability:
        print(f"  {'(none)':<16} {prediction.none_probability:.3f}")
    if prediction.evidence:
        print("  evidence: " + ", ".join(term for term, _ in prediction.evidence))
    return 0


def _open_inputs(
    args: argparse.Namespace, fixed_columns: bool, ids: bool = True, required: Sequence[str] = ()
) -> list[tuple[list[str], Iterator[dict[str, Any]]]]:
    """Open every input (so a missing file, column or header fails before any output) and return
    its columns and rows; a bad row further on stops the run when it is reached.

    With ``fixed_columns`` (CSV/TSV output) a JSONL file is read once ahead for the union of
    its fields, so that no field of a later line is dropped. With ``ids`` every row gets an id
    (see `_identified`). Each input must have the ``required`` columns (a JSONL input with no
    rows has none to check).
    """
    several = len(args.inputs) > 1
    if args.inputs.count(_io.STDIN) > 1:
        raise DataError("standard input (-) can be read only once; name it once among the inputs")
    opened = []
    for path in args.inputs:
        columns, rows = _io.read_table(path, args.text_column, args.format)
        has_header = columns is not None  # CSV/TSV: a header; JSONL: fields are found in the rows
        if columns is None and fixed_columns and path != _io.STDIN:
            fields = (key for row in _io.read_rows(path, args.text_column, args.format) for key in row)
            columns = list(dict.fromkeys(fields))
        first = next(rows, None)
        checkable = has_header or first is not None  # a JSONL input with no rows has no columns to check
        if columns is None:
            columns = list(first) if first is not None else [c for c in [args.text_column] if c]
        if checkable and args.id_column and args.id_column not in columns:
            raise DataError(f"{path}: no column {args.id_column!r} for --id-column (columns: {', '.join(columns)})")
        if several and "source" in columns:
            raise DataError(
                f"{path}: has a column 'source', where tagging several files names each row's file; "
                "rename the column, or tag the files one at a time"
            )
        id_column = args.id_column or ("id" if "id" in columns else None)
        columns = (["source"] if several else []) + (["id"] if ids and id_column is None else []) + columns
        missing = [name for name in required if name not in columns] if checkable else []
        if missing:
            hint = " (standard input is read as plain text; give --format csv, tsv or jsonl)"
            stdin = hint if path == _io.STDIN and args.format is None else ""
            raise DataError(
                f"{path}: no column {missing[0]!r} (columns: {', '.join(columns)}); name one of these{stdin}"
            )
        every = chain([first] if first is not None else [], rows)
        opened.append((columns, _identified(every, path, several, id_column, ids)))
    return opened


def _identified(
    rows: Iterator[dict[str, Any]], path: str, several: bool, id_column: str | None, ids: bool = True
) -> Iterator[dict[str, Any]]:
    """Yield rows with their ``source`` file (when ``several``) and, with ``ids`` but no
    ``id_column``, their row number as ``id``.

    Raises:
        DataError: with ``ids``, some rows of a JSONL file have the id field and others lack it.
    """
    for n, row in enumerate(rows, 1):
        if ids and id_column is None:
            if "id" in row:
                raise DataError(f"{path}: row {n} has an 'id' field but the first row has none; give every row an id")
            row = {"id": str(n), **row}
        elif ids and id_column not in row:
            raise DataError(f"{path}: row {n} has no {id_column!r} field, which other rows have; give every row one")
        if several:
            row = {"source": path, **row}
        yield row


def _check_jobs(args: argparse.Namespace) -> None:
    if args.jobs == 0:
        raise DataError("--jobs 0 means no process; give 1 (the default), a number of processes, or -1 for all cores")


def _predicted(
    rows: Iterator[dict[str, Any]], args: argparse.Namespace, progress: Any
) -> Iterator[tuple[dict[str, Any], Prediction]]:
    """Yield each row with its prediction, classifying in batches (in ``args.jobs`` processes)."""
    batch_size = _BATCH if args.jobs == 1 else _BATCH * 16
    while batch := list(islice(rows, batch_size)):
        texts = [_io.text_of(row, args.text_column) for row in batch]
        yield from zip(batch, _api.classify_many(texts, model=args.model, n_jobs=args.jobs), strict=True)
        progress.update(len(batch))


def _tag(args: argparse.Namespace) -> int:
    _check_jobs(args)
    scorer = _api.resolve(args.model)
    labels = list(scorer.labels)
    out_kind = _io.output_kind(args.output) if args.output else "csv"
    target = _writable(args.output, inputs=args.inputs) if args.output else None
    sources = _open_inputs(args, fixed_columns=out_kind != "jsonl")
    columns = list(dict.fromkeys(c for cols, _ in sources for c in cols))
    label_col = "label" if "label" not in columns else "predicted_label"
    if label_col != "label":
        print("framing: the input has a 'label' column; the prediction goes in 'predicted_label'", file=sys.stderr)
    prob_cols = [f"p_{label}" for label in labels] + (["p_none"] if scorer.abstain_label else [])
    clash = [c for c in [label_col, *prob_cols] if c in columns]
    if clash:
        raise DataError(f"the input already has a column {clash[0]!r}, which tagging adds; rename it first")
    progress = _progress("tagging")
    try:
        with _output(target) as handle:
            writer = _io.RowWriter(handle, out_kind, columns + [label_col, *prob_cols])
            for _, rows in sources:
                for row, prediction in _predicted(rows, args, progress):
                    row[label_col] = prediction.label
                    for label in labels:
                        row[f"p_{label}"] = round(prediction.scores[label], 4)
                    if scorer.abstain_label:
                        row["p_none"] = round(prediction.none_probability, 4)
                    writer.write(row)
    finally:
        progress.close()
    return 0


def _profile(args: argparse.Namespace) -> int:
    by = list(dict.fromkeys(name.strip() for spec in args.by for name in spec.split(",") if name.strip()))
    if not by:
        raise DataError("--by names no column; give the columns to group by, e.g. --by country or --by country,year")
    if args.label_column and args.model:
        raise DataError(
            "--label-column counts the labels already in the input, so --model would not be used; give one of them"
        )
    clash = next((name for name in by if name in Profile.ADDED or name.startswith(Profile.ADDED_PREFIXES)), None)
    if clash:
        raise DataError(f"--by {clash!r} has the name of a column the profile adds; rename that column first")
    _check_jobs(args)
    if args.label_column:
        args.text_column = None  # counting labels: no text is needed
    labels = () if args.label_column else _api.resolve(args.model).labels
    out_kind = _io.output_kind(args.output) if args.output else None
    target = _writable(args.output, inputs=args.inputs) if args.output else None
    needed = [*by, *([args.label_column] if args.label_column else [])]
    sources = _open_inputs(args, fixed_columns=False, ids=False, required=needed)
    profile = Profile(by, labels)
    progress = _progress("tagging" if not args.label_column else "counting")
    try:
        for _, rows in sources:
            if args.label_column:
                for row in rows:
                    label = label_value(row.get(args.label_column))
                    profile.add(tuple(group_value(row.get(name)) for name in by), label)
                    progress.update(1)
            else:
                for row, prediction in _predicted(rows, args, progress):
                    profile.add(tuple(group_value(row.get(name)) for name in by), prediction.label)
    finally:
        progress.close()
    if target is None:
        sys.stdout.write(render(profile))
        return 0
    with _output(target) as handle:
        writer = _io.RowWriter(handle, out_kind, profile.columns())
        for row in profile.rows():
            writer.write(row)
    return 0


def _writable(output: str, inputs: list[str]) -> Path:
    """Return ``output`` as a path that can be written, or raise saying why not."""
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DataError(f"cannot write {target}: folder {folder} does not exist; create it first")
    if target.is_dir():
        raise DataError(f"cannot write {target}: it is a folder; give a file name, e.g. {target / 'out'}")
    for path in inputs:
        if path != _io.STDIN and target.exists() and Path(path).exists() and os.path.samefile(path, target):
            raise DataError(f"{target} is also an input; write the output to another file")
    return target


@contextmanager
def _output(target: Path | None) -> Iterator[Any]:
    """Yield a handle to write to: standard output, or a temporary file beside ``target``
    that replaces it only when the block ends without an error.

    A lone surrogate (valid in a JSON escape, not in UTF-8) is written as ``\\udXXX``.
    """
    if target is None:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(errors="backslashreplace")
        yield sys.stdout
        sys.stdout.flush()
        return
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    handle = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="")
    try:
        with handle:
            yield handle
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _progress(desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(unit=" rows", file=sys.stderr, delay=1.0, disable=None, desc=desc)


def _train(args: argparse.Namespace) -> int:
    from . import _data

    out = _writable(args.output, inputs=args.data)
    if out.resolve() == _api.default_model_path().resolve():
        raise DataError(f"{out} is the bundled model, which framing never overwrites; choose another -o path")
    texts: list[str] = []
    labels: list[str] = []
    for path in args.data:
        t, y = _io.read_labelled(path, args.text_column, args.label_column)
        texts += t
        labels += y
    if args.add_default:
        bundled = _data.passages("train")
        texts += [r["text"] for r in bundled]
        labels += [r["label"] for r in bundled]
    if args.cv == 1 or args.cv < 0:
        raise DataError(f"--cv {args.cv}: cross-validation needs 2 folds or more; give --cv 0 to skip it")
    try:
        model = _api.train(texts, labels, cv=args.cv or None)
    except DataError as exc:
        raise DataError(f"{', '.join(args.data)}: {exc}") from None
    model.save(out)
    card = model.card_
    print(f"saved {out} ({out.stat().st_size / 1e6:.1f} MB, {card['features']} features)")
    _print_counts(card)
    cv = card.get("cross_validation")
    if cv and "skipped" in cv:
        print(f"cross-validation skipped: {cv['skipped']}")
    elif cv:
        print(
            f"{cv['folds']}-fold cross-validation: macro-F1 {cv['f1_macro']:.3f} (sd {cv['f1_macro_std']:.3f}), "
            f"accuracy {cv['accuracy']:.3f}"
        )
    return 0


def _print_counts(card: dict[str, Any]) -> None:
    for label, count in card.get("label_counts", {}).items():
        print(f"  {label:<16} {count}")


def _evaluate(args: argparse.Namespace) -> int:
    from sklearn.metrics import classification_report, confusion_matrix, f1_score

    scorer = _api.resolve(args.model)
    texts, gold = _io.read_labelled(args.data, args.text_column, args.label_column)
    abstain = scorer.abstain_label or "none"
    known = set(scorer.classes) | {abstain}
    for n, label in enumerate(gold, 1):
        if label not in known:
            raise DataError(
                f"{args.data}: row {n} has label {label!r}, which the model does not know "
                f"(it knows {', '.join(sorted(known))}); fix the label or evaluate a model trained with it"
            )
    predicted = [p.label if p.label is not None else abstain for p in _api.classify_many(texts, model=args.model)]
    seen = set(gold) | set(predicted)
    labels = [label for label in scorer.labels if label in seen]  # a label absent from both has no F1
    order = list(scorer.labels) + [abstain]
    if labels:
        f1 = f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)
        print(f"{len(texts)} passages; macro-F1 over {', '.join(labels)}: {f1:.3f}")
    else:
        print(f"{len(texts)} passages; no macro-F1: every row is {abstain!r}, in the data and the predictions")
    print(classification_report(gold, predicted, labels=order, digits=3, zero_division=0))
    print("confusion matrix (rows: true, columns: predicted)")
    width = max(len(x) for x in order) + 2
    print(" " * width + "".join(f"{x[:10]:>12}" for x in order))
    for name, counts in zip(order, confusion_matrix(gold, predicted, labels=order), strict=True):
        print(f"{name:<{width}}" + "".join(f"{c:>12}" for c in counts))
    return 0


def _info(args: argparse.Namespace) -> int:
    scorer = _api.resolve(args.model)
    card = scorer.card
    if args.json:
        print(json.dumps(card, indent=2, ensure_ascii=False))
        return 0
    path = args.model or _api.default_model_path()
    print(f"model: {path}")
    print(
        f"labels: {', '.join(scorer.labels)}"
        + (f" (abstains as {scorer.abstain_label!r})" if scorer.abstain_label else "")
    )
    for key in (
        "trained",
        "framing_version",
        "sklearn_version",
        "nltk_version",
        "training_size",
        "data_sha256",
        "features",
    ):
        print(f"{key}: {card.get(key, '?')}")
    _print_counts(card)
    for key in ("cross_validation", "validity"):
        if key in card:
            print(f"{key}: {json.dumps(card[key])}")
    return 0


_MODEL_HELP = "a model file saved by 'framing train' (default: the bundled model)"


def _add_input_options(p: argparse.ArgumentParser, output_help: str) -> None:
    """Add the options that ``tag`` and ``profile`` share: inputs, output, text column, jobs, format, model."""
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files: .txt (a statement per line), .csv, .tsv, .jsonl; - for stdin (several: a 'source' column)",
    )
    p.add_argument("-o", "--output", help=output_help)
    p.add_argument("--text-column", default="text", help="column or field holding the text (default: text)")
    p.add_argument("--jobs", type=int, default=1, help="processes to tag with (-1: one per core; default 1)")
    p.add_argument("--format", choices=_io.FORMATS, help="the inputs' format (default: from each file's extension)")
    p.add_argument("--model", help=_MODEL_HELP)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing", description="Tag statements about human trafficking with the securitization mode they use."
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("classify", help="classify one text")
    p.add_argument("text", nargs="?", help="the text (default: standard input)")
    p.add_argument("--model", help=_MODEL_HELP)
    p.add_argument("--json", action="store_true", help="print the prediction as JSON")
    p.set_defaults(run=_classify)

    p = sub.add_parser("tag", help="tag every row of text, CSV/TSV or JSONL files")
    _add_input_options(p, output_help="output .csv, .tsv or .jsonl (default: CSV on standard output)")
    p.add_argument("--id-column", help="column holding each row's id (default: 'id' if present, else the row number)")
    p.set_defaults(run=_tag)

    p = sub.add_parser("profile", help="share of each mode by country, year, source or any column")
    _add_input_options(p, output_help="write the profile as .csv, .tsv or .jsonl (default: a table on standard output)")
    p.add_argument(
        "--by",
        action="append",
        required=True,
        metavar="COLUMN",
        help="group by this column (repeat, or a,b, for several)",
    )
    p.add_argument(
        "--label-column",
        help="count the labels of this column (e.g. a file tagged before) instead of tagging the texts",
    )
    p.set_defaults(run=_profile, id_column=None)

    p = sub.add_parser("train", help="train a model from labelled CSV/TSV/JSONL files")
    p.add_argument("data", nargs="+", metavar="DATA", help="CSV/TSV/JSONL files with text and label columns")
    p.add_argument("-o", "--output", required=True, help="where to save the model (.npz)")
    p.add_argument("--add-default", action="store_true", help="add the bundled labelled passages")
    p.add_argument("--cv", type=int, default=5, help="cross-validation folds for the report (0 to skip; default 5)")
    p.add_argument("--text-column", default="text")
    p.add_argument("--label-column", default="label")
    p.set_defaults(run=_train)

    p = sub.add_parser("evaluate", help="score a model on labelled data")
    p.add_argument("data", metavar="DATA", help="CSV/TSV/JSONL file with text and label columns")
    p.add_argument("--model", help=_MODEL_HELP)
    p.add_argument("--text-column", default="text")
    p.add_argument("--label-column", default="label")
    p.set_defaults(run=_evaluate)

    p = sub.add_parser("info", help="show the model card")
    p.add_argument("--model", help=_MODEL_HELP)
    p.add_argument("--json", action="store_true", help="print the whole card as JSON")
    p.set_defaults(run=_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"framing: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
