"""Coding texts (issue 11, point 4): codes with revisions and soft deletes, tags and themes
renamed and merged as new revisions with conflicts, the snippet always cut from the
redacted text, and bad input refused with nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from personakit.access import audit_entries
from personakit.errors import InputError, WorkspaceError
from personakit.texts import (
    CodeConflictError,
    TextItem,
    ThemeConflictError,
    add_code,
    code_history,
    delete_code,
    edit_code,
    list_codes,
    list_tags,
    merge_tags,
    merge_themes,
    rename_tag,
    rename_theme,
    run_history,
    set_theme_section,
)
from personakit.texts._codes import current_run, load_run, merged_theme, rest_counts
from personakit.texts._tables import text_codes, theme_revisions
from personakit.workspace import Workspace
from tests._textsdata import RUN_ID, make_items, make_run, store_run

LINKS = [("default-0", "seg1-0"), ("default-1", "seg1-1")]


@pytest.fixture
def items(monkeypatch: pytest.MonkeyPatch) -> list[TextItem]:
    found = make_items(LINKS)
    monkeypatch.setattr("personakit.texts.text_items", lambda ws, **_: found)
    return found


@pytest.fixture
def themed(workspace: Workspace, items: list[TextItem]) -> Workspace:
    store_run(workspace, make_run(items, LINKS))
    return workspace


def _rows(ws: Workspace, table: Any) -> int:
    with ws.engine.connect() as con:
        return int(con.execute(select(func.count()).select_from(table)).scalar_one())


def _named(items: list[TextItem]) -> TextItem:
    return next(i for i in items if "[naam]" in i.text)


def test_a_code_takes_its_snippet_from_the_redacted_text(workspace: Workspace,
                                                          items: list[TextItem]) -> None:
    item = _named(items)
    start = item.text.index("Mijn")
    code = add_code(workspace, item.id, start, start + 19, "frustration", tag="wachttijd",
                    actor="ana")
    assert code.text == "Mijn naam is [naam]" == item.text[code.start:code.end]
    assert code.persona_id == "default-1"  # the persona the text is linked to
    assert (code.revision, code.author, code.deleted) == (1, "ana", False)
    assert list_codes(workspace) == [code]
    entry = audit_entries(workspace, action="texts.code.add")[0]
    assert entry.actor == "ana" and entry.subject == code.id
    assert entry.detail["item"] == item.id


def test_surrounding_spaces_are_left_out_of_a_passage(workspace: Workspace,
                                                      items: list[TextItem]) -> None:
    item = items[0]
    end = item.text.index(" ", 5)
    code = add_code(workspace, item.id, 0, end + 1, "goal", actor="ana")
    assert code.end == end and not code.text.endswith(" ")


@pytest.mark.parametrize(("start", "end", "kind", "tag", "key"), [
    (-1, 5, "goal", None, "texts.codes.error.offsets"),
    (5, 5, "goal", None, "texts.codes.error.offsets"),
    (6, 5, "goal", None, "texts.codes.error.offsets"),
    (0, 10_000, "goal", None, "texts.codes.error.offsets"),
    (0, 5, "wish", None, "texts.codes.error.kind"),
    (0, 5, "free", None, "texts.codes.error.tag_needed"),
    (0, 5, "free", "   ", "texts.codes.error.tag_needed"),
    (0, 5, "free", "x" * 101, "texts.codes.error.tag_too_long"),
])
def test_bad_offsets_kinds_and_tags_are_refused_with_nothing_written(
        workspace: Workspace, items: list[TextItem], start: int, end: int, kind: str,
        tag: str | None, key: str) -> None:
    with pytest.raises(InputError) as caught:
        add_code(workspace, items[0].id, start, end, kind, tag=tag, actor="ana")
    assert caught.value.key == key
    assert "{" not in caught.value.message("nl")  # every fact named, in both languages
    assert _rows(workspace, text_codes) == 0
    assert not audit_entries(workspace, action="texts.code")


def test_an_unknown_text_a_blank_passage_or_an_unknown_persona_is_refused(
        workspace: Workspace, items: list[TextItem]) -> None:
    with pytest.raises(InputError, match="nope"):
        add_code(workspace, "nope", 0, 3, "goal", actor="ana")
    spaced = items[0].model_copy(update={"id": "x:spaced", "text": "Eerst.     Daarna."})
    items.append(spaced)
    with pytest.raises(InputError) as caught:
        add_code(workspace, spaced.id, 6, 10, "goal", actor="ana")
    assert caught.value.key == "texts.codes.error.empty"
    with pytest.raises(InputError) as caught:
        add_code(workspace, items[0].id, 0, 5, "goal", persona_id="default-9", actor="ana")
    assert caught.value.key == "texts.codes.error.unknown_persona"
    assert _rows(workspace, text_codes) == 0


def test_every_change_is_a_revision_and_a_delete_keeps_the_history(
        workspace: Workspace, items: list[TextItem]) -> None:
    item = items[3]
    code = add_code(workspace, item.id, 0, 10, "frustration", actor="ana")
    edited = edit_code(workspace, code.id, actor="bob", kind="barrier", tag="formulier",
                       end=20)
    assert (edited.revision, edited.kind, edited.tag, edited.author) == (
        2, "barrier", "formulier", "bob")
    assert edited.text == item.text[0:20].strip()
    with pytest.raises(CodeConflictError) as stale:
        edit_code(workspace, code.id, actor="ana", tag="x", base_revision=1)
    assert stale.value.theirs.revision == 2 and stale.value.mine.revision == 1
    deleted = delete_code(workspace, code.id, actor="ana")
    assert deleted.deleted and deleted.revision == 3
    assert list_codes(workspace) == []
    assert [c.deleted for c in list_codes(workspace, deleted=True)] == [True]
    history = code_history(workspace, code.id)
    assert [(c.revision, c.kind, c.deleted) for c in history] == [
        (1, "frustration", False), (2, "barrier", False), (3, "barrier", True)]
    with pytest.raises(InputError):
        edit_code(workspace, code.id, actor="ana", tag="again")
    with pytest.raises(WorkspaceError):
        code_history(workspace, "no-such-code")
    actions = [e.action for e in audit_entries(workspace, action="texts.code")]
    assert actions == ["texts.code.delete", "texts.code.edit", "texts.code.add"]


def test_filters_of_list_codes(workspace: Workspace, items: list[TextItem]) -> None:
    first = add_code(workspace, items[0].id, 0, 5, "goal", actor="ana")
    second = add_code(workspace, items[150].id, 0, 5, "driver", tag="app", actor="ana")
    assert list_codes(workspace, item_id=items[0].id) == [first]
    assert list_codes(workspace, persona_id="default-1") == [second]
    assert list_codes(workspace, kind="driver") == [second]
    assert list_codes(workspace, tag="app") == [second]


def test_tags_are_renamed_and_merged_as_new_revisions(workspace: Workspace,
                                                      items: list[TextItem]) -> None:
    a = add_code(workspace, items[0].id, 0, 5, "frustration", tag="wachten", actor="ana")
    b = add_code(workspace, items[1].id, 0, 5, "frustration", tag="Wachttijd", actor="ana")
    c = add_code(workspace, items[2].id, 0, 5, "free", tag="telefoon", actor="ana")
    assert list_tags(workspace) == {"telefoon": 1, "wachten": 1, "Wachttijd": 1}
    renamed = rename_tag(workspace, "Wachttijd", "wachttijd", actor="bob")
    assert [(x.id, x.revision, x.tag) for x in renamed] == [(b.id, 2, "wachttijd")]
    merged = merge_tags(workspace, ["wachten", "telefoon"], "wachttijd", actor="bob")
    assert {x.id for x in merged} == {a.id, c.id}
    assert list_tags(workspace) == {"wachttijd": 3}
    assert merge_tags(workspace, ["nothing"], "wachttijd", actor="bob") == []
    entry = audit_entries(workspace, action="texts.tag.merge")[0]
    assert entry.detail["codes"] == 2 and entry.subject == "wachttijd"


def test_renaming_a_theme_saves_the_next_revision_and_keeps_the_history(
        themed: Workspace) -> None:
    saved = rename_theme(themed, RUN_ID, "t-wait", {"nl": "Wachttijd aan de telefoon",
                                                    "en": "Waiting on the phone"}, "ana",
                         base_revision=1)
    assert saved.revision == 2 and saved.author == "ana"
    wait = next(t for t in saved.themes if t.id == "t-wait")
    assert wait.label == {"nl": "Wachttijd aan de telefoon", "en": "Waiting on the phone"}
    assert wait.renamed_by == "ana"
    history = run_history(themed, RUN_ID)
    assert [r.revision for r in history] == [1, 2]
    assert next(t for t in history[0].themes if t.id == "t-wait").label["nl"] == \
        "wachten, telefoon, wachttijd"
    newest = current_run(themed)
    assert newest is not None and newest.revision == 2
    one = rename_theme(themed, RUN_ID, "t-app", "App", "bob")  # one name for both languages
    assert next(t for t in one.themes if t.id == "t-app").label == {"nl": "App", "en": "App"}
    assert audit_entries(themed, action="texts.theme.rename")[0].detail["theme"] == "t-app"


def test_a_stale_base_revision_is_a_conflict_carrying_both(themed: Workspace) -> None:
    rename_theme(themed, RUN_ID, "t-wait", "Wachten", "ana", base_revision=1)
    with pytest.raises(ThemeConflictError) as caught:
        merge_themes(themed, RUN_ID, ["t-wait", "t-small"], "Wachten en buitenland", "bob",
                     base_revision=1)
    mine, theirs = caught.value.mine, caught.value.theirs
    assert (mine.revision, theirs.revision, theirs.author) == (1, 2, "ana")
    assert "t-small" not in {t.id for t in mine.themes}  # what bob tried
    assert "t-small" in {t.id for t in theirs.themes}  # what is saved
    assert "bob" not in caught.value.message("en") and "ana" in caught.value.message("nl")
    with pytest.raises(ThemeConflictError):
        set_theme_section(themed, RUN_ID, "t-wait", "barriers", "bob", base_revision=1)
    assert [r.revision for r in run_history(themed, RUN_ID)] == [1, 2]


def test_merging_themes_counts_their_prevalence_again(themed: Workspace) -> None:
    before = {t.id: t for t in load_run(themed, RUN_ID).themes}  # type: ignore[union-attr]
    saved = merge_themes(themed, RUN_ID, ["t-wait", "t-small"],
                         {"nl": "Wachten en buitenland", "en": ""}, "ana", base_revision=1)
    ids = [t.id for t in saved.themes]
    assert "t-small" not in ids and ids.index("t-wait") == 0
    merged = saved.themes[0]
    assert merged.label == {"nl": "Wachten en buitenland", "en": "Wachten en buitenland"}
    assert merged.merged_from == ["t-small"]
    assert merged.size == before["t-wait"].size + before["t-small"].size
    second = next(s for s in merged.shares if s.profile_id == "seg1-1")
    assert (second.in_theme, second.texts) == (38, 100)
    assert (second.rest_in_theme, second.rest_texts) == (13, 100)
    assert second.share == pytest.approx(0.38) and second.rest_share == pytest.approx(0.13)
    assert second.low is not None and second.low < 0.38 < (second.high or 0)
    assert second.p_value is not None and second.p_value < 0.001
    assert merged.terms[:2] == ["wachten", "vakantie"]  # interleaved by rank
    assert set(merged.item_ids) == set(before["t-wait"].item_ids) | set(
        before["t-small"].item_ids)


def test_bad_theme_changes_are_refused_with_nothing_written(themed: Workspace) -> None:
    before = _rows(themed, theme_revisions)
    cases = [
        (lambda: merge_themes(themed, RUN_ID, ["t-wait"], "x", "ana"), InputError),
        (lambda: merge_themes(themed, RUN_ID, ["t-wait", "t-nope"], "x", "ana"), InputError),
        (lambda: rename_theme(themed, RUN_ID, "t-wait", {"nl": " ", "en": ""}, "ana"),
         InputError),
        (lambda: rename_theme(themed, RUN_ID, "t-nope", "x", "ana"), InputError),
        (lambda: rename_theme(themed, "no-run", "t-wait", "x", "ana"), WorkspaceError),
        (lambda: set_theme_section(themed, RUN_ID, "t-wait", "kitchen", "ana"), InputError),
    ]
    for call, error in cases:
        with pytest.raises(error):
            call()
    assert _rows(themed, theme_revisions) == before
    assert not audit_entries(themed, action="texts.theme")


def test_a_theme_s_section_is_set_and_cleared(themed: Workspace) -> None:
    saved = set_theme_section(themed, RUN_ID, "t-price", "fears", "ana")
    assert next(t for t in saved.themes if t.id == "t-price").section == "fears"
    cleared = set_theme_section(themed, RUN_ID, "t-price", None, "ana")
    assert next(t for t in cleared.themes if t.id == "t-price").section is None
    assert cleared.revision == 3


def test_rest_counts_come_from_the_other_profiles_when_the_run_does_not_give_them(
        items: list[TextItem]) -> None:
    run = make_run(items, LINKS)
    wait = next(t for t in run.themes if t.id == "t-wait")
    bare = wait.model_copy(update={"shares": [s.model_copy(update={
        "rest_texts": None, "rest_in_theme": None}) for s in wait.shares]})
    assert rest_counts(bare, bare.shares[1]) == (12, 100)  # the first profile's counts
    merged = merged_theme([bare, bare], {"nl": "x", "en": "x"}, "ana", 10)
    assert merged.shares[1].in_theme == 60 and merged.shares[1].rest_in_theme == 24
