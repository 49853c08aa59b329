"""Drafting each persona's entries from the evidence, never over a person's words."""

from __future__ import annotations

import pytest

from personakit.journey import PersonaTouchpoint, fill_journey, where_to_act
from personakit.workspace import Workspace
from tests._journeyfix import funnel, journey, record_personas, report

INGRID = [400, 300, 200, 70, 60]  # loses half at checkout


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    record_personas(workspace)
    return workspace


def _report():  # type: ignore[no-untyped-def]
    return report([
        funnel("p-ingrid", "Ingrid Smit", INGRID, entry={"advertentie": 250, "direct": 150}),
        funnel("p-ruud", "Ruud Bakker", [500, 380, 240, 168, 140], entry={"organisch": 500}),
        funnel("p-mo", "Mo El Amrani", [600, 450, 300, 210, 180], entry={"organisch": 20}),
    ])


def test_barrier_message_and_cta_at_the_action_point(ws: Workspace) -> None:
    found = _report()
    actions = where_to_act(ws, found, journey())
    filled = fill_journey(ws, journey(), found, actions)
    entry = filled.personas["p-ingrid"]["afrekenen"]
    assert entry.barrier["en"] == "Uses the app less than others."
    assert entry.cta["en"].startswith("Rather call?")  # a digital barrier: a personal way
    assert entry.message["nl"] and entry.message["en"]
    assert entry.tone == {"en": "Patient and personal", "nl": "Patient and personal (nl)"}
    assert entry.channel["en"] == "By phone or in person"
    assert "s-app" in entry.statements
    figure = entry.evidence[0]
    assert figure.kind == "statistic" and figure.n == 200
    assert figure.ci_high is not None and figure.ci_high < 0
    assert not entry.assumption and entry.author is None


def test_entry_touchpoint_gets_expectation_and_entry_source(ws: Workspace) -> None:
    found = _report()
    filled = fill_journey(ws, journey(), found, where_to_act(ws, found, journey()))
    home = filled.personas["p-ingrid"]["home"]
    assert home.expectation["en"] == "Expects a person to explain the options."
    assert "s-verw" in home.statements
    entry = home.evidence[0]
    assert (entry.variable, entry.level, entry.n) == ("entry", "advertentie", 250)
    assert entry.profile_value == pytest.approx(250 / 400)
    assert set(filled.personas["p-ingrid"]) == {"home", "afrekenen"}
    assert set(filled.personas["p-mo"]) == {"home"}  # no action point, no barrier invented


def test_a_persons_entry_is_never_overwritten(ws: Workspace) -> None:
    written = PersonaTouchpoint(barrier={"nl": "Vindt iDEAL lastig"}, author="anna",
                                assumption=True)
    stale = PersonaTouchpoint(barrier={"en": "old draft"}, author=None)
    mine = journey().model_copy(update={"personas": {
        "p-ingrid": {"afrekenen": written}, "p-ruud": {"offerte": stale}}})
    found = _report()
    filled = fill_journey(ws, mine, found, where_to_act(ws, found, mine))
    assert filled.personas["p-ingrid"]["afrekenen"] == written
    assert "home" in filled.personas["p-ingrid"]
    assert "offerte" not in filled.personas["p-ruud"]  # a draft the data no longer back


def test_without_evidence_a_draft_is_an_assumption(workspace: Workspace) -> None:
    from tests._journeyfix import persona

    record_personas(workspace, [persona("p-new", "Nina New", [])])
    filled = fill_journey(workspace, journey(), None, [])
    entry = filled.personas["p-new"]["home"]
    assert entry.assumption and entry.evidence == []
    assert entry.tone["en"] == "Calm"  # the approach is there, its evidence is not


def test_a_barrier_without_a_canvas_statement_is_said_with_the_figures(
        workspace: Workspace) -> None:
    from tests._journeyfix import persona

    record_personas(workspace, [persona("p-ingrid", "Ingrid Smit", []),
                                persona("p-mo", "Mo El Amrani", [])])
    found = report([funnel("p-ingrid", "Ingrid Smit", INGRID),
                    funnel("p-mo", "Mo El Amrani", [600, 450, 300, 210, 180])])
    actions = where_to_act(workspace, found, journey())
    entry = fill_journey(workspace, journey(), found, actions).personas["p-ingrid"]["afrekenen"]
    assert "35%" in entry.barrier["en"] and "70%" in entry.barrier["en"]
    assert "35 %" in entry.barrier["nl"]
    assert not entry.assumption  # the figures are its evidence
