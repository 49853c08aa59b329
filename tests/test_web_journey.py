"""The journey pages (issue 12): the map of all personas and one persona's journey for every
role that sees personas, the editor of touchpoint entries for editors only, a new revision
per save, a conflict that shows both versions, CSRF, escaping, and no inline style (CSP)."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI

from personakit.access import audit_entries
from personakit.journey import get_journey
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import ROLES, RoleClient, app, client_for, csrf_of, web_ws
from tests.test_browser_web import ARTIFACTS, _page, base_url, browser

__all__ = ["app", "base_url", "browser", "web_ws"]


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> dict[str, RoleClient]:
    return {role: client_for(app, role) for role in ROLES}


def _no_inline_style_or_script(html: str) -> None:
    assert not re.search(r"<[^>]+\sstyle=", html), "inline style: the CSP blocks it"
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "inline event handler"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_that_sees_personas_sees_the_map(clients: dict[str, RoleClient],
                                                    web_ws: Workspace, role: str) -> None:
    response = clients[role].get("/journey")
    assert response.status_code == 200
    html = response.text
    assert "Customer journey per persona" in html and 'class="journey-map all"' in html
    for persona in current_personas(web_ws):
        assert persona.name in html
        assert f'href="/journey/{persona.id}"' in html
    assert 'href="/journey" aria-current="page"' in html  # the nav link
    assert "Where to act" in html and "drops off most between" in html
    _no_inline_style_or_script(html)


def test_one_persona_s_journey_with_entries_action_and_evidence(
        clients: dict[str, RoleClient], web_ws: Workspace) -> None:
    from personakit.report._journeymap import journey_inputs

    found = journey_inputs(web_ws, "en")
    assert found is not None and found.actions
    point = found.actions[0]
    html = clients["viewer"].get(f"/journey/{point.persona_id}").text
    assert 'class="journey-map one"' in html and "Entry points" in html
    assert "biggest drop-off" in html and "drops off most between" in html
    assert "Evidence" in html and "n = " in html
    assert f'href="/journey/{point.persona_id}/edit"' not in html  # a viewer cannot edit
    assert f'href="/journey/{point.persona_id}/edit"' in clients["editor"].get(
        f"/journey/{point.persona_id}").text
    _no_inline_style_or_script(html)
    assert clients["viewer"].get("/journey/nobody").status_code == 404


def _edit_form(client: RoleClient, persona_id: str) -> tuple[str, str]:
    page = client.get(f"/journey/{persona_id}/edit")
    assert page.status_code == 200, page.text
    base = re.search(r'name="base_revision" value="(\d+)"', page.text)
    assert base is not None
    _no_inline_style_or_script(page.text)
    return page.text, base.group(1)


def _save(client: RoleClient, persona_id: str, base: str, **fields: str) -> object:
    form = {"csrf": client.csrf, "base_revision": base, "journey": "default", **fields}
    return client.post(f"/journey/{persona_id}/edit", data=form, follow_redirects=False)


def test_the_editor_saves_a_new_revision_with_author(clients: dict[str, RoleClient],
                                                     web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    before = get_journey(web_ws)
    html, base = _edit_form(clients["editor"], persona.id)
    assert int(base) == before.revision
    assert 'name="tp0_barrier_en"' in html and 'name="tp0_cta_nl"' in html
    response = _save(clients["editor"], persona.id, base,
                     tp1_barrier_en="The price only shows at the very end",
                     tp1_barrier_nl="De prijs staat pas helemaal aan het eind",
                     tp1_cta_en="See your price now", tp1_assumption="on")
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    saved = get_journey(web_ws)
    assert saved.revision == before.revision + 1 and saved.author == "editor"
    touchpoint = saved.touchpoints[1].id
    entry = saved.personas[persona.id][touchpoint]
    assert entry.barrier == {"en": "The price only shows at the very end",
                             "nl": "De prijs staat pas helemaal aan het eind"}
    assert entry.cta["en"] == "See your price now"
    assert entry.author == "editor" and entry.assumption
    # Touchpoints the form did not send are as they were: no drafts saved behind one's back.
    assert set(saved.personas[persona.id]) <= {touchpoint} | set(
        before.personas.get(persona.id, {}))
    assert audit_entries(web_ws, actor="editor", action="journey.save")
    page = clients["viewer"].get(f"/journey/{persona.id}").text
    assert "The price only shows at the very end" in page and "assumption" in page
    assert "The price only shows at the very end" in clients["viewer"].get("/journey").text


def test_a_stale_base_is_a_conflict_that_shows_both_versions(
        clients: dict[str, RoleClient], web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[1]
    _, base = _edit_form(clients["editor"], persona.id)
    _, same = _edit_form(clients["analyst"], persona.id)
    assert base == same
    first = _save(clients["editor"], persona.id, base, tp2_expectation_en="First writer")
    assert first.status_code == 303  # type: ignore[attr-defined]
    clash = _save(clients["analyst"], persona.id, base, tp2_expectation_en="Second writer")
    assert clash.status_code == 409  # type: ignore[attr-defined]
    text = clash.text  # type: ignore[attr-defined]
    assert "First writer" in text and "Second writer" in text
    assert f"revision {int(base) + 1}" in text
    newest = get_journey(web_ws)
    assert newest.revision == int(base) + 1
    entry = newest.personas[persona.id][newest.touchpoints[2].id]
    assert entry.expectation["en"] == "First writer"
    assert audit_entries(web_ws, actor="analyst", action="journey.conflict")
    _no_inline_style_or_script(text)


@pytest.mark.parametrize("token", [None, "", "x" * 43])
def test_saving_needs_the_session_s_csrf_token(clients: dict[str, RoleClient],
                                               web_ws: Workspace, token: str | None) -> None:
    persona = current_personas(web_ws)[0]
    before = get_journey(web_ws).revision
    form = {"base_revision": str(before), "tp0_barrier_en": "Hacked"}
    if token is not None:
        form["csrf"] = token
    response = clients["editor"].post(f"/journey/{persona.id}/edit", data=form,
                                      follow_redirects=False)
    assert response.status_code == 403
    assert get_journey(web_ws).revision == before


def test_only_editors_open_or_post_the_editor(clients: dict[str, RoleClient],
                                              web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    before = get_journey(web_ws).revision
    for role in ("viewer", "caseworker"):
        assert clients[role].get(f"/journey/{persona.id}/edit").status_code == 403
        response = _save(clients[role], persona.id, str(before), tp0_barrier_en="x")
        assert response.status_code == 403  # type: ignore[attr-defined]
    assert get_journey(web_ws).revision == before
    assert clients["editor"].get("/journey/nobody/edit").status_code == 404


def test_user_text_is_escaped_and_a_bad_base_is_refused(clients: dict[str, RoleClient],
                                                        web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[2]
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _, base = _edit_form(clients["editor"], persona.id)
    assert _save(clients["editor"], persona.id, base, tp0_message_en=evil,  # type: ignore[attr-defined]
                 tp0_barrier_en=evil).status_code == 303
    for path in ("/journey", f"/journey/{persona.id}", f"/journey/{persona.id}/edit"):
        html = clients["viewer" if not path.endswith("edit") else "editor"].get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;" in html, path
    refused = _save(clients["editor"], persona.id, "not-a-number", tp0_cta_en="x")
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert 'role="alert"' in refused.text  # type: ignore[attr-defined]
    csrf_of(refused.text)  # type: ignore[attr-defined]  # the form is back, with its token


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_pages_in_chromium_break_no_csp_and_show_the_map(
        browser: object, base_url: str, web_ws: Workspace, lang: str) -> None:
    from personakit.report._journeymap import journey_inputs

    found = journey_inputs(web_ws, lang)
    assert found is not None and found.actions
    page = _page(browser, base_url, "editor")
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in m.text else None)
    page.select_option("#lang-switch", lang)  # type: ignore[attr-defined]
    if page.locator("button.js-hide").is_visible():  # type: ignore[attr-defined]
        page.locator("button.js-hide").click()  # type: ignore[attr-defined]
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")  # type: ignore[attr-defined]
    for path, name in (("/journey", "map"), (f"/journey/{found.actions[0].persona_id}", "one"),
                       (f"/journey/{found.actions[0].persona_id}/edit", "edit")):
        page.goto(path)  # type: ignore[attr-defined]
        if name != "edit":
            svg = page.locator("svg.journey-map").first  # type: ignore[attr-defined]
            assert svg.is_visible() and svg.bounding_box()["width"] > 900
        page.screenshot(path=str(ARTIFACTS / f"web-journey-{name}-{lang}.png"),  # type: ignore[attr-defined]
                        full_page=True)
    assert not refused, refused
    page.context.close()  # type: ignore[attr-defined]
