"""The persona canvas: the wording rule, the user's mapping, and every section present or
explained (issue 10, point 4)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from personakit.i18n import LANGUAGES, t
from personakit.model import Persona
from personakit.persona import PersonaInputs, PersonaSettings, build_personas, synthesize
from personakit.persona._canvas import (
    CANVAS,
    CanvasMapping,
    canvas_gaps,
    text_section,
    variable_section,
    wording_section,
)
from personakit.report import build_report_tree, render_html_text, report_context
from personakit.track import current_personas
from personakit.workspace import Workspace, config
from tests.test_persona_build import eff, make_segmentation


@pytest.mark.parametrize(("item", "section"), [
    # Dutch survey questions and column names
    ("Wat wilt u met uw pensioen bereiken?", "goals"),
    ("Ik vind het belangrijk dat mijn energie groen is", "goals"),
    ("Ik erger me aan lange wachttijden aan de telefoon", "frustrations"),
    ("irritatie_levering", "frustrations"),
    ("Wat is voor u de belangrijkste reden om over te stappen?", "drivers"),
    ("Ik maak me zorgen over mijn privacy", "fears"),
    ("Waar droomt u van voor later?", "dreams"),
    ("Wat verwacht u van onze monteur?", "expectations"),
    ("Het aanvraagformulier vond ik lastig", "barriers"),
    ("Ik kan zelf mijn zaken online regelen", "skills"),
    ("digitale_vaardigheid", "skills"),
    ("Hoe neemt u het liefst contact op?", "channels"),
    ("kanaal_eerste_contact", "channels"),
    ("Hoe wilt u aangesproken worden: met je of u?", "tone"),
    ("Hoe vergelijkt u prijzen voordat u iets koopt?", "buying"),
    ("Welke kranten leest u?", "media"),
    # English survey questions and column names
    ("My main goal when I contact support", "goals"),
    ("How often are you annoyed by late deliveries?", "frustrations"),
    ("What is the main reason you became a member?", "drivers"),
    ("I am afraid of making mistakes with online banking", "fears"),
    ("What do you hope for in the future?", "dreams"),
    ("What do you expect from our service desk?", "expectations"),
    ("Filling in the claim form was difficult", "barriers"),
    ("ConfidentUsingComputers", "skills"),
    ("preferred_channel", "channels"),
    ("Do you prefer a formal or an informal tone?", "tone"),
    ("How do you decide which plan to buy?", "buying"),
    ("Do you follow us on social media?", "media"),
])
def test_wording_rule_places_items_in_both_languages(item: str, section: str) -> None:
    assert wording_section(item) == section


@pytest.mark.parametrize("item", ["xq17", "postcode_gebied", "Favourite colour", "brandstof"])
def test_items_without_a_cue_are_left_to_the_column_concepts(item: str) -> None:
    assert wording_section(item) is None


@pytest.mark.parametrize("item", ["Hoe tevreden bent u over de wachttijd?",
                                  "leeftijd_bij_aanmelding", "opzegreden"])
def test_kpi_and_demographic_items_keep_their_place(item: str) -> None:
    # Satisfaction with waiting is a KPI, not a frustration; age stays "in brief".
    assert variable_section(item) is None


def test_short_cues_are_whole_words_or_word_starts() -> None:
    assert wording_section("apparaat") == "channels"  # a device: a channel, not an app
    assert wording_section("happy_customer") is None  # "app" inside a word is no app
    assert wording_section("waiting_list") == "frustrations"


def test_user_mapping_overrides_the_wording_rule() -> None:
    mapping = CanvasMapping({"crm": {"aantal_klachten": "barriers"},
                             "web": {"stap": "buying"}, "enquete": {"Open vraag 3": "dreams"}})
    assert variable_section("aantal_klachten", mapping) == "barriers"
    assert variable_section("aantal_klachten") == "frustrations"
    assert variable_section("web__stap__afrekenen", mapping) == "buying"
    assert text_section("enquete", "Open vraag 3", mapping) == "dreams"
    assert text_section("enquete", "Open vraag 3") is None
    assert text_section("chats", "Open vraag 3", mapping) is None  # other source


def test_mapping_setting_rejects_an_unknown_section() -> None:
    with pytest.raises(ValidationError, match="canvas"):
        config.SourceConfig(file="x.csv", canvas={"kolom": "wishes"})  # type: ignore[dict-item]
    assert config.SourceConfig(file="x.csv", canvas={"kolom": "fears"}).canvas == {
        "kolom": "fears"}


def test_synthesis_moves_statements_by_the_mapping_and_explains_the_rest() -> None:
    segmentation = make_segmentation()
    settings = PersonaSettings(min_group_size=10)
    plain = synthesize(segmentation, PersonaInputs(), settings=settings, lang="nl", seed=1)
    mapped = synthesize(segmentation, PersonaInputs(canvas=CanvasMapping(
        {"crm": {"nieuwsbrief": "drivers"}})), settings=settings, lang="nl", seed=1)

    def section(personas: list[Persona], sid: str) -> str:
        return next(s.section for s in personas[0].statements if s.id == sid)

    assert section(plain, "stat:nieuwsbrief=ja") == "media"
    assert section(mapped, "stat:nieuwsbrief=ja") == "drivers"
    for persona in mapped:
        filled = {s.section for s in persona.statements}
        assert set(CANVAS) <= filled | set(persona.gaps)
        assert not filled & set(persona.gaps)
        assert all(persona.gaps[s][lang] for s in persona.gaps for lang in LANGUAGES)


def test_a_gap_says_whether_the_data_measures_the_section() -> None:
    statement = synthesize(make_segmentation(), PersonaInputs(),
                           settings=PersonaSettings(min_group_size=10), lang="en",
                           seed=1)[0].statements[0]
    gaps = canvas_gaps([statement], {"fears": ["zorgen_over_kosten"]})
    assert "zorgen over kosten" in gaps["fears"]["nl"] and "Gemeten" in gaps["fears"]["nl"]
    assert gaps["dreams"]["nl"].startswith("Nog geen gegevens")
    assert gaps["dreams"]["en"].startswith("No data yet")
    assert statement.section not in gaps


def test_per_section_limit_holds_after_moving() -> None:
    profile = make_segmentation().profiles[0].model_copy(update={"effects": [
        eff(f"kanaal_{i}", None, "mean", 2.0 + i, 1.0, 0.5 + i / 10) for i in range(6)]})
    segmentation = make_segmentation().model_copy(update={"profiles": [profile]})
    persona = synthesize(segmentation, PersonaInputs(), settings=PersonaSettings(
        min_group_size=10, max_per_section=2, min_statements=2), lang="nl", seed=1)[0]
    channels = [s for s in persona.statements if s.section == "channels"]
    assert [s.id for s in channels] == ["stat:kanaal_5", "stat:kanaal_4"]
    # Below the minimum number of statements the strongest left-overs fill up (issue 9).
    filled = synthesize(segmentation, PersonaInputs(), settings=PersonaSettings(
        min_group_size=10, max_per_section=2, min_statements=4), lang="nl", seed=1)[0]
    filled_channels = [s.id for s in filled.statements if s.section == "channels"]
    assert filled_channels[:3] == [f"stat:kanaal_{i}" for i in (5, 4, 3)]
    assert sum(1 for s in filled.statements if s.evidence) >= 4


# --- On the demo sample organisation ---------------------------------------------------


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    from personakit.cli import app

    root = tmp_path_factory.mktemp("canvas") / "ws"
    result = CliRunner().invoke(app, ["demo", str(root), "--customers", "3000", "--formats",
                                      "json", "--quiet"])
    assert result.exit_code == 0, result.output
    ws = Workspace.open(root)
    yield ws
    ws.close()


def _articles(html: str) -> dict[str, str]:
    parts = re.split(r'<article class="persona" id="', html)[1:]
    return {part.split('"', 1)[0]: unescape(part) for part in parts}


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_canvas_section_is_present_or_explained_on_the_demo(demo_ws: Workspace,
                                                                  lang: str) -> None:
    personas = current_personas(demo_ws)
    assert len(personas) >= 3
    pages = {p.id: p for p in build_report_tree(personas, lang=lang).personas}
    html = _articles(render_html_text(report_context(demo_ws, lang=lang)))
    for persona in personas:
        page = pages[persona.id]
        shown = {s.key for s in page.sections} | {g.key for g in page.gaps}
        assert set(CANVAS) <= shown, (persona.name, set(CANVAS) - shown)
        assert all(g.text and g.key not in {s.key for s in page.sections} for g in page.gaps)
        for section in CANVAS:
            assert t(f"persona.section.{section}", lang) in html[persona.id], section
        for gap in page.gaps:
            assert gap.text in html[persona.id]


@pytest.mark.slow
def test_markdown_report_explains_the_empty_sections(demo_ws: Workspace, tmp_path: Path) -> None:
    from personakit.report import render_markdown

    context = report_context(demo_ws, lang="en")
    text = render_markdown(context, tmp_path / "r.md").read_text(encoding="utf-8")
    gaps = [g for p in context.tree.personas for g in p.gaps]
    assert gaps and all(f"### {g.title}" in text for g in gaps)
    assert all(" ".join(g.text.split()[:4]) in text for g in gaps)


@pytest.mark.slow
def test_demo_canvas_goes_beyond_channels_and_buying(demo_ws: Workspace) -> None:
    # The demo survey asks what matters most and what could improve: goals and
    # expectations are filled, from the items or in the customers' own words.
    for persona in current_personas(demo_ws):
        sections = {s.section for s in persona.statements}
        assert {"goals", "expectations"} <= sections, persona.name
        voices = [s for s in persona.statements if s.id.startswith("voice:")]
        assert all(s.evidence[0].kind == "quote" and s.evidence[0].text for s in voices)


@pytest.mark.slow
def test_mapping_in_personakit_toml_moves_the_demo_statements(demo_ws: Workspace) -> None:
    before = {p.id: p for p in current_personas(demo_ws)}
    persona = next(p for p in before.values()
                   if any(s.id.startswith("stat:brandstof") for s in p.statements))
    assert next(s for s in persona.statements if s.id.startswith("stat:brandstof")).section \
        == "notes"
    toml = Path(demo_ws.root) / "personakit.toml"
    original = toml.read_text(encoding="utf-8")
    toml.write_text(original + '\n[sources.crm.canvas]\nbrandstof = "drivers"\n',
                    encoding="utf-8")
    try:
        ws = Workspace.open(demo_ws.root)
        try:
            version = build_personas(ws)
        finally:
            ws.close()
        after = next(p for p in version.personas if p.id == persona.id)
        moved = next(s for s in after.statements if s.id.startswith("stat:brandstof"))
        assert moved.section == "drivers" and "drivers" not in after.gaps
        assert version.settings["canvas"] == {"crm": {"brandstof": "drivers"}}
    finally:
        toml.write_text(original, encoding="utf-8")


@pytest.mark.slow
def test_erasing_the_author_of_an_own_words_answer_removes_it(
        demo_ws: Workspace, tmp_path: Path) -> None:
    # The own-words statement carries the quote in its text: erasure must take it away.
    import shutil

    from personakit.erasure import erase_person
    from personakit.ingest import text_items
    from personakit.privacy import scrub

    root = tmp_path / "copy"
    shutil.copytree(demo_ws.root, root)
    ws = Workspace.open(root)
    try:
        persona = next(p for p in current_personas(ws)
                       if any(s.id.startswith("voice:") for s in p.statements))
        voice = next(s for s in persona.statements if s.id.startswith("voice:"))
        said = " ".join((voice.evidence[0].text or "").lower().split())
        texts = text_items(ws)
        key = next(str(row.key) for row in texts.itertuples()
                   if " ".join(scrub(str(row.text).strip(), "nl").text.lower().split()) == said)
        erase_person(ws, key, actor="privacy-officer")
        after = next(p for p in current_personas(ws) if p.id == persona.id)
        assert voice.id not in {s.id for s in after.statements}
        assert all(said not in " ".join(text.lower().split())
                   for s in after.statements for text in s.text.values())
    finally:
        ws.close()
