"""``personakit backup`` and ``restore``: a whole workspace in one verified archive (issue 16).

An archive is a tar file:

- ``manifest.json``: when, from which personakit and schema revision, and the SHA-256 and
  size of every other member;
- ``records/TABLE.jsonl``: every row of every table of the record database, as JSON (so a
  SQLite workspace restores into PostgreSQL and back);
- ``files/...``: ``personakit.toml``, the snapshots and derived data under ``data/``, the
  models, the journey files.

Restoring checks every member's hash before it writes anything, creates the database at
the archive's schema revision, loads the rows, and migrates to the newest schema; a failed
restore leaves nothing behind.

**Erasure and backups.** An archive made before someone was erased still holds them. Every
erasure is kept in an erasure register (the salted SHA-256 of the key, never the key), which
travels in every archive. ``restore`` re-applies the register of the archive itself and,
with ``--erasures-from``, the register of the workspace that is being replaced, so a person
erased after the backup does not come back.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Engine, MetaData, insert, select, text

from personakit.errors import InputError, WorkspaceError
from personakit.workspace import Workspace

FORMAT = 1
FILE_FOLDERS = ("data", "models", "journeys")
SKIPPED_TABLES = ("alembic_version", "workspace_journal")


class Member(BaseModel):
    name: str
    sha256: str
    size: int


class BackupManifest(BaseModel):
    """What an archive holds; every member's hash is checked on restore."""

    format: int = FORMAT
    created_at: datetime
    personakit: str = ""
    schema_revision: str
    tables: dict[str, int] = Field(default_factory=dict)
    members: list[Member] = Field(default_factory=list)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$dt" in value:
            moment = datetime.fromisoformat(value["$dt"])
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$b" in value:
            return base64.b64decode(value["$b"])
    return value


def _revision(engine: Engine) -> str:
    with engine.connect() as con:
        rows = con.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(rows))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("personakit")
    except PackageNotFoundError:
        return ""


def _add(archive: tarfile.TarFile, name: str, data: bytes, manifest: BackupManifest) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    archive.addfile(info, io.BytesIO(data))
    manifest.members.append(Member(name=name, sha256=hashlib.sha256(data).hexdigest(),
                                   size=len(data)))


def _files(ws: Workspace) -> list[Path]:
    found = [ws.config_path]
    for folder in FILE_FOLDERS:
        root = ws.root / folder
        if root.is_dir():
            found += sorted(p for p in root.rglob("*") if p.is_file()
                            and not p.name.startswith(".staging-"))
    return found


