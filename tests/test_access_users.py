"""Users, roles, sessions and the audit log, without the web app."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from personakit.access import (
    PERMISSIONS,
    AccessDenied,
    Permission,
    Role,
    add_user,
    audit,
    audit_entries,
    authenticate,
    can,
    csrf_matches,
    end_session,
    get_session,
    list_users,
    remove_user,
    require,
    set_role,
    start_session,
)
from personakit.errors import InputError, PersonakitError
from personakit.store.tables import users, web_sessions
from personakit.workspace import Workspace
from tests._webapp import cheap_hashing


@pytest.fixture(autouse=True)
def _fast(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.name == "test_default_hasher_is_argon2id_with_real_costs":
        yield
        return
    with cheap_hashing():
        yield


def test_password_is_stored_as_argon2_hash(workspace: Workspace) -> None:
    add_user(workspace, "anna", "a long password", "admin")
    with workspace.engine.connect() as con:
        stored = con.execute(select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and "a long password" not in stored
    assert authenticate(workspace, "anna", "a long password") is not None
    assert authenticate(workspace, "anna", "wrong password!") is None
    assert authenticate(workspace, "nobody", "a long password") is None


def test_default_hasher_is_argon2id_with_real_costs() -> None:
    from personakit.access import _users

    assert _users.HASHER.memory_cost >= 19 * 1024 and _users.HASHER.time_cost >= 2


@pytest.mark.parametrize(("name", "password", "role", "error"), [
    ("anna", "short", "admin", InputError),
    ("an na", "a long password", "admin", InputError),
    ("<b>", "a long password", "admin", InputError),
    ("anna", "a long password", "superuser", PersonakitError),
])
def test_bad_users_are_refused(workspace: Workspace, name: str, password: str, role: str,
                               error: type[Exception]) -> None:
    with pytest.raises(error):
        add_user(workspace, name, password, role)
    assert list_users(workspace) == []


def test_duplicate_user_is_a_clear_error(workspace: Workspace) -> None:
    add_user(workspace, "anna", "a long password", "admin")
    with pytest.raises(PersonakitError, match="already"):
        add_user(workspace, "anna", "another password", "viewer")


def test_no_default_admin(workspace: Workspace) -> None:
    assert list_users(workspace) == []
    assert authenticate(workspace, "admin", "admin") is None


def test_permission_table() -> None:
    assert not can(Role.VIEWER, Permission.LOOKUP_PERSON)
    assert can(Role.CASEWORKER, Permission.LOOKUP_PERSON)
    assert not can(Role.ANALYST, Permission.LOOKUP_PERSON)
    assert can(Role.EDITOR, Permission.EDIT_PERSONAS)
    assert not can(Role.EDITOR, Permission.VIEW_EXPLORER)
    assert PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    assert not can("nonsense", Permission.VIEW_PERSONAS)
    with pytest.raises(AccessDenied):
        require(Role.VIEWER, Permission.MANAGE_USERS, actor="v")


def test_sessions_rotate_expire_and_end(workspace: Workspace) -> None:
    user = add_user(workspace, "anna", "a long password", "editor")
    first = start_session(workspace, user)
    assert get_session(workspace, first.secret) is not None
    second = start_session(workspace, user, previous=first.secret)
    assert get_session(workspace, first.secret) is None
    assert get_session(workspace, second.secret) is not None
    with workspace.engine.connect() as con:
        stored = con.execute(select(web_sessions.c.id)).scalars().all()
    assert second.secret not in stored  # only a hash is kept
    with workspace.engine.begin() as con:
        con.execute(update(web_sessions).values(expires_at=datetime.now(UTC)
                                                - timedelta(minutes=1)))
    assert get_session(workspace, second.secret) is None
    third = start_session(workspace, user)
    end_session(workspace, third.secret)
    assert get_session(workspace, third.secret) is None
    assert get_session(workspace, None) is None and get_session(workspace, "x" * 500) is None


def test_role_change_and_removal_end_sessions(workspace: Workspace) -> None:
    user = add_user(workspace, "anna", "a long password", "editor")
    session = start_session(workspace, user)
    assert set_role(workspace, "anna", "viewer").role is Role.VIEWER
    assert get_session(workspace, session.secret) is None
    session = start_session(workspace, user)
    remove_user(workspace, "anna", actor="boss")
    assert get_session(workspace, session.secret) is None
    actions = [e.action for e in audit_entries(workspace)]
    assert actions == ["user.remove", "user.set_role", "user.add"]


@pytest.mark.parametrize("given", [None, "", "wrong", "ťøkéñ", "\x00", "a" * 1000])
def test_csrf_comparison_never_raises(given: str | None) -> None:
    assert csrf_matches("expected-token", given) is False
    assert csrf_matches("expected-token", "expected-token") is True


def test_audit_entries_filter_and_order(workspace: Workspace) -> None:
    audit(workspace, "anna", "person.lookup", "123", {"found": True})
    audit(workspace, "bert", "persona.save", "default-0")
    audit(workspace, "anna", "person.lookup", "456")
    entries = audit_entries(workspace, actor="anna")
    assert [e.subject for e in entries] == ["456", "123"]
    assert entries[1].detail == {"found": True} and entries[0].at.tzinfo is not None
    assert [e.actor for e in audit_entries(workspace, action="persona")] == ["bert"]
    assert audit_entries(workspace, action="%") == []  # a prefix, not a pattern
