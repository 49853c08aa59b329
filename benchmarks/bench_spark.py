"""The Spark backend beside the local one on N mixed rows (issue 15).

    .venv/bin/python benchmarks/bench_spark.py              # 10,000,000 rows
    .venv/bin/python benchmarks/bench_spark.py --rows 1000000

Data: ``make_mixed_data`` (5 segments, 8 numeric, 6 categorical, one multi-select, 5 %
missing) plus a key, written once as Parquet. Each backend runs in its own process so its
peak memory is its own (sampled every 0.2 s over the whole process tree, the JVM included):

* local: ``MixedSegmenter(k="auto")`` — chooses k on the 50,000-row sample and applies the
  model to every row, as ``personakit segment`` does;
* spark: ``segment_on_spark`` in local mode on this machine's cores — the same sample fit,
  then distributed EM over every row, assignments written as partitioned Parquet and the
  aggregates summed on the cluster.

Printed: wall time, peak memory, ARI against the true segments and between the backends,
the cost per million rows, and a projection of 100 million rows on a 10-node cluster from
the measured cost of one distributed EM pass.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import psutil
import pyarrow as pa
import pyarrow.parquet as pq
from sklearn.metrics import adjusted_rand_score

KEY = "klantnummer"
SEED = 7


def make_data(rows: int, folder: Path) -> Path:
    from personakit.segment._synthetic import make_mixed_data

    path = folder / "rows.parquet"
    data = make_mixed_data(rows, k=5, seed=SEED, missing=0.05)
    table = pa.Table.from_pandas(data.frame, preserve_index=False)
    table = table.add_column(0, KEY, pa.array(np.char.add("K", np.arange(rows).astype(str))))
    # Row groups of 500,000 rows: Spark reads each as its own split (parallel input).
    pq.write_table(table, path, row_group_size=500_000)
    np.save(folder / "truth.npy", data.truth)
    return path


def run_local(path: Path, out: Path) -> dict[str, float]:
    from personakit.segment import MixedSegmenter
    from personakit.segment._synthetic import make_mixed_data

    start = time.perf_counter()
    frame = pd.read_parquet(path)
    roles = make_mixed_data(10, k=5).roles
    model = MixedSegmenter(k="auto", seed=SEED, stability_refits=0)
    model.fit(frame.drop(columns=[KEY]), roles=roles)
    seconds = time.perf_counter() - start
    np.save(out / "local.npy", model.labels_)
    return {"seconds": seconds, "k": float(model.k_)}


def run_spark(path: Path, out: Path, cores: int) -> dict[str, float]:
    warnings.filterwarnings("ignore", category=FutureWarning)
    from personakit.engine import EngineSettings, infer_roles, segment_on_spark, spark_session
    from personakit.segment._model import load_model
    from personakit.workspace import Workspace

    start = time.perf_counter()
    spark = spark_session(EngineSettings(backend="spark", master=f"local[{cores}]", spark_conf={
        "spark.ui.enabled": "false", "spark.driver.memory": "6g",
        "spark.sql.shuffle.partitions": str(2 * cores)}))
    started = time.perf_counter()
    ws = Workspace.init(out / "ws", language="en")
    doc = ws.config_document()
    doc["settings"] = {"segment": {"stability_refits": 0}}
    with ws.transaction() as st:
        st.edit_config().update(doc)
    steps: dict[str, float] = {}

    def progress(step: str, _share: float) -> None:
        steps.setdefault(step, time.perf_counter() - started)

    sample = pd.read_parquet(path).head(20_000)
    seg = segment_on_spark(ws, source=str(path), key=KEY, k="auto", seed=SEED,
                           output=str(out / "assignments"), spark=spark, progress=progress,
                           columns=infer_roles(sample, KEY, ","))
    done = time.perf_counter()
    model = load_model(ws.root / f"models/{seg.id}.pkl").segmenter
    partitions = spark.read.parquet(str(path)).rdd.getNumPartitions()
    ws.close()
    spark.stop()
    return {"seconds": done - start, "jvm_start": started - start, "k": float(seg.k),
            "fit_done": steps.get("apply", 0.0), "em_done": steps.get("store", 0.0),
            "assign_done": steps.get("explain", 0.0), "total_after_start": done - started,
            "em_iterations": float(model.em_iterations_), "partitions": float(partitions)}


def measured(args: list[str]) -> tuple[dict[str, float], float]:
    """Run this script as a child; its result and the peak RSS of its process tree."""
    child = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(child.pid)
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    output, _ = child.communicate()
    stop.set()
    watcher.join()
    if child.returncode:
        raise SystemExit(f"child {args} failed ({child.returncode})")
    return json.loads(output.decode().strip().splitlines()[-1]), peak / 2**30


def report(rows: int, cores: int, folder: Path, local: dict[str, float], local_gib: float,
           spark: dict[str, float], spark_gib: float) -> None:
    truth = np.load(folder / "truth.npy")
    local_labels = np.load(folder / "local.npy")
    keys = pd.read_parquet(folder / "assignments", columns=["key", "profile_id"])
    order = keys["key"].str[1:].astype(np.int64).to_numpy()
    spark_labels = np.empty(rows, dtype=object)
    spark_labels[order] = keys["profile_id"].to_numpy()
    per_m = rows / 1e6
    print(f"rows: {rows:,}  cores: {cores}  (5 true segments)")
    print(f"{'backend':<8}{'k':>3}{'time s':>9}{'peak GiB':>10}{'ARI truth':>11}"
          f"{'s / M rows':>12}")
    for name, res, gib, labels in (("local", local, local_gib, local_labels),
                                   ("spark", spark, spark_gib, spark_labels)):
        ari = adjusted_rand_score(truth, labels)
        print(f"{name:<8}{int(res['k']):>3}{res['seconds']:>9.1f}{gib:>10.2f}{ari:>11.4f}"
              f"{res['seconds'] / per_m:>12.2f}")
    print(f"ARI spark vs local: {adjusted_rand_score(local_labels, spark_labels):.4f}")
    em_seconds = spark["em_done"] - spark["fit_done"]
    per_pass = em_seconds / max(spark["em_iterations"], 1.0)
    print(f"spark: JVM start {spark['jvm_start']:.1f} s; sample + fit on driver "
          f"{spark['fit_done']:.1f} s; distributed EM {em_seconds:.1f} s over "
          f"{int(spark['em_iterations'])} passes ({per_pass:.2f} s a pass, "
          f"{int(spark['partitions'])} input partitions); assignments written "
          f"{spark['assign_done'] - spark['em_done']:.1f} s; aggregates and store "
          f"{spark['total_after_start'] - spark['assign_done']:.1f} s")
    core_seconds = per_pass * cores / per_m  # core-seconds per pass per million rows
    cluster_cores = 10 * 16
    projected = core_seconds * 100 / cluster_cores
    print(f"projection, 100 M rows on 10 nodes x 16 cores: {core_seconds:.2f} core-s per "
          f"pass per M rows -> {projected:.1f} s a pass, x{int(spark['em_iterations'])} "
          f"passes + 3 scoring passes = {projected * (spark['em_iterations'] + 3):.0f} s, "
          f"plus the driver's sample fit ({spark['fit_done']:.0f} s, independent of N)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--run", choices=("local", "spark"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.run:
        result = run_local(args.folder / "rows.parquet", args.folder) if args.run == "local" \
            else run_spark(args.folder / "rows.parquet", args.folder, args.cores)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="bench_spark_") as tmp:
        folder = Path(tmp)
        make_data(args.rows, folder)
        common = ["--folder", str(folder), "--cores", str(args.cores)]
        local, local_gib = measured(["--run", "local", *common])
        spark, spark_gib = measured(["--run", "spark", *common])
        report(args.rows, args.cores, folder, local, local_gib, spark, spark_gib)


if __name__ == "__main__":
    main()
