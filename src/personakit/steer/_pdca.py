"""The plan-do-check-act log per persona (seed 002, step 8: "Stuur de klantpersona bij").

*Plan*: an action for one persona on one KPI with a target ("satisfaction from 7.5 to 8").
*Do*: record when it was done (the first period it could have had an effect). *Check*:
the KPI of the persona's customers before that period against from that period on, with a
95 % interval, among the customers who were there both before and after (so that people
joining or leaving do not pass for an effect; not for churn itself, where leaving is the
outcome: a customer who left before the action would make "before" zero by construction);
the verdict rests on that interval (churn and complaints should go down, everything else
up). Beside it stands the same change
among the customers of the other personas: when they moved the same way (a season, a price
rise), the persona's change may not be the action's doing, and the check says so
(``others_moved``). That comparison is shown, not used for the verdict, because the other
personas may have had actions of their own. *Act* is the analyst's: keep, adapt or stop,
written as a note.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel
from sqlalchemy import select, update

from personakit.access import audit
from personakit.errors import InputError, WorkspaceError
from personakit.steer._kpi import Z95, KpiData, kpi_data, summarise
from personakit.steer._tables import pdca_actions
from personakit.workspace import Workspace

MAX_ACTION = 2_000
# KPIs where less is better; every other KPI should go up.
LOWER_IS_BETTER = re.compile(r"(churn|opzeg|opgezegd|cancel|verloop|vertrek|klacht|complain|"
                             r"wachttijd|wait|storing|fout|error|kosten|cost)", re.I)
# Outcomes that end a customer's rows: no before-and-after panel for them.
LEAVING = re.compile(r"(churn|opzeg|opgezegd|cancel|verloop|vertrek|left|stopped)", re.I)
Verdict = Literal["improved", "worse", "no_change", "too_few"]


class GroupChange(BaseModel):
    """A KPI before and after among one group of customers, and the change's interval."""

    before: float | None = None
    before_n: int = 0
    after: float | None = None
    after_n: int = 0
    change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None


class ActionCheck(BaseModel):
    """The *check* of one action.

    Parameters
    ----------
    persona, rest
        The KPI before and after among the persona's customers and among everyone else.
    higher_is_better
        ``False`` for churn, complaints, waiting times and costs.
    effect, effect_low, effect_high
        The persona's change minus the rest's change, with its 95 % interval (shown
        beside the verdict, not used for it).
    others_moved
        The rest changed significantly in the same direction as the persona.
    reached
        Whether the persona's value after the action meets the target (``None``: too few).
    verdict
        ``improved``/``worse`` when the interval of the persona's change excludes 0,
        ``no_change`` otherwise, ``too_few`` below the minimum group size.
    """

    kpi: str
    kind: str
    target: float
    periods_before: list[str]
    periods_after: list[str]
    persona: GroupChange
    rest: GroupChange
    higher_is_better: bool = True
    effect: float | None = None
    effect_low: float | None = None
    effect_high: float | None = None
    others_moved: bool = False
    reached: bool | None = None
    verdict: Verdict = "too_few"
    checked_at: datetime


class PdcaAction(BaseModel):
    """One action of the log; ``check`` is filled by :func:`check_action`."""

    id: int
    persona_id: str
    kpi: str
    target: float
    action: str
    planned_at: datetime
    planned_by: str
    start_period: str
    done_at: datetime | None = None
    done_by: str | None = None
    done_period: str | None = None
    check: ActionCheck | None = None
    note: str | None = None

    @property
    def status(self) -> str:
        if self.check is not None:
            return "checked"
        return "done" if self.done_period else "planned"


