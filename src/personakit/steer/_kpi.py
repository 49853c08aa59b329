"""KPIs per persona over time (seed 002, step 8: satisfaction, loyalty, revenue per persona).

A *KPI source* has several rows per customer, each with a period (a month column, or a
date) and outcome columns: satisfaction, NPS, churn, revenue, conversion. Each customer is
given the persona of their profile — the stored assignment of the segmentation the
current personas were built on, and for customers who joined since, the stored model's
assignment of their current data — and every KPI is summarised per persona per period:

- a yes/no outcome (churn, conversion) as a rate with a Wilson interval;
- a 0-10 recommendation score (NPS) as promoters minus detractors, -100..100, with the
  normal interval of a difference of two shares of one sample;
- any other number as a mean with a t interval.

A point resting on fewer than ``min_group_size`` customers is left out (privacy, and too
few to say anything), as everywhere else.
"""

from __future__ import annotations

import math
import re
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from scipy import stats

from personakit.errors import InputError, WorkspaceError
from personakit.model import ColumnRole
from personakit.segment._stats import wilson
from personakit.workspace import Workspace

KpiKind = Literal["mean", "rate", "nps"]
Every = Literal["month", "quarter", "year"]
EVERY: tuple[str, ...] = ("month", "quarter", "year")
Z95 = 1.959963984540054
ALL = "*"  # persona id of the series over everyone
PERIOD_HINT = re.compile(r"(maand|month|periode|period|datum|date|week|kwartaal|quarter|"
                         r"jaar|year|dag\b|day\b|tijdstip|timestamp)", re.I)
NPS_HINT = re.compile(r"(nps|aanbevel|recommend|promot)", re.I)
MIN_REPEATED = 0.2  # share of rows whose customer already had a row: a long (panel) source
PERIOD_CODE = {"month": "M", "quarter": "Q", "year": "Y"}


class KpiInfo(BaseModel):
    """One KPI column: its kind and label."""

    name: str
    kind: KpiKind
    label: dict[str, str] = Field(default_factory=dict)


class KpiPoint(BaseModel):
    """One persona, one period: customers behind it and the value with its 95 % interval.

    ``value`` is ``None`` when fewer than the minimum group size are behind it. Rates are
    shares (0..1), NPS is in points (-100..100), means are in the column's unit.
    """

    period: str
    n: int
    value: float | None = None
    low: float | None = None
    high: float | None = None


class KpiSeries(BaseModel):
    """One KPI of one persona over the periods (``persona_id`` ``"*"``, no name: everyone)."""

    kpi: str
    persona_id: str
    name: str
    points: list[KpiPoint] = Field(default_factory=list)

    def value(self, period: str) -> float | None:
        return next((p.value for p in self.points if p.period == period), None)


class KpiTrends(BaseModel):
    """KPIs per persona per period from one KPI source.

    Parameters
    ----------
    series
        One per KPI per persona, plus one per KPI over everyone (``persona_id`` ``"*"``).
    unmatched
        Customers of the KPI source that no persona covers (not in the data the profiles
        were built on and not assignable, or fitting no profile); they count in ``"*"``.
    """

    source: str
    period_column: str
    every: str
    build_id: int
    periods: list[str] = Field(default_factory=list)
    kpis: list[KpiInfo] = Field(default_factory=list)
    series: list[KpiSeries] = Field(default_factory=list)
    customers: int = 0
    unmatched: int = 0
    min_group_size: int = 10

    def kpi(self, name: str) -> KpiInfo:
        return next(k for k in self.kpis if k.name == name)

    def of(self, kpi: str, persona_id: str) -> KpiSeries | None:
        return next((s for s in self.series if s.kpi == kpi and s.persona_id == persona_id),
                    None)


class KpiData(BaseModel):
    """The long table behind the trends: one row per KPI-source row with its persona."""

    model_config = {"arbitrary_types_allowed": True}

    source: str
    key: str
    period_column: str
    every: str
    build_id: int
    kpis: list[KpiInfo]
    frame: pd.DataFrame  # columns: _key, _period, _persona, one float column per KPI
    names: dict[str, str]  # persona id -> name
    unmatched: int


# -- finding the source, its period and its KPIs ------------------------------------------

def kpi_sources(ws: Workspace) -> list[str]:
    """Sources marked as KPI sources (``personakit import --kpi``), else sources with
    several rows per customer (at least a fifth of the rows repeat one), a period column
    and at least one outcome column."""
    from personakit.ingest._link import is_kpi_source
    from personakit.ingest._sources import source_names

    names = source_names(ws)
    marked = [n for n in names if is_kpi_source(ws, n)]
    if marked:
        return marked
    found = []
    for name in names:
        try:
            frame, key, _, _ = _describe_source(ws, name, None, None)
        except (InputError, WorkspaceError):
            continue
        # Periods of outcomes repeat a customer (a CRM with a join date does not).
        if frame[key].duplicated().mean() >= MIN_REPEATED:
            found.append(name)
    return found


