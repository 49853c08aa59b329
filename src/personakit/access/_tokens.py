"""API bearer tokens for machine clients (the CRM): only a hash is stored.

A token has a scope: ``api`` (personas and assignment) or ``caseworker`` (also the lookup of
one person). The scope is part of the secret itself (``pk_a_...`` / ``pk_c_...``) and its
first letter leads the stored hash, so a client cannot change its scope without the hash
failing, and the listing shows the scope without a schema change.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from personakit.access._audit import audit
from personakit.access._roles import Permission, Role
from personakit.access._users import check_username
from personakit.errors import PersonakitError
from personakit.store.tables import api_tokens
from personakit.workspace import Workspace


class TokenScope(StrEnum):
    API = "api"
    CASEWORKER = "caseworker"


_LETTER = {TokenScope.API: "a", TokenScope.CASEWORKER: "c"}
_SCOPE = {letter: scope for scope, letter in _LETTER.items()}
# What a token may do, in the terms of the role table.
SCOPE_PERMISSIONS: dict[TokenScope, frozenset[Permission]] = {
    TokenScope.API: frozenset({Permission.VIEW_PERSONAS, Permission.ASSIGN}),
    TokenScope.CASEWORKER: frozenset({Permission.VIEW_PERSONAS, Permission.ASSIGN,
                                      Permission.LOOKUP_PERSON}),
}


class ApiToken(BaseModel):
    """A token as listed (never the secret itself)."""

    id: int
    name: str
    scope: TokenScope
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def actor(self) -> str:
        return f"token:{self.name}"

    def allows(self, permission: Permission) -> bool:
        return permission in SCOPE_PERMISSIONS[self.scope]

    @property
    def role(self) -> Role:
        return Role.CASEWORKER if self.scope is TokenScope.CASEWORKER else Role.VIEWER


def _stored_hash(secret: str) -> str | None:
    """What the database holds for *secret*: scope letter + 63 hex digits of its SHA-256."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != "pk" or parts[1] not in _SCOPE or len(secret) > 200:
        return None
    return parts[1] + hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()[:63]


def _token(row: Any) -> ApiToken:
    def utc(value: datetime | None) -> datetime | None:
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)

    return ApiToken(id=row.id, name=row.name, scope=_SCOPE[row.token_hash[0]],
                    created_at=utc(row.created_at), revoked_at=utc(row.revoked_at))


def create_token(ws: Workspace, name: str, scope: TokenScope | str = TokenScope.API, *,
                 actor: str = "cli") -> tuple[str, ApiToken]:
    """A new token: returns the secret (shown once) and its listing."""
    check_username(name)
    try:
        chosen = TokenScope(scope)
    except ValueError as exc:
        raise PersonakitError("access.error.unknown_scope", scope=scope,
                              scopes=", ".join(s.value for s in TokenScope)) from exc
    secret = f"pk_{_LETTER[chosen]}_{secrets.token_urlsafe(32)}"
    try:
        with ws.transaction() as st:
            st.connection.execute(api_tokens.insert().values(
                name=name, token_hash=_stored_hash(secret), created_at=datetime.now(UTC)))
            audit(ws, actor, "token.create", name, {"scope": chosen.value},
                  connection=st.connection)
    except IntegrityError as exc:
        raise PersonakitError("access.error.token_exists", name=name) from exc
    return secret, get_token(ws, name)


def get_token(ws: Workspace, name: str) -> ApiToken:
    with ws.engine.connect() as con:
        row = con.execute(select(api_tokens).where(api_tokens.c.name == name)).first()
    if row is None:
        raise PersonakitError("access.error.unknown_token", name=name)
    return _token(row)


def list_tokens(ws: Workspace) -> list[ApiToken]:
    with ws.engine.connect() as con:
        rows = con.execute(select(api_tokens).order_by(api_tokens.c.name)).all()
    return [_token(r) for r in rows]


def revoke_token(ws: Workspace, name: str, *, actor: str = "cli") -> ApiToken:
    """Revoke a token: from now on it gets 401. Revoking twice is harmless."""
    token = get_token(ws, name)
    if token.revoked_at is None:
        with ws.transaction() as st:
            st.connection.execute(update(api_tokens).where(api_tokens.c.id == token.id)
                                  .values(revoked_at=datetime.now(UTC)))
            audit(ws, actor, "token.revoke", name, connection=st.connection)
    return get_token(ws, name)


def verify_token(ws: Workspace, secret: str | None) -> ApiToken | None:
    """The live token behind a bearer secret, or ``None`` (malformed, unknown or revoked)."""
    stored = _stored_hash(secret) if secret else None
    if stored is None:
        return None
    with ws.engine.connect() as con:
        row = con.execute(select(api_tokens).where(api_tokens.c.token_hash == stored)).first()
    if row is None or row.revoked_at is not None:
        return None
    return _token(row)
