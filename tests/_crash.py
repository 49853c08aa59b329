"""Kill personakit commands with SIGKILL at random moments and check what is left (issue 16).

Shared by tests/test_crash_safety.py (20 kills) and benchmarks/bench_crash.py (100+).
After each kill the workspace is opened (which finishes or undoes the interrupted
transaction), must pass `personakit check`, and must be wholly before or wholly after the
command: the same snapshots, segmentations, persona versions and erased keys as one of the
two, nothing in between.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from personakit.integrity import check_workspace
from personakit.store.tables import persona_builds, segmentations, snapshots
from personakit.workspace import Workspace

COMMANDS = ("import", "segment", "build", "forget")


def build_template(root: Path) -> Path:
    """A small sample organisation with personas, and the club's export six months on."""
    from personakit.pipeline import run_demo
    from personakit.sample._generate import generate_followup

    run_demo(root, customers=600, seed=3, language="en", formats=(), steer=False)
    generate_followup(root / "sample-data", root / "followup", change=1.0)
    return root


def state(ws: Workspace, key: str) -> tuple[object, ...]:
    """What the four commands change: snapshots, segmentations, persona builds, and how
    many snapshots hold *key*."""
    with ws.engine.connect() as con:
        snaps = tuple(sorted(con.execute(select(snapshots.c.id)).scalars()))
        segs = con.execute(select(func.count()).select_from(segmentations)).scalar()
        builds = con.execute(select(func.count()).select_from(persona_builds)).scalar()
    return snaps, segs, builds, holding(ws, key)


def holding(ws: Workspace, key: str) -> int:
    """Snapshots (newest of each source) in which *key* appears."""
    from personakit.ingest import list_sources, load_source

    count = 0
    for source in list_sources(ws):
        frame = load_source(ws, source.name)
        if any(frame[c].astype("string").eq(key).any() for c in frame.columns
               if str(c).lower() in ("klantnummer", "klant_id", "customer", "key")):
            count += 1
    return count


def command(kind: str, ws_root: Path, key: str) -> list[str]:
    base = [sys.executable, "-m", "personakit"]
    if kind == "import":
        return [*base, "import", str(ws_root / "followup" / "crm_export_2026-07.csv"),
                "--name", "crm", "--key", "klantnummer", "-w", str(ws_root), "-q"]
    if kind == "segment":
        return [*base, "segment", "-w", str(ws_root), "-q"]
    if kind == "build":
        return [*base, "build", "-w", str(ws_root), "-q"]
    return [*base, "forget", key, "--yes", "-w", str(ws_root), "-q"]


@dataclass
class Outcome:
    kind: str
    delay: float
    side: str  # "before", "after" or "torn"
    findings: list[str] = field(default_factory=list)


def a_key(ws: Workspace) -> str:
    from personakit.ingest import load_source

    return str(load_source(ws, "crm")["klantnummer"].iloc[5])


def timed_run(template: Path, work: Path, kind: str) -> tuple[float, tuple[object, ...]]:
    """Seconds one unkilled run takes, and the state after it."""
    root = work / f"full-{kind}"
    shutil.copytree(template, root)
    with Workspace.open(root) as ws:
        key = a_key(ws)
    started = time.perf_counter()
    subprocess.run(command(kind, root, key), check=True, capture_output=True)
    took = time.perf_counter() - started
    with Workspace.open(root) as ws:
        after = state(ws, key)
    return took, after


def kill_once(template: Path, work: Path, kind: str, delay: float, after: tuple[object, ...],
              index: int) -> Outcome:
    root = work / f"kill-{kind}-{index}"
    shutil.copytree(template, root)
    with Workspace.open(root) as ws:
        key = a_key(ws)
        before = state(ws, key)
    process = subprocess.Popen(command(kind, root, key), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(delay)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with Workspace.open(root) as ws:  # opening finishes or undoes the transaction
        report = check_workspace(ws)
        now = state(ws, key)
    side = "before" if now == before else "after" if _same_after(now, after) else "torn"
    outcome = Outcome(kind, delay, side, [f"{f.check}:{f.path}" for f in report.findings])
    shutil.rmtree(root, ignore_errors=True)
    return outcome


def _same_after(now: tuple[object, ...], after: tuple[object, ...]) -> bool:
    """Snapshot ids of a rebuilt segmentation are new names for the same kind of change:
    compare counts where ids are random (segmentations), ids where they are content."""
    return now[1:] == after[1:] and len(now[0]) == len(after[0])  # type: ignore[arg-type]


def run_kills(template: Path, work: Path, per_command: int, seed: int = 16,
              say: Callable[[str], None] | None = None) -> list[Outcome]:
    rng = random.Random(seed)
    outcomes = []
    for kind in COMMANDS:
        took, after = timed_run(template, work, kind)
        for index in range(per_command):
            delay = rng.uniform(0.05, took * 1.05)
            outcome = kill_once(template, work, kind, delay, after, index)
            outcomes.append(outcome)
            if say:
                say(f"{kind:<8} kill at {delay:5.2f}s of {took:5.2f}s: {outcome.side}"
                    f"{' ' + ','.join(outcome.findings) if outcome.findings else ''}")
    return outcomes
