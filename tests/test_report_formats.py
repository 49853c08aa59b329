"""Every report format renders the current personas; user text is escaped everywhere."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from personakit.errors import InputError, WorkspaceError
from personakit.model import Quote
from personakit.persona import build_personas
from personakit.report import SCHEMA_FILE, formats, register_renderer, render
from personakit.report._registry import ReportContext
from personakit.track import current_personas, get_persona, save_persona
from personakit.workspace import Workspace
from tests.test_persona_build import make_segmentation

EVIL = "<script>alert('x')</script> & *bold* [link](http://x)"


@pytest.fixture
def built(workspace: Workspace) -> Workspace:
    build_personas(workspace, make_segmentation())
    persona = get_persona(workspace, "default-0")
    quote = Quote(text=EVIL, source="enquete", date="2025-01-02")
    save_persona(workspace, persona.model_copy(update={"quotes": [quote]}), base_revision=1,
                 author="test")
    return workspace


def names(ws: Workspace) -> list[str]:
    return [p.name for p in current_personas(ws)]


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> None:
    """The subset of JSON Schema our schema file uses: type, required, properties, items,
    enum, $ref, additionalProperties."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    types = schema.get("type")
    names = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
             "integer": int, "number": (int, float)}
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        assert any(isinstance(value, names[t]) and not (t in ("integer", "number") and
                   isinstance(value, bool)) for t in allowed), f"{where}: {value!r} not {types}"
    if "enum" in schema:
        assert value in schema["enum"], where
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        for key, item in value.items():
            sub = schema.get("properties", {}).get(key) or schema.get("additionalProperties")
            if isinstance(sub, dict):
                _validate(item, sub, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _validate(item, schema["items"], root, f"{where}[{i}]")


def test_json_follows_the_shipped_schema(built: Workspace, tmp_path: Path) -> None:
    path = render(built, "json", lang="en", out=tmp_path / "p.json")
    payload = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    _validate(payload, schema, schema)
    assert payload["schema_version"] == "1.3"
    first = payload["personas"][0]
    assert first["id"] == "default-0" and first["profile_id"] == "seg1-0"
    assert first["statements"][0]["text"].keys() == {"nl", "en"}
    assert first["statements"][0]["evidence"][0]["kind"] == "statistic"
    assert first["quotes"][0]["text"] == EVIL
    assert payload["version"]["inputs"]["crm"] == "abc123"


def test_json_schema_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "json-schema.md").read_text(
        encoding="utf-8")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for key in schema["$defs"]["persona"]["properties"]:
        assert f"`{key}`" in doc, key
    assert "`schema_version`" in doc


def test_html_is_self_contained_and_escapes_user_text(built: Workspace, tmp_path: Path) -> None:
    html = render(built, "html", lang="nl", out=tmp_path / "p.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "").replace(
        "http://x", "")
    assert "src=\"http" not in html and "<link" not in html
    for name in (*names(built), "Overzicht", "Onderbouwing", "Zo benader je"):
        assert name in html
    assert html.count('<article class="persona"') == 2
    assert "data:image/svg+xml;base64," in html and "<svg" in html  # avatar + charts
    assert "@page" in html and "A3" in html


def test_markdown_escapes_user_text(built: Workspace, tmp_path: Path) -> None:
    md = render(built, "md", lang="en", out=tmp_path / "p.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "\\<script\\>" in md and "\\*bold\\*" in md
    assert f"## {names(built)[0]}" in md and "[^default-0-1]:" in md


def test_pptx_has_an_overview_and_one_slide_per_persona(built: Workspace, tmp_path: Path) -> None:
    deck = Presentation(str(render(built, "pptx", lang="en", out=tmp_path / "p.pptx")))
    assert len(deck.slides) == 3
    texts = ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
             for slide in deck.slides]
    first, second = names(built)
    assert first in texts[0] and second in texts[0]
    assert first in texts[1] and "How to approach" in texts[1]
    assert any(shape.shape_type == 13 for shape in deck.slides[1].shapes)  # the avatar picture


def test_pdf_is_one_a3_poster_per_persona(built: Workspace, tmp_path: Path) -> None:
    pdf = render(built, "pdf", lang="nl", out=tmp_path / "p.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "A3" in info.stdout
    assert "Pages:           2" in info.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert all(name in text for name in names(built))
    assert "<script>" in text  # shown as text, never run


def test_unknown_format_and_empty_workspace_are_clear_errors(workspace: Workspace,
                                                             tmp_path: Path) -> None:
    with pytest.raises(InputError, match="html"):
        render(workspace, "docx", lang="en", out=tmp_path / "x")
    with pytest.raises(WorkspaceError, match="personakit build"):
        render(workspace, "html", lang="en", out=tmp_path / "x.html")


def test_renderers_are_a_registry_plugins_can_join(built: Workspace, tmp_path: Path) -> None:
    assert formats() == ["html", "journey-pdf", "json", "md", "pdf", "poster-pdf", "pptx"]

    def names_only(context: ReportContext, out: Path) -> Path:
        out.write_text("\n".join(p.name for p in context.tree.personas), encoding="utf-8")
        return out

    register_renderer("names", names_only)
    try:
        out = render(built, "names", lang="en", out=tmp_path / "names.txt")
        assert out.read_text(encoding="utf-8").splitlines() == names(built)
    finally:
        from personakit.report._registry import _RENDERERS

        _RENDERERS.pop("names")


def test_report_language_switches_every_text(built: Workspace, tmp_path: Path) -> None:
    en = render(built, "html", lang="en", out=tmp_path / "en.html").read_text(encoding="utf-8")
    nl = render(built, "html", lang="nl", out=tmp_path / "nl.html").read_text(encoding="utf-8")
    assert "How to approach" in en and "Zo benader je" not in en
    assert "The digital self-starter" in en and "De digitale zelfredder" in nl
