"""``segment`` on Spark: the local pipeline's steps, with the heavy ones on the cluster.

1. read the source and apply the target filter on Spark; count and fingerprint it;
2. bring a random sample of ``fit_sample`` rows to the driver and fit the local
   :class:`~personakit.segment.MixedSegmenter` on it: encoding, k by BIC, the starts and
   dependence checks exactly as locally (the local model also chooses k on this sample);
3. refine that model by distributed EM over every row (``_em``);
4. assign every individual on the executors and write the assignments next to the source
   (Parquet, partitioned by profile) — they never come to the driver;
5. sum per-profile aggregates over every row, suppress cells below the minimum group size,
   and store those, the explanation and the model in the workspace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from personakit.engine._aggregates import (
    ASSIGNMENT_SCHEMA,
    ClusterAggregates,
    assign_partitions,
    cluster_aggregates,
)
from personakit.engine._em import ENCODED_SCHEMA, Shape, distributed_em, encode_partitions
from personakit.engine._session import _first_line, spark_session
from personakit.engine._settings import EngineSettings, engine_settings
from personakit.engine._source import read_source
from personakit.errors import InputError
from personakit.model import ColumnInfo, Segmentation
from personakit.segment._explain import _round_significant, kpi_columns
from personakit.segment._model import StoredModel, dump_model
from personakit.segment._segmenter import MixedSegmenter, _sorted_by_size, single_threaded_blas
from personakit.segment._settings import SegmentSettings, segment_settings
from personakit.segment._target import target_where
from personakit.segment._workspace import (
    FrameData,
    _check_lens_used,
    _describe,
    _lens_variables,
    _Plan,
    _segmentation_id,
    _usable_by_default,
    record_segmentation,
)
from personakit.workspace import Workspace

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

Progress = Callable[[str, float], None]
METHOD = "mixed latent-class mixture (EM), k by BIC; distributed EM on Spark"


def segment_on_spark(
    ws: Workspace, *, name: str = "default", lens: str | Sequence[str] | None = None,
    target: str | None = None, target_group: str | None = None, k: int | str = "auto",
    k_min: int | None = None, k_max: int | None = None, seed: int | None = None,
    progress: Progress | None = None, source: str | None = None, key: str | None = None,
    columns: list[ColumnInfo] | None = None, output: str | None = None,
    weights: Mapping[str, float] | None = None, spark: SparkSession | None = None,
    hard_core: str | None = None,
) -> Segmentation:
    """Segment a source on the cluster; store only the model and aggregates locally.

    *source*, *key* and *output* default to ``[settings.engine]``; *columns* (roles) are
    inferred from the sample as the importer does when not given. On bad input (no master,
    no such path, differing schemas, an unknown key or filter column) nothing is written.
    """
    if hard_core:
        raise InputError("engine.error.unsupported", option="--hard-core")
    eng = engine_settings(ws)
    settings = segment_settings(ws)
    report = progress or (lambda _step, _share: None)
    report("load", 0.0)
    spark = spark or spark_session(eng)
    where = target_where(ws, target, target_group)
    frame, key, uri = _source_frame(spark, eng, source, key, where)
    try:
        return _segment(ws, eng, settings, frame, key, uri, where, name, lens, k, k_min,
                        k_max, seed, report, columns, output, weights)
    finally:
        frame.unpersist()


def _source_frame(spark: SparkSession, eng: EngineSettings, source: str | None,
                  key: str | None, where: str | None) -> tuple[DataFrame, str, str]:
    from pyspark import StorageLevel
    from pyspark.errors import AnalysisException

    uri = source or eng.source
    frame = read_source(spark, eng, uri)
    key = key or eng.key
    if key not in frame.columns:
        raise InputError("engine.error.key", file=uri, key=key or "-",
                         columns=", ".join(frame.columns))
    if where:
        try:
            frame = frame.where(where)
            frame.schema  # noqa: B018 - analysing the plan is what validates the filter
        except AnalysisException as exc:
            raise InputError("segment.error.filter_column", what="target", where=where,
                             detail=_first_line(exc), columns=", ".join(frame.columns)) from exc
    return frame.persist(StorageLevel.MEMORY_AND_DISK), key, uri


def _segment(ws: Workspace, eng: EngineSettings, settings: SegmentSettings, frame: DataFrame,
             key: str, uri: str, where: str | None, name: str,
             lens: str | Sequence[str] | None, k: int | str, k_min: int | None,
             k_max: int | None, seed: int | None, report: Progress,
             columns: list[ColumnInfo] | None, output: str | None,
             weights: Mapping[str, float] | None) -> Segmentation:
    seed = ws.config.workspace.seed if seed is None else seed
    n, fingerprint = _count(frame)
    if n == 0:
        raise InputError("segment.error.target_empty", where=where or "-")
    sample = _sample(frame, n, settings.fit_sample, seed)
    columns = columns or infer_roles(sample, key, eng.csv_delimiter)
    plan = _sample_plan(ws, sample, key, columns, settings, lens, where, weights)
    minimum = ws.config.workspace.min_group_size
    segmenter = MixedSegmenter(
        k=k, k_min=k_min or settings.k_min, k_max=k_max or settings.k_max, seed=seed,
        weights=plan.weights, fit_sample=settings.fit_sample,
        min_profile_share=settings.min_profile_share, min_profile_size=minimum,
        stability_refits=settings.stability_refits, text_components=settings.text_components,
        fits_none_quantile=settings.fits_none_quantile, elbow=settings.elbow,
        max_missing_share=settings.max_missing_share,
    )
    segmenter.fit(sample[plan.variables], roles=plan.roles,
                  progress=lambda step, share: report(step, 0.05 + 0.4 * share))
    if lens is not None:
        _check_lens_used(segmenter.left_out_, lens)
    report("apply", 0.5)
    refine(frame, segmenter, plan.variables, eng)
    _rescore_sample(segmenter, sample[plan.variables])
    created = datetime.now(UTC)
    inputs = {"spark": f"{uri}#{fingerprint}"}
    seg_id = _segmentation_id(name, created, inputs, seed)
    ids = [f"{seg_id}-{c}" for c in range(segmenter.k_)]
    target_uri = output or eng.assignments or default_assignments(uri, seg_id)
    report("store", 0.7)
    write_assignments(frame, segmenter, plan.variables, key, ids, target_uri)
    report("explain", 0.85)
    aggregates = cluster_aggregates(frame, segmenter, plan.variables, plan.kpis, minimum)
    data = FrameData(sample, key, columns, inputs)
    seg = _describe(seg_id, name, created, plan, segmenter, settings, data, seed)
    seg = with_aggregates(seg, aggregates, segmenter)
    seg.method = METHOD
    seg.settings["backend"] = "spark"
    seg.settings["aggregates"] = f"data/_aggregates/{seg.id}.json"
    report("store", 0.95)
    _store(ws, seg, segmenter, aggregates, key, target_uri)
    report("done", 1.0)
    return seg


def _count(frame: DataFrame) -> tuple[int, str]:
    """Rows and a content fingerprint (sum of row hashes): one pass, recorded as the input
    so a version names the data it was built from (DESIGN.md, reproducible)."""
    from pyspark.sql import functions as F

    row = frame.agg(F.count(F.lit(1)).alias("n"), F.sum(F.xxhash64(*frame.columns).cast(
        "decimal(38,0)")).alias("h")).first()
    assert row is not None
    return int(row["n"]), f"{int(row['h'] or 0) % 2**64:016x}"


def _sample(frame: DataFrame, n: int, size: int, seed: int) -> pd.DataFrame:
    """All rows when they fit the sample (in source order, so the local path on the same
    rows gives the same fit), else a seeded random sample of about *size* rows."""
    if n > size:
        frame = frame.sample(withReplacement=False, fraction=min(1.0, 1.1 * size / n),
                             seed=seed).limit(size)
    return pd.DataFrame(frame.toPandas()).reset_index(drop=True)


def infer_roles(sample: pd.DataFrame, key: str, delimiter: str) -> list[ColumnInfo]:
    """Column roles from the sample, by the importer's own inference."""
    from personakit.ingest._read import infer_columns

    table = pa.Table.from_pandas(sample, preserve_index=False)
    return infer_columns(table, {"delimiter": delimiter}, key=key)


