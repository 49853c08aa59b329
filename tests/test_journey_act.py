"""Where to act: the gap against the other personas, its interval, the barrier from the
canvas, the suggested action and the ranking by sessions lost."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from personakit.journey import where_to_act
from personakit.journey._act import difference_interval, explaining_statement, step_kind
from personakit.segment._stats import wilson
from personakit.workspace import Workspace
from tests._journeyfix import club_personas, funnel, journey, record_personas, report

# Ingrid loses half her sessions at checkout (offerte -> afrekenen) where the others keep
# 70 %; Ruud is a little lower at the quote step, within the noise; Mo is the reference.
INGRID = [400, 300, 200, 70, 60]
RUUD = [500, 380, 240, 168, 140]
MO = [600, 450, 300, 210, 180]


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    record_personas(workspace)
    return workspace


def _club(ingrid: list[int] = INGRID, ruud: list[int] = RUUD, mo: list[int] = MO,
          minimum: int = 10):  # type: ignore[no-untyped-def]
    return report([funnel("p-ingrid", "Ingrid Smit", ingrid), funnel("p-ruud", "Ruud Bakker", ruud),
                   funnel("p-mo", "Mo El Amrani", mo)], minimum=minimum)


@given(st.integers(0, 400), st.integers(1, 400), st.integers(0, 400), st.integers(1, 400))
@settings(max_examples=200, deadline=None)
def test_difference_interval_is_newcombes(x1: int, n1: int, x2: int, n2: int) -> None:
    x1, x2 = min(x1, n1), min(x2, n2)
    diff, low, high = difference_interval(x1, n1, x2, n2)
    ref_low, ref_high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb",
                                                   compare="diff")
    assert diff == pytest.approx(x1 / n1 - x2 / n2)
    assert low == pytest.approx(ref_low, abs=1e-9)
    assert high == pytest.approx(ref_high, abs=1e-9)
    assert -1 <= low <= diff <= high <= 1


@pytest.mark.parametrize(("x", "n"), [(0, 10), (10, 10), (3, 17), (250, 1000)])
def test_wilson_matches_statsmodels(x: int, n: int) -> None:
    low, high = wilson(x, n)
    ref = proportion_confint(x, n, method="wilson")
    assert (low, high) == pytest.approx(ref)


def test_known_gap_gives_the_action_point_with_its_interval(ws: Workspace) -> None:
    found = where_to_act(ws, _club(), journey())
    ingrid = next(a for a in found if a.persona_id == "p-ingrid")
    assert (ingrid.from_touchpoint, ingrid.to_touchpoint) == ("offerte", "afrekenen")
    others_n, others_x = RUUD[2] + MO[2], RUUD[3] + MO[3]
    diff, low, high = difference_interval(70, 200, others_x, others_n)
    assert ingrid.conversion == pytest.approx(70 / 200)
    assert ingrid.others == pytest.approx(others_x / others_n)
    assert (ingrid.gap, ingrid.gap_low, ingrid.gap_high) == pytest.approx((diff, low, high))
    assert ingrid.gap_high < 0
    assert ingrid.sessions_lost == round(200 * -diff)  # sessions at the quote x the gap
    assert ingrid.customers == round(ingrid.sessions_lost * 200 / 400)
    statistic = ingrid.evidence[0]
    assert statistic.kind == "statistic" and statistic.n == 200
    assert (statistic.ci_low, statistic.ci_high) == pytest.approx((low, high))
    assert "quote" in statistic.label["en"] and "checkout" in statistic.label["en"]


def test_no_significant_gap_no_action(ws: Workspace) -> None:
    found = {a.persona_id for a in where_to_act(ws, _club(), journey())}
    assert found == {"p-ingrid"}  # Ruud's lower quote step is within the noise; Mo is fine
    level = [400, 300, 200, 140, 120]
    assert where_to_act(ws, _club(ingrid=level), journey()) == []


def test_unassigned_and_everyone_are_not_the_others(ws: Workspace) -> None:
    # The unassigned sessions nearly all go on at every step: counted among "the others",
    # they would put every persona significantly below them at the first step.
    found = where_to_act(ws, _club(), journey())
    assert all(a.persona_id not in ("*", "?") for a in found)
    assert all(a.from_touchpoint != "home" for a in found)


def test_minimum_group_size_is_respected(ws: Workspace) -> None:
    small = [9, 8, 8, 1, 1]  # a dramatic drop, but only 8 sessions at the quote
    found = where_to_act(ws, _club(ingrid=small), journey())
    assert all(a.persona_id != "p-ingrid" for a in found)
    assert where_to_act(ws, _club(minimum=250), journey()) == []


def test_ranked_by_sessions_lost_quick_wins_first(ws: Workspace) -> None:
    # Ruud now also drops at the product step: 500 * (0.5 - 0.75) = about 125 lost,
    # more than Ingrid's 200 * 0.35 = about 70.
    ruud = [500, 250, 180, 126, 105]
    found = where_to_act(ws, _club(ruud=ruud), journey())
    assert [a.persona_id for a in found] == ["p-ruud", "p-ingrid"]
    assert [a.rank for a in found] == [1, 2]
    assert found[0].sessions_lost > found[1].sessions_lost


def test_barrier_from_the_canvas_by_the_kind_of_step(ws: Workspace) -> None:
    found = {a.persona_id: a for a in where_to_act(ws, _club(ruud=[500, 250, 180, 126, 105]),
                                                   journey())}
    ingrid = found["p-ingrid"]  # checkout: her digital barrier, not her expectation
    assert ingrid.barrier_statement == "s-app"
    assert ingrid.barrier["nl"] == "Gebruikt de app minder dan anderen."
    assert ingrid.action["nl"].startswith("Vereenvoudig het afrekenen voor Ingrid")
    assert "checkout" in ingrid.action["en"].lower()
    assert ingrid.evidence[1].variable == "app_gebruik"  # the statement's own evidence
    ruud = found["p-ruud"]  # an information step: Ruud's canvas has no expectation, but price
    assert ruud.barrier_statement == "s-prijs"
    assert "price" in ruud.action["en"].lower() and "prijzen" in ruud.action["nl"].lower()


def test_no_fitting_barrier_gives_a_question_not_an_invented_cause(ws: Workspace) -> None:
    mo_drops = [600, 450, 300, 90, 80]
    found = {a.persona_id: a for a in where_to_act(ws, _club(mo=mo_drops), journey())}
    mo = found["p-mo"]  # his only statement is a strength (arranges everything online)
    assert mo.barrier == {} and mo.barrier_statement is None
    assert mo.action["en"].startswith("Find out why Mo")
    assert mo.action["nl"].startswith("Zoek uit waarom Mo")


def test_information_step_measured_barrier_before_a_quote(ws: Workspace) -> None:
    """A measured difference (uses the app less, effect -0.8) explains a drop-off before
    one customer's words; the expectation in a quote explains it when nothing measured
    fits the step."""
    ingrid_product = [400, 150, 100, 70, 60]
    found = {a.persona_id: a for a in where_to_act(ws, _club(ingrid=ingrid_product),
                                                   journey())}
    assert found["p-ingrid"].to_touchpoint == "product"
    assert found["p-ingrid"].barrier_statement == "s-app"
    ingrid = club_personas()[0]
    quoted = ingrid.model_copy(update={"statements": [
        s for s in ingrid.statements if s.id != "s-app"]})
    assert explaining_statement(quoted, "information")[0].id == "s-verw"  # type: ignore[union-attr]


def test_without_a_journey_step_names_stand_in(ws: Workspace) -> None:
    found = where_to_act(ws, _club(ruud=[500, 250, 180, 126, 105]))
    ruud = next(a for a in found if a.persona_id == "p-ruud")
    assert "‘product’" in ruud.action["en"]


def test_a_persona_missing_from_the_canvas_still_gets_figures(workspace: Workspace) -> None:
    record_personas(workspace, club_personas()[1:])  # Ingrid is not in the current build
    ingrid = next(a for a in where_to_act(workspace, _club(), journey())
                  if a.persona_id == "p-ingrid")
    assert ingrid.name == "Ingrid Smit" and ingrid.barrier == {}
    assert not math.isnan(ingrid.gap)


@pytest.mark.parametrize(("names", "kind"), [
    (("afrekenen",), "checkout"), (("checkout_payment",), "checkout"),
    (("online betalen",), "checkout"), (("winkelwagen",), "checkout"),
    (("offerte",), "form"), (("contactformulier",), "form"), (("Sign up",), "form"),
    (("home",), "information"), (("product",), "information"),
    (("information",), "information"), (("bevestiging",), "confirmation"),
    (("bestelling bevestigd",), "confirmation"), (("thank-you",), "confirmation"),
    (("border",), "other"), (("step_7",), "other"),
])
def test_step_kind(names: tuple[str, ...], kind: str) -> None:
    assert step_kind(*names) == kind
