"""Web sessions: random ids (stored only as a hash), a CSRF token each, and an expiry."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from personakit.access._settings import web_settings
from personakit.access._users import User, _user
from personakit.store.tables import users, web_sessions
from personakit.workspace import Workspace


@dataclass(frozen=True)
class WebSession:
    """An open session: ``secret`` goes in the cookie; the database holds only its hash."""

    secret: str
    csrf: str
    user: User
    expires_at: datetime


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


def start_session(ws: Workspace, user: User, *, previous: str | None = None) -> WebSession:
    """A fresh session for *user*; *previous* (the pre-login cookie) is revoked: rotation."""
    now = datetime.now(UTC)
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now + timedelta(hours=web_settings(ws).session_hours)
    with ws.engine.begin() as con:
        con.execute(delete(web_sessions).where(web_sessions.c.expires_at < now))
        if previous:
            con.execute(delete(web_sessions).where(web_sessions.c.id == _digest(previous)))
        con.execute(web_sessions.insert().values(
            id=_digest(secret), user_id=user.id, csrf=csrf, created_at=now, expires_at=expires))
    return WebSession(secret=secret, csrf=csrf, user=user, expires_at=expires)


def get_session(ws: Workspace, secret: str | None) -> WebSession | None:
    """The live session behind a cookie value, or ``None`` (unknown, expired, user inactive)."""
    if not secret or len(secret) > 200:
        return None
    query = (select(web_sessions.c.csrf, web_sessions.c.expires_at, users)
             .join(users, users.c.id == web_sessions.c.user_id)
             .where(web_sessions.c.id == _digest(secret)))
    with ws.engine.connect() as con:
        row = con.execute(query).first()
    if row is None or not row.active:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires <= datetime.now(UTC):
        return None
    return WebSession(secret=secret, csrf=row.csrf, user=_user(row), expires_at=expires)


def end_session(ws: Workspace, secret: str | None) -> None:
    """Revoke a session (logout); unknown ids are ignored."""
    if secret:
        with ws.engine.begin() as con:
            con.execute(delete(web_sessions).where(web_sessions.c.id == _digest(secret)))


def csrf_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison that never raises, whatever the client sent."""
    if not given or len(given) > 200:
        return False
    return hmac.compare_digest(expected.encode("utf-8"),
                               given.encode("utf-8", "surrogateescape"))
