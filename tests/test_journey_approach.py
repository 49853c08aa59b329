"""The approach per persona back into operations: its content and the JSON and CSV
exports (formula injection neutralised)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personakit._cells import FORMULA_STARTS, safe_cell
from personakit.errors import InputError
from personakit.journey import Approach, approaches, approaches_csv, export_approaches
from personakit.journey._approach import csv_columns
from personakit.workspace import Workspace
from tests._journeyfix import funnel, journey, record_personas, report
from tests.conftest import tree_fingerprint


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    record_personas(workspace)
    return workspace


def _report():  # type: ignore[no-untyped-def]
    return report([
        funnel("p-ingrid", "Ingrid Smit", [400, 300, 200, 70, 60],
               entry={"advertentie": 250, "direct": 150}),
        funnel("p-ruud", "Ruud Bakker", [500, 380, 240, 168, 140], entry={"organisch": 500}),
        funnel("p-mo", "Mo El Amrani", [600, 450, 300, 210, 180], entry={"direct": 600}),
    ])


def test_approach_per_persona(ws: Workspace) -> None:
    found = {a.persona_id: a for a in approaches(ws, journey(), _report())}
    assert list(found) == ["p-ingrid", "p-ruud", "p-mo"]
    ingrid = found["p-ingrid"]
    assert ingrid.entry_point == "advertentie" and ingrid.touchpoint == "afrekenen"
    assert ingrid.channel["en"] == "By phone or in person"
    assert ingrid.tone["nl"] == "Patient and personal (nl)"
    assert ingrid.barrier["en"] == "Uses the app less than others."
    assert ingrid.action["nl"].startswith("Vereenvoudig het afrekenen")
    assert ingrid.cta["nl"].startswith("Liever bellen?")
    mo = found["p-mo"]  # no significant drop-off: no action, the canvas's approach
    assert mo.action == {} and mo.touchpoint is None and mo.message == {}
    assert mo.barrier["en"] == "none found" and mo.entry_point == "direct"


def test_a_persons_entry_comes_before_the_draft(ws: Workspace) -> None:
    from personakit.journey import PersonaTouchpoint

    mine = journey().model_copy(update={"personas": {"p-ingrid": {"afrekenen": (
        PersonaTouchpoint(message={"en": "We call you back"}, cta={"en": "Call me"},
                          author="anna"))}}})
    ingrid = approaches(ws, mine, _report())[0]
    assert ingrid.message == {"en": "We call you back"} and ingrid.cta == {"en": "Call me"}


def test_csv_export_has_both_languages_per_field(ws: Workspace, tmp_path: Path) -> None:
    out = export_approaches(ws, tmp_path / "approach.csv", journey=journey(),
                            report=_report())
    text = out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == csv_columns()
    assert rows[0]["persona_id"] == "p-ingrid" and rows[0]["entry_point"] == "advertentie"
    assert rows[0]["action_nl"].startswith("Vereenvoudig")
    assert rows[0]["channel_en"] == "By phone or in person"
    assert out.read_bytes().count(b"\r\n") == 4  # header and three personas (RFC 4180)


def test_json_export(ws: Workspace, tmp_path: Path) -> None:
    out = export_approaches(ws, tmp_path / "approach.json", journey=journey(),
                            report=_report())
    payload = json.loads(out.read_text(encoding="utf-8"))
    items = [Approach.model_validate(a) for a in payload["approaches"]]
    assert items == approaches(ws, journey(), _report())


def test_export_into_the_workspace_goes_through_a_transaction(ws: Workspace) -> None:
    out = export_approaches(ws, ws.root / "exports" / "a.json", journey=journey(),
                            report=_report())
    assert out.is_file()
    assert not [p for p in (ws.root / "exports").iterdir() if p.name.startswith(".")]


def test_unknown_format_writes_nothing(ws: Workspace, tmp_path: Path) -> None:
    before = tree_fingerprint(tmp_path)
    with pytest.raises(InputError, match="choose json or csv"):
        export_approaches(ws, tmp_path / "a.xlsx", journey=journey(), report=_report())
    with pytest.raises(InputError):
        export_approaches(ws, tmp_path / "a.csv", fmt="pdf", journey=journey(),
                          report=_report())
    assert tree_fingerprint(tmp_path) == before


@pytest.mark.parametrize(("value", "shown"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+31 20 123", "'+31 20 123"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Call us", "Call us"), ("", ""), ("a=b", "a=b"),
])
def test_safe_cell(value: str, shown: str) -> None:
    assert safe_cell(value) == shown


@given(st.text(max_size=40), st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_no_csv_cell_starts_a_formula(message: str, name: str) -> None:
    item = Approach(persona_id="p", name=name, profile_id="x",
                    message={"nl": message, "en": message}, cta={"en": "=1+1"})
    rows = list(csv.reader(io.StringIO(approaches_csv([item]), newline="")))
    assert len(rows) == 2
    for cell in rows[1]:
        assert not cell.startswith(FORMULA_STARTS)
    by_name = dict(zip(rows[0], rows[1], strict=True))
    assert by_name["message_nl"] == safe_cell(message)  # the text itself, only made safe
    assert by_name["name"] == safe_cell(name)
