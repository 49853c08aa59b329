"""Issue 12 figures: the funnel per persona from an analytics event export.

1. The sample organisation (``run_demo``, 20,000 customers): ``funnel_report`` on its web
   export (goal: < 2 s), and how well anonymous sessions get their persona, against the
   hidden truth (``sample-data/_truth``): per session, by visitor id and by behaviour.
2. A generated export of 10,000,000 events (goal: funnel < 30 s, peak memory printed):
   sessions of the sample's customers and anonymous visitors, behaving as their segment
   does, written as Parquet with numpy/pyarrow and imported with ``import_file``. The
   funnel runs in a fresh process, so its peak memory is its own.

Beside ours, the same funnel counts (sessions, sessions reaching each step, median
seconds between steps, per persona) computed the plain way: pandas ``groupby`` and, if
installed, polars; the figures must agree.

    python benchmarks/bench_journey.py [--events 10000000] [--customers 20000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

EVENTS = 10_000_000
CUSTOMERS = 20_000
STEPS = ("home", "product", "offerte", "afrekenen", "bevestiging")
SOURCES = ("advertentie", "organisch", "direct", "nieuwsbrief", "verwijzing")


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2


# -- the reference: plain pandas / polars --------------------------------------------------

def reference_pandas(events: pd.DataFrame, personas: pd.DataFrame,
                     minimum: int) -> dict[str, dict[str, Any]]:
    """Sessions, reached per step and median seconds per step, per persona and ``*``."""
    position = {s: i + 1 for i, s in enumerate(STEPS)}
    ev = events.assign(pos=events["stap"].map(position),
                       t=events["tijdstip"].astype("datetime64[s]").astype("int64"))
    first = ev.groupby(["sessie_id", "pos"], sort=False)["t"].min().unstack()
    depth = ev.groupby("sessie_id", sort=False)["pos"].max()
    table = pd.DataFrame({"depth": depth}).join(first)
    table = table.join(personas.set_index("session")["persona_id"])
    out = {"*": _summary(table, minimum)}
    for pid, group in table.groupby("persona_id"):
        out[str(pid)] = _summary(group, minimum)
    return out


def _summary(table: pd.DataFrame, minimum: int) -> dict[str, Any]:
    reached = [int((table["depth"] >= i).sum()) for i in range(1, len(STEPS) + 1)]
    medians: list[float | None] = [None]
    for i in range(2, len(STEPS) + 1):
        gap = (table[i] - table[i - 1]).dropna()
        gap = gap[gap >= 0]
        medians.append(float(gap.median()) if len(gap) >= minimum else None)
    return {"sessions": len(table), "reached": reached, "median": medians}


def reference_polars(path: Path, personas: pd.DataFrame,
                     minimum: int) -> dict[str, dict[str, Any]] | None:
    try:
        import polars as pl
    except ImportError:
        return None
    position = pl.DataFrame({"stap": list(STEPS), "pos": list(range(1, len(STEPS) + 1))})
    ev = pl.scan_parquet(path).join(position.lazy(), on="stap", how="left").with_columns(
        pl.col("tijdstip").cast(pl.Datetime("us")).dt.epoch("s").alias("t"))
    aggs = [pl.col("pos").max().alias("depth")] + [
        pl.col("t").filter(pl.col("pos") == i).min().alias(str(i))
        for i in range(1, len(STEPS) + 1)]
    table = ev.group_by("sessie_id").agg(aggs).collect()
    who = pl.from_pandas(personas[["session", "persona_id"]]).rename({"session": "sessie_id"})
    table = table.join(who, on="sessie_id", how="left")
    out = {"*": _polars_summary(table, minimum)}
    for (pid,), group in table.group_by("persona_id"):
        out[str(pid)] = _polars_summary(group, minimum)
    return out


def _polars_summary(table: Any, minimum: int) -> dict[str, Any]:
    import polars as pl

    reached = [int(table.filter(pl.col("depth") >= i).height)
               for i in range(1, len(STEPS) + 1)]
    medians: list[float | None] = [None]
    for i in range(2, len(STEPS) + 1):
        gap = (table[str(i)] - table[str(i - 1)]).drop_nulls()
        gap = gap.filter(gap >= 0)
        medians.append(float(gap.median()) if gap.len() >= minimum else None)  # type: ignore[arg-type]
    return {"sessions": table.height, "reached": reached, "median": medians}


def ours_as_reference(report: Any) -> dict[str, dict[str, Any]]:
    return {p.persona_id: {"sessions": p.sessions, "reached": [s.reached for s in p.steps],
                           "median": [s.median_seconds for s in p.steps]}
            for p in report.personas if p.sessions}


def disagreements(ours: dict[str, Any], reference: dict[str, Any] | None) -> int:
    """Figures (sessions, reached, medians) that differ from the reference."""
    if reference is None:
        return -1
    wrong = 0
    for pid, mine in ours.items():
        theirs = reference.get(pid, {"sessions": 0, "reached": [0] * len(STEPS),
                                     "median": [None] * len(STEPS)})
        wrong += int(mine["sessions"] != theirs["sessions"])
        wrong += sum(a != b for a, b in zip(mine["reached"], theirs["reached"], strict=True))
        wrong += sum((a is None) != (b is None) or (a is not None and b is not None
                                                    and abs(a - b) > 1e-6)
                     for a, b in zip(mine["median"], theirs["median"], strict=True))
    return wrong


# -- the sample organisation ---------------------------------------------------------------

def bench_sample(root: Path, customers: int) -> dict[str, Any]:
    from personakit.journey import funnel_report, session_personas
    from personakit.pipeline import run_demo
    from personakit.steer import persona_of_keys
    from personakit.workspace import Workspace

    run_demo(root, customers=customers, seed=7, language="en", formats=(), steer=False)
    ws = Workspace.open(root)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        report = funnel_report(ws)
        times.append(time.perf_counter() - started)
    found = session_personas(ws)
    sample = root / "sample-data"
    started = time.perf_counter()
    events = pd.read_csv(sample / "web_analytics.csv", parse_dates=["tijdstip"])
    reference = reference_pandas(events, found.frame, ws.config.workspace.min_group_size)
    ref_time = time.perf_counter() - started
    truth = pd.read_csv(sample / "_truth" / "web_sessions.csv", sep=";")
    segments = pd.read_csv(sample / "_truth" / "segments.csv", sep=";")
    persona, _, _ = persona_of_keys(ws, segments["klantnummer"])
    segments["persona"] = persona.to_numpy()
    major = segments.dropna().groupby("persona")["segment"].agg(
        lambda s: s.value_counts().idxmax())
    merged = found.frame.merge(truth, left_on="session", right_on="sessie_id")
    merged["guess"] = merged["persona_id"].map(major)
    accuracy = {how: (float((g["guess"] == g["segment"]).mean()), len(g))
                for how, g in merged.groupby("how") if how}
    anonymous = merged[merged["anoniem"] == 1]
    ws.close()
    return {"first": times[0], "best": min(times), "reference_seconds": ref_time,
            "events": report.events, "sessions": report.sessions,
            "assignment": report.assignment, "accuracy": accuracy,
            "anonymous": len(anonymous),
            "anonymous_baseline": float(anonymous["segment"].value_counts(
                normalize=True).max()),
            "wrong": disagreements(ours_as_reference(report), reference),
            "peak_gib": peak_gib()}


# -- 10 million events ---------------------------------------------------------------------

def _ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    text = pc.cast(pa.array(numbers), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(text, 9, "0"), "")


def generate(path: Path, ws_root: Path, events: int, seed: int = 11) -> int:
    """An event export of about *events* rows: the workspace's customers (their segment
    from the sample's hidden truth) and 8 % anonymous sessions, 40 % of those from a
    browser that logged in before."""
    from personakit.sample import _segments as sg

    rng = np.random.default_rng(seed)
    truth = pd.read_csv(ws_root / "sample-data" / "_truth" / "segments.csv", sep=";")
    codes = {s.code: i for i, s in enumerate(sg.SEGMENTS)}
    member_seg = truth["segment"].map(codes).to_numpy()
    n_sessions = int(events / 2.3) + 1  # more than enough; cut at *events* below
    owner = rng.integers(0, len(truth), size=n_sessions)
    anonymous = rng.random(n_sessions) < 0.08
    seg = np.where(anonymous, sg.draw_segments(rng, n_sessions), member_seg[owner])
    depth = 1 + np.cumprod(rng.random((n_sessions, 4)) < sg.FUNNEL_NEXT[seg], axis=1).sum(1)
    returning = anonymous & (rng.random(n_sessions) < 0.4)
    same_segment = member_seg[owner] == seg
    returning &= same_segment  # a returning browser belongs to a customer of the segment
    visitor = np.where(anonymous & ~returning, len(truth) + np.arange(n_sessions), owner)
    keys = np.where(anonymous, -1, truth["klantnummer"].to_numpy()[owner])
    session = np.repeat(np.arange(n_sessions), depth)
    first = np.repeat(np.cumsum(depth) - depth, depth)
    step = np.arange(len(session)) - first
    start = 1_762_041_600 + rng.integers(0, 91 * 86_400, size=n_sessions)
    gap = rng.exponential(70.0, size=len(session)).astype(np.int64) + 5
    gap[step == 0] = 0
    cumulative = np.cumsum(gap)
    moment = start[session] + cumulative - cumulative[first]
    key = keys[session]
    table = pa.table({
        "klant_id": pa.array(key, mask=key < 0),
        "sessie_id": _ids("S", np.arange(n_sessions)).take(pa.array(session)),
        "tijdstip": pa.array(moment.astype("datetime64[s]")),
        "apparaat": _labels(sg.pick(rng, seg, sg.DEVICE_P)[session], sg.DEVICES),
        "stap": _labels(step, STEPS),
        "bezoeker_id": _ids("V", visitor).take(pa.array(session)),
        "bron": _labels(_pick_source(rng, seg)[session], SOURCES),
    })
    pq.write_table(table.slice(0, events), path, compression="snappy")
    return min(events, int(table.num_rows))


def _labels(codes: np.ndarray, names: tuple[str, ...]) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)),
                                          pa.array(list(names))).dictionary_decode()


def _pick_source(rng: np.random.Generator, seg: np.ndarray) -> np.ndarray:
    from personakit.sample import _segments as sg
    from personakit.sample._web import SOURCE_P

    return sg.pick(rng, seg, SOURCE_P)


def run_funnel(ws_root: str, source: str, out: str) -> None:
    """In a fresh process: time ``funnel_report`` and write the figures and personas."""
    from personakit.journey import funnel_report, session_personas
    from personakit.workspace import Workspace

    ws = Workspace.open(ws_root)
    started = time.perf_counter()
    report = funnel_report(ws, source=source)
    seconds = time.perf_counter() - started
    peak = peak_gib()
    found = session_personas(ws, source=source)
    found.frame[["session", "persona_id"]].to_parquet(Path(out).with_suffix(".parquet"))
    Path(out).write_text(json.dumps({
        "seconds": seconds, "peak_gib": peak, "report": report.model_dump(mode="json")}))


def bench_big(ws_root: Path, events: int, tmp: Path) -> dict[str, Any]:
    from personakit.ingest import import_file
    from personakit.journey import FunnelReport
    from personakit.workspace import Workspace

    path = tmp / "web_big.parquet"
    started = time.perf_counter()
    rows = generate(path, ws_root, events)
    made = time.perf_counter() - started
    ws = Workspace.open(ws_root)
    started = time.perf_counter()
    import_file(ws, path, name="web_big", link="klant_id")
    imported = time.perf_counter() - started
    minimum = ws.config.workspace.min_group_size
    ws.close()
    out = tmp / "funnel.json"
    subprocess.run([sys.executable, __file__, "--run-funnel", str(ws_root), "web_big",
                    str(out)], check=True)
    got = json.loads(out.read_text())
    report = FunnelReport.model_validate(got["report"])
    personas = pd.read_parquet(out.with_suffix(".parquet"))
    started = time.perf_counter()
    events_frame = pd.read_parquet(path, columns=["sessie_id", "tijdstip", "stap"])
    reference = reference_pandas(events_frame, personas, minimum)
    pandas_time = time.perf_counter() - started
    del events_frame
    started = time.perf_counter()
    polars = reference_polars(path, personas, minimum)
    polars_time = time.perf_counter() - started if polars is not None else None
    mine = ours_as_reference(report)
    return {"rows": rows, "generate": made, "import": imported, "seconds": got["seconds"],
            "peak_gib": got["peak_gib"], "sessions": report.sessions,
            "assignment": report.assignment, "pandas_seconds": pandas_time,
            "polars_seconds": polars_time, "pandas_wrong": disagreements(mine, reference),
            "polars_wrong": disagreements(mine, polars), "reference_peak_gib": peak_gib()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--customers", type=int, default=CUSTOMERS)
    parser.add_argument("--run-funnel", nargs=3, metavar=("WS", "SOURCE", "OUT"))
    args = parser.parse_args()
    if args.run_funnel:
        run_funnel(*args.run_funnel)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        print(f"Sample organisation ({args.customers:,} customers), funnel per persona "
              "(goal: < 2 s)")
        got = bench_sample(root, args.customers)
        a = got["assignment"]
        print(f"{'events':>8} {'sessions':>8} {'ours s':>7} {'best s':>7} {'pandas s':>8} "
              f"{'differ':>6} {'peak GiB':>8}")
        print(f"{got['events']:>8,} {got['sessions']:>8,} {got['first']:>7.2f} "
              f"{got['best']:>7.2f} {got['reference_seconds']:>8.2f} {got['wrong']:>6} "
              f"{got['peak_gib']:>8.2f}")
        print(f"sessions by key {a.by_key:,}, by visitor {a.by_visitor:,}, by behaviour "
              f"{a.by_behaviour:,}, unassigned {a.unassigned:,}; behaviour model holdout "
              f"accuracy {a.holdout_accuracy} on {a.holdout_sessions:,} linked sessions "
              f"(largest-persona guess: {a.baseline_accuracy}; above min_posterior "
              f"{a.min_posterior}: {a.assigned_accuracy})")
        print(f"against the hidden truth ({got['anonymous']:,} anonymous sessions; guessing "
              f"the largest segment is right for {got['anonymous_baseline']:.3f}):")
        for how, (accuracy, n) in got["accuracy"].items():
            print(f"  by {how:<9} {n:>6,} sessions, persona right for {accuracy:.3f}")
        print()
        print(f"Generated export, {args.events:,} events (goal: funnel < 30 s)")
        big = bench_big(root, args.events, Path(tmp))
        a = big["assignment"]
        polars = f"{big['polars_seconds']:.1f}" if big["polars_seconds"] is not None else "-"
        print(f"{'events':>11} {'sessions':>10} {'ours s':>7} {'peak GiB':>8} "
              f"{'pandas s':>8} {'polars s':>8} {'differ pd/pl':>12}")
        print(f"{big['rows']:>11,} {big['sessions']:>10,} {big['seconds']:>7.1f} "
              f"{big['peak_gib']:>8.2f} {big['pandas_seconds']:>8.1f} {polars:>8} "
              f"{big['pandas_wrong']:>5}/{big['polars_wrong']:<6}")
        print(f"(set-up: export written in {big['generate']:.1f} s, imported in "
              f"{big['import']:.1f} s. Ours includes reading the snapshot, every bad-input "
              "check (duplicates, order, zones), personas by key, visitor and behaviour "
              f"(holdout accuracy {a.holdout_accuracy}), mixes and intervals; the references "
              "count sessions, steps reached and median times only, given our personas.)")


if __name__ == "__main__":
    main()
