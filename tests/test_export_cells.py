"""Exports cannot attack their reader: no CSV cell is a spreadsheet formula (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from personakit._cells import FORMULA_STARTS, safe_cell, safe_frame


@pytest.mark.parametrize(("value", "shown"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+31 6 1234", "'+31 6 1234"),
    ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Probleemloze zelfregelaars", "Probleemloze zelfregelaars"), ("", ""), ("'=a", "'=a"),
])
def test_safe_cell(value: str, shown: str) -> None:
    assert safe_cell(value) == shown


def test_safe_frame_leaves_numbers_alone() -> None:
    frame = pd.DataFrame({"key": [1, -2], "name": ["=cmd|' /C calc'!A0", "ok"],
                          "confidence": [0.5, -0.1]})
    safe = safe_frame(frame)
    assert safe["key"].tolist() == [1, -2] and safe["confidence"].tolist() == [0.5, -0.1]
    assert safe["name"].tolist() == ["'=cmd|' /C calc'!A0", "ok"]


def test_assign_to_csv_writes_no_formula(tmp_path: Path) -> None:
    """A record whose key is a formula (an attacker's export) comes out as text."""
    from personakit.pipeline import run_demo
    from personakit.segment._io import assign_to_file
    from personakit.workspace import Workspace

    run_demo(tmp_path / "ws", customers=400, seed=2, language="en", formats=(), steer=False)
    with Workspace.open(tmp_path / "ws") as ws:
        records = pd.DataFrame({"klantnummer": ["=HYPERLINK(\"http://evil\")", "@x"],
                                "leeftijd": [30, 70]})
        records.to_csv(tmp_path / "in.csv", index=False)
        assign_to_file(ws, tmp_path / "in.csv", tmp_path / "out.csv")
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    for column in out.columns:
        assert not out[column].str.startswith(FORMULA_STARTS).any(), column
