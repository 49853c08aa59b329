"""Editing personas: new revisions with author, conflicts, escaping, insights, pictures."""

from __future__ import annotations

import base64

import pytest
from fastapi import FastAPI

from personakit.access import audit_entries
from personakit.track import current_personas, get_persona, persona_history
from personakit.workspace import Workspace
from tests._webapp import RoleClient, app, client_for, web_ws

__all__ = ["app", "web_ws"]

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAE"
                       "hQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def editor(app: FastAPI) -> RoleClient:
    return client_for(app, "editor")


def _edit(client: RoleClient, persona_id: str, base: int, **fields: str) -> object:
    form = {"csrf": client.csrf, "base_revision": str(base), **fields}
    return client.post(f"/personas/{persona_id}/edit", data=form, follow_redirects=False)


def test_save_makes_a_new_revision_with_author(editor: RoleClient, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[1]
    response = _edit(editor, persona.id, persona.revision, name="Renamed",
                     quote_en="New quote", stmt_0_text="A better first statement",
                     stmt_1_text=persona.statements[1].text["en"])
    assert response.status_code == 303  # type: ignore[attr-defined]
    saved = get_persona(web_ws, persona.id)
    assert saved.revision == persona.revision + 1
    assert saved.name == "Renamed" and saved.quote["en"] == "New quote"
    assert saved.statements[0].text["en"] == "A better first statement"
    assert saved.statements[0].text["nl"] == persona.statements[0].text["nl"]
    assert saved.statements[0].author == "editor"
    assert saved.statements[1] == persona.statements[1]
    assert saved.title == persona.title  # not sent, so not changed
    history = persona_history(web_ws, persona.id)
    assert history[-1]["author"] == "editor" and history[-1]["created_at"]
    assert audit_entries(web_ws, actor="editor", action="persona.save", subject=persona.id)
    page = editor.get(f"/personas/{persona.id}/history").text
    assert "New quote" in page and "Renamed" in page


def test_concurrent_save_from_the_same_base_is_a_conflict(app: FastAPI,
                                                          web_ws: Workspace) -> None:
    first, second = client_for(app, "editor"), client_for(app, "analyst")
    persona = current_personas(web_ws)[2]
    base = persona.revision
    assert _edit(first, persona.id, base, name=persona.name,  # type: ignore[attr-defined]
                 quote_en="First writer").status_code == 303
    clash = _edit(second, persona.id, base, name=persona.name, quote_en="Second writer")
    assert clash.status_code == 409  # type: ignore[attr-defined]
    text = clash.text  # type: ignore[attr-defined]
    assert "First writer" in text and "Second writer" in text
    newest = get_persona(web_ws, persona.id)
    assert newest.quote["en"] == "First writer" and newest.revision == base + 1
    assert audit_entries(web_ws, actor="analyst", action="persona.conflict")


def test_user_text_is_escaped_everywhere(editor: RoleClient, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[3]
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert _edit(editor, persona.id, persona.revision, name=evil,  # type: ignore[attr-defined]
                 quote_en=evil, biography_en=evil, stmt_0_text=evil).status_code == 303
    for path in ["/", f"/personas/{persona.id}", f"/personas/{persona.id}/edit",
                 f"/personas/{persona.id}/history"]:
        html = editor.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;" in html, path


def test_insight_becomes_evidence(editor: RoleClient, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[4]
    form = {"csrf": editor.csrf, "base_revision": str(persona.revision),
            "text": "Wants a paper invoice", "source": "interview 7", "date": "2026-03-01",
            "statement": "new", "section": "expectations"}
    assert editor.post(f"/personas/{persona.id}/insight", data=form,
                       follow_redirects=False).status_code == 303
    saved = get_persona(web_ws, persona.id)
    added = saved.statements[-1]
    assert added.section == "expectations" and added.author == "editor"
    assert added.evidence[0].kind == "insight" and added.evidence[0].source == "interview 7"
    page = editor.get(f"/personas/{persona.id}").text
    assert "Wants a paper invoice" in page and "interview 7" in page
    target = saved.statements[0]
    form.update(base_revision=str(saved.revision), statement=target.id, text="Confirmed")
    editor.post(f"/personas/{persona.id}/insight", data=form)
    again = get_persona(web_ws, persona.id)
    assert again.statements[0].evidence[-1].text == "Confirmed"


def test_hand_written_statement_is_shown_as_assumption(editor: RoleClient,
                                                       web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[3]
    form = {"csrf": editor.csrf, "base_revision": str(persona.revision),
            "text": "Probably reads the newsletter", "section": "media", "assumption": "on",
            "statement": persona.statements[0].id}
    assert editor.post(f"/personas/{persona.id}/insight", data=form,
                       follow_redirects=False).status_code == 303
    added = get_persona(web_ws, persona.id).statements[-1]
    assert added.assumption and not added.evidence and added.section == "media"
    assert get_persona(web_ws, persona.id).statements[0] == persona.statements[0]
    page = editor.get(f"/personas/{persona.id}").text
    block = page[page.index("Probably reads the newsletter") - 400:]
    assert "assumption" in block[:800]


@pytest.mark.parametrize("section", ["nonsense", "<b>"])
def test_insight_with_bad_section_is_400(editor: RoleClient, web_ws: Workspace,
                                         section: str) -> None:
    persona = current_personas(web_ws)[4]
    form = {"csrf": editor.csrf, "base_revision": str(persona.revision), "text": "x",
            "statement": "new", "section": section}
    assert editor.post(f"/personas/{persona.id}/insight", data=form).status_code == 400


def _upload(client: RoleClient, persona_id: str, base: int, data: bytes,
            name: str = "p.png", kind: str = "image/png") -> int:
    response = client.post(f"/personas/{persona_id}/picture",
                           data={"csrf": client.csrf, "base_revision": str(base)},
                           files={"picture": (name, data, kind)}, follow_redirects=False)
    return int(response.status_code)


def test_picture_upload_is_validated(editor: RoleClient, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    assert _upload(editor, persona.id, persona.revision, b"<svg onload=alert(1)>",
                   "x.png") == 400
    assert _upload(editor, persona.id, persona.revision, b"<html>", "x.png",
                   "text/html") == 400
    assert _upload(editor, persona.id, persona.revision, PNG + b"0" * 2_100_000) in (400, 403)
    assert get_persona(web_ws, persona.id).revision == persona.revision
    assert _upload(editor, persona.id, persona.revision, PNG) == 303
    saved = get_persona(web_ws, persona.id)
    assert saved.picture is not None and saved.picture.startswith("data:image/png;base64,")
    assert saved.picture in editor.get(f"/personas/{persona.id}").text


def test_stale_or_bogus_base_revision(editor: RoleClient, web_ws: Workspace) -> None:
    persona = current_personas(web_ws)[0]
    assert _edit(editor, persona.id, 999, name="x").status_code == 404  # type: ignore[attr-defined]
    form = {"csrf": editor.csrf, "base_revision": "abc", "name": "x"}
    assert editor.post(f"/personas/{persona.id}/edit", data=form).status_code == 400
