"""What changed between two persona versions, per persona and per statement."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from personakit.model import Persona, Statement
from personakit.track._versions import get_version
from personakit.workspace import Workspace


class StatementChange(BaseModel):
    """One statement present in both versions whose text or figures changed."""

    id: str
    before: Statement
    after: Statement


class PersonaDiff(BaseModel):
    """Differences of one persona between two versions.

    Parameters
    ----------
    status
        ``"added"`` (only in the newer version), ``"dropped"`` (only in the older),
        ``"changed"`` or ``"same"``.
    """

    persona_id: str
    name: str
    status: Literal["added", "dropped", "changed", "same"]
    added: list[Statement] = Field(default_factory=list)
    dropped: list[Statement] = Field(default_factory=list)
    changed: list[StatementChange] = Field(default_factory=list)
    size_before: int | None = None
    size_after: int | None = None


class VersionDiff(BaseModel):
    """Differences between versions ``a`` (older) and ``b`` (newer)."""

    a: int
    b: int
    same_content: bool
    personas: list[PersonaDiff]


def _figures(statement: Statement) -> list[tuple[float | None, ...]]:
    return [(e.profile_value, e.rest_value, e.effect, e.lift, e.n and float(e.n))
            for e in statement.evidence]


def diff_personas(old: Persona | None, new: Persona | None) -> PersonaDiff:
    """Statements added, dropped and changed in value between two states of a persona."""
    some = new or old
    assert some is not None
    before = {s.id: s for s in old.statements} if old else {}
    after = {s.id: s for s in new.statements} if new else {}
    changed = [
        StatementChange(id=sid, before=before[sid], after=after[sid])
        for sid in before.keys() & after.keys()
        if before[sid].text != after[sid].text or _figures(before[sid]) != _figures(after[sid])
    ]
    diff = PersonaDiff(
        persona_id=some.id,
        name=some.name,
        status="added" if old is None else "dropped" if new is None else "same",
        added=[after[sid] for sid in after if sid not in before],
        dropped=[before[sid] for sid in before if sid not in after],
        changed=sorted(changed, key=lambda c: c.id),
        size_before=old.size if old else None,
        size_after=new.size if new else None,
    )
    if diff.status == "same" and (diff.added or diff.dropped or diff.changed
                                  or diff.size_before != diff.size_after):
        diff.status = "changed"
    return diff


def diff_versions(ws: Workspace, a: int, b: int) -> VersionDiff:
    """Per persona: what changed from build *a* to build *b*."""
    old, new = get_version(ws, a), get_version(ws, b)
    before = {p.id: p for p in old.personas}
    after = {p.id: p for p in new.personas}
    order = [p.id for p in new.personas] + [pid for pid in before if pid not in after]
    return VersionDiff(
        a=a, b=b, same_content=old.content_hash == new.content_hash,
        personas=[diff_personas(before.get(pid), after.get(pid)) for pid in order],
    )
