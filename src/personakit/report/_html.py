"""HTML (self-contained, offline) and PDF posters (WeasyPrint) from one Jinja2 template."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from personakit.i18n import t
from personakit.report._charts import chart_svg, share_svg
from personakit.report._format import jinja_filters
from personakit.report._journeysvg import journeymap_svg
from personakit.report._registry import ReportContext
from personakit.report._trends import trend_svg


def _environment() -> Any:
    # Jinja2 only here, imported when a report is rendered: the core stays free of it.
    from jinja2 import Environment, FunctionLoader, select_autoescape

    folder = resources.files("personakit.report") / "templates"

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    env = Environment(loader=FunctionLoader(load), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(jinja_filters(lambda context: context.get("lang") or "en"))
    return env


def render_html_text(context: ReportContext, *, poster: bool = False) -> str:
    """The report as one HTML document (``poster``: one A3 page per persona, for PDF)."""
    from markupsafe import Markup

    env = _environment()
    tree = context.tree
    charts = {p.id: Markup(chart_svg(p.chart)) for p in tree.personas if p.chart}
    trends = [Markup(trend_svg(c, tree.lang)) for c in tree.steering.trends] \
        if tree.steering else []
    journey = Markup(journeymap_svg(tree.journey, tree.lang)) \
        if tree.journey and not poster else None
    css = _css(poster)
    return str(env.get_template("report.html").render(
        tree=tree, charts=charts, overview_chart=Markup(share_svg(tree.overview_chart)),
        trends=trends, journey_svg=journey,
        css=Markup(css), poster=poster, lang=tree.lang, _=_translator(tree.lang),
    ))


def _css(poster: bool) -> str:
    folder = resources.files("personakit.report") / "templates"
    report = (folder / "report.css").read_text(encoding="utf-8")
    posters = (folder / "poster.css").read_text(encoding="utf-8")
    if poster:
        return report + posters
    # The HTML report prints as A3 posters when opened as report.html#posters: the same
    # poster rules, switched on by the :target anchor (no script needed).
    return report + "@media print {\n" + posters.replace(
        ".poster-mode", "body:has(#posters:target)") + "}\n"


def _translator(lang: str) -> Any:
    def translate(key: str, **params: object) -> str:
        return t(key, lang, **params)

    return translate


def render_html(context: ReportContext, out: Path) -> Path:
    out.write_text(render_html_text(context), encoding="utf-8")
    return out


def render_pdf(context: ReportContext, out: Path) -> Path:
    """One A3 poster page per persona."""
    from weasyprint import HTML

    HTML(string=render_html_text(context, poster=True)).write_pdf(out)
    return out
