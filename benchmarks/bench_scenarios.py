"""The choice of profiles on a family of generated exports (issue 9), beside stepmix + BIC.

    python benchmarks/bench_scenarios.py            # all 28 scenarios, with stepmix
    python benchmarks/bench_scenarios.py --fast     # the test suite's subset
    python benchmarks/bench_scenarios.py --only likert_ceiling_k4,survey_10pct_k4

Per scenario: the true k; ours through the public path (files imported into a new
workspace, `segment --k auto` with the default settings): chosen k, ARI against the hidden
profiles, smallest profile and time; the *oracle* ARI (our model's parameters estimated from
the true labels, then each row assigned: what a perfect fit of this model could reach on
these data, a measure of how separable the scenario is); and stepmix with the same k range
chosen by plain lowest BIC, given the true column types (numbers standardised, skewed
positive ones logged, everything else categorical, multi-selects as 0/1 columns).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from personakit.sample._scenarios import (
    Scenario,
    ScenarioResult,
    ScenarioSpec,
    family,
    fast_family,
    run_scenario,
)


def oracle_ari(scenario: Scenario, work_dir: Path) -> float:
    """ARI of our model with parameters estimated from the true profiles."""
    from personakit.ingest import linked_frame
    from personakit.segment import MixedSegmenter
    from personakit.segment._mixture import e_step, hard_responsibilities, m_step
    from personakit.segment._settings import segment_settings
    from personakit.segment._workspace import _plan
    from personakit.workspace import Workspace

    ws = Workspace.open(work_dir / "ws")
    try:
        data = linked_frame(ws)
        plan = _plan(ws, data, segment_settings(ws), None, None, None, None, None)
    finally:
        ws.close()
    k = scenario.spec.k
    model = MixedSegmenter(k=k, seed=0, stability_refits=0).fit(
        plan.frame[plan.variables], roles=plan.roles)
    design = model._design(plan.frame[plan.variables])
    truth = scenario.truth.reindex(plan.keys).to_numpy()
    params = m_step(design, hard_responsibilities(truth, k))
    return float(adjusted_rand_score(truth, e_step(design, params)[0].argmax(axis=1)))


def _read(scenario: Scenario) -> pd.DataFrame:
    semicolon = scenario.spec.dialect == "semicolon_cp1252"
    frames = [pd.read_csv(path, sep=";" if semicolon else ",",
                          encoding="cp1252" if semicolon else "utf-8",
                          decimal="," if semicolon else ".", dtype={scenario.key: str})
              .set_index(scenario.key) for path in scenario.files]
    return frames[0].join(frames[1:], how="left") if len(frames) > 1 else frames[0]


def stepmix_bic(scenario: Scenario, ks: range) -> tuple[int, float, float]:
    """stepmix over *ks*, k by lowest BIC: (k, ARI, seconds)."""
    from stepmix.stepmix import StepMix

    frame = _read(scenario)
    numeric, categorical = [], []
    for column, kind in scenario.kinds.items():
        if column not in frame.columns:
            continue
        if kind == "numeric":
            values = pd.to_numeric(frame[column], errors="coerce")
            if values.min() > 0 and values.skew() > 1:
                values = np.log(values)
            numeric.append(((values - values.mean()) / values.std()).rename(column))
        elif kind == "multiselect":
            text = frame[column].fillna("")
            sep = "," if scenario.spec.dialect == "semicolon_cp1252" else ";"
            options = sorted({o for cell in text for o in str(cell).split(sep) if o})
            for option in options:
                chosen = [float(option in str(cell).split(sep)) for cell in text]
                categorical.append(pd.Series(chosen, index=frame.index,
                                             name=f"{column}={option}"))
        elif kind in ("categorical", "ordinal", "count", "boolean"):
            codes = pd.Series(pd.factorize(frame[column])[0], index=frame.index, dtype=float)
            categorical.append(codes.where(codes >= 0).rename(column))
    data = pd.concat(numeric + categorical, axis=1).to_numpy()
    measurement = {}
    if numeric:
        measurement["numeric"] = {"model": "continuous_nan", "n_columns": len(numeric)}
    if categorical:
        measurement["categorical"] = {"model": "categorical_nan",
                                      "n_columns": len(categorical)}
    truth = scenario.truth.reindex(frame.index).to_numpy()
    start = time.perf_counter()
    best: tuple[float, int, np.ndarray] | None = None
    for k in ks:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Converged when the mean log-likelihood per row moves less than 1e-5 (the
            # default 1e-10 made one fit take minutes, with the same ARI).
            model = StepMix(n_components=k, measurement=measurement, n_init=2, max_iter=300,
                            abs_tol=1e-5, random_state=0, verbose=0, progress_bar=0)
            model.fit(data)
            bic = float(model.bic(data))
            if best is None or bic < best[0]:
                best = (bic, k, model.predict(data))
    assert best is not None
    return best[1], float(adjusted_rand_score(truth, best[2])), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="only the test suite's subset")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--no-stepmix", action="store_true", help="leave stepmix out")
    args = parser.parse_args(argv)
    specs: list[ScenarioSpec] = fast_family() if args.fast else family()
    if args.only:
        wanted = set(args.only.split(","))
        specs = [s for s in specs if s.name in wanted]
    header = (f"{'scenario':28s} {'rows':>6s} {'true k':>6s} | {'k':>2s} {'ARI':>6s} "
              f"{'oracle':>6s} {'smallest':>8s} {'time':>6s} | {'stepmix+BIC k':>13s} "
              f"{'ARI':>6s} {'time':>6s}")
    print(header)
    print("-" * len(header))
    ours: list[ScenarioResult] = []
    theirs: list[tuple[int, float]] = []
    for spec in specs:
        with tempfile.TemporaryDirectory() as tmp:
            result, scenario = run_scenario(spec, Path(tmp))
            oracle = oracle_ari(scenario, Path(tmp))
            ours.append(result)
            line = (f"{spec.name:28s} {len(scenario.truth):6d} {spec.k:6d} | {result.k:2d} "
                    f"{result.ari:6.3f} {oracle:6.3f} {result.smallest:8.1%} "
                    f"{result.seconds:5.1f}s |")
            if not args.no_stepmix:
                k, ari, seconds = stepmix_bic(scenario, range(3, 9))
                theirs.append((k, ari))
                line += f" {k:13d} {ari:6.3f} {seconds:5.1f}s"
            print(line, flush=True)
    print("-" * len(header))

    def summary(label: str, pairs: list[tuple[int, int, float]]) -> None:
        right = sum(1 for true_k, k, _ in pairs if true_k == k)
        aris = [a for _, _, a in pairs]
        print(f"{label:14s} true k in {right}/{len(pairs)} ({right / len(pairs):.0%}), "
              f"median ARI {statistics.median(aris):.3f}, lowest {min(aris):.3f}")

    summary("personakit", [(r.true_k, r.k, r.ari) for r in ours])
    if theirs:
        summary("stepmix+BIC", [(r.true_k, k, a) for r, (k, a) in zip(ours, theirs,
                                                                       strict=True)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
