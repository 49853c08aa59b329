"""API tokens: only a hash is stored, scope is tamper-proof, revocation is immediate."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from personakit.access import (
    Permission,
    TokenScope,
    audit_entries,
    create_token,
    list_tokens,
    revoke_token,
    verify_token,
)
from personakit.errors import PersonakitError
from personakit.store.tables import api_tokens
from personakit.workspace import Workspace


def test_token_round_trip(workspace: Workspace) -> None:
    secret, token = create_token(workspace, "crm", "api")
    assert secret.startswith("pk_a_") and token.scope is TokenScope.API
    with workspace.engine.connect() as con:
        stored = con.execute(select(api_tokens.c.token_hash)).scalar_one()
    assert secret not in stored and len(stored) == 64
    found = verify_token(workspace, secret)
    assert found is not None and found.name == "crm"
    assert found.allows(Permission.ASSIGN) and not found.allows(Permission.LOOKUP_PERSON)
    revoke_token(workspace, "crm")
    assert verify_token(workspace, secret) is None
    assert list_tokens(workspace)[0].revoked_at is not None
    assert [e.action for e in audit_entries(workspace)] == ["token.revoke", "token.create"]


def test_caseworker_scope(workspace: Workspace) -> None:
    secret, _ = create_token(workspace, "desk", TokenScope.CASEWORKER)
    found = verify_token(workspace, secret)
    assert found is not None and found.allows(Permission.LOOKUP_PERSON)
    assert verify_token(workspace, secret.replace("pk_c_", "pk_a_", 1)) is None


@pytest.mark.parametrize("secret", [None, "", "pk_", "pk_a_", "pk_z_abc", "abc",
                                    "pk_a_" + "x" * 500, "ťøkéñ"])
def test_garbage_is_not_a_token(workspace: Workspace, secret: str | None) -> None:
    create_token(workspace, "crm")
    assert verify_token(workspace, secret) is None


def test_names_and_scopes_are_checked(workspace: Workspace) -> None:
    create_token(workspace, "crm")
    with pytest.raises(PersonakitError, match="already"):
        create_token(workspace, "crm")
    with pytest.raises(PersonakitError, match="scope"):
        create_token(workspace, "other", "root")
    with pytest.raises(PersonakitError):
        revoke_token(workspace, "missing")