def _sample_plan(ws: Workspace, sample: pd.DataFrame, key: str, columns: list[ColumnInfo],
                 settings: SegmentSettings, lens: str | Sequence[str] | None,
                 where: str | None, weights: Mapping[str, float] | None) -> _Plan:
    infos = {c.name: c for c in columns}
    kpis = kpi_columns(sample, settings.kpis, exclude={key})
    variables, lens_weights = _lens_variables(ws, lens, sample, infos, key, settings, kpis)
    roles = [infos[v] for v in variables if v in infos]
    if not any(_usable_by_default(r, True) for r in roles):
        raise InputError("segment.error.lens_empty", lens=str(lens or "-"),
                         columns=", ".join(variables) or "-")
    return _Plan(sample, sample[key].astype(str), variables,
                 {**lens_weights, **dict(weights or {})}, roles, where, kpis)


def refine(frame: DataFrame, segmenter: MixedSegmenter, variables: list[str],
           eng: EngineSettings) -> None:
    """Distributed EM over every row, from the sample's fit; profiles re-sorted by size."""
    from pyspark import StorageLevel

    encoded = frame.select(*variables).mapInPandas(
        encode_partitions(segmenter, variables), ENCODED_SCHEMA).persist(
        StorageLevel.MEMORY_AND_DISK)
    try:
        result = distributed_em(encoded, segmenter.params_, Shape.of(segmenter),
                                max_iter=eng.em_max_iter, tol=eng.em_tol)
    finally:
        encoded.unpersist()
    segmenter.params_ = _sorted_by_size(result.params)
    segmenter.em_iterations_ = result.n_iter
    segmenter.em_converged_ = result.converged


