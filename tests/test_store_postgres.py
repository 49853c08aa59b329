"""The record store works on PostgreSQL as on SQLite (a real server, started by the test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from personakit.workspace import Workspace

pytestmark = pytest.mark.postgres


def test_workspace_on_postgres_migrates_and_commits_all_or_nothing(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with create_engine(postgres_url, isolation_level="AUTOCOMMIT").connect() as admin:
        admin.execute(text("DROP DATABASE IF EXISTS ws_store"))
        admin.execute(text("CREATE DATABASE ws_store"))
    url = postgres_url.rsplit("/", 1)[0] + "/ws_store"
    monkeypatch.setenv("PERSONAKIT_DATABASE_URL", url)
    ws = Workspace.init(tmp_path / "ws")
    assert not (ws.root / "personakit.db").exists()
    assert "persona_versions" in inspect(ws.engine).get_table_names()
    with pytest.raises(RuntimeError), ws.transaction() as st:
        st.connection.execute(
            text("INSERT INTO audit_log (at, actor, action) VALUES (now(), 'a', 'b')")
        )
        raise RuntimeError("boom")
    with ws.transaction() as st:
        st.connection.execute(
            text("INSERT INTO audit_log (at, actor, action) VALUES (now(), 'a', 'ok')")
        )
    with ws.engine.connect() as c:
        assert c.execute(text("SELECT action FROM audit_log")).scalars().all() == ["ok"]
    ws.close()
