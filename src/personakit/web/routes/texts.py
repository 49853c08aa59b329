"""Qualitative evidence (issue 11): the redacted texts, coding them (as Dovetail does), the
themes per persona beside competitors', and, for admins only, the original documents.

Reading needs :attr:`Permission.VIEW_TEXTS`, coding and renaming or merging themes
:attr:`Permission.CODE_TEXTS`; everyone sees the redacted text only. The original document
needs :attr:`Permission.READ_ORIGINALS` (admins) and every reading is audited. A theme
change names the run's revision it started from; when someone saved in between, both
versions are shown (409), as the persona editor does.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from personakit.access import Permission, audit
from personakit.errors import InputError, PersonakitError
from personakit.i18n import LANGUAGES
from personakit.privacy import min_group_size, scrub
from personakit.texts._canvas import competitor_columns, run_for, shown_text, theme_figure
from personakit.texts._codes import (
    CODE_KINDS,
    KEEP,
    THEME_SECTIONS,
    ThemeConflictError,
    add_code,
    browser_offset_to_raw,
    code_segments,
    current_run,
    delete_code,
    edit_code,
    find_texts,
    list_codes,
    list_tags,
    load_items,
    load_original,
    merge_tags,
    merge_themes,
    rename_theme,
    sentences,
    set_theme_section,
    theme_items,
)
from personakit.texts._linking import with_content_links
from personakit.texts._model import TextItem, Theme, ThemeModel
from personakit.web._context import (
    NotFound,
    NumberQuery,
    Posted,
    Viewer,
    needs,
    posted,
    workspace,
)
from personakit.web._render import render

router = APIRouter(include_in_schema=False)
ViewTexts = Annotated[Viewer, Depends(needs(Permission.VIEW_TEXTS))]
CodePost = Annotated[Posted, Depends(posted(Permission.CODE_TEXTS))]
Originals = Annotated[Viewer, Depends(needs(Permission.READ_ORIGINALS))]
PAGE_SIZE = 50  # texts per page of /texts
PREVIEW = 240  # characters of a text shown in the list
FORM_FIELDS = ("start", "end", "kind", "tag", "persona", "sentence")
SNIPPETS = 3  # snippets shown per theme on /themes


def _personas(ws: Any) -> dict[str, str]:
    from personakit.track import current_personas

    return {p.id: p.name for p in current_personas(ws)}


def _shown_name(text: str, lang: str) -> str:
    """A document name as shown: a file named after a person is scrubbed as text is."""
    return scrub(text, lang).text


def item_key(item_id: str) -> str:
    """The text's key in links: a digest of its id, which holds the document's file name
    (and a file may be named after the person interviewed)."""
    return hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:16]


def item_url(item_id: str) -> str:
    return f"/texts/{item_key(item_id)}"


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW else flat[:PREVIEW - 1].rsplit(" ", 1)[0] + "…"


# -- the list ---------------------------------------------------------------------------------

@router.get("/texts")
def texts_page(request: Request, viewer: ViewTexts, persona: str = "", theme: str = "",
               source: str = "", language: str = "", unlinked: str = "",
               page: NumberQuery = 0) -> Response:
    ws = workspace(request)
    run = current_run(ws)
    items = with_content_links(load_items(ws), run)
    themes = {t.id: t for t in run.themes} if run else {}
    chosen = themes.get(theme)
    found = find_texts(items, persona_id=persona or None, theme=chosen,
                       source=source or None, lang=language or None, unlinked=bool(unlinked))
    pages = max((len(found) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 0), pages - 1)
    counts: dict[str, int] = {}
    for code in list_codes(ws):
        counts[code.item_id] = counts.get(code.item_id, 0) + 1
    names = _personas(ws)
    rows = [{"item": i, "url": item_url(i.id), "preview": _preview(i.text),
             "document": _shown_name(i.document, viewer.lang), "codes": counts.get(i.id, 0),
             "persona": names.get(i.persona_id or "", "")}
            for i in found[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]]
    filters = {"persona": persona, "theme": theme if chosen else "", "source": source,
               "language": language, "unlinked": "1" if unlinked else ""}
    return render(request, "texts.html", {
        "rows": rows, "total": len(found), "all": len(items), "page": page, "pages": pages,
        "filters": filters, "query": _query(filters), "personas": names,
        "themes": [(t.id, _label(t, viewer.lang)) for t in themes.values()],
        "sources": sorted({i.source for i in items}),
        "languages": sorted({i.lang for i in items})}, viewer=viewer)


def _query(filters: dict[str, str]) -> str:
    return "&".join(f"{k}={quote(v)}" for k, v in filters.items() if v)


def _label(theme: Theme, lang: str) -> str:
    return theme.label.get(lang) or next(iter(theme.label.values()), "") or ", ".join(
        theme.terms[:3]) or theme.id


# -- one text and its codes -------------------------------------------------------------------

def _item(request: Request, key: str) -> TextItem:
    """The text with link key *key* (or, typed by hand, with id *key*)."""
    items = load_items(workspace(request))
    found = next((i for i in items if item_key(i.id) == key), None) or next(
        (i for i in items if i.id == key), None)
    if found is None:
        raise NotFound()
    return found


def _text_page(request: Request, viewer: Viewer, item: TextItem, *, error: str | None = None,
               status: int = 200, form: dict[str, str] | None = None) -> Response:
    ws = workspace(request)
    codes = list_codes(ws, item_id=item.id)
    run = current_run(ws)
    themes = [(t.id, _label(t, viewer.lang)) for t in (run.themes if run else [])
              if item.id in theme_items(t)]
    names = _personas(ws)
    return render(request, "texts_item.html", {
        "item": item, "document": _shown_name(item.document, viewer.lang),
        "segments": code_segments(item.text, codes), "codes": codes, "kinds": CODE_KINDS,
        "sentences": [(a, b, _preview(item.text[a:b])) for a, b in sentences(item.text)],
        "personas": names, "persona": names.get(item.persona_id or "", ""), "themes": themes,
        "url": item_url(item.id), "error": error, "form": {**dict.fromkeys(FORM_FIELDS, ""),
                                                            **(form or {})},
        "original": f"/admin/texts/{quote(item.source, safe='')}/"
                    f"{quote(item.document, safe='')}" if item.document else ""},
        viewer=viewer, status=status)


@router.get("/texts/{item_id:path}")
def text_page(request: Request, item_id: str, viewer: ViewTexts) -> Response:
    return _text_page(request, viewer, _item(request, item_id))


def _offsets(post: Posted, item: TextItem) -> tuple[int, int]:
    """start/end as the form (or its script) gives them, else the sentence picked."""
    start, end = post.text("start"), post.text("end")
    if start.isdigit() and end.isdigit():
        return (browser_offset_to_raw(item.text, int(start)),
                browser_offset_to_raw(item.text, int(end)))
    first, _, last = post.text("sentence").partition("-")
    if first.isdigit() and last.isdigit():
        return int(first), int(last)
    raise InputError("web.error.required", field="start")


@router.post("/texts/{item_id:path}")
def text_code(request: Request, item_id: str, post: CodePost) -> Response:
    ws = workspace(request)
    item = _item(request, item_id)
    action, actor = post.text("action") or "add", post.viewer.name
    try:
        if action == "add":
            start, end = _offsets(post, item)
            add_code(ws, item.id, start, end, post.text("kind"), tag=post.text("tag") or None,
                     persona_id=post.text("persona") or None, actor=actor)
        elif action == "edit":
            base = post.text("base_revision")
            edit_code(ws, post.text("code"), actor=actor, kind=post.text("kind") or None,
                      tag=post.text("tag") or None if "tag" in post.form else KEEP,
                      base_revision=int(base) if base.isdigit() else None)
        elif action == "delete":
            delete_code(ws, post.text("code"), actor=actor)
        else:
            raise InputError("web.error.required", field="action")
    except PersonakitError as exc:
        form = {k: post.text(k) for k in FORM_FIELDS}
        return _text_page(request, post.viewer, item, error=exc.message(post.viewer.lang),
                          status=409 if "conflict" in exc.key else 400, form=form)
    return RedirectResponse(item_url(item.id) + "#codes", status_code=303)


# -- themes -----------------------------------------------------------------------------------

def _theme_rows(run: ThemeModel, personas: list[Any], minimum: int,
                lang: str) -> list[dict[str, Any]]:
    rows = []
    for theme in run.themes:
        shares = []
        for persona in personas:
            share = next((s for s in theme.shares if s.profile_id == persona.profile_id
                          or s.persona_id == persona.id), None)
            figure = theme_figure(theme, share, minimum, run.id) if share else None
            shares.append({"persona": persona, "figure": figure,
                           "texts": share.texts if share else 0})
        rows.append({"theme": theme, "label": _label(theme, lang), "shares": shares,
                     "section": theme.section or "", "snippets": _snippets(theme, lang)})
    return rows


def _snippets(theme: Theme, lang: str) -> list[tuple[str, str]]:
    """Up to three of the theme's snippets as they may be shown (the quote rules: never
    one that names someone or carries an identifier)."""
    shown = []
    for snippet in theme.snippets:
        text = shown_text(snippet.text, lang)
        if text is not None:
            shown.append((text, snippet.source))
        if len(shown) >= SNIPPETS:
            break
    return shown


def _themes_page(request: Request, viewer: Viewer, *, error: str | None = None,
                 status: int = 200) -> Response:
    from personakit.track import current_personas

    ws = workspace(request)
    run = current_run(ws)
    personas = current_personas(ws)
    minimum = min_group_size(ws)
    items = {i.id: i for i in load_items(ws)} if run else {}
    if run is not None:  # shares per profile of the current personas
        run = run_for(run, items, [p.profile_id for p in personas])
    return render(request, "themes.html", {
        "run": run, "rows": _theme_rows(run, personas, minimum, viewer.lang) if run else [],
        "personas": personas, "min_group": minimum, "sections": THEME_SECTIONS,
        "columns": competitor_columns(run, items, minimum) if run else [],
        "languages": LANGUAGES, "tags": list_tags(ws), "error": error}, viewer=viewer,
        status=status)


@router.get("/themes")
def themes_page(request: Request, viewer: ViewTexts) -> Response:
    return _themes_page(request, viewer)


def _base(post: Posted) -> int:
    value = post.text("base_revision")
    if not value.isdigit():
        raise InputError("web.error.required", field="base_revision")
    return int(value)


def _labels(post: Posted) -> dict[str, str]:
    return {lang: post.text(f"label_{lang}") for lang in LANGUAGES}


@router.post("/themes")
def themes_change(request: Request, post: CodePost) -> Response:
    ws = workspace(request)
    action, actor, run_id = post.text("action"), post.viewer.name, post.text("run")
    try:
        base = _base(post)
        if action == "rename":
            rename_theme(ws, run_id, post.text("theme"), _labels(post), actor,
                         base_revision=base)
        elif action == "section":
            set_theme_section(ws, run_id, post.text("theme"), post.text("section") or None,
                              actor, base_revision=base)
        elif action == "merge":
            chosen = [v for v in post.form.getlist("merge") if isinstance(v, str)]
            merge_themes(ws, run_id, chosen, _labels(post), actor, base_revision=base)
        else:
            raise InputError("web.error.required", field="action")
    except ThemeConflictError as exc:
        audit(ws, actor, "texts.theme.conflict", run_id,
              {"base": exc.mine.revision, "newest": exc.theirs.revision})
        return render(request, "themes_conflict.html", {
            "mine": exc.mine, "theirs": exc.theirs}, viewer=post.viewer, status=409)
    except PersonakitError as exc:
        return _themes_page(request, post.viewer, error=exc.message(post.viewer.lang),
                            status=400)
    return RedirectResponse("/themes", status_code=303)


@router.post("/tags")
def tags_change(request: Request, post: CodePost) -> Response:
    """Rename one tag, or merge several into one: a new revision of every code carrying
    them (``texts.merge_tags``), audited."""
    ws = workspace(request)
    chosen = [v for v in post.form.getlist("tag") if isinstance(v, str) and v.strip()]
    try:
        if post.text("action") not in ("rename", "merge") or not chosen:
            raise InputError("web.error.required", field="tag")
        merge_tags(ws, chosen, post.text("into"), actor=post.viewer.name)
    except PersonakitError as exc:
        return _themes_page(request, post.viewer, error=exc.message(post.viewer.lang),
                            status=400)
    return RedirectResponse("/themes#tags", status_code=303)


# -- the original document (admins) -----------------------------------------------------------

@router.get("/admin/texts/{source}/{document:path}")
def original_page(request: Request, source: str, document: str,
                  viewer: Originals) -> Response:
    ws = workspace(request)
    text = load_original(ws, source, document)
    if text is None:
        raise NotFound()
    # Reading personal data is audited like looking up a person.
    audit(ws, viewer.name, "texts.original.view", f"{source}/{document}")
    return render(request, "texts_original.html", {
        "source": source, "document": document, "text": text}, viewer=viewer)
