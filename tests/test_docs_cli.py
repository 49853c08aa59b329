"""Tests that prove the docs: every command has help with an example, and docs/cli.md is current."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.cli._docs import all_commands, render_cli_reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
COMMANDS = [name for name, _ in all_commands()]


@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_nonempty_with_an_example(name: str) -> None:
    result = CliRunner().invoke(app, [*name.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_cli_reference(), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_every_command_has_a_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"## `{name}`" in text
