"""Reading sources back: their snapshots, columns (with the user's overrides) and data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy import Row, select

from personakit.errors import WorkspaceError
from personakit.ingest._model import SourceSummary
from personakit.ingest._read import apply_roles
from personakit.model import ColumnInfo, SnapshotInfo
from personakit.store.tables import snapshots
from personakit.workspace import Workspace


def to_snapshot(row: Row[Any]) -> SnapshotInfo:
    created: datetime = row.created_at
    if created.tzinfo is None:  # SQLite keeps no time zone; we always store UTC
        created = created.replace(tzinfo=UTC)
    return SnapshotInfo(
        id=row.id, source=row.source, file_hash=row.file_hash,
        original_path=row.original_path, path=row.path, rows=row.rows,
        columns=[ColumnInfo.model_validate(c) for c in row.columns],
        dialect=dict(row.dialect or {}), key=row.key, rejects=row.rejects or 0,
        created_at=created,
    )


def _all_rows(ws: Workspace) -> list[SnapshotInfo]:
    with ws.engine.connect() as con:
        rows = con.execute(select(snapshots)).all()
    found = [to_snapshot(r) for r in rows]
    return sorted(found, key=lambda s: (s.source, s.created_at, s.id), reverse=True)


def snapshot_rows(ws: Workspace, source: str) -> list[SnapshotInfo]:
    """Every snapshot of *source*, newest first; an unknown source is a clear error."""
    found = [s for s in _all_rows(ws) if s.source == source]
    if not found:
        names = source_names(ws)
        if not names:
            raise WorkspaceError("ingest.error.no_sources")
        raise WorkspaceError("ingest.error.unknown_source", source=source,
                             sources=", ".join(names))
    return found


def source_names(ws: Workspace) -> list[str]:
    """Names of the imported sources, sorted."""
    return sorted({s.source for s in _all_rows(ws)})


def latest_snapshot(ws: Workspace, source: str) -> SnapshotInfo:
    """The current (newest) snapshot of *source*, its columns with the overrides applied."""
    snapshot = snapshot_rows(ws, source)[0]
    return snapshot.model_copy(update={"columns": source_columns(ws, source, snapshot)})


def list_sources(ws: Workspace) -> list[SourceSummary]:
    """One summary per imported source, sorted by name."""
    summaries = []
    by_source: dict[str, list[SnapshotInfo]] = {}
    for snap in _all_rows(ws):
        by_source.setdefault(snap.source, []).append(snap)
    for name in sorted(by_source):
        latest = by_source[name][0]
        config = ws.config.sources.get(name)
        summaries.append(SourceSummary(
            name=name, snapshot_id=latest.id, rows=latest.rows, columns=len(latest.columns),
            key=latest.key, imported_at=latest.created_at, snapshots=len(by_source[name]),
            file=config.file if config else latest.original_path,
            kind=config.kind if config else latest.dialect.get("format"),
        ))
    return summaries


def source_columns(ws: Workspace, source: str,
                   snapshot: SnapshotInfo | None = None) -> list[ColumnInfo]:
    """The columns of the latest snapshot with ``[sources.NAME.roles]`` applied."""
    snap = snapshot or snapshot_rows(ws, source)[0]
    config = ws.config.sources.get(source)
    return apply_roles(snap.columns, dict(config.roles) if config else {})


def source_key(ws: Workspace, source: str) -> str | None:
    """The declared key of *source* (config first, then the snapshot)."""
    config = ws.config.sources.get(source)
    if config is not None and config.key:
        return config.key
    return snapshot_rows(ws, source)[0].key


def snapshot_of(ws: Workspace, source: str, snapshot_id: str | None = None) -> SnapshotInfo:
    """Snapshot *snapshot_id* of *source* (default: the newest), its columns with the
    overrides applied; a snapshot that is not there (erased, another workspace's) is a
    clear error."""
    rows = snapshot_rows(ws, source)
    found = rows[0] if snapshot_id is None else next(
        (s for s in rows if s.id == snapshot_id), None)
    if found is None:
        raise WorkspaceError("ingest.error.unknown_snapshot", source=source,
                             snapshot=str(snapshot_id)[:12])
    return found.model_copy(update={"columns": source_columns(ws, source, found)})


def load_source(ws: Workspace, source: str, snapshot_id: str | None = None) -> pd.DataFrame:
    """Snapshot *snapshot_id* of *source* (default: the latest) as a DataFrame."""
    snapshot = snapshot_of(ws, source, snapshot_id)
    # Dates as datetime64, not Python date objects: DuckDB filters and pandas both want that.
    table = pq.read_table(ws.root / snapshot.path)
    return pd.DataFrame(table.to_pandas(date_as_object=False))


def duckdb_views(con: duckdb.DuckDBPyConnection, ws: Workspace) -> None:
    """Register the latest snapshot of every source as a view named after the source."""
    for name in source_names(ws):
        path = str(ws.root / snapshot_rows(ws, name)[0].path).replace("'", "''")
        ident = name.replace('"', '""')
        con.execute(f"CREATE OR REPLACE VIEW \"{ident}\" AS SELECT * FROM read_parquet('{path}')")
