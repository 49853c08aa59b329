"""Canvas templates as data (issue 14): the format, the registry, the b2c template that is
today's canvas unchanged, and choosing or copying a template in a workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.errors import ConfigError, WorkspaceError
from personakit.i18n import LANGUAGES, catalogue
from personakit.model import Statement
from personakit.persona._canvas import CANVAS, PRECEDENCE, WORDING, canvas_gaps, wording_section
from personakit.persona._statements import SECTION_ORDER
from personakit.templates import (
    BUILTIN,
    FIXED_SECTIONS,
    copy_template,
    get_template,
    init_workspace,
    parse_template,
    registered,
    template_name_for,
    use_template,
)
from personakit.workspace import Workspace

B2C_CANVAS = ("goals", "frustrations", "drivers", "fears", "dreams", "expectations",
              "barriers", "skills", "channels", "tone", "buying", "media")


def test_builtin_templates_load_and_have_the_fixed_sections() -> None:
    assert set(BUILTIN) <= set(registered())
    for name in BUILTIN:
        template = get_template(name)
        assert template.name == name
        assert set(FIXED_SECTIONS) <= set(template.order)
        for lang in LANGUAGES:
            assert template.title[lang]
            assert all(s.title[lang] for s in template.sections)


@pytest.mark.parametrize("name", BUILTIN)
def test_every_canvas_section_has_a_lead_and_a_need_in_both_languages(name: str) -> None:
    # An empty section must say what would fill it; a narrative needs its lead-in.
    template = get_template(name)
    known = catalogue()
    for section in template.sections:
        if not section.canvas:
            continue
        assert section.need or f"canvas.need.{section.id}" in known, section.id
        assert section.lead or f"persona.narr.lead.{section.id}" in known, section.id


def test_b2c_template_is_todays_canvas() -> None:
    b2c = get_template("b2c")
    assert CANVAS == B2C_CANVAS == b2c.canvas
    assert SECTION_ORDER == b2c.order
    assert PRECEDENCE[:3] == ("tone", "fears", "dreams")
    assert WORDING["frustrations"][0] == ("ergernis", 2)
    assert ("hinder", 1) in WORDING["frustrations"]
    for section in b2c.sections:  # the titles are the catalogue's
        for lang in LANGUAGES:
            assert section.title[lang] == catalogue()[f"persona.section.{section.id}"][lang]


@pytest.mark.parametrize(("name", "item", "section"), [
    ("employee", "Ik sta open voor veranderingen in mijn werk", "change"),
    ("employee", "Leerstijl", "learning"),
    ("employee", "Werkplek meestal", "workplace"),
    ("employee", "Voorkeurskanaal interne communicatie", "communication"),
    ("employee", "Apparaten op het werk", "devices"),
    ("employee", "Waar word je blij van in je werk", "happy"),
    ("employee", "Wat frustreert je in je werk", "frustrations"),
    ("employee", "Beschrijf je werkdag in een paar zinnen", "working_day"),
    ("employee", "dienstjaren", "demographics"),
    ("b2b", "Rol in de DMU", "buying_role"),
    ("b2b", "Wat geeft de doorslag bij de keuze voor een leverancier?", "decision_criteria"),
    ("b2b", "Which objections do you have?", "objections"),
    ("b2b", "bedrijfsgrootte", "company"),
    ("citizen", "Schulden of gezondheidsproblemen", "life_domains"),
    ("citizen", "Sollicitaties per maand", "human_capital"),
    ("citizen", "Vrijwilligerswerk of sociaal netwerk", "social_capital"),
    ("citizen", "Kansen op de arbeidsmarkt", "outflow"),
    ("b2c", "Hoe neemt u het liefst contact op?", "channels"),
])
def test_wording_rule_per_template(name: str, item: str, section: str) -> None:
    assert wording_section(item, get_template(name)) == section


def test_gaps_follow_the_template_and_name_its_people() -> None:
    employee = get_template("employee")
    filled = [Statement(id="x", section="change", text={"nl": "a", "en": "a"})]
    gaps = canvas_gaps(filled, {"learning": ["Leerstijl"]}, employee)
    assert set(gaps) == set(employee.canvas) - {"change"}
    assert "employees" in gaps["learning"]["en"] and "medewerkers" in gaps["learning"]["nl"]
    assert "workplace" in gaps and gaps["workplace"]["nl"].startswith("Nog geen gegevens")


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "Bad Name"}, "name"),
    ({"sections": []}, "sections missing"),
    ({"fallback": {"goals": "nowhere"}}, "unknown sections"),
    ({"title": {"nl": "alleen nl"}}, "title"),
])
def test_a_broken_template_names_file_and_field(change: dict[str, object], field: str) -> None:
    import tomllib

    from personakit.templates import builtin_text

    data = {**tomllib.loads(builtin_text("employee")), **change}
    with pytest.raises(ConfigError) as caught:
        parse_template(data, "mine.toml")
    assert caught.value.params["file"] == "mine.toml"
    assert field in caught.value.message("en")


def test_init_with_template_and_per_target_group_setting(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", language="en", template="employee")
    with Workspace.open(ws.root) as opened:
        assert opened.config.workspace.template == "employee"
        assert template_name_for(opened) == "employee"
        with opened.transaction() as st:
            st.edit_config()["target_groups"]["staff"] = {"where": "afdeling = 'ICT'"}
        use_template(opened, "citizen", target_group="staff")
        assert opened.config.target_groups["staff"].template == "citizen"
    with pytest.raises(ConfigError):
        init_workspace(tmp_path / "other", template="nonsense")
    assert not (tmp_path / "other").exists()


def test_copy_adapts_a_template_in_the_workspace(workspace: Workspace) -> None:
    path = copy_template(workspace, "employee", "staff", use=True)
    assert path == workspace.root / "templates" / "staff.toml"
    assert workspace.config.workspace.template == "staff"
    text = path.read_text(encoding="utf-8").replace('"Mijn werkdag"', '"Mijn dag"')
    path.write_text(text, encoding="utf-8")
    adapted = get_template("staff", workspace.root)
    assert adapted.title_of("working_day", "nl") == "Mijn dag"
    assert adapted.origin == str(path)
    with pytest.raises(WorkspaceError):
        copy_template(workspace, "employee", "staff")


def test_template_cli_list_copy_use(workspace: Workspace) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["template", "list", "--json", "-w", str(workspace.root)])
    assert listed.exit_code == 0, listed.output
    assert {t["name"] for t in json.loads(listed.output)["templates"]} >= set(BUILTIN)
    copied = runner.invoke(app, ["template", "copy", "b2b", "-w", str(workspace.root)])
    assert copied.exit_code == 0, copied.output
    assert (workspace.root / "templates" / "b2b.toml").is_file()
    used = runner.invoke(app, ["template", "use", "b2b", "-w", str(workspace.root)])
    assert used.exit_code == 0, used.output
    assert Workspace.open(workspace.root).config.workspace.template == "b2b"
    bad = runner.invoke(app, ["template", "use", "nope", "-w", str(workspace.root)])
    assert bad.exit_code == 1 and "nope" in bad.output


def test_init_cli_takes_a_template(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "w"), "--template", "employee"])
    assert result.exit_code == 0, result.output
    assert Workspace.open(tmp_path / "w").config.workspace.template == "employee"


def test_public_api_is_sorted() -> None:
    import personakit.templates as module

    assert module.__all__ == sorted(module.__all__)
    assert all(hasattr(module, name) for name in module.__all__)


def test_a_theme_lands_once_where_two_of_its_sections_meet() -> None:
    # The citizen template puts barriers and frustrations both under "incentives": a theme
    # counted among the answers on barriers and among the negative texts says it once there.
    from personakit.model import Evidence
    from personakit.persona._build import _in_canvas_order
    from personakit.templates import get_template

    def theme(section: str, variable: str) -> Statement:
        return Statement(id=variable, section=section, text={"nl": variable, "en": variable},
                         evidence=[Evidence(kind="statistic", variable=variable)])

    placed = _in_canvas_order([theme("barriers", "theme:t1@barriers"),
                               theme("frustrations", "theme:t1@negative"),
                               theme("frustrations", "theme:t2@negative")],
                              get_template("citizen"))
    assert [(s.section, s.id) for s in placed] == [("incentives", "theme:t1@barriers"),
                                                   ("incentives", "theme:t2@negative")]
