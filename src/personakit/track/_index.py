"""The current personas by profile, kept in memory between calls until a revision is saved
(the API assigns records one at a time: reading every persona per call cost more than the
assignment itself)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from personakit.model import Persona
from personakit.store.tables import persona_versions
from personakit.track._versions import current_personas
from personakit.workspace import Workspace

_INDEX: dict[str, tuple[int, dict[str, Persona]]] = {}
_LOCK = threading.Lock()


def personas_by_profile(ws: Workspace) -> dict[str, Persona]:
    """Current personas by profile id, re-read only when a revision was saved."""
    with ws.engine.connect() as con:
        stamp = int(con.execute(select(func.max(persona_versions.c.id))).scalar() or 0)
    with _LOCK:
        hit = _INDEX.get(str(ws.root))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    index = {p.profile_id: p for p in current_personas(ws)}
    with _LOCK:
        _INDEX[str(ws.root)] = (stamp, index)
    return index
