"""``personakit journey`` on the sample organisation: the funnel and where to act (with the
real funnel engine), show, define, history and export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from personakit.cli import app
from personakit.journey._act import difference_interval
from personakit.track import current_personas
from personakit.workspace import Workspace

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from personakit.pipeline import run_demo

    root = tmp_path_factory.mktemp("journey-cli") / "ws"
    run_demo(root, customers=1500, seed=7, language="en", formats=(), steer=False)
    return root


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240"})  # tables unwrapped
    return result.exit_code, result.output


def test_funnel_and_where_to_act_from_the_real_funnel(demo: Path) -> None:
    code, output = _run("journey", "--json", "-w", str(demo))
    assert code == 0, output
    data = json.loads(output)
    report, actions = data["report"], data["actions"]
    funnels = [f for f in report["personas"] if f["persona_id"] not in ("*", "?")]
    with Workspace.open(demo) as ws:
        assert {f["persona_id"] for f in funnels} <= {p.id for p in current_personas(ws)}
    assert report["sessions"] > 0 and len(funnels) >= 3
    minimum = report["min_group_size"]
    for action in actions:  # every action point is a significant gap, recomputed here
        mine = next(f for f in funnels if f["persona_id"] == action["persona_id"])
        steps = [s["touchpoint"] for s in mine["steps"]]
        i = steps.index(action["to_touchpoint"])
        assert steps[i - 1] == action["from_touchpoint"]
        n1, x1 = mine["steps"][i - 1]["reached"], mine["steps"][i]["reached"]
        rest = [f for f in funnels if f is not mine]
        n2 = sum(f["steps"][i - 1]["reached"] for f in rest)
        x2 = sum(f["steps"][i]["reached"] for f in rest)
        gap, low, high = difference_interval(x1, n1, x2, n2)
        assert n1 >= minimum and n2 >= minimum
        assert action["gap"] == pytest.approx(gap) and action["gap_high"] == pytest.approx(high)
        assert high < 0 and action["sessions_lost"] == round(n1 * -gap)
        assert action["action"]["nl"] and action["action"]["en"]
    lost = [a["sessions_lost"] for a in actions]
    assert lost == sorted(lost, reverse=True)
    assert [a["rank"] for a in actions] == list(range(1, len(actions) + 1))


def test_funnel_table_for_people(demo: Path) -> None:
    code, output = _run("journey", "funnel", "-w", str(demo))
    assert code == 0, output
    assert "Funnel per persona" in output and "Entry points" in output
    assert "Where to act" in output
    code, dutch = _run("journey", "--lang", "nl", "-w", str(demo))
    assert code == 0 and "Waar ingrijpen" in dutch and "Iedereen" in dutch


def test_show_define_and_history(demo: Path, tmp_path: Path) -> None:
    code, text = _run("journey", "show", "--as", "yaml", "-w", str(demo))
    assert code == 0, text
    document = yaml.safe_load(text)
    [(name, spec)] = document["journeys"].items()
    spec["label_en"] = "Joining the club online"
    spec["personas"] = {"default-0": {spec["touchpoints"][0]["id"]: {
        "expectation_en": "Sees the membership at once", "evidence": "Six interviews"}}}
    path = tmp_path / "web.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    code, output = _run("journey", "define", str(path), "--author", "anna", "--json",
                        "-w", str(demo))
    assert code == 0, output
    assert json.loads(output) == [{"journey": name, "revision": 1, "author": "anna",
                                   "touchpoints": len(spec["touchpoints"])}]
    spec["label_en"] = "Joining online"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    assert _run("journey", "define", str(path), "-w", str(demo))[0] == 0
    code, output = _run("journey", "history", name, "-w", str(demo))
    assert code == 0 and "anna" in output and "name or source changed" in output
    code, output = _run("journey", "history", name, "--json", "-w", str(demo))
    assert [r["revision"] for r in json.loads(output)] == [1, 2]
    code, output = _run("journey", "show", name, "-w", str(demo))
    assert code == 0 and "Sees the membership at once" in output
    assert "written by anna" in output


def test_a_bad_file_is_named_and_nothing_saved(demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("journeys:\n  web:\n    stages: [{id: a}]\n    touchpoints:\n"
                    "      - {id: home, stage: b}\n", encoding="utf-8")
    code, output = _run("journey", "define", str(path), "-w", str(demo))
    assert code == 1
    assert "line 5" in output and "touchpoints[0].stage" in output
    code, output = _run("journey", "define", str(path), "--json", "-w", str(demo))
    assert code == 1 and json.loads(output)["error"] == "journey.define.error.invalid_at"
    code, output = _run("journey", "history", "web", "-w", str(demo))
    assert code == 1 and "No saved journey web" in output


def test_export_csv_and_json(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "approach.csv"
    code, output = _run("journey", "export", "--format", "csv", "--out", str(out),
                        "-w", str(demo))
    assert code == 0, output
    with Workspace.open(demo) as ws:
        personas = current_personas(ws)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["persona_id"] for r in rows] == [p.id for p in personas]
    assert all(r["channel_nl"] and r["channel_en"] and r["entry_point"] for r in rows)
    code, output = _run("journey", "export", "--out", str(tmp_path / "a.json"), "--json",
                        "-w", str(demo))
    assert code == 0 and json.loads(output)["format"] == "json"
    code, output = _run("journey", "export", "--out", str(tmp_path / "a.pdf"), "-w", str(demo))
    assert code == 1 and "choose json or csv" in output


def test_show_refuses_an_unknown_form(demo: Path) -> None:
    code, output = _run("journey", "show", "--as", "xml", "-w", str(demo))
    assert code == 1 and "table, yaml or toml" in output
