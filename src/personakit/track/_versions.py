"""Persona versions: every build and every saved edit, with what it came from.

A build is one ``persona_builds`` row plus one ``persona_versions`` row per persona. An edit
(``save_persona``) adds a row with the next revision of that persona in the same build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from personakit.errors import PersonakitError, WorkspaceError
from personakit.model import Persona, PersonaVersion
from personakit.store.tables import persona_builds, persona_versions
from personakit.workspace import Workspace


class ConflictError(PersonakitError):
    """A save started from a revision that is no longer the newest.

    Parameters
    ----------
    mine
        The persona the caller tried to save.
    theirs
        The newest saved revision, which the caller has not seen.
    """

    def __init__(self, mine: Persona, theirs: Persona) -> None:
        super().__init__(
            "track.error.conflict",
            persona=mine.id,
            base=mine.revision,
            newest=theirs.revision,
        )
        self.mine = mine
        self.theirs = theirs


def content_hash(personas: Iterable[Persona]) -> str:
    """SHA-256 of the personas' content (revision excluded: it counts saves, not content)."""
    payload = [p.model_dump(mode="json", exclude={"revision"}) for p in personas]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_build(
    ws: Workspace,
    personas: list[Persona],
    *,
    segmentation_id: str,
    inputs: dict[str, str],
    settings: dict[str, Any],
    seed: int,
    author: str,
) -> PersonaVersion:
    """Store a build: one ``persona_builds`` row and the next revision of every persona."""
    now = datetime.now(UTC)
    digest = content_hash(personas)
    stored: list[Persona] = []
    with ws.transaction() as st:
        con = st.connection
        build_id = con.execute(
            persona_builds.insert().values(
                created_at=now, author=author, segmentation_id=segmentation_id,
                inputs=inputs, settings=settings, seed=seed, content_hash=digest,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        for persona in personas:
            revision = _newest_revision(con, persona.id) + 1
            saved = persona.model_copy(update={"revision": revision})
            _insert_version(con, saved, build_id=build_id, author=author, at=now)
            stored.append(saved)
    return PersonaVersion(
        id=int(build_id), created_at=now, author=author, segmentation_id=segmentation_id,
        inputs=inputs, settings=settings, seed=seed, content_hash=digest, personas=stored,
    )


def _insert_version(
    con: Connection, persona: Persona, *, build_id: int, author: str, at: datetime
) -> None:
    con.execute(
        persona_versions.insert().values(
            persona_id=persona.id, revision=persona.revision, build_id=build_id,
            profile_id=persona.profile_id, author=author, created_at=at,
            data=persona.model_dump(mode="json"),
        )
    )


def _newest_revision(con: Connection, persona_id: str) -> int:
    value = con.execute(
        select(func.max(persona_versions.c.revision)).where(
            persona_versions.c.persona_id == persona_id
        )
    ).scalar()
    return int(value or 0)


def _newest_build_id(con: Connection) -> int | None:
    value = con.execute(select(func.max(persona_builds.c.id))).scalar()
    return None if value is None else int(value)


def _personas_of_build(con: Connection, build_id: int) -> list[Persona]:
    """The newest revision, within *build_id*, of every persona of that build."""
    newest = (
        select(
            persona_versions.c.persona_id,
            func.max(persona_versions.c.revision).label("revision"),
            func.min(persona_versions.c.id).label("first_row"),
        )
        .where(persona_versions.c.build_id == build_id)
        .group_by(persona_versions.c.persona_id)
        .subquery()
    )
    rows = con.execute(
        select(persona_versions.c.data)
        .join(
            newest,
            (persona_versions.c.persona_id == newest.c.persona_id)
            & (persona_versions.c.revision == newest.c.revision),
        )
        .order_by(newest.c.first_row)  # build order, whatever was edited since
    ).all()
    return [Persona.model_validate(row.data) for row in rows]


def current_personas(ws: Workspace) -> list[Persona]:
    """The newest revision of every persona of the newest build (empty before any build)."""
    with ws.engine.connect() as con:
        build_id = _newest_build_id(con)
        return [] if build_id is None else _personas_of_build(con, build_id)


def get_persona(ws: Workspace, persona_id: str, revision: int | None = None) -> Persona:
    """One persona: its newest revision, or *revision*; ``WorkspaceError`` if unknown."""
    query = select(persona_versions.c.data).where(persona_versions.c.persona_id == persona_id)
    if revision is None:
        query = query.order_by(persona_versions.c.revision.desc()).limit(1)
    else:
        query = query.where(persona_versions.c.revision == revision)
    with ws.engine.connect() as con:
        row = con.execute(query).first()
    if row is None:
        raise WorkspaceError("track.error.unknown_persona", persona=persona_id,
                             revision=revision if revision is not None else "-")
    return Persona.model_validate(row.data)


def save_persona(ws: Workspace, persona: Persona, *, base_revision: int, author: str) -> Persona:
    """Save an edited persona as revision ``base_revision + 1``.

    Raises :class:`ConflictError` when someone saved after *base_revision*. The unique
    constraint on (persona_id, revision) settles two saves racing past the check.
    """
    newest = get_persona(ws, persona.id)
    mine = persona.model_copy(update={"revision": base_revision})
    if newest.revision != base_revision:
        raise ConflictError(mine, newest)
    saved = mark_assumptions(persona).model_copy(update={"revision": base_revision + 1})
    build_id = _build_of(ws, persona.id, base_revision)
    try:
        with ws.transaction() as st:
            _insert_version(st.connection, saved, build_id=build_id, author=author,
                            at=datetime.now(UTC))
    except IntegrityError as exc:
        raise ConflictError(mine, get_persona(ws, persona.id)) from exc
    return saved


def mark_assumptions(persona: Persona) -> Persona:
    """A statement without evidence is an assumption; attaching evidence makes it a claim."""
    statements = [s.model_copy(update={"assumption": not s.evidence}) for s in persona.statements]
    return persona.model_copy(update={"statements": statements})


def _build_of(ws: Workspace, persona_id: str, revision: int) -> int:
    with ws.engine.connect() as con:
        value = con.execute(
            select(persona_versions.c.build_id).where(
                (persona_versions.c.persona_id == persona_id)
                & (persona_versions.c.revision == revision)
            )
        ).scalar_one()
    return int(value)


def persona_history(ws: Workspace, persona_id: str) -> list[dict[str, Any]]:
    """Every saved revision of one persona, oldest first: revision, build, author, time."""
    with ws.engine.connect() as con:
        rows = con.execute(
            select(
                persona_versions.c.revision, persona_versions.c.build_id,
                persona_versions.c.author, persona_versions.c.created_at,
            )
            .where(persona_versions.c.persona_id == persona_id)
            .order_by(persona_versions.c.revision)
        ).all()
    if not rows:
        raise WorkspaceError("track.error.unknown_persona", persona=persona_id, revision="-")
    return [
        {"revision": r.revision, "build": r.build_id, "author": r.author,
         "created_at": r.created_at}
        for r in rows
    ]


def list_versions(ws: Workspace) -> list[PersonaVersion]:
    """Every build, oldest first, each with its personas (newest revision within the build)."""
    with ws.engine.connect() as con:
        rows = con.execute(select(persona_builds).order_by(persona_builds.c.id)).all()
        return [_version(con, row) for row in rows]


def get_version(ws: Workspace, build_id: int | None = None) -> PersonaVersion:
    """One build (default: the newest) with its personas."""
    with ws.engine.connect() as con:
        chosen = _newest_build_id(con) if build_id is None else build_id
        row = None if chosen is None else con.execute(
            select(persona_builds).where(persona_builds.c.id == chosen)
        ).first()
        if row is None:
            raise WorkspaceError("track.error.unknown_version", version=build_id or "-")
        return _version(con, row)


def _version(con: Connection, row: Any) -> PersonaVersion:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return PersonaVersion(
        id=row.id, created_at=created, author=row.author, segmentation_id=row.segmentation_id,
        inputs=row.inputs, settings=row.settings, seed=row.seed, content_hash=row.content_hash,
        personas=_personas_of_build(con, row.id),
    )
