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


def _fresh_database(postgres_url: str, name: str) -> str:
    with create_engine(postgres_url, isolation_level="AUTOCOMMIT").connect() as admin:
        admin.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.execute(text(f"CREATE DATABASE {name}"))
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


def test_users_audit_and_persona_conflicts_on_postgres(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from personakit.access import add_user, audit, audit_entries, authenticate
    from personakit.persona import build_personas
    from personakit.track import ConflictError, current_personas, get_persona, save_persona
    from tests.test_persona_build import make_segmentation

    monkeypatch.setenv("PERSONAKIT_DATABASE_URL", _fresh_database(postgres_url, "ws_team"))
    ws = Workspace.init(tmp_path / "team")
    add_user(ws, "anna", "a-long-password-1", "editor")
    assert authenticate(ws, "anna", "a-long-password-1") is not None
    assert authenticate(ws, "anna", "wrong-password-22") is None
    audit(ws, "anna", "lookup", "customer 42", {"why": "test"})
    assert [e.action for e in audit_entries(ws, actor="anna")][-1] == "lookup"

    build_personas(ws, make_segmentation(), author="analyst")
    first = current_personas(ws)[0]
    mine = first.model_copy(update={"name": "Anna's edit"})
    theirs = first.model_copy(update={"name": "Bram's edit"})
    saved = save_persona(ws, mine, base_revision=first.revision, author="anna")
    assert saved.revision == first.revision + 1
    with pytest.raises(ConflictError):
        save_persona(ws, theirs, base_revision=first.revision, author="bram")
    assert get_persona(ws, first.id).name == "Anna's edit"
    ws.close()


def test_erasure_on_postgres(tmp_path: Path, postgres_url: str,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    from personakit.access import audit_entries, personal_profile
    from personakit.erasure import erase_person
    from personakit.ingest import load_source
    from personakit.pipeline import run_demo

    monkeypatch.setenv("PERSONAKIT_DATABASE_URL", _fresh_database(postgres_url, "ws_erase"))
    root = tmp_path / "demo"
    run_demo(root, customers=800, seed=7, language="en", formats=())
    with Workspace.open(root) as ws:
        assert not (ws.root / "personakit.db").exists()
        key = str(load_source(ws, "crm")["klantnummer"].iloc[2])
        personal_profile(ws, key, "casemanager")
        report = erase_person(ws, key, actor="dpo")
        # In the first export and, still a member, in the one six months later (issue 13's
        # demo imports both), and in the monthly KPIs.
        assert report.rows["crm"] == 2 and report.assignments >= 1
        assert report.rows["kpi_klanten"] >= 1
        assert report.audit_entries == 1
        assert key not in set(load_source(ws, "crm")["klantnummer"].astype(str))
        assert not audit_entries(ws, subject=key)
        assert audit_entries(ws, action="person.erased")[0].actor == "dpo"