def _period_column(ws: Workspace, source: str, frame: pd.DataFrame,
                   chosen: str | None) -> str:
    from personakit.ingest import latest_snapshot

    if chosen is not None:
        if chosen not in frame.columns:
            raise InputError("steer.error.kpi_period_unknown", source=source, column=chosen,
                             columns=", ".join(map(str, frame.columns)))
        return chosen
    columns = latest_snapshot(ws, source).columns
    dated = [c.name for c in columns if c.role == ColumnRole.DATE and c.name in frame.columns]
    named = [c.name for c in columns if PERIOD_HINT.search(c.name) and c.name in frame.columns]
    for name in [*named, *dated]:
        if _periods(frame[name], "month").notna().mean() >= 0.9:
            return name
    raise InputError("steer.error.kpi_no_period", source=source,
                     columns=", ".join(map(str, frame.columns)))


def _kpi_kind(name: str, values: np.ndarray) -> KpiKind:
    known = values[np.isfinite(values)]
    if known.size and np.isin(known, (0.0, 1.0)).all():
        return "rate"
    if (NPS_HINT.search(name) and known.size and (known == np.round(known)).all()
            and known.min() >= 0 and known.max() <= 10):
        return "nps"
    return "mean"


def _kpi_columns(ws: Workspace, source: str, frame: pd.DataFrame, exclude: set[str],
                 chosen: list[str] | None) -> list[KpiInfo]:
    from personakit.persona import label
    from personakit.segment import segment_settings
    from personakit.segment._explain import _kpi_values, kpi_columns

    if chosen:
        unknown = [c for c in chosen if c not in frame.columns]
        if unknown:
            raise InputError("steer.error.kpi_unknown", source=source, kpi=", ".join(unknown),
                             columns=", ".join(map(str, frame.columns)))
        names = list(chosen)
    else:
        names = kpi_columns(frame, segment_settings(ws).kpis, exclude)
    infos = []
    for name in names:
        values = _kpi_values(frame[name])
        if values is None or not np.isfinite(values).any():
            raise InputError("steer.error.kpi_not_numeric", source=source, column=name)
        infos.append(KpiInfo(name=name, kind=_kpi_kind(name, values),
                             label={lang: label(name, lang) for lang in ("nl", "en")}))
    if not infos:
        raise InputError("steer.error.kpi_none", source=source,
                         columns=", ".join(map(str, frame.columns)))
    return infos


def _describe_source(ws: Workspace, source: str, period: str | None,
                     kpis: list[str] | None) -> tuple[pd.DataFrame, str, str, list[KpiInfo]]:
    """(frame, key column, period column, KPIs) of a KPI source, or a clear error."""
    from personakit.ingest import load_source
    from personakit.ingest._link import link_columns

    key = link_columns(ws).get(source)
    if key is None:
        raise InputError("steer.error.kpi_no_key", source=source)
    frame = load_source(ws, source)
    column = _period_column(ws, source, frame, period)
    infos = _kpi_columns(ws, source, frame, {key, column}, kpis)
    return frame, key, column, infos


