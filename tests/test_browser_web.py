"""The web app as people use it, in Debian's Chromium driven by Playwright.

The app runs under uvicorn on 127.0.0.1 (a free port) in a thread; screenshots land in
``test-artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from personakit.access import audit_entries
from personakit.track import current_personas, get_persona
from personakit.workspace import Workspace
from tests._webapp import PASSWORD, a_customer_key, web_ws

__all__ = ["web_ws"]
pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


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
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _page(browser: object, base_url: str, user: str) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
                                  base_url=base_url)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")
    return page


def _shot(page: object, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_log_in_open_a_persona_and_its_evidence(browser: object, base_url: str,
                                                web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    page = _page(browser, base_url, "viewer")
    _shot(page, "gallery")
    page.get_by_role("link", name=persona.name).click()  # type: ignore[attr-defined]
    first = page.locator("details.statement").first  # type: ignore[attr-defined]
    assert not first.locator(".evidence-chart").first.is_visible()
    first.locator("summary").focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert first.locator(".evidence-chart").first.is_visible()
    assert f"{persona.statements[0].evidence[0].n}" in first.inner_text()
    _shot(page, "persona-evidence")
    assert page.get_by_role("link", name="Edit").count() == 0  # type: ignore[attr-defined]


def test_edit_save_and_conflict(browser: object, base_url: str, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[1]
    first, second = (_page(browser, base_url, u) for u in ("editor", "analyst"))
    for page in (first, second):
        page.goto(f"/personas/{persona.id}/edit")  # type: ignore[attr-defined]
    first.get_by_label("Quote (en)").fill("Saved by the editor")  # type: ignore[attr-defined]
    _shot(first, "edit")
    first.get_by_role("button", name="Save as new revision").click()  # type: ignore[attr-defined]
    first.wait_for_url(f"{base_url}/personas/{persona.id}")  # type: ignore[attr-defined]
    assert "Saved by the editor" in first.inner_text("main")  # type: ignore[attr-defined]
    second.get_by_label("Quote (en)").fill("Saved by the analyst")  # type: ignore[attr-defined]
    second.get_by_role("button", name="Save as new revision").click()  # type: ignore[attr-defined]
    second.wait_for_selector("text=Edit conflict")  # type: ignore[attr-defined]
    text = second.inner_text("main")  # type: ignore[attr-defined]
    assert "Saved by the editor" in text and "Saved by the analyst" in text
    _shot(second, "conflict")
    assert get_persona(web_ws, persona.id).quote["en"] == "Saved by the editor"


def test_caseworker_looks_up_a_person(browser: object, base_url: str,
                                      web_ws: Workspace) -> None:
    key = a_customer_key(web_ws, 2)
    page = _page(browser, base_url, "caseworker")
    page.get_by_role("link", name="Look up a person").click()  # type: ignore[attr-defined]
    page.get_by_label("Customer number").fill(key)  # type: ignore[attr-defined]
    page.get_by_label("Customer number").press("Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Why this profile")  # type: ignore[attr-defined]
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert "Confidence" in text and "Approach" in text and key in text
    _shot(page, "lookup")
    assert audit_entries(web_ws, actor="caseworker", action="person.lookup", subject=key)


def test_switch_language(browser: object, base_url: str) -> None:
    page = _page(browser, base_url, "editor")
    page.get_by_label("Language").select_option("nl")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Uitloggen")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "nl"  # type: ignore[attr-defined]
    _shot(page, "gallery-nl")
    page.get_by_label("Taal").select_option("en")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Log out")  # type: ignore[attr-defined]
