"""Importing into a workspace: snapshots by content hash, no-op re-import, config, overrides."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import tomlkit

from personakit.ingest import (
    duckdb_views,
    import_file,
    latest_snapshot,
    list_sources,
    load_source,
    slugify,
    source_columns,
)
from personakit.model import ColumnRole
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

CRM = "klantnummer;postcode;omzet;segment\r\n1001;1234 AB;12,50;A\r\n1002;2345 BC;7,25;Bé\r\n"


def write(path: Path, text: str, encoding: str = "cp1252") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_writes_snapshot_record_and_config(workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "CRM export 2026.csv", CRM)
    result = import_file(workspace, path, key="klantnummer")
    snap = result.snapshot
    assert result.created
    assert snap.source == "crm_export_2026"
    assert snap.rows == 2 and snap.key == "klantnummer"
    assert snap.path.startswith("data/crm_export_2026/") and snap.path.endswith(".parquet")
    assert (workspace.root / snap.path).is_file()
    assert snap.dialect["delimiter"] == ";" and snap.dialect["encoding"] == "cp1252"
    config = workspace.config.sources["crm_export_2026"]
    assert config.key == "klantnummer" and config.kind == "csv"
    assert Path(config.file) == path.resolve()
    assert snap.column("postcode").role == ColumnRole.PII_POSTCODE
    assert snap.column("klantnummer").role == ColumnRole.IDENTIFIER


def test_same_file_twice_is_a_noop(workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "crm.csv", CRM)
    first = import_file(workspace, path)
    workspace.close()
    before = tree_fingerprint(workspace.root)
    again = import_file(workspace, path)
    workspace.close()
    assert not again.created
    assert again.snapshot.id == first.snapshot.id
    assert tree_fingerprint(workspace.root) == before


def test_changed_file_is_a_new_snapshot_and_old_ones_stay(workspace: Workspace,
                                                          tmp_path: Path) -> None:
    path = write(tmp_path / "crm.csv", CRM)
    first = import_file(workspace, path, key="klantnummer")
    write(path, CRM + "1003;3456 CD;1,00;A\r\n")
    second = import_file(workspace, path)  # the key comes from personakit.toml
    assert second.created and second.snapshot.id != first.snapshot.id
    assert second.snapshot.key == "klantnummer"
    assert (workspace.root / first.snapshot.path).is_file()
    assert latest_snapshot(workspace, "crm").id == second.snapshot.id
    [summary] = list_sources(workspace)
    assert summary.snapshots == 2 and summary.rows == 3 and summary.key == "klantnummer"
    assert len(load_source(workspace, "crm")) == 3
    # An earlier version coming back becomes current again, without a new snapshot.
    write(path, CRM)
    back = import_file(workspace, path)
    assert not back.created
    assert latest_snapshot(workspace, "crm").id == first.snapshot.id


def test_role_overrides_apply_when_reading_back(workspace: Workspace, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "crm.csv", CRM), key="klantnummer")
    doc = workspace.config_document()
    doc["sources"]["crm"]["roles"] = {"segment": "ignore"}  # type: ignore[index]
    workspace.config_path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    ws = Workspace.open(workspace.root)
    column = next(c for c in source_columns(ws, "crm") if c.name == "segment")
    assert column.role == ColumnRole.IGNORE
    assert column.inferred_role == ColumnRole.CATEGORICAL
    assert latest_snapshot(ws, "crm").column("segment").role == ColumnRole.IGNORE
    ws.close()


def test_user_comments_in_config_survive(workspace: Workspace, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "crm.csv", CRM), name="Klanten")
    text = workspace.config_path.read_text(encoding="utf-8")
    assert "# Language of reports" in text
    assert "[sources.klanten]" in text


def test_duckdb_views(workspace: Workspace, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "crm.csv", CRM), key="klantnummer")
    con = duckdb.connect()
    duckdb_views(con, workspace)
    total = con.execute("SELECT sum(omzet) FROM crm WHERE segment = 'A'").fetchone()
    assert total == (12.5,)


@pytest.mark.parametrize(("stem", "slug"), [
    ("CRM export 2026", "crm_export_2026"), ("Enquête (v2)", "enquete_v2"),
    ("2026-kpi", "s_2026_kpi"), ("!!!", "source"),
])
def test_slugify(stem: str, slug: str) -> None:
    assert slugify(stem) == slug
