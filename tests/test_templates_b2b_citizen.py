"""Business-buyer and citizen personas end to end (issue 14): each template's own sample,
its hidden groups found again, statements in the template's sections, and the report's
sections titled by the template in nl and en."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from personakit.model import Persona
from personakit.persona._canvas import wording_section
from personakit.report import build_report_tree, render
from personakit.sample import _b2b, _citizens
from personakit.sample._model import SampleManifest
from personakit.segment import get_segmentation
from personakit.segment._workspace import profile_members
from personakit.templates import get_template
from personakit.track import current_personas
from personakit.workspace import Workspace

PEOPLE = 300
# Measured at 300 people: ARI 0.98 (b2b, seeds 7 and 11) and 0.97-0.98 (citizen); the bound
# leaves room for another seed or a small change in the segmenter, not for a lost group.
MIN_ARI = 0.85


@dataclass(frozen=True)
class Case:
    template: str
    module: ModuleType
    generate: Callable[..., SampleManifest]
    language: str  # the demo's language; the report is rendered in the other one too
    sections: frozenset[str]  # filled for at least one persona
    people: tuple[str, str]  # the template's word for them, nl and en


CASES = {
    "b2b": Case("b2b", _b2b, lambda out, n, seed: _b2b.generate_b2b_sample(
        out, contacts=n, seed=seed), "en",
        frozenset({"buying_role", "company", "goals", "decision_criteria", "objections",
                   "channels", "sources"}), ("zakelijke klanten", "business customers")),
    "citizen": Case("citizen", _citizens, lambda out, n, seed: _citizens.generate_citizen_sample(
        out, clients=n, seed=seed), "nl",
        frozenset({"life_domains", "incentives", "attitude", "human_capital", "social_capital",
                   "development", "outflow", "contact"}), ("cliënten", "clients")),
}


@dataclass
class Built:
    case: Case
    root: Path
    personas: list[Persona]
    ari: float
    profiles: int


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    from personakit.pipeline import run_demo

    case = CASES[request.param]
    root = tmp_path_factory.mktemp(case.template) / "ws"
    result = run_demo(root, customers=PEOPLE, seed=7, language=case.language, formats=("md",),
                      template=case.template)
    spec = case.module.SPEC
    truth = pd.read_csv(root / "sample-data" / "_truth" / f"{spec.truth}.csv", sep=";")
    with Workspace.open(root) as ws:
        assert ws.config.workspace.template == case.template
        members = profile_members(ws, get_segmentation(ws).id)
        joined = members.merge(truth.assign(key=truth[spec.key].astype(str)), on="key",
                               validate="one_to_one")
        ari = float(adjusted_rand_score(joined["groep"], joined["profile_id"]))
        return Built(case, root, current_personas(ws), ari, result.profiles)


@pytest.mark.parametrize("name", sorted(CASES))
def test_sample_is_reproducible_with_a_register_and_a_survey(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    first = case.generate(tmp_path / "a", PEOPLE, 3)
    second = case.generate(tmp_path / "b", PEOPLE, 3)
    assert [f.sha256 for f in first.files] == [f.sha256 for f in second.files]
    spec = case.module.SPEC
    register = pd.read_csv(tmp_path / "a" / spec.register, sep=";")
    survey = pd.read_csv(tmp_path / "a" / spec.survey, sep=";")
    assert len(register) == PEOPLE and register[spec.key].is_unique
    assert 0.7 * PEOPLE < len(survey) < PEOPLE
    assert set(survey[spec.survey_key]) <= set(register[spec.key])
    assert set(case.module.ITEMS) <= set(survey.columns)
    assert len(first.segments) == 4 and sum(s.size for s in first.segments) == PEOPLE
    assert all(s.name["nl"] and s.name["en"] for s in first.segments)


def test_b2b_register_has_the_buying_unit_and_the_company(tmp_path: Path) -> None:
    _b2b.generate_b2b_sample(tmp_path, contacts=PEOPLE, seed=3)
    crm = pd.read_csv(tmp_path / _b2b.SPEC.register, sep=";")
    assert set(crm[_b2b.ROLE_COLUMN]) == set(_b2b.ROLES)
    assert {"bedrijfsgrootte_medewerkers", "sector", "functie"} <= set(crm.columns)
    assert crm["bedrijfsgrootte_medewerkers"].min() >= 5


def test_citizen_register_has_the_rotterdam_dimensions(tmp_path: Path) -> None:
    _citizens.generate_citizen_sample(tmp_path, clients=PEOPLE, seed=3)
    records = pd.read_csv(tmp_path / _citizens.SPEC.register, sep=";")
    assert {"taalniveau_nederlands", "schulden", "gezondheid", "opleidingsniveau",
            "werkervaring_jaren", "ontwikkelroute", "arbeidsmarktprofiel"} <= set(records.columns)
    assert set(records["arbeidsmarktprofiel"]) == set(_citizens.PROFILES)
    assert (records["werkervaring_jaren"] <= records["leeftijd"] - 16).all()


@pytest.mark.parametrize("name", sorted(CASES))
def test_survey_wording_lands_in_the_template_sections(name: str) -> None:
    case = CASES[name]
    template = get_template(name)
    for item, section in case.module.ITEMS.items():
        assert wording_section(item, template) == section, item
    # Together with the open questions and the register, every canvas section has a source.
    named = {wording_section(q, template) for q in _questions(case.module)}
    assert case.sections - set(case.module.ITEMS.values()) <= named | _register_sections(case)


def _questions(module: ModuleType) -> list[str]:
    return [getattr(module, n) for n in dir(module) if n.endswith("_Q") or n.startswith("OPEN_")]


def _register_sections(case: Case) -> set[str | None]:
    frame = (_b2b.contact_frame if case.template == "b2b" else _citizens.client_frame)(
        np.random.default_rng(0), 120)
    template = get_template(case.template)
    return {wording_section(c.replace("_", " "), template) for c in frame.columns}


def test_hidden_groups_come_back(built: Built) -> None:
    assert built.profiles == 4
    assert built.ari >= MIN_ARI, built.ari


def test_statements_land_in_the_template_sections(built: Built) -> None:
    template = get_template(built.case.template)
    assert len(built.personas) >= 3
    for persona in built.personas:
        assert persona.extra["canvas"]["template"] == built.case.template
        filled = {s.section for s in persona.statements}
        assert filled <= set(template.order)
        assert set(template.canvas) <= filled | set(persona.gaps)
    sections = {s.section for p in built.personas for s in p.statements}
    assert built.case.sections <= sections


def test_personas_speak_both_languages(built: Built) -> None:
    nl_people, en_people = built.case.people
    for persona in built.personas:
        assert nl_people in persona.biography["nl"]
        assert en_people in persona.biography["en"]
        assert persona.quote["nl"] and persona.quote["en"]
        assert persona.quote["nl"] != persona.quote["en"]
        for statement in persona.statements:
            assert statement.text["nl"] and statement.text["en"]


def test_demo_puts_the_sample_labels_in_the_workspace(built: Built) -> None:
    # The Dutch column names get English labels through [sources.NAME.labels].
    labels = built.case.module.LABELS
    with Workspace.open(built.root) as ws:
        for source, columns in labels.items():
            kept = ws.config.sources[source].labels
            assert set(columns) <= set(kept)
            assert all(getattr(kept[c], "en", None) == v["en"] for c, v in columns.items())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_shows_the_template_section_titles(built: Built, lang: str) -> None:
    template = get_template(built.case.template)
    tree = build_report_tree(built.personas, lang=lang, root=built.root)
    for page in tree.personas:
        keys = [s.key for s in page.sections]
        assert keys == sorted(keys, key=template.order.index)
    with Workspace.open(built.root) as ws:
        out = render(ws, "md", lang=lang, out=built.root / "reports" / f"check-{lang}.md")
    markdown = out.read_text(encoding="utf-8")
    for section in built.case.sections:
        assert f"### {template.title_of(section, lang)}\n" in markdown, section
