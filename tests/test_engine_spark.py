"""The Spark backend gives the same answer as the local one, in pyspark local mode (issue 15).

One SparkSession (JVM start ~10 s) serves the whole module. Tolerances, documented in
docs/spark.md: ARI >= 0.99 against the local path with the same seed and k; profile sizes
within 1 % of the rows; numeric profile means within 1e-3 relative; effect sizes within 0.02.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from personakit.engine import (
    ClusterAggregates,
    EngineSettings,
    Shape,
    distributed_em,
    infer_roles,
    m_step_from_statistics,
    read_source,
    segment_on_spark,
    spark_session,
)
from personakit.engine._aggregates import _count, cluster_aggregates
from personakit.engine._em import ENCODED_SCHEMA, encode_partitions, statistics
from personakit.engine._session import probe_master
from personakit.errors import ConfigError, InputError
from personakit.segment import FrameData, MixedSegmenter, profile_members, segment_workspace
from personakit.segment._mixture import (
    hard_responsibilities,
    init_labels,
    m_step,
    run_em,
)
from personakit.segment._model import load_model
from personakit.segment._synthetic import make_mixed_data
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]
KEY = "klantnummer"
ROWS = 3000
SEED = 3


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    settings = EngineSettings(backend="spark", master="local[2]", spark_conf={
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
        "spark.driver.memory": "1g"})
    session = spark_session(settings)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def rows_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared test set: four known segments, mixed types, 5 % missing, one key."""
    data = make_mixed_data(ROWS, k=4, seed=1, missing=0.05)
    frame = data.frame.copy()
    frame.insert(0, KEY, [f"K{i:07d}" for i in range(ROWS)])
    path = tmp_path_factory.mktemp("source") / "rows.csv"
    frame.to_csv(path, index=False)
    return path


def _fresh(root: Path, name: str, **segment: Any) -> Workspace:
    ws = Workspace.init(root / name, language="en")
    doc = ws.config_document()
    doc["settings"] = {"segment": {"stability_refits": 2, **segment}}
    with ws.transaction() as st:
        st.edit_config().update(doc)
    return ws


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory, rows_csv: Path) -> Iterator[Any]:
    frame = pd.read_csv(rows_csv)
    ws = _fresh(tmp_path_factory.mktemp("local"), "ws")
    seg = segment_workspace(ws, data=FrameData(frame, KEY, infer_roles(frame, KEY, ",")),
                            k=4, seed=SEED)
    yield ws, seg, profile_members(ws, seg.id)
    ws.close()


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory: pytest.TempPathFactory, rows_csv: Path,
              spark: Any) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("spark")
    ws = _fresh(root, "ws")
    out = root / "cluster" / "assignments"
    seg = segment_on_spark(ws, source=str(rows_csv), key=KEY, k=4, seed=SEED,
                           output=str(out), spark=spark)
    yield ws, seg, out
    ws.close()


def _ari(local_members: pd.DataFrame, assignments: pd.DataFrame) -> float:
    joined = local_members.merge(assignments, on="key", suffixes=("_local", "_spark"))
    assert len(joined) == ROWS
    return float(adjusted_rand_score(joined.profile_id_local, joined.profile_id_spark))


def test_same_column_roles(spark: Any, rows_csv: Path) -> None:
    settings = EngineSettings(backend="spark")
    sample = read_source(spark, settings, str(rows_csv)).toPandas()
    on_spark = infer_roles(sample, KEY, ",")
    local = infer_roles(pd.read_csv(rows_csv), KEY, ",")
    assert [(c.name, c.role) for c in on_spark] == [(c.name, c.role) for c in local]


def test_m_step_from_statistics_is_the_local_m_step() -> None:
    data = make_mixed_data(800, k=3, seed=4, missing=0.1)
    model = MixedSegmenter(k=3, stability_refits=0, seed=0).fit(data.frame, roles=data.roles)
    design = model._design(data.frame)
    resp = model.predict_proba(data.frame).astype(np.float32)
    expected = m_step(design, resp)
    total = statistics(design, model.params_)
    got = m_step_from_statistics(total, 3, Shape.of(model))
    for name in ("weights", "means", "variances", "probs"):
        np.testing.assert_allclose(getattr(got, name), getattr(expected, name), rtol=1e-4,
                                   atol=1e-6)


