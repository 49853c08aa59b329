"""Pages, sessions, language, headers and error pages of the web app."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from personakit.access import audit_entries
from personakit.track import current_personas, list_versions
from personakit.workspace import Workspace
from tests._webapp import PASSWORD, a_customer_key, app, client_for, csrf_of, web_ws

__all__ = ["app", "web_ws"]


def _session_cookie(response: object) -> str:
    header = response.headers["set-cookie"]  # type: ignore[attr-defined]
    return str(header.split("pk_session=", 1)[1].split(";", 1)[0])


def _works(app: FastAPI, session: str) -> bool:
    probe = client_for(app)
    probe.cookies.set("pk_session", session)
    return probe.get("/", follow_redirects=False).status_code == 200


def test_login_sets_a_safe_cookie_rotates_it_and_logout_revokes(app: FastAPI) -> None:
    client = client_for(app)

    def log_in() -> str:
        page = client.get("/login")
        response = client.post("/login", data={"username": "viewer", "password": PASSWORD,
                                               "csrf": csrf_of(page.text)},
                               follow_redirects=False)
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
        return _session_cookie(response)

    first = log_in()
    second = log_in()  # logging in again while logged in: a new id, the old one revoked
    assert first != second and not _works(app, first) and _works(app, second)
    client.post("/logout", data={"csrf": csrf_of(client.get("/").text)})
    assert not _works(app, second)


def test_wrong_password_is_refused_and_audited(app: FastAPI, web_ws: Workspace) -> None:
    client = client_for(app)
    page = client.get("/login")
    response = client.post("/login", data={"username": "viewer", "password": "nope",
                                           "csrf": csrf_of(page.text)})
    assert response.status_code == 401
    assert "wrong" in response.text
    assert audit_entries(web_ws, actor="viewer", action="login.failed")


def test_language_switch_is_stored_per_user(app: FastAPI) -> None:
    client = client_for(app, "editor")
    assert "Personas" in client.get("/").text
    client.post("/language", data={"csrf": client.csrf, "lang": "nl", "next": "/versions"})
    assert 'lang="nl"' in client.get("/").text
    other = client_for(app, "editor")  # a new session of the same user
    assert "Persona&#39;s" in other.get("/").text
    other.post("/language", data={"csrf": other.csrf, "lang": "en", "next": "//evil.example"})
    assert 'lang="en"' in other.get("/").text


def test_security_headers_and_no_store(app: FastAPI) -> None:
    response = client_for(app, "viewer").get("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    for asset in ["/static/app.css", "/static/app.js"]:
        assert client_for(app).get(asset).status_code == 200


def test_error_pages_are_generic(app: FastAPI) -> None:
    client = client_for(app, "viewer")
    missing = client.get("/personas/does-not-exist")
    assert missing.status_code == 404 and "Traceback" not in missing.text
    assert client.get("/nowhere").status_code == 404
    bad = client.get("/personas/x?revision=abc")
    assert bad.status_code == 400 and "Traceback" not in bad.text


def test_unexpected_error_shows_no_traceback(app: FastAPI, web_ws: Workspace,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import personakit.track as track

    def boom(_ws: Workspace) -> None:
        raise RuntimeError("secret internals")

    client = client_for(app, "viewer")
    monkeypatch.setattr(track, "current_personas", boom)
    response = client.get("/")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_persona_page_opens_evidence(app: FastAPI, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    html = client_for(app, "viewer").get(f"/personas/{persona.id}").text
    assert html.count('<details class="statement') == len(persona.statements)
    assert "<svg" in html and "evidence-chart" in html
    first = persona.statements[0].evidence[0]
    assert f"<dd>{first.n}</dd>" in html
    assert persona.quotes[0].source in html


def test_gallery_explorer_versions_and_diff(app: FastAPI, web_ws: Workspace) -> None:
    client = client_for(app, "analyst")
    gallery = client.get("/").text
    for persona in current_personas(web_ws):
        assert persona.name in gallery and str(persona.size) in gallery
    explorer = client.get("/explorer").text
    assert "BIC" in explorer and "Stability" in explorer
    builds = list_versions(web_ws)
    assert f"<th scope=\"row\">{builds[-1].id}</th>" in client.get("/versions").text
    diff = client.get(f"/versions/diff?a={builds[0].id}&b={builds[-1].id}")
    assert diff.status_code == 200
    assert client.get("/versions/diff?a=1&b=999").status_code == 404


def test_lookup_page_shows_the_person_and_is_audited(app: FastAPI, web_ws: Workspace) -> None:
    key = a_customer_key(web_ws, 7)
    client = client_for(app, "caseworker")
    html = client.get(f"/lookup?key={key}").text
    assert "crm" in html and "Confidence" in html and "Approach" in html
    assert audit_entries(web_ws, actor="caseworker", action="person.lookup", subject=key)
    nothing = client.get("/lookup?key=%3Cb%3Enobody").text
    assert "&lt;b&gt;nobody" in nothing and "<b>nobody" not in nothing
    assert audit_entries(web_ws, actor="caseworker", subject="<b>nobody")


def test_admin_manages_users_and_tokens(app: FastAPI, web_ws: Workspace) -> None:
    admin = client_for(app, "admin")
    admin.post("/admin/users", data={"csrf": admin.csrf, "action": "add", "username": "newbie",
                                     "password": "long enough password", "role": "viewer"})
    assert ">newbie<" in admin.get("/admin/users").text
    short = admin.post("/admin/users", data={"csrf": admin.csrf, "action": "add",
                                             "username": "shorty", "password": "x",
                                             "role": "viewer"})
    assert short.status_code == 400
    created = admin.post("/admin/tokens", data={"csrf": admin.csrf, "action": "create",
                                                "name": "crm-web", "scope": "api"})
    assert "pk_a_" in created.text
    admin.post("/admin/tokens", data={"csrf": admin.csrf, "action": "revoke",
                                      "name": "crm-web"})
    audit = admin.get("/admin/audit?action=token").text
    assert "token.create" in audit and "token.revoke" in audit


def test_worker_threads_setting_limits_concurrent_requests(app: FastAPI,
                                                           web_ws: Workspace) -> None:
    from anyio import to_thread

    from personakit.access import web_settings

    with client_for(app) as client:  # entering runs the app's start-up (lifespan)
        assert client.portal is not None
        tokens = client.portal.call(
            lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == web_settings(web_ws).worker_threads == 8
