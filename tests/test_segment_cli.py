"""The segmentation commands end to end: import, segment, profiles, value, assign, rename,
hypotheses."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.ingest import import_file
from personakit.segment._synthetic import make_mixed_data
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

runner = CliRunner()


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    data = make_mixed_data(900, seed=6)
    frame = data.frame.copy()
    frame.insert(0, "klantnummer", [f"K{i:04d}" for i in range(len(frame))])
    frame.to_csv(root / "klanten.csv", index=False)
    frame.head(20).drop(columns=["cat1"]).to_csv(root / "nieuw.csv", index=False)
    ws = Workspace.init(root / "ws", language="en")
    import_file(ws, root / "klanten.csv", name="crm", key="klantnummer")
    doc = ws.config_document()
    doc["lenses"]["numbers"] = {"variables": ["num1", "num2", "num3", "num4"]}
    doc["target_groups"]["low"] = {"where": "num1 < 45"}
    doc["hypotheses"]["high_num1"] = {"where": "num1 > 50"}
    with ws.transaction() as st:
        st.edit_config().update(doc)
    ws.close()
    result = runner.invoke(app, ["segment", "-w", str(root / "ws"), "--k", "5", "--seed", "1"])
    assert result.exit_code == 0, result.output
    return root


def invoke(ws_path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "-w", str(ws_path / "ws"), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_segment_shows_k_table_and_profiles(ws_path: Path) -> None:
    result = runner.invoke(app, ["profiles", "-w", str(ws_path / "ws")])
    assert result.exit_code == 0, result.output
    assert "Choice of the number of profiles" in result.output
    assert "Stability" in result.output and "people" in result.output
    data = invoke(ws_path, "profiles")
    assert data["k"] == 5 and len(data["profiles"]) == 5 and data["seed"] == 1


def test_lens_target_group_and_side_by_side(ws_path: Path) -> None:
    data = invoke(ws_path, "segment", "--lens", "numbers", "--target-group", "low",
                  "--name", "numbers", "--k", "3")
    assert data["lens"] == ["num1", "num2", "num3", "num4"] and data["target"] == "num1 < 45"
    names = {s["name"] for s in invoke(ws_path, "profiles", "--all")}
    assert names == {"default", "numbers"}
    other = invoke(ws_path, "segment", "--vars", "cat1,cat2,kanalen", "--name", "cats",
                   "--k", "3")
    assert other["lens"] == ["cat1", "cat2", "kanalen"]


def test_value_writes_chart(ws_path: Path) -> None:
    data = invoke(ws_path, "value", "--by", "omzet")
    assert 0 < data["core_share"] < 0.8
    chart = Path(data["chart"])
    assert chart.is_file() and chart.read_text(encoding="utf-8").startswith("<svg")
    text = runner.invoke(app, ["value", "--by", "omzet", "-w", str(ws_path / "ws")]).output
    assert "bring 80%" in text and "\u2588" in text


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_assign_file(ws_path: Path, suffix: str) -> None:
    out = ws_path / f"assigned{suffix}"
    summary = invoke(ws_path, "assign", str(ws_path / "nieuw.csv"), "--out", str(out))
    assert summary["rows"] == 20
    frame = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert list(frame.columns[:5]) == ["key", "profile_id", "profile_name", "confidence",
                                       "reasons"]
    assert frame["key"].iloc[0] == "K0000"


def test_assign_source_matches_training(ws_path: Path) -> None:
    out = ws_path / "all.csv"
    invoke(ws_path, "assign", "--source", "crm", "--out", str(out), "-s", "default")
    from personakit.segment import get_segmentation, profile_members

    with Workspace.open(ws_path / "ws") as ws:
        seg = get_segmentation(ws, "default")
        members = profile_members(ws, seg.id)
    assigned = pd.read_csv(out, dtype={"key": str}).fillna({"profile_id": ""})
    fits = ~members["fits_none"]
    assert (assigned["profile_id"][fits].to_numpy()
            == members["profile_id"][fits].to_numpy()).all()


def test_rename_and_hypotheses(ws_path: Path) -> None:
    seg = invoke(ws_path, "profiles", "default")
    pid = seg["profiles"][0]["id"]
    renamed = invoke(ws_path, "rename", pid, "Trouwe leden", "--in", "nl")
    assert renamed["name"]["nl"] == "Trouwe leden"
    report = invoke(ws_path, "hypotheses", "--segmentation", "default")
    assert report["rules"][0]["name"] == "high_num1" and 0 < report["rules"][0]["coverage"] < 1
    text = runner.invoke(app, ["hypotheses", "-s", "default", "-w", str(ws_path / "ws"),
                                "--lang", "nl"]).output
    assert "Hypothesen getoetst" in text and "ARI" in text
    shown = invoke(ws_path, "profiles", "default", "--lang", "nl")
    assert shown["profiles"][0]["name"]["nl"] == "Trouwe leden"


@pytest.mark.parametrize(("args", "needle"), [
    (["segment", "--target", "leeftijd > 3"], "Columns you can use"),
    (["segment", "--target", "num1 > 1e9"], "selects nobody"),
    (["segment", "--vars", "klantnummer"], "no usable variable"),
    (["segment", "--k", "zero"], "--k must be"),
    (["segment", "--lens", "nope"], "No lens"),
    (["assign", "--out", "x.txt", "--source", "crm"], ".csv, .parquet"),
])
def test_bad_input_is_a_clear_message_and_writes_nothing(ws_path: Path, args: list[str],
                                                          needle: str) -> None:
    before = tree_fingerprint(ws_path / "ws")
    result = runner.invoke(app, [*args, "-w", str(ws_path / "ws")])
    assert result.exit_code == 1
    assert needle in result.output
    assert tree_fingerprint(ws_path / "ws") == before
