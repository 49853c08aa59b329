"""The persona's themes in the report (issue 11): HTML, Markdown and JSON show each theme's
label, share against the rest, sentiment and one snippet; the JSON follows its schema."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest

from personakit.persona import build_personas
from personakit.report import SCHEMA_FILE, render
from personakit.texts import TextItem
from personakit.workspace import Workspace
from tests._textsdata import IDENTIFYING, make_items, make_run, store_run
from tests.test_persona_build import make_segmentation
from tests.test_report_formats import _validate

LINKS = [("default-0", "seg1-0"), ("default-1", "seg1-1")]


@pytest.fixture
def themed(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    items: list[TextItem] = make_items(LINKS)
    monkeypatch.setattr("personakit.texts.text_items", lambda ws, **_: items)
    store_run(workspace, make_run(items, LINKS))
    build_personas(workspace, make_segmentation())
    return workspace


def test_html_shows_each_persona_s_themes(themed: Workspace, tmp_path: Path) -> None:
    raw = render(themed, "html", lang="nl", out=tmp_path / "r.html").read_text(encoding="utf-8")
    assert raw.count('<section class="themes">') == 2
    html = unescape(raw)
    assert "Thema's" in html and "wachten, telefoon, wachttijd" in html
    assert "<strong>wachten, telefoon, wachttijd</strong> <em class=\"tag\">vaker</em>" in html
    assert "30 %" in html and "30 van 100 teksten" in html and "negatief (-0,6)" in html
    assert "Noemt vaker dan anderen ‘wachten, telefoon, wachttijd’" in html  # on the canvas
    # the statement's footnote: the figure as a share, with lift and interval
    assert "thema ‘wachten, telefoon, wachttijd’: 30 % in dit profiel tegen 12 % bij de rest" \
        in html
    assert "Een thema uit de teksten is een uitspraak op het canvas" in html  # the method
    for text in IDENTIFYING:
        assert text not in html


def test_markdown_has_a_theme_table(themed: Workspace, tmp_path: Path) -> None:
    text = render(themed, "md", lang="en", out=tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.count("### Themes") == 2
    assert "| Theme | This group | Others | Lift | Sentiment | For instance |" in text
    row = next(line for line in text.splitlines() if "waiting, phone" in line
               and line.startswith("| **"))
    assert "*(more often)*" in row and "30%" in row and "30 of 100 texts" in row
    assert "negative (-0.6)" in row and "“" in row
    assert "price, membership fee" in text  # listed, not on the canvas
    assert "| **price" not in text


def test_json_carries_the_themes_and_follows_the_schema(themed: Workspace,
                                                        tmp_path: Path) -> None:
    payload = json.loads(render(themed, "json", lang="en", out=tmp_path / "r.json")
                         .read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    _validate(payload, schema, schema)
    assert payload["schema_version"] == "1.3"
    assert "themes" in schema["$defs"]["persona"]["properties"]
    second = next(p for p in payload["personas"] if p["id"] == "default-1")
    themes = {t["id"]: t for t in second["themes"]}
    wait = themes["t-wait"]
    assert wait["over"] is True and wait["share"] == pytest.approx(0.3)
    assert (wait["in_theme"], wait["texts"], wait["rest_texts"]) == (30, 100, 100)
    assert wait["label"] == {"nl": "wachten, telefoon, wachttijd",
                             "en": "waiting, phone, waiting time"}
    assert set(wait["snippet"]) == {"text", "source", "date"}  # no text id
    assert "t-small" not in themes  # 8 texts: below the minimum group size
    statement = next(s for s in second["statements"] if s["id"] == "theme:t-wait")
    assert statement["section"] == "frustrations"
    kinds = [e["kind"] for e in statement["evidence"]]
    assert kinds[0] == "statistic" and "quote" in kinds
    assert payload["version"]["inputs"]["themes"] == "run-test-1@1"


def test_without_texts_the_report_has_no_themes(workspace: Workspace, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("personakit.texts.text_items", lambda ws, **_: [])
    build_personas(workspace, make_segmentation())
    html = render(workspace, "html", lang="en", out=tmp_path / "r.html").read_text(
        encoding="utf-8")
    assert 'class="themes"' not in html and "A theme from the texts" not in html
    payload = json.loads(render(workspace, "json", lang="en", out=tmp_path / "r.json")
                         .read_text(encoding="utf-8"))
    assert all(p["themes"] == [] for p in payload["personas"])
    assert "themes" not in payload["version"]["inputs"]
