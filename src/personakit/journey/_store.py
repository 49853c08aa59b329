"""Journey revisions: every saved state of a journey, optimistic concurrency, diffs.

Versioned like personas (``personakit.track``): a save names the revision it started from;
if someone saved after that, the save is refused with both states, so nobody overwrites an
edit they have not seen. A journey that was never saved has revision 0.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.exc import IntegrityError

from personakit.errors import InputError, PersonakitError, WorkspaceError
from personakit.journey._model import Journey, PersonaTouchpoint, Stage, Touchpoint
from personakit.journey._tables import journey_revisions
from personakit.workspace import Workspace

NAME_MAX = 100
ENTRY_FIELDS = ("expectation", "barrier", "message", "cta", "tone", "channel")


class JourneyConflictError(PersonakitError):
    """A save started from a revision that is no longer the newest.

    Parameters
    ----------
    mine
        The journey the caller tried to save (its ``revision`` is the base it started from).
    theirs
        The newest saved revision, which the caller has not seen.
    """

    def __init__(self, mine: Journey, theirs: Journey) -> None:
        super().__init__("journey.store.error.conflict", journey=mine.name,
                         base=mine.revision, newest=theirs.revision, author=theirs.author or "-")
        self.mine = mine
        self.theirs = theirs


class JourneyRevision(BaseModel):
    """One saved state of a journey, as listed by :func:`journey_history`."""

    name: str
    revision: int
    author: str
    created_at: datetime


class TouchpointChange(BaseModel):
    """A touchpoint (or stage) added, removed or changed between two journey states."""

    id: str
    status: Literal["added", "removed", "changed"]
    fields: list[str] = Field(default_factory=list)


class EntryChange(BaseModel):
    """One persona's entry at one touchpoint added, removed or changed."""

    persona_id: str
    touchpoint: str
    status: Literal["added", "removed", "changed"]
    fields: list[str] = Field(default_factory=list)


class JourneyDiff(BaseModel):
    """What changed between two states of a journey (``a`` older, ``b`` newer)."""

    name: str
    a: int
    b: int
    stages: list[TouchpointChange] = Field(default_factory=list)
    touchpoints: list[TouchpointChange] = Field(default_factory=list)
    entries: list[EntryChange] = Field(default_factory=list)
    label_changed: bool = False
    order_changed: bool = False  # the same touchpoints in another order

    @property
    def same(self) -> bool:
        return not (self.stages or self.touchpoints or self.entries or self.label_changed
                    or self.order_changed)


_MIGRATED: set[str] = set()
_LOCK = threading.Lock()


def ready(ws: Workspace) -> None:
    """Bring a workspace made before migration ``0003_journeys`` up to date, once."""
    url = ws.database_url
    with _LOCK:
        if url in _MIGRATED:
            return
    if not inspect(ws.engine).has_table(journey_revisions.name):
        from personakit.store import migrate

        migrate(ws.engine)
    with _LOCK:
        _MIGRATED.add(url)


def check_name(name: str) -> str:
    """*name* as a journey name (letters, digits, ``-``, ``_``, ``.``), or an InputError."""
    stripped = name.strip()
    ok = 0 < len(stripped) <= NAME_MAX and stripped[0].isalnum() and all(
        c.isalnum() or c in "-_." for c in stripped) and stripped.isascii()
    if not ok:
        raise InputError("journey.store.error.name", name=name, limit=NAME_MAX)
    return stripped


def _row_to_journey(row: Any) -> Journey:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return Journey.model_validate({**row.content, "name": row.name, "revision": row.revision,
                                   "author": row.author, "created_at": created})


def _newest(con: Connection, name: str) -> Journey | None:
    row = con.execute(
        select(journey_revisions).where(journey_revisions.c.name == name)
        .order_by(journey_revisions.c.revision.desc()).limit(1)
    ).first()
    return None if row is None else _row_to_journey(row)


def stored_journey(ws: Workspace, name: str, revision: int | None = None) -> Journey | None:
    """The stored journey *name* (newest, or *revision*); ``None`` if never saved."""
    ready(ws)
    with ws.engine.connect() as con:
        if revision is None:
            return _newest(con, name)
        row = con.execute(select(journey_revisions).where(
            (journey_revisions.c.name == name) & (journey_revisions.c.revision == revision)
        )).first()
    return None if row is None else _row_to_journey(row)


def load_journey(ws: Workspace, name: str, revision: int | None = None) -> Journey:
    """Like :func:`stored_journey`, but a WorkspaceError when there is no such revision."""
    found = stored_journey(ws, name, revision)
    if found is None:
        raise WorkspaceError("journey.store.error.unknown", journey=name,
                             revision="-" if revision is None else revision)
    return found


def save_journey(ws: Workspace, journey: Journey, *, base_revision: int,
                 author: str) -> Journey:
    """Save *journey* as revision ``base_revision + 1`` (0 for a journey never saved).

    Raises :class:`JourneyConflictError` when someone saved after *base_revision*; the
    unique constraint on (name, revision) settles two saves racing past the check.
    """
    return write_revisions(ws, [(journey, base_revision)], author=author)[0]


