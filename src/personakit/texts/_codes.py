"""Coding (as Dovetail does): an analyst highlights a passage of a text and tags it; tags and
themes are merged and renamed. Every change is a new revision, and audited.

A code's snippet is always cut from the **redacted** text (``TextItem.text``) by its offsets,
never taken from what a form sent: no personal data can enter through a code. A deleted
code is a new revision marked ``deleted`` (its history stays). A theme run's rename, merge
or changed canvas section saves the run's next revision in ``theme_revisions``; a save from
a revision that is no longer the newest is refused with both states
(:class:`ThemeConflictError`), as ``personakit.track.save_persona`` does for personas.

The texts and theme runs come from the other parts of issue 11 (``personakit.texts._items``
and ``._themes``) through the thin adapters :func:`load_items` and :func:`current_run`.
"""

from __future__ import annotations

import importlib
import math
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from personakit.access import audit
from personakit.errors import InputError, PersonakitError, WorkspaceError
from personakit.i18n import LANGUAGES
from personakit.texts._model import CODE_SECTION, Code, TextItem, Theme, ThemeModel, ThemeShare
from personakit.texts._tables import text_codes, theme_revisions
from personakit.workspace import Workspace

CODE_KINDS: tuple[str, ...] = tuple(CODE_SECTION)  # goal, frustration, ..., free
MAX_SNIPPET = 2000  # characters one code may span: a passage, not a whole interview
MAX_TAG = 100
MAX_LABEL = 200
# Sections a theme may be placed in by an analyst (the persona canvas, plus "notes").
THEME_SECTIONS: tuple[str, ...] = (
    "goals", "frustrations", "drivers", "fears", "dreams", "expectations", "barriers",
    "skills", "channels", "tone", "buying", "media", "notes",
)


class _Keep(Enum):
    KEEP = 0


KEEP = _Keep.KEEP  # edit_code: leave this field as it is


class CodeConflictError(PersonakitError):
    """An edit of a code started from a revision that is no longer the newest."""

    def __init__(self, mine: Code, theirs: Code) -> None:
        super().__init__("texts.codes.error.code_conflict", code=mine.id, base=mine.revision,
                         newest=theirs.revision, author=theirs.author)
        self.mine = mine
        self.theirs = theirs


class ThemeConflictError(PersonakitError):
    """A change to a theme run started from a revision that is no longer the newest.

    Parameters
    ----------
    mine
        The run as the caller changed it (its ``revision`` is the base it started from).
    theirs
        The newest saved revision, which the caller has not seen.
    """

    def __init__(self, mine: ThemeModel, theirs: ThemeModel) -> None:
        super().__init__("texts.codes.error.conflict", run=mine.id, base=mine.revision,
                         newest=theirs.revision, author=theirs.author or "-")
        self.mine = mine
        self.theirs = theirs


# -- adapters to the texts and theme runs of issue 11 ---------------------------------------

def _texts_function(name: str, module: str = "") -> Callable[..., Any] | None:
    """``personakit.texts.<name>`` (or ``personakit.texts.<module>.<name>``) when that part of
    issue 11 is installed; looked up when called, so this module never depends on it."""
    try:
        found = importlib.import_module("personakit.texts" + (f".{module}" if module else ""))
    except ImportError:
        return None
    function = getattr(found, name, None)
    return function if callable(function) else None


def load_items(ws: Workspace) -> list[TextItem]:
    """The workspace's redacted texts (``personakit.texts.text_items``); none before any
    text is imported."""
    function = _texts_function("text_items")
    return [] if function is None else list(function(ws))


def items_by_id(ws: Workspace) -> dict[str, TextItem]:
    return {item.id: item for item in load_items(ws)}


