"""Persona versions: builds, revisions, conflicts, history and diffs."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from personakit.errors import WorkspaceError
from personakit.model import Evidence, Statement, VariableEffect
from personakit.persona import build_personas
from personakit.store.tables import persona_builds, persona_versions
from personakit.track import (
    ConflictError,
    content_hash,
    current_personas,
    diff_versions,
    get_persona,
    get_version,
    list_versions,
    persona_history,
    save_persona,
)
from personakit.workspace import Workspace
from tests.test_persona_build import eff, make_segmentation


def test_a_build_is_one_build_row_and_one_version_row_per_persona(workspace: Workspace) -> None:
    version = build_personas(workspace, make_segmentation(), author="analyst")
    with workspace.engine.connect() as con:
        builds = con.execute(select(persona_builds)).all()
        rows = con.execute(select(persona_versions)).all()
    assert len(builds) == 1 and builds[0].content_hash == version.content_hash
    assert builds[0].inputs == {"crm": "abc123", "segmentation": "seg1"}
    assert builds[0].seed == 42 and builds[0].author == "analyst"
    assert sorted(r.persona_id for r in rows) == ["default-0", "default-1"]
    assert all(r.build_id == version.id and r.revision == 1 for r in rows)


def test_content_hash_ignores_revision_but_not_content(workspace: Workspace) -> None:
    personas = build_personas(workspace, make_segmentation()).personas
    bumped = [p.model_copy(update={"revision": 9}) for p in personas]
    assert content_hash(bumped) == content_hash(personas)
    renamed = [personas[0].model_copy(update={"name": "Other Name"}), personas[1]]
    assert content_hash(renamed) != content_hash(personas)


def test_current_personas_before_any_build_is_empty(workspace: Workspace) -> None:
    assert current_personas(workspace) == []
    with pytest.raises(WorkspaceError):
        get_version(workspace)


def test_save_persona_makes_the_next_revision(workspace: Workspace) -> None:
    build_personas(workspace, make_segmentation())
    persona = get_persona(workspace, "default-0")
    edited = persona.model_copy(update={"name": "Fenna Test"})
    saved = save_persona(workspace, edited, base_revision=1, author="editor")
    assert saved.revision == 2
    assert get_persona(workspace, "default-0").name == "Fenna Test"
    assert get_persona(workspace, "default-0", revision=1).name == persona.name
    assert current_personas(workspace)[0].name == "Fenna Test"
    history = persona_history(workspace, "default-0")
    assert [(h["revision"], h["author"]) for h in history] == [(1, "personakit"), (2, "editor")]


def test_saving_from_a_stale_revision_is_a_conflict_with_both_versions(
        workspace: Workspace) -> None:
    build_personas(workspace, make_segmentation())
    base = get_persona(workspace, "default-0")
    save_persona(workspace, base.model_copy(update={"name": "First Writer"}), base_revision=1,
                 author="a")
    with pytest.raises(ConflictError) as caught:
        save_persona(workspace, base.model_copy(update={"name": "Second Writer"}),
                     base_revision=1, author="b")
    assert caught.value.mine.name == "Second Writer"
    assert caught.value.theirs.name == "First Writer" and caught.value.theirs.revision == 2
    assert "default-0" in caught.value.message("en")
    assert get_persona(workspace, "default-0").name == "First Writer"


def test_concurrent_saves_from_one_base_let_exactly_one_win(workspace: Workspace) -> None:
    build_personas(workspace, make_segmentation())
    base = get_persona(workspace, "default-1")
    results: list[str] = []
    barrier = threading.Barrier(4)

    def save(i: int) -> None:
        barrier.wait()
        try:
            save_persona(workspace, base.model_copy(update={"name": f"Writer {i}"}),
                         base_revision=1, author=f"w{i}")
            results.append("saved")
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict"] * 3 + ["saved"]
    assert [h["revision"] for h in persona_history(workspace, "default-1")] == [1, 2]


def test_unknown_persona_and_version_are_clear_errors(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="nobody"):
        get_persona(workspace, "nobody")
    with pytest.raises(WorkspaceError):
        persona_history(workspace, "nobody")
    build_personas(workspace, make_segmentation())
    with pytest.raises(WorkspaceError):
        get_version(workspace, 99)


def test_list_versions_records_inputs_settings_and_seed(workspace: Workspace) -> None:
    build_personas(workspace, make_segmentation())
    build_personas(workspace, make_segmentation())
    versions = list_versions(workspace)
    assert [v.id for v in versions] == [1, 2]
    assert versions[0].content_hash == versions[1].content_hash
    assert versions[1].settings["q_max"] == 0.01 and versions[1].inputs["crm"] == "abc123"
    assert [p.revision for p in versions[1].personas] == [2, 2]


def test_diff_shows_statements_added_dropped_and_changed_per_persona(
        workspace: Workspace) -> None:
    build_personas(workspace, make_segmentation())
    changed = make_segmentation()
    digital = changed.profiles[0]
    effects = [e for e in digital.effects if e.variable != "nieuwsbrief"]
    effects[0] = effects[0].model_copy(update={"profile_value": 15.0, "effect": 1.3})
    effects.append(VariableEffect(**{**eff("chat_gebruik", None, "mean", 3, 1, 0.8).model_dump()}))
    changed.profiles[0] = digital.model_copy(update={"effects": effects, "size": 410})
    changed.profiles.pop(1)
    build_personas(workspace, changed)
    diff = diff_versions(workspace, 1, 2)
    assert not diff.same_content
    first, second = diff.personas
    assert first.status == "changed" and (first.size_before, first.size_after) == (400, 410)
    assert [s.id for s in first.added] == ["stat:chat_gebruik"]
    assert [s.id for s in first.dropped] == ["stat:nieuwsbrief=ja"]
    assert [c.id for c in first.changed] == ["stat:app_gebruik"]
    assert first.changed[0].before.evidence[0].profile_value == 12.0
    assert second.status == "dropped" and second.persona_id == "default-1"
    assert diff_versions(workspace, 1, 1).same_content


def test_hand_edits_carry_into_the_next_build(workspace: Workspace) -> None:
    build_personas(workspace, make_segmentation())
    persona = get_persona(workspace, "default-0")
    note = Statement(id="manual:goal", section="goals", author="editor", assumption=False,
                     text={"nl": "Wil snel antwoord.", "en": "Wants a quick answer."},
                     evidence=[Evidence(kind="insight", text="interview 3", author="editor")])
    save_persona(workspace, persona.model_copy(update={"statements": [*persona.statements, note]}),
                 base_revision=1, author="editor")
    build_personas(workspace, make_segmentation())
    rebuilt = get_persona(workspace, "default-0")
    assert rebuilt.revision == 3 and rebuilt.statements[-1].id == "manual:goal"


def test_hand_written_statements_are_assumptions_until_evidence_is_attached(
        workspace: Workspace) -> None:
    build_personas(workspace, make_segmentation())
    persona = get_persona(workspace, "default-0")
    claim = Statement(id="manual:fear", section="fears", author="editor",
                      text={"nl": "Bang voor verborgen kosten.", "en": "Fears hidden costs."})
    saved = save_persona(workspace, persona.model_copy(
        update={"statements": [*persona.statements, claim]}), base_revision=1, author="editor")
    assert saved.statements[-1].assumption
    assert not any(s.assumption for s in saved.statements[:-1])
    backed = claim.model_copy(update={"evidence": [
        Evidence(kind="quote", text="Ik schrik van de rekening", source="interview 2")]})
    again = save_persona(workspace, saved.model_copy(
        update={"statements": [*saved.statements[:-1], backed]}), base_revision=2,
        author="editor")
    assert not again.statements[-1].assumption


def test_revision_changes_say_what_each_revision_changed(workspace: Workspace) -> None:
    from personakit.track import revision_changes

    build_personas(workspace, make_segmentation())
    persona = get_persona(workspace, "default-0")
    save_persona(workspace, persona.model_copy(update={
        "name": "Fenna Test", "picture": "data:image/png;base64,AAAA"}),
        base_revision=1, author="editor")
    newest, entries = revision_changes(workspace, "default-0", "nl")
    assert newest is not None and newest.revision == 2
    assert [e.row["revision"] for e in entries] == [2, 1]  # newest first
    changed = {c.field: (c.before, c.after) for c in entries[0].fields}
    assert changed["name"] == (persona.name, "Fenna Test")
    assert changed["picture"] == ("", "[foto]")  # a picture is named, not dumped
    assert entries[0].diff is not None and entries[1].fields == []
    with pytest.raises(WorkspaceError):
        revision_changes(workspace, "default-99", "nl")
