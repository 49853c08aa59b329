"""Version history: builds, diffs between builds, and one persona's revisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from personakit.access import Permission
from personakit.errors import PersonakitError
from personakit.web._context import NotFound, NumberQuery, Viewer, needs, workspace
from personakit.web._render import render

router = APIRouter(include_in_schema=False)
ViewVersions = Annotated[Viewer, Depends(needs(Permission.VIEW_VERSIONS))]


@router.get("/versions")
def versions(request: Request, viewer: ViewVersions) -> Response:
    from personakit.track import list_versions

    builds = list(reversed(list_versions(workspace(request))))
    return render(request, "versions.html", {"builds": builds}, viewer=viewer)


@router.get("/versions/diff")
def version_diff(request: Request, viewer: ViewVersions, a: NumberQuery,
                 b: NumberQuery) -> Response:
    from personakit.track import diff_versions

    try:
        diff = diff_versions(workspace(request), min(a, b), max(a, b))
    except PersonakitError as exc:
        raise NotFound() from exc
    return render(request, "version_diff.html", {"diff": diff}, viewer=viewer)


@router.get("/personas/{persona_id}/history")
def history(request: Request, persona_id: str, viewer: ViewVersions) -> Response:
    from personakit.track import revision_changes

    try:
        persona, changes = revision_changes(workspace(request), persona_id, viewer.lang)
    except PersonakitError as exc:
        raise NotFound() from exc
    entries = [{**e.row, "fields": e.fields, "diff": e.diff} for e in changes]
    return render(request, "history.html", {"persona": persona, "entries": entries},
                  viewer=viewer)
