"""The funnel per persona from an analytics event export (issue 12, point 2).

DuckDB reads the Parquet snapshot and folds the events into one row per session (the
table ``_sessions``): its customer key, visitor id, device and entry source (of its first
event), first and last time, events, the furthest journey step it reached (*depth*) and
the first time it reached each step. Each session then gets its persona
(:mod:`personakit.journey._anonymous`), and the figures are grouped in DuckDB too: Python
only sees a few rows per persona, whatever the size of the export.

Per persona (plus ``"*"``, everyone, and ``"?"``, sessions without a persona):

- sessions, customers (logged in, or whose browser it was) and anonymous sessions;
- the entry-source and device mix: shares of the sessions whose value is known, with
  95 % Wilson intervals;
- per journey step: sessions that reached it (a session counts for every step up to the
  furthest it reached, in journey order, whatever the order it took them in), the share
  of the first step's sessions, conversion from the previous step with its Wilson
  interval, drop-off, and the median seconds from first reaching the previous step to
  first reaching this one, over the sessions that reached both in that order.

A share, conversion or median resting on fewer sessions than the workspace's
``min_group_size`` is ``None`` (privacy, and too few to say anything).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from personakit.errors import InputError
from personakit.journey._anonymous import HASH_BUCKETS, assign_sessions
from personakit.journey._draft import drafted
from personakit.journey._events import EventScan, event_source, normal_step, sorted_repairs
from personakit.journey._model import (
    EVERYONE,
    UNASSIGNED,
    FunnelReport,
    Journey,
    PersonaFunnel,
    Repair,
    SessionAssignment,
    Share,
    StepStat,
    Touchpoint,
)
from personakit.journey._settings import JourneySettings, journey_settings
from personakit.segment._stats import wilson
from personakit.workspace import Workspace

Z95 = 1.959963984540054  # the normal quantile statsmodels' Wilson interval uses
DIGITS = 6
MIXES = ("entry", "device")


# -- events to sessions --------------------------------------------------------------------

def _first_of(column: str, ties: bool) -> str:
    """SQL of the value on the session's first event. Where two events of a session share
    a time, the tie is settled by the value's hash, so the order of the export never
    changes the answer; an export without such ties skips that (2.5 s of CPU on 10
    million events)."""
    order = f"epoch_us(e.ts)::HUGEINT * {2 ** 64} + hash(e.{column})" if ties else "e.ts"
    return f"arg_min(e.{column}, {order}) FILTER (WHERE e.{column} IS NOT NULL) AS {column}"


def build_sessions(scan: EventScan, steps: int, seed: int) -> None:
    """Create ``_sessions`` (after :meth:`EventScan.check` and :meth:`EventScan.use_steps`).

    Columns: ``session``, ``key`` (text), ``visitor``, ``device``, ``entry`` (of the first
    event that has one), ``start``, ``end`` (epoch seconds), ``events`` (exact duplicates
    merged), ``depth`` (0: no journey step), ``t1``..``tN`` (the first time each journey
    step was reached); ``persona``, ``how``, ``customer`` and ``posterior``, filled in by
    :func:`assign_sessions`; and ``bucket``, a seeded hash of the session id (0..999,999)
    that splits the linked sessions into training and holdout.
    """
    times = "".join(f", epoch(min(e.ts) FILTER (WHERE s.pos = {i})) AS t{i}"
                    for i in range(1, steps + 1))
    columns = "".join(f", a.t{i}" for i in range(1, steps + 1))
    scan.con.execute(
        "CREATE OR REPLACE TEMP TABLE _sessions AS "
        "SELECT a.session, a.key, a.visitor, NULLIF(trim(a.device), '') AS device, "
        "NULLIF(trim(a.entry), '') AS entry, a.start, a.\"end\", "
        f"a.n - coalesce(d.extra, 0) AS events, a.depth{columns}, "
        "NULL::VARCHAR AS persona, '' AS how, a.key AS customer, NULL::DOUBLE AS posterior, "
        f"hash(a.session, {int(seed)}) % {HASH_BUCKETS} AS bucket "
        f"FROM (SELECT e.session, {scan.key_text('min(e.key)')} AS key, "
        f"{_first_of('visitor', scan.has_ties)}, {_first_of('device', scan.has_ties)}, "
        f"{_first_of('entry', scan.has_ties)}, "
        "epoch(min(e.ts)) AS start, epoch(max(e.ts)) AS \"end\", count(*) AS n, "
        f"coalesce(max(s.pos), 0) AS depth{times} FROM _ev e "
        "LEFT JOIN _steps s ON e.step = s.step WHERE e.ts IS NOT NULL GROUP BY e.session) a "
        "LEFT JOIN _dups d ON a.session = d.session")


def journey_steps(journey: Journey, settings: JourneySettings) -> list[Touchpoint]:
    """The touchpoints the data can see, in order; a clear error when there are none, too
    many, or two with the same step."""
    seen = [t for t in journey.touchpoints if t.step]
    if not seen:
        raise InputError("journey.error.no_steps", journey=journey.name)
    if len(seen) > settings.max_steps:
        raise InputError("journey.error.too_many_steps", journey=journey.name,
                         steps=len(seen), limit=settings.max_steps)
    names = [normal_step(str(t.step)) for t in seen]
    twice = next((t.step for t, n in zip(seen, names, strict=True) if names.count(n) > 1),
                 None)
    if twice is not None:
        raise InputError("journey.error.duplicate_step", journey=journey.name, step=twice)
    return seen


# -- statistics ----------------------------------------------------------------------------

def share_of(k: int, n: int, minimum: int) -> Share:
    """*k* of *n* sessions as a :class:`Share` (``None`` values below the minimum)."""
    if n < minimum or n == 0:
        return Share(n=k)
    low, high = wilson(k, n)
    return Share(n=k, share=round(k / n, DIGITS), low=round(low, DIGITS),
                 high=round(high, DIGITS))


def step_stats(reached: list[int], medians: list[tuple[float | None, int]],
               steps: list[Touchpoint], minimum: int) -> list[StepStat]:
    """A group's steps from the sessions reaching each one and, per step, the median
    seconds from the previous step with the sessions behind it."""
    out = []
    for i, touch in enumerate(steps):
        stat = StepStat(touchpoint=touch.id, step=str(touch.step), reached=reached[i])
        if reached[0] >= minimum:
            stat.share_of_start = round(reached[i] / reached[0], DIGITS)
        if i and reached[i - 1] >= minimum:
            conversion = share_of(reached[i], reached[i - 1], minimum)
            stat.conversion, stat.conversion_low = conversion.share, conversion.low
            stat.conversion_high = conversion.high
            stat.drop_off = round(1 - reached[i] / reached[i - 1], DIGITS)
        median, behind = medians[i]
        if i and median is not None and behind >= minimum:
            stat.median_seconds = round(float(median), 3)
        out.append(stat)
    return out


def _group_rows(scan: EventScan, steps: int) -> list[dict[str, Any]]:
    """Per persona (``"?"`` for none) and over everyone (``"*"``): counts, sessions
    reaching each step, and the median seconds between steps with their sessions."""
    reached = "".join(f", count(*) FILTER (WHERE depth >= {i}) AS r{i}"
                      for i in range(1, steps + 1))
    gaps = "".join(
        f", median(t{i} - t{i - 1}) FILTER (WHERE t{i} - t{i - 1} >= 0) AS m{i}"
        f", count(*) FILTER (WHERE t{i} - t{i - 1} >= 0) AS c{i}"
        for i in range(2, steps + 1))
    frame = scan.con.execute(
        f"SELECT CASE WHEN grouping(g) = 1 THEN '{EVERYONE}' ELSE g END AS g, "
        "count(*) AS sessions, count(DISTINCT customer) AS customers, "
        f"count(*) FILTER (WHERE key IS NULL) AS anonymous{reached}{gaps} "
        f"FROM (SELECT *, coalesce(persona, '{UNASSIGNED}') AS g FROM _sessions) "
        "GROUP BY GROUPING SETS ((g), ())").df()
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _mix_rows(scan: EventScan) -> dict[tuple[str, str], dict[str, int]]:
    """(group, ``entry``/``device``) -> value -> sessions, over sessions with a value."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    for kind in MIXES:
        rows = scan.con.execute(
            f"SELECT CASE WHEN grouping(g) = 1 THEN '{EVERYONE}' ELSE g END, {kind}, "
            f"count(*) FROM (SELECT {kind}, coalesce(persona, '{UNASSIGNED}') AS g "
            f"FROM _sessions WHERE {kind} IS NOT NULL) "
            f"GROUP BY GROUPING SETS ((g, {kind}), ({kind}))").fetchall()
        for group, value, count in rows:
            out.setdefault((str(group), kind), {})[str(value)] = int(count)
    return out


