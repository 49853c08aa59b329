"""The public questionnaire on a phone, in Debian's Chromium driven by Playwright.

A respondent opens their link at a phone's viewport (390 × 844, an iPhone 12-15), answers
the first persona with taps, sends the form and sees the thank-you page. Screenshots land
in ``test-artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from personakit.validate import make_links, round_answers, start_round
from personakit.workspace import Workspace
from tests._webapp import web_ws

__all__ = ["web_ws"]
pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PHONE = {"width": 390, "height": 844}
TOUCH_TARGET = 44  # CSS pixels (WCAG 2.5.5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(web_ws: Workspace) -> Iterator[str]:
    from personakit.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(web_ws), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def phone(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, base_url=base_url)
        yield context.new_page()
        browser.close()


def test_answer_one_persona_on_a_phone_and_see_thanks(phone: object,
                                                      web_ws: Workspace) -> None:
    page: object = phone
    found = start_round(web_ws, title="Phone round", actor="test")
    link = make_links(web_ws, found.id, 1, role="customer")[0]
    first = found.personas[0]
    page.goto(link.path)  # type: ignore[attr-defined]
    section = page.locator("section.q-persona").first  # type: ignore[attr-defined]
    assert first.name in section.locator("h2").inner_text()
    # Nothing wider than the phone, and every choice big enough for a thumb.
    assert page.evaluate(  # type: ignore[attr-defined]
        "document.documentElement.scrollWidth <= window.innerWidth")
    box = section.locator("label.point > span").first.bounding_box()
    assert box["height"] >= TOUCH_TARGET and box["width"] >= 40

    def tap(question: str, value: str) -> None:
        section.locator(f'label.point:has(input[name="a.{first.id}.{question}"]'
                        f'[value="{value}"]) > span').tap()

    tap("recognise", "4")
    tap("description_right", "5")
    tap("in_database", "yes")
    section.get_by_label("What is missing?").fill("How they like to be contacted")
    tap("pps_credibility_1", "6")
    tap("pps_willingness_2", "7")
    checked = section.locator(f'input[name="a.{first.id}.recognise"]:checked')
    assert checked.get_attribute("value") == "4"
    section.screenshot(path=str(ARTIFACTS / "questionnaire-phone-persona.png"))
    page.evaluate("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "questionnaire-phone.png"))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send my answers").click()  # type: ignore[attr-defined]
    page.wait_for_selector("text=Thank you!")  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "questionnaire-thanks.png"))  # type: ignore[attr-defined]
    rows = round_answers(web_ws, found.id)
    assert len(rows) == 1 and rows[0]["persona_id"] == first.id and rows[0]["role"] == "customer"
    assert rows[0]["answers"] == {"recognise": 4, "description_right": 5, "in_database": "yes",
                                  "missing": "How they like to be contacted",
                                  "pps_credibility_1": 6, "pps_willingness_2": 7}
