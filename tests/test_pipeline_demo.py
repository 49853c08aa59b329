"""The whole job end to end, as `make demo` runs it (on a smaller sample organisation)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from personakit.cli import app
from personakit.pipeline import run_demo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "ws"
    result = CliRunner().invoke(
        app, ["demo", str(root), "--customers", "3000", "--formats", "html,json", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["personas"] >= 3
    assert Path(data["reports"]["html"]).is_file()
    return root


def test_demo_writes_reports_with_every_persona(demo: Path) -> None:
    payload = json.loads((demo / "reports" / "personas-nl.json").read_text(encoding="utf-8"))
    names = [p["name"] for p in payload["personas"]]
    html = (demo / "reports" / "personas-nl.html").read_text(encoding="utf-8")
    assert names and all(name in html for name in names)
    for persona in payload["personas"]:
        backed = [s for s in persona["statements"] if s["evidence"]]
        assert len(backed) >= 5, persona["name"]


def test_second_run_reuses_sample_and_imports(demo: Path) -> None:
    result = run_demo(demo, customers=3000, formats=("json",))
    assert result.imported == []
    assert set(result.unchanged) >= {"crm", "enquete"}


def test_demo_prints_where_the_report_is_and_what_next(demo: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo", str(demo), "--customers", "3000", "--formats", "html", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "personas-en.html" in result.output
    assert "file://" in result.output
    assert "personakit serve" in result.output
    assert re.search(r"\d+ themes in the interviews, reviews, chats and open answers",
                     result.output), result.output
