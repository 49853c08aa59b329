"""Large delimited files in parts: each part is typed and written while the next is read.

Arrow's parser keeps both cores busy while it reads a 200 MB export, but typing the columns
(decimal commas, Dutch dates) and encoding the Parquet snapshot came after it, and Arrow's
Parquet writer encodes on one thread. Here the file is cut into byte ranges (``PART_ENDS``)
at line ends: while Arrow parses part i+1, part i is typed and handed to a writer thread
that adds it to the snapshot as one row group. On the import benchmark (1,000,000 rows)
this took the import from about 1.45 s to about 1.15 s (``benchmarks/bench_import.py``).

The parts must give exactly what the whole file gives, so this path steps aside (returns
``None``: the import reads the file whole, which also gives the exact error) whenever it
cannot be sure: an encoding in which byte 0x0A is not always a line end, quoted line breaks,
a quote that may span a cut, a column the user declared numeric (its error must name the
row), a read error in any part, a later part that does not fit the first part's typing (text
in a number column, fractions where the first part had whole numbers), or a key problem
under ``--lenient``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from personakit.errors import InputError
from personakit.ingest._convert import ColumnPlan, convert_column, resolve
from personakit.ingest._csv import HeadTypes, csv_dialect, head_types, read_fast
from personakit.ingest._read import (
    TableShape,
    check_key,
    decimal_of,
    dialect_numbers,
    infer_sampled,
    iter_plans,
    sampled_values,
    spread_indices,
)
from personakit.ingest._registry import Loaded
from personakit.ingest._roles import ROLE_SAMPLE, Sampled
from personakit.ingest._snapshot import SnapshotFile, snapshot_writer
from personakit.ingest._sniff import Sniffed, sniff
from personakit.model import ColumnInfo, ColumnRole

# Where the parts end, as shares of the file. The last part is the smallest: what remains
# after the last read (typing and writing that part) is the wait nobody can share.
PART_ENDS = (0.27, 0.54, 0.8, 0.92)
TYPING_THREADS = 2  # columns of a part typed side by side (pyarrow.compute frees the GIL)
# Below this size one read is as fast: parts of a few MB leave Arrow's threads idle.
SPLIT_BYTES = 64 << 20
# Encodings in which every byte 0x0A is a line feed (not so in UTF-16).
_BYTE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "ascii", "cp1252", "latin-1",
                             "iso-8859-1", "iso-8859-15"})
_LF, _QUOTE = 0x0A, 0x22
_SCAN = 16 << 20  # bytes compared at a time when counting quotes
_LONGEST_LINE = 1 << 20


@dataclass
class SplitImport:
    """The file read in parts: the typed table and its columns (the snapshot is in the
    sink that was passed in)."""

    loaded: Loaded
    table: pa.Table
    columns: list[ColumnInfo]


class _StepAside(Exception):
    """The parts cannot be trusted to give what the whole file gives."""


def split_import(path: Path, sink: SnapshotFile, *, key: str | None, lenient: bool,
                 roles: Mapping[str, str]) -> SplitImport | None:
    """Read and type *path* in parts, writing the snapshot into *sink* as they come;
    ``None`` (and *sink* untouched) when the whole-file path must do it."""
    if path.stat().st_size < SPLIT_BYTES or any(
            role == ColumnRole.NUMERIC for role in roles.values()):
        return None
    sniffed = sniff(path)
    if sniffed.newlines_in_values or sniffed.encoding.lower() not in _BYTE_ENCODINGS:
        return None
    mapped = pa.memory_map(str(path))
    try:
        buffer = mapped.read_buffer()
        cuts = line_cuts(buffer, PART_ENDS)
        if cuts is None:
            return None
        return _run(path, sniffed, head_types(sniffed), buffer, cuts, sink, key=key,
                    lenient=lenient, roles=roles)
    except _StepAside:
        sink.reset()
        return None
    finally:
        mapped.close()


def line_cuts(buffer: pa.Buffer, ends: Sequence[float]) -> list[int] | None:
    """Byte offsets that cut *buffer* at line ends near the shares *ends* (``None``: a line
    is too long to find its end near a cut, or the file too small to cut)."""
    view = np.frombuffer(buffer, dtype=np.uint8)
    cuts = [0]
    for share in ends:
        start = int(buffer.size * share)
        feeds = np.flatnonzero(view[start:start + _LONGEST_LINE] == _LF)
        if not len(feeds):
            return None
        cuts.append(start + int(feeds[0]) + 1)
    cuts.append(buffer.size)
    if any(b <= a for a, b in zip(cuts, cuts[1:], strict=False)):
        return None
    return cuts


def outside_quotes(buffer: pa.Buffer, cuts: list[int]) -> bool:
    """Whether every cut lies outside quoted fields: the quotes before it pair up."""
    view = np.frombuffer(buffer, dtype=np.uint8)
    quotes = 0
    for a, b in zip(cuts[:-2], cuts[1:-1], strict=True):
        quotes += sum(int(np.count_nonzero(view[i:min(b, i + _SCAN)] == _QUOTE))
                      for i in range(a, b, _SCAN))
        if quotes % 2:
            return False
    return True


def _run(path: Path, sniffed: Sniffed, head: HeadTypes, buffer: pa.Buffer, cuts: list[int],
         sink: SnapshotFile, *, key: str | None, lenient: bool,
         roles: Mapping[str, str]) -> SplitImport:
    with ThreadPoolExecutor(1) as reading, ThreadPoolExecutor(1) as writing, \
            ThreadPoolExecutor(TYPING_THREADS) as typing, \
            ThreadPoolExecutor(1) as background:
        reads = [reading.submit(_read_part, buffer, cuts, i, sniffed, head)
                 for i in range(len(cuts) - 1)]
        writer: pq.ParquetWriter | None = None
        writes: list[Future[None]] = []
        try:
            if not outside_quotes(buffer, cuts):  # counted while the first part is read
                raise _StepAside()
            first = _result(reads[0])
            dialect = csv_dialect(sniffed, head)
            found = dict(iter_plans(first))
            decimal = decimal_of(found, dialect)
            plans = {n: resolve(p, decimal) for n, p in found.items() if p.kind != "string"}
            types: dict[str, pa.DataType] = {}
            parts: list[pa.Table] = []
            for future in reads[:-1]:
                part = _typed(first if not parts else _result(future), plans, types, typing)
                if writer is None:
                    writer = snapshot_writer(sink.stream, part)
                writes.append(writing.submit(writer.write_table, part,
                                             row_group_size=part.num_rows))
                parts.append(part)
            # The last part is typed in the background while its sample rows (typed on
            # their own) complete the role-inference sample: inference, the last typing
            # and the last write overlap instead of following each other.
            raw = _result(reads[-1])
            last = background.submit(_typed, raw, plans, types, typing)
            dialect.update(dialect_numbers(plans, dict.fromkeys(plans, True), decimal, {}))
            sample, shape = _role_sample([*parts, raw], plans, types, typing)
            columns = infer_sampled(sample, shape, dialect, key=key, roles=roles)
            assert writer is not None
            part = last.result()
            writes.append(writing.submit(writer.write_table, part, row_group_size=part.num_rows))
            parts.append(part)
            table = pa.concat_tables(parts)
            loaded = Loaded(table, dialect)
            if key is not None:
                table = _key_checked(path, loaded, table, key, lenient)
            for write in writes:
                write.result()
        except BaseException:
            for future in reads:
                future.cancel()
            for write in writes:
                write.cancel()
            if writer is not None:
                _close_quietly(writer, writes)
            raise
        assert writer is not None
        writer.close()
        sink.close()
    return SplitImport(loaded, table, columns)


def _role_sample(parts: list[pa.Table], plans: dict[str, ColumnPlan],
                 types: dict[str, pa.DataType],
                 pool: ThreadPoolExecutor) -> tuple[dict[str, Sampled], TableShape]:
    """The role-inference sample of the whole table (the same rows ``sample_columns``
    takes) and its shape, while the last part (``parts[-1]``) is still untyped.

    Typing keeps missing values missing (a conversion that would lose one gives up), so
    the untyped last part already has the typed part's null counts.
    """
    rows = sum(p.num_rows for p in parts)
    wanted = spread_indices(rows, ROLE_SAMPLE)
    pieces, offset = [], 0
    for i, part in enumerate(parts):
        local = wanted[(wanted >= offset) & (wanted < offset + part.num_rows)] - offset
        piece = part.take(pa.array(local, pa.int64()))
        if i == len(parts) - 1:
            piece = _typed(piece, plans, types, pool, sample=True)
        pieces.append(piece)
        offset += part.num_rows
    nulls = {name: sum(p[name].null_count for p in parts) for name in parts[0].column_names}
    shape = TableShape(parts[0].schema, rows, nulls)
    return sampled_values(pa.concat_tables(pieces)), shape


def _close_quietly(writer: pq.ParquetWriter, writes: list[Future[None]]) -> None:
    """Close a writer that is given up on (before its sink is reset): a writer left open
    would write its footer whenever it is collected."""
    for write in writes:
        if not write.cancelled():
            try:
                write.result()
            except Exception:  # noqa: BLE001, S110 - the first error is the one raised
                pass
    try:
        writer.close()
    except Exception:  # noqa: BLE001, S110
        pass


def _read_part(buffer: pa.Buffer, cuts: list[int], index: int, sniffed: Sniffed,
               head: HeadTypes) -> pa.Table:
    start, end = cuts[index], cuts[index + 1]
    part = buffer.slice(start, end - start)
    utf8 = sniffed.encoding.lower() in ("utf-8", "utf-8-sig", "ascii")
    try:
        if utf8:
            valid_utf8(part)  # the whole part at once: far cheaper than value by value
        return read_fast(part, sniffed, False, head,
                         skip_rows=sniffed.header_rows if index == 0 else 0,
                         check_utf8=not utf8)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise _StepAside() from exc


def valid_utf8(buffer: pa.Buffer) -> None:
    """Raise ``ArrowInvalid`` unless *buffer* is valid UTF-8 (Arrow's vectorised check)."""
    offsets = pa.array([0, buffer.size], pa.int64()).buffers()[1]
    pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, buffer]).validate(full=True)


def _result(future: Future[pa.Table]) -> pa.Table:
    return future.result()


def _typed(part: pa.Table, plans: dict[str, ColumnPlan], types: dict[str, pa.DataType],
           pool: ThreadPoolExecutor, *, sample: bool = False) -> pa.Table:
    """The part with its text columns typed; every part must end with the same types.

    A *sample* of a few rows may read as whole numbers where its column has fractions:
    those are cast to the column's type.
    """
    converted = {name: pool.submit(convert_column, part[name], plan)
                 for name, plan in plans.items()}
    for name, future in converted.items():
        column = future.result()
        if column is None:
            raise _StepAside()
        if sample and column.type != types[name]:
            try:
                column = column.cast(types[name])
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise _StepAside() from exc
        if types.setdefault(name, column.type) != column.type:
            raise _StepAside()
        part = part.set_column(part.schema.get_field_index(name), name, column)
    return part


def _key_checked(path: Path, loaded: Loaded, table: pa.Table, key: str,
                 lenient: bool) -> pa.Table:
    try:
        return check_key(path, loaded, table, key, False)
    except InputError as exc:
        if lenient and exc.key != "ingest.error.key_not_found":
            raise _StepAside() from exc  # the whole path quarantines the bad rows
        raise
