"""The audit log: who did what to whom, and when. Append-only, hash-chained.

Every entry's ``digest`` is SHA-256 of the previous entry's digest and the entry itself
(time, actor, action, subject, detail), so changing, removing or reordering an entry
breaks the chain from there on (``verify_audit_chain``, ``personakit check``). The one
permitted change is the GDPR's: erasing a person pseudonymises the entries about them and
marks them ``erased``; they keep their digest, so the chain around them still holds.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Connection, select, text, update

from personakit.store.tables import audit_log
from personakit.workspace import Workspace


class AuditEntry(BaseModel):
    """One line of the audit log.

    Parameters
    ----------
    actor
        Who: a user name, or ``token:NAME`` for an API client.
    action
        What, e.g. ``person.lookup``, ``persona.save``, ``user.add``.
    subject
        Whom or what: a customer key, a persona id, a user name.
    """

    id: int
    at: datetime
    actor: str
    action: str
    subject: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


GENESIS = "0" * 64


def audit(ws: Workspace, actor: str, action: str, subject: str | None = None,
          detail: dict[str, Any] | None = None, *, connection: Connection | None = None) -> None:
    """Append one entry and seal it into the chain; inside *connection*'s transaction when
    given."""
    values = {"at": datetime.now(UTC), "actor": actor, "action": action,
              "subject": subject, "detail": detail or {}}
    if connection is not None:
        connection.execute(audit_log.insert().values(**values))
        seal(connection)
        return
    with ws.engine.begin() as con:
        con.execute(audit_log.insert().values(**values))
        seal(con)


def _canonical(row: Any) -> str:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return json.dumps([row.id, at.astimezone(UTC).isoformat(), row.actor, row.action,
                       row.subject, row.detail or {}], sort_keys=True, ensure_ascii=False,
                      default=str)


def entry_digest(previous: str, row: Any) -> str:
    return hashlib.sha256((previous + _canonical(row)).encode("utf-8")).hexdigest()


def seal(con: Connection) -> None:
    """Give every entry without a digest its digest, in order (inside the caller's
    transaction: SQLite holds the write lock by now; PostgreSQL takes an advisory lock,
    so two writers cannot both chain onto the same entry)."""
    if con.dialect.name == "postgresql":
        con.execute(text("SELECT pg_advisory_xact_lock(4203165)"))
    last = con.execute(select(audit_log.c.id, audit_log.c.digest)
                       .where(audit_log.c.digest.is_not(None))
                       .order_by(audit_log.c.id.desc()).limit(1)).first()
    previous, after = (last.digest, last.id) if last is not None else (GENESIS, 0)
    rows = con.execute(select(audit_log).where(audit_log.c.digest.is_(None),
                                               audit_log.c.id > after)
                       .order_by(audit_log.c.id)).all()
    for row in rows:
        previous = entry_digest(previous, row)
        con.execute(update(audit_log).where(audit_log.c.id == row.id).values(digest=previous))


class ChainReport(BaseModel):
    """The audit chain checked: entries, erased ones, and the first that breaks it."""

    entries: int = 0
    erased: int = 0
    unsealed: int = 0
    broken_at: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_audit_chain(ws: Workspace) -> ChainReport:
    """Recompute the chain from the first entry; report the first entry that breaks it."""
    report = ChainReport()
    previous = GENESIS
    with ws.engine.connect() as con:
        rows = con.execute(select(audit_log).order_by(audit_log.c.id)).yield_per(2_000)
        for row in rows:
            report.entries += 1
            if row.digest is None:
                report.unsealed += 1  # written before the chain existed, or mid-seal
                continue
            if row.erased:
                report.erased += 1  # content pseudonymised by an erasure: digest kept
            elif entry_digest(previous, row) != row.digest:
                report.broken_at = row.id
                return report
            previous = row.digest
    return report


def audit_entries(ws: Workspace, *, actor: str | None = None, action: str | None = None,
                  subject: str | None = None, limit: int = 200,
                  offset: int = 0) -> list[AuditEntry]:
    """Entries newest first, optionally filtered on actor, action (prefix) and subject."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
    if actor:
        query = query.where(audit_log.c.actor == actor)
    if action:
        query = query.where(audit_log.c.action.startswith(action, autoescape=True))
    if subject:
        query = query.where(audit_log.c.subject == subject)
    with ws.engine.connect() as con:
        rows = con.execute(query).all()
    return [AuditEntry(id=r.id, at=_utc(r.at), actor=r.actor, action=r.action,
                       subject=r.subject, detail=r.detail or {}) for r in rows]


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