def current_run(ws: Workspace) -> ThemeModel | None:
    """The newest revision of the newest theme run (``personakit.texts.current_themes``,
    else read here), or ``None`` before any theming."""
    function = _texts_function("current_themes")
    found = function(ws) if function is not None else None
    if found is not None:
        # Read back here: the newest revision, with its number and author.
        return load_run(ws, found.id) or found
    with ws.engine.connect() as con:
        row = con.execute(select(theme_revisions.c.run_id)
                          .where(theme_revisions.c.revision == 1)
                          .order_by(theme_revisions.c.id.desc()).limit(1)).first()
    return None if row is None else load_run(ws, row.run_id)


# -- codes ------------------------------------------------------------------------------------

def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _code(row: Any) -> Code:
    return Code(id=row.code_id, item_id=row.item_id, start=row.start, end=row.end,
                text=row.text, kind=row.kind, tag=row.tag, persona_id=row.persona_id,
                author=row.author, created_at=_utc(row.created_at), revision=row.revision,
                deleted=bool(row.deleted))


def _newest_rows(con: Connection, *conditions: Any) -> list[Any]:
    newest = (select(text_codes.c.code_id, func.max(text_codes.c.revision).label("revision"))
              .group_by(text_codes.c.code_id).subquery())
    query = select(text_codes).join(newest, (text_codes.c.code_id == newest.c.code_id)
                                    & (text_codes.c.revision == newest.c.revision))
    for condition in conditions:
        query = query.where(condition)
    return list(con.execute(query.order_by(text_codes.c.item_id, text_codes.c.start,
                                           text_codes.c.code_id)).all())


def get_code(ws: Workspace, code_id: str) -> Code:
    """The newest revision of one code (deleted or not); WorkspaceError when unknown."""
    with ws.engine.connect() as con:
        rows = _newest_rows(con, text_codes.c.code_id == code_id)
    if not rows:
        raise WorkspaceError("texts.codes.error.unknown_code", code=code_id)
    return _code(rows[0])


def list_codes(ws: Workspace, *, item_id: str | None = None, persona_id: str | None = None,
               kind: str | None = None, tag: str | None = None,
               deleted: bool = False) -> list[Code]:
    """The newest revision of every live code (with *deleted*: also the deleted ones),
    optionally of one text, persona, kind or tag; by text, then position."""
    conditions: list[Any] = [] if deleted else [text_codes.c.deleted.is_(False)]
    for column, value in ((text_codes.c.item_id, item_id), (text_codes.c.persona_id, persona_id),
                          (text_codes.c.kind, kind), (text_codes.c.tag, tag)):
        if value is not None:
            conditions.append(column == value)
    with ws.engine.connect() as con:
        return [_code(r) for r in _newest_rows(con, *conditions)]


def code_history(ws: Workspace, code_id: str) -> list[Code]:
    """Every revision of one code, oldest first."""
    with ws.engine.connect() as con:
        rows = con.execute(select(text_codes).where(text_codes.c.code_id == code_id)
                           .order_by(text_codes.c.revision)).all()
    if not rows:
        raise WorkspaceError("texts.codes.error.unknown_code", code=code_id)
    return [_code(r) for r in rows]


def _clean_tag(tag: str | None) -> str | None:
    if tag is None:
        return None
    cleaned = " ".join(tag.split())
    if len(cleaned) > MAX_TAG:
        raise InputError("texts.codes.error.tag_too_long", tag=cleaned[:40], limit=MAX_TAG)
    return cleaned or None


def _check_kind(kind: str, tag: str | None) -> None:
    if kind not in CODE_KINDS:
        raise InputError("texts.codes.error.kind", kind=kind, kinds=", ".join(CODE_KINDS))
    if kind == "free" and not tag:
        raise InputError("texts.codes.error.tag_needed")


def snippet_span(item: TextItem, start: int, end: int) -> tuple[int, int]:
    """*start*..*end* checked against the redacted text and trimmed of surrounding spaces;
    an InputError naming the text and its length otherwise."""
    length = len(item.text)
    if not (0 <= start < end <= length):
        raise InputError("texts.codes.error.offsets", item=item.id, start=start, end=end,
                         length=length)
    while start < end and item.text[start].isspace():
        start += 1
    while end > start and item.text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InputError("texts.codes.error.empty", item=item.id)
    if end - start > MAX_SNIPPET:
        raise InputError("texts.codes.error.too_long", item=item.id, limit=MAX_SNIPPET)
    return start, end