def test_distributed_em_matches_local_em_over_many_partitions(spark: Any) -> None:
    data = make_mixed_data(2000, k=4, seed=6, missing=0.05)
    model = MixedSegmenter(k=4, stability_refits=0, seed=0).fit(data.frame, roles=data.roles)
    design = model._design(data.frame)
    start = m_step(design, hard_responsibilities(
        init_labels(design, 4, np.random.default_rng(9)), 4))
    local = run_em(design, start, max_iter=8, tol=1e-12)
    variables = list(data.frame.columns)
    encoded = spark.createDataFrame(data.frame).repartition(3).mapInPandas(
        encode_partitions(model, variables), ENCODED_SCHEMA).cache()
    spread = distributed_em(encoded, start, Shape.of(model), max_iter=8, tol=1e-12)
    encoded.unpersist()
    assert spread.n_iter == local.n_iter == 8
    np.testing.assert_allclose(spread.params.means, local.params.means, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(spread.params.weights, local.params.weights, atol=1e-4)
    np.testing.assert_allclose(spread.params.probs, local.params.probs, atol=1e-4)
    assert spread.loglik == pytest.approx(local.loglik, rel=1e-4)


def test_same_profiles_and_statistics(local_run: Any, spark_run: Any) -> None:
    lws, local, members = local_run
    sws, on_spark, out = spark_run
    assert on_spark.k == local.k == 4 and on_spark.settings["backend"] == "spark"
    assignments = pd.read_parquet(out)
    assert _ari(members, assignments) >= 0.99
    assert on_spark.n == local.n == ROWS
    for a, b in zip(local.profiles, on_spark.profiles, strict=True):
        assert abs(a.size - b.size) <= 0.01 * ROWS
        effects = {(e.variable, e.level): e.effect for e in a.effects}
        for e in b.effects:
            if (e.variable, e.level) in effects:
                assert e.effect == pytest.approx(effects[(e.variable, e.level)], abs=0.02)
        for name, kpi in b.kpis.items():
            assert kpi["profile"] == pytest.approx(a.kpis[name]["profile"], rel=1e-2)
    local_means = load_model(lws.root / f"models/{local.id}.pkl").profile_means
    spark_means = load_model(sws.root / f"models/{on_spark.id}.pkl").profile_means
    for column, values in local_means.items():
        np.testing.assert_allclose(spark_means[column], values, rtol=1e-3)


def test_refined_over_all_rows_when_the_sample_is_smaller(
        tmp_path: Path, rows_csv: Path, spark: Any, local_run: Any) -> None:
    # The model is fitted on 1,000 sampled rows, then EM runs over all 3,000 on Spark.
    ws = _fresh(tmp_path, "ws", fit_sample=1000)
    seg = segment_on_spark(ws, source=str(rows_csv), key=KEY, k=4, seed=SEED,
                           output=str(tmp_path / "out"), spark=spark)
    model = load_model(ws.root / f"models/{seg.id}.pkl").segmenter
    assert model.em_iterations_ >= 2
    assert _ari(local_run[2], pd.read_parquet(tmp_path / "out")) >= 0.99
    ws.close()


def test_only_aggregates_and_the_model_come_back(spark_run: Any, rows_csv: Path) -> None:
    ws, seg, out = spark_run
    keys = pd.read_csv(rows_csv)[KEY].tolist()
    probes = [k.encode() for k in keys[::97]]
    for path in ws.root.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not any(p in content for p in probes), path
    # Every individual's assignment stays on the cluster, partitioned by profile.
    parts = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert parts == sorted(f"profile_id={p.id}" for p in seg.profiles)
    assert len(pd.read_parquet(out)) == ROWS
    agg = ClusterAggregates.model_validate_json(
        (ws.root / seg.settings["aggregates"]).read_text(encoding="utf-8"))
    _assert_respects_minimum(agg)
    assert sum(s or 0 for s in agg.sizes) == ROWS
    for profile in seg.profiles:
        assert all(e.n_profile >= agg.min_group_size for e in profile.effects)


def _assert_respects_minimum(agg: ClusterAggregates) -> None:
    minimum = agg.min_group_size
    counts = [c for levels in agg.levels.values() for row in levels.values() for c in row]
    counts += [n for a in agg.numeric.values() for n in a.n] + list(agg.sizes)
    assert all(c is None or c == 0 or c >= minimum for c in counts)
    for a in agg.numeric.values():
        assert all((m is None) == (n is None or n < minimum) for m, n in zip(a.mean, a.n,
                                                                             strict=True))


def test_small_cells_are_suppressed(spark_run: Any, rows_csv: Path, spark: Any) -> None:
    ws, seg, _ = spark_run
    model = load_model(ws.root / f"models/{seg.id}.pkl").segmenter
    frame = read_source(spark, EngineSettings(backend="spark"), str(rows_csv))
    agg = cluster_aggregates(frame, model, seg.lens, ["omzet"], 60)
    assert agg.min_group_size == 60 and agg.kpis["omzet"]
    suppressed = [c for lv in agg.levels.values() for row in lv.values() for c in row
                  if c is None]
    assert suppressed, "rare levels in small profiles must be hidden at this minimum"
    _assert_respects_minimum(agg)


def test_count_suppression_rule() -> None:
    assert [_count(v, 10) for v in (0, 1, 9, 10, 250)] == [0, None, None, 10, 250]


def test_missing_path_writes_nothing(workspace: Workspace, tmp_path: Path,
                                     spark: Any) -> None:
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as caught:
        segment_on_spark(workspace, source=str(tmp_path / "nope.parquet"), key=KEY,
                         spark=spark)
    assert caught.value.key == "engine.error.path"
    assert tree_fingerprint(workspace.root) == before


def test_unknown_key_names_the_columns(workspace: Workspace, rows_csv: Path,
                                       spark: Any) -> None:
    with pytest.raises(InputError) as caught:
        segment_on_spark(workspace, source=str(rows_csv), key="klant_id", spark=spark)
    assert caught.value.key == "engine.error.key" and "num1" in caught.value.message("en")


def test_differing_parquet_schemas_are_refused(workspace: Workspace, tmp_path: Path,
                                               spark: Any) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    pd.DataFrame({KEY: ["a", "b"], "age": [30, 40]}).to_parquet(folder / "p1.parquet")
    pd.DataFrame({KEY: ["c"], "age": ["old"], "extra": [1]}).to_parquet(folder / "p2.parquet")
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as caught:
        segment_on_spark(workspace, source=str(folder), key=KEY, spark=spark)
    assert caught.value.key == "engine.error.schema"
    assert tree_fingerprint(workspace.root) == before
    shutil.rmtree(folder)


def test_unreachable_master_is_a_clear_error() -> None:
    with pytest.raises(ConfigError) as caught:
        probe_master("spark://127.0.0.1:1")
    assert caught.value.key == "engine.error.master"
    assert "127.0.0.1" in caught.value.message("nl")


def test_segment_workspace_dispatches_to_spark(tmp_path: Path, rows_csv: Path,
                                               spark: Any) -> None:
    ws = _fresh(tmp_path, "ws")
    doc = ws.config_document()
    doc["settings"]["engine"] = {"backend": "spark", "source": str(rows_csv), "key": KEY,
                                 "assignments": str(tmp_path / "out")}
    with ws.transaction() as st:
        st.edit_config().update(doc)
    seg = segment_workspace(ws, k=4, seed=SEED)
    assert seg.settings["backend"] == "spark" and seg.n == ROWS
    assert len(pd.read_parquet(tmp_path / "out")) == ROWS
    with pytest.raises(InputError) as caught:
        segment_workspace(ws, k=4, hard_core="omzet")
    assert caught.value.key == "engine.error.unsupported"
    ws.close()
