"""REST API for machine clients (``/api/v1``), with bearer tokens. Documented in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from personakit.access import (
    ApiToken,
    Permission,
    PersonalProfile,
    audit,
    personal_profile,
    verify_token,
    web_settings,
)
from personakit.errors import PersonakitError
from personakit.journey import Approach, current_approaches
from personakit.model import Persona
from personakit.track import personas_by_profile
from personakit.web._context import RevisionQuery, workspace
from personakit.web._render import render

router = APIRouter(prefix="/api/v1", tags=["personas"])
Lang = Literal["nl", "en"]
UNAUTHORISED = {"www-authenticate": 'Bearer realm="personakit"'}


def bearer(permission: Permission) -> Any:
    """A dependency: the request's live token, allowed *permission* (401 / 403 otherwise)."""

    def check(request: Request) -> ApiToken:
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        token = verify_token(workspace(request), secret.strip()) \
            if scheme.lower() == "bearer" else None
        if token is None:
            raise HTTPException(401, headers=UNAUTHORISED)
        if not token.allows(permission):
            audit(workspace(request), token.actor, "access.denied", request.url.path,
                  {"permission": permission.value, "scope": token.scope.value})
            raise HTTPException(403)
        return token

    check.permission = permission  # type: ignore[attr-defined]  # the route's rule
    return check


class PersonaSummary(BaseModel):
    """A persona as listed: enough to show it and to fetch it."""

    id: str
    name: str
    title: str
    profile_id: str
    revision: int
    size: int
    share: float


class AssignRequest(BaseModel):
    """Records to assign: one dict per person, column name to value (as in the sources)."""

    records: list[dict[str, Any]] = Field(min_length=1, examples=[[
        {"klantnummer": "1000002", "leeftijd": 76, "product": "Basis"}]])


class AssignedRecord(BaseModel):
    """One record's profile and persona, with how sure and why."""

    key: str
    profile_id: str | None
    profile_name: str | None
    persona_id: str | None
    persona_name: str | None
    confidence: float
    reasons: list[str]
    fits_none: bool
    # How to approach the persona (issue 12): channel, tone, message, call to action, the
    # barrier to remove, entry point and first action, in Dutch and English.
    approach: Approach | None = None


class AssignResponse(BaseModel):
    results: list[AssignedRecord]


@router.get("/personas", response_model=list[PersonaSummary],
            summary="List the current personas")
def list_personas(request: Request,
                  token: Annotated[ApiToken, Depends(bearer(Permission.VIEW_PERSONAS))],
                  lang: Lang | None = None) -> list[PersonaSummary]:
    ws = workspace(request)
    chosen = lang or ws.language
    return [PersonaSummary(id=p.id, name=p.name, title=p.title.get(chosen, ""),
                           profile_id=p.profile_id, revision=p.revision, size=p.size,
                           share=p.share)
            for p in personas_by_profile(ws).values()]


@router.get("/personas/{persona_id}", response_model=Persona,
            summary="One persona with all statements and their evidence")
def get_one(request: Request, persona_id: str,
            token: Annotated[ApiToken, Depends(bearer(Permission.VIEW_PERSONAS))],
            revision: RevisionQuery = None) -> Persona:
    from personakit.track import get_persona

    try:
        return get_persona(workspace(request), persona_id, revision)
    except PersonakitError as exc:
        raise HTTPException(404) from exc


@router.post("/assign", response_model=AssignResponse,
             summary="Assign one or many records to a profile and persona")
def assign(request: Request, body: AssignRequest,
           token: Annotated[ApiToken, Depends(bearer(Permission.ASSIGN))],
           lang: Lang | None = None) -> AssignResponse:
    from personakit.segment import assign_records

    ws = workspace(request)
    if len(body.records) > web_settings(ws).max_assign_records:
        raise HTTPException(413)
    try:
        assigned = assign_records(ws, body.records, lang=lang or ws.language)
    except PersonakitError as exc:
        raise HTTPException(409, detail=exc.message("en")) from exc
    personas = personas_by_profile(ws)
    ways = current_approaches(ws)
    results = []
    for a in assigned:
        persona = personas.get(a.profile_id or "")
        results.append(AssignedRecord(
            key=a.key, profile_id=a.profile_id, profile_name=a.profile_name,
            persona_id=persona.id if persona else None,
            persona_name=persona.name if persona else None, confidence=a.confidence,
            reasons=a.reasons, fits_none=a.fits_none,
            approach=ways.get(persona.id) if persona else None))
    return AssignResponse(results=results)


@router.get("/approach", response_model=list[Approach],
            summary="How to approach each persona: channel, tone, message, CTA, barrier")
def approach_list(request: Request,
                  token: Annotated[ApiToken, Depends(bearer(Permission.VIEW_PERSONAS))]
                  ) -> list[Approach]:
    return list(current_approaches(workspace(request)).values())


@router.get("/people/{key}", response_model=PersonalProfile,
            summary="One person's data, profile and persona (case-worker tokens; audited)")
def person(request: Request, key: str,
           token: Annotated[ApiToken, Depends(bearer(Permission.LOOKUP_PERSON))],
           lang: Lang | None = None) -> PersonalProfile:
    ws = workspace(request)
    profile = personal_profile(ws, key, token.actor, lang=lang or ws.language)
    if not profile.found:
        raise HTTPException(404)
    return profile


docs_router = APIRouter(include_in_schema=False)


@docs_router.get("/docs")
def docs(request: Request) -> Response:
    """A local page over the OpenAPI document (no CDN: Swagger UI is not bundled)."""
    return render(request, "api_docs.html", {})
