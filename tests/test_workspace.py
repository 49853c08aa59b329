from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from personakit.errors import ConfigError, WorkspaceError
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint


def test_init_creates_config_database_and_data(tmp_path: Path) -> None:
    ws = Workspace.init(tmp_path / "w", language="nl")
    assert (ws.root / "personakit.toml").is_file()
    assert (ws.root / "data").is_dir()
    assert "snapshots" in inspect(ws.engine).get_table_names()
    assert ws.language == "nl"
    with ws.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    ws.close()


def test_init_twice_is_an_error(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="already a personakit workspace"):
        Workspace.init(workspace.root)


def test_open_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="is not a personakit workspace"):
        Workspace.open(tmp_path)


def test_invalid_config_names_file_and_field(workspace: Workspace) -> None:
    workspace.config_path.write_text('[workspace]\nlanguage = "fr"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"personakit.toml.*workspace.language"):
        Workspace.open(workspace.root)


def test_failed_transaction_leaves_workspace_as_it_was(workspace: Workspace) -> None:
    workspace.close()
    before = tree_fingerprint(workspace.root)
    with pytest.raises(RuntimeError), workspace.transaction() as staging:
        staging.file_path("data/new.parquet").write_bytes(b"x")
        staging.edit_config()["workspace"]["seed"] = 7  # type: ignore[index]
        staging.connection.exec_driver_sql(
            "INSERT INTO audit_log (at, actor, action) VALUES ('2026-01-01', 'a', 'b')"
        )
        raise RuntimeError("boom")
    workspace.close()
    assert tree_fingerprint(workspace.root) == before


def test_transaction_lands_files_config_and_records(workspace: Workspace) -> None:
    with workspace.transaction() as staging:
        staging.file_path("data/new.bin").write_bytes(b"x")
        staging.edit_config()["workspace"]["seed"] = 7  # type: ignore[index]
    assert (workspace.root / "data/new.bin").read_bytes() == b"x"
    assert workspace.config.workspace.seed == 7
    assert not list(workspace.root.rglob(".staging-*"))


def test_invalid_config_edit_is_refused_and_nothing_lands(workspace: Workspace) -> None:
    workspace.close()
    before = tree_fingerprint(workspace.root)
    with pytest.raises(ConfigError), workspace.transaction() as staging:
        staging.file_path("data/new.bin").write_bytes(b"x")
        staging.edit_config()["workspace"]["language"] = "xx"  # type: ignore[index]
    workspace.close()
    assert tree_fingerprint(workspace.root) == before


def test_a_workspace_of_an_earlier_version_gets_the_new_tables_when_opened(
        tmp_path: Path) -> None:
    """Opening migrates: a workspace created before validation rounds, journeys and texts
    existed gets their tables (nothing lost), not only a workspace created now."""
    from alembic import command

    from personakit.store.db import alembic_config
    from personakit.workspace import _workspace

    ws = Workspace.init(tmp_path / "old", language="en")
    cfg = alembic_config()
    with ws.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0001")
    assert not inspect(ws.engine).has_table("validation_rounds")
    ws.close()
    _workspace._MIGRATED.clear()  # a new process
    reopened = Workspace.open(tmp_path / "old")
    try:
        tables = set(inspect(reopened.engine).get_table_names())
        assert {"validation_rounds", "journey_revisions", "text_codes", "snapshots"} <= tables
    finally:
        reopened.close()
