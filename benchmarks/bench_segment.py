"""Segmentation benchmark: our MixedSegmenter beside stepmix, k-means and k-prototypes.

Usage::

    python benchmarks/bench_segment.py [--sizes 10000,100000,1000000] [--methods ...]

Data: 5 segments of unequal size (34/26/18/13/9 %), 8 numeric variables (two skewed like
revenue and visit counts), 6 categorical variables with 4-9 levels and one 6-option
multi-select (``personakit.segment._synthetic``). Each method runs in its own subprocess, so
its peak memory (max RSS, data included) is its own. Our method chooses k in 3..8 and
measures stability (8 bootstrap refits) inside its time; the others are given the true k.
A method is skipped at a size where its time, extrapolated linearly from the previous size,
would exceed 10 minutes. Also printed: the chosen k and ARI on the sample organisation, and
the batch assignment rate.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

LIMIT_SECONDS = 600.0
METHODS = ("ours", "stepmix", "kmeans", "kprototypes")
LABELS = {
    "ours": "personakit MixedSegmenter (k auto 3-8 + stability)",
    "stepmix": "stepmix mixture, true k",
    "kmeans": "scikit-learn k-means on one-hot (n_init 10), true k",
    "kprototypes": "kmodes k-prototypes (defaults), true k",
}


# -- workers (run in a subprocess) ----------------------------------------------------------
def _numeric_block(frame: Any) -> Any:
    import numpy as np

    numeric = np.array(frame[[f"num{j}" for j in range(1, 7)] + ["omzet", "bezoeken"]], dtype=float)
    numeric[:, 6:] = np.log1p(numeric[:, 6:])  # the skewed two, as any analyst would
    return (numeric - numeric.mean(0)) / numeric.std(0)


def _categorical_codes(frame: Any) -> Any:
    import numpy as np
    import pandas as pd

    cats = [pd.factorize(frame[f"cat{j}"])[0] for j in range(1, 7)]
    options = frame["kanalen"].str.get_dummies(";").to_numpy()
    return np.column_stack([*cats, options])


def run_ours(frame: Any, roles: Any) -> dict[str, Any]:
    from personakit.segment import MixedSegmenter

    start = time.perf_counter()
    model = MixedSegmenter(k="auto", seed=0).fit(frame, roles=roles)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    design, far = model._encode(frame)
    encoded = time.perf_counter() - start
    start = time.perf_counter()
    model._apply(design, far)
    applied = time.perf_counter() - start
    return {"seconds": elapsed, "labels": model.labels_, "k": model.k_,
            "stability": model.stability_, "assign_rate": len(frame) / (encoded + applied),
            "estep_rate": len(frame) / applied}


def run_stepmix(frame: Any, roles: Any) -> dict[str, Any]:
    import numpy as np
    from stepmix.stepmix import StepMix

    numeric, codes = _numeric_block(frame), _categorical_codes(frame)
    X = np.column_stack([numeric, codes])
    descriptor = {
        "num": {"model": "gaussian_diag", "n_columns": numeric.shape[1]},
        "cat": {"model": "categorical", "n_columns": codes.shape[1]},
    }
    start = time.perf_counter()
    model = StepMix(n_components=5, measurement=descriptor, random_state=0, verbose=0,
                    progress_bar=0)
    model.fit(X)
    labels = model.predict(X)
    return {"seconds": time.perf_counter() - start, "labels": labels, "k": 5}


def run_kmeans(frame: Any, roles: Any) -> dict[str, Any]:
    import numpy as np
    import pandas as pd
    from sklearn.cluster import KMeans

    start = time.perf_counter()
    dummies = pd.get_dummies(frame[[f"cat{j}" for j in range(1, 7)]], dtype=np.float32)
    options = frame["kanalen"].str.get_dummies(";").astype(np.float32)
    onehot = np.column_stack([dummies.to_numpy(), options.to_numpy()])
    onehot = (onehot - onehot.mean(0)) / onehot.std(0)
    X = np.column_stack([_numeric_block(frame), onehot]).astype(np.float32)
    labels = KMeans(n_clusters=5, n_init=10, random_state=0).fit_predict(X)
    return {"seconds": time.perf_counter() - start, "labels": labels, "k": 5}


def run_kprototypes(frame: Any, roles: Any) -> dict[str, Any]:
    import numpy as np
    from kmodes.kprototypes import KPrototypes

    numeric, codes = _numeric_block(frame), _categorical_codes(frame)
    X = np.column_stack([numeric, codes])
    cat_idx = list(range(numeric.shape[1], X.shape[1]))
    start = time.perf_counter()
    labels = KPrototypes(n_clusters=5, random_state=0).fit_predict(X, categorical=cat_idx)
    return {"seconds": time.perf_counter() - start, "labels": labels, "k": 5}


def worker(method: str, size: int) -> None:
    import numpy as np
    import psutil
    from sklearn.metrics import adjusted_rand_score

    from personakit.segment._synthetic import make_mixed_data

    data = make_mixed_data(size, seed=2024)
    baseline = psutil.Process().memory_info().rss
    result = globals()[f"run_{method}"](data.frame, data.roles)
    labels = np.asarray(result.pop("labels"))
    result["ari"] = float(adjusted_rand_score(data.truth, labels))
    result["data_rss"] = baseline
    sys.stdout.write(json.dumps(result) + "\n")


def sample_worker(customers: int) -> None:
    """Chosen k and ARI on the sample organisation (through import, as a user would)."""
    import pandas as pd
    from sklearn.metrics import adjusted_rand_score

    from personakit.pipeline import open_or_init
    from personakit.sample import generate_sample
    from personakit.segment import profile_members, segment_workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = generate_sample(root / "sample", customers=customers, seed=42)
        ws = open_or_init(root / "ws", "en")
        from personakit.ingest import import_file

        for entry in manifest.files:
            if entry.source:
                import_file(ws, root / "sample" / entry.path, name=entry.source, key=entry.key)
        start = time.perf_counter()
        seg = segment_workspace(ws)
        elapsed = time.perf_counter() - start
        members = profile_members(ws, seg.id)
        truth = pd.read_csv(root / "sample" / "_truth" / "segments.csv", sep=";", dtype=str)
        merged = members.merge(truth, left_on="key", right_on="klantnummer")
        ari = adjusted_rand_score(merged["segment"], merged["profile_id"])
        sys.stdout.write(json.dumps({"k": seg.k, "ari": ari, "seconds": elapsed,
                                     "stability": seg.stability,
                                     "names": [p.name["en"] for p in seg.profiles]}) + "\n")
        ws.close()


# -- the parent ---------------------------------------------------------------------------------
def run_child(args: list[str], timeout: float) -> tuple[dict[str, Any] | None, float, str]:
    """Run this script as a worker; returns (result, peak RSS in GiB, error)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, __file__, *args], stdout=out, stderr=err)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return None, usage.ru_maxrss / 2**20, "timeout"
            time.sleep(0.2)
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 2**20  # KiB -> GiB
        out.seek(0)
        err.seek(0)
        text = out.read().decode().strip().splitlines()
        if proc.returncode != 0 or not text:
            lines = err.read().decode().strip().splitlines()
            return None, peak, lines[-1] if lines else f"exit code {proc.returncode}"
        return json.loads(text[-1]), peak, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--sample-customers", type=int, default=20_000)
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "SIZE"))
    parser.add_argument("--sample-worker", type=int)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return
    if args.sample_worker:
        sample_worker(args.sample_worker)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    methods = [m for m in args.methods.split(",") if m]
    print(f"segmentation benchmark: {os.cpu_count()} cores, sizes {sizes}")
    print("mixed data: 5 segments (34/26/18/13/9 %), 8 numeric (2 skewed), 6 categorical "
          "(4-9 levels), 1 multi-select (6 options)\n")
    results: dict[tuple[str, int], dict[str, Any]] = {}
    last: dict[str, tuple[int, float]] = {}
    for size in sizes:
        print(f"== {size:,} rows")
        print(f"{'method':<56} {'time':>9} {'peak':>9} {'ARI':>6} {'k':>3}  notes")
        for method in methods:
            if method in last:
                prev_size, prev_time = last[method]
                guess = prev_time * size / prev_size
                if guess > LIMIT_SECONDS:
                    print(f"{LABELS[method]:<56} skipped (extrapolated {guess:,.0f} s)")
                    last[method] = (size, guess)
                    continue
            result, peak, error = run_child(["--worker", method, str(size)], LIMIT_SECONDS)
            if result is None:
                print(f"{LABELS[method]:<56} failed: {error} (peak {peak:.2f} GiB)")
                last[method] = (size, LIMIT_SECONDS * 2)
                continue
            result["peak"] = peak
            results[(method, size)] = result
            last[method] = (size, result["seconds"])
            notes = ""
            if method == "ours":
                notes = (f"stability {result['stability']:.3f}; assignment "
                         f"{result['assign_rate']:,.0f} rec/s (E-step alone "
                         f"{result['estep_rate']:,.0f} rec/s)")
            print(f"{LABELS[method]:<56} {result['seconds']:>8.1f}s {peak:>7.2f}GiB "
                  f"{result['ari']:>6.3f} {result['k']:>3}  {notes}")
        ours = results.get(("ours", size))
        if ours:
            for method in methods[1:]:
                other = results.get((method, size))
                if other:
                    print(f"   ours vs {method}: time x{ours['seconds'] / other['seconds']:.2f}, "
                          f"peak x{ours['peak'] / other['peak']:.2f}, "
                          f"ARI {ours['ari'] - other['ari']:+.3f}")
        print()
    if not args.no_sample:
        result, peak, error = run_child(["--sample-worker", str(args.sample_customers)],
                                        LIMIT_SECONDS)
        if result is None:
            print(f"sample organisation: failed: {error}")
        else:
            print(f"sample organisation ({args.sample_customers:,} members, imported and "
                  f"linked): k = {result['k']} (true 5), ARI {result['ari']:.3f}, "
                  f"stability {result['stability']:.3f}, {result['seconds']:.1f} s, "
                  f"peak {peak:.2f} GiB")
            print("   profiles: " + " | ".join(result["names"]))


if __name__ == "__main__":
    main()
