"""One persona's revisions with what changed in each (the history page and its API)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from personakit.i18n import t
from personakit.model import Persona
from personakit.track._diff import PersonaDiff, diff_personas
from personakit.track._versions import get_persona, persona_history
from personakit.workspace import Workspace

# The persona's own texts beside its statements (statements are diffed by diff_personas).
TOP_LEVEL = ("name", "title", "quote", "biography", "approach", "picture")


class FieldChange(BaseModel):
    """A top-level text of a persona that differs between two revisions, as shown."""

    field: str
    before: str
    after: str


class HistoryEntry(BaseModel):
    """One revision: who and when (``persona_history``'s row), and what it changed."""

    row: dict[str, Any]
    fields: list[FieldChange] = Field(default_factory=list)
    diff: PersonaDiff | None = None


def revision_changes(ws: Workspace, persona_id: str,
                     lang: str) -> tuple[Persona | None, list[HistoryEntry]]:
    """The newest revision and every revision's changes, newest first. Raises a
    ``PersonakitError`` for an unknown persona."""
    entries: list[HistoryEntry] = []
    previous: Persona | None = None
    for row in persona_history(ws, persona_id):
        current = get_persona(ws, persona_id, int(row["revision"]))
        entry = HistoryEntry(row=row)
        if previous is not None:
            entry.fields = field_changes(previous, current, lang)
            entry.diff = diff_personas(previous, current)
        entries.append(entry)
        previous = current
    entries.reverse()
    return previous, entries


def field_changes(old: Persona, new: Persona, lang: str) -> list[FieldChange]:
    """Top-level texts that differ between two revisions."""
    changes = []
    for field in TOP_LEVEL:
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append(FieldChange(field=field, before=_shown(before, lang),
                                       after=_shown(after, lang)))
    return changes


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        chosen = value.get(lang, value)
        return "; ".join(f"{k}: {v}" for k, v in chosen.items()) \
            if isinstance(chosen, dict) else str(chosen)
    if isinstance(value, str) and value.startswith("data:"):
        return t("track.history.picture", lang)
    return "" if value is None else str(value)
