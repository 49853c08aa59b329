"""Every role × every action: allowed pages work, the rest is 403 (and audited)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from personakit.access import audit_entries
from personakit.texts import TextItem
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._textsdata import RUN_ID, make_items, make_run, store_run
from tests._webapp import ROLES, RoleClient, a_customer_key, app, client_for, web_ws

__all__ = ["app", "web_ws"]

ALLOWED: dict[str, set[str]] = {
    "gallery": set(ROLES),
    "persona": set(ROLES),
    "edit_page": {"admin", "analyst", "editor"},
    "edit_save": {"admin", "analyst", "editor"},
    "explorer": {"admin", "analyst"},
    "versions": {"admin", "analyst", "editor", "viewer"},
    "history": {"admin", "analyst", "editor", "viewer"},
    "lookup": {"admin", "caseworker"},
    "admin_users": {"admin"},
    "admin_tokens": {"admin"},
    "admin_audit": {"admin"},
    "admin_erase": {"admin"},
    "erase_post": {"admin"},
    "token_create": {"admin"},
    # Issue 13: validation rounds (analysts), steering (read by all but case workers, acted
    # on by analysts).
    "validate": {"admin", "analyst"},
    "validate_round": {"admin", "analyst"},
    "validate_start": {"admin", "analyst"},
    "validate_links": {"admin", "analyst"},
    "validate_close": {"admin", "analyst"},
    "steer": {"admin", "analyst", "editor", "viewer"},
    "steer_drift": {"admin", "analyst", "editor", "viewer"},
    "steer_kpi": {"admin", "analyst", "editor", "viewer"},
    "steer_persona": {"admin", "analyst", "editor", "viewer"},
    "steer_check_run": {"admin", "analyst"},
    "steer_review": {"admin", "analyst"},
    "steer_plan": {"admin", "analyst"},
    # Issue 12: the customer journey, seen with the personas, edited by who edits them.
    "journey": set(ROLES),
    "journey_persona": set(ROLES),
    "journey_edit_page": {"admin", "analyst", "editor"},
    "journey_save": {"admin", "analyst", "editor"},
    # Issue 11: the redacted texts and themes, read by all but case workers, coded by who
    # edits personas; the original documents for admins only.
    "texts": {"admin", "analyst", "editor", "viewer"},
    "text_item": {"admin", "analyst", "editor", "viewer"},
    "text_code": {"admin", "analyst", "editor"},
    "themes": {"admin", "analyst", "editor", "viewer"},
    "themes_change": {"admin", "analyst", "editor"},
    "texts_original": {"admin"},
}
TEXTS = {"texts", "text_item", "text_code", "themes", "themes_change", "texts_original"}
STEERING = {"validate", "validate_round", "validate_start", "validate_links", "validate_close",
            "steer", "steer_drift", "steer_kpi", "steer_persona", "steer_check_run",
            "steer_review", "steer_plan"}


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> dict[str, RoleClient]:
    return {role: client_for(app, role) for role in ROLES}


@pytest.fixture(scope="module", autouse=True)
def texts(web_ws: Workspace) -> Iterator[list[TextItem]]:
    """Texts of the first two personas and a theme run (tests/_textsdata.py)."""
    personas = current_personas(web_ws)
    links = [(p.id, p.profile_id) for p in personas[:2]]
    items = make_items(links)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("personakit.texts.text_items", lambda ws, **_: items)
        patch.setattr("personakit.texts.original_text", lambda ws, source, document: "x",
                      raising=False)
        store_run(web_ws, make_run(items, links))
        yield items


def _texts(c: RoleClient, action: str, ws: Workspace, items: list[TextItem]) -> int:
    from urllib.parse import quote

    from personakit.texts import run_history

    item = items[0]
    from personakit.web.routes.texts import item_url

    url = item_url(item.id)
    gets = {"texts": "/texts", "text_item": url, "themes": "/themes",
            "texts_original": f"/admin/texts/{item.source}/{quote(item.document)}"}
    if action in gets:
        return int(c.get(gets[action], follow_redirects=False).status_code)
    if action == "text_code":
        form = {"csrf": c.csrf, "action": "add", "start": "0", "end": "4", "kind": "goal"}
        return int(c.post(url, data=form, follow_redirects=False).status_code)
    base = run_history(ws, RUN_ID)[-1].revision
    form = {"csrf": c.csrf, "action": "rename", "run": RUN_ID, "theme": "t-app",
            "label_nl": f"app {c.csrf[:6]}", "base_revision": str(base)}
    return int(c.post("/themes", data=form, follow_redirects=False).status_code)


def _open_round(ws: Workspace) -> str:
    from personakit.validate import list_rounds, start_round

    found = [r for r in list_rounds(ws) if r.accepting()]
    return found[0].id if found else start_round(ws, title="permissions", actor="test").id


def _check_id(ws: Workspace) -> int:
    from personakit.steer import check_drift, list_drift_checks

    found = list_drift_checks(ws, limit=1)
    return int(found[0].id if found else check_drift(ws, actor="test").id)  # type: ignore[arg-type]


def _steering(c: RoleClient, action: str, ws: Workspace, pid: str) -> int:
    """Validation and steering pages; a refused or failing core call on an allowed page
    still shows that page (400), which counts as allowed here: the role got through."""
    gets = {"validate": "/validate", "validate_round": f"/validate/{_open_round(ws)}",
            "steer": "/steer", "steer_drift": f"/steer/drift/{_check_id(ws)}",
            "steer_kpi": "/steer/kpi", "steer_persona": f"/steer/kpi/{pid}"}
    if action in gets:
        return int(c.get(gets[action], follow_redirects=False).status_code)
    posts = {
        "validate_start": ("/validate", {"title": "from the matrix"}),
        "validate_links": (f"/validate/{_open_round(ws)}/links", {"count": "1"}),
        "validate_close": (f"/validate/{_open_round(ws)}/close", {}),
        "steer_check_run": ("/steer/drift", {}),
        "steer_review": (f"/steer/drift/{_check_id(ws)}/review", {"decision": "nonsense"}),
        "steer_plan": (f"/steer/kpi/{pid}/plan", {"kpi": "-", "target": "1", "action": "x"}),
    }
    path, form = posts[action]
    status = int(c.post(path, data={"csrf": c.csrf, **form}, follow_redirects=False)
                 .status_code)
    return 200 if status == 400 else status


def _journey(c: RoleClient, action: str, ws: Workspace, pid: str) -> int:
    from personakit.journey import get_journey

    gets = {"journey": "/journey", "journey_persona": f"/journey/{pid}",
            "journey_edit_page": f"/journey/{pid}/edit"}
    if action in gets:
        return int(c.get(gets[action], follow_redirects=False).status_code)
    form = {"csrf": c.csrf, "base_revision": str(get_journey(ws).revision),
            "tp0_tone_en": f"tone by {c.csrf[:6]}"}
    return int(c.post(f"/journey/{pid}/edit", data=form, follow_redirects=False).status_code)


def _do(c: RoleClient, action: str, ws: Workspace, role: str,
        items: list[TextItem] | None = None) -> int:
    persona = current_personas(ws)[0]
    pid = persona.id
    if action in STEERING:
        return _steering(c, action, ws, pid)
    if action in TEXTS:
        return _texts(c, action, ws, items or [])
    gets = {
        "gallery": "/", "persona": f"/personas/{pid}", "edit_page": f"/personas/{pid}/edit",
        "explorer": "/explorer", "versions": "/versions", "history": f"/personas/{pid}/history",
        "lookup": f"/lookup?key={a_customer_key(ws)}", "admin_users": "/admin/users",
        "admin_tokens": "/admin/tokens", "admin_audit": "/admin/audit",
        "admin_erase": "/admin/erase",
    }
    if action in gets:
        return int(c.get(gets[action], follow_redirects=False).status_code)
    if action.startswith("journey"):
        return _journey(c, action, ws, pid)
    if action == "edit_save":
        form = {"csrf": c.csrf, "base_revision": str(persona.revision),
                "name": persona.name, "quote_en": f"edited by {role}"}
        return int(c.post(f"/personas/{pid}/edit", data=form,
                          follow_redirects=False).status_code)
    if action == "erase_post":
        # a key that exists nowhere: allowed roles get the form back with "nothing found"
        form = {"csrf": c.csrf, "key": f"nobody-{role}", "understood": "yes"}
        status = int(c.post("/admin/erase", data=form, follow_redirects=False).status_code)
        return 200 if status == 400 else status
    form = {"csrf": c.csrf, "action": "create", "name": f"tok-{role}"}
    return int(c.post("/admin/tokens", data=form, follow_redirects=False).status_code)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_role_action(clients: dict[str, RoleClient], web_ws: Workspace, role: str,
                     action: str, texts: list[TextItem]) -> None:
    status = _do(clients[role], action, web_ws, role, texts)
    if role in ALLOWED[action]:
        assert status in (200, 303), (role, action, status)
    else:
        assert status == 403, (role, action, status)


def test_viewer_asking_for_a_person_by_url_is_refused_and_audited(
        clients: dict[str, RoleClient], web_ws: Workspace) -> None:
    key = a_customer_key(web_ws, 3)
    response = clients["viewer"].get(f"/lookup?key={key}")
    assert response.status_code == 403
    assert key not in response.text
    denied = audit_entries(web_ws, actor="viewer", action="access.denied")
    assert any(e.detail.get("permission") == "person.lookup" for e in denied)
    assert not audit_entries(web_ws, actor="viewer", action="person.lookup", subject=key)


@pytest.mark.parametrize("path", ["/", "/personas/x", "/explorer", "/versions", "/lookup",
                                  "/admin/users", "/admin/audit", "/validate", "/validate/x",
                                  "/steer", "/steer/kpi", "/steer/kpi/x", "/steer/drift/1",
                                  "/journey", "/journey/x", "/journey/x/edit", "/texts",
                                  "/texts/x:y", "/themes", "/admin/texts/x/y"])
def test_anonymous_is_sent_to_login(app: FastAPI, path: str) -> None:
    response = client_for(app).get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_navigation_shows_only_what_the_role_may_use(clients: dict[str, RoleClient]) -> None:
    viewer = clients["viewer"].get("/").text
    assert 'href="/lookup"' not in viewer and 'href="/admin/users"' not in viewer
    caseworker = clients["caseworker"].get("/").text
    assert 'href="/lookup"' in caseworker and 'href="/explorer"' not in caseworker
    assert 'href="/validate"' not in viewer and 'href="/steer"' in viewer
    assert 'href="/validate"' not in caseworker and 'href="/steer"' not in caseworker
    assert 'href="/journey"' in viewer and 'href="/journey"' in caseworker
    analyst = clients["analyst"].get("/").text
    assert 'href="/validate"' in analyst and 'href="/steer"' in analyst
    assert 'href="/texts"' in viewer and 'href="/texts"' in analyst
    assert 'href="/texts"' not in caseworker


def test_the_questionnaire_needs_no_account_but_nothing_else_opens(app: FastAPI) -> None:
    anonymous = client_for(app)
    assert anonymous.get("/r/not-a-token", follow_redirects=False).status_code == 404
    refused = anonymous.post("/validate", data={"title": "x"}, follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"] == "/login"
    refused = anonymous.post("/steer/drift", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"] == "/login"
