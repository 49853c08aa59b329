"""The Parquet snapshot's bytes: one writer setup for every way a file is read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from personakit.ingest._convert import IMPORT_POOL
from personakit.workspace._journal import staging_file

_HASH_BLOCK = 1 << 20

# snappy: the fastest to write of pyarrow's codecs on the import benchmark.
PARQUET_COMPRESSION = "snappy"
# Dictionary encoding is used for a column whose first rows hold at most this share of
# distinct values.
DICTIONARY_PROBE_ROWS = 10_000
DICTIONARY_MAX_SHARE = 0.9


def snapshot_writer(sink: pa.NativeFile, table: pa.Table) -> pq.ParquetWriter:
    """A Parquet writer for tables shaped like *table* (its first part, when written in parts).

    No column statistics: a snapshot is read whole, so they would only cost time (0.25 s of
    0.8 s on the 1,000,000-row benchmark). No stored Arrow schema: text read
    dictionary-encoded (see ``_csv._repeats``) reads back as plain text, like every other
    snapshot.
    """
    return pq.ParquetWriter(sink, table.schema, compression=PARQUET_COMPRESSION,
                            write_statistics=False, use_dictionary=dictionary_columns(table),
                            store_schema=False, memory_pool=IMPORT_POOL)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    # One reused buffer: a fresh 4 MiB bytes object per block cost page faults.
    buffer = bytearray(_HASH_BLOCK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as handle:
        while size := handle.readinto(buffer):
            digest.update(view[:size])
    return digest.hexdigest()


class SnapshotFile:
    """A snapshot written straight to a temporary file beside its final place: no copy of
    the file in memory. Arrow's own file (``stream``) is the writer's sink, so the writer
    thread never waits for Python's interpreter lock (a Python sink made it the slowest
    thread of a large import). The workspace transaction moves the file into place, or it
    is discarded.
    """

    def __init__(self, directory: Path) -> None:
        # Folders made for it are removed again with it (a failed import leaves the
        # workspace as it was).
        self._made = [d for d in (directory, *directory.parents) if not d.exists()]
        directory.mkdir(parents=True, exist_ok=True)
        self.path = staging_file(directory, ".parquet")
        self.stream: pa.NativeFile = pa.OSFile(str(self.path), "wb")

    def close(self) -> None:
        if not self.stream.closed:
            self.stream.close()

    @property
    def content_hash(self) -> str:
        """SHA-256 of the written file (the snapshot's name)."""
        self.close()
        return file_sha256(self.path)

    def reset(self) -> None:
        """Start again from an empty file (after a writer that gave up half-way)."""
        self.close()
        self.stream = pa.OSFile(str(self.path), "wb")

    def discard(self) -> None:
        """Remove the file, unless it was moved into place, and the folders made for it."""
        self.close()
        self.path.unlink(missing_ok=True)
        for folder in self._made:
            try:
                folder.rmdir()
            except OSError:
                break  # not empty: the snapshot landed there


def write_snapshot(table: pa.Table, sink: SnapshotFile) -> None:
    """*table* as one Parquet file into *sink*."""
    with snapshot_writer(sink.stream, table) as writer:
        writer.write_table(table)
    sink.close()


def dictionary_columns(table: pa.Table) -> list[str]:
    """Columns worth dictionary encoding: those that repeat values in their first rows.

    A column of distinct values (customer ids, e-mail addresses, amounts) fills the
    dictionary page for nothing before the writer falls back to plain encoding; leaving
    them out saves a tenth of the encoding time and no space. Decided on the data alone,
    so the same data still gives the same bytes and the same snapshot name.
    """
    head = table.slice(0, DICTIONARY_PROBE_ROWS)
    chosen: list[str] = []
    for name in table.column_names:
        column = head[name]
        if pa.types.is_dictionary(column.type):
            chosen.append(name)  # read as a dictionary because its values repeat
            continue
        present = len(column) - column.null_count
        try:
            repeats = present == 0 or \
                pc.count_distinct(column).as_py() <= present * DICTIONARY_MAX_SHARE
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            repeats = True  # nested types from a Parquet source: the writer's default
        if repeats:
            chosen.append(name)
    return chosen
