"""Drift: a source's newest snapshot against the one the personas were built on.

Three views, each with a documented threshold (``[settings.steer]``):

1. per variable of the source, the population stability index (PSI) between the two
   snapshots;
2. per profile, its share of the customers now (the current data assigned by the stored
   model) against its share when the profiles were found, with a chi-square test of all
   shares and a 95 % interval per profile, and how far each profile's key traits moved;
3. re-assignment of the people in both snapshots: the share who keep their profile.

Over a threshold the personas are *out of date*; the advice is to segment again and review
the rebuilt version (``review_drift``).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from pydantic import BaseModel, Field
from sqlalchemy import select

from personakit.errors import WorkspaceError
from personakit.model import ColumnInfo, ColumnRole, CustomerProfile, Segmentation
from personakit.segment._levels import level_mask
from personakit.steer import _psi
from personakit.steer._settings import SteerSettings, steer_settings
from personakit.steer._tables import drift_checks
from personakit.store.tables import snapshots
from personakit.workspace import Workspace

NUMERIC_ROLES = (ColumnRole.NUMERIC,)
LEVEL_ROLES = (ColumnRole.CATEGORICAL, ColumnRole.ORDINAL, ColumnRole.BOOLEAN,
               ColumnRole.MULTISELECT)
NONE = "-"  # the "fits no profile" category of the share test
TRAITS = 3


class VariableDrift(BaseModel):
    """PSI of one variable; ``grade`` is ``stable``, ``moderate`` or ``major``."""

    variable: str
    role: str
    psi: float
    grade: str
    in_lens: bool


class TraitShift(BaseModel):
    variable: str
    level: str | None = None
    kind: str
    before: float
    after: float | None = None
    effect: float | None = None
    flagged: bool = False


class ProfileShift(BaseModel):
    """One profile: share before and now (with the interval of the change), people who
    stayed, and its key traits before and now."""

    profile_id: str
    name: dict[str, str]
    before: float
    after: float
    change: float
    ci_low: float
    ci_high: float
    flagged: bool
    stayed: float | None = None
    traits: list[TraitShift] = Field(default_factory=list)


class DriftReport(BaseModel):
    """The result of one drift check.

    Parameters
    ----------
    chi2, df, p_value
        Chi-square test of the profile shares now against the shares when fitted.
    agreement
        Share of the people in both snapshots who keep their profile (``reassigned`` of them).
    reasons
        Why the personas are out of date: ``psi``, ``shares``, ``traits``, ``reassignment``.
    """

    id: int | None = None
    at: datetime
    source: str
    baseline_snapshot: str
    current_snapshot: str
    baseline_rows: int
    current_rows: int
    segmentation_id: str
    build_id: int | None = None
    variables: list[VariableDrift] = Field(default_factory=list)
    profiles: list[ProfileShift] = Field(default_factory=list)
    chi2: float | None = None
    df: int | None = None
    p_value: float | None = None
    assigned: int = 0
    reassigned: int = 0
    agreement: float | None = None
    out_of_date: bool = False
    reasons: list[str] = Field(default_factory=list)
    thresholds: dict[str, float] = Field(default_factory=dict)
    seconds: float = 0.0
    decision: str | None = None
    decided_by: str | None = None
    decision_build: int | None = None
    # The version `rebuild` made for this check: what the review gate accepts.
    candidate_build: int | None = None


def _snapshot_frame(ws: Workspace, snapshot_id: str) -> tuple[pd.DataFrame, int]:
    with ws.engine.connect() as con:
        row = con.execute(select(snapshots.c.path, snapshots.c.rows).where(
            snapshots.c.id == snapshot_id)).first()
    if row is None:
        raise WorkspaceError("steer.error.unknown_snapshot", snapshot=snapshot_id[:12])
    table = pq.read_table(ws.root / row.path)
    return pd.DataFrame(table.to_pandas(date_as_object=False)), int(row.rows)


def _grade(value: float, settings: SteerSettings) -> str:
    if value >= settings.psi_major:
        return "major"
    return "moderate" if value >= settings.psi_moderate else "stable"


def variable_drift(before: pd.DataFrame, after: pd.DataFrame, columns: list[ColumnInfo],
                   lens: set[str], settings: SteerSettings) -> list[VariableDrift]:
    """PSI of every numeric or level variable present in both frames, largest first."""
    out = []
    for info in columns:
        if info.name not in before.columns or info.name not in after.columns:
            continue
        if info.role in NUMERIC_ROLES:
            value = _psi.numeric_psi(before[info.name], after[info.name], settings.psi_bins)
        elif info.role in LEVEL_ROLES:
            value = _psi.level_psi(before[info.name], after[info.name])
        else:
            continue
        out.append(VariableDrift(variable=info.name, role=info.role.value, psi=round(value, 6),
                                 grade=_grade(value, settings), in_lens=info.name in lens))
    return sorted(out, key=lambda v: -v.psi)


def _trait_after(effect: Any, frame: pd.DataFrame, members: np.ndarray) -> TraitShift:
    shift = TraitShift(variable=effect.variable, level=effect.level, kind=effect.kind,
                       before=float(effect.profile_value))
    values = frame.loc[members, effect.variable]
    if effect.kind == "mean":
        numbers = pd.to_numeric(values, errors="coerce").dropna()
        spread = float(pd.to_numeric(frame[effect.variable], errors="coerce").std())
        if len(numbers) and spread > 0:
            shift.after = float(numbers.mean())
            shift.effect = (shift.after - shift.before) / spread
    else:
        known = values.dropna()
        if len(known):
            shift.after = float(level_mask(known, str(effect.level)).mean())
            shift.effect = _psi.cohens_h(shift.before, shift.after)
    return shift


def _traits(profile: CustomerProfile, frame: pd.DataFrame, members: np.ndarray,
            settings: SteerSettings) -> list[TraitShift]:
    usable = [e for e in sorted(profile.effects, key=lambda e: -abs(e.effect))
              if e.variable in frame.columns and e.q_value <= 0.05][:TRAITS]
    shifts = [_trait_after(e, frame, members) for e in usable] if members.any() else []
    for s in shifts:
        s.flagged = s.effect is not None and abs(s.effect) >= settings.trait_shift
    return shifts


def _sample(frame: pd.DataFrame, size: int, seed: int) -> pd.DataFrame:
    if len(frame) <= size:
        return frame
    rows = np.sort(np.random.default_rng(seed).choice(len(frame), size, replace=False))
    return frame.iloc[rows]


def profile_shifts(ws: Workspace, seg: Segmentation, settings: SteerSettings,
                   report: DriftReport) -> None:
    """Assign the current linked data with the stored model; shares, traits, re-assignment."""
    from personakit.ingest import linked_frame
    from personakit.segment import assign_frame, profile_members

    data = linked_frame(ws)
    frame = data.frame.reset_index(drop=data.key in data.frame.columns)
    frame = _sample(frame, settings.assign_sample, seg.seed).reset_index(drop=True)
    assigned = assign_frame(ws, frame, seg.id, reasons=False)
    now = assigned["profile_id"].fillna(NONE).replace("", NONE).to_numpy(dtype=object)
    if "fits_none" in assigned.columns:
        now = np.where(assigned["fits_none"].to_numpy(dtype=bool), NONE, now)
    members = profile_members(ws, seg.id)
    old = members["profile_id"].fillna(NONE).to_numpy(dtype=object)
    if "fits_none" in members.columns:
        old = np.where(members["fits_none"].to_numpy(dtype=bool), NONE, old)
    ids = [p.id for p in seg.profiles] + [NONE]
    before = np.array([(old == i).mean() for i in ids])
    counts = np.array([(now == i).sum() for i in ids], dtype=float)
    report.chi2, report.df, report.p_value = _psi.share_test(before, counts)
    report.assigned = len(now)
    stayed = _reassignment(members, old, frame[data.key].astype(str).to_numpy(), now, report)
    significant = report.p_value < settings.alpha
    for index, profile in enumerate(seg.profiles):
        after = counts[index] / max(counts.sum(), 1)
        low, high = _psi.share_change_interval(before[index], len(old), after, len(now))
        change = after - before[index]
        report.profiles.append(ProfileShift(
            profile_id=profile.id, name=profile.name, before=float(before[index]),
            after=float(after), change=float(change), ci_low=low, ci_high=high,
            flagged=bool(significant and abs(change) >= settings.share_shift),
            stayed=stayed.get(profile.id),
            traits=_traits(profile, frame, now == profile.id, settings)))


def _reassignment(members: pd.DataFrame, old: np.ndarray, keys: np.ndarray, now: np.ndarray,
                  report: DriftReport) -> dict[str, float]:
    """Share of people in both snapshots who keep their profile (overall and per profile)."""
    # Keys as plain Python strings in an object index: a hash lookup in C. With pyarrow
    # strings, Index.isin went row by row in Python (13 s for 1M keys).
    stored_keys = pd.Index(members["key"].astype(str).to_numpy(dtype=object), dtype=object)
    first = ~stored_keys.duplicated()
    stored_keys, stored_old = stored_keys[first], old[first]
    position = stored_keys.get_indexer(pd.Index(np.asarray(keys, dtype=object), dtype=object))
    both = position >= 0
    report.reassigned = int(both.sum())
    if not both.any():
        return {}
    was = stored_old[position[both]]
    kept = was == now[both]
    report.agreement = float(kept.mean())
    frame = pd.DataFrame({"was": was, "kept": kept})
    return {str(k): float(v) for k, v in frame.groupby("was")["kept"].mean().items()}


def _verdict(report: DriftReport, settings: SteerSettings) -> None:
    reasons = []
    if any(v.in_lens and v.grade == "major" for v in report.variables):
        reasons.append("psi")
    if any(p.flagged for p in report.profiles):
        reasons.append("shares")
    if any(t.flagged for p in report.profiles for t in p.traits):
        reasons.append("traits")
    if report.agreement is not None and report.agreement < settings.min_agreement:
        reasons.append("reassignment")
    report.reasons = reasons
    report.out_of_date = bool(reasons)


def _baseline(ws: Workspace, seg: Segmentation, source: str | None) -> tuple[str, str]:
    from personakit.ingest import latest_snapshot

    candidates = [source] if source else list(seg.inputs)
    for name in candidates:
        if name not in seg.inputs:
            raise WorkspaceError("steer.error.source_not_used", source=name,
                                 sources=", ".join(seg.inputs) or "-")
        if latest_snapshot(ws, name).id != seg.inputs[name] or source:
            return name, seg.inputs[name]
    # Nothing new anywhere: compare the base source with itself (a clean bill of health).
    first = next(iter(seg.inputs))
    return first, seg.inputs[first]


def check_drift(ws: Workspace, source: str | None = None, *, record: bool = True,
                actor: str = "cli") -> DriftReport:
    """Compare the newest snapshot of *source* (default: the first source with a newer
    snapshot than the current personas were built on) with that baseline."""
    from personakit.ingest import latest_snapshot
    from personakit.segment import get_segmentation
    from personakit.track import get_version

    started = time.perf_counter()
    settings = steer_settings(ws)
    version = get_version(ws)  # WorkspaceError when there are no personas yet
    seg = get_segmentation(ws, version.segmentation_id)
    name, baseline_id = _baseline(ws, seg, source)
    current = latest_snapshot(ws, name)
    before, before_rows = _snapshot_frame(ws, baseline_id)
    after, _ = _snapshot_frame(ws, current.id)
    report = DriftReport(
        at=datetime.now(UTC), source=name, baseline_snapshot=baseline_id,
        current_snapshot=current.id, baseline_rows=before_rows, current_rows=current.rows,
        segmentation_id=seg.id, build_id=version.id,
        thresholds=settings.model_dump(include={"psi_moderate", "psi_major", "share_shift",
                                                "alpha", "trait_shift", "min_agreement"}))
    report.variables = variable_drift(before, after, current.columns, set(seg.lens), settings)
    profile_shifts(ws, seg, settings, report)
    _verdict(report, settings)
    report.seconds = round(time.perf_counter() - started, 3)
    if record:
        report.id = _record(ws, report, actor)
    return report


def check_after_import(ws: Workspace, source: str, *,
                       actor: str = "cli") -> DriftReport | None:
    """The drift check that importing a new snapshot of *source* calls for, or ``None``:
    when there are no personas yet, the current personas do not use *source*, or its newest
    snapshot is the one they were built on."""
    from personakit.ingest import latest_snapshot
    from personakit.segment import get_segmentation
    from personakit.track import get_version

    try:
        version = get_version(ws)
    except WorkspaceError:  # no personas yet: nothing to be out of date
        return None
    seg = get_segmentation(ws, version.segmentation_id)
    if source not in seg.inputs or latest_snapshot(ws, source).id == seg.inputs[source]:
        return None
    return check_drift(ws, source, actor=actor)


def _record(ws: Workspace, report: DriftReport, actor: str) -> int:
    from personakit.access import audit

    with ws.transaction() as st:
        new_id = st.connection.execute(drift_checks.insert().values(
            at=report.at, source=report.source, baseline_snapshot=report.baseline_snapshot,
            current_snapshot=report.current_snapshot, segmentation_id=report.segmentation_id,
            build_id=report.build_id, out_of_date=report.out_of_date,
            report=report.model_dump(mode="json"))).inserted_primary_key[0]  # type: ignore[index]
        audit(ws, actor, "drift.check", report.source,
              {"id": int(new_id), "out_of_date": report.out_of_date,
               "reasons": report.reasons}, connection=st.connection)
    return int(new_id)


def _report(row: Any) -> DriftReport:
    report = DriftReport.model_validate(row.report)
    report.id, report.decision = row.id, row.decision
    report.decided_by, report.decision_build = row.decided_by, row.decision_build
    return report


def list_drift_checks(ws: Workspace, limit: int = 50) -> list[DriftReport]:
    """Recorded drift checks, newest first."""
    with ws.engine.connect() as con:
        rows = con.execute(select(drift_checks).order_by(drift_checks.c.id.desc())
                           .limit(limit)).all()
    return [_report(r) for r in rows]


def get_drift_check(ws: Workspace, check_id: int) -> DriftReport:
    with ws.engine.connect() as con:
        row = con.execute(select(drift_checks).where(drift_checks.c.id == check_id)).first()
    if row is None:
        raise WorkspaceError("steer.error.unknown_check", check=check_id)
    return _report(row)


def drift_status(ws: Workspace) -> DriftReport | None:
    """The newest drift check that says "out of date" and has no decision yet, if any
    (what the CLI, the report and the web app warn about). Every web page asks, so the
    newest row's three columns are read first and the report only when it is needed."""
    with ws.engine.connect() as con:
        newest = con.execute(select(drift_checks.c.id, drift_checks.c.out_of_date,
                                    drift_checks.c.decision)
                             .order_by(drift_checks.c.id.desc()).limit(1)).first()
    if newest is None or not newest.out_of_date or newest.decision is not None:
        return None
    return get_drift_check(ws, int(newest.id))
