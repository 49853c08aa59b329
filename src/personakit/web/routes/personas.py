"""The gallery, the persona page (poster), editing and a persona's own history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from personakit.access import Permission, audit, web_settings
from personakit.errors import InputError, PersonakitError
from personakit.model import Persona
from personakit.report._tree import section_choices
from personakit.web._charts import share_bar_svg
from personakit.web._context import (
    NotFound,
    Posted,
    RevisionQuery,
    Viewer,
    needs,
    posted,
    workspace,
)
from personakit.web._edit import add_insight, apply_texts, picture_data_uri
from personakit.web._render import render
from personakit.web._views import persona_view

router = APIRouter(include_in_schema=False)
ViewPersonas = Annotated[Viewer, Depends(needs(Permission.VIEW_PERSONAS))]
EditPost = Annotated[Posted, Depends(posted(Permission.EDIT_PERSONAS))]


def load_persona(request: Request, persona_id: str, revision: int | None = None) -> Persona:
    from personakit.track import get_persona

    try:
        return get_persona(workspace(request), persona_id, revision)
    except PersonakitError as exc:
        raise NotFound() from exc


@router.get("/")
def gallery(request: Request, viewer: ViewPersonas) -> Response:
    from personakit.track import current_personas

    ws = workspace(request)
    cards = []
    for persona in current_personas(ws):
        view = persona_view(ws, persona, viewer.lang)
        cards.append({"view": view, "bar": share_bar_svg(persona.share, view.page.share_text)})
    total = sum(c["view"].persona.size for c in cards)  # type: ignore[attr-defined]
    return render(request, "gallery.html", {"cards": cards, "total": total}, viewer=viewer)


@router.get("/personas/{persona_id}")
def persona_page(request: Request, persona_id: str, viewer: ViewPersonas,
                 revision: RevisionQuery = None) -> Response:
    persona = load_persona(request, persona_id, revision)
    view = persona_view(workspace(request), persona, viewer.lang)
    return render(request, "persona.html", {"view": view}, viewer=viewer)


@router.get("/personas/{persona_id}/edit")
def edit_page(request: Request, persona_id: str,
              viewer: Annotated[Viewer, Depends(needs(Permission.EDIT_PERSONAS))]) -> Response:
    persona = load_persona(request, persona_id)
    return _edit_form(request, viewer, persona)


def _edit_form(request: Request, viewer: Viewer, persona: Persona, *,
               error: str | None = None, status: int = 200) -> Response:
    approach = {code: persona.extra.get("approach", {}).get(code, persona.approach)
                for code in ("nl", "en")}
    sections = section_choices(persona, viewer.lang)
    return render(request, "edit.html", {
        "persona": persona, "approach": approach, "sections": sections,
        "titles": dict(sections),
        "error": error, "max_upload_kb": web_settings(workspace(request)).max_upload_bytes
        // 1000}, viewer=viewer, status=status)


def _base(post: Posted) -> int:
    value = post.text("base_revision")
    if not value.isdigit():
        raise InputError("web.error.required", field="base_revision")
    return int(value)


def _save(request: Request, post: Posted, persona_id: str, change: Any,
          action: str) -> Response:
    from personakit.track import ConflictError, save_persona

    ws = workspace(request)
    base = load_persona(request, persona_id, _base(post))
    try:
        edited = change(base)
    except InputError as exc:
        return _edit_form(request, post.viewer, base, error=exc.message(post.viewer.lang),
                          status=400)
    try:
        saved = save_persona(ws, edited, base_revision=base.revision, author=post.viewer.name)
    except ConflictError as exc:
        audit(ws, post.viewer.name, "persona.conflict", persona_id,
              {"base": base.revision, "newest": exc.theirs.revision})
        return render(request, "conflict.html", {
            "mine": persona_view(ws, exc.mine, post.viewer.lang),
            "theirs": persona_view(ws, exc.theirs, post.viewer.lang)},
            viewer=post.viewer, status=409)
    audit(ws, post.viewer.name, action, persona_id, {"revision": saved.revision})
    return RedirectResponse(f"/personas/{persona_id}", status_code=303)


@router.post("/personas/{persona_id}/edit")
def save_texts(request: Request, persona_id: str, post: EditPost) -> Response:
    return _save(request, post, persona_id, lambda p: apply_texts(p, post), "persona.save")


@router.post("/personas/{persona_id}/insight")
def save_insight(request: Request, persona_id: str, post: EditPost) -> Response:
    return _save(request, post, persona_id, lambda p: add_insight(p, post), "persona.insight")


@router.post("/personas/{persona_id}/picture")
def save_picture(request: Request, persona_id: str, post: EditPost) -> Response:
    limit = web_settings(workspace(request)).max_upload_bytes

    def change(persona: Persona) -> Persona:
        if post.form.get("remove") == "on":
            return persona.model_copy(update={"picture": None})
        upload = post.form.get("picture")
        data = upload.file.read(limit + 1) if isinstance(upload, UploadFile) else b""
        return persona.model_copy(update={"picture": picture_data_uri(data, limit)})

    return _save(request, post, persona_id, change, "persona.picture")
