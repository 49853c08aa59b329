"""Per-request context: who is asking, in which language, and the CSRF check."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from starlette.datastructures import FormData

from personakit.access import (
    Permission,
    User,
    WebSession,
    audit,
    can,
    csrf_matches,
    get_session,
    web_settings,
)
from personakit.i18n import LANGUAGES, t
from personakit.workspace import Workspace

SESSION_COOKIE = "pk_session"
LOGIN_CSRF_COOKIE = "pk_login_csrf"
LANG_COOKIE = "pk_lang"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"


class LoginRequired(Exception):
    """No live session: the user is sent to the login page."""


class Forbidden(Exception):
    """The user's role does not allow this page (403, never a hint of what is behind it)."""


class BadCsrf(Exception):
    """Missing, wrong or malformed CSRF token (403)."""


class NotFound(Exception):
    """404 with the generic page."""


# A number in a path or a query (a revision, a page, a check's or an action's number) stays
# within what every database stores: an absurd one is answered 422, never an overflow (500).
MAX_NUMBER = 2**63 - 1
NumberInPath = Annotated[int, Path(ge=0, le=MAX_NUMBER)]
NumberQuery = Annotated[int, Query(ge=0, le=MAX_NUMBER)]
RevisionQuery = Annotated[int | None, Query(ge=0, le=MAX_NUMBER)]

@dataclass
class Viewer:
    """The logged-in user of this request."""

    session: WebSession
    lang: str

    @property
    def user(self) -> User:
        return self.session.user

    @property
    def name(self) -> str:
        return self.session.user.username

    @property
    def csrf(self) -> str:
        return self.session.csrf

    def can(self, permission: Permission | str) -> bool:
        return can(self.user.role, Permission(permission))


@dataclass
class Posted:
    """A verified state-changing request: its viewer and its form."""

    viewer: Viewer
    form: FormData

    def text(self, name: str, default: str = "") -> str:
        value = self.form.get(name)
        return value.strip() if isinstance(value, str) else default


def workspace(request: Request) -> Workspace:
    ws: Workspace = request.app.state.ws
    return ws


def anonymous_lang(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    ws = workspace(request)
    return chosen if chosen in LANGUAGES else ws.language


# The rule of a route that any logged-in user may use (the route table's rules, issue 16).
LOGGED_IN = "logged-in"


def current_viewer(request: Request) -> Viewer:
    """The logged-in user, or :class:`LoginRequired`."""
    session = get_session(workspace(request), request.cookies.get(SESSION_COOKIE))
    if session is None:
        raise LoginRequired()
    viewer = Viewer(session=session, lang=session.user.language)
    request.state.viewer = viewer
    return viewer


def needs(permission: Permission) -> Any:
    """A dependency: the viewer, if their role allows *permission*; else 403 (audited)."""

    def check(request: Request,
              viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
        if not viewer.can(permission):
            audit(workspace(request), viewer.name, "access.denied", request.url.path,
                  {"permission": permission.value, "role": viewer.user.role.value})
            raise Forbidden()
        return viewer

    check.permission = permission  # type: ignore[attr-defined]  # the route table's rule
    return check


async def _read_form(request: Request) -> FormData:
    limit = web_settings(workspace(request)).max_upload_bytes
    try:
        return await request.form(max_files=2, max_fields=500, max_part_size=limit)
    except Exception as exc:  # a malformed body cannot carry a valid token
        raise BadCsrf() from exc


def posted(permission: Permission | None = None) -> Any:
    """A dependency for POST routes: session, permission and CSRF token all checked."""
    guard = needs(permission) if permission is not None else current_viewer

    # The guard is chosen at run time, so it cannot be named in a string annotation (this
    # module has postponed annotations): a default it is.
    async def check(request: Request,
                    viewer: Viewer = Depends(guard)) -> Posted:  # noqa: B008
        form = await _read_form(request)
        given = request.headers.get(CSRF_HEADER)
        field = form.get(CSRF_FIELD)
        if given is None and isinstance(field, str):
            given = field
        if not csrf_matches(viewer.csrf, given):
            raise BadCsrf()
        return Posted(viewer=viewer, form=form)

    check.permission = permission or LOGGED_IN  # type: ignore[attr-defined]
    return check


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def translator(lang: str) -> Any:
    def translate(message: str, /, **params: Any) -> str:
        return t(message, lang, **params)

    return translate
