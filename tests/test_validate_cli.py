"""``personakit validate``: rounds, links, results, comments applied, data checks, closing —
end to end on the sample organisation, and bad input refused without a trace."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.pipeline import run_demo
from personakit.validate import LinkError, submit_answers
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint

runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that Rich tables do not wrap


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("validate") / "demo"
    run_demo(root, customers=800, seed=7, language="en", formats=(), steer=False)
    return root


@pytest.fixture
def ws(demo: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace: each test changes its own."""
    return Path(shutil.copytree(demo, tmp_path / "ws"))


def invoke(ws: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "-w", str(ws)])
    assert result.exit_code == code, result.output
    return result.output


def as_json(ws: Path, *args: str) -> Any:
    result = runner.invoke(app, [*args, "-w", str(ws), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def start(ws: Path, *args: str) -> str:
    return str(as_json(ws, "validate", "start", *args)["id"])


def test_a_round_from_start_to_close(ws: Path) -> None:
    found = as_json(ws, "validate", "start", "--persona", "default-0", "--persona", "default-1",
                    "--title", "Call centre", "--audience", "mixed", "--days", "7",
                    "--per-link", "2")
    assert [p["id"] for p in found["personas"]] == ["default-0", "default-1"]
    assert (found["title"], found["audience"], found["max_answers_per_link"]) == (
        "Call centre", "mixed", 2)
    round_id = found["id"]

    made = as_json(ws, "validate", "links", round_id, "--count", "3", "--role", "supplier",
                   "--base-url", "https://personas.example.org/")
    assert len(made["links"]) == 3
    for link in made["links"]:
        assert link["url"] == "https://personas.example.org/r/" + link["token"]
        assert link["path"] == "/r/" + link["token"] and link["role"] == "supplier"
        assert link["max_answers"] == 2

    assert as_json(ws, "validate", "simulate", round_id, "--respondents", "12", "--seed",
                   "5")["submissions"] == 12
    listed = as_json(ws, "validate", "list")
    assert [(r["id"], r["links"], r["submissions"]) for r in listed] == [(round_id, 15, 12)]
    assert "Call centre" in invoke(ws, "validate", "list")

    results = as_json(ws, "validate", "results", round_id)
    assert [p["responses"] for p in results["personas"]] == [12, 12]
    recognise = results["personas"][0]["scores"][0]
    assert recognise["measures"] == "recognise" and recognise["n"] == 12
    assert recognise["ci_low"] < recognise["mean"] < recognise["ci_high"]
    assert sum(results["personas"][0]["choices"]["in_database"].values()) == 12
    comment = results["personas"][0]["comments"][0]["comments"][0]
    text = invoke(ws, "validate", "results", round_id)
    assert "Recognised" in text and "Credibility" in text and "Top two" in text
    assert f"#{comment['answer_id']} " in text and "validate apply" in text

    applied = as_json(ws, "validate", "apply", round_id, str(comment["answer_id"]),
                      comment["question"], "--as", "assumption")
    assert applied["kind"] == "assumption" and applied["revision"] == 2
    assert applied["statement_id"].startswith("validation:")
    after = runner.invoke(app, ["validate", "results", round_id, "-w", str(ws), "--json"])
    assert json.loads(after.stdout)["applied"][0]["answer_id"] == comment["answer_id"]
    assert "applied as assumption" in invoke(ws, "validate", "results", round_id)

    closed = as_json(ws, "validate", "close", round_id)
    assert closed["status"] == "closed" and closed["submissions"] == 12
    assert as_json(ws, "validate", "results", round_id)["status"] == "closed"
    assert "closed" in invoke(ws, "validate", "list")


def test_printed_links_take_one_answer_each(ws: Path) -> None:
    round_id = start(ws, "--persona", "default-0")
    printed = invoke(ws, "validate", "links", round_id, "--count", "2", "--quiet")
    urls = printed.split()
    assert len(urls) == 2 and all(u.startswith("http://127.0.0.1:8000/r/") for u in urls)
    token = urls[0].rsplit("/", 1)[1]
    with Workspace.open(ws) as opened:
        submit_answers(opened, token, {"default-0": {"recognise": 4}}, lang="en")
        with pytest.raises(LinkError) as used:
            submit_answers(opened, token, {"default-0": {"recognise": 5}}, lang="en")
    assert used.value.reason == "used"
    shown = invoke(ws, "validate", "links", round_id)
    assert "shown only now" in shown and "/r/" in shown


def test_links_on_a_closed_round_are_refused(ws: Path) -> None:
    round_id = start(ws)
    invoke(ws, "validate", "close", round_id)
    before = tree_fingerprint(ws)
    output = invoke(ws, "validate", "links", round_id, "--count", "2", code=1)
    assert round_id in output and "closed or expired" in output
    assert "already closed" in invoke(ws, "validate", "close", round_id, code=1)
    assert tree_fingerprint(ws) == before


@pytest.mark.parametrize(("args", "named"), [
    (["validate", "results", "nosuchround"], "nosuchround"),
    (["validate", "links", "nosuchround"], "nosuchround"),
    (["validate", "close", "nosuchround"], "nosuchround"),
    (["validate", "simulate", "nosuchround"], "nosuchround"),
    (["validate", "apply", "nosuchround", "1", "missing"], "nosuchround"),
    (["validate", "start", "--persona", "nobody"], "nobody"),
    (["validate", "start", "--version", "99"], "99"),
    (["validate", "start", "--audience", "press"], "press"),
    (["validate", "start", "--days", "400"], "400"),
], ids=lambda v: "-".join(v) if isinstance(v, list) else v)
def test_bad_input_is_named_and_changes_nothing(ws: Path, args: list[str], named: str) -> None:
    before = tree_fingerprint(ws)
    output = invoke(ws, *args, code=1)
    assert "Error" in output and named in output
    assert tree_fingerprint(ws) == before


def test_bad_comment_references_are_named(ws: Path) -> None:
    round_id = start(ws, "--persona", "default-0")
    as_json(ws, "validate", "simulate", round_id, "--respondents", "3")
    before = tree_fingerprint(ws)
    assert "recognise" in invoke(ws, "validate", "apply", round_id, "1", "recognise", code=1)
    assert "999999" in invoke(ws, "validate", "apply", round_id, "999999", "missing", code=1)
    output = invoke(ws, "validate", "apply", round_id, "1", "missing", "--as", "rumour", code=1)
    assert "rumour" in output
    assert "-1" in invoke(ws, "validate", "simulate", round_id, "-n", "-1", code=1)
    assert tree_fingerprint(ws) == before


def test_errors_are_json_for_scripts(ws: Path) -> None:
    result = runner.invoke(app, ["validate", "results", "nosuchround", "-w", str(ws), "--json"])
    assert result.exit_code == 1
    error = json.loads(result.stdout)
    assert error["error"] == "validate.error.unknown_round" and error["round"] == "nosuchround"


def test_data_checks_beside_the_newest_round(ws: Path) -> None:
    alone = as_json(ws, "validate", "checks", "--no-holdout")
    assert alone["round"] is None and alone["holdout"] is None and alone["build_id"] == 1
    prevalence = [p["prevalence"] for p in alone["personas"]]
    assert len(prevalence) == 5 and all(0 < p < 1 for p in prevalence)
    assert "No validation round on version 1" in invoke(ws, "validate", "checks",
                                                         "--no-holdout")
    round_id = start(ws)
    as_json(ws, "validate", "simulate", round_id, "--respondents", "9")
    checks = as_json(ws, "validate", "checks")
    assert checks["round"]["round_id"] == round_id and checks["holdout"]["holdout"] > 0
    text = invoke(ws, "validate", "checks", "--no-holdout")
    assert round_id in text and "Prevalence" in text and "Recognised" in text


def test_results_in_dutch(ws: Path) -> None:
    round_id = start(ws, "--persona", "default-1")
    as_json(ws, "validate", "simulate", round_id, "--respondents", "6", "--seed", "2")
    text = invoke(ws, "validate", "results", round_id, "--lang", "nl")
    assert "reacties" in text and "Herkend" in text and "Geloofwaardigheid" in text
