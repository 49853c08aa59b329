"""CSRF: a state-changing request without the session's token is refused (403, never 500)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from personakit.track import current_personas, get_persona
from personakit.workspace import Workspace
from tests._webapp import PASSWORD, RoleClient, app, client_for, csrf_of, web_ws

__all__ = ["app", "web_ws"]

BAD_TOKENS = {
    "missing": None,
    "empty": "",
    "wrong": "x" * 43,
    "malformed_unicode": "ťøkéñ\u202e\U0001f600",
    "malformed_long": "a" * 10_000,
    "malformed_nul": "abc\x00def",
}


@pytest.fixture(scope="module")
def editor(app: FastAPI) -> RoleClient:
    return client_for(app, "editor")


def _form(token: str | None, **fields: str) -> dict[str, str]:
    return {**fields, **({"csrf": token} if token is not None else {})}


@pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
def test_bad_form_token_is_403_and_changes_nothing(editor: RoleClient, web_ws: Workspace,
                                                   kind: str) -> None:
    persona = current_personas(web_ws)[0]
    form = _form(BAD_TOKENS[kind], base_revision=str(persona.revision), name="Hacked")
    response = editor.post(f"/personas/{persona.id}/edit", data=form, follow_redirects=False)
    assert response.status_code == 403
    assert "Traceback" not in response.text
    assert get_persona(web_ws, persona.id).revision == persona.revision


@pytest.mark.parametrize("kind", ["wrong", "malformed_unicode", "malformed_long"])
def test_bad_header_token_is_403(editor: RoleClient, web_ws: Workspace, kind: str) -> None:
    persona = current_personas(web_ws)[0]
    value = BAD_TOKENS[kind]
    assert value is not None
    # Raw bytes: a hostile client is not bound to ASCII headers.
    response = editor.post(f"/personas/{persona.id}/edit",
                           data={"base_revision": str(persona.revision), "name": "Hacked"},
                           headers={"X-CSRF-Token": value.encode("utf-8")},
                           follow_redirects=False)
    assert response.status_code == 403


def test_header_token_is_accepted_for_fetch(editor: RoleClient, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    response = editor.post(f"/personas/{persona.id}/edit",
                           data={"base_revision": str(persona.revision), "name": persona.name},
                           headers={"X-CSRF-Token": editor.csrf}, follow_redirects=False)
    assert response.status_code == 303


def test_malformed_body_is_403_not_500(editor: RoleClient, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    response = editor.post(f"/personas/{persona.id}/picture",
                           content=b"--xx\r\nnot really multipart",
                           headers={"content-type": "multipart/form-data; boundary=xx"})
    assert response.status_code == 403


def test_token_of_another_session_is_refused(app: FastAPI, editor: RoleClient,
                                             web_ws: Workspace) -> None:
    other = client_for(app, "analyst")
    persona = current_personas(web_ws)[0]
    form = {"csrf": other.csrf, "base_revision": str(persona.revision), "name": "X"}
    assert editor.post(f"/personas/{persona.id}/edit", data=form).status_code == 403


@pytest.mark.parametrize("path", ["/logout", "/language", "/admin/users", "/admin/tokens"])
def test_other_forms_need_the_token_too(app: FastAPI, path: str) -> None:
    admin = client_for(app, "admin")
    response = admin.post(path, data={"lang": "nl", "action": "add", "username": "evil",
                                      "password": "x" * 20, "role": "admin", "name": "evil"},
                          follow_redirects=False)
    assert response.status_code == 403
    assert admin.get("/admin/users").text.count(">evil<") == 0


def test_login_needs_its_own_token(app: FastAPI) -> None:
    client = client_for(app)
    client.get("/login")
    bad = client.post("/login", data={"username": "admin", "password": PASSWORD,
                                      "csrf": "forged"}, follow_redirects=False)
    assert bad.status_code == 403
    fresh = client_for(app)
    no_cookie = fresh.post("/login", data={"username": "admin", "password": PASSWORD,
                                           "csrf": csrf_of(client.get("/login").text)},
                           follow_redirects=False)
    assert no_cookie.status_code == 403
