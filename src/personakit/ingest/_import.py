"""``import_file``: a file becomes an immutable Parquet snapshot of a source in the workspace."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import tomlkit
from sqlalchemy import insert, or_, select, update

from personakit.errors import InputError
from personakit.ingest._documents import TextImportSettings, text_limits
from personakit.ingest._folder import FOLDER_READER, folder_sha256, load_folder, reader_kind
from personakit.ingest._kinds import kind_columns, source_options
from personakit.ingest._model import ImportResult, Reject
from personakit.ingest._read import infer_columns, load_typed
from personakit.ingest._registry import reader_for
from personakit.ingest._snapshot import SnapshotFile, file_sha256, write_snapshot
from personakit.ingest._sources import snapshot_rows, to_snapshot
from personakit.ingest._split import split_import
from personakit.model import ColumnInfo, SnapshotInfo
from personakit.store.tables import snapshots
from personakit.workspace import Staging, Workspace

Progress = Callable[[str, float], None]
"""Called as ``progress(step, share_done)`` with step in read, store, done."""

SMALL_FILE_BYTES = 16 << 20


def slugify(name: str) -> str:
    """A source name from a file stem: ``Enquête 2026 (v2)`` -> ``enquete_2026_v2``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")
    if not slug:
        slug = "source"
    return f"s_{slug}" if slug[0].isdigit() else slug


def import_file(ws: Workspace, path: str | Path, *, name: str | None = None,
                key: str | None = None, lenient: bool = False,
                progress: Progress | None = None, link: str | None = None,
                kpi: bool = False, kind: str | None = None,
                competitor: str | None = None) -> ImportResult:
    """Import *path* as a snapshot of source *name* (default: the file name, slugified).

    The same file again is a no-op (``created=False``); a changed file becomes a new
    snapshot and earlier ones are kept. *link* names the column that holds the customer
    key in a source with several rows per customer (chats, events). *kpi* marks the source
    as outcomes per customer per period (``[sources.NAME.options] kpi = true``): used for
    KPI trends per persona, never as segmentation variables. *kind* says what the texts
    are (``interview``, ``review``, ``chat``, ...) and *competitor* marks reviews of
    another organisation (``[sources.NAME.options] kind, competitor``, issue 11). *path*
    may be a folder: every text document in it (.txt, .md, .docx) becomes one source.
    Everything is validated before anything is written; the snapshot, its record and
    ``[sources.NAME]`` land together or not at all.
    """
    file = Path(path)
    report = progress or (lambda _step, _share: None)
    if not file.exists():
        raise InputError("ingest.error.not_found", file=str(file))
    reader = FOLDER_READER if file.is_dir() else reader_for(file)
    options = source_options(kind, competitor)
    source = slugify(name) if name else slugify(file.stem)
    config = ws.config.sources.get(source)
    key = key if key is not None else (config.key if config else None)
    roles = dict(config.roles) if config else {}
    report("read", 0.0)
    if file.is_dir() or file.stat().st_size < SMALL_FILE_BYTES:
        # A small file is hashed first, so importing it again reads nothing.
        file_hash: str | None = folder_sha256(file) if file.is_dir() else file_sha256(file)
        existing = _existing(ws, source, str(file_hash))
        if existing is not None:
            return _unchanged(ws, existing, options)
    else:
        # A large file is known by its content instead: hashing 200 MB costs a tenth of
        # the import, and the snapshot's bytes are hashed anyway.
        file_hash = None
    limits = ws.settings_section("text_import", TextImportSettings)
    sink = SnapshotFile(ws.data_dir / source)
    try:
        with text_limits(limits):
            return _import(ws, file, source, reader_kind(file, reader), sink,
                           file_hash=file_hash, key=key, link=link, lenient=lenient,
                           roles=roles, report=report, kpi=kpi, options=options)
    finally:
        sink.discard()  # nothing left behind, unless the transaction moved it into place


def _import(ws: Workspace, file: Path, source: str, kind: str, sink: SnapshotFile, *,
            file_hash: str | None, key: str | None, link: str | None, lenient: bool,
            roles: Mapping[str, str], report: Progress, kpi: bool = False,
            options: Mapping[str, Any] | None = None) -> ImportResult:
    split = split_import(file, sink, key=key, lenient=lenient, roles=roles) \
        if kind == "csv" and file_hash is None else None
    if split is not None:
        loaded, table, columns = split.loaded, split.table, split.columns
        report("store", 0.8)
    else:
        loaded, table = load_folder(file, lenient=lenient, roles=roles) if file.is_dir() \
            else load_typed(file, key=key, lenient=lenient, roles=roles)
        report("store", 0.6)
        with ThreadPoolExecutor(1) as pool:
            # Parquet encoding (C, no GIL) runs beside role inference (Python): on a 2-core
            # machine this keeps both cores busy (issue 2 import benchmark).
            encoded = pool.submit(write_snapshot, table, sink)
            columns = infer_columns(table, loaded.dialect, key=key,
                                    roles={**loaded.roles, **roles})
            encoded.result()
    options = dict(options or {})
    columns = kind_columns(columns, options.get("kind"))
    if link is None and key is None:
        link = loaded.link  # a document's key header links its parts to the customer
    if link is not None and link not in table.column_names:
        raise InputError("ingest.error.link_column", file=str(file), column=link,
                         columns=", ".join(table.column_names))
    content_hash = sink.content_hash
    file_hash = file_hash or content_hash
    existing = _existing(ws, source, file_hash, _snapshot_id(source, content_hash))
    if existing is not None:
        return _unchanged(ws, existing)
    snapshot = _store(ws, file, source, kind, (file_hash, content_hash), (key, link), table,
                      sink, columns, loaded.dialect, loaded.rejects, kpi=kpi, options=options)
    report("done", 1.0)
    return ImportResult(snapshot=snapshot, created=True, rejects=len(loaded.rejects))


