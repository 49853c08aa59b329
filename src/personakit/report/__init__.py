"""Reports: compute → a format-neutral tree → one renderer per format (registry)."""

from personakit.report._html import render_html, render_html_text, render_pdf
from personakit.report._journeymap import JourneyMap, build_journey_part, journey_map
from personakit.report._journeysvg import journeymap_svg, render_journey_pdf
from personakit.report._json import SCHEMA_FILE, SCHEMA_VERSION, render_json, report_json
from personakit.report._markdown import render_markdown
from personakit.report._poster import poster_html, render_poster_pdf
from personakit.report._pptx import render_pptx
from personakit.report._registry import (
    ReportContext,
    default_file_name,
    formats,
    register_renderer,
    render,
    report_context,
)
from personakit.report._tree import PersonaPage, ReportTree, build_report_tree, persona_page

# The built-in formats register exactly as a plugin would.
# "pdf" is the canvas poster too: one persona per A3 page unless --page-size A4.
for _fmt, _renderer in (("html", render_html), ("md", render_markdown), ("json", render_json),
                        ("pdf", render_poster_pdf), ("poster-pdf", render_poster_pdf),
                        ("pptx", render_pptx), ("journey-pdf", render_journey_pdf)):
    register_renderer(_fmt, _renderer, replace=True)

__all__ = [
    "JourneyMap",
    "PersonaPage",
    "ReportContext",
    "ReportTree",
    "SCHEMA_FILE",
    "SCHEMA_VERSION",
    "build_journey_part",
    "build_report_tree",
    "default_file_name",
    "formats",
    "journey_map",
    "journeymap_svg",
    "persona_page",
    "poster_html",
    "register_renderer",
    "render",
    "render_html",
    "render_html_text",
    "render_journey_pdf",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_poster_pdf",
    "render_pptx",
    "report_context",
    "report_json",
]