def write_revisions(ws: Workspace, journeys: list[tuple[Journey, int]], *,
                    author: str) -> list[Journey]:
    """Save each (journey, base revision) as its next revision, all or nothing."""
    ready(ws)
    checked = [_checked(ws, journey, base) for journey, base in journeys]
    now = datetime.now(UTC)
    saved = [mine.model_copy(update={"revision": mine.revision + 1, "author": author,
                                     "created_at": now}) for mine in checked]
    try:
        with ws.transaction() as st:
            for journey in saved:
                st.connection.execute(journey_revisions.insert().values(
                    name=journey.name, revision=journey.revision, author=author,
                    created_at=now, content=journey.model_dump(
                        mode="json", exclude={"name", "revision", "author", "created_at"})))
    except IntegrityError as exc:
        for mine in checked:
            theirs = stored_journey(ws, mine.name)
            if theirs is not None and theirs.revision != mine.revision:
                raise JourneyConflictError(mine, theirs) from exc
        raise
    return saved


def _checked(ws: Workspace, journey: Journey, base_revision: int) -> Journey:
    """*journey* named and based on *base_revision*, if that is still the newest."""
    name = check_name(journey.name)
    mine = journey.model_copy(update={"name": name, "revision": base_revision})
    newest = stored_journey(ws, name)
    if (newest.revision if newest else 0) == base_revision:
        return mine
    if newest is None:
        raise WorkspaceError("journey.store.error.unknown", journey=name,
                             revision=base_revision)
    raise JourneyConflictError(mine, newest)


def list_journeys(ws: Workspace) -> list[Journey]:
    """The newest revision of every stored journey, by name."""
    ready(ws)
    newest = (
        select(journey_revisions.c.name,
               func.max(journey_revisions.c.revision).label("revision"))
        .group_by(journey_revisions.c.name).subquery()
    )
    with ws.engine.connect() as con:
        rows = con.execute(
            select(journey_revisions).join(
                newest, (journey_revisions.c.name == newest.c.name)
                & (journey_revisions.c.revision == newest.c.revision))
            .order_by(journey_revisions.c.name)
        ).all()
    return [_row_to_journey(r) for r in rows]


def journey_history(ws: Workspace, name: str) -> list[JourneyRevision]:
    """Every saved revision of one journey, oldest first."""
    ready(ws)
    with ws.engine.connect() as con:
        rows = con.execute(
            select(journey_revisions.c.name, journey_revisions.c.revision,
                   journey_revisions.c.author, journey_revisions.c.created_at)
            .where(journey_revisions.c.name == name)
            .order_by(journey_revisions.c.revision)
        ).all()
    if not rows:
        raise WorkspaceError("journey.store.error.unknown", journey=name, revision="-")
    return [JourneyRevision(
        name=r.name, revision=r.revision, author=r.author,
        created_at=r.created_at if r.created_at.tzinfo else r.created_at.replace(tzinfo=UTC))
        for r in rows]


def _changed_fields(old: BaseModel, new: BaseModel, fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if getattr(old, f) != getattr(new, f)]


def _by_id(old: list[Any], new: list[Any],
           fields: tuple[str, ...]) -> list[TouchpointChange]:
    before = {x.id: x for x in old}
    after = {x.id: x for x in new}
    changes = [TouchpointChange(id=i, status="removed") for i in before if i not in after]
    changes += [TouchpointChange(id=i, status="added") for i in after if i not in before]
    for i in before.keys() & after.keys():
        changed = _changed_fields(before[i], after[i], fields)
        if changed:
            changes.append(TouchpointChange(id=i, status="changed", fields=changed))
    order = [x.id for x in new] + [x.id for x in old]
    return sorted(changes, key=lambda c: order.index(c.id))


ENTRY_COMPARED = (*ENTRY_FIELDS, "evidence", "statements", "assumption")


def _entries(journey: Journey) -> dict[tuple[str, str], PersonaTouchpoint]:
    return {(p, tp): entry for p, entries in journey.personas.items()
            for tp, entry in entries.items()}


def diff_journeys(old: Journey | None, new: Journey) -> JourneyDiff:
    """Stages, touchpoints and persona entries added, removed and changed (with the fields
    that changed) from *old* to *new*; *old* ``None`` means everything is new."""
    base = old or Journey(name=new.name, revision=0)
    before, after = _entries(base), _entries(new)
    entries = [EntryChange(persona_id=p, touchpoint=tp, status="removed")
               for (p, tp) in before if (p, tp) not in after]
    entries += [EntryChange(persona_id=p, touchpoint=tp, status="added")
                for (p, tp) in after if (p, tp) not in before]
    for key in before.keys() & after.keys():
        changed = _changed_fields(before[key], after[key], ENTRY_COMPARED)
        if changed:
            entries.append(EntryChange(persona_id=key[0], touchpoint=key[1],
                                       status="changed", fields=changed))
    return JourneyDiff(
        name=new.name, a=base.revision, b=new.revision,
        stages=_by_id(base.stages, new.stages, tuple(Stage.model_fields)),
        touchpoints=_by_id(base.touchpoints, new.touchpoints, tuple(Touchpoint.model_fields)),
        entries=sorted(entries, key=lambda e: (e.persona_id, e.touchpoint)),
        label_changed=base.label != new.label or base.source != new.source,
        order_changed=_reordered(base, new),
    )


def _reordered(old: Journey, new: Journey) -> bool:
    common = {t.id for t in old.touchpoints} & {t.id for t in new.touchpoints}
    return ([t.id for t in old.touchpoints if t.id in common]
            != [t.id for t in new.touchpoints if t.id in common])
