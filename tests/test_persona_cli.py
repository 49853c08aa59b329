"""The persona commands: build, report, versions, diff, personas (thin over the library)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.persona import build_personas
from personakit.workspace import Workspace
from tests.test_persona_build import make_segmentation

runner = CliRunner()


@pytest.fixture
def built(workspace: Workspace) -> Workspace:
    build_personas(workspace, make_segmentation())
    build_personas(workspace, make_segmentation())
    return workspace


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("fmt", ["html", "md", "json", "pptx"])
def test_report_writes_each_format(built: Workspace, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    data = json.loads(run("report", "--format", fmt, "--lang", "nl", "--out", str(out),
                          "-w", str(built.root), "--json"))
    assert data == {"format": fmt, "lang": "nl", "path": str(out)}
    assert out.stat().st_size > 500


def test_report_defaults_to_the_reports_folder(built: Workspace) -> None:
    output = run("report", "-w", str(built.root), "--lang", "en")
    assert "personas-en.html" in output
    assert (built.root / "reports" / "personas-en.html").is_file()


def test_unknown_format_is_a_clear_error(built: Workspace) -> None:
    result = runner.invoke(app, ["report", "--format", "docx", "-w", str(built.root)])
    assert result.exit_code == 1 and "docx" in result.output


def test_personas_lists_the_current_set(built: Workspace) -> None:
    data = json.loads(run("personas", "-w", str(built.root), "--json"))
    assert [p["id"] for p in data] == ["default-0", "default-1"]
    assert all(p["statements"] >= 5 and p["revision"] == 2 for p in data)
    assert "default-0" in run("personas", "-w", str(built.root))


def test_versions_and_diff(built: Workspace) -> None:
    versions = json.loads(run("versions", "-w", str(built.root), "--json"))
    assert [v["id"] for v in versions] == [1, 2]
    assert versions[0]["content_hash"] == versions[1]["content_hash"]
    assert versions[0]["inputs"]["crm"] == "abc123"
    assert "abc123"[:8] in run("versions", "-w", str(built.root))
    assert "identical" in run("diff", "1", "2", "-w", str(built.root), "--lang", "en")
    diff = json.loads(run("diff", "1", "2", "-w", str(built.root), "--json"))
    assert diff["same_content"] and {p["status"] for p in diff["personas"]} == {"same"}


def test_diff_of_unknown_version_fails_clearly(built: Workspace) -> None:
    result = runner.invoke(app, ["diff", "1", "9", "-w", str(built.root), "--lang", "en"])
    assert result.exit_code == 1 and "personakit versions" in result.output


def test_empty_workspace_says_what_to_do(workspace: Workspace) -> None:
    assert "personakit build" in run("versions", "-w", str(workspace.root), "--lang", "en")
    assert "personakit build" in run("personas", "-w", str(workspace.root), "--lang", "en")
