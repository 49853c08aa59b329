"""The funnel per persona: counts against pandas on the sample organisation, Wilson
intervals against statsmodels, the minimum group size, depth and median times."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from personakit.errors import InputError
from personakit.ingest import import_file
from personakit.journey import (
    EVERYONE,
    UNASSIGNED,
    FunnelReport,
    Touchpoint,
    draft_journey,
    funnel_report,
    session_personas,
)
from personakit.journey._draft import journey_from_steps
from personakit.journey._funnel import share_of
from personakit.pipeline import run_demo
from personakit.segment._stats import wilson as wilson_interval
from personakit.workspace import Workspace

STEPS = ["home", "product", "offerte", "afrekenen", "bevestiging"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("journey-funnel") / "ws"
    run_demo(root, customers=2000, seed=7, language="en", formats=(), steer=False)
    return root


@pytest.fixture(scope="module")
def ws(demo: Path) -> Iterator[Workspace]:
    opened = Workspace.open(demo)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def report(ws: Workspace) -> FunnelReport:
    return funnel_report(ws)


@pytest.fixture(scope="module")
def reference(ws: Workspace, demo: Path) -> pd.DataFrame:
    """Per session, computed with pandas from the CSV: depth, first time per step, and
    the persona our assignment gave it."""
    events = pd.read_csv(demo / "sample-data" / "web_analytics.csv",
                         parse_dates=["tijdstip"])
    events["pos"] = events["stap"].map({s: i + 1 for i, s in enumerate(STEPS)})
    events["t"] = events["tijdstip"].astype("datetime64[s]").astype("int64")
    first = events.groupby(["sessie_id", "pos"])["t"].min().unstack()
    table = pd.DataFrame({"depth": events.groupby("sessie_id")["pos"].max(),
                          "key": events.groupby("sessie_id")["klant_id"].max()}).join(first)
    found = session_personas(ws).frame.set_index("session")
    return table.join(found[["persona_id", "customer"]])


def test_the_drafted_journey_follows_the_sessions(ws: Workspace) -> None:
    journey = draft_journey(ws)
    assert journey.steps() == STEPS and journey.source == "web"
    assert [t.channel for t in journey.touchpoints] == ["web"] * 5
    assert journey.touchpoint("afrekenen").label == {"nl": "afrekenen", "en": "checkout"}
    assert journey.touchpoint("home").label["nl"] == "startpagina"
    assert [s.id for s in journey.stages] == STEPS  # no names to group
    assert journey.label["nl"] and journey.label["en"]


def test_stages_group_steps_whose_names_share_a_first_word() -> None:
    journey = journey_from_steps(["/home", "/product/fiets", "/product/auto", "checkout_adres",
                                  "checkout_betaling", "bedankt"])
    assert [(s.id, len([t for t in journey.touchpoints if t.stage == s.id]))
            for s in journey.stages] == [("home", 1), ("product", 2), ("checkout", 2),
                                         ("bedankt", 1)]
    assert journey.touchpoints[5].label == {"nl": "bedankpagina", "en": "thank-you page"}
    assert len({t.id for t in journey.touchpoints}) == 6


def test_counts_agree_with_pandas(report: FunnelReport, reference: pd.DataFrame) -> None:
    assert report.sessions == len(reference) and report.events == 5507
    groups = {EVERYONE: reference, **dict(tuple(reference.groupby("persona_id")))}
    for persona in report.personas:
        table = groups.get(persona.persona_id, reference.iloc[:0])
        assert persona.sessions == len(table), persona.persona_id
        assert persona.anonymous_sessions == int(table["key"].isna().sum())
        assert persona.customers == table["customer"].nunique()
        assert [s.reached for s in persona.steps] == \
            [int((table["depth"] >= i).sum()) for i in range(1, 6)], persona.persona_id


def test_medians_agree_with_pandas(report: FunnelReport, reference: pd.DataFrame) -> None:
    everyone = report.funnel(EVERYONE)
    assert everyone is not None
    for i in range(2, 6):
        gap = (reference[i] - reference[i - 1]).dropna()
        assert everyone.steps[i - 1].median_seconds == float(gap[gap >= 0].median())


def test_intervals_agree_with_statsmodels(report: FunnelReport) -> None:
    checked = 0
    for persona in report.personas:
        for before, step in zip(persona.steps, persona.steps[1:], strict=False):
            if step.conversion is None:
                continue
            low, high = proportion_confint(step.reached, before.reached, alpha=0.05,
                                           method="wilson")
            assert step.conversion_low == pytest.approx(low, abs=1e-6)
            assert step.conversion_high == pytest.approx(high, abs=1e-6)
            assert step.conversion == pytest.approx(step.reached / before.reached, abs=1e-6)
            assert step.drop_off == pytest.approx(1 - step.conversion, abs=1e-6)
            checked += 1
        for mix in (persona.entry, persona.device):
            known = sum(s.n for s in mix.values())
            for share in mix.values():
                if share.share is None:
                    continue
                low, high = proportion_confint(share.n, known, method="wilson")
                assert (share.low, share.high) == (pytest.approx(low, abs=1e-6),
                                                   pytest.approx(high, abs=1e-6))
                checked += 1
    assert checked >= 50


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (137, 981), (1, 2)])
def test_wilson_interval(k: int, n: int) -> None:
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert wilson_interval(k, n) == (pytest.approx(low, abs=1e-12),
                                     pytest.approx(high, abs=1e-12))


def test_report_shape(report: FunnelReport, ws: Workspace) -> None:
    ids = [p.persona_id for p in report.personas]
    assert ids[0] == EVERYONE and ids[-1] == UNASSIGNED and len(ids) == 7
    assert all(p.name for p in report.personas[1:-1])
    a = report.assignment
    assert a.by_key + a.by_visitor + a.by_behaviour + a.unassigned == report.sessions
    assert report.funnel(UNASSIGNED).sessions == a.unassigned  # type: ignore[union-attr]
    assert report.build_id == 1 and report.source == "web" and not report.repairs
    assert report.start is not None and report.end is not None and report.start < report.end
    everyone = report.personas[0]
    assert list(everyone.entry) == ["organisch", "advertentie", "direct", "nieuwsbrief",
                                    "verwijzing"]
    assert sum(s.n for s in everyone.device.values()) == report.sessions
    assert everyone.steps[0].share_of_start == 1.0 and everyone.steps[0].conversion is None
    # The shares follow the sample's segments: commuters come by ad on their phones.
    commuters = report.personas[1]
    assert commuters.device["mobiel"].share > everyone.device["mobiel"].share  # type: ignore[operator]


def test_the_same_inputs_give_the_same_report(ws: Workspace, report: FunnelReport) -> None:
    again = funnel_report(ws)
    assert again.model_dump(exclude={"seconds"}) == report.model_dump(exclude={"seconds"})


def test_min_group_size_is_respected_everywhere(demo: Path, tmp_path: Path,
                                                report: FunnelReport) -> None:
    root = Path(shutil.copytree(demo, tmp_path / "ws"))
    with Workspace.open(root) as copy:
        with copy.transaction() as stage:
            stage.edit_config()["workspace"]["min_group_size"] = 300  # type: ignore[index]
        strict = funnel_report(copy)
    assert strict.min_group_size == 300
    for persona in strict.personas:
        for mix in (persona.entry, persona.device):
            known = sum(s.n for s in mix.values())
            assert all((s.share is None) == (known < 300) for s in mix.values())
            assert all((s.low is None) == (s.share is None) for s in mix.values())
        for i, step in enumerate(persona.steps):
            if i and persona.steps[i - 1].reached < 300:
                assert step.conversion is step.conversion_low is step.drop_off is None
            if persona.steps[0].reached < 300:
                assert step.share_of_start is None
            if step.median_seconds is not None:
                assert persona.steps[i - 1].reached >= 300
    small = [p for p in strict.personas if 0 < p.sessions < 300]
    assert small and all(p.steps[1].conversion is None for p in small)
    # The counts themselves stay; only what rests on too few is left out.
    assert [p.sessions for p in strict.personas] == [p.sessions for p in report.personas]


def test_share_of_below_the_minimum() -> None:
    assert share_of(3, 9, 10).share is None and share_of(3, 9, 10).n == 3
    assert share_of(3, 10, 10).share == 0.3
    assert share_of(0, 0, 1).share is None


# -- depth and times on hand-made sessions ---------------------------------------------------

def write_events(path: Path, sessions: dict[str, list[tuple[str, int]]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sessie_id", "tijdstip", "stap"])
        for sid, events in sessions.items():
            for step, second in events:
                moment = pd.Timestamp("2025-11-02 10:00:00") + pd.Timedelta(seconds=second)
                out.writerow([sid, moment.isoformat(), step])
    return path


def small_report(workspace: Workspace, tmp_path: Path,
                 sessions: dict[str, list[tuple[str, int]]]) -> FunnelReport:
    with workspace.transaction() as stage:
        stage.edit_config()["workspace"]["min_group_size"] = 2  # type: ignore[index]
    import_file(workspace, write_events(tmp_path / "web.csv", sessions), name="web")
    return funnel_report(workspace, journey_from_steps(STEPS))


def test_depth_counts_every_step_up_to_the_furthest(workspace: Workspace,
                                                    tmp_path: Path) -> None:
    report = small_report(workspace, tmp_path, {
        "A": [("afrekenen", 0)],  # straight into checkout: counts for the four steps
        "B": [("home", 0), ("offerte", 30)],  # skipped the product page
        "C": [("product", 0), ("home", 20), ("product", 40)],  # back and forth
        "D": [("winkelmand", 0)],  # only a step outside the journey
    })
    everyone = report.personas[0]
    assert [s.reached for s in everyone.steps] == [3, 3, 2, 1, 0]
    assert everyone.sessions == 4 and everyone.steps[0].share_of_start == 1.0
    assert everyone.steps[2].conversion == pytest.approx(2 / 3, abs=1e-6)
    assert everyone.steps[3].conversion == 0.5 and everyone.steps[3].drop_off == 0.5
    assert everyone.steps[4].conversion is None  # rests on one session, below the minimum
    # Without personas every session is unassigned; the build is 0.
    assert report.build_id == 0 and report.personas[-1].sessions == 4
    assert [p.persona_id for p in report.personas] == [EVERYONE, UNASSIGNED]


def test_median_seconds_between_steps(workspace: Workspace, tmp_path: Path) -> None:
    report = small_report(workspace, tmp_path, {
        "A": [("home", 0), ("product", 10), ("offerte", 100)],
        "B": [("home", 0), ("product", 30), ("home", 35), ("product", 50)],  # first visits
        "C": [("home", 0), ("product", 50)],
        "D": [("product", 0), ("home", 60)],  # product before home: no time for that step
        "E": [("home", 0), ("offerte", 40)],  # product skipped: no time for either gap
    })
    steps = report.personas[0].steps
    assert steps[1].median_seconds == float(np.median([10, 30, 50]))
    assert steps[2].median_seconds is None  # one session made both: below the minimum


def test_journey_without_data_steps_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    journey = journey_from_steps(STEPS)
    journey.touchpoints = [t.model_copy(update={"step": None}) for t in journey.touchpoints]
    import_file(workspace, write_events(tmp_path / "web.csv", {"A": [("home", 0)]}),
                name="web")
    with pytest.raises(InputError) as error:
        funnel_report(workspace, journey)
    assert error.value.key == "journey.error.no_steps"
    twice = journey_from_steps(STEPS)
    twice.touchpoints.append(Touchpoint(id="again", stage="home", step="Home"))
    with pytest.raises(InputError) as error:
        funnel_report(workspace, twice)
    assert error.value.key == "journey.error.duplicate_step"
    long = journey_from_steps([f"stap{i}" for i in range(31)])
    with pytest.raises(InputError) as error:
        funnel_report(workspace, long)
    assert error.value.key == "journey.error.too_many_steps"
