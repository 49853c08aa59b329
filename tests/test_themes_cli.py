"""``personakit themes``: themes with their figures per persona and per competitor, as a
table and as JSON, stored; clear errors for a bad method, an unknown persona and no texts."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.texts import TextItem, current_themes
from personakit.texts import _themes as themes_module
from personakit.workspace import Workspace

runner = CliRunner()
TOPICS = [
    ["Mijn pakket is niet bezorgd, de bezorger kwam niet.",
     "De bezorging van het pakket duurde twee weken."],
    ["De app crasht bij het inloggen sinds de update.",
     "Inloggen in de app lukt niet, steeds een foutmelding."],
    ["De wegenwacht was snel ter plaatse, top geholpen.",
     "Binnen een half uur was de wegenwacht er, heel vriendelijk."],
]


def texts() -> list[TextItem]:
    """Persona a writes mostly about delivery, b about the app; a third of the reviews are
    a competitor's."""
    rng = random.Random(4)
    items = []
    for n in range(240):
        topic = n % 3
        owner = rng.choices("ab", weights=(0.8, 0.2) if topic == 0 else (0.2, 0.8))[0]
        rival = n % 4 == 0
        items.append(TextItem(
            id=f"r:{n:03d}", source="rivaal" if rival else "eigen", kind="review",
            text=rng.choice(TOPICS[topic]) + f" Klant {n}.", rating=rng.choice([1, 2, 4, 5]),
            competitor="Rivaal" if rival else None,
            profile_id=None if rival else f"profile-{owner}",
            persona_id=None if rival else f"persona-{owner}",
            linked_by="none" if rival else "key"))
    return items


@pytest.fixture
def themed(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setattr(themes_module, "workspace_items", lambda ws: texts())
    return workspace


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240"})
    return result.exit_code, result.output


def test_themes_as_json_are_stored(themed: Workspace) -> None:
    code, output = _run("themes", "--method", "tfidf", "--k", "3", "--json",
                        "-w", str(themed.root))
    assert code == 0, output
    data = json.loads(output)
    assert data["method"] == "tfidf" and len(data["themes"]) == 3
    assert sum(t["size"] for t in data["themes"]) == 240
    stored = current_themes(themed)
    assert stored is not None and stored.id == data["id"] and stored.author == "cli"
    groups = {s["profile_id"] for t in data["themes"] for s in t["shares"]}
    assert groups == {"profile-a", "profile-b", "ours", "competitor:Rivaal"}


def test_themes_table_with_personas(themed: Workspace) -> None:
    code, output = _run("themes", "--method", "tfidf", "--k", "3", "--lang", "en",
                        "-w", str(themed.root))
    assert code == 0, output
    assert "Themes" in output and "Key terms" in output and "lift" in output
    assert "persona-a" in output and "persona-b" in output
    assert "TF-IDF with NMF" in output and "This method was asked for." in output


def test_one_persona_most_over_represented_first(themed: Workspace) -> None:
    code, output = _run("themes", "--method", "tfidf", "--k", "3", "--persona", "persona-b",
                        "--lang", "nl", "-w", str(themed.root))
    assert code == 0, output
    assert "persona-b" in output and "persona-a" not in output.split("Aandeel")[-1]
    table = output.split("Aandeel")[-1]
    first_row = next(line for line in table.splitlines() if line.startswith("│ t"))
    assert "app" in first_row  # b writes about the app most


def test_competitors_beside_ours(themed: Workspace) -> None:
    code, output = _run("themes", "--method", "tfidf", "--k", "3", "--competitors",
                        "--lang", "nl", "-w", str(themed.root))
    assert code == 0, output
    assert "Wij" in output and "Rivaal" in output and "concurrenten" in output


def test_embedding_with_throughput(themed: Workspace) -> None:
    code, output = _run("themes", "--k", "3", "--lang", "en", "-w", str(themed.root))
    assert code == 0, output
    assert "distinct passages in" in output and "per second" in output


def test_bad_input_is_a_clear_error(themed: Workspace) -> None:
    code, output = _run("themes", "--method", "bert", "-w", str(themed.root))
    assert code == 1 and "Unknown method bert" in output and "embedding, tfidf" in output
    code, output = _run("themes", "--method", "tfidf", "--persona", "nobody",
                        "-w", str(themed.root))
    assert code == 1 and "nobody" in output


def test_no_texts(workspace: Workspace) -> None:
    code, output = _run("themes", "--lang", "en", "-w", str(workspace.root))
    assert code == 1 and "no texts to theme" in output
    assert current_themes(workspace) is None


def test_help_ends_with_an_example() -> None:
    result = runner.invoke(app, ["themes", "--help"])
    assert result.exit_code == 0
    assert result.output.rstrip().splitlines()[-1].strip().startswith("╰") or \
        "Example: personakit themes" in result.output
    assert "Example: personakit themes" in result.output


def test_before_any_personas_the_table_gives_way_to_a_hint(workspace: Workspace,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    unlinked = [item.model_copy(update={"profile_id": None, "persona_id": None,
                                        "linked_by": "none", "competitor": None})
                for item in texts()]
    monkeypatch.setattr(themes_module, "workspace_items", lambda ws: unlinked)
    code, output = _run("themes", "--method", "tfidf", "--k", "3", "--lang", "en",
                        "-w", str(workspace.root))
    assert code == 0, output
    assert "No personas yet" in output and "personakit build" in output
