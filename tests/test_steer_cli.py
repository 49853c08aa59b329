"""``personakit drift``, ``kpi``, ``pdca``, ``lint`` and the drift warning of ``import``:
end to end on the sample organisation and its export six months later."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.errors import InputError
from personakit.pipeline import run_demo
from personakit.sample._generate import generate_followup
from personakit.steer import parse_target
from tests.conftest import tree_fingerprint

runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that Rich tables do not wrap
# How `drift show` explains each reason for "out of date", figure against threshold.
REASON_LINES = {"psi": "major shift (PSI at least 0.25)", "shares": "profile shares moved (p",
                "traits": "key traits moved (effect at least 0.20)",
                "reassignment": "keep their profile (minimum 80%)"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample organisation's personas, and its export six months on beside them."""
    base = tmp_path_factory.mktemp("steer")
    root = base / "demo"
    run_demo(root, customers=800, seed=7, language="en", formats=(), steer=False)
    generate_followup(root / "sample-data", base / "followup", change=1.0)
    return root


def followup(demo: Path, name: str) -> str:
    found = sorted((demo.parent / "followup").glob(f"{name}*.csv"))
    assert len(found) == 1, found
    return str(found[0])


@pytest.fixture(scope="module")
def imported(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The demo after importing the new CRM export and the KPI file (through the CLI)."""
    root = Path(shutil.copytree(demo, tmp_path_factory.mktemp("imported") / "ws"))
    crm = as_json(root, "import", followup(demo, "crm_export"), "--name", "crm",
                  "--key", "klantnummer")
    kpi = as_json(root, "import", followup(demo, "kpi_klanten"), "--name", "kpi_klanten",
                  "--link", "klantnummer", "--kpi")
    return root, {"crm": crm, "kpi": kpi}


@pytest.fixture
def ws(imported: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    """A private copy of the imported workspace: each test changes its own."""
    return Path(shutil.copytree(imported[0], tmp_path / "ws"))


def invoke(ws: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "-w", str(ws)])
    assert result.exit_code == code, result.output
    return result.output


def as_json(ws: Path, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "-w", str(ws), "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def settings(ws: Path, text: str) -> None:
    with (ws / "personakit.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n" + text + "\n")


# -- import and drift ---------------------------------------------------------------------

def test_import_of_a_changed_export_warns_persona_out_of_date(demo: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(demo, tmp_path / "ws"))
    assert "out of date" not in invoke(root, "sources")
    output = invoke(root, "import", followup(demo, "crm_export"), "--name", "crm",
                    "--key", "klantnummer")
    assert "Persona out of date: " in output and "run `personakit drift show 1`" in output
    assert "Persona out of date" in invoke(root, "sources")
    again = invoke(root, "import", followup(demo, "crm_export"), "--name", "crm")
    assert "out of date" not in again  # the same file again: nothing new to check


def test_import_json_carries_the_drift_verdict(imported: tuple[Path, dict[str, Any]]) -> None:
    root, done = imported
    drift = done["crm"]["drift"]
    assert drift["out_of_date"] is True and drift["check"] == 1 and drift["build_id"] == 1
    assert drift["reasons"] and set(drift["reasons"]) <= set(REASON_LINES)
    assert done["kpi"]["drift"] is None  # KPI sources are never segmented on
    assert "kpi = true" in (root / "personakit.toml").read_text(encoding="utf-8")


def test_drift_check_show_and_list(ws: Path) -> None:
    report = as_json(ws, "drift", "check", "crm")
    assert report["out_of_date"] is True and report["id"] == 2
    assert {v["grade"] for v in report["variables"]} <= {"stable", "moderate", "major"}
    assert len(report["profiles"]) == 5 and report["agreement"] > 0.5
    text = invoke(ws, "drift", "show", "2")
    assert "PERSONA OUT OF DATE" in text
    assert all(REASON_LINES[reason] in text for reason in report["reasons"])
    assert "Population stability index" in text and "Share test" in text
    assert "personakit drift rebuild 2" in text and "drift review 2 accept" in text
    assert "more variables stable" in text and "more variables" not in invoke(
        ws, "drift", "show", "2", "--all")
    assert [c["id"] for c in as_json(ws, "drift", "list")] == [2, 1]
    assert "out of date" in invoke(ws, "drift", "list")


def test_fail_on_drift_exit_codes(ws: Path, demo: Path, tmp_path: Path) -> None:
    invoke(ws, "drift", "check")  # a warning is not an error
    as_json(ws, "drift", "check", "--fail-on-drift", code=3)
    assert "PERSONA OUT OF DATE" in invoke(ws, "drift", "check", "--fail-on-drift", code=3)
    untouched = Path(shutil.copytree(demo, tmp_path / "untouched"))
    same = invoke(untouched, "drift", "check", "--fail-on-drift")
    assert "up to date" in same and "compared with itself" in same


def test_rebuild_then_review_once(ws: Path) -> None:
    rebuilt = as_json(ws, "drift", "rebuild", "1")
    assert rebuilt == {**rebuilt, "check": 1, "judged_build": 1, "candidate_build": 2}
    assert sum(rebuilt["personas"].values()) >= 5
    assert "maybe" in invoke(ws, "drift", "review", "1", "maybe", code=1)
    accepted = as_json(ws, "drift", "review", "1", "accept")
    assert accepted["current_build"] == 2 and accepted["decision"] == "accept"
    assert "out of date" not in invoke(ws, "sources")
    before = tree_fingerprint(ws)
    output = invoke(ws, "drift", "review", "1", "keep", code=1)
    assert "already has a decision (accept)" in output
    assert "already has a decision" in invoke(ws, "drift", "rebuild", "1", code=1)
    assert tree_fingerprint(ws) == before
    assert "accepted version 2" in invoke(ws, "drift", "list")


def test_keep_the_current_personas(ws: Path) -> None:
    output = invoke(ws, "drift", "review", "1", "keep")
    assert "kept the personas of version 1" in output


@pytest.mark.parametrize(("args", "named"), [
    (["drift", "show", "42"], "42"),
    (["drift", "rebuild", "42"], "42"),
    (["drift", "review", "42", "accept"], "42"),
    (["drift", "check", "nosuchsource"], "nosuchsource"),
    (["drift", "review", "1", "accept"], "rebuild 1"),  # nothing rebuilt to accept yet
])
def test_drift_bad_input_changes_nothing(ws: Path, args: list[str], named: str) -> None:
    before = tree_fingerprint(ws)
    output = invoke(ws, *args, code=1)
    assert "Error" in output and named in output
    assert tree_fingerprint(ws) == before


# -- KPIs ---------------------------------------------------------------------------------

def test_kpi_tables_per_persona(ws: Path) -> None:
    trends = as_json(ws, "kpi")
    assert trends["source"] == "kpi_klanten" and trends["period_column"] == "maand"
    assert {k["name"]: k["kind"] for k in trends["kpis"]} == {
        "tevredenheid": "mean", "nps": "nps", "omzet": "mean", "opgezegd": "rate",
        "conversie": "rate"}
    assert len(trends["periods"]) == 6
    text = invoke(ws, "kpi", "--kpi-column", "opgezegd", "--kpi-column", "nps")
    assert "share of customers, %" in text and "NPS, points" in text and "Everyone" in text
    assert "%" in text.split("NPS, points")[0].split("share of customers")[1]
    assert "satisfaction" not in text
    quarters = as_json(ws, "kpi", "--every", "quarter", "--kpi-column", "tevredenheid")
    assert quarters["periods"] == ["2026Q1", "2026Q2", "2026Q3"]
    wide = invoke(ws, "kpi", "--kpi-column", "tevredenheid", "--intervals")
    assert "(" in wide.split("Everyone")[1] and "–" in wide.split("Everyone")[1]


def test_kpi_cells_below_the_minimum_group_size_are_dashes(ws: Path) -> None:
    text = (ws / "personakit.toml").read_text(encoding="utf-8")
    (ws / "personakit.toml").write_text(text.replace("min_group_size = 10",
                                                     "min_group_size = 60"), encoding="utf-8")
    trends = as_json(ws, "kpi", "--kpi-column", "tevredenheid")
    hidden = [p for s in trends["series"] for p in s["points"] if p["value"] is None]
    assert hidden and all(p["n"] < 60 for p in hidden)
    output = invoke(ws, "kpi", "--kpi-column", "tevredenheid")
    assert "fewer than 60 customers" in output and "minimum group size" in output


@pytest.mark.parametrize(("args", "named"), [
    (["kpi", "--kpi-column", "happiness"], "happiness"),
    (["kpi", "--every", "fortnight"], "fortnight"),
    (["kpi", "--source", "nosuchsource"], "nosuchsource"),
    (["kpi", "--period", "nosuchcolumn"], "nosuchcolumn"),
])
def test_kpi_bad_input_is_named(ws: Path, args: list[str], named: str) -> None:
    assert named in invoke(ws, *args, code=1)


# -- plan-do-check-act --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("8", (8.0, False)), ("7,5", (7.5, False)), ("7.5", (7.5, False)), ("2%", (0.02, True)),
    (" 2,5 % ", (0.025, True)), ("-10", (-10.0, False)),
])
def test_targets_as_people_write_them(text: str, expected: tuple[float, bool]) -> None:
    value, percent = parse_target(text)
    assert value == pytest.approx(expected[0]) and percent is expected[1]


@pytest.mark.parametrize("text", ["abc", "", "%", "nan", "inf", "1.234,5"])
def test_targets_that_are_not_numbers(text: str) -> None:
    with pytest.raises(InputError):
        parse_target(text)


def test_pdca_cycle(ws: Path) -> None:
    planned = as_json(ws, "pdca", "plan", "default-2", "opgezegd", "--target", "2%",
                      "--action", "Personal call before renewal", "--start", "2026-03")
    assert planned["target"] == pytest.approx(0.02) and planned["start_period"] == "2026-03"
    action = str(planned["id"])
    before = tree_fingerprint(ws)
    output = invoke(ws, "pdca", "check", action, code=1)
    assert "has not been done yet" in output and f"pdca done {action}" in output
    assert tree_fingerprint(ws) == before

    done = as_json(ws, "pdca", "done", action, "--period", "2026-05", "--note", "All teams")
    assert done["done_period"] == "2026-05" and done["note"] == "All teams"
    checked = as_json(ws, "pdca", "check", action)["check"]
    assert checked["kind"] == "rate" and checked["higher_is_better"] is False
    assert checked["periods_after"] == ["2026-05", "2026-06", "2026-07"]
    assert checked["verdict"] in {"improved", "worse", "no_change", "too_few"}
    assert checked["persona"]["after_n"] > 0 and checked["rest"]["after_n"] > 0
    text = invoke(ws, "pdca", "check", action)
    assert "Verdict:" in text and "Other personas (context, not part of the verdict)" in text
    assert "lower is better" in text and "target 2.0%" in text and " pp" in text

    as_json(ws, "pdca", "act", action, "Keep: make it standard")
    listed = as_json(ws, "pdca", "list", "--persona", "default-2")
    assert [(a["id"], a["status"], a["note"]) for a in listed] == [
        (int(action), "checked", "Keep: make it standard")]
    assert as_json(ws, "pdca", "list", "--persona", "default-0") == []
    assert "Personal call before renewal" in invoke(ws, "pdca", "list")


@pytest.mark.parametrize(("args", "named"), [
    (["default-2", "tevredenheid", "--target", "abc"], "'abc' is not a number"),
    (["default-2", "tevredenheid", "--target", "8%"], "not a rate"),
    (["default-2", "opgezegd", "--target", "2"], "percentage such as 2%"),
    (["nobody", "tevredenheid", "--target", "8"], "nobody"),
    (["default-2", "happiness", "--target", "8"], "happiness"),
    (["default-2", "tevredenheid", "--target", "8", "--start", "someday"], "someday"),
])
def test_pdca_plan_bad_input_changes_nothing(ws: Path, args: list[str], named: str) -> None:
    before = tree_fingerprint(ws)
    output = invoke(ws, "pdca", "plan", *args, "--action", "Call back sooner", code=1)
    assert "Error" in output and named in output
    assert tree_fingerprint(ws) == before


def test_pdca_unknown_action(ws: Path) -> None:
    for command in (["done", "7"], ["check", "7"], ["act", "7", "note"]):
        assert "No action 7" in invoke(ws, "pdca", *command, code=1)


# -- lint ---------------------------------------------------------------------------------

def test_lint_five_rules_and_strict_exit_code(ws: Path) -> None:
    report = as_json(ws, "lint")
    assert [f["rule"] for f in report["findings"]] == [
        "stale", "assumptions", "too_general", "too_demographic", "one_for_all"]
    assert report["flagged"] == [f["rule"] for f in report["findings"] if f["flagged"]]
    invoke(ws, "lint", "--strict", code=4 if report["flagged"] else 0)
    settings(ws, "[settings.steer]\nmax_demographic_share = 0.01")
    flagged = as_json(ws, "lint", code=0)["flagged"]
    assert "too_demographic" in flagged
    text = invoke(ws, "lint", "--strict", code=4)
    assert "Too much demographics" in text and "flagged" in text and "at most 1%" in text
    assert "Add behaviour, needs and motives" in text
    dutch = invoke(ws, "lint", "--lang", "nl")
    assert "Te veel demografie" in dutch and "gemeld" in dutch


def test_lint_of_an_unknown_version(ws: Path) -> None:
    assert "99" in invoke(ws, "lint", "--version", "99", code=1)
