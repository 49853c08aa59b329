"""The built-in readers: delimited text, Excel, Parquet, JSON and JSON Lines."""

from __future__ import annotations

import json
import re
import sys
import zipfile
import zlib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from personakit.errors import InputError
from personakit.ingest._csv import csv_dialect, read_delimited
from personakit.ingest._documents import read_document
from personakit.ingest._model import Reject
from personakit.ingest._registry import Loaded, Reader, register_reader
from personakit.ingest._sniff import (
    check_text,
    dedupe_names,
    detect_encoding,
    encoding_error,
    read_sample,
)

# A list inside a JSON record ("kanalen": ["app", "email"]) becomes one multi-select cell.
LIST_SEPARATOR = ";"
# What openpyxl and zipfile raise on a damaged workbook, at opening or later while rows are
# read (a corrupt deflate stream is only met then): found by tests/test_fuzz_readers.py.
_BROKEN_WORKBOOK = (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, EOFError,
                    NotImplementedError, IndexError, TypeError, SyntaxError)
# Whole numbers beyond int64 (a 20-digit account number in JSON) stay exact, as text.
_INT64 = (-(1 << 63), (1 << 63) - 1)
# A JSON ``\ud800`` escape that is not one half of a pair: valid JSON, but not a character.
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def read_csv(path: Path, lenient: bool) -> Loaded:
    text = read_delimited(path, lenient=lenient)
    return Loaded(text.table, csv_dialect(text.sniffed, text.head), text.rejects,
                  lines=text.lines)


def read_excel(path: Path, lenient: bool) -> Loaded:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except _BROKEN_WORKBOOK as exc:
        raise InputError("ingest.error.excel", file=str(path), detail=str(exc)) from exc
    try:
        if not book.worksheets:
            raise InputError("ingest.error.excel", file=str(path), detail="no worksheet")
        sheet = book.worksheets[0]
        rows = [r for r in sheet.iter_rows(values_only=True)
                if any(v is not None and v != "" for v in r)]
        title = sheet.title
    except _BROKEN_WORKBOOK as exc:
        raise InputError("ingest.error.excel", file=str(path), detail=str(exc)) from exc
    finally:
        book.close()
    if not rows:
        raise InputError("ingest.error.empty", file=str(path))
    width = max(len(r) for r in rows)
    header = [str(v) if v is not None else "" for v in rows[0]] + [""] * (width - len(rows[0]))
    body = [list(r) + [None] * (width - len(r)) for r in rows[1:]]
    keep = [i for i in range(width) if header[i] or any(r[i] is not None for r in body)]
    names = dedupe_names([header[i] for i in keep])
    columns = {name: [r[i] for r in body] for name, i in zip(names, keep, strict=True)}
    dialect = {"format": "xlsx", "sheet": title, "header_rows": 1}
    return Loaded(table_from_values(columns), dialect)


def read_parquet(path: Path, lenient: bool) -> Loaded:
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError("ingest.error.parquet", file=str(path), detail=str(exc)) from exc
    return Loaded(table, {"format": "parquet"}, typed=True)


def _text_of(path: Path) -> tuple[str, str]:
    head, size = read_sample(path)
    check_text(path, head, size)
    encoding, _ = detect_encoding(path, head, complete=True)
    data = path.read_bytes()
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise encoding_error(path, data, encoding, exc.start) from exc


def read_json(path: Path, lenient: bool) -> Loaded:
    text, encoding = _text_of(path)
    data = _loads(path, text.lstrip("\ufeff"), 1)
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else data
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError("ingest.error.json_shape", file=str(path))
    if not data:
        raise InputError("ingest.error.no_rows", file=str(path))
    _check_characters(path, text, data, 1)
    return Loaded(_records_table(path, data), {"format": "json", "encoding": encoding})


