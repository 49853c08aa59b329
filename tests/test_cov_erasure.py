"""Erasure branches the demo workspace does not reach: quarantined lines, a failing
rewrite, derived files without keys, the report's sentence and the erasure register."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import personakit.ingest._snapshot as snapshot_module
from personakit._erasures import (
    ErasureRegister,
    apply_register,
    erasure_register,
    key_digest,
)
from personakit.erasure import erase_person
from personakit.errors import InputError
from personakit.ingest import import_file, load_source
from personakit.ingest._sources import _all_rows
from personakit.store.tables import segmentations
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint


def _rejects_file(ws: Workspace) -> Path:
    return ws.root / Path(_all_rows(ws)[0].path).with_suffix(".rejects.parquet")


def _lines(path: Path) -> list[int]:
    return sorted(int(n) for n in pq.read_table(path)["line"].to_pylist())


def _import(ws: Workspace, tmp_path: Path, text: str) -> None:
    path = tmp_path / "klanten.csv"
    path.write_text(text, encoding="utf-8")
    import_file(ws, path, key="id", lenient=True)


def test_a_quarantined_line_alone_is_erased(workspace: Workspace, tmp_path: Path) -> None:
    _import(workspace, tmp_path, "id;naam;bedrag\n1;a;1\n7;b;2;extra\n3;c;3\n4;d;4\n")
    snapshot_file = workspace.root / _all_rows(workspace)[0].path
    rows_before = snapshot_file.read_bytes()
    assert _lines(_rejects_file(workspace)) == [3]
    report = erase_person(workspace, "7", actor="dpo")
    assert report.rejected_lines == 1 and report.rows == {}
    assert snapshot_file.read_bytes() == rows_before  # the snapshot itself is untouched
    assert _lines(_rejects_file(workspace)) == []
    with pytest.raises(InputError):
        erase_person(workspace, "7", actor="dpo")


def test_a_person_in_rows_and_quarantine_leaves_both(workspace: Workspace,
                                                     tmp_path: Path) -> None:
    _import(workspace, tmp_path, "id;naam\n7;a\n8;b\n7;c\n9;d;extra\n")
    old = _rejects_file(workspace)
    assert _lines(old) == [4, 5]
    report = erase_person(workspace, "7", actor="dpo")
    assert report.rows == {"klanten": 1} and report.rejected_lines == 1
    assert not old.exists()  # the snapshot has a new name; its quarantine follows it
    assert _lines(_rejects_file(workspace)) == [5]
    assert load_source(workspace, "klanten")["id"].astype(str).tolist() == ["8"]
    sentence = report.summary("en")
    assert report.reference in sentence and "1" in sentence
    assert report.reference in report.summary("nl")


def test_a_failed_rewrite_changes_nothing(workspace: Workspace, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _import(workspace, tmp_path, "id;naam\n7;a\n8;b\n")
    workspace.close()  # the database's -wal and -shm files go with its last connection
    before = tree_fingerprint(workspace.root)

    def disk_full(*_args: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(snapshot_module, "write_snapshot", disk_full)
    with pytest.raises(OSError):
        erase_person(workspace, "7", actor="dpo")
    workspace.close()
    assert tree_fingerprint(workspace.root) == before
    assert "7" in load_source(workspace, "klanten")["id"].astype(str).tolist()


def test_derived_texts_go_even_without_a_key_column(workspace: Workspace,
                                                    tmp_path: Path) -> None:
    _import(workspace, tmp_path, "id;naam\n7;a\n8;b\n")
    derived = workspace.root / "data" / "_texts" / "themes.parquet"
    derived.parent.mkdir(parents=True)
    pq.write_table(pa.table({"text": ["[name] was friendly"]}), derived)
    report = erase_person(workspace, "7", actor="dpo")
    assert report.texts == 0 and report.rows == {"klanten": 1}
    assert not derived.exists()


def test_a_segmentation_without_its_assignments_file_is_skipped(
        workspace: Workspace, tmp_path: Path) -> None:
    _import(workspace, tmp_path, "id;naam\n7;a\n8;b\n")
    with workspace.engine.begin() as con:
        con.execute(segmentations.insert().values(
            id="seg-gone", name="gone", created_at=datetime.now(UTC), lens={}, settings={},
            inputs={}, k=2, seed=1, scores={}, stability={}, model_path="models/gone.pkl",
            assignments_path="data/_segments/gone.parquet", is_current=True))
    report = erase_person(workspace, "7", actor="dpo")
    assert report.assignments == 0 and report.rows == {"klanten": 1}


def test_register_holds_digests_not_keys(workspace: Workspace, tmp_path: Path) -> None:
    _import(workspace, tmp_path, "id;naam\n7;a\n8;b\n")
    assert erasure_register(workspace).digests == {}
    report = erase_person(workspace, "7", actor="dpo")
    register = erasure_register(workspace)
    assert register.salt == erasure_register(workspace).salt  # made once, then kept
    assert register.digests == {key_digest(register.salt, "7"): report.reference}
    assert key_digest(register.salt, " 7 ") == key_digest(register.salt, "7")
    assert "7" not in register.digests


def test_applying_a_register_erases_again_and_skips_the_rest(workspace: Workspace,
                                                             tmp_path: Path) -> None:
    _import(workspace, tmp_path, "id;naam\n7;a\n8;b\n9;c\n")
    assert apply_register(workspace, ErasureRegister(salt="s"), actor="restore") == []
    register = ErasureRegister(salt="s", digests={key_digest("s", "7"): "ref-7",
                                                  key_digest("s", "404"): "ref-404"})
    assert apply_register(workspace, register, actor="restore") == ["ref-7"]
    assert load_source(workspace, "klanten")["id"].astype(str).tolist() == ["8", "9"]
    assert apply_register(workspace, register, actor="restore") == []
