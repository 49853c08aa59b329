"""Plan-do-check-act: the lifecycle, the check against the truth of the sample
organisation (only the digital commuters got the better app), and bad input."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from personakit.errors import InputError, WorkspaceError
from personakit.steer import (
    KpiData,
    KpiInfo,
    act_note,
    check_action,
    get_action,
    kpi_data,
    list_actions,
    plan_action,
    record_done,
)
from personakit.steer._pdca import compare
from personakit.track import current_personas
from personakit.workspace import Workspace
from tests._steerdata import copy_steer_ws, import_followup, steer_template, truth_segments

pytestmark = pytest.mark.slow


def _data(rows: list[tuple[str, str, str, float]], kind: str = "mean") -> KpiData:
    frame = pd.DataFrame(rows, columns=["_key", "_period", "_persona", "kpi"])
    return KpiData(source="s", key="k", period_column="p", every="month", build_id=1,
                   kpis=[KpiInfo(name="kpi", kind=kind)], frame=frame,  # type: ignore[arg-type]
                   names={"a": "A", "b": "B"}, unmatched=0)


def _panel(effect_a: float, effect_b: float, n: int = 200, seed: int = 0,
           kind: str = "mean") -> KpiData:
    rng = np.random.default_rng(seed)
    rows = []
    for persona, effect in (("a", effect_a), ("b", effect_b)):
        for i in range(n):
            for month, period in enumerate(("2026-01", "2026-02", "2026-03", "2026-04")):
                lift = effect if month >= 2 else 0.0
                value = rng.normal(7 + lift, 1) if kind == "mean" else float(
                    rng.random() < 0.05 + lift)
                rows.append((f"{persona}{i}", period, persona, value))
    return _data(rows, kind)


def test_a_real_effect_is_found_and_none_is_not_invented() -> None:
    data = _panel(0.5, 0.0)
    found = compare(data, "a", "kpi", "2026-03", 7.4, 10)
    assert found.verdict == "improved" and found.reached
    assert found.persona.ci_low is not None and found.persona.ci_low > 0
    assert found.periods_before == ["2026-01", "2026-02"]
    none = compare(data, "b", "kpi", "2026-03", 7.4, 10)
    assert none.verdict == "no_change" and not none.reached


def test_the_others_moving_too_is_a_caution() -> None:
    data = _panel(0.5, 0.5)
    found = compare(data, "a", "kpi", "2026-03", 7.4, 10)
    assert found.verdict == "improved" and found.others_moved
    assert found.effect_low is not None and found.effect_low < 0 < (found.effect_high or 0)


def test_for_churn_down_is_better() -> None:
    data = _panel(0.08, 0.0, n=400, kind="rate")
    data.kpis[0].name = "opgezegd"
    data.frame = data.frame.rename(columns={"kpi": "opgezegd"})
    found = compare(data, "a", "opgezegd", "2026-03", 0.02, 10)
    assert not found.higher_is_better
    assert found.verdict == "worse" and found.reached is False


def test_too_few_customers_give_no_verdict() -> None:
    data = _panel(0.5, 0.0, n=3)
    assert compare(data, "a", "kpi", "2026-03", 7.4, 10).verdict == "too_few"


def test_people_who_joined_or_left_do_not_pass_for_an_effect() -> None:
    rows = [(f"old{i}", p, "a", 6.0) for i in range(50) for p in ("2026-01", "2026-02")]
    rows += [(f"stay{i}", p, "a", 7.0) for i in range(50)
             for p in ("2026-01", "2026-02", "2026-03")]
    rows += [(f"new{i}", "2026-03", "a", 9.0) for i in range(50)]
    rows += [(f"b{i}", p, "b", 7.0) for i in range(50) for p in ("2026-01", "2026-03")]
    found = compare(_data(rows), "a", "kpi", "2026-03", 8.0, 10)
    assert found.persona.change == pytest.approx(0.0)
    assert found.verdict == "no_change"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = copy_steer_ws(steer_template(tmp_path_factory),
                              tmp_path_factory.mktemp("pdca") / "ws")
    import_followup(workspace, "changed")
    yield workspace
    workspace.close()


def _commuters(ws: Workspace) -> str:
    """The persona most of whose customers are the sample's digital commuters."""
    data = kpi_data(ws)
    truth = truth_segments(ws)
    people = data.frame.drop_duplicates("_key").dropna(subset=["_persona"])
    people = people.assign(segment=people["_key"].map(truth))
    share = people.groupby("_persona")["segment"].apply(
        lambda s: (s == "digitale_forens").mean())
    return str(share.idxmax())


def test_the_lifecycle_on_the_sample_organisation(ws: Workspace) -> None:
    commuters = _commuters(ws)
    verdicts = {}
    for persona in current_personas(ws):
        action = plan_action(ws, persona.id, "tevredenheid", 8.0, "Betere app",
                             start_period="2026-02")
        assert action.status == "planned" and action.start_period == "2026-02"
        done = record_done(ws, action.id, period="2026-05-01", note="live")
        assert done.done_period == "2026-05" and done.status == "done"
        checked = check_action(ws, action.id)
        assert checked.check is not None and checked.status == "checked"
        verdicts[persona.id] = checked.check.verdict
    # The sample gave the digital commuters a better app from May (+0.4): found; the
    # others' satisfaction did not move.
    assert verdicts.pop(commuters) == "improved"
    assert set(verdicts.values()) == {"no_change"}
    noted = act_note(ws, list_actions(ws)[0].id, "Houden en uitrollen")
    assert noted.note == "Houden en uitrollen"
    assert len(list_actions(ws, commuters)) == 1


def test_bad_input_is_refused_and_nothing_is_written(ws: Workspace) -> None:
    before = len(list_actions(ws))
    persona = current_personas(ws)[0].id
    with pytest.raises(WorkspaceError):
        plan_action(ws, "nobody", "tevredenheid", 8.0, "x")
    with pytest.raises(InputError):
        plan_action(ws, persona, "geluk", 8.0, "x")
    with pytest.raises(InputError):
        plan_action(ws, persona, "tevredenheid", float("nan"), "x")
    with pytest.raises(InputError):
        plan_action(ws, persona, "tevredenheid", 8.0, "   ")
    with pytest.raises(InputError):
        plan_action(ws, persona, "tevredenheid", 8.0, "x", start_period="next spring")
    assert len(list_actions(ws)) == before
    planned = plan_action(ws, persona, "tevredenheid", 8.0, "x")
    with pytest.raises(WorkspaceError):
        check_action(ws, planned.id)  # not done yet
    with pytest.raises(WorkspaceError):
        get_action(ws, 10_000)
    assert get_action(ws, planned.id).check is None
    assert get_action(ws, planned.id).planned_at <= datetime.now(UTC)
