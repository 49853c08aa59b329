"""Login attempts: locked out after the limit, with a back-off that doubles; at and past
the limit (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from personakit.access import audit_entries
from personakit.access._lockout import locked_until
from personakit.workspace import Workspace
from tests._webapp import PASSWORD, TestClient, app, csrf_of, web_ws

__all__ = ["app", "web_ws"]


def _try(client: TestClient, user: str, password: str) -> int:
    page = client.get("/login")
    return int(client.post("/login", data={"username": user, "password": password,
                                           "csrf": csrf_of(page.text)},
                           follow_redirects=False).status_code)


def test_locked_after_the_limit_and_the_password_is_not_even_checked(
        app: FastAPI, web_ws: Workspace) -> None:
    client = TestClient(app)
    for _ in range(4):  # at the limit minus one: still the plain "wrong password"
        assert _try(client, "viewer", "wrong") == 401
    assert locked_until(web_ws, "viewer") is None
    assert _try(client, "viewer", "wrong") == 401  # the fifth failure: now locked
    until = locked_until(web_ws, "viewer")
    assert until is not None
    assert 50 <= (until - datetime.now(UTC)).total_seconds() <= 61
    assert _try(client, "viewer", PASSWORD) == 429  # the right password, but locked
    assert audit_entries(web_ws, actor="viewer", action="login.locked")
    # Other users are not affected.
    assert _try(client, "editor", PASSWORD) == 303


def test_the_lockout_doubles_and_ends_after_a_success(web_ws: Workspace) -> None:
    from personakit.access import audit

    for _ in range(7):  # two past the limit
        audit(web_ws, "analyst", "login.failed", None, {})
    first = locked_until(web_ws, "analyst")
    assert first is not None
    wait = (first - datetime.now(UTC)).total_seconds()
    assert 200 < wait <= 240  # 60 s doubled twice
    later = datetime.now(UTC) + timedelta(seconds=241)
    assert locked_until(web_ws, "analyst", now=later) is None
    audit(web_ws, "analyst", "login", None, {})
    assert locked_until(web_ws, "analyst") is None
