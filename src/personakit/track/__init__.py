"""Persona versions: builds, revisions, optimistic concurrency and diffs."""

from personakit.track._diff import (
    PersonaDiff,
    StatementChange,
    VersionDiff,
    diff_personas,
    diff_versions,
)
from personakit.track._history import (
    FieldChange,
    HistoryEntry,
    field_changes,
    revision_changes,
)
from personakit.track._index import personas_by_profile
from personakit.track._versions import (
    ConflictError,
    content_hash,
    current_personas,
    get_persona,
    get_version,
    list_versions,
    mark_assumptions,
    persona_history,
    record_build,
    save_persona,
)

__all__ = [
    "ConflictError",
    "FieldChange",
    "HistoryEntry",
    "PersonaDiff",
    "StatementChange",
    "VersionDiff",
    "content_hash",
    "current_personas",
    "diff_personas",
    "diff_versions",
    "field_changes",
    "get_persona",
    "get_version",
    "list_versions",
    "mark_assumptions",
    "persona_history",
    "personas_by_profile",
    "record_build",
    "revision_changes",
    "save_persona",
]
