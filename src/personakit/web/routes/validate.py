"""Validation rounds (issue 13): the public questionnaire and the analyst's pages.

``/r/{token}`` is the only page of the app that needs no account: the signed link token is
the secret (there is no session, so no CSRF token; a POST is taken only with the same token
in its form as in its path). It is rate-limited per client address, never cached, and
shows personas only (aggregates). Everything under ``/validate`` needs
:attr:`Permission.VALIDATE`.
"""

from __future__ import annotations

import hmac
import threading
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from personakit.access import Permission, web_settings
from personakit.errors import InputError, PersonakitError
from personakit.i18n import t
from personakit.validate import (
    QUESTIONS,
    ConstructScore,
    LinkError,
    OpenLink,
    applied_comments,
    apply_comment,
    close_round,
    data_checks,
    get_round,
    list_rounds,
    make_links,
    open_link,
    start_round,
    submit_answers,
    summarise_round,
    validate_settings,
)
from personakit.web._context import (
    NotFound,
    NumberQuery,
    Posted,
    Viewer,
    anonymous_lang,
    needs,
    posted,
    workspace,
)
from personakit.web._ratelimit import SlidingWindow
from personakit.web._render import render
from personakit.web._views import persona_view

router = APIRouter(include_in_schema=False)
Analyst = Annotated[Viewer, Depends(needs(Permission.VALIDATE))]
AnalystPost = Annotated[Posted, Depends(posted(Permission.VALIDATE))]

# What a link that cannot be used answers: never "this round does not exist" (404 covers a
# malformed token, a wrong signature and an unknown link alike).
LINK_STATUS = {"invalid": 404, "expired": 410, "closed": 410, "used": 409}
PUBLIC_HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer",
                  "x-robots-tag": "noindex, nofollow"}
ANSWER_PREFIX = "a."
_LIMITER_LOCK = threading.Lock()
SEED = [q for q in QUESTIONS if q.group == "seed"]
PPS = [q for q in QUESTIONS if q.group == "pps"]


# -- the public questionnaire -------------------------------------------------------------

def _limiter(request: Request) -> SlidingWindow:
    """One window per app (so two apps in one process never share counts)."""
    state = request.app.state
    with _LIMITER_LOCK:
        found = getattr(state, "questionnaire_limiter", None)
        if found is None:
            found = SlidingWindow()
            state.questionnaire_limiter = found
    assert isinstance(found, SlidingWindow)
    return found


def _public(request: Request, template: str, context: dict[str, Any], *,
            status: int = 200) -> Response:
    lang = anonymous_lang(request)
    response = render(request, template, {"switch_path": request.url.path, **context},
                      status=status, lang=lang)
    response.headers.update(PUBLIC_HEADERS)
    return response


def _message(request: Request, message: str, status: int) -> Response:
    return _public(request, "questionnaire_error.html", {"message": message, "status": status},
                   status=status)


def _rate_limited(request: Request) -> Response | None:
    """The 429 page when this client address is over the limit, else ``None``."""
    host = request.client.host if request.client else "-"
    limit = validate_settings(workspace(request)).rate_limit_per_minute
    if _limiter(request).allow(host, limit):
        return None
    response = _message(request, t("validate.error.link_rate", anonymous_lang(request)), 429)
    response.headers["retry-after"] = "60"
    return response


def _link_error(request: Request, exc: LinkError) -> Response:
    return _message(request, exc.message(anonymous_lang(request)),
                    LINK_STATUS.get(exc.reason, 404))


def _form_page(request: Request, token: str, link: OpenLink, *, error: str | None = None,
               given: dict[str, dict[str, str]] | None = None, status: int = 200) -> Response:
    ws, lang = workspace(request), anonymous_lang(request)
    views = [persona_view(ws, persona, lang) for persona in link.personas]
    return _public(request, "questionnaire.html", {
        "token": token, "link": link, "views": views, "seed": SEED, "pps": PPS,
        "error": error, "given": given or {}}, status=status)


@router.get("/r/{token}")
def questionnaire(request: Request, token: str) -> Response:
    refused = _rate_limited(request)
    if refused is not None:
        return refused
    try:
        link = open_link(workspace(request), token)
    except LinkError as exc:
        return _link_error(request, exc)
    return _form_page(request, token, link)


def answers_of(form: FormData) -> dict[str, dict[str, str]]:
    """``a.<persona>.<question>`` fields as answers per persona (the core checks them)."""
    answers: dict[str, dict[str, str]] = {}
    for name, value in form.multi_items():
        if not name.startswith(ANSWER_PREFIX) or not isinstance(value, str):
            continue
        persona_id, _, question = name[len(ANSWER_PREFIX):].rpartition(".")
        if persona_id and question:
            answers.setdefault(persona_id, {})[question] = value
    return answers


def _same_token(given: object, token: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode("utf-8"),
                                                          token.encode("utf-8"))


