"""Employee personas end to end (issue 14): the employee sample, the employee canvas in nl
and en, the report's sections from the template, and no small team identified."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from personakit.model import Persona, Statement
from personakit.report import build_report_tree
from personakit.sample._employees import (
    HR_FILE,
    SMALL_TEAM,
    SMALL_TEAM_SIZE,
    SURVEY_FILE,
    generate_employee_sample,
)
from personakit.templates import get_template
from personakit.templates._privacy import count_units, safe_statements, safe_texts
from personakit.track import current_personas
from personakit.workspace import Workspace

EMPLOYEES = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Persona]]:
    from personakit.pipeline import run_demo

    root = tmp_path_factory.mktemp("employees") / "ws"
    run_demo(root, customers=EMPLOYEES, seed=7, language="nl", formats=(),
             template="employee")
    with Workspace.open(root) as ws:
        assert ws.config.workspace.template == "employee"
        return root, current_personas(ws)


def test_sample_is_reproducible_with_hr_data_survey_and_a_small_team(tmp_path: Path) -> None:
    first = generate_employee_sample(tmp_path / "a", employees=EMPLOYEES, seed=3)
    second = generate_employee_sample(tmp_path / "b", employees=EMPLOYEES, seed=3)
    assert [f.sha256 for f in first.files] == [f.sha256 for f in second.files]
    hr = pd.read_csv(tmp_path / "a" / HR_FILE, sep=";")
    assert {"leeftijd", "dienstjaren", "uren_per_week", "afdeling", "functie"} <= set(hr.columns)
    assert (hr["afdeling"] == SMALL_TEAM).sum() == SMALL_TEAM_SIZE
    survey = pd.read_csv(tmp_path / "a" / SURVEY_FILE, sep=";")
    assert 0.7 * EMPLOYEES < len(survey) < EMPLOYEES
    assert len(first.segments) == 4 and sum(s.size for s in first.segments) == EMPLOYEES


def test_personas_use_the_employee_canvas(built: tuple[Path, list[Persona]]) -> None:
    _, personas = built
    template = get_template("employee")
    assert len(personas) >= 3
    for persona in personas:
        assert {s.section for s in persona.statements} <= set(template.order)
        # Every canvas section is either filled or explained.
        filled = {s.section for s in persona.statements}
        assert set(template.canvas) <= filled | set(persona.gaps)
        assert persona.extra["canvas"]["template"] == "employee"
    sections = {s.section for p in personas for s in p.statements}
    assert {"change", "learning", "workplace", "communication", "devices"} <= sections


def test_narrative_is_first_person_in_both_languages(built: tuple[Path, list[Persona]]) -> None:
    _, personas = built
    for persona in personas:
        first = persona.name.split(" ")[0]
        assert persona.narrative["nl"].startswith(f"Ik ben {first}.")
        assert persona.narrative["en"].startswith(f"I am {first}.")
        assert "medewerkers" in persona.biography["nl"]
        assert "employees" in persona.biography["en"]
        assert persona.quote["nl"] and persona.quote["en"]
        assert persona.quote["nl"] != persona.quote["en"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_sections_come_from_the_template(built: tuple[Path, list[Persona]],
                                                lang: str) -> None:
    root, personas = built
    tree = build_report_tree(personas, lang=lang, root=root)
    titles = {s.title for page in tree.personas for s in page.sections}
    working_day = get_template("employee").title_of("working_day", lang)
    change = get_template("employee").title_of("change", lang)
    assert {working_day, change} & titles
    order = get_template("employee").order
    for page in tree.personas:
        keys = [s.key for s in page.sections]
        assert keys == sorted(keys, key=order.index)


def test_no_statement_or_quote_names_the_small_team(built: tuple[Path, list[Persona]]) -> None:
    _, personas = built
    for persona in personas:
        for statement in persona.statements:
            for lang in ("nl", "en"):
                assert SMALL_TEAM not in statement.text[lang]


def _unit_statement(level: str) -> Statement:
    from personakit.model import Evidence

    return Statement(id=f"s-{level}", section="demographics",
                     text={"nl": level, "en": level},
                     evidence=[Evidence(kind="statistic", variable="hr__afdeling", level=level)])


def test_unit_rule_drops_small_cells_of_statements_and_texts() -> None:
    members = pd.DataFrame({"key": [str(i) for i in range(40)],
                            "profile_id": ["p1"] * 25 + ["p2"] * 15})
    # p1: 20 in ICT, 5 in Legal; p2: 12 in ICT, 3 in Legal.
    unit = pd.Series(["ICT"] * 20 + ["Legal"] * 5 + ["ICT"] * 12 + ["Legal"] * 3,
                     index=[str(i) for i in range(40)])
    counts = count_units({"afdeling": unit}, members)
    statements = [_unit_statement("ICT"), _unit_statement("Legal")]
    kept = safe_statements(statements, "p1", counts, min_group_size=10)
    assert [s.id for s in kept] == ["s-ICT"]
    assert safe_statements(statements, "p2", counts, min_group_size=10) == [statements[0]]
    assert safe_statements(statements, "p2", counts, min_group_size=13) == []
    texts = pd.DataFrame({"key": ["0", "21", "30", "38"], "source": "s", "column": "c",
                          "text": ["a", "b", "c", "d"]})
    left = safe_texts(texts, members, counts, min_group_size=10)
    assert left is not None and list(left["key"]) == ["0", "30"]


def test_the_web_editor_offers_the_template_s_sections(built: tuple[Path, list[Persona]]
                                                       ) -> None:
    # An insight added in the web app goes into one of the employee canvas's sections
    # (titled as the template titles them), and a b2c-only section is refused.
    from personakit.access import add_user
    from personakit.track import get_persona
    from personakit.web import create_app
    from tests._webapp import cheap_hashing, client_for, csrf_of

    root, personas = built
    persona = personas[0]
    with Workspace.open(root) as ws, cheap_hashing():
        add_user(ws, "redacteur", "correct horse battery", "editor", language="nl")
        client = client_for(create_app(ws))
        from tests._webapp import login

        client.csrf = login(client, "redacteur", "correct horse battery")
        page = client.get(f"/personas/{persona.id}/edit").text
        template = get_template("employee")
        for section in template.sections:
            assert f'<option value="{section.id}"' in page
        assert '<option value="buying"' not in page

        def add(section: str) -> int:
            form = {"csrf": csrf_of(page), "base_revision": str(persona.revision),
                    "text": "Werkt liever 's ochtends", "section": section,
                    "statement": "new", "assumption": "on"}
            return int(client.post(f"/personas/{persona.id}/insight", data=form,
                                   follow_redirects=False).status_code)

        assert add("buying") == 400
        assert add(template.sections[0].id) == 303
        saved = get_persona(ws, persona.id)
        assert saved.statements[-1].section == template.sections[0].id
