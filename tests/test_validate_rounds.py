"""Validation rounds: what a round judges, its links and answers, closing it, and comments
turned into edits or assumptions on the next revision (issue 13, step 1-2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from sqlalchemy import func, select

from personakit.errors import InputError, PersonakitError, WorkspaceError
from personakit.model import Persona
from personakit.store.tables import persona_versions
from personakit.track import (
    ConflictError,
    get_persona,
    get_version,
    persona_history,
    record_build,
    save_persona,
)
from personakit.validate import (
    LinkError,
    ValidationRound,
    applied_comments,
    apply_comment,
    close_round,
    get_round,
    list_rounds,
    make_links,
    open_link,
    round_answers,
    start_round,
    submit_answers,
    summarise_round,
)
from personakit.validate._tables import (
    validation_answers,
    validation_applied,
    validation_links,
    validation_rounds,
)
from personakit.workspace import Workspace
from tests._webapp import copy_ws, template
from tests.conftest import tree_fingerprint

TABLES = (validation_rounds, validation_links, validation_answers, validation_applied,
          persona_versions)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The 800-customer demo workspace (run_demo, seed 7, en), built once per test session
    # and shared with the web tests; every test below works on its own copy.
    return template(tmp_path_factory)


@pytest.fixture
def ws(demo: Path, tmp_path: Path) -> Iterator[Workspace]:
    workspace = copy_ws(demo, tmp_path / "ws")
    yield workspace
    workspace.close()


def row_counts(ws: Workspace) -> dict[str, int]:
    with ws.engine.connect() as con:
        return {t.name: int(con.execute(select(func.count()).select_from(t)).scalar() or 0)
                for t in TABLES}


def set_validate(ws: Workspace, **values: Any) -> None:
    with ws.transaction() as st:
        doc = st.edit_config()
        if "settings" not in doc:
            doc["settings"] = tomlkit.table()
        doc["settings"]["validate"] = values  # type: ignore[index]


def answers_for(found: ValidationRound, **extra: Any) -> dict[str, dict[str, Any]]:
    """A plausible submission: every persona of the round recognised, plus *extra*."""
    return {p.id: {"recognise": 4, "pps_clarity_1": 6, **extra} for p in found.personas}


def one_link(ws: Workspace, found: ValidationRound, **kwargs: Any) -> str:
    return make_links(ws, found.id, 1, **kwargs)[0].token


def with_comment(ws: Workspace, text: str, question: str = "missing") -> tuple[str, int, str]:
    """(round id, answer id, persona id) of one stored comment on the first persona."""
    found = start_round(ws)
    persona_id = found.personas[0].id
    submit_answers(ws, one_link(ws, found), {persona_id: {question: text}}, lang="en")
    row = round_answers(ws, found.id)[0]
    return found.id, int(row["id"]), persona_id


# -- what a round judges -------------------------------------------------------------------
def test_a_round_judges_every_persona_of_the_newest_version(ws: Workspace) -> None:
    version = get_version(ws)
    found = start_round(ws, title="  Team meeting  ", actor="ana")
    assert found.build_id == version.id
    assert [(p.id, p.revision, p.name) for p in found.personas] == [
        (p.id, p.revision, p.name) for p in version.personas]
    assert found.status == "open" and found.accepting()
    assert found.title == "Team meeting" and found.created_by == "ana"
    assert found.expires_at - found.created_at == timedelta(days=14)  # the documented default
    assert found.max_answers_per_link == 1
    assert (found.links, found.submissions) == (0, 0)


def test_a_round_judges_a_given_version_and_the_personas_named(ws: Workspace) -> None:
    first = get_version(ws)
    # A second build: every persona gets a new revision in the new version.
    record_build(ws, first.personas, segmentation_id=first.segmentation_id, inputs=first.inputs,
                 settings=first.settings, seed=first.seed, author="test")
    assert get_version(ws).id == first.id + 1
    wanted = [first.personas[2].id, first.personas[0].id]
    found = start_round(ws, build_id=first.id, personas=wanted)
    assert found.build_id == first.id
    assert [p.id for p in found.personas] == wanted  # in the order named
    assert [p.revision for p in found.personas] == [first.personas[2].revision,
                                                     first.personas[0].revision]
    newest = start_round(ws)
    assert newest.build_id == first.id + 1
    assert all(p.revision == first.personas[0].revision + 1 for p in newest.personas)


def test_a_persona_named_twice_is_judged_once(ws: Workspace) -> None:
    persona_id = get_version(ws).personas[0].id
    found = start_round(ws, personas=[persona_id, persona_id])
    assert [p.id for p in found.personas] == [persona_id]


def test_a_later_edit_does_not_change_what_the_round_judges(ws: Workspace) -> None:
    found = start_round(ws)
    judged = found.personas[0]
    token = one_link(ws, found)
    before = get_persona(ws, judged.id)
    save_persona(ws, before.model_copy(update={"name": "Renamed Later"}),
                 base_revision=before.revision, author="editor")
    assert get_persona(ws, judged.id).revision == judged.revision + 1

    opened = open_link(ws, token)
    assert [(p.id, p.revision) for p in opened.personas] == [
        (p.id, p.revision) for p in found.personas]
    assert opened.personas[0].name == before.name != "Renamed Later"
    assert get_round(ws, found.id).personas == found.personas
    # A new round judges the edited revision.
    assert start_round(ws).personas[0].revision == judged.revision + 1


@pytest.mark.parametrize(("kwargs", "error", "key"), [
    ({"build_id": 999}, WorkspaceError, "track.error.unknown_version"),
    ({"personas": ["nobody"]}, WorkspaceError, "validate.error.unknown_persona"),
    ({"audience": "everyone"}, InputError, "validate.error.audience"),
    ({"expires_days": 0}, InputError, "validate.error.expires_days"),
    ({"expires_days": 400}, InputError, "validate.error.expires_days"),
    ({"max_answers_per_link": 0}, InputError, "validate.error.per_link"),
    ({"max_answers_per_link": 10_001}, InputError, "validate.error.per_link"),
])
def test_a_bad_round_is_refused_with_nothing_written(ws: Workspace, kwargs: dict[str, Any],
                                                      error: type[Exception], key: str) -> None:
    counts, files = row_counts(ws), tree_fingerprint(ws.root)
    with pytest.raises(error) as raised:
        start_round(ws, **kwargs)
    assert isinstance(raised.value, PersonakitError) and raised.value.key == key
    assert row_counts(ws) == counts
    assert tree_fingerprint(ws.root) == files


def test_unknown_persona_error_names_the_personas_of_the_version(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError) as raised:
        start_round(ws, personas=["nobody"])
    known = [p.id for p in get_version(ws).personas]
    assert raised.value.params["persona"] == "nobody"
    assert raised.value.params["personas"] == ", ".join(known)


# -- links -----------------------------------------------------------------------------------
def test_link_count_is_limited_by_the_setting(ws: Workspace) -> None:
    set_validate(ws, max_links=3)
    found = start_round(ws)
    assert len(make_links(ws, found.id, 3)) == 3
    for count in (0, 4):
        before = row_counts(ws)
        with pytest.raises(InputError) as raised:
            make_links(ws, found.id, count)
        assert raised.value.key == "validate.error.link_count"
        assert raised.value.params["maximum"] == 3
        assert row_counts(ws) == before
    assert get_round(ws, found.id).links == 3


def test_links_carry_their_role_and_answer_limit(ws: Workspace) -> None:
    found = start_round(ws)
    made = make_links(ws, found.id, 2, role="customer", max_answers=4)
    assert {(link.role, link.max_answers) for link in made} == {("customer", 4)}
    assert all(link.path == "/r/" + link.token for link in made)
    assert made[0].token != made[1].token
    opened = open_link(ws, made[0].token)
    assert (opened.role, opened.remaining) == ("customer", 4)
    submit_answers(ws, made[0].token, answers_for(found), lang="en")
    assert {r["role"] for r in round_answers(ws, found.id)} == {"customer"}
    assert open_link(ws, made[0].token).remaining == 3


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"role": "manager"}, "validate.error.role"),
    ({"max_answers": 0}, "validate.error.per_link"),
    ({"max_answers": 10_001}, "validate.error.per_link"),
])
def test_bad_links_are_refused_with_nothing_written(ws: Workspace, kwargs: dict[str, Any],
                                                     key: str) -> None:
    found = start_round(ws)
    before = row_counts(ws)
    with pytest.raises(InputError) as raised:
        make_links(ws, found.id, 2, **kwargs)
    assert raised.value.key == key
    assert row_counts(ws) == before


def test_no_links_for_an_unknown_or_closed_round(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError) as raised:
        make_links(ws, "000000000000")
    assert raised.value.key == "validate.error.unknown_round"
    found = start_round(ws)
    close_round(ws, found.id)
    with pytest.raises(WorkspaceError) as raised:
        make_links(ws, found.id)
    assert raised.value.key == "validate.error.round_not_open"


# -- answers ---------------------------------------------------------------------------------
def test_a_link_takes_one_submission_by_default(ws: Workspace) -> None:
    found = start_round(ws)
    token = one_link(ws, found)
    submission = submit_answers(ws, token, answers_for(found), lang="en")
    rows = round_answers(ws, found.id)
    assert {r["submission"] for r in rows} == {submission}
    assert sorted(r["persona_id"] for r in rows) == sorted(p.id for p in found.personas)
    with pytest.raises(LinkError) as raised:
        submit_answers(ws, token, answers_for(found), lang="en")
    assert raised.value.reason == "used"
    with pytest.raises(LinkError):
        open_link(ws, token)
    assert len(round_answers(ws, found.id)) == len(rows)
    assert get_round(ws, found.id).submissions == 1


def test_a_link_with_three_answers_takes_three(ws: Workspace) -> None:
    found = start_round(ws)
    token = one_link(ws, found, max_answers=3)
    made = [submit_answers(ws, token, answers_for(found), lang="nl") for _ in range(3)]
    assert len(set(made)) == 3
    with pytest.raises(LinkError) as raised:
        submit_answers(ws, token, answers_for(found))
    assert raised.value.reason == "used"
    assert get_round(ws, found.id).submissions == 3


def test_the_rounds_answers_per_link_is_the_links_default(ws: Workspace) -> None:
    found = start_round(ws, max_answers_per_link=2)
    assert found.max_answers_per_link == 2
    link = make_links(ws, found.id)[0]
    assert link.max_answers == 2
    for _ in range(2):
        submit_answers(ws, link.token, answers_for(found))
    with pytest.raises(LinkError):
        submit_answers(ws, link.token, answers_for(found))


def test_the_setting_is_the_rounds_default(ws: Workspace) -> None:
    set_validate(ws, max_answers_per_link=5, expires_days=2)
    found = start_round(ws)
    assert found.max_answers_per_link == 5
    assert found.expires_at - found.created_at == timedelta(days=2)


def test_answers_are_stored_as_checked_values(ws: Workspace) -> None:
    found = start_round(ws)
    persona_id = found.personas[0].id
    submit_answers(ws, one_link(ws, found), {persona_id: {
        "recognise": " 5 ", "pps_credibility_1": 7, "in_database": "yes", "missing": "  ",
        "reach": "  By phone.  "}}, lang="fr")
    [row] = round_answers(ws, found.id)
    assert row["answers"] == {"recognise": 5, "pps_credibility_1": 7, "in_database": "yes",
                              "reach": "By phone."}  # blank answers are left out
    assert row["lang"] == "nl"  # an unknown language falls back to Dutch


@pytest.mark.parametrize(("answers", "key"), [
    ({"recognise": 6}, "validate.error.answer_range"),  # five-point scale
    ({"recognise": "3.0"}, "validate.error.answer_range"),
    ({"recognise": True}, "validate.error.answer_range"),
    ({"pps_empathy_2": 0}, "validate.error.answer_range"),
    ({"in_database": "maybe"}, "validate.error.answer_choice"),
    ({"favourite_colour": "blue"}, "validate.error.answer_question"),
    ({"missing": "x" * 2001}, "validate.error.answer_long"),
    ({"missing": "   "}, "validate.error.answer_empty"),
    ({}, "validate.error.answer_empty"),
])
def test_a_bad_answer_is_refused_with_nothing_written(ws: Workspace, answers: dict[str, Any],
                                                       key: str) -> None:
    found = start_round(ws)
    token = one_link(ws, found)
    before = row_counts(ws)
    given = {found.personas[0].id: {"recognise": 4}, found.personas[1].id: answers}
    if key == "validate.error.answer_empty":
        given = {found.personas[1].id: answers}
    with pytest.raises(InputError) as raised:
        submit_answers(ws, token, given)
    assert raised.value.key == key
    assert row_counts(ws) == before
    assert open_link(ws, token).remaining == 1  # the link was not used up


def test_an_answer_about_a_persona_outside_the_round_is_refused(ws: Workspace) -> None:
    version = get_version(ws)
    found = start_round(ws, personas=[version.personas[0].id])
    token = one_link(ws, found)
    with pytest.raises(InputError) as raised:
        submit_answers(ws, token, {version.personas[1].id: {"recognise": 3}})
    assert raised.value.key == "validate.error.answer_persona"
    assert round_answers(ws, found.id) == []


# -- closing and listing ---------------------------------------------------------------------
def test_close_archives_the_summary_and_the_judged_personas(ws: Workspace) -> None:
    found = start_round(ws)
    for _ in range(3):
        submit_answers(ws, one_link(ws, found), answers_for(found, missing="The price."))
    summary = summarise_round(ws, found.id)
    judged = found.personas[0]
    newest = get_persona(ws, judged.id)
    save_persona(ws, newest.model_copy(update={"name": "Edited Meanwhile"}),
                 base_revision=newest.revision, author="editor")

    closed = close_round(ws, found.id, actor="ana")
    assert closed.status == "closed" and closed.closed_by == "ana"
    assert closed.closed_at is not None and not closed.accepting()
    archive = closed.archive
    assert archive is not None
    assert archive["build_id"] == found.build_id
    assert archive["summary"] == summary.model_dump(mode="json")
    personas = [Persona.model_validate(p) for p in archive["personas"]]
    assert [(p.id, p.revision) for p in personas] == [
        (p.id, p.revision) for p in found.personas]
    assert personas[0].name == judged.name != "Edited Meanwhile"
    assert all(p.avatar_svg == "" for p in personas)  # the pictures are not copied


def test_a_round_is_closed_once(ws: Workspace) -> None:
    found = start_round(ws)
    close_round(ws, found.id)
    archived = get_round(ws, found.id)
    with pytest.raises(WorkspaceError) as raised:
        close_round(ws, found.id, actor="someone else")
    assert raised.value.key == "validate.error.round_closed"
    assert get_round(ws, found.id) == archived


def test_list_rounds_newest_first_with_counts(ws: Workspace) -> None:
    before = [r.id for r in list_rounds(ws)]  # the demo's own round
    first = start_round(ws, title="first")
    second = start_round(ws, title="second")
    make_links(ws, second.id, 3)
    submit_answers(ws, one_link(ws, second), answers_for(second))
    listed = list_rounds(ws)
    assert [r.id for r in listed] == [second.id, first.id, *before]
    assert (listed[0].links, listed[0].submissions) == (4, 1)
    assert (listed[1].links, listed[1].submissions) == (0, 0)


def test_an_unknown_round_is_a_clear_error(ws: Workspace) -> None:
    for call in (get_round, round_answers, summarise_round, close_round):
        with pytest.raises(WorkspaceError) as raised:
            call(ws, "nosuchround")
        assert raised.value.key == "validate.error.unknown_round"


# -- comments into the next revision ---------------------------------------------------------
def test_a_comment_becomes_an_assumption_on_a_new_revision(ws: Workspace) -> None:
    round_id, answer_id, persona_id = with_comment(ws, "They compare prices every year.")
    before = get_persona(ws, persona_id)
    done = apply_comment(ws, round_id, answer_id, "missing", actor="ana")
    after = get_persona(ws, persona_id)
    assert after.revision == before.revision + 1 == done.revision
    assert len(after.statements) == len(before.statements) + 1
    added = after.statements[-1]
    assert added.id == done.statement_id
    assert added.evidence == [] and added.assumption is True
    assert added.section == "notes"  # where "what is missing" lands by default
    assert added.text == {"nl": "They compare prices every year.",
                          "en": "They compare prices every year."}
    assert added.author == "ana"
    assert after.statements[:-1] == before.statements
    assert applied_comments(ws, round_id) == [done]
    assert (done.kind, done.persona_id, done.question) == ("assumption", persona_id, "missing")
    assert persona_history(ws, persona_id)[-1]["author"] == "ana"


def test_an_assumption_takes_the_analysts_wording_and_section(ws: Workspace) -> None:
    round_id, answer_id, persona_id = with_comment(ws, "app!!", question="reach")
    done = apply_comment(ws, round_id, answer_id, "reach", text="  Reach them in the app. ",
                         section="channels")
    added = get_persona(ws, persona_id).statements[-1]
    assert (added.id, added.section) == (done.statement_id, "channels")
    assert added.text["en"] == "Reach them in the app."


def test_a_comment_applied_twice_gets_two_statement_ids(ws: Workspace) -> None:
    round_id, answer_id, persona_id = with_comment(ws, "They want a person on the phone.")
    first = apply_comment(ws, round_id, answer_id, "missing")
    second = apply_comment(ws, round_id, answer_id, "missing")
    ids = [s.id for s in get_persona(ws, persona_id).statements]
    assert first.statement_id != second.statement_id
    assert len(ids) == len(set(ids))
    assert [a.statement_id for a in applied_comments(ws, round_id)] == [
        first.statement_id, second.statement_id]


def test_a_comment_becomes_an_edit_that_keeps_the_evidence(ws: Workspace) -> None:
    round_id, answer_id, persona_id = with_comment(ws, "They mostly call after a breakdown.")
    before = get_persona(ws, persona_id)
    target = next(s for s in before.statements if s.evidence)
    done = apply_comment(ws, round_id, answer_id, "missing", kind="edit",
                         statement_id=target.id, actor="ana")
    after = get_persona(ws, persona_id)
    assert (done.kind, done.statement_id, done.revision) == ("edit", target.id,
                                                            before.revision + 1)
    edited = next(s for s in after.statements if s.id == target.id)
    assert edited.text == {"nl": "They mostly call after a breakdown.",
                           "en": "They mostly call after a breakdown."}
    assert edited.evidence == target.evidence and edited.assumption is False
    assert edited.section == target.section
    assert [s for s in after.statements if s.id != target.id] == [
        s for s in before.statements if s.id != target.id]


def test_applying_on_a_stale_base_is_a_conflict(ws: Workspace) -> None:
    round_id, answer_id, persona_id = with_comment(ws, "Price matters most.")
    seen = get_persona(ws, persona_id)
    theirs = save_persona(ws, seen.model_copy(update={"name": "Saved By Someone Else"}),
                          base_revision=seen.revision, author="colleague")
    before = row_counts(ws)
    with pytest.raises(ConflictError) as raised:
        apply_comment(ws, round_id, answer_id, "missing", base_revision=seen.revision)
    assert raised.value.theirs.revision == theirs.revision
    assert get_persona(ws, persona_id) == theirs  # their change stands
    assert row_counts(ws) == before and applied_comments(ws, round_id) == []
    # Applied on what is there now, it lands on top of their change.
    done = apply_comment(ws, round_id, answer_id, "missing", base_revision=theirs.revision)
    after = get_persona(ws, persona_id)
    assert after.name == "Saved By Someone Else" and after.revision == done.revision


def test_a_save_racing_the_apply_is_a_conflict_not_a_lost_change(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import personakit.track as track

    round_id, answer_id, persona_id = with_comment(ws, "Price matters most.")
    real_save = track.save_persona
    raced: list[Persona] = []

    def save_after_someone_else(persona: Persona, **kwargs: Any) -> Persona:
        if not raced:  # a colleague saves between apply_comment's read and its save
            newest = get_persona(ws, persona.id)
            raced.append(real_save(ws, newest.model_copy(update={"name": "Colleague"}),
                                   base_revision=newest.revision, author="colleague"))
        return real_save(ws, persona, **kwargs)

    monkeypatch.setattr(track, "save_persona",
                        lambda _ws, persona, **kw: save_after_someone_else(persona, **kw))
    with pytest.raises(ConflictError):
        apply_comment(ws, round_id, answer_id, "missing")
    assert get_persona(ws, persona_id) == raced[0]
    assert applied_comments(ws, round_id) == []


@pytest.mark.parametrize(("kwargs", "error", "key"), [
    ({"question": "recognise"}, InputError, "validate.error.apply_question"),
    ({"question": "reach"}, WorkspaceError, "validate.error.unknown_comment"),  # not answered
    ({"answer_id": 10**6}, WorkspaceError, "validate.error.unknown_comment"),
    ({"kind": "delete"}, InputError, "validate.error.apply_kind"),
    ({"kind": "edit", "statement_id": "no-such-statement"}, InputError,
     "validate.error.apply_statement"),
    ({"kind": "edit"}, InputError, "validate.error.apply_statement"),
    ({"section": "hobbies"}, InputError, "validate.error.apply_section"),
    ({"text": "   "}, InputError, "validate.error.answer_empty"),
    ({"base_revision": 999}, WorkspaceError, "track.error.unknown_persona"),
])
def test_a_bad_apply_is_refused_with_nothing_written(ws: Workspace, kwargs: dict[str, Any],
                                                     error: type[Exception], key: str) -> None:
    round_id, answer_id, persona_id = with_comment(ws, "Something is missing.")
    call: dict[str, Any] = {"answer_id": answer_id, "question": "missing", **kwargs}
    before, history = row_counts(ws), persona_history(ws, persona_id)
    with pytest.raises(error) as raised:
        apply_comment(ws, round_id, call.pop("answer_id"), call.pop("question"), **call)
    assert isinstance(raised.value, PersonakitError) and raised.value.key == key
    assert row_counts(ws) == before and persona_history(ws, persona_id) == history


def test_a_comment_of_another_round_is_not_found(ws: Workspace) -> None:
    _, answer_id, _ = with_comment(ws, "First round's comment.")
    other = start_round(ws)
    with pytest.raises(WorkspaceError) as raised:
        apply_comment(ws, other.id, answer_id, "missing")
    assert raised.value.key == "validate.error.unknown_comment"
