"""``personakit sample`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from personakit.cli import app


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["sample", "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and "--customers" in result.output


def test_sample_writes_the_files(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = CliRunner().invoke(app, ["sample", str(out), "--customers", "500", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "crm_export.csv" in result.output
    manifest = json.loads((out / "sample.json").read_text(encoding="utf-8"))
    assert manifest["customers"] == 500
    assert (out / "_truth" / "segments.csv").is_file()


def test_json_output_is_the_manifest(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["sample", str(tmp_path), "--customers", "500", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["seed"] == 3 and [f["source"] for f in data["files"]][0] == "crm"


def test_bad_customer_count_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["sample", str(tmp_path / "x"), "--customers", "5", "--lang", "nl"])
    assert result.exit_code == 1
    assert "Aantal klanten 5" in result.output
    assert not (tmp_path / "x").exists()
