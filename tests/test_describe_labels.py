"""``personakit describe`` shows each column's label and a survey item's statement form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.ingest import import_file
from personakit.workspace import Workspace

SURVEY = "klantnummer;aantal_klachten;Ik regel mijn zaken het liefst online\n" + "".join(
    f"{i};{i % 4};{['Eens', 'Oneens', 'Neutraal', 'Helemaal eens'][i % 4]}\n"
    for i in range(1, 41))


def _describe(workspace: Workspace, tmp_path: Path, lang: str, *extra: str) -> str:
    path = tmp_path / "enquete.csv"
    path.write_text(SURVEY, encoding="utf-8")
    import_file(workspace, path, key="klantnummer")
    result = CliRunner().invoke(app, ["describe", "enquete", "--workspace",
                                      str(workspace.root), "--lang", lang, *extra],
                                 env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.output


def test_labels_in_the_chosen_language(workspace: Workspace, tmp_path: Path) -> None:
    english = " ".join(_describe(workspace, tmp_path, "en").split())
    assert "Label" in english and "number of complaints" in english
    assert "prefers to arrange things online" in english
    dutch = " ".join(_describe(workspace, tmp_path, "nl").split())
    assert "regelt zaken het liefst online" in dutch
    assert "number of complaints" not in dutch


def test_labels_in_json_in_both_languages(workspace: Workspace, tmp_path: Path) -> None:
    rows = {row["name"]: row for row in json.loads(_describe(workspace, tmp_path, "en",
                                                             "--json"))}
    label = rows["aantal_klachten"]["label"]
    assert (label["nl"], label["en"]) == ("aantal klachten", "number of complaints")
    item = rows["Ik regel mijn zaken het liefst online"]["label"]
    assert item["kind"] == "statement" and item["statement_nl"].startswith("regelt zaken")


@pytest.mark.parametrize(("level", "english"), [
    ("Helemaal mee eens", "strongly agree"), ("Mee eens", "agree"),
    ("Niet eens, niet oneens", "neither agree nor disagree"), ("Neutraal", "neutral"),
    ("Niet mee eens", "disagree"), ("Helemaal oneens", "strongly disagree"),
])
def test_dutch_answer_scale_words_read_in_english(level: str, english: str) -> None:
    # Survey exports often carry the answer as text: an English persona must not quote
    # 'Mee eens' (seen in the citizen and B2B samples).
    from personakit.persona._labels import level_text

    assert level_text(level, "en") == english
    assert level_text(level, "nl") == level