def _mix(counts: dict[str, int], levels: list[str], minimum: int) -> dict[str, Share]:
    known = sum(counts.values())
    return {level: share_of(counts.get(level, 0), known, minimum) for level in levels}


def _levels(counts: dict[str, int]) -> list[str]:
    """Largest first (then by name): every group lists the same values in one order."""
    return sorted(counts, key=lambda v: (-counts[v], v))


def persona_funnels(scan: EventScan, names: dict[str, str], steps: list[Touchpoint],
                    minimum: int) -> list[PersonaFunnel]:
    """Everyone first, then each persona of the build, then the unassigned sessions."""
    rows = {str(r["g"]): r for r in _group_rows(scan, len(steps))}
    mixes = _mix_rows(scan)
    levels = {kind: _levels(mixes.get((EVERYONE, kind), {})) for kind in MIXES}
    out = []
    for pid in [EVERYONE, *names, UNASSIGNED]:
        row = rows.get(pid, {})
        reached = [int(row.get(f"r{i}", 0) or 0) for i in range(1, len(steps) + 1)]
        medians = [(None, 0)] + [(_number(row.get(f"m{i}")), int(row.get(f"c{i}", 0) or 0))
                                 for i in range(2, len(steps) + 1)]
        out.append(PersonaFunnel(
            persona_id=pid, name=names.get(pid, ""), sessions=int(row.get("sessions", 0)),
            customers=int(row.get("customers", 0)),
            anonymous_sessions=int(row.get("anonymous", 0)),
            entry=_mix(mixes.get((pid, "entry"), {}), levels["entry"], minimum),
            device=_mix(mixes.get((pid, "device"), {}), levels["device"], minimum),
            steps=step_stats(reached, medians, steps, minimum)))
    return out


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


