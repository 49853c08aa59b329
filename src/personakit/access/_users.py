"""Users: names, argon2 password hashes, roles and their interface language."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from personakit.access._audit import audit
from personakit.access._roles import Role, parse_role
from personakit.access._settings import web_settings
from personakit.errors import InputError, PersonakitError
from personakit.i18n import check_language
from personakit.store.tables import users, web_sessions
from personakit.workspace import Workspace

HASHER = PasswordHasher()
# Verified when the user name is unknown, so a login takes as long either way (no user
# enumeration through timing).
_DUMMY_HASH = HASHER.hash("personakit-no-such-user")
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


class User(BaseModel):
    """A person who can log in to the web app."""

    id: int
    username: str
    role: Role
    language: str
    active: bool
    created_at: datetime


def _user(row: Any) -> User:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return User(id=row.id, username=row.username, role=Role(row.role),
                language=row.language, active=row.active, created_at=created)


def check_username(name: str) -> str:
    if not USERNAME.fullmatch(name):
        raise InputError("access.error.bad_name", name=name)
    return name


def check_password(ws: Workspace, password: str) -> str:
    shortest = web_settings(ws).min_password_length
    if len(password) < shortest:
        raise InputError("access.error.short_password", length=shortest)
    return password


def add_user(ws: Workspace, username: str, password: str, role: Role | str, *,
             language: str | None = None, actor: str = "cli") -> User:
    """Create a user; the password is stored only as an argon2 hash."""
    check_username(username)
    check_password(ws, password)
    chosen = parse_role(str(role))
    lang = check_language(language or ws.language)
    try:
        with ws.transaction() as st:
            new_id = st.connection.execute(users.insert().values(
                username=username, password_hash=HASHER.hash(password), role=chosen.value,
                language=lang, active=True, created_at=datetime.now(UTC),
            )).inserted_primary_key[0]  # type: ignore[index]
            audit(ws, actor, "user.add", username, {"role": chosen.value},
                  connection=st.connection)
    except IntegrityError as exc:
        raise PersonakitError("access.error.user_exists", name=username) from exc
    return get_user(ws, int(new_id))


def get_user(ws: Workspace, user: int | str) -> User:
    """A user by id or name; an error naming it when unknown."""
    column = users.c.id if isinstance(user, int) else users.c.username
    with ws.engine.connect() as con:
        row = con.execute(select(users).where(column == user)).first()
    if row is None:
        raise PersonakitError("access.error.unknown_user", name=str(user))
    return _user(row)


def list_users(ws: Workspace) -> list[User]:
    with ws.engine.connect() as con:
        rows = con.execute(select(users).order_by(users.c.username)).all()
    return [_user(r) for r in rows]


def remove_user(ws: Workspace, username: str, *, actor: str = "cli") -> None:
    """Delete a user and end their sessions."""
    user = get_user(ws, username)
    with ws.transaction() as st:
        st.connection.execute(delete(web_sessions).where(web_sessions.c.user_id == user.id))
        st.connection.execute(delete(users).where(users.c.id == user.id))
        audit(ws, actor, "user.remove", username, connection=st.connection)


def set_role(ws: Workspace, username: str, role: Role | str, *, actor: str = "cli") -> User:
    """Change a user's role; their open sessions end, so the new role applies at once."""
    user = get_user(ws, username)
    chosen = parse_role(str(role))
    with ws.transaction() as st:
        st.connection.execute(update(users).where(users.c.id == user.id).values(
            role=chosen.value))
        st.connection.execute(delete(web_sessions).where(web_sessions.c.user_id == user.id))
        audit(ws, actor, "user.set_role", username,
              {"from": user.role.value, "to": chosen.value}, connection=st.connection)
    return get_user(ws, user.id)


def set_language(ws: Workspace, user_id: int, language: str) -> None:
    """Store a user's interface language."""
    lang = check_language(language)
    with ws.engine.begin() as con:
        con.execute(update(users).where(users.c.id == user_id).values(language=lang))


def set_password(ws: Workspace, username: str, password: str, *, actor: str = "cli") -> None:
    user = get_user(ws, username)
    check_password(ws, password)
    with ws.transaction() as st:
        st.connection.execute(update(users).where(users.c.id == user.id).values(
            password_hash=HASHER.hash(password)))
        st.connection.execute(delete(web_sessions).where(web_sessions.c.user_id == user.id))
        audit(ws, actor, "user.set_password", username, connection=st.connection)


def authenticate(ws: Workspace, username: str, password: str) -> User | None:
    """The user if *password* is theirs and they are active; otherwise ``None``."""
    with ws.engine.connect() as con:
        row = con.execute(select(users).where(users.c.username == username)).first()
    stored = row.password_hash if row is not None else _DUMMY_HASH
    try:
        HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    if HASHER.check_needs_rehash(stored):
        with ws.engine.begin() as con:
            con.execute(update(users).where(users.c.id == row.id).values(
                password_hash=HASHER.hash(password)))
    return _user(row)
