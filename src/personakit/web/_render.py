"""One Jinja2 environment with autoescape on for every template (never per template)."""

from __future__ import annotations

from functools import cache, partial
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from personakit.access import Permission
from personakit.report._format import jinja_filters
from personakit.web._context import Viewer, anonymous_lang, translator


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("personakit.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship inside the package and never change while it runs: checking every
        # template's mtime on each render was a third of a persona page's time under load.
        auto_reload=False,
    )
    env.globals["P"] = Permission
    env.filters.update(jinja_filters(lambda context: context.get("lang") or "en"))
    return env


def render(request: Request, template: str, context: dict[str, Any] | None = None, *,
           status: int = 200, viewer: Viewer | None = None,
           lang: str | None = None) -> HTMLResponse:
    """A page in the viewer's language (or the anonymous visitor's)."""
    viewer = viewer or getattr(request.state, "viewer", None)
    chosen = lang or (viewer.lang if viewer else anonymous_lang(request))
    values = {"request_path": request.url.path, "viewer": viewer, "lang": chosen,
              "_": translator(chosen), "csrf": viewer.csrf if viewer else "",
              "safe_svg": Markup, "drift_notice": partial(_drift_notice, request),
              **(context or {})}
    html = environment().get_template(template).render(values)
    return HTMLResponse(html, status_code=status)


def _drift_notice(request: Request) -> Any:
    """The "persona out of date" banner's drift check (the newest undecided one), asked for
    only by a logged-in page: one small query, and never the reason a page fails."""
    from sqlalchemy.exc import SQLAlchemyError

    from personakit.errors import PersonakitError
    from personakit.steer import drift_status

    try:
        return drift_status(request.app.state.ws)
    except (PersonakitError, SQLAlchemyError):
        return None