def _item(ws: Workspace, item_id: str) -> TextItem:
    found = items_by_id(ws).get(item_id)
    if found is None:
        raise InputError("texts.codes.error.unknown_item", item=item_id)
    return found


def _check_persona(ws: Workspace, persona_id: str | None) -> None:
    if persona_id is None:
        return
    from personakit.track import current_personas

    known = [p.id for p in current_personas(ws)]
    if persona_id not in known:
        raise InputError("texts.codes.error.unknown_persona", persona=persona_id,
                         personas=", ".join(known) or "-")


def _insert(con: Connection, code: Code) -> None:
    con.execute(text_codes.insert().values(
        code_id=code.id, revision=code.revision, item_id=code.item_id, start=code.start,
        end=code.end, text=code.text, kind=code.kind, tag=code.tag, persona_id=code.persona_id,
        author=code.author, created_at=code.created_at, deleted=code.deleted))


def _write(ws: Workspace, codes: list[Code], action: str, actor: str,
           detail: dict[str, Any], subject: str | None = None) -> None:
    """Insert the revisions and their audit entry in one transaction."""
    try:
        with ws.transaction() as st:
            for code in codes:
                _insert(st.connection, code)
            audit(ws, actor, action, subject or ",".join(c.id for c in codes)[:500], detail,
                  connection=st.connection)
    except IntegrityError as exc:  # someone saved the same revision first
        for code in codes:
            theirs = get_code(ws, code.id)
            if theirs.revision >= code.revision:
                raise CodeConflictError(code.model_copy(update={"revision": code.revision - 1}),
                                        theirs) from exc
        raise


def add_code(ws: Workspace, item_id: str, start: int, end: int, kind: str, *,
             tag: str | None = None, persona_id: str | None = None, actor: str) -> Code:
    """Tag the passage *start*..*end* of text *item_id* as *kind* (a free tag needs *tag*).

    The snippet is cut from the redacted text; the code belongs to *persona_id*, by default
    the persona the text is linked to. Nothing is written when anything is wrong.
    """
    cleaned = _clean_tag(tag)
    _check_kind(kind, cleaned)
    item = _item(ws, item_id)
    start, end = snippet_span(item, start, end)
    _check_persona(ws, persona_id)
    code = Code(id=secrets.token_hex(6), item_id=item.id, start=start, end=end,
                text=item.text[start:end], kind=kind, tag=cleaned,  # type: ignore[arg-type]
                persona_id=persona_id or item.persona_id, author=actor,
                created_at=datetime.now(UTC), revision=1)
    _write(ws, [code], "texts.code.add", actor,
           {"item": item.id, "kind": kind, "tag": cleaned, "start": start, "end": end})
    return code


def edit_code(ws: Workspace, code_id: str, *, actor: str, start: int | None = None,
              end: int | None = None, kind: str | None = None,
              tag: str | None | _Keep = KEEP, persona_id: str | None | _Keep = KEEP,
              base_revision: int | None = None) -> Code:
    """Save the next revision of a code with what changed (other fields kept).

    With *base_revision*, a code saved by someone else since is a :class:`CodeConflictError`.
    """
    old = get_code(ws, code_id)
    if old.deleted:
        raise InputError("texts.codes.error.deleted", code=code_id)
    if base_revision is not None and base_revision != old.revision:
        raise CodeConflictError(old.model_copy(update={"revision": base_revision}), old)
    new_tag = old.tag if isinstance(tag, _Keep) else _clean_tag(tag)
    new_kind = kind or old.kind
    _check_kind(new_kind, new_tag)
    update: dict[str, Any] = {"kind": new_kind, "tag": new_tag}
    if start is not None or end is not None:
        item = _item(ws, old.item_id)
        span = snippet_span(item, old.start if start is None else start,
                            old.end if end is None else end)
        update.update(start=span[0], end=span[1], text=item.text[span[0]:span[1]])
    if not isinstance(persona_id, _Keep):
        _check_persona(ws, persona_id)
        update["persona_id"] = persona_id
    code = old.model_copy(update={**update, "revision": old.revision + 1, "author": actor,
                                  "created_at": datetime.now(UTC)})
    changed = sorted(k for k in update if getattr(old, k) != getattr(code, k))
    _write(ws, [code], "texts.code.edit", actor, {"revision": code.revision,
                                                   "changed": changed})
    return code


