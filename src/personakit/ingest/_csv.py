"""Delimited text (CSV, TSV, .txt): one fast read, and a careful read only when it fails.

The fast path is one multithreaded ``pyarrow.csv`` read with the sniffed dialect and every
column as text (numbers are converted afterwards, because ``1.234,56`` is not a number to
any CSV engine). When it fails, the careful path walks the file with Python's ``csv``
module to name the exact line that breaks a rule (or, with ``lenient``, to quarantine it).
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from personakit.errors import InputError
from personakit.ingest._convert import IMPORT_POOL, file_decimal, plan_column
from personakit.ingest._model import Reject
from personakit.ingest._sniff import Sniffed, encoding_error, sniff

# Bigger blocks than pyarrow's 1 MiB default: fewer, larger parallel tasks on a 200 MB file
# (4 MiB measured a little faster than 8 MiB and clearly faster than 1 or 16 MiB).
BLOCK_SIZE = 4 << 20
_CHUNK = 1 << 22
# A text column whose head (at least this many values) has at most this share of distinct
# values is read dictionary-encoded (see ``_repeats``).
DICTIONARY_MIN_ROWS = 50
DICTIONARY_MAX_SHARE = 0.5
TEXT_DICTIONARY = pa.dictionary(pa.int32(), pa.string())
MAX_FIELD_CHARS = 1 << 28


@dataclass
class TextTable:
    """A delimited file read as text columns, before typing."""

    table: pa.Table
    sniffed: Sniffed
    rejects: list[Reject] = field(default_factory=list)
    lines: list[int] | None = None  # line of each row, known after the careful path
    head: HeadTypes | None = None  # the reader's own typing, when it held for the file


def read_delimited(path: Path, *, lenient: bool = False,
                   delimiter: str | None = None) -> TextTable:
    """Read *path* as text columns with the sniffed dialect."""
    sniffed = sniff(path, delimiter=delimiter)
    types = head_types(sniffed)
    if types.types:
        # Columns the head shows as plain integers, decimals or dates are parsed by the
        # reader itself (2-3x faster than text); any surprise further down the file makes
        # this read fail, and the text read below takes over.
        try:
            return TextTable(read_fast(path, sniffed, sniffed.newlines_in_values, types), sniffed,
                             head=types)
        except (pa.ArrowInvalid, UnicodeDecodeError):
            pass
    try:
        return TextTable(read_fast(path, sniffed, sniffed.newlines_in_values), sniffed)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        pass
    _check_encoding(path, sniffed)
    if not sniffed.newlines_in_values:
        try:
            return TextTable(read_fast(path, sniffed, True), sniffed)
        except (pa.ArrowInvalid, UnicodeDecodeError):
            pass
    return _careful(path, sniffed, lenient)


def csv_dialect(sniffed: Sniffed, head: HeadTypes | None) -> dict[str, Any]:
    """How the file was read, as recorded with its snapshot."""
    dialect: dict[str, Any] = {
        "format": "csv", "encoding": sniffed.encoding, "delimiter": sniffed.delimiter,
        "quote": '"', "header_rows": sniffed.header_rows, "line_ending": sniffed.line_ending,
    }
    if head is not None and any(pa.types.is_floating(t) for t in head.types.values()):
        dialect["decimal"] = head.options["decimal_point"]
    return dialect


def _arrow_encoding(encoding: str) -> str:
    # pyarrow skips a UTF-8 BOM itself and decodes UTF-8 natively (other encodings go
    # through a slower transcoding stream).
    return "utf8" if encoding in ("utf-8", "utf-8-sig") else encoding


@dataclass
class HeadTypes:
    """Arrow types for the columns whose head is unambiguous, and how to parse them."""

    types: dict[str, pa.DataType] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)


def head_types(sniffed: Sniffed) -> HeadTypes:
    """The reader's column types, planned on the sniffed head of the file."""
    width = len(sniffed.header)
    # Transposed once (short rows padded): a generator per column cost 30 passes.
    padded = [r if len(r) >= width else [*r, *[None] * (width - len(r))]
              for r in sniffed.rows]
    columns = list(zip(*padded, strict=False)) if padded else [() for _ in range(width)]
    plans = {name: plan_column(columns[i]) for i, name in enumerate(sniffed.header)}
    decimal = file_decimal(plans.values(), sniffed.delimiter)
    head = HeadTypes()
    types = head.types
    for i, (name, plan) in enumerate(plans.items()):
        if plan.trim:
            continue
        if plan.kind == "int":
            types[name] = pa.int64()
        elif plan.kind == "number" and not plan.thousands and not plan.ambiguous and \
                plan.decimal == decimal:
            types[name] = pa.float64()
        elif plan.kind == "string" and _repeats(columns[i]):
            types[name] = TEXT_DICTIONARY
    # Dates stay text here: Arrow's parser reads 31-02-2024 as 2 March, so they are typed
    # afterwards, where the day is checked (``_convert._to_date``).
    head.options["decimal_point"] = decimal
    return head


def _repeats(values: tuple[str | None, ...]) -> bool:
    """Text that repeats in the head (product, city, Likert answers): read as a dictionary.

    The reader then stores each value once per block, and the Parquet snapshot writes the
    dictionary as it is instead of hashing every value again: 0.15 s less per 1,000,000
    rows on the import benchmark. A text column that stops repeating further down is only
    stored less compactly; the values are the same.
    """
    present = [v for v in values if v]
    return len(present) >= DICTIONARY_MIN_ROWS and \
        len(set(present)) <= DICTIONARY_MAX_SHARE * len(present)


