"""Access branches the feature tests leave out: lockout arithmetic, password and language
changes, rehashing, token roles, the audit chain's verdicts and the lookup's edge cases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

import personakit.access._lookup as lookup_module
from personakit.access import (
    Permission,
    Role,
    TokenScope,
    add_user,
    audit,
    audit_entries,
    authenticate,
    create_token,
    end_session,
    get_session,
    get_user,
    list_tokens,
    personal_profile,
    require,
    revoke_token,
    set_language,
    set_password,
    start_session,
    verify_audit_chain,
)
from personakit.access._lockout import locked_until
from personakit.errors import InputError, PersonakitError
from personakit.ingest import import_file
from personakit.store.tables import audit_log, users
from personakit.workspace import Workspace
from tests._webapp import cheap_hashing


@pytest.fixture(autouse=True)
def _fast() -> Iterator[None]:
    with cheap_hashing():
        yield


def _fail(ws: Workspace, name: str, times: int) -> None:
    for _ in range(times):
        audit(ws, name, "login.failed")


def test_lockout_starts_at_the_limit_and_doubles(workspace: Workspace) -> None:
    _fail(workspace, "eve", 4)
    assert locked_until(workspace, "eve") is None  # 4 < max_login_attempts (5)
    _fail(workspace, "eve", 1)
    first = locked_until(workspace, "eve")
    assert first is not None
    assert timedelta(seconds=50) < first - datetime.now(UTC) <= timedelta(seconds=60)
    _fail(workspace, "eve", 1)
    second = locked_until(workspace, "eve")
    assert second is not None and second - datetime.now(UTC) > timedelta(seconds=100)
    assert locked_until(workspace, "eve", now=datetime.now(UTC) + timedelta(hours=2)) is None
    assert locked_until(workspace, "adam") is None  # someone else's failures do not count


def test_a_success_ends_the_series(workspace: Workspace) -> None:
    _fail(workspace, "eve", 5)
    audit(workspace, "eve", "login")
    assert locked_until(workspace, "eve") is None
    _fail(workspace, "eve", 4)
    assert locked_until(workspace, "eve") is None


def test_unknown_user_is_named(workspace: Workspace) -> None:
    with pytest.raises(PersonakitError) as caught:
        get_user(workspace, "nobody")
    assert "nobody" in caught.value.message("en")
    with pytest.raises(PersonakitError):
        get_user(workspace, 999)


def test_language_is_stored_and_checked(workspace: Workspace) -> None:
    anna = add_user(workspace, "anna", "a long password", "viewer", language="en")
    set_language(workspace, anna.id, "nl")
    assert get_user(workspace, "anna").language == "nl"
    with pytest.raises(ValueError):
        set_language(workspace, anna.id, "xx")
    assert get_user(workspace, "anna").language == "nl"


def test_new_password_replaces_the_old_and_ends_sessions(workspace: Workspace) -> None:
    anna = add_user(workspace, "anna", "a long password", "viewer")
    session = start_session(workspace, anna)
    with pytest.raises(InputError):
        set_password(workspace, "anna", "short")
    assert authenticate(workspace, "anna", "a long password") is not None
    set_password(workspace, "anna", "another long password", actor="admin")
    assert authenticate(workspace, "anna", "a long password") is None
    assert authenticate(workspace, "anna", "another long password") is not None
    assert get_session(workspace, session.secret) is None
    entry = audit_entries(workspace, actor="admin")[0]
    assert (entry.action, entry.subject) == ("user.set_password", "anna")


def test_inactive_user_cannot_log_in(workspace: Workspace) -> None:
    add_user(workspace, "anna", "a long password", "viewer")
    with workspace.engine.begin() as con:
        con.execute(update(users).values(active=False))
    assert authenticate(workspace, "anna", "a long password") is None


def test_hash_with_old_costs_is_upgraded_at_login(workspace: Workspace,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from personakit.access import _users

    add_user(workspace, "anna", "a long password", "viewer")
    with workspace.engine.connect() as con:
        before = con.execute(select(users.c.password_hash)).scalar_one()
    monkeypatch.setattr(_users, "HASHER",
                        PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    assert authenticate(workspace, "anna", "a long password") is not None
    with workspace.engine.connect() as con:
        after = con.execute(select(users.c.password_hash)).scalar_one()
    assert after != before and "m=2048,t=2" in after
    assert authenticate(workspace, "anna", "a long password") is not None


def test_token_actor_and_role_follow_the_scope(workspace: Workspace) -> None:
    _, api = create_token(workspace, "crm-sync", "api")
    _, case = create_token(workspace, "case-desk", TokenScope.CASEWORKER)
    assert api.actor == "token:crm-sync" and api.role is Role.VIEWER
    assert case.role is Role.CASEWORKER


def test_revoking_twice_keeps_the_first_moment(workspace: Workspace) -> None:
    create_token(workspace, "crm-sync")
    first = revoke_token(workspace, "crm-sync", actor="admin")
    again = revoke_token(workspace, "crm-sync", actor="admin")
    assert first.revoked_at is not None and again.revoked_at == first.revoked_at
    assert [e.action for e in audit_entries(workspace, actor="admin")] == ["token.revoke"]
    assert list_tokens(workspace)[0].revoked_at == first.revoked_at


def test_require_lets_an_allowed_role_through() -> None:
    assert require(Role.ADMIN, Permission.MANAGE_TOKENS) is None
    assert require(Role.VIEWER, Permission.VIEW_PERSONAS, actor="anna") is None


def test_ending_no_session_is_harmless(workspace: Workspace) -> None:
    anna = add_user(workspace, "anna", "a long password", "viewer")
    session = start_session(workspace, anna)
    end_session(workspace, None)
    end_session(workspace, "")
    assert get_session(workspace, session.secret) is not None
    end_session(workspace, session.secret)
    assert get_session(workspace, session.secret) is None


def test_audit_chain_holds_then_breaks_where_changed(workspace: Workspace) -> None:
    for i in range(3):
        audit(workspace, "anna", "persona.save", f"p{i}", {"n": i})
    report = verify_audit_chain(workspace)
    assert report.ok and report.entries >= 3 and report.erased == report.unsealed == 0
    with workspace.engine.begin() as con:
        ids = con.execute(select(audit_log.c.id).order_by(audit_log.c.id)).scalars().all()
        con.execute(update(audit_log).where(audit_log.c.id == ids[-2])
                    .values(detail={"n": 99}))
    broken = verify_audit_chain(workspace)
    assert not broken.ok and broken.broken_at == ids[-2]


def test_audit_chain_counts_erased_and_unsealed_entries(workspace: Workspace) -> None:
    for i in range(3):
        audit(workspace, "anna", "person.lookup", f"k{i}")
    with workspace.engine.begin() as con:
        ids = con.execute(select(audit_log.c.id).order_by(audit_log.c.id)).scalars().all()
        # Pseudonymised by an erasure: content changed, digest kept, chain still holds.
        con.execute(update(audit_log).where(audit_log.c.id == ids[0])
                    .values(subject="[erased]", erased=True))
        con.execute(audit_log.insert().values(at=datetime.now(UTC), actor="x",
                                              action="legacy", detail={}))
    report = verify_audit_chain(workspace)
    assert report.ok
    assert (report.entries, report.erased, report.unsealed) == (len(ids) + 1, 1, 1)


def test_audit_entries_filter_on_subject_and_page(workspace: Workspace) -> None:
    for subject in ("a", "b", "a"):
        audit(workspace, "anna", "person.lookup", subject)
    assert [e.subject for e in audit_entries(workspace, subject="a")] == ["a", "a"]
    assert len(audit_entries(workspace, limit=1, offset=1)) == 1
    assert audit_entries(workspace, action="person.") == audit_entries(workspace,
                                                                       actor="anna")


def test_lookup_in_an_empty_workspace_finds_nothing_and_is_audited(
        workspace: Workspace) -> None:
    profile = personal_profile(workspace, "42", "case1")
    assert not profile.found and profile.sources == [] and profile.assignment is None
    assert audit_entries(workspace, actor="case1")[0].detail == {
        "found": False, "sources": [], "profile": None}


def test_lookup_before_segmentation_shows_the_data_without_persona(
        workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "klanten.csv"
    path.write_text("klantnummer;leeftijd;plaats\n41;30;Utrecht\n42;50;Delft\n",
                    encoding="utf-8")
    import_file(workspace, path, key="klantnummer")
    profile = personal_profile(workspace, "42", "case1")
    assert profile.found and profile.sources[0].rows == [
        {"klantnummer": "42", "leeftijd": "50", "plaats": "Delft"}]
    assert profile.assignment is None and profile.persona is None
    assert lookup_module.persona_for(workspace, None) is None


def test_lookup_cache_is_bounded(workspace: Workspace, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup_module, "_CACHE_LIMIT", 1)
    monkeypatch.setattr(lookup_module, "_CACHE", {})
    path = tmp_path / "klanten.csv"
    path.write_text("klantnummer;plaats\n41;Utrecht\n", encoding="utf-8")
    import_file(workspace, path, key="klantnummer")
    assert personal_profile(workspace, "41", "case1").found  # linked frame + the source
    assert len(lookup_module._CACHE) == 1


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), (float("nan"), None), (np.nan, None), (pd.NaT, None), (pd.NA, None),
    (datetime(2024, 5, 1), "2024-05-01"), (datetime(2024, 5, 1, 9, 30), "2024-05-01 09:30:00"),
    (date(2024, 5, 1), "2024-05-01"), (12.0, "12"), (2.5, "2.5"), ("Delft", "Delft"),
    (["a"], "['a']"),
])
def test_cell_text_in_a_profile(value: object, expected: str | None) -> None:
    assert lookup_module._text(value) == expected