def delete_code(ws: Workspace, code_id: str, *, actor: str) -> Code:
    """Delete a code softly: its next revision says ``deleted``; its history stays."""
    old = get_code(ws, code_id)
    if old.deleted:
        raise InputError("texts.codes.error.deleted", code=code_id)
    code = old.model_copy(update={"revision": old.revision + 1, "deleted": True,
                                  "author": actor, "created_at": datetime.now(UTC)})
    _write(ws, [code], "texts.code.delete", actor, {"revision": code.revision})
    return code


def list_tags(ws: Workspace) -> dict[str, int]:
    """Every tag in use, with how many live codes carry it (most used first)."""
    counts: dict[str, int] = {}
    for code in list_codes(ws):
        if code.tag:
            counts[code.tag] = counts.get(code.tag, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower())))


def merge_tags(ws: Workspace, tags: Iterable[str], into: str, *, actor: str) -> list[Code]:
    """Every live code tagged with one of *tags* gets tag *into* (a new revision each)."""
    target = _clean_tag(into)
    if not target:
        raise InputError("texts.codes.error.tag_needed")
    merged = {t for t in (_clean_tag(tag) for tag in tags) if t and t != target}
    now = datetime.now(UTC)
    codes = [c.model_copy(update={"tag": target, "revision": c.revision + 1, "author": actor,
                                  "created_at": now})
             for c in list_codes(ws) if c.tag in merged]
    if codes:
        _write(ws, codes, "texts.tag.merge", actor,
               {"tags": sorted(merged), "into": target, "codes": len(codes)}, subject=target)
    return codes


def rename_tag(ws: Workspace, old: str, new: str, *, actor: str) -> list[Code]:
    """Rename a tag on every live code that carries it."""
    return merge_tags(ws, [old], new, actor=actor)


# -- theme runs -------------------------------------------------------------------------------

def _run_of(row: Any) -> ThemeModel:
    content = {k: v for k, v in dict(row.content).items() if k not in ("revision", "author")}
    return ThemeModel.model_validate({**content, "revision": row.revision,
                                      "author": row.author})


def load_run(ws: Workspace, run_id: str, revision: int | None = None) -> ThemeModel | None:
    """A theme run at its newest revision (or *revision*); ``None`` when not stored."""
    query = select(theme_revisions).where(theme_revisions.c.run_id == run_id)
    if revision is None:
        query = query.order_by(theme_revisions.c.revision.desc()).limit(1)
    else:
        query = query.where(theme_revisions.c.revision == revision)
    with ws.engine.connect() as con:
        row = con.execute(query).first()
    return None if row is None else _run_of(row)


def run_history(ws: Workspace, run_id: str) -> list[ThemeModel]:
    """Every saved revision of a theme run, oldest first."""
    with ws.engine.connect() as con:
        rows = con.execute(select(theme_revisions).where(theme_revisions.c.run_id == run_id)
                           .order_by(theme_revisions.c.revision)).all()
    if not rows:
        raise WorkspaceError("texts.codes.error.unknown_run", run=run_id)
    return [_run_of(r) for r in rows]


