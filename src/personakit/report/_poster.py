"""PDF posters: one persona per A3 or A4 portrait page, laid out as a persona canvas.

Each persona is rendered on its own with WeasyPrint; when its canvas does not fit one page,
the whole poster is set smaller (the template sizes everything in rem) and rendered again,
down to :data:`MIN_FONT_PT`. A poster that still needs a second page is an error rather
than a silently cut-off canvas. The pages are then joined into one PDF.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from personakit.errors import InputError
from personakit.report._registry import ReportContext
from personakit.report._tree import PersonaPage

PAGE_SIZES = {"A3": ("12mm", 11.0), "A4": ("9mm", 8.5)}  # margin, starting type size in pt
DEFAULT_PAGE_SIZE = "A3"
# Below this, footnotes (0.62 rem) would drop under 3 pt: unreadable even on A3.
MIN_FONT_PT = 5.0
SHRINK = 0.9
# A poster that fills less of its page than this is set larger, at most by MAX_GROWTH.
FILL, MAX_GROWTH, GROW_STEPS = 0.93, 1.5, 2


def check_page_size(value: str) -> str:
    """``A3`` or ``A4`` (any case), else :class:`InputError`."""
    size = value.strip().upper()
    if size not in PAGE_SIZES:
        raise InputError("format.error.page_size", value=value,
                         choices=", ".join(PAGE_SIZES))
    return size


def poster_html(page: PersonaPage, lang: str, *, size: str = DEFAULT_PAGE_SIZE,
                font_pt: float | None = None) -> str:
    """The poster of one persona as an HTML document for WeasyPrint."""
    from markupsafe import Markup

    from personakit.report._html import _environment, _translator

    size = check_page_size(size)
    margin, start = PAGE_SIZES[size]
    folder = resources.files("personakit.report") / "templates"
    css = (folder / "poster.css").read_text(encoding="utf-8")
    return str(_environment().get_template("poster.html").render(
        page=page, lang=lang, size=size, margin=margin, font_pt=f"{font_pt or start:.2f}",
        css=Markup(css), _=_translator(lang)))


def render_poster(page: PersonaPage, lang: str, size: str = DEFAULT_PAGE_SIZE) -> Any:
    """A WeasyPrint document of exactly one page: the poster at a size that fills it.

    A sparse persona is set larger (up to 1.4 times the start size) so the page does not
    stay half empty; a crowded one smaller, step by step, until it fits.
    """
    from weasyprint import HTML

    def typeset(font_pt: float) -> Any:
        return HTML(string=poster_html(page, lang, size=size, font_pt=font_pt)).render()

    start = font = PAGE_SIZES[check_page_size(size)][1]
    document = typeset(font)
    if len(document.pages) == 1:
        for _ in range(GROW_STEPS):
            filled = _filled(document)
            if filled >= FILL or font >= start * MAX_GROWTH:
                break
            # Wrapped text grows with about the square of the type size, short lines less.
            bigger = min(font * (FILL / filled) ** 0.6, start * MAX_GROWTH)
            larger = typeset(bigger)
            if len(larger.pages) > 1:
                break
            document, font = larger, bigger
        return document
    while len(document.pages) > 1:
        if font * SHRINK < MIN_FONT_PT:
            raise InputError("format.error.poster_full", name=page.name, size=size)
        font *= SHRINK
        document = typeset(font)
    return document


def _filled(document: Any) -> float:
    """Share of the page's height the poster takes (1.0 when it cannot be measured)."""
    box = document.pages[0]._page_box  # WeasyPrint's layout tree: no public API for this
    for child in box.descendants():
        if getattr(child, "element_tag", None) == "article":
            used = sum(float(part.margin_height()) for part in child.children)
            return used / max(float(box.height), 1.0)
    return 1.0


def render_poster_pdf(context: ReportContext, out: Path) -> Path:
    """One poster page per persona (``personakit report --format poster-pdf``)."""
    size = context.page_size or DEFAULT_PAGE_SIZE
    documents = [render_poster(page, context.tree.lang, size) for page in context.tree.personas]
    pages = [p for document in documents for p in document.pages]
    documents[0].copy(pages).write_pdf(out)
    return out
