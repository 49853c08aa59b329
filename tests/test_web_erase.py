"""The admin page for erasing one person: confirmation, CSRF, and the person gone after."""

from __future__ import annotations

from fastapi import FastAPI

from personakit.access import audit_entries
from personakit.workspace import Workspace
from tests._webapp import a_customer_key, app, client_for, web_ws

__all__ = ["app", "web_ws"]


def test_admin_erases_a_person(app: FastAPI, web_ws: Workspace) -> None:
    key = a_customer_key(web_ws, 11)
    admin = client_for(app, "admin")
    assert 'href="/admin/erase"' in admin.get("/admin/users").text
    page = admin.get("/admin/erase")
    assert page.status_code == 200 and "cannot be undone" in page.text

    unticked = admin.post("/admin/erase", data={"csrf": admin.csrf, "key": key})
    assert unticked.status_code == 400 and "Tick the box" in unticked.text
    no_token = admin.post("/admin/erase", data={"key": key, "understood": "yes"})
    assert no_token.status_code == 403
    caseworker = client_for(app, "caseworker")
    assert "crm" in caseworker.get(f"/lookup?key={key}").text  # still there

    done = admin.post("/admin/erase", data={"csrf": admin.csrf, "key": key,
                                            "understood": "yes"})
    assert done.status_code == 200, done.text
    assert "Erased (reference" in done.text and key not in done.text
    erased = audit_entries(web_ws, action="person.erased")
    assert [e.actor for e in erased] == ["admin"]
    again = admin.post("/admin/erase", data={"csrf": admin.csrf, "key": key,
                                             "understood": "yes"})
    assert again.status_code == 400 and "Nothing found" in again.text
    after = caseworker.get(f"/lookup?key={key}").text
    assert "crm" not in after  # a running app shows nothing of the person any more


def test_admin_nav_hides_erasure_from_other_roles(app: FastAPI) -> None:
    analyst = client_for(app, "analyst")
    assert 'href="/admin/erase"' not in analyst.get("/").text
    assert analyst.get("/admin/erase").status_code == 403
