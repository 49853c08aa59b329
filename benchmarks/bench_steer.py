"""Issue 13 figures: a drift check of a 1M-row snapshot, a 1,000-answer round summary.

Drift: a workspace gets a mixed 1,000,000-row export with hidden segments
(``personakit.segment._synthetic``), its profiles and personas; then a second export half a
year later (5 % of the people gone, 8 % new, the segment mix shifted, one variable moved)
is imported and checked against the first (`personakit drift check`), and, for a false
alarm check, an export with turnover only. Beside ours: the PSI of every variable computed
the textbook way with pandas (``qcut`` + ``value_counts``), as the reference for both the
figures (they must agree) and the time.

Validation: a round on the sample organisation's personas with 1,000 respondents
(answers through the real link path), summarised with intervals per persona and construct;
beside it the same means with pandas ``groupby`` as the reference.

    python benchmarks/bench_steer.py [--rows 1000000] [--answers 1000]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROWS = 1_000_000
ANSWERS = 1_000


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


def export(n: int, seed: int) -> pd.DataFrame:
    """The synthetic export with a customer key."""
    from personakit.segment._synthetic import make_mixed_data

    frame = make_mixed_data(n, seed=seed).frame.copy()
    frame.insert(0, "klantnummer", np.arange(1, n + 1))
    return frame


def later_export(first: pd.DataFrame, seed: int, *, change: bool) -> pd.DataFrame:
    """Six months on: 5 % left, 8 % joined (from the second-largest segment if *change*)."""
    from personakit.segment._synthetic import make_mixed_data

    rng = np.random.default_rng(seed)
    n = len(first)
    stay = first.loc[rng.random(n) >= 0.05].copy()
    new_n = int(0.08 * n) if change else int(0.05 * n)
    drawn = make_mixed_data(new_n * (4 if change else 1), seed=seed + 1)
    recruits = drawn.frame.loc[drawn.truth == 1].head(new_n) if change else drawn.frame
    recruits = recruits.copy()
    recruits.insert(0, "klantnummer", np.arange(n + 1, n + 1 + len(recruits)))
    later = pd.concat([stay, recruits], ignore_index=True)
    if change:
        later["num1"] = later["num1"] + 6.0  # half a standard deviation
    return later


def reference_psi(before: pd.Series, after: pd.Series, bins: int = 10) -> float:
    """PSI the way most notebooks compute it: quantile bins of the old data."""
    if pd.api.types.is_numeric_dtype(before):
        edges = np.unique(np.quantile(before.dropna(), np.linspace(0, 1, bins + 1)))
        edges[0], edges[-1] = -np.inf, np.inf
        b = pd.cut(before, edges).value_counts(normalize=True, dropna=False)
        a = pd.cut(after, edges).value_counts(normalize=True, dropna=False)
    else:
        b = before.value_counts(normalize=True, dropna=False)
        a = after.value_counts(normalize=True, dropna=False)
    a = a.reindex(b.index.union(a.index), fill_value=0).clip(lower=1e-4)
    b = b.reindex(a.index, fill_value=0).clip(lower=1e-4)
    return float(((a - b) * np.log(a / b)).sum())


def bench_drift(rows: int) -> list[dict[str, Any]]:
    from personakit.ingest import import_file
    from personakit.persona import build_personas
    from personakit.segment import segment_workspace
    from personakit.steer import check_drift
    from personakit.workspace import Workspace

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        first = export(rows, 1)
        first.to_parquet(root / "export_jan.parquet", index=False)
        ws = Workspace.init(root / "ws", language="en")
        started = time.perf_counter()
        import_file(ws, root / "export_jan.parquet", name="crm", key="klantnummer")
        seg = segment_workspace(ws)
        build_personas(ws, seg)
        setup = time.perf_counter() - started
        for label, change in (("changed", True), ("turnover only", False)):
            later = later_export(first, 7 if change else 11, change=change)
            name = f"export_jul_{'changed' if change else 'same'}.parquet"
            later.to_parquet(root / name, index=False)
            import_file(ws, root / name, name="crm", key="klantnummer")
            started = time.perf_counter()
            report = check_drift(ws, "crm")
            ours = time.perf_counter() - started
            started = time.perf_counter()
            reference = {c: reference_psi(first[c], later[c]) for c in first.columns
                         if c != "klantnummer" and c != "kanalen"}
            ref_time = time.perf_counter() - started
            mine = {v.variable: v.psi for v in report.variables}
            worst = max(abs(mine[c] - reference[c]) for c in reference if c in mine)
            out.append({"case": label, "rows": rows, "seconds": ours,
                        "reference_seconds": ref_time, "psi_max_diff": worst,
                        "out_of_date": report.out_of_date, "reasons": report.reasons,
                        "agreement": report.agreement, "k": seg.k, "setup": setup,
                        "peak_gib": peak_gib()})
        ws.close()
    return out


def bench_round(answers: int) -> dict[str, Any]:
    from personakit.pipeline import run_demo
    from personakit.validate import round_answers, simulate_round, start_round, summarise_round
    from personakit.validate._questions import QUESTIONS
    from personakit.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        run_demo(Path(tmp) / "ws", customers=2000, formats=(), steer=False)
        ws = Workspace.open(Path(tmp) / "ws")
        found = start_round(ws, title="bench", max_answers_per_link=1)
        started = time.perf_counter()
        made = simulate_round(ws, found.id, answers, seed=1)
        collect = time.perf_counter() - started
        started = time.perf_counter()
        summary = summarise_round(ws, found.id)
        ours = time.perf_counter() - started
        started = time.perf_counter()
        rows = round_answers(ws, found.id)
        frame = pd.DataFrame([{"persona": r["persona_id"], **r["answers"]} for r in rows])
        scale = [q.id for q in QUESTIONS if q.kind == "scale"]
        reference = frame.groupby("persona")[scale].agg(["mean", "sem", "count"])
        ref_time = time.perf_counter() - started
        check = summary.personas[0]
        ref_mean = reference.loc[check.persona_id, ("recognise", "mean")]
        ws.close()
    return {"answers": made, "personas": len(summary.personas), "collect_seconds": collect,
            "scores": len(check.scores),
            "seconds": ours, "reference_seconds": ref_time,
            "mean_diff": abs((check.score("recognise").mean or 0) - float(ref_mean))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--answers", type=int, default=ANSWERS)
    args = parser.parse_args()
    print(f"Drift check, {args.rows:,} rows against the previous snapshot (goal: < 20 s)")
    print(f"{'case':<15} {'ours s':>7} {'pandas PSI s':>12} {'ratio':>6} {'PSI diff':>9} "
          f"{'verdict':<32} {'kept profile':>12} {'peak GiB':>8}")
    for row in bench_drift(args.rows):
        verdict = ("out of date: " + ", ".join(row["reasons"])) if row["out_of_date"] \
            else "up to date"
        print(f"{row['case']:<15} {row['seconds']:>7.1f} {row['reference_seconds']:>12.1f} "
              f"{row['seconds'] / row['reference_seconds']:>6.2f} {row['psi_max_diff']:>9.4f} "
              f"{verdict:<32} {row['agreement']:>12.3f} {row['peak_gib']:>8.2f}")
    print(f"(set-up: import, k = {row['k']} profiles and personas in {row['setup']:.0f} s; ours "
          "includes PSI of every variable, assigning 100,000 people with the stored model, the "
          "share test, traits and re-assignment; the pandas column is PSI only)")
    print()
    print(f"Validation round, {args.answers:,} respondents (goal: summary < 1 s)")
    got = bench_round(args.answers)
    print(f"answers through the link path: {got['answers']} in {got['collect_seconds']:.1f} s; "
          f"summary of {got['personas']} personas x {got['scores']} scores with intervals and "
          f"grouped comments: {got['seconds']:.3f} s (pandas groupby means only: "
          f"{got['reference_seconds']:.3f} s; ratio {got['seconds'] / got['reference_seconds']:.1f}"
          f"; mean differs by {got['mean_diff']:.2e})")


if __name__ == "__main__":
    main()