def save_run(ws: Workspace, run: ThemeModel, *, base_revision: int | None, actor: str,
             action: str, detail: dict[str, Any]) -> ThemeModel:
    """Save *run* as the revision after *base_revision* (``None``: after the newest).

    Raises :class:`ThemeConflictError` when someone saved after *base_revision*; the unique
    constraint on (run_id, revision) settles two saves racing past the check.
    """
    newest = load_run(ws, run.id)
    if newest is None:
        raise WorkspaceError("texts.codes.error.unknown_run", run=run.id)
    base = newest.revision if base_revision is None else base_revision
    mine = run.model_copy(update={"revision": base})
    if newest.revision != base:
        raise ThemeConflictError(mine, newest)
    saved = run.model_copy(update={"revision": base + 1, "author": actor})
    try:
        with ws.transaction() as st:
            st.connection.execute(theme_revisions.insert().values(
                run_id=run.id, revision=saved.revision, author=actor,
                created_at=datetime.now(UTC),
                content=saved.model_dump(mode="json", exclude={"revision", "author"})))
            audit(ws, actor, action, run.id, {"revision": saved.revision, **detail},
                  connection=st.connection)
    except IntegrityError as exc:
        raise ThemeConflictError(mine, load_run(ws, run.id) or newest) from exc
    return saved


def _run_and_theme(ws: Workspace, run_id: str, theme_id: str,
                   base_revision: int | None) -> tuple[ThemeModel, Theme]:
    run = load_run(ws, run_id, base_revision) or load_run(ws, run_id)
    if run is None:
        raise WorkspaceError("texts.codes.error.unknown_run", run=run_id)
    theme = next((t for t in run.themes if t.id == theme_id), None)
    if theme is None:
        raise InputError("texts.codes.error.unknown_theme", theme=theme_id, run=run_id)
    return run, theme


def clean_label(label: str | dict[str, str]) -> dict[str, str]:
    """A label per language: one text for every language, or per language (a missing one
    takes the other's); an InputError when empty or too long."""
    given = dict.fromkeys(LANGUAGES, label) if isinstance(label, str) else dict(label)
    cleaned = {k: " ".join(str(v).split()) for k, v in given.items() if k in LANGUAGES}
    filled = [v for v in cleaned.values() if v]
    if not filled:
        raise InputError("texts.codes.error.label")
    if any(len(v) > MAX_LABEL for v in filled):
        raise InputError("texts.codes.error.label_too_long", limit=MAX_LABEL)
    return {lang: cleaned.get(lang) or filled[0] for lang in LANGUAGES}


def _replace(run: ThemeModel, themes: list[Theme]) -> ThemeModel:
    return run.model_copy(update={"themes": themes})


def rename_theme(ws: Workspace, run_id: str, theme_id: str, label: str | dict[str, str],
                 actor: str, *, base_revision: int | None = None) -> ThemeModel:
    """Give a theme the name an analyst chose; saves the run's next revision."""
    labels = clean_label(label)
    run, theme = _run_and_theme(ws, run_id, theme_id, base_revision)
    renamed = theme.model_copy(update={"label": labels, "renamed_by": actor})
    themes = [renamed if t.id == theme_id else t for t in run.themes]
    return save_run(ws, _replace(run, themes), base_revision=base_revision, actor=actor,
                    action="texts.theme.rename",
                    detail={"theme": theme_id, "from": theme.label, "to": labels})


def set_theme_section(ws: Workspace, run_id: str, theme_id: str, section: str | None,
                      actor: str, *, base_revision: int | None = None) -> ThemeModel:
    """Place a theme in a canvas section (``None``: back to the one its terms suggest)."""
    if section is not None and section not in THEME_SECTIONS:
        raise InputError("texts.codes.error.section", section=section,
                         sections=", ".join(THEME_SECTIONS))
    run, theme = _run_and_theme(ws, run_id, theme_id, base_revision)
    moved = theme.model_copy(update={"section": section})
    themes = [moved if t.id == theme_id else t for t in run.themes]
    return save_run(ws, _replace(run, themes), base_revision=base_revision, actor=actor,
                    action="texts.theme.section",
                    detail={"theme": theme_id, "from": theme.section, "to": section})


