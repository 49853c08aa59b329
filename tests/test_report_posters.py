"""Posters and slides a marketer presents unchanged (issue 10, point 7), checked as a person
would: the PDF poster (A3 and A4) through pdftoppm, the PPTX through LibreOffice and
pdftoppm, the web persona page through Chromium. The PNGs land in ``test-artifacts/``
(gitignored) for a person to look at.

Overflow is checked twice: every text frame of the deck against the layout's own estimate,
and, independently, every frame's text against where LibreOffice really drew it.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.util import Emu
from typer.testing import CliRunner

from personakit.errors import InputError
from personakit.model import Evidence, Persona, Statement
from personakit.report import build_report_tree, render, render_poster_pdf, render_pptx
from personakit.report._registry import ReportContext
from personakit.report._textfit import Para, needed_height
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import web_ws
from tests.test_browser_web import ARTIFACTS, _page, base_url, browser

__all__ = ["base_url", "browser", "web_ws"]
pytestmark = pytest.mark.browser

SLIDE_W, SLIDE_H = 13.333, 7.5


def _not_blank(png: Path) -> None:
    image = Image.open(png).convert("L")
    stat = ImageStat.Stat(image)
    assert image.width > 300 and stat.stddev[0] > 20, f"{png.name} is (nearly) blank"
    assert len(image.getcolors(1_000_000) or []) > 50, f"{png.name} has almost no content"


def _png(pdf: Path, page: int, name: str, dpi: int = 60) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / name
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page),
                    "-l", str(page), str(pdf), str(stem)], check=True, timeout=120)
    png = stem.with_suffix(".png")
    _not_blank(png)
    return png


def _pdf_pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    size = re.search(r"Page size:.*\((\w+)\)", info)
    return pages, size.group(1) if size else ""


def _page_text(pdf: Path, page: int) -> str:
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


# ---- PDF posters ---------------------------------------------------------------------------

def _cli_posters(ws: Workspace, out: Path, size: str, lang: str) -> Path:
    from personakit.cli import app

    result = CliRunner().invoke(app, ["report", "--format", "poster-pdf", "--page-size", size,
                                      "--lang", lang, "-o", str(out), "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("size", "lang"), [("A3", "nl"), ("A4", "en")])
def test_poster_is_one_page_per_persona_with_every_statement(
        web_ws: Workspace, tmp_path: Path, size: str, lang: str) -> None:
    if size == "A4":  # through the command line, as a user asks for it
        pdf = _cli_posters(web_ws, tmp_path / "p.pdf", size.lower(), lang)
    else:
        pdf = render(web_ws, "poster-pdf", lang=lang, out=tmp_path / "p.pdf", page_size=size)
    personas = current_personas(web_ws)
    assert _pdf_pages(pdf) == (len(personas), size)
    for number, persona in enumerate(personas, start=1):
        text = _flat(_page_text(pdf, number))
        assert persona.name in text
        assert persona.quote[lang] in text
        for statement in persona.statements:
            assert _flat(statement.text[lang]) in text, statement.text[lang]
        assert re.search(r"\b1\b", text)  # footnote numbers
    png = _png(pdf, 1, f"poster-{size.lower()}-{lang}", dpi=50)
    width, height = Image.open(png).size
    assert 1.38 < height / width < 1.44  # portrait, 1:√2


def _crowded(persona: Persona, statements: int = 40) -> Persona:
    long = ("vindt dat alles wat met het lidmaatschap te maken heeft snel, duidelijk en "
            "zonder gedoe online geregeld moet kunnen worden, ook 's avonds laat")
    extra = [Statement(id=f"x{i}", section=persona.statements[i % len(persona.statements)]
                       .section, text={"nl": f"{long} ({i})", "en": f"{long} ({i})"},
                       evidence=[Evidence(kind="statistic", variable="v", profile_value=0.5,
                                          rest_value=0.2, effect=0.6, q_value=1e-9, n=120,
                                          level="ja")])
             for i in range(statements)]
    return persona.model_copy(update={"statements": persona.statements + extra})


def _context(persona: Persona, lang: str, size: str | None = None) -> ReportContext:
    tree = build_report_tree([persona], lang=lang)
    return ReportContext(tree=tree, personas=[persona], version=None, lang=lang, page_size=size)


def test_a_crowded_persona_is_set_smaller_not_cut_off(web_ws: Workspace, tmp_path: Path) -> None:
    persona = _crowded(current_personas(web_ws)[0], 30)
    pdf = render_poster_pdf(_context(persona, "nl", "A4"), tmp_path / "crowded.pdf")
    assert _pdf_pages(pdf) == (1, "A4")
    text = _flat(_page_text(pdf, 1))
    assert all(_flat(s.text["nl"]) in text for s in persona.statements)
    _png(pdf, 1, "poster-a4-crowded-nl", dpi=50)


def test_page_size_is_checked(web_ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="A3, A4"):
        render(web_ws, "poster-pdf", lang="en", out=tmp_path / "x.pdf", page_size="A5")


# ---- PPTX slides ---------------------------------------------------------------------------

def _frames(deck: object) -> list[tuple[int, object]]:
    return [(index, shape) for index, slide in enumerate(deck.slides, start=1)  # type: ignore[attr-defined]
            for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]


def _paras(shape: object) -> list[Para]:
    paras = []
    for paragraph in shape.text_frame.paragraphs:  # type: ignore[attr-defined]
        runs = paragraph.runs
        if not runs:
            continue
        font = runs[0].font
        paras.append(Para(runs[0].text, font.size.pt, bool(font.bold), bool(font.italic),
                          note="".join(r.text for r in runs[1:]).strip(),
                          space_before=paragraph.space_before.pt if paragraph.space_before
                          else 0.0))
    return paras


def _inches(value: int) -> float:
    return float(Emu(value).inches)


def assert_no_frame_overflows(deck: object) -> None:
    """Each frame's text, wrapped with the slide font's metrics, fits its frame and slide."""
    for slide, shape in _frames(deck):
        left, top = _inches(shape.left), _inches(shape.top)  # type: ignore[attr-defined]
        width, height = _inches(shape.width), _inches(shape.height)  # type: ignore[attr-defined]
        assert left >= 0 and top >= 0 and left + width <= SLIDE_W + 1e-3
        assert top + height <= SLIDE_H + 1e-3, (slide, shape.text_frame.text[:60])  # type: ignore[attr-defined]
        need = needed_height(_paras(shape), width)
        assert need <= height + 0.005, (slide, round(need, 2), round(height, 2),
                                       shape.text_frame.text[:80])  # type: ignore[attr-defined]
        assert all(p.size >= 5.5 for p in _paras(shape)), (slide, "type too small")


def _libreoffice_pdf(pptx: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx)],
                   capture_output=True, check=True, timeout=240)
    pdf = tmp_path / (pptx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"(.*?)</word>")


def _drawn_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = html.split("<page ")[1:]
    return [[(float(a), float(b), float(c), float(d), unescape(w))
             for a, b, c, d, w in WORD.findall(page)] for page in pages]


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def assert_text_drawn_inside_frames(deck: object, pdf: Path) -> None:
    """Independent of the estimate: LibreOffice drew each frame's text inside the frame."""
    pages = _drawn_words(pdf)
    assert len(pages) == len(deck.slides)  # type: ignore[attr-defined]
    for slide, shape in _frames(deck):
        x0, y0 = _inches(shape.left) * 72, _inches(shape.top) * 72  # type: ignore[attr-defined]
        x1 = x0 + _inches(shape.width) * 72  # type: ignore[attr-defined]
        y1 = y0 + _inches(shape.height) * 72  # type: ignore[attr-defined]
        inside = "".join(w for a, b, c, d, w in pages[slide - 1]
                         if a >= x0 - 3 and c <= x1 + 3 and b >= y0 - 3 and d <= y1 + 2)
        wanted, drawn = _chars(shape.text_frame.text), _chars(inside)  # type: ignore[attr-defined]
        missing = sum((wanted - drawn).values())
        assert missing <= 0.02 * sum(wanted.values()), (
            slide, missing, shape.text_frame.text[:80])  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_slides_lay_out_the_canvas_without_overflow(web_ws: Workspace, tmp_path: Path,
                                                    lang: str) -> None:
    pptx = render(web_ws, "pptx", lang=lang, out=tmp_path / f"slides-{lang}.pptx")
    deck = Presentation(str(pptx))
    personas = current_personas(web_ws)
    assert len(deck.slides) >= 1 + len(personas)
    text = _flat("\n".join(s.text_frame.text for _, s in _frames(deck)))
    for persona in personas:
        assert persona.name in text and persona.quote[lang] in text
        for statement in persona.statements:
            assert _flat(statement.text[lang]) in text
    assert_no_frame_overflows(deck)
    second = deck.slides[1]
    assert any(shape.shape_type == 13 for shape in second.shapes)  # the picture
    notes = second.notes_slide.notes_text_frame.text
    assert ("q < 0,001" if lang == "nl" else "q < 0.001") in notes  # the full evidence
    if lang == "nl":
        pdf = _libreoffice_pdf(pptx, tmp_path)
        assert_text_drawn_inside_frames(deck, pdf)
        _png(pdf, 2, f"slide-persona-{lang}", dpi=80)
        _png(pdf, 1, f"slide-overview-{lang}", dpi=50)


