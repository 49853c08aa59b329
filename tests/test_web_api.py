"""The REST API: bearer tokens (401/403), personas, assignment and the audited lookup."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from personakit.access import audit_entries, create_token, revoke_token
from personakit.ingest import linked_frame
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import a_customer_key, app, client_for, web_ws

__all__ = ["app", "web_ws"]


@pytest.fixture(scope="module")
def tokens(web_ws: Workspace) -> dict[str, str]:
    api, _ = create_token(web_ws, "crm", "api")
    case, _ = create_token(web_ws, "desk", "caseworker")
    gone, _ = create_token(web_ws, "old", "api")
    revoke_token(web_ws, "old")
    return {"api": api, "caseworker": case, "revoked": gone}


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("header", [
    None, "Bearer", "Bearer ", "Bearer nonsense", "Basic YWRtaW46YWRtaW4=",
    "Bearer pk_a_" + "A" * 43, "Bearer pk_c_tampered", "bearer pk_x_abc",
])
@pytest.mark.parametrize("path", ["/api/v1/personas", "/api/v1/people/1"])
def test_missing_or_bad_token_is_401(app: FastAPI, header: str | None, path: str) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = client_for(app).get(path, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"] == 401


def test_revoked_token_is_401(app: FastAPI, tokens: dict[str, str]) -> None:
    response = client_for(app).get("/api/v1/personas", headers=_auth(tokens["revoked"]))
    assert response.status_code == 401


def test_scope_cannot_be_raised_by_editing_the_token(app: FastAPI,
                                                     tokens: dict[str, str]) -> None:
    raised = tokens["api"].replace("pk_a_", "pk_c_", 1)
    assert client_for(app).get("/api/v1/people/1", headers=_auth(raised)).status_code == 401


def test_web_session_is_not_an_api_credential(app: FastAPI) -> None:
    admin = client_for(app, "admin")
    assert admin.get("/api/v1/personas").status_code == 401


def test_list_and_get_personas(app: FastAPI, web_ws: Workspace,
                               tokens: dict[str, str]) -> None:
    client = client_for(app)
    listed = client.get("/api/v1/personas", headers=_auth(tokens["api"])).json()
    current = current_personas(web_ws)
    assert [p["id"] for p in listed] == [p.id for p in current]
    assert all(p["size"] > 0 for p in listed)
    one = client.get(f"/api/v1/personas/{current[0].id}", headers=_auth(tokens["api"]))
    assert one.status_code == 200
    assert one.json()["statements"][0]["evidence"]
    missing = client.get("/api/v1/personas/nope", headers=_auth(tokens["api"]))
    assert missing.status_code == 404


def test_assign_one_and_many(app: FastAPI, web_ws: Workspace, tokens: dict[str, str]) -> None:
    linked = linked_frame(web_ws)
    rows = linked.frame.head(25)
    records = [{k: (None if v != v else v) for k, v in r.items()}
               for r in rows.astype(object).to_dict("records")]
    records = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
               for r in records]
    client = client_for(app)
    one = client.post("/api/v1/assign", json={"records": records[:1]},
                      headers=_auth(tokens["api"]))
    assert one.status_code == 200, one.text
    result = one.json()["results"][0]
    assert result["key"] == str(records[0][linked.key])
    assert 0 <= result["confidence"] <= 1 and result["reasons"]
    personas = {p.profile_id: p.id for p in current_personas(web_ws)}
    assert result["persona_id"] == personas.get(result["profile_id"])
    many = client.post("/api/v1/assign?lang=nl", json={"records": records},
                       headers=_auth(tokens["api"]))
    assert many.status_code == 200
    assert len(many.json()["results"]) == 25


@pytest.mark.parametrize("body", [{}, {"records": []}, {"records": "x"}, [1, 2]])
def test_assign_rejects_bad_bodies_with_422(app: FastAPI, tokens: dict[str, str],
                                            body: object) -> None:
    response = client_for(app).post("/api/v1/assign", json=body, headers=_auth(tokens["api"]))
    assert response.status_code == 422


def test_lookup_needs_a_caseworker_token_and_is_audited(
        app: FastAPI, web_ws: Workspace, tokens: dict[str, str]) -> None:
    key = a_customer_key(web_ws, 5)
    client = client_for(app)
    refused = client.get(f"/api/v1/people/{key}", headers=_auth(tokens["api"]))
    assert refused.status_code == 403
    assert not audit_entries(web_ws, action="person.lookup", subject=key)
    found = client.get(f"/api/v1/people/{key}", headers=_auth(tokens["caseworker"]))
    assert found.status_code == 200
    body = found.json()
    assert body["key"] == key and body["found"]
    assert any(s["source"] == "crm" for s in body["sources"])
    assert body["assignment"]["profile_id"]
    entries = audit_entries(web_ws, action="person.lookup", subject=key)
    assert [e.actor for e in entries] == ["token:desk"]
    unknown = client.get("/api/v1/people/no-such-key", headers=_auth(tokens["caseworker"]))
    assert unknown.status_code == 404
    assert audit_entries(web_ws, action="person.lookup", subject="no-such-key")


def test_openapi_is_served_locally(app: FastAPI) -> None:
    client = client_for(app)
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/personas", "/api/v1/personas/{persona_id}", "/api/v1/assign",
            "/api/v1/people/{key}"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "/static/app.js" in docs.text
