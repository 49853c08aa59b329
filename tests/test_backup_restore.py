"""Backup and restore of a whole workspace, verified by hashes; erasures made after a backup
reach what restoring it brings back (issue 16)."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from personakit.access import audit, audit_entries
from personakit.backup import backup_workspace, read_archive, restore_workspace
from personakit.erasure import erase_person
from personakit.errors import InputError, WorkspaceError
from personakit.ingest import import_file, load_source
from personakit.integrity import check_workspace
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    from personakit.pipeline import run_demo

    root = tmp_path_factory.mktemp("backup") / "ws"
    run_demo(root, customers=600, seed=5, language="en", formats=(), steer=False)
    ws = Workspace.open(root)
    audit(ws, "anna", "person.lookup", "x")
    yield ws
    ws.close()


def _key(ws: Workspace, row: int) -> str:
    return str(load_source(ws, "crm")["klantnummer"].iloc[row])


def test_a_backup_restores_to_the_same_workspace(demo: Workspace, tmp_path: Path) -> None:
    manifest = backup_workspace(demo, tmp_path / "b.tar")
    assert manifest.tables["snapshots"] >= 5 and manifest.members
    restored = restore_workspace(tmp_path / "b.tar", tmp_path / "restored")
    try:
        assert check_workspace(restored).ok
        assert [p.name for p in current_personas(restored)] == [
            p.name for p in current_personas(demo)]
        for relative, digest in tree_fingerprint(demo.root / "data").items():
            assert tree_fingerprint(restored.root / "data")[relative] == digest
        assert len(audit_entries(restored, limit=10_000)) == len(
            audit_entries(demo, limit=10_000))
    finally:
        restored.close()


def test_a_damaged_archive_restores_nothing(demo: Workspace, tmp_path: Path) -> None:
    backup_workspace(demo, tmp_path / "b.tar")
    with tarfile.open(tmp_path / "b.tar") as archive:
        members = [(m, archive.extractfile(m).read() if m.isfile() else b"")  # type: ignore[union-attr]
                   for m in archive.getmembers()]
    with tarfile.open(tmp_path / "bad.tar", "w") as out:
        for member, data in members:
            if member.name.startswith("files/data/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    with pytest.raises(InputError, match="SHA-256"):
        read_archive(tmp_path / "bad.tar")
    with pytest.raises(InputError):
        restore_workspace(tmp_path / "bad.tar", tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()


def test_restore_refuses_a_folder_that_is_not_empty(demo: Workspace, tmp_path: Path) -> None:
    backup_workspace(demo, tmp_path / "b.tar")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(WorkspaceError):
        restore_workspace(tmp_path / "b.tar", tmp_path / "full")
    assert (tmp_path / "full" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_an_erasure_after_the_backup_reaches_the_restore(demo: Workspace,
                                                        tmp_path: Path) -> None:
    """Backup, then erase a person in the live workspace, then restore the old backup
    with the live workspace's register: the person does not come back."""
    import shutil

    live_root = tmp_path / "live"
    shutil.copytree(demo.root, live_root)
    live = Workspace.open(live_root)
    try:
        backup_workspace(live, tmp_path / "before.tar")
        early, late = _key(live, 3), _key(live, 4)
        erase_person(live, late, actor="dpo")
        restored = restore_workspace(tmp_path / "before.tar", tmp_path / "back",
                                     erasures_from=live)
        try:
            keys = set(load_source(restored, "crm")["klantnummer"].astype(str))
            assert late not in keys and early in keys
            assert check_workspace(restored).ok
        finally:
            restored.close()
        # Without the live register the old backup still holds them: the rule is that a
        # restore over a workspace names it (documented in docs/operations.md).
        plain = restore_workspace(tmp_path / "before.tar", tmp_path / "plain")
        try:
            assert late in set(load_source(plain, "crm")["klantnummer"].astype(str))
        finally:
            plain.close()
    finally:
        live.close()


def test_an_erasure_in_the_archive_itself_stays_applied(demo: Workspace,
                                                       tmp_path: Path) -> None:
    """The register travels in the archive: the same export imported again is the erased
    snapshot it already was, and a changed export that still holds the person is erased
    again by the register."""
    import shutil

    root = tmp_path / "w"
    shutil.copytree(demo.root, root)
    ws = Workspace.open(root)
    try:
        gone = _key(ws, 7)
        erase_person(ws, gone, actor="dpo")
        backup_workspace(ws, tmp_path / "after.tar")
        restored = restore_workspace(tmp_path / "after.tar", tmp_path / "r")
        try:
            original = demo.root / "sample-data" / "crm_export.csv"
            import_file(restored, original, name="crm", key="klantnummer")
            assert gone not in set(load_source(restored, "crm")["klantnummer"].astype(str))
            changed = tmp_path / "crm_changed.csv"  # a later export: one member fewer
            lines = original.read_bytes().splitlines(keepends=True)
            changed.write_bytes(b"".join(lines[:-1]))
            import_file(restored, changed, name="crm", key="klantnummer")
            assert gone in set(load_source(restored, "crm")["klantnummer"].astype(str))
            from personakit._erasures import apply_register, erasure_register

            applied = apply_register(restored, erasure_register(restored), actor="dpo")
            assert len(applied) == 1
            assert gone not in set(load_source(restored, "crm")["klantnummer"].astype(str))
        finally:
            restored.close()
    finally:
        ws.close()