def _periods(values: pd.Series, every: str) -> pd.Series:
    """Each value as a period label (``2026-03``, ``2026Q1``, ``2026``), or missing."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        moments = values
    else:
        text = values.astype("string").str.strip()
        moments = pd.to_datetime(text, errors="coerce", format="mixed")
    if hasattr(moments.dt, "tz") and moments.dt.tz is not None:
        moments = moments.dt.tz_localize(None)
    out: pd.Series = moments.dt.to_period(PERIOD_CODE[every]).astype("string")
    return out


# -- who is which persona -----------------------------------------------------------------

def persona_of_keys(ws: Workspace, keys: pd.Series, build_id: int | None = None
                    ) -> tuple[pd.Series, dict[str, str], int]:
    """Per key (as text): the persona id (missing when none), persona names, build id.

    Stored assignments of the build's segmentation first; keys not in them are assigned by
    the stored model from the current linked data (customers who joined since)."""
    from personakit.ingest import linked_frame
    from personakit.ingest._link import _key_text
    from personakit.segment import assign_frame, profile_members
    from personakit.track import get_version

    version = get_version(ws, build_id)
    by_profile = {p.profile_id: p.id for p in version.personas}
    names = {p.id: p.name for p in version.personas}
    members = profile_members(ws, version.segmentation_id)
    profiles = members["profile_id"]
    if "fits_none" in members.columns:
        profiles = profiles.where(~members["fits_none"].astype(bool))
    known = pd.Series(profiles.to_numpy(dtype=object),
                      index=_key_text(members["key"]).to_numpy())
    known = known[~known.index.duplicated()]
    wanted = pd.Index(_key_text(keys).dropna().unique())
    new = wanted.difference(known.index)
    if len(new):
        data = linked_frame(ws)
        frame = data.frame.reset_index(drop=data.key in data.frame.columns)
        text = _key_text(frame[data.key])
        rows = frame.loc[text.isin(new).to_numpy()]
        if len(rows):
            assigned = assign_frame(ws, rows, version.segmentation_id, reasons=False)
            profile = assigned["profile_id"].where(
                ~assigned.get("fits_none", pd.Series(False, index=assigned.index)).astype(bool))
            extra = pd.Series(profile.to_numpy(dtype=object),
                              index=_key_text(rows[data.key]).to_numpy())
            known = pd.concat([known, extra[~extra.index.duplicated()]])
    persona = _key_text(keys).map(known).map(by_profile)
    return persona, names, version.id


def kpi_data(ws: Workspace, source: str | None = None, *, period: str | None = None,
             kpis: list[str] | None = None, every: str = "month",
             build_id: int | None = None) -> KpiData:
    """The KPI source's rows with their period and persona (see the module's docstring)."""
    from personakit.ingest._sources import source_names

    if every not in EVERY:
        raise InputError("steer.error.kpi_every", value=every, allowed=", ".join(EVERY))
    if source is None:
        found = kpi_sources(ws)
        if not found:
            raise WorkspaceError("steer.error.kpi_no_source",
                                 sources=", ".join(source_names(ws)) or "-")
        source = found[0]
    elif source not in source_names(ws):
        raise WorkspaceError("ingest.error.unknown_source", source=source,
                             sources=", ".join(source_names(ws)))
    frame, key, column, infos = _describe_source(ws, source, period, kpis)
    from personakit.segment._explain import _kpi_values

    persona, names, build = persona_of_keys(ws, frame[key], build_id)
    long = pd.DataFrame({"_key": frame[key].astype("string").to_numpy(),
                         "_period": _periods(frame[column], every).to_numpy(),
                         "_persona": persona.to_numpy(dtype=object)})
    for info in infos:
        long[info.name] = _kpi_values(frame[info.name])
    long = long[long["_period"].notna()].reset_index(drop=True)
    unmatched = int(long.loc[long["_persona"].isna(), "_key"].nunique())
    return KpiData(source=source, key=key, period_column=column, every=every, build_id=build,
                   kpis=infos, frame=long, names=names, unmatched=unmatched)


# -- summaries ----------------------------------------------------------------------------

def summarise(values: np.ndarray, kind: KpiKind) -> tuple[float, float, float, float]:
    """(value, low, high, standard error) of one group's KPI values (NaN left out)."""
    x = values[np.isfinite(values)]
    n = x.size
    if n == 0:
        return math.nan, math.nan, math.nan, math.nan
    if kind == "rate":
        p = float(x.mean())
        low, high = wilson(p * n, n)
        return p, low, high, math.sqrt(p * (1 - p) / n)
    if kind == "nps":
        pro, det = float((x >= 9).mean()), float((x <= 6).mean())
        value = 100 * (pro - det)
        se = 100 * math.sqrt(max(pro + det - (pro - det) ** 2, 0.0) / n)
        return value, max(value - Z95 * se, -100.0), min(value + Z95 * se, 100.0), se
    mean = float(x.mean())
    if n < 2:
        return mean, mean, mean, 0.0
    se = float(x.std(ddof=1)) / math.sqrt(n)
    half = float(stats.t.ppf(0.975, n - 1)) * se
    return mean, mean - half, mean + half, se


def _point(period: str, values: np.ndarray, kind: KpiKind, minimum: int) -> KpiPoint:
    n = int(np.isfinite(values).sum())
    if n < minimum:
        return KpiPoint(period=period, n=n)
    value, low, high, _ = summarise(values, kind)
    return KpiPoint(period=period, n=n, value=round(value, 6), low=round(low, 6),
                    high=round(high, 6))


def kpi_trends(ws: Workspace, source: str | None = None, *, period: str | None = None,
               kpis: list[str] | None = None, every: str = "month",
               build_id: int | None = None) -> KpiTrends:
    """Every KPI per persona per period, with intervals (see the module's docstring)."""
    data = kpi_data(ws, source, period=period, kpis=kpis, every=every, build_id=build_id)
    minimum = ws.config.workspace.min_group_size
    frame = data.frame
    periods = sorted(frame["_period"].dropna().unique().tolist())
    trends = KpiTrends(source=data.source, period_column=data.period_column, every=every,
                       build_id=data.build_id, periods=periods, kpis=data.kpis,
                       customers=int(frame["_key"].nunique()), unmatched=data.unmatched,
                       min_group_size=minimum)
    groups = {pid: frame[frame["_persona"] == pid] for pid in data.names}
    groups[ALL] = frame
    by_period = {pid: dict(tuple(g.groupby("_period", sort=True))) for pid, g in groups.items()}
    for info in data.kpis:
        for pid, parts in by_period.items():
            name = data.names.get(pid, "")
            points = [_point(p, parts[p][info.name].to_numpy(dtype=float), info.kind, minimum)
                      if p in parts else KpiPoint(period=p, n=0) for p in periods]
            trends.series.append(KpiSeries(kpi=info.name, persona_id=pid, name=name,
                                           points=points))
    return trends
