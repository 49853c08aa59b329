"""The workspace: a folder with ``personakit.toml``, a record database and ``data/``."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import tomlkit
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine

from personakit.errors import ConfigError, WorkspaceError
from personakit.store.db import create_db_engine, migrate
from personakit.workspace._journal import (
    JOURNAL_DIR,
    crash_point,
    new_journal,
    recover,
    remove_dead_staging,
    staging_file,
)
from personakit.workspace.config import TEMPLATE, WorkspaceConfig

SettingsT = TypeVar("SettingsT", bound=BaseModel)

CONFIG_NAME = "personakit.toml"
DB_NAME = "personakit.db"


@dataclass
class Staging:
    """Writes gathered during :meth:`Workspace.transaction`, applied only if all succeed."""

    workspace: Workspace
    connection: Connection
    _files: list[tuple[Path, Path]] = field(default_factory=list)
    _removals: list[Path] = field(default_factory=list)
    config_doc: tomlkit.TOMLDocument | None = None

    def file_path(self, relative: str | Path) -> Path:
        """A temporary path to write to; it lands at *relative* on commit."""
        target = self.workspace.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = staging_file(target.parent, target.suffix)
        self._files.append((tmp, target))
        return tmp

    def remove_after(self, path: Path) -> None:
        """*path* is removed once the transaction committed (and only then: a crash after
        the commit still removes it when the workspace is opened again)."""
        self._removals.append(path)

    def adopt(self, tmp: Path, relative: str | Path) -> None:
        """A file already written (beside its target): it lands at *relative* on commit,
        and is removed if the transaction fails."""
        self._files.append((Path(tmp), self.workspace.root / relative))

    def edit_config(self) -> tomlkit.TOMLDocument:
        """The config document to change; written (and validated) on commit."""
        if self.config_doc is None:
            self.config_doc = self.workspace.config_document()
        return self.config_doc


class Workspace:
    """A personakit workspace folder.

    Parameters
    ----------
    root
        The folder that holds ``personakit.toml``.
    """

    def __init__(self, root: Path, config: WorkspaceConfig) -> None:
        self.root = root
        self.config = config
        self._engine: Engine | None = None

    # -- creation and opening -------------------------------------------------------------
    @classmethod
    def init(cls, path: str | Path, language: str = "nl") -> Workspace:
        """Create a workspace in *path* (created if needed)."""
        root = Path(path).resolve()
        if (root / CONFIG_NAME).exists():
            raise WorkspaceError("core.error.workspace_exists", path=str(root))
        root.mkdir(parents=True, exist_ok=True)
        (root / "data").mkdir(exist_ok=True)
        (root / CONFIG_NAME).write_text(TEMPLATE.format(language=language), encoding="utf-8")
        workspace = cls.open(root)
        migrate(workspace.engine)
        workspace.close()  # checkpoint the WAL: a fresh workspace is one settled file
        return workspace

    @classmethod
    def open(cls, path: str | Path = ".") -> Workspace:
        """Open the workspace in *path*; a clear error if it is not one."""
        root = Path(path).resolve()
        config_path = root / CONFIG_NAME
        if not config_path.is_file():
            raise WorkspaceError("core.error.workspace_missing", path=str(path))
        workspace = cls(root, _load_config(config_path))
        workspace.recover()
        if (root / JOURNAL_DIR).is_dir():  # a finished transaction may have changed it
            workspace.config = _load_config(config_path)
        return workspace

    def recover(self) -> list[str]:
        """Finish or undo what a crash interrupted (see ``workspace/_journal.py``)."""
        if (self.root / JOURNAL_DIR).is_dir() and any((self.root / JOURNAL_DIR).iterdir()):
            return recover(self.root, self.engine)
        return [f"staging:{p}" for p in remove_dead_staging(self.root)]

    # -- paths ----------------------------------------------------------------------------
    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def models_dir(self) -> Path:
        return self.root / "models"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def database_url(self) -> str:
        env = os.environ.get("PERSONAKIT_DATABASE_URL")
        return env or self.config.workspace.database_url or f"sqlite:///{self.root / DB_NAME}"

    @property
    def language(self) -> str:
        return self.config.workspace.language

    # -- storage --------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            engine = create_db_engine(self.database_url)
            _ensure_schema(engine, self.database_url)
            self._engine = engine
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def config_document(self) -> tomlkit.TOMLDocument:
        return tomlkit.parse(self.config_path.read_text(encoding="utf-8-sig"))

    @contextmanager
    def transaction(self) -> Iterator[Staging]:
        """All-or-nothing changes: files, config and records land together or not at all.

        Files are written to temporary names and moved into place only after the block
        succeeded; the database transaction commits last. On any error the workspace is
        left exactly as it was (issue 2, "nothing half-written").
        """
        journal = None
        with self.engine.connect() as connection:
            trans = connection.begin()
            staging = Staging(self, connection)
            new_config: Path | None = None
            try:
                yield staging
                new_config = _stage_config(self, staging)
                moves = list(staging._files)
                if new_config is not None:
                    moves.append((new_config, self.config_path))
                if moves or staging._removals:
                    # Written down before the commit, carried out after it: a crash on
                    # either side leaves the workspace wholly before or after (issue 16).
                    journal = new_journal(self.root, moves, staging._removals)
                    journal.write(connection)
                crash_point("before_commit")
                trans.commit()
            except BaseException:
                trans.rollback()
                for tmp, _ in staging._files:
                    tmp.unlink(missing_ok=True)
                if new_config is not None:
                    new_config.unlink(missing_ok=True)
                if journal is not None:
                    journal.discard()
                raise
        if journal is not None:
            crash_point("after_commit")
            journal.apply()
            crash_point("after_moves")
            journal.finish(self.engine)
        if staging.config_doc is not None:
            self.config = _load_config(self.config_path)

    def settings_section(self, name: str, model: type[SettingsT]) -> SettingsT:
        """``[settings.NAME]`` validated as *model*; a bad value names the setting."""
        raw = self.config.settings.get(name, {})
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ConfigError(
                "core.error.config_invalid",
                path=str(self.config_path),
                detail=f"settings.{name}.{where}: {first['msg']}",
            ) from exc

    def remove_tree(self, relative: str) -> None:
        shutil.rmtree(self.root / relative, ignore_errors=True)


def _stage_config(workspace: Workspace, staging: Staging) -> Path | None:
    if staging.config_doc is None:
        return None
    text = tomlkit.dumps(staging.config_doc)
    _validate_config(tomlkit.parse(text).unwrap(), workspace.config_path)
    tmp = staging.file_path(".personakit.toml.new")
    staging._files.pop()  # the config is moved by transaction() itself, after the data
    tmp.write_text(text, encoding="utf-8")
    return tmp


_MIGRATED: set[str] = set()
_MIGRATE_LOCK = threading.Lock()


def _ensure_schema(engine: Engine, url: str) -> None:
    """Bring the database to the newest schema once per process: a workspace made by an
    earlier version gets the tables of later features (validation, journeys, texts) when
    it is opened, not only when it was created."""
    with _MIGRATE_LOCK:
        if url in _MIGRATED:
            return
        migrate(engine)
        _MIGRATED.add(url)


def _load_config(path: Path) -> WorkspaceConfig:
    data = path.read_bytes()
    try:
        # utf-8-sig: Notepad may save the file with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError("core.error.config_invalid", path=str(path),
                          detail=f"line {line}: byte 0x{data[exc.start]:02X} is not UTF-8") from exc
    try:
        raw: dict[str, Any] = tomlkit.parse(text).unwrap()
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError("core.error.config_invalid", path=str(path), detail=str(exc)) from exc
    return _validate_config(raw, path)


def _validate_config(raw: dict[str, Any], path: Path) -> WorkspaceConfig:
    try:
        return WorkspaceConfig.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            "core.error.config_invalid", path=str(path), detail=f"{where}: {first['msg']}"
        ) from exc
