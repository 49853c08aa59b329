"""Login, logout and the language switch."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from personakit.access import (
    audit,
    authenticate,
    csrf_matches,
    end_session,
    set_language,
    start_session,
    web_settings,
)
from personakit.access._lockout import locked_until
from personakit.i18n import LANGUAGES
from personakit.web._context import (
    LANG_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Posted,
    new_login_csrf,
    posted,
    workspace,
)
from personakit.web._render import render

router = APIRouter(include_in_schema=False)


def _set_cookie(request: Request, response: Response, name: str, value: str,
                max_age: int) -> None:
    """Every cookie of the app: HttpOnly, SameSite=Lax, Secure when so configured."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=web_settings(workspace(request)).secure_cookies, path="/")


@router.get("/login")
def login_page(request: Request) -> Response:
    token = new_login_csrf()
    response = render(request, "login.html", {"login_csrf": token, "failed": False})
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, 3600)
    return response


@router.post("/login")
def login(request: Request, username: Annotated[str, Form(max_length=200)] = "",
          password: Annotated[str, Form(max_length=1000)] = "",
          csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    ws = workspace(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if not expected or not csrf_matches(expected, csrf):
        return render(request, "error.html", {"status": 403, "message_key": "web.error.403"},
                      status=403)
    until = locked_until(ws, username)
    if until is not None:  # no password is checked while locked: guessing gains nothing
        audit(ws, username[:200] or "-", "login.locked", None, {})
        token = new_login_csrf()
        minutes = max(1, -(-int((until - datetime.now(UTC)).total_seconds()) // 60))
        response = render(request, "login.html", {"login_csrf": token, "failed": False,
                                                  "locked_minutes": minutes}, status=429)
        _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, 3600)
        return response
    user = authenticate(ws, username, password)
    if user is None:
        audit(ws, username[:200] or "-", "login.failed", None, {})
        token = new_login_csrf()
        response = render(request, "login.html", {"login_csrf": token, "failed": True},
                          status=401)
        _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, 3600)
        return response
    session = start_session(ws, user, previous=request.cookies.get(SESSION_COOKIE))
    audit(ws, user.username, "login", None, {})
    done = RedirectResponse("/", status_code=303)
    _set_cookie(request, done, SESSION_COOKIE, session.secret,
                int(web_settings(ws).session_hours * 3600))
    done.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return done


@router.post("/logout")
def logout(request: Request, post: Annotated[Posted, Depends(posted())]) -> Response:
    ws = workspace(request)
    end_session(ws, request.cookies.get(SESSION_COOKIE))
    audit(ws, post.viewer.name, "logout", None, {})
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
def switch_language(request: Request, post: Annotated[Posted, Depends(posted())]) -> Response:
    lang = post.text("lang")
    if lang in LANGUAGES:
        set_language(workspace(request), post.viewer.user.id, lang)
    return RedirectResponse(_back(post.text("next")), status_code=303)


@router.get("/login/language/{lang}")
def anonymous_language(request: Request, lang: str) -> Response:
    response = RedirectResponse("/login", status_code=303)
    if lang in LANGUAGES:
        _set_cookie(request, response, LANG_COOKIE, lang, 365 * 86400)
    return response


def _back(target: str) -> str:
    """Only a local path: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
