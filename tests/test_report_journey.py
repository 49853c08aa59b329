"""The journey map (issue 12, point 4) as structure and in the report: curve values, the
biggest drop-off marked with barrier and action, numbers as people read them, no raw
column names; HTML, Markdown and JSON carry the part, and it is absent without a journey."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from personakit.errors import WorkspaceError
from personakit.i18n import has_e_notation
from personakit.journey import Journey, StepStat
from personakit.persona import build_personas
from personakit.report import (
    SCHEMA_FILE,
    build_report_tree,
    journey_map,
    journeymap_svg,
    render,
    render_html,
    render_json,
    render_markdown,
)
from personakit.report import _journeymap as jm
from personakit.report import _journeysvg as svg_module
from personakit.report._registry import ReportContext
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._journeydata import NAMES, actions, funnel, journey
from tests._webapp import web_ws
from tests.test_persona_build import make_segmentation
from tests.test_report_formats import _validate

__all__ = ["web_ws"]


def _map(lang: str = "en", **kw: object) -> jm.JourneyMap:
    report = funnel()
    return journey_map(journey(**kw), report, actions(report), lang,  # type: ignore[arg-type]
                       names=NAMES)


def test_one_row_per_persona_with_the_share_of_the_start_as_its_curve() -> None:
    jmap = _map()
    assert [r.persona_id for r in jmap.rows] == list(NAMES)
    assert [s.label for s in jmap.stages] == ["Orientation", "Choice", "Purchase"]
    assert [(s.first, s.count) for s in jmap.stages] == [(0, 2), (2, 1), (3, 2)]
    ingrid = jmap.row("default-2")
    assert ingrid is not None
    assert ingrid.curve == pytest.approx([1.0, 189 / 420, 66 / 420, 26 / 420, 16 / 420])
    assert [c.share_text for c in ingrid.cells] == ["100%", "45%", "16%", "6%", "4%"]
    assert [c.conversion_text for c in ingrid.cells] == ["", "45%", "35%", "39%", "62%"]
    assert ingrid.cells[1].interval_text == "95% interval 40%–50%"
    assert ingrid.cells[2].time_text == "median 1.6 min"
    assert jmap.everyone[0] == 1.0 and jmap.everyone[-1] == pytest.approx(1651 / 7420)
    assert "7,630 sessions" in jmap.note and "10 sessions" in jmap.note


def test_the_biggest_drop_off_is_marked_with_its_barrier_and_action() -> None:
    jmap = _map()
    ingrid, lotte, sanne = (jmap.row(p) for p in ("default-2", "default-4", "default-0"))
    assert ingrid and lotte and sanne
    assert [c.drop for c in ingrid.cells] == [False, True, False, False, False]
    assert [c.drop for c in lotte.cells] == [False, False, False, True, False]
    assert ingrid.action is not None and ingrid.action.rank == 1
    assert (ingrid.action.from_label, ingrid.action.to_label) == ("Home page", "Product page")
    line = ingrid.action.line
    assert "Ingrid Smit drops off most between Home page and Product page" in line
    assert "45% go on, against 73%" in line
    assert "Barrier: Would rather arrange things by phone than online." in line
    assert "Action: A call-back button" in line
    assert ingrid.action.gap_text.startswith("-28 percentage points")
    assert ingrid.action.evidence and "n = 420" in ingrid.action.evidence[0]
    # Personas who drop off nowhere more than the others get no action and no mark.
    assert sanne.action is None and not any(c.drop for c in sanne.cells)


def test_entries_show_where_the_journey_has_them_and_assumptions_are_marked() -> None:
    jmap = _map("nl")
    ingrid, lotte, mo = (jmap.row(p) for p in ("default-2", "default-4", "default-3"))
    assert ingrid and lotte and mo
    quote = ingrid.cells[2].entry
    assert quote is not None and not quote.assumption
    assert quote.cta == "Bel mij terug" and quote.tone == "Rustig, u-vorm, geen jargon"
    assert "q < 0,001" in quote.evidence[0] and "n = 420" in quote.evidence[0]
    product = ingrid.cells[1].entry
    assert product is not None and product.assumption and product.author == "redacteur"
    assert lotte.cells[3].entry and lotte.cells[3].entry.assumption and lotte.assumptions == 1
    assert all(c.entry is None for c in mo.cells)
    assert jmap.has_entries


@pytest.mark.parametrize(("lang", "share", "rest"), [("nl", "45 %", "73 %"),
                                                     ("en", "45%", "73%")])
def test_numbers_are_formatted_per_language_without_e_notation(lang: str, share: str,
                                                               rest: str) -> None:
    jmap = _map(lang)
    text = jmap.model_dump_json()
    assert not has_e_notation(text)
    ingrid = jmap.row("default-2")
    assert ingrid and ingrid.action
    assert ingrid.cells[1].share_text == share and ingrid.action.others_text == rest
    sanne = jmap.row("default-0")
    assert sanne and sanne.sessions_text == ("2.600 sessies" if lang == "nl"
                                             else "2,600 sessions")
    svg = journeymap_svg(jmap, lang)
    assert not has_e_notation(re.sub(r'"[^"]*"', "", svg))  # the texts, not coordinates
    assert f">{share}<" in svg


def test_no_raw_column_or_code_names_reach_the_reader() -> None:
    bare = journey().model_copy(update={"label": {}})
    for touchpoint in bare.touchpoints:  # a drafted journey: steps, no labels
        touchpoint.label = {}
    bare.touchpoints[3].step = bare.touchpoints[3].id = "checkout_start"
    report = funnel()
    for persona in report.personas:
        persona.steps[3].touchpoint = persona.steps[3].step = "checkout_start"
    jmap = journey_map(bare, report, [], "en", names=NAMES)
    labels = [t.label for t in jmap.touchpoints]
    assert "Checkout start" in labels or "checkout start" in labels
    assert not any("_" in label for label in labels)
    row = jmap.row("default-0")
    assert row is not None
    mix = {i.key: i.label for i in row.entry_mix}
    assert mix["advertentie"] == "Advert" and mix["organisch"] == "Search (organic)"
    assert {i.label for i in row.device_mix} == {"Mobile", "Desktop", "Tablet"}
    nl = journey_map(bare, report, [], "nl", names=NAMES).row("default-0")
    assert nl and {i.label for i in nl.device_mix} == {"Mobiel", "Desktop", "Tablet"}
    assert [t.channel for t in jmap.touchpoints] == ["website"] * 5


def test_a_touchpoint_the_data_do_not_see_and_a_hidden_figure() -> None:
    report = funnel()
    lotte = report.funnel("default-4")
    assert lotte is not None
    lotte.steps[4] = StepStat(touchpoint="bevestiging", step="bevestiging", reached=6)
    jmap = journey_map(journey(offline=True), report, actions(funnel()), "en", names=NAMES)
    assert jmap.touchpoints[-1].measured is False and jmap.stages[-1].label == "Use"
    row = jmap.row("default-4")
    assert row is not None
    assert row.curve[-2:] == [None, None] and row.cells[-1].share_text == "–"
    svg = journeymap_svg(jmap, "en")
    assert ">not measured<" in svg and ">too few sessions<" in svg and ">letter<" in svg


def test_the_svg_is_safe_printable_and_marks_by_shape_too() -> None:
    jmap = _map("en")
    jmap.rows[0].name = '<script>alert("x")</script>'
    assert "&lt;script&gt;" in journeymap_svg(jmap, "en")
    for svg in (journeymap_svg(jmap, "en", link="/journey/"),
                journeymap_svg(jmap, "en", persona_id="default-2")):
        assert "<script" not in svg and not re.search(r"\sstyle=|\son\w+=", svg)
        assert svg.count("<svg") == 1 and "http://" not in svg.replace(
            "http://www.w3.org/2000/svg", "")
        assert svg_module.DROP in svg and svg_module.CURVE in svg  # Okabe-Ito vermillion and blue
        assert 'stroke-dasharray="3 3"' in svg  # an assumption is dashed, not only coloured
        assert "<path d=" in svg  # the warning triangle at the drop-off
    one = journeymap_svg(jmap, "en", persona_id="default-2")
    assert "Entry points" in one and "Direct 40%" in one and "Call me back" in one
    assert 'href="/journey/default-1"' in journeymap_svg(jmap, "en", link="/journey/")
    with pytest.raises(KeyError):
        journeymap_svg(jmap, "en", persona_id="nobody")


def test_wrapped_text_never_runs_out_of_its_width() -> None:
    text = ("Afrekenen zonder account mogelijk maken, met iDEAL op mobiel en een duidelijke "
            "terugbelknop voor wie liever belt")
    for width, lines in ((180.0, 2), (90.0, 3), (400.0, 1)):
        wrapped = svg_module.wrap_lines(text, width, 12, max_lines=lines)
        assert len(wrapped) <= lines
        assert all(svg_module.text_width(line, 12) <= width for line in wrapped)
    assert svg_module.wrap_lines(text, 5000.0, 12) == [text]
    assert svg_module.wrap_lines(text, 180.0, 12, max_lines=2)[-1].endswith("…")


# ---- the report ------------------------------------------------------------------------------

@pytest.fixture
def built(workspace: Workspace) -> Workspace:
    build_personas(workspace, make_segmentation())
    return workspace


def _context(ws: Workspace, lang: str) -> ReportContext:
    personas = current_personas(ws)
    tree = build_report_tree(personas, lang=lang)
    report = funnel()
    names = {**{p.id: p.name for p in personas}, **{k: v for k, v in NAMES.items()
                                                    if k not in {p.id for p in personas}}}
    tree.journey = journey_map(journey(), report, actions(report), lang, names=names)
    return ReportContext(tree=tree, personas=personas, version=None, lang=lang)


def test_html_has_the_journey_section_with_the_map_and_where_to_act(
        built: Workspace, tmp_path: Path) -> None:
    html = render_html(_context(built, "nl"), tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="journey"' in html and "Klantreis per persona" in html
    section = html[html.index('id="journey"'):]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in section and "journey-map" in section
    assert "Waar ingrijpen" in section
    assert "Ingrid Smit haakt vooral af tussen Homepage en Productpagina" in section
    assert 'id="journey-default-2"' in section
    assert "Verwachtingen en drempels per contactmoment" in section
    assert 'class="assumption"' in section and "Bel mij terug" in section


def test_markdown_has_the_table_and_the_action_points(built: Workspace, tmp_path: Path) -> None:
    md = render_markdown(_context(built, "en"), tmp_path / "r.md").read_text(encoding="utf-8")
    part = md[md.index("## Customer journey per persona"):]
    assert "| Persona | Home page | Product page | Calculate a quote | Checkout | " \
           "Confirmation |" in part
    assert "| Ingrid Smit | start: 420 | **45% (45%)** | 35% (16%) | 39% (6%) | 62% (4%) |" \
        in part
    assert "### Where to act" in part
    assert "1. **Ingrid Smit**: Ingrid Smit drops off most" in part
    assert "Long form full of jargon" in part and "*(assumption)*" in part


def test_json_has_the_journey_and_follows_the_schema(built: Workspace, tmp_path: Path) -> None:
    payload = json.loads(render_json(_context(built, "nl"), tmp_path / "r.json")
                         .read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    _validate(payload, schema, schema)
    # "journey" came with 1.2; later minor versions only add fields.
    assert tuple(map(int, payload["schema_version"].split("."))) >= (1, 2)
    part = payload["journey"]
    assert part["lang"] == "nl" and part["revision"] == 3
    ingrid = next(r for r in part["rows"] if r["persona_id"] == "default-2")
    assert ingrid["curve"][1] == pytest.approx(0.45)
    assert ingrid["action"]["to_touchpoint"] == "product" and ingrid["cells"][1]["drop"]
    assert "journey" in schema["properties"]
    doc = (Path(__file__).resolve().parents[1] / "docs" / "json-schema.md").read_text(
        encoding="utf-8")
    assert "### `journey`" in doc and "1.2 added `journey`" in doc


def test_without_a_journey_the_report_is_unchanged(built: Workspace, tmp_path: Path) -> None:
    assert jm.journey_inputs(built, "en") is None  # no journey and no event source
    payload = json.loads(render(built, "json", lang="en", out=tmp_path / "p.json")
                         .read_text(encoding="utf-8"))
    assert payload["journey"] is None
    html = render(built, "html", lang="en", out=tmp_path / "p.html").read_text(encoding="utf-8")
    assert 'id="journey"' not in html and 'class="journey-map' not in html
    md = render(built, "md", lang="en", out=tmp_path / "p.md").read_text(encoding="utf-8")
    assert "Customer journey" not in md
    with pytest.raises(WorkspaceError, match="no customer journey"):
        render(built, "journey-pdf", lang="en", out=tmp_path / "j.pdf")


def test_report_context_fills_the_part_through_the_journey_functions(
        built: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = funnel()

    def inputs(ws: Workspace, lang: str, name: str | None = None) -> jm.JourneyInputs:
        defined = journey()
        return jm.JourneyInputs(defined=defined, journey=defined, report=report,
                                actions=actions(report))

    monkeypatch.setattr(jm, "journey_inputs", inputs)
    md = render(built, "md", lang="en", out=tmp_path / "p.md").read_text(encoding="utf-8")
    # Only the report's own personas get a row (default-0 and default-1 here).
    part = md[md.index("## Customer journey per persona"):]
    names = [p.name for p in current_personas(built)]
    assert all(f"| {name} |" in part for name in names)
    assert "Ingrid Smit" not in part


def test_a_journey_without_funnel_still_shows_its_touchpoints() -> None:
    bare: Journey = journey()
    jmap = journey_map(bare, None, [], "en", problem="no sessions")
    assert [r.persona_id for r in jmap.rows] == ["default-2", "default-4", "default-1"]
    assert all(v is None for r in jmap.rows for v in r.curve) and jmap.problem
    assert "Long form full of jargon" in journeymap_svg(jmap, "en")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_demo_report_carries_each_persona_s_journey(web_ws: Workspace,
                                                        tmp_path: Path) -> None:
    from pptx import Presentation

    personas = current_personas(web_ws)
    payload = json.loads(render(web_ws, "json", lang="nl", out=tmp_path / "p.json")
                         .read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    _validate(payload, schema, schema)
    part = payload["journey"]
    assert part is not None and [r["persona_id"] for r in part["rows"]] == [
        p.id for p in personas]
    assert any(r["action"] for r in part["rows"])
    minimum = web_ws.config.workspace.min_group_size
    assert all(c["reached"] is None or c["reached"] >= minimum
               for r in part["rows"] for c in r["cells"])
    assert not any(has_e_notation(text) for text in _strings(part))  # what people read
    md = render(web_ws, "md", lang="nl", out=tmp_path / "p.md").read_text(encoding="utf-8")
    assert "## Klantreis per persona" in md and "### Waar ingrijpen" in md
    deck = Presentation(str(render(web_ws, "pptx", lang="nl", out=tmp_path / "p.pptx")))
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
             for slide in deck.slides]
    assert any("Klantreis per persona" in t for t in texts)
    assert any("Waar ingrijpen per persona" in t for t in texts)
