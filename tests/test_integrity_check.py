"""`personakit check` finds what is wrong with a workspace, and only that (issue 16)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from personakit.access import audit, verify_audit_chain
from personakit.erasure import erase_person
from personakit.ingest import import_file, load_source
from personakit.integrity import check_workspace
from personakit.store.tables import audit_log, snapshots
from personakit.workspace import Workspace

ROWS = "klantnummer;leeftijd;woonplaats\n" + "".join(
    f"{1000 + i};{20 + i % 50};{['Utrecht', 'Delft', 'Zwolle'][i % 3]}\n" for i in range(300))


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.init(tmp_path / "ws", language="en")
    (tmp_path / "crm.csv").write_text(ROWS, encoding="utf-8")
    import_file(workspace, tmp_path / "crm.csv", name="crm", key="klantnummer")
    for i in range(5):
        audit(workspace, "anna", "person.lookup", str(1000 + i), {"n": i})
    yield workspace
    workspace.close()


def _checks(ws: Workspace) -> set[str]:
    return {f.check for f in check_workspace(ws).findings}


def test_a_fresh_workspace_is_whole(ws: Workspace) -> None:
    report = check_workspace(ws)
    assert report.ok, report.findings
    assert report.snapshots == 1 and report.audit_entries >= 5


def _snapshot_path(ws: Workspace) -> Path:
    with ws.engine.connect() as con:
        return ws.root / con.execute(select(snapshots.c.path)).scalar_one()


def test_a_changed_snapshot_byte_is_found(ws: Workspace) -> None:
    path = _snapshot_path(ws)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert _checks(ws) == {"snapshot"}


def test_a_missing_snapshot_and_an_orphan_are_found(ws: Workspace) -> None:
    path = _snapshot_path(ws)
    shutil.move(path, path.with_name("stray.parquet"))
    assert _checks(ws) == {"snapshot", "orphan"}


def test_config_and_records_must_agree(ws: Workspace) -> None:
    text = ws.config_path.read_text(encoding="utf-8")
    ws.config_path.write_text(text.replace("[sources.crm]", "[sources.crm2]"), encoding="utf-8")
    reopened = Workspace.open(ws.root)
    try:
        assert _checks(reopened) == {"config"}
    finally:
        reopened.close()


def test_staging_and_journal_leftovers_are_found(ws: Workspace) -> None:
    (ws.data_dir / "crm" / ".staging-1-abc.parquet").write_bytes(b"x")
    (ws.root / ".journal").mkdir(exist_ok=True)
    (ws.root / ".journal" / "deadbeef.json").write_text("{}", encoding="utf-8")
    assert _checks(ws) == {"staging", "journal"}


def test_a_changed_audit_entry_breaks_the_chain(ws: Workspace) -> None:
    assert verify_audit_chain(ws).ok
    with ws.engine.begin() as con:
        second = con.execute(select(audit_log.c.id).order_by(audit_log.c.id)
                             .offset(2).limit(1)).scalar_one()
        con.execute(update(audit_log).where(audit_log.c.id == second)
                    .values(actor="mallory"))
    chain = verify_audit_chain(ws)
    assert chain.broken_at == second
    assert _checks(ws) == {"audit"}


def test_a_removed_audit_entry_breaks_the_chain(ws: Workspace) -> None:
    with ws.engine.begin() as con:
        second = con.execute(select(audit_log.c.id).order_by(audit_log.c.id)
                             .offset(2).limit(1)).scalar_one()
        con.execute(audit_log.delete().where(audit_log.c.id == second))
    assert not verify_audit_chain(ws).ok


def test_an_erasure_keeps_the_workspace_whole(ws: Workspace) -> None:
    key = str(load_source(ws, "crm")["klantnummer"].iloc[2])
    erase_person(ws, key, actor="dpo")
    report = check_workspace(ws)
    assert report.ok, report.findings
    assert report.audit_erased >= 1  # the entry about the person: pseudonymised, chained
