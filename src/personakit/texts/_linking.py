"""Who a text speaks for: by the customer key, by an analyst's answer, or not yet.

A text whose source links a customer key gets the persona of that customer (the persona
build's assignment, ``linked_by="key"``). A document without a key gets the profile an
analyst named for it (``personakit texts link``, table ``text_links``, audited), or the one
its own header names (``Profiel: ...``), as ``linked_by="profile"``. Everything else stays
``linked_by="none"``; the themes engine assigns those by their content.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from datetime import UTC, datetime

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import insert, select

from personakit.errors import InputError, PersonakitError, WorkspaceError
from personakit.model import Persona
from personakit.texts._items import Progress, stored_texts
from personakit.texts._model import TextItem, ThemeModel
from personakit.texts._tables import text_links
from personakit.workspace import Workspace

ACTION = "texts.linked"


class DocumentLink(BaseModel):
    """An analyst's answer to "which profile is this interviewee?".

    Parameters
    ----------
    source, document
        The document (a source's ``document`` value, e.g. the file name in a folder).
    profile_id, persona_id
        The profile named, and its persona in the current build.
    author, at
        Who answered, and when (UTC).
    """

    source: str
    document: str
    profile_id: str | None = None
    persona_id: str | None = None
    author: str
    at: datetime


def text_items(ws: Workspace, *, refresh: bool = False,
               progress: Progress | None = None) -> list[TextItem]:
    """Every text of every source, redacted, with its language and its link.

    *refresh* reads and redacts the snapshots again even when the stored texts are
    current (after changing the recognisers, for instance).
    """
    return link_texts(ws, stored_texts(ws, refresh=refresh, progress=progress))


def with_content_links(items: Iterable[TextItem], run: ThemeModel | None) -> list[TextItem]:
    """*items*, those linked to nobody given the persona the theme run assigned them by
    their content (``linked_by="content"``), for showing. The canvas counts only texts
    linked by key or by a person: a text placed by what it says would count for itself."""
    links = {link.item_id: link for link in run.content_links} if run is not None else {}
    shown = []
    for item in items:
        link = links.get(item.id)
        if item.linked_by == "none" and link is not None:
            item = item.model_copy(update={"persona_id": link.persona_id,
                                           "profile_id": link.profile_id,
                                           "linked_by": "content"})
        shown.append(item)
    return shown


def select_items(items: Iterable[TextItem], *, source: str | None = None,
                 persona: str | None = None, unlinked: bool = False) -> list[TextItem]:
    """The items of *source*, of *persona* (its id or name), or without any link."""
    chosen = []
    wanted = persona.casefold() if persona else None
    for item in items:
        if source is not None and item.source != source:
            continue
        if unlinked and item.linked_by not in ("none", "content"):  # no key, no analyst
            continue
        if wanted is not None and (item.persona_id or "").casefold() != wanted:
            continue
        chosen.append(item)
    return chosen


def _personas(ws: Workspace) -> list[Persona]:
    from personakit.track import current_personas

    return current_personas(ws)


def _key_personas(ws: Workspace, keys: pd.Series) -> dict[str, str]:
    """The persona of each key through the current build (empty before any build)."""
    from personakit.steer import persona_of_keys

    wanted = pd.Series(keys.dropna().astype(str).unique(), dtype=object)
    if wanted.empty:
        return {}
    try:
        persona, _, _ = persona_of_keys(ws, wanted)
    except PersonakitError:
        return {}  # no personas yet, or a build without its segmentation
    return {k: str(p) for k, p in zip(wanted, persona, strict=True) if isinstance(p, str)}


def document_links(ws: Workspace) -> dict[tuple[str, str], DocumentLink]:
    """The analysts' answers per (source, document); the newest answer counts."""
    with ws.engine.connect() as con:
        rows = con.execute(select(text_links).order_by(text_links.c.id)).all()
    out = {}
    for row in rows:
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
        out[(row.source, row.document)] = DocumentLink(
            source=row.source, document=row.document, profile_id=row.profile_id,
            persona_id=row.persona_id, author=row.author, at=at)
    return out


def _hint_index(personas: list[Persona]) -> dict[str, Persona]:
    """A header's ``Profiel:`` value -> persona: by id, profile id, name or title."""
    index: dict[str, Persona] = {}
    for persona in personas:
        for name in (persona.id, persona.profile_id, persona.name, *persona.title.values()):
            if name:
                index.setdefault(" ".join(str(name).casefold().split()), persona)
    return index


def link_texts(ws: Workspace, frame: pd.DataFrame) -> list[TextItem]:
    """The stored texts as :class:`TextItem` with their links (see the module docstring)."""
    personas = _personas(ws)
    profile_of = {p.id: p.profile_id for p in personas}
    persona_of = {p.profile_id: p.id for p in personas}
    by_key = _key_personas(ws, frame["key"]) if personas and len(frame) else {}
    answers = document_links(ws)
    hints = _hint_index(personas)
    items = []
    for row in frame.to_dict("records"):
        item = _item(row)
        persona = by_key.get(item.key) if item.key else None
        answer = answers.get((item.source, item.document))
        hinted = hints.get(" ".join(str(row.get("profile_hint") or "").casefold().split()))
        if persona is not None:
            item.persona_id, item.profile_id, item.linked_by = (
                persona, profile_of.get(persona), "key")
        elif answer is not None:
            item.profile_id = answer.profile_id or profile_of.get(answer.persona_id or "")
            item.persona_id = answer.persona_id or persona_of.get(answer.profile_id or "")
            item.linked_by = "profile"
        elif hinted is not None:
            item.persona_id, item.profile_id, item.linked_by = (
                hinted.id, hinted.profile_id, "profile")
        items.append(item)
    return items


def _item(row: Mapping[Hashable, object]) -> TextItem:
    import json

    def text(name: str) -> str | None:
        value = row.get(name)
        return value if isinstance(value, str) and value else None

    rating = row.get("rating")
    return TextItem(
        id=str(row["id"]), source=str(row["source"]), kind=str(row["kind"]),  # type: ignore[arg-type]
        document=str(row.get("document") or ""), part=str(row.get("part") or ""),
        text=str(row["text"]), lang=str(row.get("lang") or "nl"), date=text("date"),
        rating=float(rating) if isinstance(rating, float | int) and rating == rating
        else None,
        key=text("key"), competitor=text("competitor"), question=text("question"),
        redactions=json.loads(str(row.get("redactions") or "{}")),
    )


def link_document(ws: Workspace, source: str, document: str, *,
                  profile_id: str | None = None, persona_id: str | None = None,
                  actor: str) -> DocumentLink:
    """Record which profile (or persona) the document *document* of *source* speaks for.

    The answer is stored in ``text_links`` (earlier answers are kept; the newest counts)
    and audited. Exactly one of *profile_id* and *persona_id*, of the current personas.
    """
    from personakit.access import audit

    if (profile_id is None) == (persona_id is None):
        raise InputError("texts.items.error.link_target")
    frame = stored_texts(ws)
    _check_document(ws, frame, source, document)
    personas = _personas(ws)
    if not personas:
        raise WorkspaceError("texts.items.error.no_personas")
    found = next((p for p in personas if p.id == persona_id or p.profile_id == profile_id),
                 None)
    if found is None:
        known = ", ".join(f"{p.profile_id} ({p.id}, {p.name})" for p in personas)
        raise InputError("texts.items.error.unknown_profile", value=profile_id or persona_id,
                         known=known)
    link = DocumentLink(source=source, document=document, profile_id=found.profile_id,
                        persona_id=found.id, author=actor, at=datetime.now(UTC))
    with ws.transaction() as st:
        st.connection.execute(insert(text_links).values(
            source=source, document=document, profile_id=link.profile_id,
            persona_id=link.persona_id, author=actor, at=link.at))
        audit(ws, actor, ACTION, f"{source}/{document}",
              {"profile_id": link.profile_id, "persona_id": link.persona_id},
              connection=st.connection)
    return link


def _check_document(ws: Workspace, frame: pd.DataFrame, source: str, document: str) -> None:
    from personakit.ingest._sources import source_names

    names = source_names(ws)
    if source not in names:
        raise WorkspaceError("ingest.error.unknown_source", source=source,
                             sources=", ".join(names) or "-")
    documents = sorted(set(frame.loc[frame["source"] == source, "document"].astype(str)))
    if not documents:
        raise InputError("texts.items.error.no_texts", source=source)
    if document not in documents:
        shown = ", ".join(documents[:8]) + (" ..." if len(documents) > 8 else "")
        raise InputError("texts.items.error.unknown_document", source=source,
                         document=document, documents=shown)
