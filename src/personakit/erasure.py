"""Erasure of one person (GDPR article 17): ``erase_person(ws, key, actor=...)``.

What the workspace holds about one person goes, in one transaction:

* their rows in every snapshot of every source (earlier snapshots too), found on the source's
  customer key or link column; each affected snapshot file is written again without them
  (its id stays, so persona versions still name their inputs) and the old file is deleted;
* lines quarantined at import (``--lenient``) that carry their key;
* their rows in the assignments of every segmentation;
* quotes taken from their own words, from every revision of every persona (a quote is
  scrubbed of personal data, but it is still what this person wrote);
* their texts in the redacted texts kept for analysis (``data/_texts/``, issue 11): the
  file is removed with the old snapshots, and made anew from the rewritten snapshots the
  next time texts are read;
* their key in the audit log: entries about them keep who did what and when, but name an
  erasure reference instead of the person.

The erasure itself is audited under that reference, with counts only. It does not reach
outside the workspace: the organisation's own systems, and reports already handed out,
are theirs to clean; a new import of data that still holds the person brings them back.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import ColumnElement, or_, select, update

from personakit.errors import InputError
from personakit.i18n import LANGUAGES, t
from personakit.model import ColumnRole, Persona, SnapshotInfo
from personakit.store.tables import audit_log, persona_versions, segmentations, snapshots
from personakit.workspace import Staging, Workspace

ACTION = "person.erased"
__all__ = ["ACTION", "ErasureReport", "erase_person"]


@dataclass
class ErasureReport:
    """What was removed (counts only: the report names nobody)."""

    reference: str
    rows: dict[str, int] = field(default_factory=dict)  # source -> rows, all snapshots
    snapshots: int = 0
    rejected_lines: int = 0
    assignments: int = 0
    quotes: int = 0
    personas: list[str] = field(default_factory=list)
    audit_entries: int = 0
    texts: int = 0  # redacted texts kept for analysis (data/_texts/)

    @property
    def found(self) -> bool:
        return bool(self.rows or self.rejected_lines or self.assignments or self.quotes
                    or self.audit_entries or self.texts)

    def summary(self, lang: str | None = None) -> str:
        """The counts in a sentence, in *lang* (default: the current language)."""
        return t("privacy.erase.done", lang, reference=self.reference,
                 rows=sum(self.rows.values()), snapshots=self.snapshots,
                 rejected=self.rejected_lines, assignments=self.assignments,
                 quotes=self.quotes, personas=len(self.personas), audit=self.audit_entries)

    def to_dict(self) -> dict[str, Any]:
        return {"reference": self.reference, "rows": self.rows, "snapshots": self.snapshots,
                "rejected_lines": self.rejected_lines, "assignments": self.assignments,
                "quotes": self.quotes, "personas": self.personas,
                "audit_entries": self.audit_entries, "texts": self.texts}


@dataclass
class _Rewrite:
    snapshot: SnapshotInfo
    table: pa.Table
    keep: pa.Array


def erase_person(ws: Workspace, key: str, *, actor: str) -> ErasureReport:
    """Remove everything the workspace holds about the person with customer key *key*.

    Raises ``InputError`` when the key is empty or nothing is found (the workspace is then
    unchanged); all or nothing otherwise.
    """
    from personakit.access._lookup import key_text

    key = key_text(key)
    if not key:
        raise InputError("privacy.erase.empty_key")
    report = ErasureReport(reference=secrets.token_hex(6))
    rewrites, texts = _snapshots_with(ws, key, report)
    rejects = _rejects_with(ws, key, report)
    assignments = _assignments_with(ws, key, report)
    derived = _derived_texts_with(ws, key, report)
    versions = _versions_with(ws, texts, report)
    about = _about(key)
    with ws.engine.connect() as con:
        report.audit_entries = len(con.execute(select(audit_log.c.id).where(about)).all())
    if not report.found:
        raise InputError("privacy.erase.not_found", key=key)
    old_files: list[Path] = []
    with ws.transaction() as st:
        for rewrite in rewrites:
            old_files += _rewrite_snapshot(ws, st, rewrite, rejects.pop(rewrite.snapshot.id,
                                                                        None))
        for lines, keep in rejects.values():  # quarantined lines of an untouched snapshot
            pq.write_table(pq.read_table(lines).filter(keep),
                           st.file_path(lines.relative_to(ws.root)))
        for relative, table, keep in assignments:
            pq.write_table(table.filter(keep), st.file_path(relative))
        for version_id, data in versions:
            st.connection.execute(update(persona_versions).where(
                persona_versions.c.id == version_id).values(data=data))
        subject = f"erased:{report.reference}"
        # The entries stay in the hash-chained log (issue 16), pseudonymised and marked
        # erased: the chain keeps their digests, the check skips their content.
        st.connection.execute(update(audit_log).where(about).values(subject=subject,
                                                                     erased=True))
        from personakit.access import audit

        audit(ws, actor, ACTION, subject, {k: v for k, v in report.to_dict().items()
                                           if k != "reference"}, connection=st.connection)
        for old in old_files:  # the old snapshots hold the person: gone once committed
            st.remove_after(old)
        for relative in derived:  # derived from those snapshots: made anew when read
            st.remove_after(ws.root / relative)
        # Remembered without the key, so restoring an older backup erases them again.
        from personakit._erasures import record_erasure

        record_erasure(st.connection, key, report.reference)
    return report


def _about(key: str) -> ColumnElement[bool]:
    """Audit entries about the person: a lookup names the key, a refused API call its
    path (``/api/v1/people/KEY``)."""
    return or_(audit_log.c.subject == key,
               audit_log.c.subject.endswith(f"/{key}", autoescape=True))


def _matches(column: pa.ChunkedArray, key: str) -> pa.ChunkedArray:
    """Rows whose value is *key* (as text; ``10005`` and ``10005.0`` alike)."""
    text = pc.utf8_trim_whitespace(pc.cast(column, pa.string()))
    return pc.fill_null(pc.is_in(text, value_set=pa.array([key, f"{key}.0"])), False)


def _snapshots_with(ws: Workspace, key: str,
                    report: ErasureReport) -> tuple[list[_Rewrite], set[str]]:
    from personakit.ingest._link import link_columns
    from personakit.ingest._read import apply_roles
    from personakit.ingest._sources import _all_rows

    links = link_columns(ws)
    rewrites: list[_Rewrite] = []
    texts: set[str] = set()
    for snapshot in _all_rows(ws):
        column = links.get(snapshot.source)
        table = pq.read_table(ws.root / snapshot.path)
        if column is None or column not in table.column_names:
            continue
        hits = _matches(table[column], key)
        count = int(pc.sum(hits).as_py() or 0)
        if not count:
            continue
        report.rows[snapshot.source] = report.rows.get(snapshot.source, 0) + count
        config = ws.config.sources.get(snapshot.source)
        roles = dict(config.roles) if config else {}
        mine = table.filter(hits)
        for info in apply_roles(snapshot.columns, roles):
            if info.role == ColumnRole.TEXT and info.name in mine.column_names:
                texts.update(str(v) for v in mine[info.name].to_pylist() if v)
        rewrites.append(_Rewrite(snapshot, table, pc.invert(hits)))
    report.snapshots = len(rewrites)
    return rewrites, texts


def _rejects_with(ws: Workspace, key: str,
                  report: ErasureReport) -> dict[str, tuple[Path, pa.Array]]:
    """Per snapshot, its quarantined lines file and which lines to keep (those that do
    not carry *key* as one of their fields)."""
    from personakit.ingest._sources import _all_rows

    out = {}
    for snapshot in _all_rows(ws):
        path = ws.root / Path(snapshot.path).with_suffix(".rejects.parquet")
        if not path.exists():
            continue
        delimiter = str(snapshot.dialect.get("delimiter") or ",")
        keep = [not any(f.strip().strip('"') == key for f in str(line or "").split(delimiter))
                for line in pq.read_table(path)["text"].to_pylist()]
        if not all(keep):
            report.rejected_lines += keep.count(False)
            out[snapshot.id] = (path, pa.array(keep))
    return out


def _rewrite_snapshot(ws: Workspace, st: Staging, rewrite: _Rewrite,
                      rejects: tuple[Path, pa.Array] | None) -> list[Path]:
    """The snapshot without the person, under the name of its new content; the old files
    to delete once the transaction has landed."""
    from personakit.ingest._snapshot import SnapshotFile, write_snapshot

    snapshot = rewrite.snapshot
    kept = rewrite.table.filter(rewrite.keep)
    sink = SnapshotFile(ws.data_dir / snapshot.source)
    try:
        write_snapshot(kept, sink)
        relative = f"data/{snapshot.source}/{sink.content_hash}.parquet"
    except BaseException:
        sink.discard()
        raise
    st.adopt(sink.path, relative)  # from here the transaction moves or removes it
    st.connection.execute(update(snapshots).where(snapshots.c.id == snapshot.id).values(
        path=relative, rows=kept.num_rows))
    old = [ws.root / snapshot.path]
    if rejects is not None:
        path, keep = rejects
        table = pq.read_table(path).filter(keep)
        pq.write_table(table, st.file_path(Path(relative).with_suffix(".rejects.parquet")))
        old.append(path)
    return old


def _assignments_with(ws: Workspace, key: str,
                      report: ErasureReport) -> list[tuple[str, pa.Table, pa.Array]]:
    out = []
    with ws.engine.connect() as con:
        paths = [r.assignments_path for r in con.execute(select(
            segmentations.c.assignments_path)).all()]
    for path in paths:
        file = ws.root / path
        if not file.exists():
            continue
        table = pq.read_table(file)
        hits = _matches(table["key"], key)
        count = int(pc.sum(hits).as_py() or 0)
        if count:
            report.assignments += count
            out.append((path, table, pc.invert(hits)))
    return out


def _derived_texts_with(ws: Workspace, key: str, report: ErasureReport) -> list[str]:
    """The files of redacted texts kept for analysis; counts the person's texts in them.

    All of them go: each was derived from snapshots that the erasure rewrites."""
    from personakit.texts._items import derived_files

    paths = derived_files(ws)
    for path in paths:
        table = pq.read_table(ws.root / path)
        if "key" in table.column_names:
            report.texts += int(pc.sum(_matches(table["key"], key)).as_py() or 0)
    return paths


def _versions_with(ws: Workspace, texts: set[str],
                   report: ErasureReport) -> list[tuple[int, dict[str, Any]]]:
    """Persona revisions with a quote from *texts*, and their data without it."""
    if not texts:
        return []
    from personakit.privacy import scrub

    spoken = {_normal(scrub(text.strip(), lang).text) for text in texts for lang in LANGUAGES}
    out = []
    with ws.engine.connect() as con:
        rows = con.execute(select(persona_versions.c.id, persona_versions.c.data)).all()
    removed_texts: set[str] = set()
    personas: set[str] = set()
    for row in rows:
        persona = Persona.model_validate(row.data)
        quotes = [q for q in persona.quotes if not _said(q.text, spoken)]
        statements = [s.model_copy(update={"evidence": [
            e for e in s.evidence if not (e.kind == "quote" and _said(e.text, spoken))]})
            for s in persona.statements]
        removed = {_normal(q.text) for q in persona.quotes} - {_normal(q.text) for q in quotes}
        for before, after in zip(persona.statements, statements, strict=True):
            removed |= {_normal(e.text) for e in before.evidence} - {
                _normal(e.text) for e in after.evidence}
        if not removed:
            continue
        # A statement that rested only on the removed quote (an own-words answer on the
        # canvas, issue 10) carries the quote in its text: it goes too.
        statements = [after for before, after in zip(persona.statements, statements,
                                                     strict=True)
                      if after.evidence or not before.evidence]
        removed_texts |= removed
        personas.add(persona.id)
        cleaned = persona.model_copy(update={"quotes": quotes, "statements": statements})
        out.append((int(row.id), cleaned.model_dump(mode="json")))
    report.quotes = len(removed_texts)
    report.personas = sorted(personas)
    return out


def _normal(text: str | None) -> str:
    return " ".join(str(text or "").lower().split())


def _said(quote: str | None, spoken: set[str]) -> bool:
    """Whether a quote (a whole answer, or its first sentences, or a theme's snippet cut
    with "…") comes from one of the person's own *spoken* texts."""
    normal = _normal(quote).rstrip("…").strip()
    return bool(normal) and any(normal in text for text in spoken)