def _submit(request: Request, token: str, form: FormData) -> Response:
    ws, lang = workspace(request), anonymous_lang(request)
    if not _same_token(form.get("token"), token):
        return _message(request, t("web.validate.q.mismatch", lang), 403)
    answers = answers_of(form)
    try:
        submit_answers(ws, token, answers, lang=lang)
    except LinkError as exc:
        return _link_error(request, exc)
    except InputError as exc:
        try:
            link = open_link(ws, token)
        except LinkError as again:
            return _link_error(request, again)
        return _form_page(request, token, link, error=exc.message(lang), given=answers,
                          status=400)
    return _public(request, "questionnaire_done.html", {"switch_path": ""})


@router.post("/r/{token}")
async def questionnaire_answer(request: Request, token: str) -> Response:
    refused = _rate_limited(request)
    if refused is not None:
        return refused
    try:
        form = await request.form(max_files=0, max_fields=2_000,
                                  max_part_size=web_settings(workspace(request)).max_body_bytes)
    except Exception:  # noqa: BLE001 - a malformed body: nothing to store
        return _message(request, t("web.error.400", anonymous_lang(request)), 400)
    # Storing runs on a worker thread like every other route: the database is blocking.
    return await run_in_threadpool(_submit, request, token, form)


# -- the analyst's pages ------------------------------------------------------------------

def _list_page(request: Request, viewer: Viewer, *, error: str | None = None,
               status: int = 200) -> Response:
    from personakit.track import current_personas

    ws = workspace(request)
    return render(request, "validate_list.html", {
        "rounds": list_rounds(ws), "personas": current_personas(ws), "error": error,
        "settings": validate_settings(ws), "audiences": ("staff", "supplier", "customer",
                                                         "mixed")}, viewer=viewer, status=status)


@router.get("/validate")
def rounds_page(request: Request, viewer: Analyst) -> Response:
    return _list_page(request, viewer)


def _number(post: Posted, name: str, kind: type[int] | type[float]) -> Any:
    raw = post.text(name).replace(",", ".")
    if not raw:
        return None
    try:
        return kind(raw)
    except ValueError as exc:
        raise InputError("web.validate.error.number", field=name, value=raw[:40]) from exc


@router.post("/validate")
def round_start(request: Request, post: AnalystPost) -> Response:
    chosen = [p for p in post.form.getlist("personas") if isinstance(p, str)]
    try:
        found = start_round(
            workspace(request), personas=chosen or None, title=post.text("title") or None,
            audience=post.text("audience") or "staff",
            expires_days=_number(post, "expires_days", float),
            max_answers_per_link=_number(post, "per_link", int), actor=post.viewer.name)
    except PersonakitError as exc:
        return _list_page(request, post.viewer, error=exc.message(post.viewer.lang), status=400)
    return RedirectResponse(f"/validate/{found.id}", status_code=303)


def distribution_svg(score: ConstructScore, lang: str) -> str:
    """Respondents per scale point as one stacked bar, light (1) to dark (top)."""
    width, total = 160, sum(score.distribution)
    label = ", ".join(f"{i}: {n}" for i, n in enumerate(score.distribution, start=1))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 14" '
             f'class="dist-bar" role="img" aria-label="{escape(label)}">'
             f'<rect width="{width}" height="14" fill="#f3f6f9" rx="2"/>']
    x, points = 0.0, max(len(score.distribution), 2)
    for i, count in enumerate(score.distribution):
        if not count or not total:
            continue
        w = width * count / total
        parts.append(f'<rect x="{x:.1f}" width="{w:.1f}" height="14" '
                     f'fill="{_shade(i / (points - 1))}"><title>{i + 1}: {count}</title></rect>')
        x += w
    return "".join(parts) + "</svg>"


def _shade(share: float) -> str:
    """From #d9e1e8 (share 0) to #1f4e79 (share 1)."""
    low, high = (0xD9, 0xE1, 0xE8), (0x1F, 0x4E, 0x79)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high,
                                                                              strict=True))


def _checks(request: Request, build_id: int, holdout: bool,
            lang: str) -> tuple[Any, str | None]:
    try:
        return data_checks(workspace(request), build_id, holdout=holdout), None
    except PersonakitError as exc:
        return None, exc.message(lang)


def _statements(request: Request, persona_id: str,
                lang: str) -> tuple[int | None, list[tuple[str, str]]]:
    """The newest revision and its statements: what an edit can rewrite."""
    from personakit.track import get_persona

    try:
        persona = get_persona(workspace(request), persona_id)
    except PersonakitError:
        return None, []
    return persona.revision, [
        (s.id, (s.text.get(lang) or next(iter(s.text.values()), ""))[:90])
        for s in persona.statements]


