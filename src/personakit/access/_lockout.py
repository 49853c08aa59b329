"""Login attempts: after ``max_login_attempts`` failures in a row, a lockout that doubles
with every further failure (issue 16).

The audit log is the record (``login.failed`` and ``login`` entries per user name), so the
lock holds across processes and restarts and needs no table of its own. While locked, the
password is not even checked: guessing gains nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from personakit.access._settings import web_settings
from personakit.store.tables import audit_log
from personakit.workspace import Workspace

FAILED, SUCCEEDED = "login.failed", "login"


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def locked_until(ws: Workspace, username: str, now: datetime | None = None) -> datetime | None:
    """When *username* may try again, if they are locked out now; else ``None``."""
    settings = web_settings(ws)
    moment = now or datetime.now(UTC)
    limit = settings.max_login_attempts
    with ws.engine.connect() as con:
        rows = con.execute(
            select(audit_log.c.action, audit_log.c.at)
            .where(audit_log.c.actor == username[:200],
                   audit_log.c.action.in_((FAILED, SUCCEEDED)))
            .order_by(audit_log.c.id.desc()).limit(limit + 20)).all()
    failures = []
    for row in rows:  # the failures since the last success, newest first
        if row.action == SUCCEEDED:
            break
        failures.append(_utc(row.at))
    if len(failures) < limit:
        return None
    doublings = min(len(failures) - limit, 20)
    wait = min(settings.lockout_seconds * 2 ** doublings, settings.max_lockout_seconds)
    until = failures[0] + timedelta(seconds=wait)
    return until if until > moment else None
