"""Checked as a person would: the report in Debian's Chromium, a poster through pdftoppm."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from personakit.model import Quote
from personakit.persona import build_personas
from personakit.report import render
from personakit.track import current_personas, get_persona, save_persona
from personakit.workspace import Workspace
from tests.test_persona_build import make_segmentation

CHROMIUM = "/usr/bin/chromium"
EVIL = "<script>document.title='hacked'</script><img src=x onerror=alert(1)>"
pytestmark = pytest.mark.browser


@pytest.fixture
def report(workspace: Workspace, tmp_path: Path) -> Iterator[tuple[Workspace, Path]]:
    build_personas(workspace, make_segmentation())
    persona = get_persona(workspace, "default-0")
    save_persona(workspace, persona.model_copy(update={
        "quotes": [Quote(text=EVIL, source="enquete", date="2025-01-02")]}),
        base_revision=1, author="test")
    yield workspace, render(workspace, "html", lang="nl", out=tmp_path / "report.html")


def _not_blank(png: Path) -> None:
    image = Image.open(png).convert("L")
    stat = ImageStat.Stat(image)
    assert image.width > 300 and stat.stddev[0] > 20, "the screenshot is (nearly) blank"
    assert len(image.getcolors(1_000_000) or []) > 50


def test_report_in_chromium_shows_names_pictures_and_statements(
        report: tuple[Workspace, Path], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    workspace, html = report
    personas = current_personas(workspace)
    shot = tmp_path / "report.png"
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM,
                                       args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 1600})
        page.goto(html.as_uri())
        assert page.title() == "Persona's"  # the planted script never ran
        assert page.evaluate("document.scripts.length") == 0
        first = page.locator("article.persona").first
        assert first.locator("h2.persona-name").inner_text().startswith(personas[0].name)
        avatar = first.locator("img.avatar")
        assert avatar.is_visible() and avatar.evaluate("e => e.naturalWidth") > 0
        statement = personas[0].statements[0].text["nl"]
        assert first.get_by_text(statement, exact=False).first.is_visible()
        assert EVIL in first.locator(".quotes blockquote").first.inner_text()
        for persona in personas:
            assert page.locator(".card-name", has_text=persona.name).is_visible()
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    _not_blank(shot)


def test_report_screenshot_with_debian_chromium_cli(report: tuple[Workspace, Path],
                                                    tmp_path: Path) -> None:
    workspace, html = report
    shot = tmp_path / "cli.png"
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", html.as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    assert all(p.name in dom for p in current_personas(workspace))
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=1200,1600", f"--screenshot={shot}", html.as_uri()],
        capture_output=True, timeout=120, check=True)
    _not_blank(shot)


def test_one_poster_page_renders_to_a_non_blank_png(report: tuple[Workspace, Path],
                                                    tmp_path: Path) -> None:
    workspace, _ = report
    pdf = render(workspace, "pdf", lang="nl", out=tmp_path / "posters.pdf")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "poster")], check=True, timeout=120)
    png = next(tmp_path.glob("poster*.png"))
    _not_blank(png)
    width, height = Image.open(png).size
    assert 1.35 < height / width < 1.45  # portrait A3 (1:√2)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    persona = current_personas(workspace)[0]
    assert persona.name in text
    assert persona.statements[0].text["nl"][:30] in " ".join(text.split())