def test_a_crowded_persona_continues_on_another_slide(web_ws: Workspace,
                                                      tmp_path: Path) -> None:
    persona = _crowded(current_personas(web_ws)[0])
    pptx = render_pptx(_context(persona, "en"), tmp_path / "crowded.pptx")
    deck = Presentation(str(pptx))
    assert len(deck.slides) >= 3  # overview, canvas, and its continuation or evidence
    assert_no_frame_overflows(deck)
    text = _flat("\n".join(s.text_frame.text for _, s in _frames(deck)))
    assert all(_flat(s.text["en"]) in text for s in persona.statements)
    pdf = _libreoffice_pdf(pptx, tmp_path)
    assert_text_drawn_inside_frames(deck, pdf)
    _png(pdf, 2, "slide-persona-crowded-en", dpi=60)


# ---- the web persona page ------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_persona_page_in_chromium(web_ws: Workspace, base_url: str, browser: object,
                                  lang: str) -> None:
    persona = current_personas(web_ws)[0]
    page = _page(browser, base_url, "viewer")
    page.goto(f"/personas/{persona.id}")  # type: ignore[attr-defined]
    page.select_option("#lang-switch", lang)  # type: ignore[attr-defined]
    if page.locator("button.js-hide").is_visible():  # type: ignore[attr-defined]
        page.locator("button.js-hide").click()  # type: ignore[attr-defined]
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text().startswith(persona.name)  # type: ignore[attr-defined]
    statement = persona.statements[0].text[lang]
    assert page.get_by_text(statement, exact=False).first.is_visible()  # type: ignore[attr-defined]
    overflowing = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('.poster *')].filter(e => e.scrollWidth > "
        "e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden').length")
    assert overflowing == 0
    shot = ARTIFACTS / f"persona-page-{lang}.png"
    page.screenshot(path=str(shot), full_page=True)  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]
    _not_blank(shot)