def read_fast(path: Path | pa.Buffer, sniffed: Sniffed, newlines: bool,
              head: HeadTypes | None = None, *, skip_rows: int | None = None,
              check_utf8: bool = True) -> pa.Table:
    """One multithreaded read of *path* (or a part of it in memory) with the sniffed dialect;
    columns in *head* get its types, the others are text. ``check_utf8=False`` is for
    bytes already checked as a whole (much faster than value by value)."""
    read = pacsv.ReadOptions(
        encoding=_arrow_encoding(sniffed.encoding), column_names=sniffed.header,
        skip_rows=sniffed.header_rows if skip_rows is None else skip_rows,
        block_size=BLOCK_SIZE,
    )
    parse = pacsv.ParseOptions(delimiter=sniffed.delimiter, quote_char='"', double_quote=True,
                               newlines_in_values=newlines)
    column_types = dict.fromkeys(sniffed.header, pa.string())
    column_types.update(head.types if head else {})
    convert = pacsv.ConvertOptions(
        column_types=column_types, null_values=[""], strings_can_be_null=True,
        quoted_strings_can_be_null=True, check_utf8=check_utf8,
        **(head.options if head else {}),
    )
    source = pa.BufferReader(path) if isinstance(path, pa.Buffer) else path
    table = pacsv.read_csv(source, read_options=read, parse_options=parse,
                           convert_options=convert, memory_pool=IMPORT_POOL)
    # Each block has its own dictionary; one shared dictionary per column lets the Parquet
    # writer take the columns as they are.
    return table.unify_dictionaries(memory_pool=IMPORT_POOL) if head else table


def _check_encoding(path: Path, sniffed: Sniffed) -> None:
    """Raise for the first invalid byte; a UTF-8 guess from an ASCII sample may become cp1252.

    A sample of plain ASCII proves nothing: the first accented name may come after the
    first MiB. Such a file is read as cp1252 when UTF-8 fails and cp1252 does not.
    """
    position = invalid_byte(path, sniffed.encoding)
    if position is None:
        return
    if sniffed.encoding == "utf-8" and not sniffed.confident_encoding:
        if invalid_byte(path, "cp1252") is None:
            sniffed.encoding = "cp1252"
            return
    raise _encoding_error_at(path, sniffed.encoding, position)


def invalid_byte(path: Path, encoding: str) -> int | None:
    """Offset of the first byte of *path* that is not valid *encoding*, or None."""
    offset = 0
    with path.open("rb") as handle:
        if codecs.lookup(encoding).name == "utf-8-sig":
            # That decoder counts positions after the BOM: skip the BOM and count it here.
            offset = len(codecs.BOM_UTF8) if handle.read(3) == codecs.BOM_UTF8 else 0
            handle.seek(offset)
            encoding = "utf-8"
        decoder = codecs.getincrementaldecoder(encoding)()
        while block := handle.read(_CHUNK):
            # The decoder counts from the bytes it still holds from the block before
            # (half a character); a file cut inside a character fails only at the end.
            held = len(decoder.getstate()[0])
            try:
                decoder.decode(block, final=False)
            except UnicodeDecodeError as exc:
                return offset - held + exc.start
            offset += len(block)
        held = len(decoder.getstate()[0])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return offset - held + exc.start
    return None


def _encoding_error_at(path: Path, encoding: str, position: int) -> InputError:
    lines = 0
    offset = 0
    with path.open("rb") as handle:
        while offset + _CHUNK <= position:
            block = handle.read(_CHUNK)
            lines += block.count(b"\n")
            offset += len(block)
        block = handle.read(position - offset + 1)
    return encoding_error(path, block, encoding, position - offset, offset, lines)


def _careful(path: Path, sniffed: Sniffed, lenient: bool) -> TextTable:
    """Walk every record; the first broken rule raises (or, lenient, is quarantined)."""
    expected = len(sniffed.header)
    columns: list[list[str | None]] = [[] for _ in range(expected)]
    rejects: list[Reject] = []
    lines: list[int] = []
    # Long open answers exceed csv's 128 KiB default field limit.
    csv.field_size_limit(MAX_FIELD_CHARS)
    with path.open(encoding=sniffed.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=sniffed.delimiter, quotechar='"',
                            doublequote=True, strict=True)
        previous = 0
        records = 0
        while True:
            start = previous + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problem = _quote_problem(path, start, str(exc))
                if not lenient or "end of data" in str(exc):
                    if lenient:
                        rejects.append(Reject(line=start, reason=problem.message()))
                        break
                    raise problem from exc
                rejects.append(Reject(line=start, reason=problem.message()))
                previous = reader.line_num
                continue
            previous = reader.line_num
            if not record:
                continue
            records += 1
            if records <= sniffed.header_rows:
                continue
            if len(record) != expected:
                problem = _count_problem(path, start, previous, expected, record)
                if not lenient:
                    raise problem
                rejects.append(Reject(line=start, reason=problem.message(),
                                      text=sniffed.delimiter.join(record)))
                continue
            lines.append(start)
            for values, value in zip(columns, record, strict=True):
                values.append(value if value != "" else None)
    table = pa.table({name: pa.array(values, pa.string())
                      for name, values in zip(sniffed.header, columns, strict=True)})
    return TextTable(table, sniffed, rejects, lines)


def _quote_problem(path: Path, line: int, detail: str) -> InputError:
    if "end of data" in detail:
        return InputError("ingest.error.unterminated_quote", file=str(path), line=line)
    return InputError("ingest.error.bad_quote", file=str(path), line=line, detail=detail)


def _count_problem(path: Path, start: int, end: int, expected: int,
                   record: list[str]) -> InputError:
    # A record that swallowed following lines is an opening quote never closed there.
    if end > start and any("\n" in value for value in record):
        return InputError("ingest.error.unterminated_quote", file=str(path), line=start)
    return InputError("ingest.error.field_count", file=str(path), line=start,
                      expected=expected, found=len(record))