def merge_themes(ws: Workspace, run_id: str, theme_ids: list[str], label: str | dict[str, str],
                 actor: str, *, base_revision: int | None = None) -> ThemeModel:
    """Merge two or more themes of a run into one (in the place of the first), named
    *label*: texts, snippets and terms together, prevalence per profile counted again."""
    from personakit.privacy import min_group_size

    labels = clean_label(label)
    ids = list(dict.fromkeys(theme_ids))
    if len(ids) < 2:
        raise InputError("texts.codes.error.merge_count")
    run = load_run(ws, run_id, base_revision) or load_run(ws, run_id)
    if run is None:
        raise WorkspaceError("texts.codes.error.unknown_run", run=run_id)
    by_id = {t.id: t for t in run.themes}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise InputError("texts.codes.error.unknown_theme", theme=", ".join(missing), run=run_id)
    parts = [by_id[i] for i in ids]
    merged = merged_theme(parts, labels, actor, min_group_size(ws))
    themes = [merged if t.id == ids[0] else t for t in run.themes if t.id not in ids[1:]]
    return save_run(ws, _replace(run, themes), base_revision=base_revision, actor=actor,
                    action="texts.theme.merge", detail={"themes": ids, "label": labels})


def merged_theme(parts: list[Theme], label: dict[str, str], actor: str,
                 min_group: int) -> Theme:
    """One theme of *parts* (pure): sizes add up, terms interleave by rank, snippets and
    texts are pooled, sentiment is the size-weighted mean, shares are counted again."""
    first = parts[0]
    size = sum(p.size for p in parts)
    weighted = [(p.sentiment, p.size) for p in parts if p.sentiment is not None]
    total = sum(w for _, w in weighted)
    sentiment = (sum(s * w for s, w in weighted) / total if total
                 else weighted[0][0] if weighted else None)
    sections = {p.section for p in parts if p.section}
    competitors = {p.competitor for p in parts}
    terms: list[str] = []
    for rank in range(max(len(p.terms) for p in parts)):
        terms += [p.terms[rank] for p in parts if rank < len(p.terms)]
    return Theme(
        id=first.id, label=label, terms=list(dict.fromkeys(terms)), size=size,
        snippets=[s for p in parts for s in p.snippets], sentiment=sentiment,
        section=first.section if first.section or len(sections) != 1 else sections.pop(),
        competitor=competitors.pop() if len(competitors) == 1 else None,
        shares=merged_shares(parts, min_group),
        merged_from=list(dict.fromkeys(
            [i for p in parts for i in [p.id, *p.merged_from] if i != first.id])),
        renamed_by=actor, item_ids=list(dict.fromkeys(i for p in parts for i in p.item_ids)),
    )


def rest_counts(theme: Theme, share: ThemeShare) -> tuple[int | None, int | None]:
    """(texts in the theme, texts) of everyone outside *share*'s profile: as the share says,
    else summed over the theme's other profiles."""
    if share.rest_texts is not None and share.rest_in_theme is not None:
        return share.rest_in_theme, share.rest_texts
    others = [s for s in theme.shares if s.profile_id != share.profile_id]
    texts = sum(s.texts for s in others)
    if not others or texts <= 0:
        return None, None
    return sum(s.in_theme for s in others), texts


def merged_shares(parts: list[Theme], min_group: int) -> list[ThemeShare]:
    """Per profile: the pooled texts in the merged themes against the pooled rest."""
    from personakit.segment._stats import wilson

    profiles: dict[str, list[tuple[Theme, ThemeShare]]] = {}
    for part in parts:
        for share in part.shares:
            profiles.setdefault(share.profile_id, []).append((part, share))
    result = []
    for profile_id, found in profiles.items():
        texts = max(s.texts for _, s in found)
        in_theme = min(sum(s.in_theme for _, s in found), texts)
        rests = [rest_counts(p, s) for p, s in found]
        rest_n = max((n for _, n in rests if n is not None), default=None)
        rest_in = sum(k for k, _ in rests if k is not None) if rest_n is not None else None
        merged = ThemeShare(profile_id=profile_id, persona_id=found[0][1].persona_id,
                            texts=texts, in_theme=in_theme, rest_texts=rest_n,
                            rest_in_theme=rest_in)
        if texts >= min_group and texts > 0:
            value = in_theme / texts
            low, high = wilson(in_theme, texts)
            rest = rest_in / rest_n if rest_n and rest_in is not None else None
            merged = merged.model_copy(update={
                "share": value, "low": low, "high": high, "rest_share": rest,
                "lift": value / rest if rest else None,
                "p_value": two_proportion_p(in_theme, texts, rest_in, rest_n)})
        result.append(merged)
    return result