def backup_workspace(ws: Workspace, out: str | Path) -> BackupManifest:
    """Write the whole workspace to the tar archive *out* (written beside it and moved into
    place when complete: a half-written archive never has the final name)."""
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    manifest = BackupManifest(created_at=datetime.now(UTC), personakit=_version(),
                              schema_revision=_revision(ws.engine))
    meta = MetaData()
    meta.reflect(bind=ws.engine)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".backup-", suffix=".tar")
    tmp = Path(name)
    try:
        with open(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as archive:
            with ws.engine.connect() as con:  # one snapshot of the records
                for table in meta.sorted_tables:
                    if table.name in SKIPPED_TABLES:
                        continue
                    rows = con.execute(select(table)).mappings().all()
                    lines = "".join(json.dumps({k: _encode(v) for k, v in row.items()},
                                               ensure_ascii=False, default=str) + "\n"
                                    for row in rows)
                    manifest.tables[table.name] = len(rows)
                    _add(archive, f"records/{table.name}.jsonl", lines.encode("utf-8"),
                         manifest)
            for path in _files(ws):
                relative = path.relative_to(ws.root).as_posix()
                _add(archive, f"files/{relative}", path.read_bytes(), manifest)
            _add_manifest(archive, manifest)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return manifest


def _add_manifest(archive: tarfile.TarFile, manifest: BackupManifest) -> None:
    data = manifest.model_dump_json(indent=1).encode("utf-8")
    info = tarfile.TarInfo("manifest.json")
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def read_archive(path: str | Path) -> tuple[BackupManifest, dict[str, bytes]]:
    """The manifest and every member, each checked against its hash (``InputError``
    naming the first member that does not match)."""
    archive_path = Path(path)
    if not archive_path.is_file():
        raise InputError("backup.error.not_found", file=str(archive_path))
    try:
        with tarfile.open(archive_path, mode="r") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            if "manifest.json" not in members:
                raise InputError("backup.error.no_manifest", file=str(archive_path))
            raw = archive.extractfile(members["manifest.json"])
            manifest = BackupManifest.model_validate_json(raw.read() if raw else b"")
            data: dict[str, bytes] = {}
            for entry in manifest.members:
                member = members.get(entry.name)
                handle = archive.extractfile(member) if member is not None else None
                content = handle.read() if handle is not None else b""
                if member is None or hashlib.sha256(content).hexdigest() != entry.sha256:
                    raise InputError("backup.error.member", file=str(archive_path),
                                     member=entry.name)
                data[entry.name] = content
    except (tarfile.TarError, ValueError) as exc:
        raise InputError("backup.error.archive", file=str(archive_path),
                         detail=str(exc)[:200]) from exc
    return manifest, data


def restore_workspace(archive: str | Path, target: str | Path, *,
                      erasures_from: Workspace | None = None,
                      database_url: str | None = None) -> Workspace:
    """A new workspace in *target* (absent or empty) from *archive*, every hash checked
    first; the archive's and *erasures_from*'s erasure registers are applied."""
    from personakit.store import create_db_engine

    manifest, data = read_archive(archive)
    root = Path(target).resolve()
    if root.exists() and any(root.iterdir()):
        raise WorkspaceError("backup.error.target_not_empty", path=str(root))
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
        for name, content in data.items():
            if name.startswith("files/"):
                path = root / name[len("files/"):]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        url = database_url or f"sqlite:///{root / 'personakit.db'}"
        engine = create_db_engine(url)
        try:
            _load_records(engine, manifest, data)
        finally:
            engine.dispose()
        ws = Workspace.open(root)  # migrates to the newest schema
        if database_url is not None:
            _remember_url(ws, database_url)
        _apply_registers(ws, erasures_from)
        return ws
    except BaseException:
        if created:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for child in root.iterdir():
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() \
                    else child.unlink(missing_ok=True)
        raise


def _remember_url(ws: Workspace, url: str) -> None:
    with ws.transaction() as st:
        st.edit_config()["workspace"]["database_url"] = url


def _load_records(engine: Engine, manifest: BackupManifest, data: dict[str, bytes]) -> None:
    from alembic import command

    from personakit.store.db import alembic_config

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        for revision in manifest.schema_revision.split(","):
            command.upgrade(cfg, revision)
    meta = MetaData()
    meta.reflect(bind=engine)
    with engine.begin() as con:
        for table in meta.sorted_tables:
            raw = data.get(f"records/{table.name}.jsonl")
            if raw is None:
                continue
            rows = [{k: _decode(v) for k, v in json.loads(line).items()}
                    for line in raw.decode("utf-8").splitlines() if line]
            if rows:
                con.execute(insert(table), rows)
            if len(rows) != manifest.tables.get(table.name, len(rows)):
                raise InputError("backup.error.rows", table=table.name)
        if con.dialect.name == "postgresql":  # serial counters after explicit ids
            for table in meta.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement is True:
                    con.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 1))"))


def _apply_registers(ws: Workspace, other: Workspace | None) -> None:
    from personakit._erasures import apply_register, erasure_register

    registers = [erasure_register(ws)]
    if other is not None:
        registers.append(erasure_register(other))
    for register in registers:
        apply_register(ws, register, actor="restore")
