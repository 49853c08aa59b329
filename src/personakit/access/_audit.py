"""The audit log: who did what to whom, and when. Append-only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Connection, select

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


def audit(ws: Workspace, actor: str, action: str, subject: str | None = None,
          detail: dict[str, Any] | None = None, *, connection: Connection | None = None) -> None:
    """Append one entry; inside *connection*'s transaction when given."""
    values = {"at": datetime.now(UTC), "actor": actor, "action": action,
              "subject": subject, "detail": detail or {}}
    if connection is not None:
        connection.execute(audit_log.insert().values(**values))
        return
    with ws.engine.begin() as con:
        con.execute(audit_log.insert().values(**values))


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
