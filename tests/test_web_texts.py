"""The texts and themes pages (issue 11): redacted texts for every role that may read them,
coding through the form (with and without a script), CSRF, theme rename/merge with
conflicts, the persona page's themes, and the original documents for admins only, audited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import quote

import pytest
from fastapi import FastAPI

from personakit.access import audit_entries
from personakit.model import Persona
from personakit.texts import TextItem, list_codes, run_history
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._textsdata import COMPETITOR, IDENTIFYING, RUN_ID, make_items, make_run, store_run
from tests._webapp import ROLES, RoleClient, client_for, web_ws
from tests.test_browser_web import ARTIFACTS, _page, base_url, browser

__all__ = ["base_url", "browser", "web_ws"]
READERS = ("admin", "analyst", "editor", "viewer")
ORIGINAL = "Mijn naam is Jan de Vries, bel me op 06-12345678. Ik wacht al weken."


@pytest.fixture(scope="module")
def texts(web_ws: Workspace) -> Iterator[list[TextItem]]:
    """Fixture texts of the demo's first two personas, a stored theme run, and personas
    built again with them (their themes on the persona page)."""
    from personakit.persona import build_personas

    personas = current_personas(web_ws)
    links = [(p.id, p.profile_id) for p in personas[:2]]
    items = make_items(links)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("personakit.texts.text_items", lambda ws, **_: items)
        patch.setattr("personakit.texts.original_text",
                      lambda ws, source, document: ORIGINAL, raising=False)
        store_run(web_ws, make_run(items, links))
        build_personas(web_ws)
        yield items


@pytest.fixture(scope="module")
def app(web_ws: Workspace, texts: list[TextItem]) -> FastAPI:
    from personakit.web import create_app

    return create_app(web_ws)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> dict[str, RoleClient]:
    return {role: client_for(app, role) for role in ROLES}


def _clean(html: str) -> None:
    assert not re.search(r"<[^>]+\sstyle=", html), "inline style: the CSP blocks it"
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "inline event handler"


def _url(item: TextItem) -> str:
    from personakit.web.routes.texts import item_url

    return item_url(item.id)


def _personas(ws: Workspace) -> list[Persona]:
    return current_personas(ws)[:2]


@pytest.mark.parametrize("role", ROLES)
def test_every_reading_role_sees_the_redacted_texts_and_themes(
        clients: dict[str, RoleClient], texts: list[TextItem], role: str) -> None:
    item = next(i for i in texts if i.text.startswith(IDENTIFYING[0]))
    for path in ("/texts", _url(item), "/themes"):
        response = clients[role].get(path, follow_redirects=False)
        if role not in READERS:
            assert response.status_code == 403, (role, path)
            continue
        assert response.status_code == 200, (role, path)
        _clean(response.text)
    if role in READERS:
        page = unescape(clients[role].get(_url(item)).text)
        assert "[naam]" in page and "Jan de Vries" not in page
        assert ("Add code" in page) is (role != "viewer")
        assert ('href="/admin/texts/' in page) is (role == "admin")


def test_the_list_filters_and_pages(clients: dict[str, RoleClient], web_ws: Workspace,
                                    texts: list[TextItem]) -> None:
    viewer = clients["viewer"]
    first = _personas(web_ws)[0]
    everything = unescape(viewer.get("/texts").text)
    assert f"50 of {len(texts)} texts" not in everything and f"{len(texts)} of" in everything
    assert 'href="/texts?page=1"' in everything  # 230 texts: five pages of 50
    mine = unescape(viewer.get(f"/texts?persona={first.id}").text)
    assert "100 of 230 texts" in mine and "page 1 of 2" in mine
    assert f'href="/texts?persona={first.id}&page=1"' in mine
    loose = unescape(viewer.get("/texts?unlinked=1").text)
    assert "10 of 230 texts" in loose and "not linked" in loose
    theirs = unescape(viewer.get("/texts?source=reviews_reisclub").text)
    assert "20 of 230 texts" in theirs and f"competitor {COMPETITOR}" in theirs
    waiting = unescape(viewer.get("/texts?theme=t-wait").text)
    assert "54 of 230 texts" in waiting
    assert "0 of 230 texts" in unescape(viewer.get("/texts?language=en").text)
    last = viewer.get("/texts?page=99")  # past the end: the last page
    assert last.status_code == 200 and "page 5 of 5" in last.text


def test_coding_through_the_form_with_offsets_or_a_sentence(
        clients: dict[str, RoleClient], web_ws: Workspace, texts: list[TextItem]) -> None:
    analyst = clients["analyst"]
    item = next(i for i in texts if i.text.startswith("De wachttijd aan de telefoon"))
    start = item.text.index("wachttijd")
    response = analyst.post(_url(item), data={
        "csrf": analyst.csrf, "action": "add", "start": str(start), "end": str(start + 30),
        "kind": "frustration", "tag": "wachttijd"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("#codes")
    code = list_codes(web_ws, item_id=item.id)[0]
    assert code.text == item.text[start:start + 30].strip() and code.author == "analyst"
    page = analyst.get(_url(item)).text
    assert '<mark class="code code-frustration"' in page and "wachttijd" in page
    # Without a script: a sentence from the picker.
    other = next(i for i in texts if i.text.startswith("Via de app"))
    first = other.text.index(".") + 1
    response = analyst.post(_url(other), data={
        "csrf": analyst.csrf, "action": "add", "start": "", "end": "",
        "sentence": f"0-{first}", "kind": "driver"}, follow_redirects=False)
    assert response.status_code == 303
    assert list_codes(web_ws, item_id=other.id)[0].text == other.text[:first]
    entry = audit_entries(web_ws, actor="analyst", action="texts.code.add")[0]
    assert entry.detail["item"] == other.id


def test_a_bad_passage_comes_back_with_a_message_and_nothing_written(
        clients: dict[str, RoleClient], web_ws: Workspace, texts: list[TextItem]) -> None:
    editor = clients["editor"]
    item = texts[5]
    before = len(list_codes(web_ws))
    refused = editor.post(_url(item), data={"csrf": editor.csrf, "action": "add",
                                            "start": "5", "end": "99999", "kind": "goal"})
    assert refused.status_code == 400 and 'role="alert"' in refused.text
    assert 'value="99999"' in refused.text  # the form keeps what was typed
    nothing = editor.post(_url(item), data={"csrf": editor.csrf, "action": "add",
                                            "kind": "goal"})
    assert nothing.status_code == 400
    assert len(list_codes(web_ws)) == before


def test_editing_and_deleting_a_code_through_the_form(
        clients: dict[str, RoleClient], web_ws: Workspace, texts: list[TextItem]) -> None:
    editor = clients["editor"]
    item = texts[7]
    editor.post(_url(item), data={"csrf": editor.csrf, "action": "add", "start": "0",
                                  "end": "12", "kind": "goal"})
    code = list_codes(web_ws, item_id=item.id)[0]
    changed = editor.post(_url(item), data={
        "csrf": editor.csrf, "action": "edit", "code": code.id, "kind": "barrier",
        "tag": "formulier", "base_revision": "1"}, follow_redirects=False)
    assert changed.status_code == 303
    assert list_codes(web_ws, item_id=item.id)[0].tag == "formulier"
    stale = editor.post(_url(item), data={
        "csrf": editor.csrf, "action": "edit", "code": code.id, "kind": "goal", "tag": "",
        "base_revision": "1"})
    assert stale.status_code == 409
    gone = editor.post(_url(item), data={"csrf": editor.csrf, "action": "delete",
                                         "code": code.id}, follow_redirects=False)
    assert gone.status_code == 303 and list_codes(web_ws, item_id=item.id) == []


@pytest.mark.parametrize("token", [None, "wrong"])
def test_posts_without_the_right_token_are_refused(
        clients: dict[str, RoleClient], web_ws: Workspace, texts: list[TextItem],
        token: str | None) -> None:
    analyst = clients["analyst"]
    item = texts[9]
    form = {"action": "add", "start": "0", "end": "5", "kind": "goal"}
    if token:
        form["csrf"] = token
    assert analyst.post(_url(item), data=form).status_code == 403
    run = {"action": "rename", "run": RUN_ID, "theme": "t-app", "label_nl": "x",
           "base_revision": "1", **({"csrf": token} if token else {})}
    assert analyst.post("/themes", data=run).status_code == 403
    assert list_codes(web_ws, item_id=item.id) == []


def test_a_viewer_cannot_code_or_rename(clients: dict[str, RoleClient], web_ws: Workspace,
                                        texts: list[TextItem]) -> None:
    viewer = clients["viewer"]
    item = texts[11]
    refused = viewer.post(_url(item), data={"csrf": viewer.csrf, "action": "add",
                                            "start": "0", "end": "5", "kind": "goal"})
    assert refused.status_code == 403 and list_codes(web_ws, item_id=item.id) == []
    assert audit_entries(web_ws, actor="viewer", action="access.denied")


def test_the_themes_page_shows_shares_intervals_and_competitors(
        clients: dict[str, RoleClient], web_ws: Workspace) -> None:
    html = unescape(clients["viewer"].get("/themes").text)
    second = _personas(web_ws)[1]
    assert "wachten, telefoon, wachttijd" in html and second.name in html
    assert "30%" in html and "30 of 100 texts" in html and "more often" in html
    assert "<meter" in html and "fewer than 10 texts: not shown" in html
    assert "Our themes beside competitors'" in html and COMPETITOR in html
    assert "Rename" not in html  # a viewer reads only
    for text in IDENTIFYING:  # typical snippets, yet never shown: they identify someone
        assert text not in html
    assert "Ik moest weer drie kwartier wachten" in html


def test_renaming_merging_and_a_conflict_on_the_themes_page(
        clients: dict[str, RoleClient], web_ws: Workspace) -> None:
    analyst, editor = clients["analyst"], clients["editor"]
    base = run_history(web_ws, RUN_ID)[-1].revision
    renamed = analyst.post("/themes", data={
        "csrf": analyst.csrf, "action": "rename", "run": RUN_ID, "theme": "t-wait",
        "label_nl": "De wachttijd aan de telefoon", "label_en": "Waiting on the phone",
        "base_revision": str(base)}, follow_redirects=False)
    assert renamed.status_code == 303
    assert "Waiting on the phone" in clients["viewer"].get("/themes").text
    stale = editor.post("/themes", data={
        "csrf": editor.csrf, "action": "merge", "run": RUN_ID, "merge": ["t-wait", "t-small"],
        "label_nl": "Wachten", "base_revision": str(base)})
    assert stale.status_code == 409
    conflict = unescape(stale.text)
    assert "Someone changed the themes in the meantime" in conflict
    assert "Waiting on the phone" in conflict and "Wachten" in conflict  # both sides
    merged = editor.post("/themes", data={
        "csrf": editor.csrf, "action": "merge", "run": RUN_ID, "merge": ["t-price", "t-small"],
        "label_nl": "Prijs en buitenland", "label_en": "Price and abroad",
        "base_revision": str(base + 1)}, follow_redirects=False)
    assert merged.status_code == 303
    placed = editor.post("/themes", data={
        "csrf": editor.csrf, "action": "section", "run": RUN_ID, "theme": "t-price",
        "section": "fears", "base_revision": str(base + 2)}, follow_redirects=False)
    assert placed.status_code == 303
    newest = run_history(web_ws, RUN_ID)[-1]
    assert newest.revision == base + 3
    assert [t.id for t in newest.themes if t.id.startswith("t-")].count("t-small") == 0
    bad = editor.post("/themes", data={
        "csrf": editor.csrf, "action": "section", "run": RUN_ID, "theme": "t-price",
        "section": "kitchen", "base_revision": str(base + 3)})
    assert bad.status_code == 400 and 'role="alert"' in bad.text
    assert audit_entries(web_ws, action="texts.theme.conflict")


def test_the_persona_page_has_a_themes_block(clients: dict[str, RoleClient],
                                             web_ws: Workspace) -> None:
    second = _personas(web_ws)[1]
    html = unescape(clients["caseworker"].get(f"/personas/{second.id}").text)
    assert "Themes" in html and "waiting, phone, waiting time" in html
    assert "30% (30 of 100 texts), others 12%" in html
    assert "Noemt" not in html and "Mentions ‘waiting, phone, waiting time’" in html
    assert 'href="/texts?persona=' not in html  # a case worker does not read texts
    assert 'href="/texts?persona=' in clients["viewer"].get(f"/personas/{second.id}").text
    _clean(html)


def test_the_original_document_is_for_admins_only_and_audited(
        clients: dict[str, RoleClient], web_ws: Workspace, texts: list[TextItem]) -> None:
    item = texts[0]
    path = f"/admin/texts/{item.source}/{quote(item.document)}"
    for role in ("analyst", "editor", "viewer", "caseworker"):
        assert clients[role].get(path).status_code == 403
        assert not audit_entries(web_ws, actor=role, action="texts.original.view")
    response = clients["admin"].get(path)
    assert response.status_code == 200 and "Jan de Vries" in response.text
    entry = audit_entries(web_ws, actor="admin", action="texts.original.view")[0]
    assert entry.subject == f"{item.source}/{item.document}"
    _clean(response.text)


@pytest.mark.parametrize("path", ["/texts", "/themes", "/texts/interviews:x:1",
                                  "/admin/texts/interviews/x"])
def test_anonymous_is_sent_to_login(app: FastAPI, path: str) -> None:
    response = client_for(app).get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_an_unknown_text_is_404(clients: dict[str, RoleClient]) -> None:
    assert clients["viewer"].get("/texts/nothing:here").status_code == 404


def test_links_to_a_text_do_not_carry_its_file_name(clients: dict[str, RoleClient],
                                                    texts: list[TextItem]) -> None:
    item = texts[0]
    listing = clients["viewer"].get("/texts").text
    assert f'href="{_url(item)}"' in listing and f"/texts/{item.id}" not in listing
    assert re.fullmatch(r"/texts/[0-9a-f]{16}", _url(item))
    # An id typed by hand (as the command line prints it) still opens the text.
    typed = clients["viewer"].get("/texts/" + quote(item.id, safe=":"))
    assert typed.status_code == 200 and unescape(item.text) in unescape(typed.text)


@pytest.mark.browser
def test_selecting_a_passage_in_chromium_codes_it(
        browser: object, base_url: str, web_ws: Workspace, texts: list[TextItem]) -> None:
    item = next(i for i in texts if i.text.startswith("Ik moest weer drie kwartier"))
    page = _page(browser, base_url, "analyst")
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in m.text else None)
    page.goto(_url(item))  # type: ignore[attr-defined]
    # Select "drie kwartier wachten" in the text as a person would (a range in the page).
    page.evaluate("""() => {
        const body = document.getElementById('text-body');
        const node = body.firstChild;
        const start = node.textContent.indexOf('drie kwartier wachten');
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + 'drie kwartier wachten'.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")  # type: ignore[attr-defined]
    assert page.input_value("#c-start") == str(item.text.index("drie"))  # type: ignore[attr-defined]
    assert page.locator("#code-preview").inner_text() == "drie kwartier wachten"  # type: ignore[attr-defined]
    page.select_option("#c-kind", "frustration")  # type: ignore[attr-defined]
    page.fill("#c-tag", "wachttijd")  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "web-texts-coding.png"), full_page=True)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Add code").click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r".*#codes$"))  # type: ignore[attr-defined]
    assert page.locator("mark.code-frustration").inner_text() == "drie kwartier wachten"  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "web-texts-coded.png"), full_page=True)  # type: ignore[attr-defined]
    for path, name in (("/texts", "list"), ("/themes", "themes"),
                       (f"/personas/{_personas(web_ws)[1].id}", "persona")):
        page.goto(path)  # type: ignore[attr-defined]
        page.screenshot(path=str(ARTIFACTS / f"web-texts-{name}.png"), full_page=True)  # type: ignore[attr-defined]
    assert not refused, refused
    page.context.close()  # type: ignore[attr-defined]


