"""Reading statements and labelled passages from files, and writing tagged rows."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ._errors import DataError

STDIN = "-"
_JSONL = {".jsonl", ".ndjson"}
_DELIMITED = {".csv": ",", ".tsv": "\t"}


def kind_of(path: str) -> str:
    """Return ``"jsonl"``, ``"csv"``, ``"tsv"`` or ``"txt"`` (anything else) by file extension."""
    suffix = Path(path).suffix.lower()
    if suffix in _JSONL:
        return "jsonl"
    return suffix.lstrip(".") if suffix in _DELIMITED else "txt"


def _open_text(path: str) -> IO[str]:
    if path == STDIN:
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict", newline="")
    try:
        return open(path, encoding="utf-8", errors="strict", newline="")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, not a file; name the file inside it") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied; check the file's permissions") from None


def read_rows(path: str, text_column: str = "text") -> Iterator[dict[str, Any]]:
    """Yield every row of ``path`` as a dict that has ``text_column``, in file order.

    Plain text gives one row per line (``{"text": line}``, blank lines included);
    CSV/TSV rows are keyed by the header; JSONL lines must be JSON objects.

    Raises:
        DataError: the file is missing, not UTF-8, malformed, or lacks ``text_column``.
    """
    kind = kind_of(path)
    handle = _open_text(path)
    line = 0
    try:
        with handle:
            if kind == "txt":
                for line, raw in enumerate(handle, 1):  # noqa: B007 (line is read by the error handlers)
                    yield {text_column: raw.rstrip("\r\n")}
            elif kind == "jsonl":
                for line, raw in enumerate(handle, 1):  # noqa: B007 (line is read by the error handlers)
                    if not raw.strip():
                        continue
                    try:
                        row = json.loads(raw)
                    except json.JSONDecodeError as exc:
                        raise DataError(
                            f"{path}, line {line}: not valid JSON ({exc.msg}); fix or remove the line"
                        ) from None
                    if not isinstance(row, dict):
                        raise DataError(
                            f"{path}, line {line}: expected a JSON object per line, got {type(row).__name__}"
                        )
                    if text_column not in row:
                        raise DataError(
                            f"{path}, line {line}: no field {text_column!r}; name the text field with --text-column"
                        )
                    yield row
            else:
                reader = csv.DictReader(handle, delimiter=_DELIMITED["." + kind])
                columns = reader.fieldnames or []
                if text_column not in columns:
                    found = ", ".join(repr(c) for c in columns) or "none: the file is empty"
                    raise DataError(
                        f"{path}: no column {text_column!r} (columns: {found}); name the text column with --text-column"
                    )
                for line, row in enumerate(reader, 2):  # noqa: B007 (line is read by the error handlers)
                    yield {k: ("" if v is None else v) for k, v in row.items() if k is not None}
    except UnicodeDecodeError as exc:
        where = "standard input" if path == STDIN else path
        raise DataError(
            f"{where}: not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} after line {line}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    except csv.Error as exc:
        raise DataError(f"{path}, line {line}: malformed CSV ({exc}); fix the quoting on that line") from None


def text_of(row: dict[str, Any], column: str) -> str:
    """Return the row's text: missing or null is empty, numbers become str."""
    value = row.get(column)
    return "" if value is None else value if isinstance(value, str) else str(value)


def read_labelled(path: str, text_column: str = "text", label_column: str = "label") -> tuple[list[str], list[str]]:
    """Read texts and labels from a CSV/TSV/JSONL training or evaluation file.

    Raises:
        DataError: the file is unreadable, has no rows, lacks a column, or a row has an
            empty text or label.
    """
    if kind_of(path) == "txt":
        raise DataError(
            f"{path}: labelled data must be CSV, TSV or JSONL with {text_column!r} and {label_column!r} columns"
        )
    texts: list[str] = []
    labels: list[str] = []
    for n, row in enumerate(read_rows(path, text_column), 1):
        if label_column not in row:
            raise DataError(f"{path}: row {n} has no {label_column!r} column; add one or name it with --label-column")
        text, label = text_of(row, text_column).strip(), text_of(row, label_column).strip()
        if not text:
            raise DataError(f"{path}: row {n} has an empty text; fill it in or delete the row")
        if not label:
            raise DataError(f"{path}: row {n} has an empty label; fill it in or delete the row")
        texts.append(text)
        labels.append(label)
    if not texts:
        raise DataError(
            f"{path}: no rows; a labelled file needs {text_column!r} and {label_column!r} columns and some rows"
        )
    return texts, labels


class RowWriter:
    """Write tagged rows as CSV or JSONL (by the output's extension) to a file or stdout."""

    def __init__(self, handle: IO[str], kind: str, columns: list[str]) -> None:
        self.kind = "jsonl" if kind == "jsonl" else "csv"
        self.handle = handle
        self.columns = columns
        if self.kind == "csv":
            self._csv = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            self._csv.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        if self.kind == "jsonl":
            self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            self._csv.writerow({k: "" if row.get(k) is None else row.get(k) for k in self.columns})
