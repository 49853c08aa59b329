"""A small demo workspace for the steering tests: built once, copied per test that writes.

The sample organisation is generated and its personas built (without the demo's own
steering stage), then the club's export six months later is written beside it, once with
the demo's change (``change=1``) and once with natural turnover only (``change=0``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from personakit.ingest import import_file
from personakit.workspace import Workspace

CUSTOMERS = 2000
SEED = 7


def build_steer_template(root: Path) -> Path:
    from personakit.pipeline import run_demo
    from personakit.sample._generate import generate_followup

    run_demo(root, customers=CUSTOMERS, seed=SEED, language="en", formats=(), steer=False)
    generate_followup(root / "sample-data", root / "followup-changed", change=1.0)
    generate_followup(root / "sample-data", root / "followup-same", change=0.0)
    return root


def copy_steer_ws(template: Path, target: Path) -> Workspace:
    shutil.copytree(template, target)
    return Workspace.open(target)


def import_followup(ws: Workspace, kind: str = "changed", *, kpi: bool = True) -> None:
    folder = ws.root / f"followup-{kind}"
    if kpi:
        import_file(ws, folder / "kpi_klanten_2026.csv", name="kpi_klanten", link="klantnummer",
                    kpi=True)
    import_file(ws, folder / "crm_export_2026-07.csv", name="crm", key="klantnummer")


def truth_segments(ws: Workspace) -> pd.Series:
    """Hidden segment per customer key (text) of the sample organisation."""
    frame = pd.read_csv(ws.root / "sample-data" / "_truth" / "segments.csv", sep=";")
    return pd.Series(frame["segment"].to_numpy(), index=frame["klantnummer"].astype(str))


_TEMPLATE: list[Path] = []


def steer_template(factory: object) -> Path:
    """The template, built once per test session (*factory*: pytest's tmp_path_factory)."""
    if not _TEMPLATE:
        _TEMPLATE.append(build_steer_template(factory.mktemp("steer-template") / "ws"))  # type: ignore[attr-defined]
    return _TEMPLATE[0]
