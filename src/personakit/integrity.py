"""``personakit check``: is the workspace whole? (issue 16)

- the record database passes its own integrity check and is at the newest schema;
- every snapshot's file is there and its SHA-256 is the content hash it is named by;
- ``[sources.NAME]`` in personakit.toml and the snapshot records agree;
- no orphan file (a snapshot, model or assignments file no record points to), no staging
  file of a dead process, no unfinished transaction journal;
- the audit log's hash chain holds.

Each finding names what is wrong and where; nothing is changed (a crash's leftovers are
cleaned by opening the workspace, see ``workspace/_journal.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select, text

from personakit.store.tables import segmentations, snapshots
from personakit.workspace import Workspace
from personakit.workspace._journal import JOURNAL_DIR, staging_files

Check = Literal["database", "schema", "snapshot", "config", "orphan", "staging", "journal",
                "audit"]
# Folders under data/ written by the pipeline, checked through their records.
DERIVED = ("_assignments", "_texts")


class Finding(BaseModel):
    check: Check
    path: str = ""
    detail: str = ""


class CheckReport(BaseModel):
    """What ``personakit check`` found (nothing: the workspace is whole)."""

    snapshots: int = 0
    files: int = 0
    audit_entries: int = 0
    audit_erased: int = 0
    findings: list[Finding] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def _database(ws: Workspace, report: CheckReport) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from personakit.store.db import alembic_config

    with ws.engine.connect() as con:
        if con.dialect.name == "sqlite":
            result = con.execute(text("PRAGMA integrity_check")).scalar()
            if result != "ok":
                report.findings.append(Finding(check="database", detail=str(result)))
        else:
            con.execute(text("SELECT 1"))
        heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
        current = set(MigrationContext.configure(con).get_current_heads())
    if current != heads:
        report.findings.append(Finding(check="schema", detail=f"{sorted(current)} "
                                                              f"!= {sorted(heads)}"))


def _snapshots(ws: Workspace, report: CheckReport) -> set[Path]:
    from personakit.ingest._snapshot import file_sha256

    known: set[Path] = set()
    with ws.engine.connect() as con:
        rows = con.execute(select(snapshots.c.id, snapshots.c.source, snapshots.c.path,
                                  snapshots.c.rejects)).all()
    report.snapshots = len(rows)
    for row in rows:
        path = ws.root / row.path
        known.add(path.resolve())
        if row.rejects:
            known.add(path.with_suffix("").with_suffix(".rejects.parquet").resolve())
        if not path.is_file():
            report.findings.append(Finding(check="snapshot", path=row.path, detail="missing"))
            continue
        if file_sha256(path) != path.stem:
            report.findings.append(Finding(check="snapshot", path=row.path,
                                           detail="content hash differs"))
    sources = {r.source for r in rows}
    configured = set(ws.config.sources)
    for name in sorted(configured - sources):
        report.findings.append(Finding(check="config", path=f"[sources.{name}]",
                                       detail="no snapshot"))
    for name in sorted(sources - configured):
        report.findings.append(Finding(check="config", path=f"[sources.{name}]",
                                       detail="missing in personakit.toml"))
    return known


def _derived(ws: Workspace, report: CheckReport) -> set[Path]:
    """The model and assignments files the segmentations point to (missing ones found)."""
    with ws.engine.connect() as con:
        rows = con.execute(select(segmentations.c.model_path,
                                  segmentations.c.assignments_path)).all()
    paths = {p for r in rows for p in (r.model_path, r.assignments_path) if p}
    for relative in sorted(paths):
        if not (ws.root / relative).is_file():
            report.findings.append(Finding(check="snapshot", path=relative,
                                           detail="missing"))
    return {(ws.root / p).resolve() for p in paths}


def _orphans(ws: Workspace, known: set[Path], report: CheckReport) -> None:
    derived = _derived(ws, report)
    candidates = []
    if ws.data_dir.is_dir():
        for source_dir in ws.data_dir.iterdir():
            if source_dir.is_dir() and source_dir.name not in DERIVED:
                candidates += list(source_dir.rglob("*.parquet"))
        assignments = ws.data_dir / "_assignments"
        if assignments.is_dir():
            candidates += list(assignments.glob("*.parquet"))
    if ws.models_dir.is_dir():
        candidates += list(ws.models_dir.glob("*.pkl"))
    report.files = len(candidates)
    for path in candidates:
        if path.name.startswith("."):
            continue  # staging files are reported on their own
        if path.resolve() not in known | derived:
            report.findings.append(Finding(
                check="orphan", path=path.relative_to(ws.root).as_posix(),
                detail="no record points to it"))


def check_workspace(ws: Workspace) -> CheckReport:
    """Every check of the module's docstring; findings in the report, nothing changed."""
    from personakit.access import verify_audit_chain

    report = CheckReport()
    _database(ws, report)
    known = _snapshots(ws, report)
    _orphans(ws, known, report)
    for path in staging_files(ws.root):
        report.findings.append(Finding(check="staging",
                                       path=path.relative_to(ws.root).as_posix()))
    journals = ws.root / JOURNAL_DIR
    if journals.is_dir():
        for path in journals.glob("*.json"):
            report.findings.append(Finding(check="journal",
                                           path=path.relative_to(ws.root).as_posix(),
                                           detail="unfinished transaction"))
    chain = verify_audit_chain(ws)
    report.audit_entries, report.audit_erased = chain.entries, chain.erased
    if not chain.ok:
        report.findings.append(Finding(check="audit", detail=f"chain broken at entry "
                                                             f"{chain.broken_at}"))
    return report
