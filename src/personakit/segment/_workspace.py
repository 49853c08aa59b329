"""Segmentations in a workspace: fit, explain, store, read back, rename."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select, update

from personakit.errors import ConfigError, InputError, WorkspaceError
from personakit.model import ColumnInfo, ColumnRole, CustomerProfile, KScore, Segmentation
from personakit.segment._explain import group_effects, kpi_columns, profile_kpis, typical_member
from personakit.segment._model import StoredModel, dump_model, numeric_profile_means
from personakit.segment._segmenter import MixedSegmenter, RowScores
from personakit.segment._settings import SegmentSettings, segment_settings
from personakit.segment._target import select_rows, target_where
from personakit.segment._value import ValueCurve, hard_core_mask, pareto
from personakit.store.tables import profiles as profiles_table
from personakit.store.tables import segmentations as seg_table
from personakit.workspace import Workspace

Progress = Callable[[str, float], None]
METHOD = "mixed latent-class mixture (EM), k by BIC"
_UNUSABLE = {ColumnRole.IDENTIFIER, ColumnRole.IGNORE}


class LinkedLike(Protocol):
    """What :func:`personakit.ingest.linked_frame` returns (and what a notebook can pass)."""

    frame: pd.DataFrame
    key: str
    columns: list[ColumnInfo]
    inputs: dict[str, str]


@dataclass
class FrameData:
    """A frame with its key and column roles, for segmenting data outside the importers."""

    frame: pd.DataFrame
    key: str
    columns: list[ColumnInfo]
    inputs: dict[str, str] = field(default_factory=dict)


@dataclass
class _Plan:
    frame: pd.DataFrame
    keys: pd.Series
    variables: list[str]
    weights: dict[str, float]
    roles: list[ColumnInfo]
    target: str | None
    kpis: list[str]
    # Derived age column -> (date-of-birth column, reference day): assignment derives it too.
    derived: dict[str, tuple[str, float]] = field(default_factory=dict)


def segment_workspace(
    ws: Workspace, *, name: str = "default", lens: str | Sequence[str] | None = None,
    target: str | None = None, k: int | str = "auto", k_min: int | None = None,
    k_max: int | None = None, seed: int | None = None, progress: Progress | None = None,
    target_group: str | None = None, hard_core: str | None = None,
    weights: Mapping[str, float] | None = None, data: LinkedLike | None = None,
) -> Segmentation:
    """Segment the target group through a lens, explain the profiles and store everything.

    Validates first (target, lens, sizes); on any error nothing is written. The stored
    segmentation becomes the current one of its *name*.
    """
    if data is None:
        from personakit.engine import engine_settings, segment_on_spark

        if engine_settings(ws).backend == "spark":  # issue 15: the same step on Spark
            return segment_on_spark(ws, name=name, lens=lens, target=target, k=k, k_min=k_min,
                                    k_max=k_max, seed=seed, progress=progress,
                                    target_group=target_group, weights=weights,
                                    hard_core=hard_core)
    settings = segment_settings(ws)
    report = progress or (lambda _step, _share: None)
    report("load", 0.0)
    if data is None:
        from personakit.ingest import linked_frame

        data = linked_frame(ws)
    plan = _plan(ws, data, settings, lens, target, target_group, hard_core, weights)
    seed = ws.config.workspace.seed if seed is None else seed
    segmenter = MixedSegmenter(
        k=k, k_min=k_min or settings.k_min, k_max=k_max or settings.k_max, seed=seed,
        weights=plan.weights, fit_sample=settings.fit_sample,
        min_profile_share=settings.min_profile_share,
        min_profile_size=ws.config.workspace.min_group_size,
        stability_refits=settings.stability_refits, text_components=settings.text_components,
        fits_none_quantile=settings.fits_none_quantile, elbow=settings.elbow,
        max_missing_share=settings.max_missing_share,
    )
    segmenter.fit(plan.frame[plan.variables], roles=plan.roles,
                  progress=lambda step, share: report(step, 0.05 + 0.75 * share))
    if lens is not None:
        _check_lens_used(segmenter.left_out_, lens)
    report("explain", 0.85)
    created = datetime.now(UTC)
    seg_id = _segmentation_id(name, created, data.inputs, seed)
    segmentation = _describe(seg_id, name, created, plan, segmenter, settings, data, seed)
    report("store", 0.95)
    _store(ws, segmentation, segmenter, plan, data.key)
    report("done", 1.0)
    return segmentation


def _plan(ws: Workspace, data: LinkedLike, settings: SegmentSettings,
          lens: str | Sequence[str] | None, target: str | None, target_group: str | None,
          hard_core: str | None, weights: Mapping[str, float] | None) -> _Plan:
    frame = _keyed(data)
    where = target_where(ws, target, target_group)
    described = where
    if where:
        frame = frame[select_rows(frame, where)]
    if hard_core:
        if hard_core not in frame.columns:
            raise InputError("segment.error.unknown_variables", names=hard_core,
                             columns=_columns_text(frame))
        frame = frame[hard_core_mask(frame[hard_core])]
        described = f"{where or 'true'} [hard core: {hard_core}]"
    if len(frame) == 0:
        raise InputError("segment.error.target_empty", where=described or "-")
    infos = {c.name: c for c in data.columns}
    kpis = kpi_columns(frame, settings.kpis, exclude={data.key})
    variables, lens_weights = _lens_variables(ws, lens, frame, infos, data.key, settings, kpis)
    derived: dict[str, tuple[str, float]] = {}
    if lens is None:
        frame, made = derived_age(frame, infos, variables, ws.config.workspace.language)
        for info, origin in made:
            infos[info.name] = info
            variables.append(info.name)
            derived[info.name] = origin
    roles = [infos.get(v) or ColumnInfo(name=v, role=_infer_role(frame[v]), dtype="")
             for v in variables]
    usable = [r.name for r in roles if not r.role.is_personal and r.role not in _UNUSABLE]
    if not usable:
        raise InputError("segment.error.lens_empty", lens=_lens_text(lens),
                         columns=", ".join(variables) or "-")
    merged = {**lens_weights, **dict(weights or {})}
    return _Plan(frame.reset_index(drop=True), frame[data.key].astype(str).reset_index(
        drop=True), variables, merged, roles, described, kpis, derived)


def _lens_variables(ws: Workspace, lens: str | Sequence[str] | None, frame: pd.DataFrame,
                    infos: dict[str, ColumnInfo], key: str, settings: SegmentSettings,
                    kpis: list[str]) -> tuple[list[str], dict[str, float]]:
    if lens is None:
        text_ok = settings.text_components > 0
        chosen = [
            str(c) for c in frame.columns
            if c != key and _usable_by_default(infos.get(str(c)), text_ok)
            and (settings.segment_on_kpis or c not in kpis)
        ]
        return chosen, {}
    if isinstance(lens, str):
        found = ws.config.lenses.get(lens)
        if found is None:
            raise ConfigError("segment.error.unknown_lens", name=lens,
                              known=", ".join(sorted(ws.config.lenses)) or "-")
        variables, weights = list(found.variables), dict(found.weights)
    else:
        variables, weights = list(lens), {}
    missing = [v for v in variables if v not in frame.columns]
    if missing:
        raise InputError("segment.error.unknown_variables", names=", ".join(missing),
                         columns=_columns_text(frame))
    return variables, weights


# Reasons a variable a user put in a lens could not be used (issue 9: "a clear message
# naming the columns, nothing written").
_UNUSED_IN_LENS = {"personal", "identifier", "ignore", "all_missing", "constant",
                   "mostly_missing", "identifier_like", "not_found"}
# A numeric column whose |Spearman| with the age derived from a date of birth reaches this
# already is that age: no second one is made.
AGE_MATCH = 0.95


def _check_lens_used(left_out: Mapping[str, str], lens: str | Sequence[str]) -> None:
    unused = {c: r for c, r in left_out.items() if r in _UNUSED_IN_LENS}
    if unused:
        from personakit.segment._segmenter import left_out_text

        raise InputError("segment.error.lens_unusable", lens=_lens_text(lens),
                         columns=left_out_text(unused))


def derived_age(frame: pd.DataFrame, infos: Mapping[str, ColumnInfo], variables: list[str],
                lang: str) -> tuple[pd.DataFrame, list[tuple[ColumnInfo, tuple[str, float]]]]:
    """Age in whole years from each date-of-birth column (personal data, never used itself),
    unless a column already holds that age. The reference date is the newest date in the
    data's other date columns (so the same data give the same ages), else today. Each
    derived column comes with its origin (birth column, reference day), which the stored
    model keeps so that assigning one record with a date of birth derives the same age."""
    births = [c for c, i in infos.items() if i.role == ColumnRole.PII_BIRTHDATE
              and c in frame.columns]
    if not births:
        return frame, []
    from personakit.i18n import t

    reference = _reference_day(frame, infos)
    made: list[tuple[ColumnInfo, tuple[str, float]]] = []
    for column in births:
        age = age_from_birth(frame[column], reference)
        if not np.isfinite(age).any() or _already_there(frame, variables, age):
            continue
        name = t("segment.derived.age", lang, column=column) if len(births) > 1 else t(
            "segment.derived.age_one", lang)
        if name in frame.columns:
            continue
        frame = frame.assign(**{name: age})
        made.append((ColumnInfo(name=name, role=ColumnRole.NUMERIC, dtype="int64"),
                     (column, reference)))
    return frame, made


def age_from_birth(values: pd.Series, reference_day: float) -> np.ndarray:
    """Whole years between each date of birth and the reference day (days since 1970);
    missing where the date is missing or the age is outside 0..120."""
    from personakit.segment._encode import _date_values

    born = _date_values(values, None)[0]
    age = np.floor((reference_day - born) / 365.25)
    age[(age < 0) | (age > 120)] = np.nan
    return np.asarray(age, dtype=float)


def _reference_day(frame: pd.DataFrame, infos: Mapping[str, ColumnInfo]) -> float:
    from personakit.segment._encode import _date_values

    newest = [np.nanmax(days) for c, i in infos.items()
              if i.role == ColumnRole.DATE and c in frame.columns
              and np.isfinite(days := _date_values(frame[c], None)[0]).any()]
    if newest:
        return float(max(newest))
    return float((pd.Timestamp.now(tz="UTC").normalize()
                  - pd.Timestamp("1970-01-01", tz="UTC")).days)


def _already_there(frame: pd.DataFrame, variables: list[str], age: np.ndarray) -> bool:
    probe = pd.Series(age)
    for column in variables:
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.notna().sum() < 30 or not pd.api.types.is_numeric_dtype(values.dtype):
            continue
        corr = probe.corr(values.reset_index(drop=True), method="spearman", min_periods=30)
        if pd.notna(corr) and abs(float(corr)) >= AGE_MATCH:
            return True
    return False


def _usable_by_default(info: ColumnInfo | None, text_ok: bool) -> bool:
    if info is None:
        return True
    if info.role.is_personal or info.role in _UNUSABLE:
        return False
    return text_ok or info.role != ColumnRole.TEXT


def _infer_role(series: pd.Series) -> ColumnRole:
    if pd.api.types.is_bool_dtype(series.dtype):
        return ColumnRole.BOOLEAN
    if pd.api.types.is_numeric_dtype(series.dtype):
        return ColumnRole.NUMERIC
    return ColumnRole.CATEGORICAL


def _columns_text(frame: pd.DataFrame) -> str:
    return ", ".join(str(c) for c in frame.columns)


def _lens_text(lens: str | Sequence[str] | None) -> str:
    if lens is None:
        return "-"
    return lens if isinstance(lens, str) else ", ".join(lens)


def _segmentation_id(name: str, created: datetime, inputs: Mapping[str, str],
                     seed: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "seg"
    digest = hashlib.sha256(
        f"{name}|{created.isoformat()}|{sorted(inputs.items())}|{seed}".encode()
    ).hexdigest()[:10]
    return f"{slug}-{digest}"


def _describe(seg_id: str, name: str, created: datetime, plan: _Plan,
              segmenter: MixedSegmenter, settings: SegmentSettings, data: LinkedLike,
              seed: int) -> Segmentation:
    k = segmenter.k_
    labels = segmenter.labels_
    frame = plan.frame
    effects = group_effects(frame, segmenter.encoder_, labels, k, seed)
    encoder = segmenter.encoder_
    skip = {v.column for v in encoder.dropped_} | {
        v.column for v in encoder.numeric_ if v.kind in ("date", "text")}
    from personakit.persona._naming import profile_names

    # Names from behaviour and needs first, in both languages (issue 10, point 3).
    names = profile_names(effects, skip)
    kpis = profile_kpis(frame, plan.kpis, labels, k)
    medoids = _medoids(segmenter.train_scores_, labels, k)
    sizes = np.bincount(labels, minlength=k)
    stability = segmenter.profile_stability_
    profiles = []
    for c in range(k):
        stable = None if stability is None else round(float(stability[c]), 4)
        profiles.append(CustomerProfile(
            id=f"{seg_id}-{c}", segmentation_id=seg_id, index=c, name=names[c],
            size=int(sizes[c]), share=float(sizes[c] / len(labels)), stability=stable,
            unstable=stable is not None and stable < settings.unstable_below,
            effects=effects[c], kpis=kpis[c],
            typical=typical_member(frame, segmenter.encoder_, medoids[c]) if medoids[c] >= 0
            else {},
        ))
    return Segmentation(
        id=seg_id, name=name, created_at=created, target=plan.target, lens=plan.variables,
        weights=plan.weights, method=METHOD, k=k, seed=seed, n=len(frame),
        inputs=dict(data.inputs), scores=[KScore(**s.model_dump()) for s in segmenter.scores_],
        stability=segmenter.stability_, profiles=profiles, left_out=segmenter.left_out_,
        fits_none_share=round(segmenter.fits_none_share_, 4),
        settings={**settings.model_dump(), "kpi_columns": plan.kpis, "k_requested": str(
            segmenter.k), "k_range": [segmenter.k_min, segmenter.k_max],
            "fit_threshold": segmenter.fit_threshold_},
    )


def _medoids(scores: RowScores, labels: np.ndarray, k: int) -> list[int]:
    """Per profile the member with the most observed variables and the highest confidence,
    then the best fit: the most typical real member."""
    out = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if members.size == 0:
            out.append(-1)
            continue
        full = members[scores.n_observed[members] == scores.n_observed[members].max()]
        best = full[np.lexsort((-scores.fit_score[full], -scores.confidence[full]))][0]
        out.append(int(best))
    return out


def _store(ws: Workspace, seg: Segmentation, segmenter: MixedSegmenter, plan: _Plan,
           key: str) -> None:
    model_rel = f"models/{seg.id}.pkl"
    assign_rel = f"data/_assignments/{seg.id}.parquet"
    labels = segmenter.labels_
    scores = segmenter.train_scores_
    ids = np.array([p.id for p in seg.profiles], dtype=object)
    fits_none = scores.fits_none(segmenter.fit_threshold_)
    raw = {v.column: segmenter.encoder_._raw_numeric(plan.frame[v.column], v, {})
           for v in segmenter.encoder_.numeric_ if v.kind != "text"}
    model = StoredModel(segmenter, seg.id, key, list(ids),
                        numeric_profile_means(raw, labels, seg.k), derived=plan.derived)
    table = pa.table({
        "key": pa.array(plan.keys.to_numpy(dtype=object), pa.string()),
        "profile_id": pa.array(ids[labels], pa.string()),
        "confidence": pa.array(scores.confidence.astype(np.float64)),
        "fits_none": pa.array(fits_none),
    })
    with ws.transaction() as st:
        dump_model(model, st.file_path(model_rel))
        pq.write_table(table, st.file_path(assign_rel))
        record_segmentation(st.connection, seg, segmenter, model_rel, assign_rel)


# -- reading back -----------------------------------------------------------------------
def list_segmentations(ws: Workspace) -> list[dict[str, Any]]:
    """Every stored segmentation, newest first: id, name, created_at, k, n, current."""
    with ws.engine.connect() as con:
        rows = con.execute(select(seg_table).order_by(seg_table.c.created_at.desc())).all()
    return [{"id": r.id, "name": r.name, "created_at": r.created_at, "k": r.k,
             "n": (r.settings or {}).get("n"), "current": bool(r.is_current)} for r in rows]


def _segmentation_row(ws: Workspace, name_or_id: str | None) -> Any:
    query = select(seg_table).order_by(seg_table.c.created_at.desc())
    if name_or_id is None:
        query = query.where(seg_table.c.is_current.is_(True))
    with ws.engine.connect() as con:
        rows = con.execute(query).all()
    if name_or_id is not None:
        by_id = [r for r in rows if r.id == name_or_id]
        current = [r for r in rows if r.name == name_or_id and r.is_current]
        by_name = [r for r in rows if r.name == name_or_id]
        rows = by_id or current or by_name
    if not rows:
        raise WorkspaceError("segment.error.no_segmentation", name=name_or_id or "-")
    return rows[0]


def get_segmentation(ws: Workspace, name_or_id: str | None = None) -> Segmentation:
    """A stored segmentation by id or name (its current one); None: the newest current one."""
    row = _segmentation_row(ws, name_or_id)
    with ws.engine.connect() as con:
        prows = con.execute(select(profiles_table).where(
            profiles_table.c.segmentation_id == row.id).order_by(profiles_table.c.index)).all()
    profiles = []
    for p in prows:
        profile = CustomerProfile.model_validate(p.explanation)
        profile.name = {"nl": p.name_nl, "en": p.name_en}
        profiles.append(profile)
    settings = dict(row.settings or {})
    stability = (row.stability or {}).get("ari")
    return Segmentation(
        id=row.id, name=row.name, created_at=row.created_at, target=row.target,
        lens=list(row.lens), weights=settings.pop("weights", {}),
        method=settings.pop("method", METHOD), k=row.k, seed=row.seed,
        n=int(settings.pop("n", sum(p.size for p in profiles))), inputs=dict(row.inputs),
        scores=[KScore.model_validate(s) for s in row.scores], stability=stability,
        profiles=profiles, left_out=settings.pop("left_out", {}),
        fits_none_share=settings.pop("fits_none_share", None), settings=settings,
    )


def segmentation_paths(ws: Workspace, segmentation_id: str) -> tuple[str, str]:
    """(model path, assignments path), relative to the workspace."""
    row = _segmentation_row(ws, segmentation_id)
    return row.model_path, row.assignments_path


def profile_members(ws: Workspace, segmentation_id: str) -> pd.DataFrame:
    """The training assignments: one row per member with ``key, profile_id, confidence``
    (and ``fits_none``, true for the rows far from every profile)."""
    _, path = segmentation_paths(ws, segmentation_id)
    return pd.DataFrame(pq.read_table(ws.root / path).to_pandas())


def rename_profile(ws: Workspace, profile_id: str, name: str, *, lang: str) -> CustomerProfile:
    """Give a profile a name of the user's own in one language (nl or en)."""
    if lang not in ("nl", "en"):
        raise InputError("segment.error.rename_language", lang=lang)
    if not name.strip():
        raise InputError("segment.error.rename_empty", profile=profile_id)
    with ws.engine.connect() as con:
        row = con.execute(select(profiles_table).where(
            profiles_table.c.id == profile_id)).first()
    if row is None:
        raise WorkspaceError("segment.error.unknown_profile", profile=profile_id)
    profile = CustomerProfile.model_validate(row.explanation)
    profile.name = {"nl": row.name_nl, "en": row.name_en, lang: name.strip()}
    with ws.transaction() as st:
        st.connection.execute(update(profiles_table).where(
            profiles_table.c.id == profile_id).values(
            name_nl=profile.name["nl"], name_en=profile.name["en"],
            explanation=profile.model_dump(mode="json")))
    return profile