def test_tags_are_renamed_and_merged_on_the_themes_page(
        clients: dict[str, RoleClient], web_ws: Workspace, texts: list[TextItem]) -> None:
    from personakit.texts import add_code, list_tags

    analyst = clients["analyst"]
    items = [i for i in texts if i.competitor is None][:3]
    for item, tag in zip(items, ("wacht tijd", "wachten", "app"), strict=True):
        add_code(web_ws, item.id, 0, min(20, len(item.text)), "frustration", tag=tag,
                 actor="analyst")
    page = analyst.get("/themes").text
    assert 'id="tags-h"' in page and "wacht tijd" in page
    # Rename one, then merge two into one name: every code carrying them follows.
    response = analyst.post("/tags", data={"csrf": analyst.csrf, "action": "rename",
                                           "tag": "wacht tijd", "into": "wachttijd"},
                            follow_redirects=False)
    assert response.status_code == 303
    assert "wacht tijd" not in list_tags(web_ws) and "wachttijd" in list_tags(web_ws)
    response = analyst.post("/tags", data={"csrf": analyst.csrf, "action": "merge",
                                           "tag": ["wachttijd", "wachten"],
                                           "into": "wachten"}, follow_redirects=False)
    assert response.status_code == 303
    tags = list_tags(web_ws)
    assert "wachttijd" not in tags and tags["wachten"] >= 2
    # Every change is a revision with its author; a bad form changes nothing.
    assert audit_entries(web_ws, actor="analyst", action="texts.tag.merge")
    response = analyst.post("/tags", data={"csrf": analyst.csrf, "action": "merge",
                                           "into": "x"})
    assert response.status_code == 400 and list_tags(web_ws) == tags
    # A viewer reads the tags but cannot change them.
    viewer = clients["viewer"]
    assert viewer.post("/tags", data={"csrf": viewer.csrf, "action": "rename",
                                      "tag": "app", "into": "x"}).status_code == 403
    assert "app" in list_tags(web_ws)
