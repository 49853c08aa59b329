"""``personakit import`` of documents and reviews, ``texts list`` and ``texts link``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._webapp import copy_ws, template


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("command", [["texts"], ["texts", "list"], ["texts", "link"]])
def test_help_ends_with_an_example(command: list[str]) -> None:
    code, output = _run(*command, "--help")
    assert code == 0 and "Example:" in output


def test_import_help_offers_kind_and_competitor() -> None:
    code, output = _run("import", "--help")
    assert code == 0 and "--kind" in output and "--competitor" in output


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "ws"
    Workspace.init(root, language="en").close()
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "one.md").write_text("Klantnummer: 1007156\n\nBel me op 06-12345678, graag "
                                   "na vijven.\n\nDe app is prima.", encoding="utf-8")
    (folder / "two.txt").write_text("I: Wat ergert u?\nR: Het wachten in de spits.\n"
                                    "I: En verder?\nR: Niks eigenlijk.", encoding="utf-8")
    code, output = _run("import", str(folder), "--kind", "interview", "-w", str(root))
    assert code == 0, output
    reviews = tmp_path / "wegwijs.csv"
    reviews.write_text("id;beoordeling;recensie\n" + "".join(
        f"W{i};{1 + i % 5};Goedkoop maar lang wachten op de A{i}.\n" for i in range(25)),
        encoding="utf-8")
    code, output = _run("import", str(reviews), "--competitor", "Wegwijs", "-w", str(root))
    assert code == 0, output
    yield root


def test_import_stores_kind_and_competitor(ws: Path) -> None:
    with Workspace.open(ws) as workspace:
        assert workspace.config.sources["notes"].options == {"kind": "interview"}
        assert workspace.config.sources["wegwijs"].options == {"competitor": "Wegwijs",
                                                               "kind": "review"}


def test_texts_list_shows_redacted_texts(ws: Path) -> None:
    code, output = _run("texts", "list", "--source", "notes", "--json", "-w", str(ws))
    assert code == 0, output
    items = json.loads(output)
    assert [i["id"] for i in items] == ["notes:one.md:1", "notes:one.md:2", "notes:two.txt:1",
                                        "notes:two.txt:2"]
    assert items[0]["text"] == "Bel me op [telefoon], graag na vijven."
    assert items[0]["key"] == "1007156" and items[0]["lang"] == "nl"
    assert items[2]["question"] == "Wat ergert u?"
    code, output = _run("texts", "list", "--unlinked", "--limit", "3", "--json", "-w", str(ws))
    assert code == 0 and len(json.loads(output)) == 3
    code, output = _run("texts", "list", "--source", "wegwijs", "-w", str(ws), "--lang", "en")
    assert code == 0, output
    assert "wegwijs:W0" in output and "25 of 25 texts shown; 0 linked" in output
    code, output = _run("texts", "list", "--source", "niets", "-w", str(ws), "--lang", "nl")
    assert code == 0 and "Geen teksten gevonden" in output


def test_bad_document_on_the_command_line(ws: Path, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.docx"
    bad.write_text("geen zip", encoding="utf-8")
    code, output = _run("import", str(bad), "-w", str(ws), "--lang", "nl")
    assert code == 1
    assert "geen Word-document (.docx)" in output and "kapot.docx" in output
    code, output = _run("import", str(bad), "--kind", "tweet", "-w", str(ws))
    assert code == 1 and "Unknown kind of texts 'tweet'" in output


def test_link_needs_personas(ws: Path) -> None:
    code, output = _run("texts", "link", "notes", "two.txt", "--profile", "P1", "-w", str(ws))
    assert code == 1 and "no personas yet" in output
    code, output = _run("texts", "link", "notes", "drie.txt", "--profile", "P1", "-w",
                        str(ws), "--json")
    assert code == 1 and json.loads(output)["error"] == "texts.items.error.unknown_document"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    ws = copy_ws(template(tmp_path_factory), tmp_path_factory.mktemp("texts-cli") / "ws")
    ws.close()
    yield ws.root


def test_link_a_document_to_a_profile(demo: Path) -> None:
    with Workspace.open(demo) as ws:
        persona = current_personas(ws)[0]
    code, output = _run("texts", "list", "--source", "interviews", "--unlinked", "--limit",
                        "0", "--json", "-w", str(demo))
    assert code == 0, output
    document = json.loads(output)[0]["document"]
    code, output = _run("texts", "link", "interviews", document, "--profile",
                        persona.profile_id, "--actor", "tester", "-w", str(demo), "--lang",
                        "en")
    assert code == 0, output
    assert f"Document {document} of interviews now speaks for profile" in output
    code, output = _run("texts", "list", "--persona", persona.id, "--limit", "0", "--json",
                        "-w", str(demo))
    linked = [i for i in json.loads(output) if i["document"] == document]
    assert linked and all(i["linked_by"] == "profile" for i in linked)


def test_texts_assigned_by_content_show_it(demo: Path) -> None:
    # The demo's theming step gave texts linked to nobody the persona their content
    # resembles most: the list shows it (and still offers them as unlinked to an analyst).
    from personakit.texts import current_themes

    with Workspace.open(demo) as ws:
        run = current_themes(ws)
    assert run is not None and run.content_links
    link = run.content_links[0]
    code, output = _run("texts", "list", "--limit", "0", "--json", "-w", str(demo))
    assert code == 0, output
    item = next(i for i in json.loads(output) if i["id"] == link.item_id)
    assert item["linked_by"] == "content" and item["persona_id"] == link.persona_id
    code, output = _run("texts", "list", "--unlinked", "--limit", "0", "--json", "-w",
                        str(demo))
    assert link.item_id in {i["id"] for i in json.loads(output)}