# -- the hard core ----------------------------------------------------------------------
def value_curve(ws: Workspace, by: str, *, target: str | None = None,
                target_group: str | None = None, value_share: float = 0.8,
                data: LinkedLike | None = None) -> ValueCurve:
    """The Pareto view of column *by* over the target group (default: everyone)."""
    if data is None:
        from personakit.ingest import linked_frame

        data = linked_frame(ws)
    frame = _keyed(data)
    where = target_where(ws, target, target_group)
    if where:
        frame = frame[select_rows(frame, where)]
    if len(frame) == 0:
        raise InputError("segment.error.target_empty", where=where or "-")
    if by not in frame.columns:
        raise InputError("segment.error.unknown_variables", names=by,
                         columns=_columns_text(frame))
    return pareto(frame[by], by, value_share)


def _keyed(data: LinkedLike) -> pd.DataFrame:
    """The frame with its key as a column (also when the key is the index)."""
    frame = data.frame
    if data.key not in frame.columns and frame.index.name == data.key:
        return pd.DataFrame(frame.reset_index())
    return frame


def record_segmentation(con: Any, seg: Segmentation, segmenter: Any, model_rel: str,
                        assignments: str) -> None:
    """Store *seg* and its profiles as the current segmentation of its name, inside the
    caller's transaction (the local and the Spark path alike)."""
    con.execute(update(seg_table).where(seg_table.c.name == seg.name).values(
        is_current=False))
    con.execute(seg_table.insert().values(
        id=seg.id, name=seg.name, created_at=seg.created_at, target=seg.target,
        lens=seg.lens, settings={**seg.settings, "weights": seg.weights,
                                 "left_out": seg.left_out, "method": seg.method,
                                 "n": seg.n, "fits_none_share": seg.fits_none_share},
        inputs=seg.inputs, k=seg.k, seed=seg.seed,
        scores=[s.model_dump() for s in seg.scores],
        stability={"ari": seg.stability, "refits": segmenter.stability_refits},
        model_path=model_rel, assignments_path=assignments, is_current=True,
    ))
    for p in seg.profiles:
        con.execute(profiles_table.insert().values(
            id=p.id, segmentation_id=seg.id, index=p.index, name_nl=p.name["nl"],
            name_en=p.name["en"], size=p.size, share=p.share,
            explanation=p.model_dump(mode="json"),
        ))