def _utc(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def _action(row: Any) -> PdcaAction:
    return PdcaAction(
        id=row.id, persona_id=row.persona_id, kpi=row.kpi, target=row.target,
        action=row.action, planned_at=_utc(row.planned_at), planned_by=row.planned_by,
        start_period=row.start_period, done_at=_utc(row.done_at), done_by=row.done_by,
        done_period=row.done_period,
        check=ActionCheck.model_validate(row.check) if row.check else None, note=row.note)


def _period_text(value: str | None, every: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    import pandas as pd

    from personakit.steer._kpi import _periods

    found = _periods(pd.Series([str(value).strip()]), every).iloc[0]
    if found is pd.NA or found is None:
        raise InputError("steer.error.pdca_period", value=str(value)[:40])
    return str(found)


def parse_target(text: str) -> tuple[float, bool]:
    """(value, given as a percentage) of a target as people write it: ``8``, ``7,5``,
    ``2%`` or ``2 %`` (a share: 0.02), ``-10`` (NPS points)."""
    raw = text.strip().replace(" ", "")
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError("steer.error.pdca_target", value=text[:40])
    return (value / 100 if percent else value), percent


def target_value(ws: Workspace, kpi: str, text: str, source: str | None = None) -> float:
    """The target *text* for *kpi* as :func:`plan_action` stores it: a rate's as a share
    (``2%`` is 0.02); a percentage for a KPI that is not a rate, or a rate's target
    outside 0..1, is refused."""
    value, percent = parse_target(text)
    kinds = {k.name: k.kind for k in kpi_data(ws, source).kpis}
    kind = kinds.get(kpi)
    if percent and kind not in (None, "rate"):
        from personakit.i18n import t

        raise InputError("steer.error.pdca_percent", value=text[:40], kpi=kpi,
                         kind=t(f"steer.kpi.kind.{kind}"))
    if kind == "rate" and not 0 <= value <= 1:
        raise InputError("steer.error.pdca_rate", value=text[:40], kpi=kpi)
    return value


def plan_action(ws: Workspace, persona_id: str, kpi: str, target: float, action: str, *,
                start_period: str | None = None, source: str | None = None,
                actor: str = "cli") -> PdcaAction:
    """*Plan*: record an action for *persona_id* on *kpi* with its *target*.

    The persona must be one of the current personas and *kpi* a KPI of the KPI source;
    a rate's target is a share (0.02 for 2 %), NPS in points, a mean in its unit.
    """
    from personakit.track import current_personas

    text = action.strip()
    if not text or len(text) > MAX_ACTION:
        raise InputError("steer.error.pdca_action", length=len(text), maximum=MAX_ACTION)
    if not math.isfinite(target):
        raise InputError("steer.error.pdca_target", value=str(target))
    personas = {p.id: p.name for p in current_personas(ws)}
    if persona_id not in personas:
        raise WorkspaceError("steer.error.pdca_persona", persona=persona_id,
                             personas=", ".join(personas) or "-")
    data = kpi_data(ws, source)
    if kpi not in {k.name for k in data.kpis}:
        raise InputError("steer.error.kpi_unknown", source=data.source, kpi=kpi,
                         columns=", ".join(k.name for k in data.kpis))
    periods = sorted(data.frame["_period"].dropna().unique().tolist())
    start = _period_text(start_period, data.every) or (periods[-1] if periods else "")
    now = datetime.now(UTC)
    with ws.transaction() as st:
        inserted = st.connection.execute(pdca_actions.insert().values(
            persona_id=persona_id, kpi=kpi, target=float(target), action=text,
            planned_at=now, planned_by=actor, start_period=start)).inserted_primary_key
        new_id = int(inserted[0]) if inserted else 0
        audit(ws, actor, "pdca.plan", persona_id, {"action": int(new_id), "kpi": kpi},
              connection=st.connection)
    return get_action(ws, int(new_id))


def get_action(ws: Workspace, action_id: int) -> PdcaAction:
    with ws.engine.connect() as con:
        row = con.execute(select(pdca_actions).where(pdca_actions.c.id == action_id)).first()
    if row is None:
        raise WorkspaceError("steer.error.pdca_unknown", action=action_id)
    return _action(row)


def list_actions(ws: Workspace, persona_id: str | None = None) -> list[PdcaAction]:
    """The log, oldest first (one persona's, if given)."""
    query = select(pdca_actions).order_by(pdca_actions.c.id)
    if persona_id is not None:
        query = query.where(pdca_actions.c.persona_id == persona_id)
    with ws.engine.connect() as con:
        return [_action(r) for r in con.execute(query).all()]


def record_done(ws: Workspace, action_id: int, *, period: str | None = None,
                note: str | None = None, actor: str = "cli") -> PdcaAction:
    """*Do*: the action was done; *period* is the first period it could have had an effect
    (default: the newest period of the KPI source)."""
    found = get_action(ws, action_id)
    data = kpi_data(ws)
    periods = sorted(data.frame["_period"].dropna().unique().tolist())
    done = _period_text(period, data.every) or (periods[-1] if periods else found.start_period)
    now = datetime.now(UTC)
    with ws.transaction() as st:
        st.connection.execute(update(pdca_actions).where(pdca_actions.c.id == action_id).values(
            done_at=now, done_by=actor, done_period=done,
            note=note.strip()[:MAX_ACTION] if note and note.strip() else found.note))
        audit(ws, actor, "pdca.done", found.persona_id, {"action": action_id, "period": done},
              connection=st.connection)
    return get_action(ws, action_id)


def _change(before: np.ndarray, after: np.ndarray, kind: str, minimum: int) -> GroupChange:
    out = GroupChange(before_n=int(np.isfinite(before).sum()),
                      after_n=int(np.isfinite(after).sum()))
    if out.before_n < minimum or out.after_n < minimum:
        return out
    b, _, _, se_b = summarise(before, kind)  # type: ignore[arg-type]
    a, _, _, se_a = summarise(after, kind)  # type: ignore[arg-type]
    se = math.sqrt(se_a ** 2 + se_b ** 2)
    out.before, out.after, out.change, out.se = b, a, a - b, se
    out.ci_low, out.ci_high = a - b - Z95 * se, a - b + Z95 * se
    return out


def compare(data: KpiData, persona_id: str, kpi: str, done_period: str, target: float,
            minimum: int) -> ActionCheck:
    """Before *done_period* against from it on, for the persona and for the rest."""
    info = next(k for k in data.kpis if k.name == kpi)
    frame = data.frame
    if not LEAVING.search(kpi):
        later = frame["_period"] >= done_period
        stayed = set(frame.loc[later, "_key"]) & set(frame.loc[~later, "_key"])
        frame = frame[frame["_key"].isin(stayed)]
    after = (frame["_period"] >= done_period).to_numpy()
    mine = (frame["_persona"] == persona_id).to_numpy()
    values = frame[kpi].to_numpy(dtype=float)
    periods = sorted(frame["_period"].dropna().unique().tolist())
    persona = _change(values[mine & ~after], values[mine & after], info.kind, minimum)
    rest = _change(values[~mine & ~after], values[~mine & after], info.kind, minimum)
    check = ActionCheck(kpi=kpi, kind=info.kind, target=target,
                        periods_before=[p for p in periods if p < done_period],
                        periods_after=[p for p in periods if p >= done_period],
                        persona=persona, rest=rest, checked_at=datetime.now(UTC),
                        higher_is_better=not LOWER_IS_BETTER.search(kpi))
    if persona.change is None or persona.after is None:
        return check
    up = check.higher_is_better
    check.reached = persona.after >= target if up else persona.after <= target
    check.verdict = _direction(persona, up)
    if rest.change is not None and rest.se is not None and persona.se is not None:
        check.effect = persona.change - rest.change
        half = Z95 * math.sqrt(persona.se ** 2 + rest.se ** 2)
        check.effect_low, check.effect_high = check.effect - half, check.effect + half
        check.others_moved = (check.verdict != "no_change"
                              and _direction(rest, up) == check.verdict)
    return check


def _direction(group: GroupChange, up: bool) -> Verdict:
    assert group.ci_low is not None and group.ci_high is not None
    if group.ci_low > 0 or group.ci_high < 0:
        return "improved" if (group.ci_low > 0) == up else "worse"
    return "no_change"


def check_action(ws: Workspace, action_id: int, *, source: str | None = None,
                 actor: str = "cli") -> PdcaAction:
    """*Check*: compare the KPI before and after the action (see the module's docstring)
    and store the result on the action."""
    found = get_action(ws, action_id)
    if found.done_period is None:
        raise WorkspaceError("steer.error.pdca_not_done", action=action_id)
    data = kpi_data(ws, source)
    if found.kpi not in {k.name for k in data.kpis}:
        raise InputError("steer.error.kpi_unknown", source=data.source, kpi=found.kpi,
                         columns=", ".join(k.name for k in data.kpis))
    check = compare(data, found.persona_id, found.kpi, found.done_period, found.target,
                    ws.config.workspace.min_group_size)
    with ws.transaction() as st:
        st.connection.execute(update(pdca_actions).where(pdca_actions.c.id == action_id).values(
            check=check.model_dump(mode="json")))
        audit(ws, actor, "pdca.check", found.persona_id,
              {"action": action_id, "verdict": check.verdict}, connection=st.connection)
    return get_action(ws, action_id)


def act_note(ws: Workspace, action_id: int, note: str, *, actor: str = "cli") -> PdcaAction:
    """*Act*: the analyst's conclusion (keep, adapt, stop) as a note on the action."""
    found = get_action(ws, action_id)
    text = note.strip()
    if not text or len(text) > MAX_ACTION:
        raise InputError("steer.error.pdca_action", length=len(text), maximum=MAX_ACTION)
    with ws.transaction() as st:
        st.connection.execute(update(pdca_actions).where(pdca_actions.c.id == action_id)
                              .values(note=text))
        audit(ws, actor, "pdca.act", found.persona_id, {"action": action_id},
              connection=st.connection)
    return get_action(ws, action_id)