def read_jsonl(path: Path, lenient: bool) -> Loaded:
    text, encoding = _text_of(path)
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    rejects: list[Reject] = []
    # Records end at LF only: a string may hold U+2028 or a form feed, which
    # ``str.splitlines`` would take for line ends (and cut the record in two).
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            record = _loads(path, line, number)
            if not isinstance(record, dict):
                raise InputError("ingest.error.jsonl_object", file=str(path), line=number)
            _check_characters(path, line, record, number)
        except InputError as problem:
            if not lenient:
                raise
            rejects.append(Reject(line=number, reason=problem.message(), text=line[:1000]))
            continue
        records.append(record)
        lines.append(number)
    if not records:
        raise InputError("ingest.error.no_rows", file=str(path))
    return Loaded(_records_table(path, records), {"format": "jsonl", "encoding": encoding},
                  rejects, lines=lines)


def _loads(path: Path, text: str, line: int) -> Any:
    """*text* parsed as JSON; a syntax error names its line (*line* is the first)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("ingest.error.json_invalid", file=str(path),
                         line=line + exc.lineno - 1, detail=exc.msg) from None
    except RecursionError:
        # ``[[[[...`` a hundred thousand deep: the parser recurses per level.
        raise InputError("ingest.error.json_depth", file=str(path),
                         limit=sys.getrecursionlimit()) from None


def _records_table(path: Path, records: list[dict[str, Any]]) -> pa.Table:
    try:
        return table_from_records(records)
    except RecursionError:  # nested values are stored as JSON text, written recursively
        raise InputError("ingest.error.json_depth", file=str(path),
                         limit=sys.getrecursionlimit()) from None


def _check_characters(path: Path, text: str, data: Any, first_line: int) -> None:
    """Refuse strings with half a UTF-16 surrogate pair: no text column can hold them."""
    if "\\u" not in text or not _LONE_SURROGATE.search(text):
        return  # the common case: one scan of the text, no walk over the data
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except RecursionError:
        raise InputError("ingest.error.json_depth", file=str(path),
                         limit=sys.getrecursionlimit()) from None
    except UnicodeEncodeError:
        found = _LONE_SURROGATE.search(text)
        where = text.count("\n", 0, found.start()) if found else 0
        raise InputError("ingest.error.json_surrogate", file=str(path),
                         line=first_line + where,
                         escape=found.group(0) if found else "\\ud800") from None


def table_from_records(records: list[dict[str, Any]]) -> pa.Table:
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    columns = {str(n): [r.get(n) for r in records] for n in names}
    return table_from_values(columns)


def table_from_values(columns: dict[str, list[Any]]) -> pa.Table:
    """An Arrow table from Python values per column, one type per column."""
    return pa.table({name: _array(values) for name, values in columns.items()})


def _array(values: list[Any]) -> pa.Array:
    present = [v for v in values if v is not None and v != ""]
    kinds = {_kind(v) for v in present}
    clean = [None if v is None or v == "" else v for v in values]
    if kinds == {"bool"}:
        return pa.array(clean, pa.bool_())
    if kinds == {"int"}:
        return pa.array(clean, pa.int64())
    if kinds <= {"int", "float"} and kinds:
        return pa.array([None if v is None else float(v) for v in clean], pa.float64())
    if kinds and kinds <= {"datetime", "date_time0"} and "datetime" in kinds:
        return pa.array(clean, pa.timestamp("s"))
    if kinds and kinds <= {"date", "date_time0"}:
        return pa.array([v.date() if isinstance(v, datetime) else v for v in clean],
                        pa.date32())
    return pa.array([None if v is None else _as_text(v) for v in clean], pa.string())


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int" if _INT64[0] <= value <= _INT64[1] else "text"
    if isinstance(value, float):
        return "float"
    if isinstance(value, datetime):
        return "datetime" if (value.hour, value.minute, value.second) != (0, 0, 0) or \
            value.microsecond else "date_time0"
    if isinstance(value, date):
        return "date"
    return "text"


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


for _reader in (
    Reader("csv", (".csv", ".tsv", ".tab"), read_csv),
    # A .txt holding a delimited table is still read as CSV (see _documents.is_tabular).
    Reader("text", (".txt", ".md", ".markdown", ".docx"), read_document),
    Reader("xlsx", (".xlsx", ".xlsm"), read_excel),
    Reader("parquet", (".parquet", ".pq"), read_parquet),
    Reader("json", (".json",), read_json),
    Reader("jsonl", (".jsonl", ".ndjson"), read_jsonl),
):
    register_reader(_reader)
