"""``create_app(ws)``: the FastAPI app with its routes, static files and error pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from personakit.access import web_settings
from personakit.errors import PersonakitError
from personakit.i18n import t
from personakit.web._context import BadCsrf, Forbidden, LoginRequired, NotFound
from personakit.web._render import render
from personakit.workspace import Workspace

log = logging.getLogger("personakit.web")
API_PREFIX = "/api/v1"
# The app serves everything itself (offline, no CDN): scripts and styles only from here.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Routes are plain functions run on worker threads. Every request's Python work holds
    # the one interpreter lock, so anyio's default of 40 threads only made them take turns
    # by chance: under 20 concurrent clients the slowest 5 % of persona pages took 2.5
    # times the median. A few threads keep the queue first come, first served
    # ([settings.web] worker_threads; benchmarks/bench_web.py).
    to_thread.current_default_thread_limiter().total_tokens = web_settings(
        app.state.ws).worker_threads
    yield


def create_app(ws: Workspace) -> FastAPI:
    """The web app and REST API on workspace *ws*."""
    from personakit.web.routes import ROUTERS

    web_settings(ws)  # a bad [settings.web] fails at start, not at the first request
    app = FastAPI(title="personakit", version="1", docs_url=None, redoc_url=None,
                  lifespan=_lifespan,
                  openapi_url=f"{API_PREFIX}/openapi.json",
                  description=t("web.api.description", "en"))
    app.state.ws = ws
    static = resources.files("personakit.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for router in ROUTERS:
        app.include_router(router)
    _install_middleware(app, ws)
    _install_errors(app)
    return app


class _Guard:
    """Pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware on every request):
    refuses bodies over the limit and adds the security and caching headers.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            response = PlainTextResponse("413", status_code=413)
            await response(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")
        received = 0

        async def counted() -> Message:
            # A body sent in chunks carries no Content-Length: count what arrives.
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413)
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    out.setdefault(name, value)
                if not static:
                    out.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, counted, with_headers)


def _install_middleware(app: FastAPI, ws: Workspace) -> None:
    app.add_middleware(_Guard, limit=web_settings(ws).max_body_bytes)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _error(request: Request, status: int, headers: dict[str, str] | None = None) -> Response:
    """A generic error: JSON for the API, a plain page for people; never a traceback."""
    key = f"web.error.{status}" if status in (400, 401, 403, 404, 405, 409, 413, 422) \
        else "web.error.500"
    if _is_api(request):
        return JSONResponse({"error": status, "message": t(key, "en")}, status_code=status,
                            headers=headers)
    return render(request, "error.html", {"status": status, "message_key": key},
                  status=status)


def _install_errors(app: FastAPI) -> None:
    async def login(request: Request, _exc: Exception) -> Response:
        return RedirectResponse("/login", status_code=303)

    async def forbidden(request: Request, _exc: Exception) -> Response:
        return _error(request, 403)

    async def not_found(request: Request, _exc: Exception) -> Response:
        return _error(request, 404)

    async def http_error(request: Request, exc: Any) -> Response:
        return _error(request, int(exc.status_code), getattr(exc, "headers", None))

    async def invalid(request: Request, exc: Exception) -> Response:
        if _is_api(request) and isinstance(exc, RequestValidationError):
            return JSONResponse({"error": 422, "detail": _plain(exc.errors())}, status_code=422)
        return _error(request, 400)

    async def user_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PersonakitError)
        if _is_api(request):
            return JSONResponse(exc.to_dict(), status_code=400)
        return render(request, "error.html", {"status": 400, "message": exc.message(
            getattr(getattr(request.state, "viewer", None), "lang", None))}, status=400)

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        return _error(request, 500)

    app.add_exception_handler(LoginRequired, login)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(BadCsrf, forbidden)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(PersonakitError, user_error)
    app.add_exception_handler(Exception, crash)


def _plain(errors: Any) -> list[dict[str, Any]]:
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in errors]
