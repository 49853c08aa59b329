"""Journey revisions: saving, optimistic concurrency, history, diffs and the migration."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect

from personakit.errors import InputError, WorkspaceError
from personakit.journey import (
    JourneyConflictError,
    PersonaTouchpoint,
    Touchpoint,
    _store,
    diff_journeys,
    journey_history,
    list_journeys,
    load_journey,
    save_journey,
)
from personakit.model import Evidence
from personakit.store.db import alembic_config
from personakit.workspace import Workspace
from tests._journeyfix import journey


def _entry(text: str, **extra: Any) -> PersonaTouchpoint:
    return PersonaTouchpoint(barrier={"en": text, "nl": text}, author="anna", **extra)


def test_first_save_is_revision_one_and_round_trips(workspace: Workspace) -> None:
    original = journey().model_copy(update={"personas": {"p-ingrid": {"afrekenen": _entry(
        "Finds paying online daunting", evidence=[Evidence(kind="insight", text="interviews")],
    )}}})
    saved = save_journey(workspace, original, base_revision=0, author="anna")
    assert (saved.revision, saved.author) == (1, "anna")
    assert saved.created_at is not None
    loaded = load_journey(workspace, "web")
    assert loaded == saved
    assert loaded.personas["p-ingrid"]["afrekenen"].evidence[0].text == "interviews"


def test_a_save_from_an_older_revision_is_a_conflict_carrying_both(
        workspace: Workspace) -> None:
    first = save_journey(workspace, journey(), base_revision=0, author="anna")
    anna = first.model_copy(update={"label": {"en": "Anna's label"}})
    bert = first.model_copy(update={"label": {"en": "Bert's label"}})
    save_journey(workspace, anna, base_revision=first.revision, author="anna")
    with pytest.raises(JourneyConflictError) as caught:
        save_journey(workspace, bert, base_revision=first.revision, author="bert")
    conflict = caught.value
    assert conflict.mine.label == {"en": "Bert's label"} and conflict.mine.revision == 1
    assert conflict.theirs.label == {"en": "Anna's label"} and conflict.theirs.revision == 2
    assert "revision 1, the newest is 2" in conflict.message("en")
    assert "door anna" in conflict.message("nl")
    assert load_journey(workspace, "web").label == {"en": "Anna's label"}


def test_base_zero_when_one_exists_and_a_base_when_none_exists(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError):
        save_journey(workspace, journey(), base_revision=3, author="anna")
    save_journey(workspace, journey(), base_revision=0, author="anna")
    with pytest.raises(JourneyConflictError):
        save_journey(workspace, journey(), base_revision=0, author="bert")


def test_two_saves_racing_past_the_check_cannot_both_win(
        workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    first = save_journey(workspace, journey(), base_revision=0, author="anna")
    barrier = threading.Barrier(2)
    checked = _store._checked

    def slow_check(ws: Workspace, j: Any, base: int) -> Any:
        mine = checked(ws, j, base)
        barrier.wait(timeout=10)  # both have passed the check before either writes
        return mine

    monkeypatch.setattr(_store, "_checked", slow_check)
    outcomes: list[str] = []

    def save(author: str) -> None:
        try:
            save_journey(workspace, first, base_revision=1, author=author)
            outcomes.append("saved")
        except JourneyConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(a,)) for a in ("anna", "bert")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert [r.revision for r in journey_history(workspace, "web")] == [1, 2]


def test_list_and_history(workspace: Workspace) -> None:
    web = save_journey(workspace, journey("web"), base_revision=0, author="anna")
    save_journey(workspace, journey("app"), base_revision=0, author="bert")
    save_journey(workspace, web, base_revision=1, author="carla")
    assert [(j.name, j.revision) for j in list_journeys(workspace)] == [("app", 1), ("web", 2)]
    history = journey_history(workspace, "web")
    assert [(r.revision, r.author) for r in history] == [(1, "anna"), (2, "carla")]
    assert history[0].created_at <= history[1].created_at
    assert load_journey(workspace, "web", 1).author == "anna"
    with pytest.raises(WorkspaceError):
        journey_history(workspace, "nope")
    with pytest.raises(WorkspaceError):
        load_journey(workspace, "web", 7)


@pytest.mark.parametrize("name", ["", " ", "../x", "a/b", "é", "-x", "x" * 101])
def test_bad_names_are_refused(workspace: Workspace, name: str) -> None:
    with pytest.raises(InputError):
        save_journey(workspace, journey(name="web").model_copy(update={"name": name}),
                     base_revision=0, author="anna")
    assert list_journeys(workspace) == []


def test_diff_names_touchpoints_and_persona_entries() -> None:
    old = journey().model_copy(update={"revision": 1, "personas": {
        "p-ingrid": {"afrekenen": _entry("Daunting"), "home": _entry("Busy")},
        "p-ruud": {"product": _entry("Price")}}})
    touchpoints = [tp for tp in old.touchpoints if tp.id != "bevestiging"]
    touchpoints[1] = touchpoints[1].model_copy(update={"channel": "app",
                                                       "label": {"en": "Products"}})
    touchpoints.append(Touchpoint(id="call", stage="purchase", channel="phone"))
    new = old.model_copy(update={"revision": 2, "touchpoints": touchpoints, "personas": {
        "p-ingrid": {"afrekenen": _entry("Frightening"), "home": _entry("Busy")},
        "p-mo": {"home": _entry("None")}}})
    diff = diff_journeys(old, new)
    assert (diff.a, diff.b) == (1, 2)
    assert {(c.id, c.status) for c in diff.touchpoints} == {
        ("product", "changed"), ("bevestiging", "removed"), ("call", "added")}
    product = next(c for c in diff.touchpoints if c.id == "product")
    assert product.fields == ["label", "channel"]
    assert {(e.persona_id, e.touchpoint, e.status) for e in diff.entries} == {
        ("p-ingrid", "afrekenen", "changed"), ("p-ruud", "product", "removed"),
        ("p-mo", "home", "added")}
    assert next(e for e in diff.entries if e.status == "changed").fields == ["barrier"]
    assert not diff.same and not diff.order_changed


def test_diff_of_the_same_and_of_a_new_order() -> None:
    one = journey()
    assert diff_journeys(one, one).same
    reordered = one.model_copy(update={"touchpoints": list(reversed(one.touchpoints))})
    diff = diff_journeys(one, reordered)
    assert diff.order_changed and not diff.touchpoints and not diff.same
    fresh = diff_journeys(None, one)
    assert fresh.a == 0 and len(fresh.touchpoints) == 5
    assert {c.status for c in fresh.stages} == {"added"}


def test_a_workspace_from_before_the_migration_is_brought_up_to_date(
        workspace: Workspace) -> None:
    config = alembic_config()
    with workspace.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002_validate")
    assert not inspect(workspace.engine).has_table("journey_revisions")
    _store._MIGRATED.clear()
    saved = save_journey(workspace, journey(), base_revision=0, author="anna")
    assert saved.revision == 1
    assert inspect(workspace.engine).has_table("journey_revisions")
    columns = {c["name"] for c in inspect(workspace.engine).get_columns("journey_revisions")}
    assert columns == {"id", "name", "revision", "content", "author", "created_at"}
