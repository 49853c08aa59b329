"""Renderers by format, registered the same way for built-ins and plugins; ``render``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from personakit.errors import InputError, WorkspaceError
from personakit.i18n import check_language
from personakit.model import Persona, PersonaVersion
from personakit.report._tree import ReportTree, build_report_tree
from personakit.workspace import Workspace


@dataclass
class ReportContext:
    """What a renderer gets: the tree in one language, and the personas behind it."""

    tree: ReportTree
    personas: list[Persona]
    version: PersonaVersion | None
    lang: str
    page_size: str | None = None  # posters and printable formats: "A3" or "A4"


Renderer = Callable[[ReportContext, Path], Path]
_RENDERERS: dict[str, Renderer] = {}


def register_renderer(fmt: str, renderer: Renderer, *, replace: bool = False) -> None:
    """Add a report format (``personakit report --format NAME``)."""
    if fmt in _RENDERERS and not replace:
        raise ValueError(f"report format {fmt!r} is already registered")
    _RENDERERS[fmt] = renderer


def default_file_name(fmt: str, lang: str) -> str:
    """Where a format goes when no file is named: ``personas-nl.html``, ``personas-nl.pdf``
    for the canvas posters, ``journey-nl.pdf`` for the journey poster."""
    if fmt == "journey-pdf":
        return f"journey-{lang}.pdf"
    suffix = fmt.rsplit("-", 1)[-1]  # poster-pdf writes a .pdf
    return f"personas-{lang}.{suffix}"


def formats() -> list[str]:
    return sorted(_RENDERERS)


def report_context(ws: Workspace, *, lang: str, page_size: str | None = None) -> ReportContext:
    """The current personas of *ws* and their report tree in *lang*."""
    from personakit.track import current_personas, get_version

    personas = current_personas(ws)
    if not personas:
        raise WorkspaceError("track.error.no_personas")
    from personakit.report._journeymap import build_journey_part
    from personakit.report._steering import build_steering

    version = get_version(ws)
    tree = build_report_tree(personas, lang=lang, version=version, root=ws.root)
    tree.steering = build_steering(ws, personas, version.id, lang)
    tree.journey = build_journey_part(ws, personas, lang)
    return ReportContext(tree=tree, personas=personas, version=version, lang=lang,
                         page_size=page_size)


def render(ws: Workspace, fmt: str, *, lang: str, out: str | Path,
           page_size: str | None = None) -> Path:
    """Write the report of the current personas in format *fmt* to *out*; returns the path.

    *page_size* (``A3``/``A4``) is for the formats that print pages, such as posters.
    """
    if fmt not in _RENDERERS:
        raise InputError("report.error.format", value=fmt, choices=", ".join(formats()))
    if page_size is not None:
        from personakit.report._poster import check_page_size

        page_size = check_page_size(page_size)
    context = report_context(ws, lang=check_language(lang), page_size=page_size)
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    return _RENDERERS[fmt](context, target)