def two_proportion_p(k1: int, n1: int, k2: int | None, n2: int | None) -> float | None:
    """Two-sided p-value of the pooled two-proportion z test (``None`` without a rest)."""
    if k2 is None or not n2 or not n1:
        return None
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (k1 / n1 - k2 / n2) / se
    return math.erfc(abs(z) / math.sqrt(2))


# -- reading texts (the web app's lists and the coding page) ----------------------------------

def load_original(ws: Workspace, source: str, document: str) -> str | None:
    """The original (unredacted) text of one document, from the immutable snapshot, or
    ``None`` when there is no such document. For admins only: the caller checks the
    permission and audits the reading.

    ``personakit.texts.original_text(ws, source, document)`` when the texts part offers it;
    else the document's texts as extracted from the snapshot before redaction.
    """
    function = _texts_function("original_text")
    try:
        if function is not None:
            return str(function(ws, source, document))
        return _extracted_original(ws, source, document)
    except PersonakitError:
        return None


def _extracted_original(ws: Workspace, source: str, document: str) -> str | None:
    plan, extract = _texts_function("_plan", "_items"), _texts_function("_extract", "_items")
    if plan is None or extract is None:
        return None
    for found in plan(ws):
        if getattr(found, "name", None) != source:
            continue
        frame = extract(ws, found)
        rows = frame[frame["document"].astype(str) == document]
        return "\n\n".join(str(text) for text in rows["text"]) if len(rows) else None
    return None


def theme_items(theme: Theme) -> set[str]:
    """The ids of a theme's texts: as the run lists them, else those of its snippets."""
    return set(theme.item_ids) or {s.item_id for s in theme.snippets}


def find_texts(items: Iterable[TextItem], *, persona_id: str | None = None,
               theme: Theme | None = None, source: str | None = None, lang: str | None = None,
               unlinked: bool = False) -> list[TextItem]:
    """The texts that pass every filter given: of one persona, in one theme, from one
    source, in one language, or not linked to anyone (and no competitor's)."""
    members = theme_items(theme) if theme is not None else None
    found = []
    for item in items:
        if persona_id is not None and item.persona_id != persona_id:
            continue
        if members is not None and item.id not in members:
            continue
        if (source is not None and item.source != source) or (
                lang is not None and item.lang != lang):
            continue
        if unlinked and (item.linked_by not in ("none", "content") or item.competitor):
            continue
        found.append(item)
    return found


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of *text*: what the coding form offers without a
    script."""
    spans = []
    for match in re.finditer(r"[^.!?\n]+[.!?]*", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def code_segments(text: str, codes: list[Code]) -> list[tuple[str, list[Code]]]:
    """*text* cut at every code's start and end: each piece with the codes covering it
    (overlapping codes cover a piece together)."""
    cuts = sorted({0, len(text)} | {min(max(c.start, 0), len(text)) for c in codes}
                  | {min(max(c.end, 0), len(text)) for c in codes})
    return [(text[a:b], [c for c in codes if c.start <= a and b <= c.end])
            for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def browser_offset_to_raw(text: str, offset: int) -> int:
    """The position in *text* of position *offset* counted as a browser counts the shown
    text: HTML turns every ``\\r\\n`` and lone ``\\r`` into one ``\\n``."""
    if "\r" not in text:
        return offset
    shown = 0
    i = 0
    while i < len(text) and shown < offset:
        i += 2 if text.startswith("\r\n", i) else 1
        shown += 1
    return i
