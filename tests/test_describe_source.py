"""``describe_source`` and the CLI commands of step 2 (import, sources, describe, link)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.ingest import describe_source, import_file
from personakit.workspace import Workspace

CRM = (
    "klantnummer;email;leeftijd;product;lid_sinds;toelichting;tevreden\n"
    + "".join(
        f"{i};klant{i}@example.nl;{20 + i % 50};{['Basis', 'Plus'][i % 2]};0{1 + i % 9}-01-2020;"
        f"Dit is een lange toelichting nummer {i} over de dienstverlening;"
        f"{['Tevreden', 'Zeer tevreden', 'Ontevreden'][i % 3]}\n"
        for i in range(1, 41)
    )
)


@pytest.fixture
def crm_ws(workspace: Workspace, tmp_path: Path) -> Workspace:
    path = tmp_path / "crm.csv"
    path.write_text(CRM, encoding="utf-8")
    import_file(workspace, path, key="klantnummer")
    return workspace


def test_summaries_per_role(crm_ws: Workspace) -> None:
    columns = {c.name: c for c in describe_source(crm_ws, "crm")}
    age = columns["leeftijd"].summary
    assert age["min"] == 21 and age["max"] == 60 and "median" in age and "mean" in age
    top = columns["product"].summary["top"]
    assert {e["value"] for e in top} == {"Basis", "Plus"} and top[0]["share"] == 0.5
    assert columns["toelichting"].summary["length"]["max"] > 50
    assert columns["lid_sinds"].summary["min"] == "2020-01-01"
    levels = [e["value"] for e in columns["tevreden"].summary["top"]]
    assert levels == ["Ontevreden", "Tevreden", "Zeer tevreden"]
    assert columns["product"].missing_share == 0.0 and columns["product"].n_unique == 2


def test_personal_data_shows_counts_never_values(crm_ws: Workspace) -> None:
    email = next(c for c in describe_source(crm_ws, "crm") if c.name == "email")
    assert email.summary == {"count": 40, "missing": 0, "distinct": 40}
    assert "@" not in json.dumps(email.model_dump(mode="json"))


def test_unknown_source(crm_ws: Workspace) -> None:
    from personakit.errors import WorkspaceError

    with pytest.raises(WorkspaceError) as caught:
        describe_source(crm_ws, "enquete")
    assert str(caught.value) == "No source named 'enquete'. Sources: crm."


def test_cli_import_sources_describe_link(workspace: Workspace, tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "crm.csv"
    path.write_text(CRM, encoding="utf-8")
    root = str(workspace.root)
    workspace.close()
    result = runner.invoke(app, ["import", str(path), "--key", "klantnummer", "-w", root])
    assert result.exit_code == 0, result.output
    assert "pii_email" in result.stdout and "[sources.crm.roles]" in result.stdout
    again = runner.invoke(app, ["import", str(path), "-w", root, "--json"])
    assert json.loads(again.stdout)["created"] is False
    listed = runner.invoke(app, ["sources", "-w", root, "--json"])
    assert json.loads(listed.stdout)[0]["rows"] == 40
    shown = runner.invoke(app, ["describe", "crm", "-w", root, "--lang", "nl"])
    assert shown.exit_code == 0 and "Kolom" in shown.stdout
    survey = tmp_path / "enquete.csv"
    survey.write_text("klantnummer,cijfer\n1,8\n2,7\n99,3\n", encoding="utf-8")
    runner.invoke(app, ["import", str(survey), "--key", "klantnummer", "-w", root, "-q"])
    linked = runner.invoke(app, ["link", "-w", root, "--json"])
    pair = json.loads(linked.stdout)["pairs"][0]
    assert {pair["a"], pair["b"]} == {"crm", "enquete"}
    assert pair["a_in_b"] == 2
    text = runner.invoke(app, ["link", "-w", root])
    assert "2 of 40 (5%)" in text.stdout or "2 of 3 (67%)" in text.stdout


@pytest.mark.parametrize("command", ["import", "sources", "describe", "link"])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
