"""The approach per persona in the REST API: ``/api/v1/approach`` and the ``approach`` of
each assigned record, with the same tokens and scopes as the neighbouring routes."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from personakit.access import create_token, revoke_token
from personakit.ingest import linked_frame
from personakit.journey import PersonaTouchpoint, approaches, get_journey, save_journey
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import app, client_for, web_ws

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


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic YWRtaW46YWRtaW4="])
def test_approach_needs_a_token(app: FastAPI, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = client_for(app).get("/api/v1/approach", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_revoked_token_and_web_session_are_refused(app: FastAPI,
                                                  tokens: dict[str, str]) -> None:
    client = client_for(app)
    assert client.get("/api/v1/approach", headers=_auth(tokens["revoked"])).status_code == 401
    assert client_for(app, "admin").get("/api/v1/approach").status_code == 401


@pytest.mark.parametrize("scope", ["api", "caseworker"])
def test_approach_of_every_persona(app: FastAPI, web_ws: Workspace, tokens: dict[str, str],
                                   scope: str) -> None:
    response = client_for(app).get("/api/v1/approach", headers=_auth(tokens[scope]))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [a["persona_id"] for a in body] == [p.id for p in current_personas(web_ws)]
    for item in body:
        assert item["channel"]["nl"] and item["channel"]["en"]
        assert item["tone"]["nl"] and item["tone"]["en"]
        assert item["entry_point"]  # every persona of the sample visits the web shop
    core = [a.model_dump(mode="json") for a in approaches(web_ws)]
    assert body == core


def test_assign_returns_the_approach_with_the_persona(app: FastAPI, web_ws: Workspace,
                                                      tokens: dict[str, str]) -> None:
    linked = linked_frame(web_ws)
    rows = linked.frame.head(5).astype(object).to_dict("records")
    records = [{k: (None if v != v else v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in r.items()} for r in rows]
    response = client_for(app).post("/api/v1/assign", json={"records": records},
                                    headers=_auth(tokens["api"]))
    assert response.status_code == 200, response.text
    ways = {a.persona_id: a.model_dump(mode="json") for a in approaches(web_ws)}
    results = response.json()["results"]
    assert any(r["persona_id"] for r in results)
    for result in results:
        if result["persona_id"] is None:
            assert result["approach"] is None
        else:
            assert result["approach"] == ways[result["persona_id"]]


def test_a_saved_journey_changes_the_approach(app: FastAPI, web_ws: Workspace,
                                              tokens: dict[str, str]) -> None:
    client = client_for(app)
    before = client.get("/api/v1/approach", headers=_auth(tokens["api"])).json()
    persona = before[0]["persona_id"]
    journey = get_journey(web_ws)
    written = PersonaTouchpoint(message={"nl": "Welkom terug", "en": "Welcome back"},
                                author="anna", assumption=True)
    personas = {**journey.personas, persona: {tp.id: written for tp in journey.touchpoints}}
    save_journey(web_ws, journey.model_copy(update={"personas": personas}),
                 base_revision=journey.revision, author="anna")
    after = client.get("/api/v1/approach", headers=_auth(tokens["api"])).json()
    assert before[0]["message"] != written.message  # the cached answer was not reused
    assert after[0]["message"] == {"nl": "Welkom terug", "en": "Welcome back"}
    assert after[1:] == before[1:]


def test_the_route_is_in_the_openapi_document(app: FastAPI) -> None:
    schema = client_for(app).get("/api/v1/openapi.json").json()
    assert "/api/v1/approach" in schema["paths"]
    assigned = schema["components"]["schemas"]["AssignedRecord"]["properties"]
    assert "approach" in assigned
