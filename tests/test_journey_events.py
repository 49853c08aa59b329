"""The analytics event export: finding it and its columns, and every kind of bad input
either refused with a message naming file, row and column, or repaired and counted."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personakit.errors import InputError, WorkspaceError
from personakit.i18n import language
from personakit.ingest import import_file
from personakit.journey import (
    FunnelReport,
    JourneySettings,
    Repair,
    describe_repair,
    event_source,
    funnel_report,
)
from personakit.journey._draft import journey_from_steps
from personakit.journey._events import find_columns, hint_rank
from personakit.model import ColumnInfo, ColumnRole
from personakit.pipeline import run_demo
from personakit.workspace import Workspace

STEPS = ["home", "product", "offerte", "afrekenen", "bevestiging"]
JOURNEY = journey_from_steps(STEPS)
HEADER = ["sessie_id", "tijdstip", "stap", "apparaat", "bron"]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)
    return path


def session(sid: str, times: list[str], steps: list[str], device: str = "mobiel",
            entry: str = "organisch") -> list[list[str]]:
    return [[sid, t, s, device, entry] for t, s in zip(times, steps, strict=True)]


def clean_rows(sessions: int = 12) -> list[list[str]]:
    """Sessions going 1..5 steps deep, one minute per step."""
    rows = []
    for i in range(sessions):
        depth = 1 + i % 5
        times = [f"2025-11-02T10:{i:02d}:{10 * k:02d}" for k in range(depth)]
        rows += session(f"S{i:02d}", times, STEPS[:depth], "mobiel" if i % 2 else "desktop")
    return rows


def report_of(ws: Workspace, tmp: Path, rows: list[list[str]],
              header: list[str] = HEADER) -> FunnelReport:
    import_file(ws, write(tmp / "web.csv", rows, header), name="web")
    return funnel_report(ws, JOURNEY)


def repair(report: FunnelReport, kind: str) -> Repair:
    found = [r for r in report.repairs if r.kind == kind]
    assert len(found) == 1, report.repairs
    return found[0]


def set_journey_settings(ws: Workspace, **values: object) -> None:
    with ws.transaction() as stage:
        doc = stage.edit_config()
        if "settings" not in doc:
            doc["settings"] = tomlkit.table()
        doc["settings"]["journey"] = values  # type: ignore[index]


# -- finding the export and its columns ----------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    root = tmp_path_factory.mktemp("journey-events") / "ws"
    run_demo(root, customers=2000, seed=7, language="en", formats=(), steer=False)
    ws = Workspace.open(root)
    yield ws
    ws.close()


def test_the_sample_export_and_its_columns_are_found(demo: Workspace) -> None:
    found = event_source(demo)
    assert (found.source, found.session, found.timestamp, found.step) == \
        ("web", "sessie_id", "tijdstip", "stap")
    assert (found.key, found.visitor, found.device, found.entry) == \
        ("klant_id", "bezoeker_id", "apparaat", "bron")
    assert found.file.endswith("web_analytics.csv") and Path(found.path).is_file()


@pytest.mark.parametrize(("name", "kind"), [
    ("sessie_id", "session"), ("SessionId", "session"), ("visit_id", "session"),
    ("tijdstip", "timestamp"), ("event_timestamp", "timestamp"), ("Datum", "timestamp"),
    ("stap", "step"), ("page_path", "step"), ("event_name", "step"), ("gebeurtenis", "step"),
    ("apparaat", "device"), ("deviceCategory", "device"),
    ("bron", "entry"), ("utm_source", "entry"), ("kanaal", "entry"), ("medium", "entry"),
    ("bezoeker_id", "visitor"), ("client_id", "visitor"), ("cookie", "visitor"),
])
def test_column_names_in_dutch_and_english(name: str, kind: str) -> None:
    assert hint_rank(name, kind) is not None


@pytest.mark.parametrize(("name", "kind"), [
    ("bezoeker_id", "session"), ("visitor_id", "session"), ("klant_id", "visitor"),
    ("leeftijd", "timestamp"), ("omzet", "entry"),
])
def test_names_that_are_not_the_kind(name: str, kind: str) -> None:
    assert hint_rank(name, kind) is None


def test_roles_decide_what_names_cannot() -> None:
    cols = [ColumnInfo(name="event_id", role=ColumnRole.IDENTIFIER, dtype="string"),
            ColumnInfo(name="visit", role=ColumnRole.IDENTIFIER, dtype="string"),
            ColumnInfo(name="wanneer", role=ColumnRole.DATE, dtype="timestamp[s]"),
            ColumnInfo(name="event", role=ColumnRole.CATEGORICAL, dtype="string")]
    found = find_columns(cols)
    # "event_id" is an id, never the step; a date column is the time whatever its name.
    assert found["step"] == "event" and found["timestamp"] == "wanneer"
    assert found["session"] is None  # "visit" alone is not a session id


def test_english_export(workspace: Workspace, tmp_path: Path) -> None:
    header = ["session_id", "timestamp", "page", "device_category", "utm_source",
              "client_id"]
    rows = [[r[0], r[1], r[2], r[3], r[4], "c1"] for r in clean_rows()]
    import_file(workspace, write(tmp_path / "ga.csv", rows, header))
    found = event_source(workspace)
    assert (found.session, found.timestamp, found.step, found.device, found.entry,
            found.visitor) == ("session_id", "timestamp", "page", "device_category",
                               "utm_source", "client_id")


def test_settings_choose_the_columns(workspace: Workspace, tmp_path: Path) -> None:
    header = ["visit", "moment_x", "where", "apparaat", "bron"]
    import_file(workspace, write(tmp_path / "events.csv", clean_rows(), header))
    with pytest.raises(WorkspaceError) as error:
        event_source(workspace)
    assert error.value.key == "journey.error.no_source"
    set_journey_settings(workspace, source="events", session="visit", timestamp="moment_x",
                         step="where")
    found = event_source(workspace)
    assert (found.session, found.timestamp, found.step) == ("visit", "moment_x", "where")
    report = funnel_report(workspace, JOURNEY)
    assert report.sessions == 12 and report.personas[0].steps[0].reached == 12


def test_a_configured_column_that_is_not_there(workspace: Workspace, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path / "web.csv", clean_rows()), name="web")
    set_journey_settings(workspace, step="pagina")
    with pytest.raises(InputError) as error:
        event_source(workspace)
    assert error.value.key == "journey.error.unknown_column"
    message = str(error.value)
    assert "pagina" in message and "web.csv" in message and "sessie_id, tijdstip" in message


@pytest.mark.parametrize(("header", "key"), [
    (["id", "tijdstip", "stap", "apparaat", "bron"], "journey.error.no_session_column"),
    (["sessie_id", "tijdstip", "omschrijving", "apparaat", "bron"],
     "journey.error.no_step_column"),
])
def test_no_session_or_step_column_names_the_columns(workspace: Workspace, tmp_path: Path,
                                                     header: list[str], key: str) -> None:
    import_file(workspace, write(tmp_path / "web.csv", clean_rows(), header), name="web")
    with pytest.raises(InputError) as error:
        event_source(workspace, "web")
    assert error.value.key == key
    assert ", ".join(header) in str(error.value) and "web.csv" in str(error.value)


def test_settings_are_validated() -> None:
    assert JourneySettings().min_posterior == 0.5
    with pytest.raises(ValueError, match="time zone"):
        JourneySettings(naive_time_zone="Mars/Olympus")
    with pytest.raises(ValueError):
        JourneySettings(min_posterior=1.5)


# -- bad input: refused ------------------------------------------------------------------

@pytest.mark.parametrize(("bad", "key", "row", "column"), [
    (["S01", "2 november", "product", "mobiel", "organisch"], "journey.error.bad_timestamp",
     3, "tijdstip"),
    (["", "2025-11-02T10:01:00", "product", "mobiel", "organisch"],
     "journey.error.no_session", 3, "sessie_id"),
    (["S01", "2025-11-02T10:01:00", "", "mobiel", "organisch"], "journey.error.no_step",
     3, "stap"),
])
def test_what_cannot_be_repaired_names_row_and_column(
        workspace: Workspace, tmp_path: Path, bad: list[str], key: str, row: int,
        column: str) -> None:
    rows = clean_rows()
    rows.insert(2, bad)
    with pytest.raises(InputError) as error:
        report_of(workspace, tmp_path, rows)
    assert error.value.key == key
    assert error.value.params["row"] == row and error.value.params["column"] == column
    message = str(error.value)
    assert f"row {row}" in message and column in message and "web.csv" in message
    with language("nl"):
        assert f"rij {row}" in str(error.value)


def test_no_timestamps_at_all(workspace: Workspace, tmp_path: Path) -> None:
    rows = [[r[0], "", *r[2:]] for r in clean_rows()]
    with pytest.raises(InputError) as error:
        report_of(workspace, tmp_path, rows)
    assert error.value.key == "journey.error.no_timestamps"


# -- bad input: repaired and counted -------------------------------------------------------

def test_events_without_a_timestamp_are_dropped_and_counted(workspace: Workspace,
                                                            tmp_path: Path) -> None:
    rows = clean_rows()
    rows.insert(5, ["S03", "", "bevestiging", "mobiel", "organisch"])
    report = report_of(workspace, tmp_path, rows)
    found = repair(report, "no_timestamp")
    assert (found.rows, found.action, found.example) == (1, "dropped", "#6 sessie_id=S03")
    assert report.events == len(rows) - 1
    # S03 went four steps deep; the untimed confirmation does not count.
    assert report.personas[0].steps[4].reached == 2
    assert "1" in describe_repair(found) and "#6" in describe_repair(found, "nl")


def test_events_out_of_order_are_put_in_order_and_counted(workspace: Workspace,
                                                          tmp_path: Path) -> None:
    straight = report_of(workspace, tmp_path, clean_rows())
    rows = clean_rows()
    rows[1], rows[2] = rows[2], rows[1]  # S01: product listed before home
    # S09: its confirmation listed before its four other steps.
    last = rows.pop(max(i for i, r in enumerate(rows) if r[0] == "S09"))
    rows.insert(min(i for i, r in enumerate(rows) if r[0] == "S09"), last)
    assert [r[2] for r in rows if r[0] == "S09"] == ["bevestiging", *STEPS[:4]]
    report = report_of(workspace, tmp_path, rows)
    found = repair(report, "out_of_order")
    assert (found.rows, found.action) == (5, "reordered")
    assert found.example == "sessie_id=S01"
    assert report.personas == straight.personas
    assert not straight.repairs


def test_an_unknown_step_is_kept_outside_the_journey(workspace: Workspace,
                                                     tmp_path: Path) -> None:
    straight = report_of(workspace, tmp_path, clean_rows())
    rows = clean_rows()
    rows += session("S01", ["2025-11-02T10:01:30"], ["winkelmand"])
    rows += session("S02", ["2025-11-02T10:02:40", "2025-11-02T10:02:50"],
                    ["winkelmand", "Winkelmand "])
    report = report_of(workspace, tmp_path, rows)
    found = repair(report, "unknown_step")
    assert (found.rows, found.action) == (3, "kept_outside_journey")
    assert "winkelmand" in found.example
    assert report.events == straight.events + 3
    assert [s.reached for s in report.personas[0].steps] == \
        [s.reached for s in straight.personas[0].steps]


def test_steps_compare_without_case_or_spaces(workspace: Workspace, tmp_path: Path) -> None:
    rows = [[r[0], r[1], f" {r[2].upper()}", *r[3:]] for r in clean_rows()]
    report = report_of(workspace, tmp_path, rows)
    assert not report.repairs
    assert [s.reached for s in report.personas[0].steps] == [12, 9, 6, 4, 2]


def test_mixed_time_zones_are_converted_to_utc(workspace: Workspace, tmp_path: Path) -> None:
    rows = []
    for i in range(12):
        # 10:00 in Amsterdam, then 09:01 UTC, then 09:03 naive (read as UTC): the steps
        # are 60 and 120 seconds apart, not an hour.
        rows += session(f"Z{i:02d}", [f"2025-11-0{1 + i % 3}T10:00:00+01:00",
                                      f"2025-11-0{1 + i % 3}T09:01:00Z",
                                      f"2025-11-0{1 + i % 3}T09:03:00"], STEPS[:3])
    report = report_of(workspace, tmp_path, rows)
    found = repair(report, "time_zone")
    assert (found.rows, found.action) == (24, "converted_to_utc")
    assert "+01:00" in found.example and "Z" in found.example
    steps = report.personas[0].steps
    assert [s.median_seconds for s in steps[:3]] == [None, 60.0, 120.0]
    assert not [r for r in report.repairs if r.kind == "out_of_order"]


def test_naive_times_in_a_named_zone(workspace: Workspace, tmp_path: Path) -> None:
    set_journey_settings(workspace, naive_time_zone="Europe/Amsterdam")
    rows = []
    for i in range(12):
        rows += session(f"Z{i:02d}", ["2025-11-02T09:00:00Z", "2025-11-02T10:02:00"],
                        STEPS[:2])
    report = report_of(workspace, tmp_path, rows)
    assert report.personas[0].steps[1].median_seconds == 120.0


def test_exact_duplicates_are_merged_and_counted(workspace: Workspace,
                                                 tmp_path: Path) -> None:
    straight = report_of(workspace, tmp_path, clean_rows())
    rows = clean_rows()
    rows += [rows[3], rows[3], rows[7]]
    # Same time and step, another device: not a duplicate.
    rows.append([rows[7][0], rows[7][1], rows[7][2], "tablet", rows[7][4]])
    report = report_of(workspace, tmp_path, rows)
    found = repair(report, "duplicate_event")
    assert (found.rows, found.action) == (3, "merged")
    assert found.example.startswith("#4 ")
    assert report.events == straight.events + 1
    assert report.personas[0].steps == straight.personas[0].steps


def test_repair_descriptions_exist_in_both_languages() -> None:
    for kind, action in [("no_timestamp", "dropped"), ("out_of_order", "reordered"),
                         ("unknown_step", "kept_outside_journey"),
                         ("time_zone", "converted_to_utc"), ("duplicate_event", "merged")]:
        item = Repair(kind=kind, rows=7, action=action, example="x")  # type: ignore[arg-type]
        assert "7" in describe_repair(item, "en") and "7" in describe_repair(item, "nl")
        assert describe_repair(item, "en") != describe_repair(item, "nl")


# -- the order of the export does not matter -------------------------------------------------

def property_rows() -> list[list[str]]:
    rows = clean_rows(14)
    rows += session("S03", ["2025-11-02T10:03:20"], ["winkelmand"])  # unknown step
    rows += [rows[5]]  # a duplicate
    # Two events at one time with different devices and sources: the session's device
    # and source are settled without looking at the order.
    rows += [["T1", "2025-11-03T08:00:00", "home", "tablet", "direct"],
             ["T1", "2025-11-03T08:00:00", "product", "desktop", "advertentie"]]
    return rows


Shuffled = tuple[Workspace, Path, FunnelReport]


@pytest.fixture(scope="module")
def shuffled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shuffled]:
    root = tmp_path_factory.mktemp("journey-permutations")
    ws = Workspace.init(root / "ws", language="en")
    with ws.transaction() as stage:
        stage.edit_config()["workspace"]["min_group_size"] = 2  # type: ignore[index]
    yield ws, root, report_of(ws, root, property_rows())
    ws.close()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(property_rows()))))
def test_any_order_of_the_rows_gives_the_same_funnel(shuffled: Shuffled,
                                                     order: list[int]) -> None:
    ws, root, baseline = shuffled
    rows = property_rows()
    again = report_of(ws, root, [rows[i] for i in order])
    assert again.personas == baseline.personas
    assert (again.events, again.sessions) == (baseline.events, baseline.sessions)
    kinds = {r.kind: r.rows for r in again.repairs}
    assert kinds["duplicate_event"] == 1 and kinds["unknown_step"] == 1
    everyone = again.personas[0]
    assert sum(s.n for s in everyone.device.values()) == everyone.sessions == 15
