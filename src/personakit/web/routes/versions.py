"""Version history: builds, diffs between builds, and one persona's revisions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from personakit.access import Permission
from personakit.errors import PersonakitError
from personakit.model import Persona
from personakit.web._context import NotFound, NumberQuery, Viewer, needs, workspace
from personakit.web._render import render
from personakit.web.routes.personas import load_persona

router = APIRouter(include_in_schema=False)
ViewVersions = Annotated[Viewer, Depends(needs(Permission.VIEW_VERSIONS))]
TOP_LEVEL = ("name", "title", "quote", "biography", "approach", "picture")


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


def field_changes(old: Persona, new: Persona, lang: str) -> list[dict[str, Any]]:
    """Top-level texts that differ between two revisions (statements are diffed by track)."""
    changes = []
    for field in TOP_LEVEL:
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append({"field": field, "before": _shown(before, lang),
                            "after": _shown(after, lang)})
    return changes


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        chosen = value.get(lang, value)
        return "; ".join(f"{k}: {v}" for k, v in chosen.items()) \
            if isinstance(chosen, dict) else str(chosen)
    if isinstance(value, str) and value.startswith("data:"):
        return "[picture]"
    return "" if value is None else str(value)


@router.get("/personas/{persona_id}/history")
def history(request: Request, persona_id: str, viewer: ViewVersions) -> Response:
    from personakit.track import diff_personas, persona_history

    ws = workspace(request)
    try:
        rows = persona_history(ws, persona_id)
    except PersonakitError as exc:
        raise NotFound() from exc
    entries = []
    previous: Persona | None = None
    for row in rows:
        current = load_persona(request, persona_id, int(row["revision"]))
        entry = {**row, "fields": [], "diff": None}
        if previous is not None:
            entry["fields"] = field_changes(previous, current, viewer.lang)
            entry["diff"] = diff_personas(previous, current)
        entries.append(entry)
        previous = current
    entries.reverse()
    return render(request, "history.html", {"persona": previous, "entries": entries},
                  viewer=viewer)