def _round_page(request: Request, viewer: Viewer, round_id: str, *, holdout: bool = False,
                links: list[dict[str, str]] | None = None, error: str | None = None,
                status: int = 200) -> Response:
    ws = workspace(request)
    try:
        found = get_round(ws, round_id)
    except PersonakitError as exc:
        raise NotFound() from exc
    summary = summarise_round(ws, round_id)
    checks, checks_error = _checks(request, found.build_id, holdout, viewer.lang)
    applied = {(a.answer_id, a.question): a for a in applied_comments(ws, round_id)}
    return render(request, "validate_round.html", {
        "round": found, "summary": summary, "checks": checks, "checks_error": checks_error,
        "by_persona": {c.persona_id: c for c in checks.personas} if checks else {},
        "holdout": holdout, "applied": applied, "links": links, "error": error,
        "roles": ("staff", "supplier", "customer"), "dist_svg": distribution_svg},
        viewer=viewer, status=status)


@router.get("/validate/{round_id}")
def round_page(request: Request, round_id: str, viewer: Analyst,
               holdout: bool = False) -> Response:
    return _round_page(request, viewer, round_id, holdout=holdout)


@router.post("/validate/{round_id}/links")
def round_links(request: Request, round_id: str, post: AnalystPost) -> Response:
    base = str(request.base_url).rstrip("/")
    try:
        count = _number(post, "count", int)
        made = make_links(workspace(request), round_id, 1 if count is None else count,
                          role=post.text("role") or "staff",
                          max_answers=_number(post, "max_answers", int),
                          actor=post.viewer.name)
    except PersonakitError as exc:
        return _round_page(request, post.viewer, round_id, error=exc.message(post.viewer.lang),
                           status=400)
    # Shown once: the tokens are not stored, only their hashes.
    links = [{"url": base + link.path, "role": link.role} for link in made]
    return _round_page(request, post.viewer, round_id, links=links)


@router.post("/validate/{round_id}/close")
def round_close(request: Request, round_id: str, post: AnalystPost) -> Response:
    try:
        close_round(workspace(request), round_id, actor=post.viewer.name)
    except PersonakitError as exc:
        return _round_page(request, post.viewer, round_id, error=exc.message(post.viewer.lang),
                           status=400)
    return RedirectResponse(f"/validate/{round_id}", status_code=303)


def _apply_page(request: Request, viewer: Viewer, round_id: str, answer_id: int,
                question: str, *, form: dict[str, str] | None = None, error: str | None = None,
                status: int = 200) -> Response:
    """One comment and the form that turns it into an assumption or an edit."""
    from personakit.validate import round_answers
    from personakit.validate._apply import DEFAULT_SECTION, SECTIONS

    ws = workspace(request)
    try:
        found, rows = get_round(ws, round_id), round_answers(ws, round_id)
    except PersonakitError as exc:
        raise NotFound() from exc
    comment = next((r for r in rows if r["id"] == answer_id and r["answers"].get(question)),
                   None)
    if comment is None or question not in DEFAULT_SECTION:
        raise NotFound()
    text, given = str(comment["answers"][question]), form or {}
    revision, statements = _statements(request, comment["persona_id"], viewer.lang)
    return render(request, "validate_apply.html", {
        "round": found, "comment": comment, "question": question, "text": text,
        "name": next((p.name for p in found.personas if p.id == comment["persona_id"]), ""),
        "kind": given.get("kind", "assumption"),
        "section": given.get("section") or DEFAULT_SECTION[question],
        "statement_id": given.get("statement_id", ""), "wording": given.get("text") or text,
        "error": error,
        "sections": SECTIONS, "statements": statements, "revision": revision},
        viewer=viewer, status=status)


@router.get("/validate/{round_id}/apply")
def apply_page(request: Request, round_id: str, viewer: Analyst, answer_id: NumberQuery,
               question: str) -> Response:
    return _apply_page(request, viewer, round_id, answer_id, question)


@router.post("/validate/{round_id}/apply")
def round_apply(request: Request, round_id: str, post: AnalystPost) -> Response:
    fields = {name: post.text(name) for name in ("kind", "section", "statement_id", "text")}
    try:
        answer_id = _number(post, "answer_id", int) or 0
        base = _number(post, "base_revision", int)
    except InputError as exc:
        raise NotFound() from exc
    try:
        # The revision the analyst looked at: a newer save since is a conflict, not lost.
        done = apply_comment(workspace(request), round_id, answer_id, post.text("question"),
                             kind=fields["kind"] or "assumption",  # type: ignore[arg-type]
                             statement_id=fields["statement_id"] or None,
                             text=fields["text"] or None, section=fields["section"] or None,
                             base_revision=base, actor=post.viewer.name)
    except PersonakitError as exc:
        return _apply_page(request, post.viewer, round_id, answer_id, post.text("question"),
                           form=fields, error=exc.message(post.viewer.lang), status=400)
    return RedirectResponse(f"/validate/{round_id}#comments-{done.persona_id}", status_code=303)
