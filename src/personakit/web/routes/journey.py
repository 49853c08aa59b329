"""The customer journey (issue 12): the map of all personas, one persona's journey with its
touchpoint entries, where to act and the evidence, and the editor of those entries.

Reading needs :attr:`Permission.VIEW_PERSONAS`; editing :attr:`Permission.EDIT_PERSONAS`.
An edit is saved as a new revision of the journey from the revision the editor started from
(``base_revision``); when someone saved in between, both versions are shown, as the persona
editor does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from personakit.access import Permission, audit
from personakit.errors import InputError, PersonakitError
from personakit.i18n import LANGUAGES
from personakit.journey import Journey, PersonaTouchpoint
from personakit.report._journeymap import (
    ENTRY_FIELDS,
    JourneyMap,
    MapEntry,
    channel_label,
    heading,
    journey_inputs,
    journey_map,
    map_entry,
    touchpoint_label,
)
from personakit.report._journeysvg import journeymap_svg
from personakit.web._context import NotFound, Posted, Viewer, needs, posted, workspace
from personakit.web._render import render

router = APIRouter(include_in_schema=False)
ViewPersonas = Annotated[Viewer, Depends(needs(Permission.VIEW_PERSONAS))]
EditPersonas = Annotated[Viewer, Depends(needs(Permission.EDIT_PERSONAS))]
EditPost = Annotated[Posted, Depends(posted(Permission.EDIT_PERSONAS))]
MAX_ENTRY_TEXT = 2000


@dataclass
class Loaded:
    """The journey as defined, as shown (entries drafted where nobody wrote one), its map."""

    defined: Journey
    journey: Journey
    map: JourneyMap
    names: dict[str, str]


_LOADED: dict[tuple[str, str, str | None], tuple[tuple[object, ...], Loaded | None]] = {}
_LOAD_LOCK = threading.Lock()


def _load(request: Request, lang: str, name: str | None = None) -> Loaded | None:
    """The journey, its funnel and map, computed again only when the personas, a journey or
    the data changed: the funnel reads the whole analytics export (0.75 s for the sample
    organisation's 57,000 events, benchmarks/bench_journey.py), too slow for every page."""
    from personakit.journey._approach import approach_stamp

    ws = workspace(request)
    key = (str(ws.root), lang, name)
    stamp = approach_stamp(ws)
    hit = _LOADED.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    with _LOAD_LOCK:  # one computation at a time; the others wait for its result
        hit = _LOADED.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        loaded = _compute(ws, lang, name)
        _LOADED[key] = (stamp, loaded)
        return loaded


def _compute(ws: Any, lang: str, name: str | None) -> Loaded | None:
    from personakit.track import current_personas

    names = {p.id: p.name for p in current_personas(ws)}
    found = journey_inputs(ws, lang, name)
    if found is None:
        return None
    jmap = journey_map(found.journey, found.report, found.actions, lang, names=names,
                       problem=found.problem)
    return Loaded(found.defined, found.journey, jmap, names)


def _persona(request: Request, lang: str, persona_id: str) -> Loaded:
    loaded = _load(request, lang)
    if loaded is None or persona_id not in loaded.names:
        raise NotFound()
    return loaded


@router.get("/journey")
def journey_page(request: Request, viewer: ViewPersonas) -> Response:
    loaded = _load(request, viewer.lang)
    context: dict[str, Any] = {"jmap": None, "svg": ""}
    if loaded is not None:
        context = {"jmap": loaded.map,
                   "svg": journeymap_svg(loaded.map, viewer.lang, link="/journey/")}
    return render(request, "journey.html", context, viewer=viewer)


@router.get("/journey/{persona_id}")
def journey_persona_page(request: Request, persona_id: str, viewer: ViewPersonas) -> Response:
    loaded = _persona(request, viewer.lang, persona_id)
    row = loaded.map.row(persona_id)
    svg = journeymap_svg(loaded.map, viewer.lang, persona_id=persona_id) if row else ""
    return render(request, "journey_persona.html", {
        "jmap": loaded.map, "row": row, "svg": svg, "persona_id": persona_id,
        "name": loaded.names[persona_id], "fields": ENTRY_FIELDS}, viewer=viewer)


# -- the editor ------------------------------------------------------------------------------

def _form_rows(journey: Journey, persona_id: str, lang: str) -> list[dict[str, Any]]:
    """Per touchpoint its heading (label, stage when it says more, channel) and the
    persona's entry (or an empty one)."""
    entries = journey.personas.get(persona_id, {})
    stages = {s.id: s.label.get(lang) or s.id for s in journey.stages}
    rows = []
    for i, tp in enumerate(journey.touchpoints):
        label = heading(touchpoint_label(tp, lang))
        stage = heading(stages.get(tp.stage, tp.stage))
        rows.append({"index": i, "label": label, "channel": channel_label(tp.channel, lang),
                     "stage": "" if stage.lower() == label.lower() else stage,
                     "entry": entries.get(tp.id) or PersonaTouchpoint(assumption=True)})
    return rows


def _edit_form(request: Request, viewer: Viewer, loaded: Loaded, persona_id: str, *,
               error: str | None = None, status: int = 200) -> Response:
    return render(request, "journey_edit.html", {
        "journey": loaded.journey, "persona_id": persona_id, "name": loaded.names[persona_id],
        "rows": _form_rows(loaded.journey, persona_id, viewer.lang), "fields": ENTRY_FIELDS,
        "languages": LANGUAGES, "error": error}, viewer=viewer, status=status)


@router.get("/journey/{persona_id}/edit")
def journey_edit_page(request: Request, persona_id: str, viewer: EditPersonas) -> Response:
    return _edit_form(request, viewer, _persona(request, viewer.lang, persona_id), persona_id)


def _given(post: Posted, name: str) -> str:
    value = post.text(name)
    if len(value) > MAX_ENTRY_TEXT:
        raise InputError("web.error.too_long", field=name, limit=MAX_ENTRY_TEXT)
    return value


def _edited(entry: PersonaTouchpoint | None, post: Posted, index: int) -> PersonaTouchpoint | None:
    """The entry of touchpoint *index* as the form has it; ``None`` when emptied, *entry*
    itself when nothing changed or the form did not send it. An edited entry is the
    editor's, and an assumption when they say so or nothing backs it."""
    names = [f"tp{index}_{f}_{code}" for f in ENTRY_FIELDS for code in LANGUAGES]
    if not any(name in post.form for name in names):
        return entry  # the form did not send this touchpoint: left as it was
    base = entry or PersonaTouchpoint()
    before = {f: {code: getattr(base, f).get(code, "") for code in LANGUAGES}
              for f in ENTRY_FIELDS}
    texts = {f: {code: _given(post, f"tp{index}_{f}_{code}") if f"tp{index}_{f}_{code}"
                 in post.form else before[f][code] for code in LANGUAGES}
             for f in ENTRY_FIELDS}
    assumption = post.form.get(f"tp{index}_assumption") == "on"
    if not any(v for field in texts.values() for v in field.values()):
        return None
    if entry is not None and texts == before and assumption == entry.assumption:
        return entry
    cleaned = {f: {code: v for code, v in texts[f].items() if v} for f in ENTRY_FIELDS}
    return base.model_copy(update={**cleaned, "author": post.viewer.name,
                                   "assumption": assumption or not base.evidence})


def apply_entries(shown: Journey, stored: Journey, persona_id: str, post: Posted) -> Journey:
    """*stored* (the base revision) with the persona's entries as the form has them; the
    form was filled from *shown* (drafts included), so an untouched draft stays unsaved."""
    shown_entries = shown.personas.get(persona_id, {})
    entries = dict(stored.personas.get(persona_id, {}))
    for index, touchpoint in enumerate(stored.touchpoints):
        was = shown_entries.get(touchpoint.id)
        now = _edited(was, post, index)
        if now is was:
            continue
        if now is None:
            entries.pop(touchpoint.id, None)
        else:
            entries[touchpoint.id] = now
    personas = {**stored.personas, persona_id: entries}
    if not entries:
        personas.pop(persona_id)
    return stored.model_copy(update={"personas": personas})


def _base(post: Posted) -> int:
    value = post.text("base_revision")
    if not value.isdigit():
        raise InputError("web.error.required", field="base_revision")
    return int(value)


def _stored(ws: Any, loaded: Loaded, base: int) -> tuple[Journey, Journey]:
    """The journey at revision *base* as stored, and as the form showed it. Revision 0 is
    a journey never saved (configured, or drafted from the data)."""
    from personakit.journey import get_journey

    if base == loaded.defined.revision:
        return loaded.defined, loaded.journey
    if base == 0:  # saved since: the save below is a conflict
        return loaded.defined, loaded.defined
    stored = get_journey(ws, loaded.defined.name, revision=base)
    return stored, stored


@router.post("/journey/{persona_id}/edit")
def journey_save(request: Request, persona_id: str, post: EditPost) -> Response:
    from personakit.journey import JourneyConflictError, save_journey

    ws = workspace(request)
    lang = post.viewer.lang
    loaded = _load(request, lang, post.text("journey") or None)
    if loaded is None or persona_id not in loaded.names:
        raise NotFound()
    try:
        base = _base(post)
        stored, shown = _stored(ws, loaded, base)
        mine = apply_entries(shown, stored, persona_id, post)
        saved = save_journey(ws, mine, base_revision=base, author=post.viewer.name)
    except JourneyConflictError as exc:
        audit(ws, post.viewer.name, "journey.conflict", f"{exc.mine.name}:{persona_id}",
              {"base": exc.mine.revision, "newest": exc.theirs.revision})
        return _conflict(request, post.viewer, exc.mine, exc.theirs, persona_id, loaded)
    except PersonakitError as exc:
        return _edit_form(request, post.viewer, loaded, persona_id,
                          error=exc.message(lang), status=400)
    audit(ws, post.viewer.name, "journey.save", f"{saved.name}:{persona_id}",
          {"revision": saved.revision})
    return RedirectResponse(f"/journey/{persona_id}", status_code=303)


def _entries_view(journey: Journey, persona_id: str, lang: str) -> list[dict[str, Any]]:
    entries = journey.personas.get(persona_id, {})
    return [{"label": touchpoint_label(tp, lang), "entry": map_entry(entries.get(tp.id), lang)
             or MapEntry()} for tp in journey.touchpoints]


def _conflict(request: Request, viewer: Viewer, mine: Journey, theirs: Journey,
              persona_id: str, loaded: Loaded) -> Response:
    return render(request, "journey_conflict.html", {
        "persona_id": persona_id, "name": loaded.names[persona_id], "base": mine.revision,
        "newest": theirs.revision, "author": theirs.author or "-", "fields": ENTRY_FIELDS,
        "mine": _entries_view(mine, persona_id, viewer.lang),
        "theirs": _entries_view(theirs, persona_id, viewer.lang)}, viewer=viewer, status=409)