def _snapshot_id(source: str, content_hash: str) -> str:
    return hashlib.sha256(f"{source}:{content_hash}".encode()).hexdigest()


def _existing(ws: Workspace, source: str, file_hash: str,
              snapshot_id: str | None = None) -> SnapshotInfo | None:
    """The snapshot of this file, or of the same content (a file saved again unchanged)."""
    same = snapshots.c.file_hash == file_hash
    if snapshot_id is not None:
        same = or_(same, snapshots.c.id == snapshot_id)
    with ws.engine.connect() as con:
        row = con.execute(select(snapshots).where(snapshots.c.source == source, same)).first()
    return to_snapshot(row) if row is not None else None


def _unchanged(ws: Workspace, snapshot: SnapshotInfo,
               options: Mapping[str, Any] | None = None) -> ImportResult:
    """The same file again: nothing to do, unless it is an earlier version coming back (or
    the file is now said to be of another kind or competitor)."""
    latest = snapshot_rows(ws, snapshot.source)[0]
    config = ws.config.sources.get(snapshot.source)
    known = dict(config.options) if config else {}
    new_options = {k: v for k, v in (options or {}).items() if known.get(k) != v}
    if new_options:
        with ws.transaction() as st:
            _record_options(st, snapshot.source, new_options)
    if latest.id != snapshot.id:
        # Re-importing an earlier version makes it current again (its data is unchanged).
        now = datetime.now(UTC)
        with ws.transaction() as st:
            st.connection.execute(update(snapshots).where(
                snapshots.c.id == snapshot.id).values(created_at=now))
        snapshot = snapshot.model_copy(update={"created_at": now})
    return ImportResult(snapshot=snapshot, created=False, rejects=snapshot.rejects)


def _store(ws: Workspace, file: Path, source: str, kind: str, hashes: tuple[str, str],
           keys: tuple[str | None, str | None], table: pa.Table, sink: SnapshotFile,
           columns: list[ColumnInfo], dialect: dict[str, Any],
           rejects: list[Reject], kpi: bool = False,
           options: Mapping[str, Any] | None = None) -> SnapshotInfo:
    key, link = keys
    file_hash, content_hash = hashes
    snapshot_id = _snapshot_id(source, content_hash)
    relative = f"data/{source}/{content_hash}.parquet"
    info = SnapshotInfo(
        id=snapshot_id, source=source, file_hash=file_hash, original_path=str(file.resolve()),
        path=relative, rows=table.num_rows, columns=columns, dialect=dialect, key=key,
        rejects=len(rejects), created_at=datetime.now(UTC),
    )
    with ws.transaction() as st:
        st.adopt(sink.path, relative)
        if rejects:
            _write_rejects(st, f"data/{source}/{content_hash}.rejects.parquet", rejects)
        st.connection.execute(insert(snapshots).values(
            id=info.id, source=source, file_hash=file_hash, original_path=info.original_path,
            path=relative, rows=info.rows, columns=[c.model_dump(mode="json") for c in columns],
            dialect=dialect, key=key, rejects=info.rejects, created_at=info.created_at,
        ))
        _record_source(st, ws, source, file, kind, key, link, kpi)
        if options:
            _record_options(st, source, options)
    return info


def _write_rejects(st: Staging, relative: str, rejects: list[Reject]) -> None:
    table = pa.table({
        "line": pa.array([r.line for r in rejects], pa.int64()),
        "reason": pa.array([r.reason for r in rejects], pa.string()),
        "text": pa.array([r.text for r in rejects], pa.string()),
    })
    pq.write_table(table, st.file_path(relative))


def _record_source(st: Staging, ws: Workspace, source: str, file: Path, kind: str,
                   key: str | None, link: str | None, kpi: bool = False) -> None:
    """``[sources.NAME]`` with file, key and kind; the user's roles and options are kept."""
    doc = st.edit_config()
    if "sources" not in doc:
        doc["sources"] = tomlkit.table(is_super_table=True)
    sources = doc["sources"]
    assert isinstance(sources, dict)
    entry = sources.get(source)
    if entry is None:
        entry = tomlkit.table()
        sources[source] = entry
    entry["file"] = _config_path(ws, file)
    if key is not None:
        entry["key"] = key
    if link is not None:
        entry["link"] = link
    entry["kind"] = kind
    if kpi:
        options = entry.get("options")
        if options is None:
            options = tomlkit.table()
            entry["options"] = options
        options["kpi"] = True


def _record_options(st: Staging, source: str, values: Mapping[str, Any]) -> None:
    """``[sources.NAME.options]`` entries (kind, competitor), the others kept."""
    doc = st.edit_config()
    if "sources" not in doc:
        doc["sources"] = tomlkit.table(is_super_table=True)
    sources = doc["sources"]
    assert isinstance(sources, dict)
    entry = sources.get(source)
    if entry is None:
        return  # never imported: the options land with its first snapshot
    options = entry.get("options")
    if options is None:
        options = tomlkit.table()
        entry["options"] = options
    for name, value in values.items():
        options[name] = value


def _config_path(ws: Workspace, file: Path) -> str:
    resolved = file.resolve()
    try:
        return resolved.relative_to(ws.root).as_posix()
    except ValueError:
        return str(resolved)
