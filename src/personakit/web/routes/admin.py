"""Administration: users, API tokens and the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from personakit.access import (
    Permission,
    Role,
    TokenScope,
    add_user,
    audit_entries,
    create_token,
    list_tokens,
    list_users,
    remove_user,
    revoke_token,
    set_role,
)
from personakit.errors import PersonakitError
from personakit.i18n import t
from personakit.web._context import NumberQuery, Posted, Viewer, needs, posted, workspace
from personakit.web._render import render

router = APIRouter(include_in_schema=False, prefix="/admin")
Users = Annotated[Viewer, Depends(needs(Permission.MANAGE_USERS))]
UsersPost = Annotated[Posted, Depends(posted(Permission.MANAGE_USERS))]
TokensPost = Annotated[Posted, Depends(posted(Permission.MANAGE_TOKENS))]
AUDIT_PAGE = 100


def _users_page(request: Request, viewer: Viewer, *, error: str | None = None,
                status: int = 200) -> Response:
    return render(request, "admin_users.html", {
        "users": list_users(workspace(request)), "roles": list(Role), "error": error},
        viewer=viewer, status=status)


@router.get("/users")
def users_page(request: Request, viewer: Users) -> Response:
    return _users_page(request, viewer)


@router.post("/users")
def users_change(request: Request, post: UsersPost) -> Response:
    ws, actor = workspace(request), post.viewer.name
    action, name = post.text("action"), post.text("username")
    try:
        if action == "add":
            add_user(ws, name, post.text("password"), post.text("role"), actor=actor)
        elif action == "role":
            set_role(ws, name, post.text("role"), actor=actor)
        elif action == "remove" and name != actor:
            remove_user(ws, name, actor=actor)
    except PersonakitError as exc:
        return _users_page(request, post.viewer, error=exc.message(post.viewer.lang),
                           status=400)
    return RedirectResponse("/admin/users", status_code=303)


def _tokens_page(request: Request, viewer: Viewer, *, secret: str | None = None,
                 error: str | None = None, status: int = 200) -> Response:
    return render(request, "admin_tokens.html", {
        "tokens": list_tokens(workspace(request)), "scopes": list(TokenScope),
        "secret": secret, "error": error}, viewer=viewer, status=status)


@router.get("/tokens")
def tokens_page(request: Request,
                viewer: Annotated[Viewer, Depends(needs(Permission.MANAGE_TOKENS))]) -> Response:
    return _tokens_page(request, viewer)


@router.post("/tokens")
def tokens_change(request: Request, post: TokensPost) -> Response:
    ws, actor = workspace(request), post.viewer.name
    try:
        if post.text("action") == "create":
            secret, _ = create_token(ws, post.text("name"), post.text("scope") or "api",
                                     actor=actor)
            return _tokens_page(request, post.viewer, secret=secret)
        revoke_token(ws, post.text("name"), actor=actor)
    except PersonakitError as exc:
        return _tokens_page(request, post.viewer, error=exc.message(post.viewer.lang),
                            status=400)
    return RedirectResponse("/admin/tokens", status_code=303)


@router.get("/audit")
def audit_page(request: Request,
               viewer: Annotated[Viewer, Depends(needs(Permission.VIEW_AUDIT))],
               actor: str = "", action: str = "", subject: str = "",
               page: NumberQuery = 0) -> Response:
    entries = audit_entries(workspace(request), actor=actor or None, action=action or None,
                            subject=subject or None, limit=AUDIT_PAGE,
                            offset=max(page, 0) * AUDIT_PAGE)
    return render(request, "admin_audit.html", {
        "entries": entries, "actor": actor, "action": action, "subject": subject,
        "page": max(page, 0), "more": len(entries) == AUDIT_PAGE}, viewer=viewer)


Erase = Annotated[Viewer, Depends(needs(Permission.ERASE_PERSON))]
ErasePost = Annotated[Posted, Depends(posted(Permission.ERASE_PERSON))]


def _erase_page(request: Request, viewer: Viewer, *, done: str | None = None,
                error: str | None = None, status: int = 200) -> Response:
    return render(request, "admin_erase.html", {"done": done, "error": error},
                  viewer=viewer, status=status)


@router.get("/erase")
def erase_page(request: Request, viewer: Erase) -> Response:
    return _erase_page(request, viewer)


@router.post("/erase")
def erase(request: Request, post: ErasePost) -> Response:
    """Erasure of one person (admins; see ``personakit.erasure``)."""
    from personakit.erasure import erase_person

    lang = post.viewer.lang
    if post.text("understood") != "yes":
        return _erase_page(request, post.viewer, error=t("web.admin.erase_tick", lang),
                           status=400)
    try:
        report = erase_person(workspace(request), post.text("key"), actor=post.viewer.name)
    except PersonakitError as exc:
        return _erase_page(request, post.viewer, error=exc.message(lang), status=400)
    return _erase_page(request, post.viewer, done=report.summary(lang))
