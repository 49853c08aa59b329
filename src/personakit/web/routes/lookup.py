"""Individual lookup for case workers: one person, their profile, persona and approach."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from personakit.access import Permission, personal_profile
from personakit.web._context import Viewer, needs, workspace
from personakit.web._render import render

router = APIRouter(include_in_schema=False)
MAX_KEY = 200


@router.get("/lookup")
def lookup(request: Request,
           viewer: Annotated[Viewer, Depends(needs(Permission.LOOKUP_PERSON))],
           key: str = "") -> Response:
    key = key.strip()[:MAX_KEY]
    profile = personal_profile(workspace(request), key, viewer.name, lang=viewer.lang) \
        if key else None
    return render(request, "lookup.html", {"key": key, "profile": profile}, viewer=viewer)
