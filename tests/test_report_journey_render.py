"""The journey map as a marketer presents it: the A3 landscape poster (WeasyPrint, through
pdftoppm) and the journey slides of the deck (LibreOffice headless, through pdftoppm), with
the PNGs in ``test-artifacts/`` for a person to look at. Text must stay inside its page,
and on the slides inside its frame (the estimate and what LibreOffice really draws)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from personakit.errors import InputError
from personakit.journey import (
    EVERYONE,
    ActionPoint,
    FunnelReport,
    Journey,
    PersonaFunnel,
    PersonaTouchpoint,
)
from personakit.report import build_report_tree, journey_map, render_journey_pdf, render_pptx
from personakit.report._journeymap import JourneyMap
from personakit.report._journeysvg import journey_poster_html
from personakit.report._registry import ReportContext
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._journeydata import NAMES, actions, funnel, journey
from tests._webapp import web_ws
from tests.test_report_posters import (
    _flat,
    _libreoffice_pdf,
    _page_text,
    _pdf_pages,
    _png,
    assert_no_frame_overflows,
    assert_text_drawn_inside_frames,
)

__all__ = ["web_ws"]
pytestmark = pytest.mark.slow
LONG = ("Het offerteformulier vraagt naar het kenteken, de meldcode, de dagwaarde en het "
        "schadeverleden voordat er een prijs staat, en dat haken mensen die het even snel "
        "willen weten halverwege af")


def _map(lang: str, crowded: bool = False) -> JourneyMap:
    report = funnel()
    points = actions(report)
    shown: Journey = journey(offline=True)
    names = dict(NAMES)
    if crowded:
        report, points, shown, names = _crowded(report, points, shown)
    return journey_map(shown, report, points, lang, names=names)


def _crowded(report: FunnelReport, points: list[ActionPoint], shown: Journey
             ) -> tuple[FunnelReport, list[ActionPoint], Journey, dict[str, str]]:
    """Eight personas with long names, long barriers and long actions."""
    funnels = [f for f in report.personas if f.persona_id != EVERYONE]
    extra: list[PersonaFunnel] = []
    names = dict(NAMES)
    for i in range(3):
        copy = funnels[i].model_copy(deep=True, update={
            "persona_id": f"extra-{i}", "name": f"Wilhelmina van Oldenbarnevelt-Ter Horst {i}"})
        extra.append(copy)
        names[copy.persona_id] = copy.name
        point = points[i % len(points)].model_copy(update={
            "persona_id": copy.persona_id, "name": copy.name,
            "action": {"nl": LONG, "en": LONG}, "barrier": {"nl": LONG, "en": LONG}})
        points.append(point)
    entries = {pid: {tp.id: PersonaTouchpoint(barrier={"nl": LONG, "en": LONG},
                                              expectation={"nl": LONG, "en": LONG},
                                              assumption=True)
                     for tp in shown.touchpoints}
               for pid in names}
    report = report.model_copy(update={"personas": report.personas + extra})
    return report, points, shown.model_copy(update={"personas": entries}), names


def _context(jmap: JourneyMap, lang: str, size: str | None = None) -> ReportContext:
    tree = build_report_tree([], lang=lang)
    tree.journey = jmap
    return ReportContext(tree=tree, personas=[], version=None, lang=lang, page_size=size)


def _words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<'
    return [(float(a), float(b), float(c), float(d), w)
            for a, b, c, d, w in re.findall(pattern, html)]


@pytest.mark.parametrize(("lang", "crowded"), [("nl", False), ("en", False), ("nl", True)])
def test_the_poster_is_one_a3_landscape_page_with_every_persona(tmp_path: Path, lang: str,
                                                               crowded: bool) -> None:
    jmap = _map(lang, crowded)
    pdf = render_journey_pdf(_context(jmap, lang), tmp_path / "journey.pdf")
    assert _pdf_pages(pdf) == (1, "A3")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    width, height = map(float, re.search(  # type: ignore[union-attr]
        r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    text = _flat(_page_text(pdf, 1))
    assert jmap.title in text
    for row in jmap.rows:
        assert row.name.split()[0] in text
    assert ("45 %" if lang == "nl" else "45%") in text
    assert ("Waar ingrijpen" if lang == "nl" else "Where to act") in text
    margin = 10 / 25.4 * 72 - 1  # every word inside the page's margins
    for x0, y0, x1, y1, word in _words(pdf):
        assert x0 >= margin and y0 >= margin - 1, word
        assert x1 <= width - margin and y1 <= height - margin + 1, word
    name = f"journey-poster-a3-{lang}" + ("-crowded" if crowded else "")
    _png(pdf, 1, name, dpi=50)


def test_the_poster_on_a4_and_too_many_personas(tmp_path: Path) -> None:
    jmap = _map("en")
    pdf = render_journey_pdf(_context(jmap, "en", "A4"), tmp_path / "a4.pdf")
    assert _pdf_pages(pdf) == (1, "A4")
    many = jmap.model_copy(update={"rows": jmap.rows * 6})
    with pytest.raises(InputError, match="do not fit"):
        journey_poster_html(many, "en", "A4")


def _deck(jmap: JourneyMap, lang: str, tmp_path: Path) -> tuple[object, Path]:
    pptx = render_pptx(_context(jmap, lang), tmp_path / f"journey-{lang}.pptx")
    return Presentation(str(pptx)), pptx


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_journey_slides_are_native_shapes_without_overflow(tmp_path: Path,
                                                               lang: str) -> None:
    jmap = _map(lang)
    deck, pptx = _deck(jmap, lang, tmp_path)
    slides = list(deck.slides)  # type: ignore[attr-defined]
    assert len(slides) == 3  # overview (no personas here), the map, where to act
    shapes = list(slides[1].shapes)
    freeforms = [s for s in shapes if s.shape_type == 5]  # MSO_SHAPE_TYPE.FREEFORM
    assert len(freeforms) >= 3 * len(jmap.rows)  # area, everyone, persona line per row
    text = _flat(" ".join(s.text_frame.text for s in shapes if s.has_text_frame))
    assert all(row.name in text for row in jmap.rows)
    assert ("45 %" if lang == "nl" else "45%") in text
    actions_text = _flat(" ".join(s.text_frame.text for s in slides[2].shapes
                                  if s.has_text_frame))
    ingrid = jmap.row("default-2")
    assert ingrid and ingrid.action and _flat(ingrid.action.line) in actions_text
    assert ("Bel mij terug" if lang == "nl" else "Call me back") in actions_text
    assert slides[1].notes_slide.notes_text_frame.text.startswith(jmap.note)
    assert_no_frame_overflows(deck)
    if lang == "nl":
        pdf = _libreoffice_pdf(pptx, tmp_path)
        assert_text_drawn_inside_frames(deck, pdf)
        _png(pdf, 2, "journey-slide-map-nl", dpi=80)
        _png(pdf, 3, "journey-slide-actions-nl", dpi=60)


def test_a_crowded_journey_continues_on_more_slides_without_overflow(tmp_path: Path) -> None:
    jmap = _map("en", crowded=True)
    deck, pptx = _deck(jmap, "en", tmp_path)
    assert len(deck.slides) >= 4  # type: ignore[attr-defined]
    assert_no_frame_overflows(deck)
    texts = _flat(" ".join(s.text_frame.text for slide in deck.slides  # type: ignore[attr-defined]
                           for s in slide.shapes if s.has_text_frame))
    assert texts.count(_flat(LONG)) >= 3 * 6  # every persona's every entry, none cut off
    pdf = _libreoffice_pdf(pptx, tmp_path)
    assert_text_drawn_inside_frames(deck, pdf)
    _png(pdf, 2, "journey-slide-map-crowded-en", dpi=60)


def test_the_demo_s_journey_poster_through_the_command_line(web_ws: Workspace,
                                                             tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from personakit.cli import app

    out = tmp_path / "journey.pdf"
    result = CliRunner().invoke(app, ["report", "--format", "journey-pdf", "--lang", "nl",
                                      "-o", str(out), "-w", str(web_ws.root)])
    assert result.exit_code == 0, result.output
    assert _pdf_pages(out) == (1, "A3")
    text = _flat(_page_text(out, 1))
    assert "Klantreis per persona" in text and "Waar ingrijpen" in text
    assert all(p.name.split()[0] in text for p in current_personas(web_ws))
    _png(out, 1, "journey-poster-demo-nl", dpi=60)
