"""Anonymous sessions get a persona: by the browser's visitor id, else by behaviour, else
none; measured against the sample organisation's hidden truth."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import tomlkit

from personakit.journey import SessionPersonas, session_personas
from personakit.journey._anonymous import by_key_and_visitor
from personakit.pipeline import run_demo
from personakit.steer import persona_of_keys
from personakit.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("journey-anonymous") / "ws"
    run_demo(root, customers=2000, seed=7, language="en", formats=(), steer=False)
    return root


@pytest.fixture(scope="module")
def ws(demo: Path) -> Iterator[Workspace]:
    opened = Workspace.open(demo)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def found(ws: Workspace) -> SessionPersonas:
    return session_personas(ws)


@pytest.fixture(scope="module")
def truth(demo: Path, ws: Workspace, found: SessionPersonas) -> pd.DataFrame:
    """Our sessions beside the hidden truth: the session's segment, whether it was
    anonymous, the segment of the customer we linked it to, and the segment the persona
    we gave it stands for (the segment most of its members are in)."""
    hidden = demo / "sample-data" / "_truth"
    sessions = pd.read_csv(hidden / "web_sessions.csv", sep=";")
    segments = pd.read_csv(hidden / "segments.csv", sep=";")
    segments["key"] = segments["klantnummer"].astype(str)
    persona, _, _ = persona_of_keys(ws, segments["klantnummer"])
    segments["persona"] = persona.to_numpy()
    stands_for = segments.dropna().groupby("persona")["segment"].agg(
        lambda s: s.value_counts().idxmax())
    table = found.frame.merge(sessions, left_on="session", right_on="sessie_id")
    table["customer_segment"] = table["customer"].map(segments.set_index("key")["segment"])
    table["guess"] = table["persona_id"].map(stands_for)
    assert len(table) == len(found.frame)
    return table


def copy_with(demo: Path, tmp_path: Path, **journey: object) -> Workspace:
    root = Path(shutil.copytree(demo, tmp_path / "ws"))
    ws = Workspace.open(root)
    with ws.transaction() as stage:
        doc = stage.edit_config()
        if "settings" not in doc:
            doc["settings"] = tomlkit.table()
        doc["settings"]["journey"] = journey  # type: ignore[index]
    return ws


def test_anonymous_flag_matches_the_truth(truth: pd.DataFrame) -> None:
    assert (truth["anonymous"] == truth["anoniem"].astype(bool)).all()
    assert (truth.loc[~truth["anonymous"], "how"].isin(["key", ""])).all()


def test_visitor_linking_is_exact(truth: pd.DataFrame, demo: Path) -> None:
    linked = truth[truth["how"] == "visitor"]
    assert len(linked) >= 30
    # The browser's customer is of the session's own segment, every time.
    assert (linked["customer_segment"] == linked["segment"]).all()
    # And every anonymous session of a browser seen logged in (whose customer has a
    # persona) is linked: computed here with pandas from the export itself.
    events = pd.read_csv(demo / "sample-data" / "web_analytics.csv")
    logged = events.dropna(subset=["klant_id"])
    browsers = logged.groupby("bezoeker_id")["klant_id"].agg(lambda s: s.mode().min())
    anonymous = events[events["klant_id"].isna()].groupby("sessie_id")["bezoeker_id"].first()
    customer = anonymous.map(browsers).dropna().astype("int64").astype(str)
    with_persona = set(truth.loc[truth["how"] == "key", "customer"])
    expected = {s for s, c in customer.items() if c in with_persona}
    assert set(linked["session"]) == expected
    assert dict(zip(linked["session"], linked["customer"], strict=True)) == \
        {s: customer[s] for s in expected}


def test_by_visitor_persona_accuracy(truth: pd.DataFrame) -> None:
    linked = truth[truth["how"] == "visitor"]
    # The persona stands for the customer's segment nearly always (personas are built on
    # more than the segment), and so for the session's.
    assert (linked["guess"] == linked["segment"]).mean() >= 0.95


def test_behaviour_beats_guessing_the_largest_segment(truth: pd.DataFrame,
                                                      found: SessionPersonas) -> None:
    anonymous = truth[truth["anonymous"]]
    baseline = anonymous["segment"].value_counts(normalize=True).max()
    guessed = truth[truth["how"] == "behaviour"]
    assert len(guessed) >= 20
    accuracy = (guessed["guess"] == guessed["segment"]).mean()
    assert accuracy > baseline + 0.1, (accuracy, baseline)
    a = found.assignment
    assert a.holdout_sessions >= 300
    assert a.holdout_accuracy is not None and a.baseline_accuracy is not None
    assert a.holdout_accuracy > a.baseline_accuracy
    assert a.assigned_accuracy is not None and a.assigned_accuracy >= a.holdout_accuracy


def test_counts_add_up(found: SessionPersonas) -> None:
    a, frame = found.assignment, found.frame
    assert (a.by_key, a.by_visitor, a.by_behaviour, a.unassigned) == tuple(
        int((frame["how"] == h).sum()) for h in ("key", "visitor", "behaviour", ""))
    assert (frame.loc[frame["how"] == "", "persona_id"] == "?").all()
    assert (frame.loc[frame["how"] != "", "persona_id"] != "?").all()
    assert a.min_posterior == 0.5


def test_unassigned_below_the_threshold(found: SessionPersonas) -> None:
    frame = found.frame
    asked = frame[frame["posterior"].notna()]
    assert len(asked) == found.assignment.by_behaviour + int(
        (frame["anonymous"] & (frame["how"] == "")).sum())
    assert (asked.loc[asked["how"] == "behaviour", "posterior"] >= 0.5).all()
    assert (asked.loc[asked["how"] == "", "posterior"] < 0.5).all()


@pytest.mark.parametrize(("threshold", "behaviour"), [(0.99, "none"), (0.0, "all")])
def test_the_threshold_is_a_setting(demo: Path, tmp_path: Path, found: SessionPersonas,
                                    threshold: float, behaviour: str) -> None:
    with copy_with(demo, tmp_path, min_posterior=threshold) as ws:
        other = session_personas(ws)
    a, base = other.assignment, found.assignment
    assert (a.by_key, a.by_visitor) == (base.by_key, base.by_visitor)
    left = base.by_behaviour + base.unassigned
    if behaviour == "none":
        assert a.by_behaviour == 0 and a.unassigned == left
    else:
        anonymous_left = int((found.frame["anonymous"] & (found.frame["how"] == "")).sum())
        assert a.by_behaviour == base.by_behaviour + anonymous_left
    assert a.holdout_accuracy == base.holdout_accuracy  # the model does not change


def test_the_assignment_is_reproducible(ws: Workspace, found: SessionPersonas) -> None:
    again = session_personas(ws)
    pd.testing.assert_frame_equal(again.frame, found.frame)
    assert again.assignment == found.assignment


def test_a_shared_browser_counts_as_its_most_frequent_customer() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE _sessions AS SELECT * FROM (VALUES "
        "('s1', '1', 'V1'), ('s2', '1', 'V1'), ('s3', '2', 'V1'), ('s4', NULL, 'V1'), "
        "('s5', '3', 'V2'), ('s6', '4', 'V2'), ('s7', NULL, 'V2'), ('s8', NULL, 'V3'), "
        "('s9', '5', 'V4'), ('s10', NULL, 'V4')) AS t(session, key, visitor)")
    con.execute("ALTER TABLE _sessions ADD COLUMN persona VARCHAR")
    con.execute("ALTER TABLE _sessions ADD COLUMN how VARCHAR DEFAULT ''")
    con.execute("ALTER TABLE _sessions ADD COLUMN customer VARCHAR")
    con.execute("UPDATE _sessions SET customer = key")
    of_key = pd.DataFrame({"key": ["1", "2", "3", "4"], "persona": ["a", "b", "c", "d"]})
    by_key_and_visitor(con, of_key)
    got = {s: (p, h, c) for s, p, h, c in con.execute(
        "SELECT session, persona, how, customer FROM _sessions").fetchall()}
    assert got["s4"] == ("a", "visitor", "1")  # V1: customer 1 twice, 2 once
    assert got["s7"] == ("c", "visitor", "3")  # V2: a tie, the lowest key
    assert got["s8"] == (None, "", None)  # never seen logged in
    assert got["s10"] == (None, "", None)  # customer 5 has no persona
    assert got["s9"] == (None, "", "5") and got["s3"] == ("b", "key", "2")


def test_a_stale_key_is_unassigned_without_linking_everything(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = pd.read_csv(demo / "sample-data" / "web_analytics.csv", dtype={"klant_id": "Int64"})
    first = events["sessie_id"].iloc[0]
    events.loc[events["sessie_id"] == first, "klant_id"] = 999  # no such customer
    events.to_csv(tmp_path / "web_analytics.csv", index=False)
    import personakit.ingest

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("every source linked for a key that is nobody's")

    with copy_with(demo, tmp_path) as ws:
        from personakit.ingest import import_file

        import_file(ws, tmp_path / "web_analytics.csv", name="web")
        monkeypatch.setattr(personakit.ingest, "linked_frame", refuse)
        frame = session_personas(ws).frame.set_index("session")
    assert frame.loc[first, "persona_id"] == "?" and frame.loc[first, "how"] == ""
    assert frame.loc[first, "customer"] == "999" and not frame.loc[first, "anonymous"]