def _rescore_sample(segmenter: MixedSegmenter, sample: pd.DataFrame) -> None:
    """Fit score calibration, labels and threshold on the sample under the refined model."""
    with single_threaded_blas():
        design, far = segmenter._encode(sample)
        segmenter._calibrate_fit_score(design)
        scores = segmenter._apply(design, far)
    segmenter.labels_ = scores.labels
    segmenter.train_scores_ = scores
    segmenter.fit_threshold_ = float(np.quantile(scores.fit_score[scores.n_observed > 0],
                                                 segmenter.fits_none_quantile))
    segmenter.fits_none_share_ = float(scores.fits_none(segmenter.fit_threshold_).mean())


def default_assignments(uri: str, seg_id: str) -> str:
    base = uri.rstrip("/")
    folder = base.rsplit("/", 1)[0] if "/" in base else "."
    return f"{folder}/personakit-assignments/{seg_id}"


def write_assignments(frame: DataFrame, segmenter: MixedSegmenter, variables: list[str],
                      key: str, ids: list[str], uri: str) -> None:
    """Every individual's profile, written on the cluster, partitioned by profile."""
    columns = [key, *[v for v in variables if v != key]]
    scored = frame.select(*columns).mapInPandas(
        assign_partitions(segmenter, variables, key, ids), ASSIGNMENT_SCHEMA)
    scored.write.mode("errorifexists").partitionBy("profile_id").parquet(uri)


def with_aggregates(seg: Segmentation, agg: ClusterAggregates,
                    segmenter: MixedSegmenter) -> Segmentation:
    """Sizes and shares over all rows; effects over fewer than the minimum left out; the
    typical member described by the profile's aggregates instead of one real person."""
    seg.n = agg.n
    seg.fits_none_share = round((agg.fits_none or 0) / max(agg.n, 1), 4)
    for profile in seg.profiles:
        c = profile.index
        profile.size = agg.sizes[c] or 0
        profile.share = agg.shares[c] or 0.0
        profile.effects = [e for e in profile.effects if _large_enough(e, agg.min_group_size)]
        profile.typical = typical_from_aggregates(agg, segmenter, c)
    seg.settings["aggregated_rows"] = agg.n
    return seg


def _large_enough(effect: Any, minimum: int) -> bool:
    if effect.n_profile < minimum or effect.n_rest < minimum:
        return False
    if effect.kind != "share":
        return True
    inside = round(effect.profile_value * effect.n_profile)
    outside = round(effect.rest_value * effect.n_rest)
    return not (0 < inside < minimum or 0 < outside < minimum)


def typical_from_aggregates(agg: ClusterAggregates, segmenter: MixedSegmenter,
                            c: int) -> dict[str, Any]:
    """Rounded profile means and most common levels: the profile, not any one member."""
    facts: dict[str, Any] = {}
    for column, numeric in agg.numeric.items():
        value = numeric.mean[c]
        if value is not None and np.isfinite(value):
            facts[column] = _round_significant(float(value))
    for cat in segmenter.encoder_.categorical_:
        counts = {lv: (v[c] or 0) for lv, v in agg.levels.get(cat.name, {}).items()}
        if not counts or not sum(counts.values()):
            continue
        if cat.kind == "multiselect":
            if counts.get("1", 0) * 2 > sum(counts.values()):
                facts.setdefault(cat.column, []).append(cat.option)
        else:
            facts[cat.column] = max(counts, key=lambda lv: counts[lv])
    return facts


def _store(ws: Workspace, seg: Segmentation, segmenter: MixedSegmenter,
           agg: ClusterAggregates, key: str, assignments: str) -> None:
    model_rel = f"models/{seg.id}.pkl"
    agg_rel = str(seg.settings["aggregates"])
    means = {c: [m if m is not None else float("nan") for m in a.mean]
             for c, a in agg.numeric.items()}
    model = StoredModel(segmenter, seg.id, key, [p.id for p in seg.profiles], means)
    with ws.transaction() as st:
        dump_model(model, st.file_path(model_rel))
        st.file_path(agg_rel).write_text(json.dumps(agg.model_dump(mode="json"), indent=1),
                                         encoding="utf-8")
        record_segmentation(st.connection, seg, segmenter, model_rel, assignments)


