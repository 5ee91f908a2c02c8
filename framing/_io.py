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
FORMATS = ("txt", "csv", "tsv", "jsonl")
_JSONL = {".jsonl", ".ndjson"}
_DELIMITED = {"csv": ",", "tsv": "\t"}

csv.field_size_limit(1 << 30)  # a long statement is not a malformed file


def kind_of(path: str) -> str:
    """Return ``"jsonl"``, ``"csv"``, ``"tsv"`` or ``"txt"`` (anything else) by file extension."""
    suffix = Path(path).suffix.lower()
    if suffix in _JSONL:
        return "jsonl"
    return suffix.lstrip(".") if suffix.lstrip(".") in _DELIMITED else "txt"


def output_kind(path: str) -> str:
    """Return the output format for ``path``: ``"csv"``, ``"tsv"`` or ``"jsonl"``, by extension.

    Raises:
        DataError: another extension.
    """
    kind = kind_of(path)
    if kind == "txt":
        raise DataError(f"{path}: cannot tell the output format; name the file .csv, .tsv or .jsonl")
    return kind


def _open_text(path: str, kind: str) -> IO[str]:
    # Plain text splits lines at \n only (a stray \r stays in its line); a leading BOM is dropped.
    newline = "\n" if kind == "txt" else ""
    if path == STDIN:
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="strict", newline=newline)
    try:
        return open(path, encoding="utf-8-sig", errors="strict", newline=newline)
    except FileNotFoundError:
        raise DataError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, not a file; name the file inside it") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied; check the file's permissions") from None


def read_rows(path: str, text_column: str = "text", kind: str | None = None) -> Iterator[dict[str, Any]]:
    """Yield every row of ``path`` as a dict that has ``text_column``, in file order.

    ``kind`` is the format (``txt``, ``csv``, ``tsv``, ``jsonl``), by default from the
    extension. Plain text gives one row per line (``{"text": line}``, blank lines
    included); CSV/TSV rows are keyed by the header; JSONL lines must be JSON objects.

    Raises:
        DataError: the file is missing, not UTF-8, malformed, or lacks ``text_column``.
    """
    return read_table(path, text_column, kind)[1]


def read_table(
    path: str, text_column: str | None = "text", kind: str | None = None
) -> tuple[list[str] | None, Iterator[dict[str, Any]]]:
    """Open ``path`` and return its columns and an iterator over its rows (see `read_rows`).

    The file is opened and a CSV/TSV header read and checked at once, so a missing file
    or column fails here. The columns are the header's for CSV/TSV (even with no rows),
    ``[text_column]`` for plain text, and None for JSONL, whose rows may differ. With
    ``text_column=None`` no text is required (plain-text rows are then ``{"text": line}``).

    Raises:
        DataError: as `read_rows`.
    """
    kind = kind or kind_of(path)
    handle = _open_text(path, kind)
    if kind == "txt":
        text_column = text_column or "text"
        return [text_column], _guarded(path, kind, handle, _text_rows(handle, text_column))
    if kind == "jsonl":
        return None, _guarded(path, kind, handle, _json_rows(path, handle, text_column))
    reader = csv.reader(handle, delimiter=_DELIMITED[kind], strict=True)
    try:
        columns = next(_guarded(path, kind, handle, reader, close=False, reader=reader), [])
        if text_column is not None and text_column not in columns:
            found = ", ".join(repr(c) for c in columns) or "none: the file is empty"
            raise DataError(
                f"{path}: no column {text_column!r} (columns: {found}); name the text column with --text-column"
            )
        twice = sorted({c for c in columns if columns.count(c) > 1})
        if twice:
            raise DataError(f"{path}: the header names {twice[0]!r} twice; rename one of the columns")
    except BaseException:
        handle.close()
        raise
    return columns, _guarded(path, kind, handle, _delimited_rows(path, reader, columns), reader=reader)


def _text_rows(handle: IO[str], text_column: str) -> Iterator[dict[str, Any]]:
    for raw in handle:
        yield {text_column: raw.rstrip("\r\n")}


def _json_rows(path: str, handle: IO[str], text_column: str | None) -> Iterator[dict[str, Any]]:
    for line, raw in enumerate(handle, 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}, line {line}: not valid JSON ({exc.msg}); fix or remove the line") from None
        if not isinstance(row, dict):
            raise DataError(f"{path}, line {line}: expected a JSON object per line, got {type(row).__name__}")
        if text_column is None:
            yield row
            continue
        if text_column not in row:
            raise DataError(f"{path}, line {line}: no field {text_column!r}; name the text field with --text-column")
        value = row[text_column]
        if value is not None and not isinstance(value, (str, int, float)):
            raise DataError(f"{path}, line {line}: field {text_column!r} holds a {type(value).__name__}, not text")
        yield row


def _delimited_rows(path: str, reader: Any, columns: list[str]) -> Iterator[dict[str, Any]]:
    for values in reader:
        if len(values) > len(columns):
            raise DataError(
                f"{path}, line {reader.line_num}: {len(values)} fields but the header has {len(columns)}; "
                "quote fields that contain the delimiter"
            )
        yield dict(zip(columns, values + [""] * (len(columns) - len(values)), strict=True))


def _guarded(
    path: str, kind: str, handle: IO[str], rows: Iterator[Any], close: bool = True, reader: Any = None
) -> Iterator[Any]:
    """Yield from ``rows``, turning decoding and CSV errors (of ``reader``) into `DataError` naming the line."""
    done = 0  # the CSV lines fully read
    try:
        for row in rows:
            if reader is not None:
                done = reader.line_num
            yield row
    except csv.Error as exc:
        raise DataError(f"{path}, line {done + 1}: malformed {kind.upper()} ({exc}); check the quoting") from None
    except UnicodeDecodeError as exc:
        line = None if path == STDIN else _undecodable_line(path)
        where = "standard input" if path == STDIN else path if line is None else f"{path}, line {line}"
        raise DataError(
            f"{where}: not valid UTF-8 (byte 0x{exc.object[exc.start]:02x}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    finally:
        if close:
            handle.close()


def _undecodable_line(path: str) -> int | None:
    """Return the number of the first line of ``path`` that is not UTF-8 (decoding reads ahead).

    None is returned when re-reading finds none (a pipe cannot be read twice).
    """
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


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
        if not isinstance(row[label_column], (str, type(None))):
            raise DataError(
                f"{path}: row {n} has the label {row[label_column]!r}, not text; write labels as strings, "
                f'e.g. "{row[label_column]}"'
            )
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
    """Write tagged rows as CSV, TSV or JSONL to a file or stdout."""

    def __init__(self, handle: IO[str], kind: str, columns: list[str]) -> None:
        self.kind = kind
        self.handle = handle
        self.columns = columns
        self._known = set(columns)
        if kind != "jsonl":
            # Missing fields and None are written empty; extra fields are refused in write().
            self._csv = csv.DictWriter(
                handle, fieldnames=columns, delimiter=_DELIMITED[kind], restval="", extrasaction="ignore"
            )
            self._csv.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        """Write ``row``; JSONL keeps every field, CSV/TSV write the columns given at creation.

        Raises:
            DataError: a CSV/TSV row has a field outside the columns (it would be lost).
        """
        if self.kind == "jsonl":
            self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        if not self._known.issuperset(row):
            extra = next(key for key in row if key not in self._known)
            raise DataError(
                f"row {row.get('id', '?')} has a field {extra!r} that the first row lacks, and {self.kind.upper()} "
                "output has fixed columns; write JSONL instead (-o tagged.jsonl) to keep every field"
            )
        self._csv.writerow(row)