# -- the whole run -------------------------------------------------------------------------

class SessionPersonas(BaseModel):
    """Every session of the export with its persona (see :func:`session_personas`).

    Parameters
    ----------
    frame
        One row per session, sorted by session id: ``session``, ``persona_id`` (``"?"``
        when none), ``how`` (``key``, ``visitor``, ``behaviour`` or ``""``), ``customer``
        (logged in, or whose browser it was), ``anonymous``, ``posterior`` (the behaviour
        model's best probability, for the sessions it was asked about), and the session
        table's ``key, visitor, device, entry, start, end, events, depth`` and
        ``t1``..``tN`` (epoch seconds of first reaching each journey step).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    journey: Journey
    source: str
    snapshot: str
    build_id: int
    frame: pd.DataFrame
    names: dict[str, str]
    repairs: list[Repair]
    assignment: SessionAssignment
    events: int


@dataclass
class _Run:
    """One pass over the export: the sessions in DuckDB, with their personas."""

    scan: EventScan
    journey: Journey
    steps: list[Touchpoint]
    repairs: list[Repair]
    assignment: SessionAssignment
    names: dict[str, str]
    build_id: int


def _run(ws: Workspace, journey: Journey | None, source: str | None,
         build_id: int | None) -> _Run:
    settings = journey_settings(ws)
    columns = event_source(ws, source or (journey.source if journey else None))
    scan = EventScan(columns, settings)
    try:
        repairs: list[Repair | None] = [*scan.check()]
        chosen = journey if journey is not None else drafted(scan, settings)
        steps = journey_steps(chosen, settings)
        repairs.append(scan.use_steps([str(t.step) for t in steps]))
        build_sessions(scan, len(steps), ws.config.workspace.seed)
        assignment, names, build = assign_sessions(ws, scan.con, settings,
                                                   build_id=build_id)
    except BaseException:
        scan.con.close()
        raise
    return _Run(scan=scan, journey=chosen, steps=steps, repairs=sorted_repairs(repairs),
                assignment=assignment, names=names, build_id=build)


def session_personas(ws: Workspace, journey: Journey | None = None, *,
                     source: str | None = None,
                     build_id: int | None = None) -> SessionPersonas:
    """The sessions of the event export, each with its persona and how it was found.

    *journey* defaults to one drafted from the data (:func:`draft_journey`); *source* to
    the journey's source, else the export :func:`event_source` finds; *build_id* to the
    current personas.
    """
    run = _run(ws, journey, source, build_id)
    with run.scan as scan:
        frame: pd.DataFrame = scan.con.execute(
            f"SELECT session, coalesce(persona, '{UNASSIGNED}') AS persona_id, how, "
            "customer, key IS NULL AS anonymous, posterior, * EXCLUDE (session, persona, "
            "how, customer, posterior, bucket) FROM _sessions ORDER BY session").df()
    return SessionPersonas(
        journey=run.journey, source=scan.columns.source, snapshot=scan.columns.snapshot,
        build_id=run.build_id, frame=frame, names=run.names, repairs=run.repairs,
        assignment=run.assignment, events=int(frame["events"].sum()))


def funnel_report(ws: Workspace, journey: Journey | None = None, *,
                  source: str | None = None, build_id: int | None = None) -> FunnelReport:
    """The funnel per persona of the event export (see the module's docstring).

    *journey* defaults to one drafted from the data; *source* to the journey's source,
    else the export :func:`event_source` finds; *build_id* to the current personas.
    """
    started = time.perf_counter()
    run = _run(ws, journey, source, build_id)
    minimum = ws.config.workspace.min_group_size
    with run.scan as scan:
        personas = persona_funnels(scan, run.names, run.steps, minimum)
        first, last, events = scan.one(
            'SELECT min(start), max("end"), sum(events) FROM _sessions')
    return FunnelReport(
        journey=run.journey.name, source=scan.columns.source,
        snapshot=scan.columns.snapshot, build_id=run.build_id, start=_moment(first),
        end=_moment(last), events=int(events or 0), sessions=personas[0].sessions,
        repairs=run.repairs, assignment=run.assignment, personas=personas,
        min_group_size=minimum, seconds=round(time.perf_counter() - started, 3))


def _moment(seconds: float | None) -> datetime | None:
    if seconds is None or not math.isfinite(seconds):
        return None
    moment: datetime = pd.Timestamp(float(seconds), unit="s").to_pydatetime()
    return moment
