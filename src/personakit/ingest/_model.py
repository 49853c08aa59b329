"""Results of the importers, passed to the CLI and to the other stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
import pyarrow as pa
from pydantic import BaseModel

from personakit.model import ColumnInfo, SnapshotInfo


class Reject(BaseModel):
    """A row set aside by ``--lenient``.

    Parameters
    ----------
    line
        Line number in the file (1 is the first line, the header); for Excel the sheet row.
    reason
        Why the row was set aside, in the user's language.
    text
        The raw row as read.
    """

    line: int
    reason: str
    text: str = ""


@dataclass
class ReadResult:
    """A file read into a typed table with its inferred columns (no workspace touched).

    Attributes
    ----------
    table
        The data, one Arrow column per file column.
    columns
        Role and statistics per column (overrides applied when given).
    dialect
        How the file was read: format, encoding, delimiter, decimal, thousands, dates.
    rejects
        Rows set aside under ``lenient=True``; never silently dropped.
    """

    table: pa.Table
    columns: list[ColumnInfo]
    dialect: dict[str, Any]
    rejects: list[Reject] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return int(self.table.num_rows)


class ImportResult(BaseModel):
    """What :func:`import_file` did.

    Parameters
    ----------
    snapshot
        The snapshot now current for the source (new, or the existing identical one).
    created
        False when the same file had been imported before: nothing was written.
    rejects
        Rows quarantined under ``--lenient`` (also stored beside the snapshot).
    """

    snapshot: SnapshotInfo
    created: bool
    rejects: int = 0

    @property
    def source(self) -> str:
        return self.snapshot.source


class SourceSummary(BaseModel):
    """One source as ``personakit sources`` lists it."""

    name: str
    snapshot_id: str
    rows: int
    columns: int
    key: str | None
    imported_at: datetime
    snapshots: int
    file: str
    kind: str | None = None


@dataclass
class LinkedData:
    """Sources linked on the customer key: one row per key of the base source.

    Attributes
    ----------
    frame
        The linked data; the key is the column named by ``key``.
    key
        Name of the key column in ``frame``.
    columns
        Role of every column of ``frame``.
    inputs
        Snapshot id used per source (for reproducibility).
    base
        The source whose keys make the rows.
    """

    frame: pd.DataFrame
    key: str
    columns: list[ColumnInfo]
    inputs: dict[str, str]
    base: str = ""
    links: dict[str, str] = field(default_factory=dict)


class LinkPair(BaseModel):
    """Match rates between the keys of two sources."""

    a: str
    b: str
    a_keys: int
    b_keys: int
    a_in_b: int
    b_in_a: int
    share_a_in_b: float
    share_b_in_a: float


class LinkReport(BaseModel):
    """Per pair of linkable sources, how many keys of each appear in the other."""

    keys: dict[str, str]  # source -> the column that holds its customer key
    pairs: list[LinkPair]
