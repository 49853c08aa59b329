"""The personal profile (persoonlijk profiel): one person's data, profile and persona.

Every lookup is written to the audit log, found or not, whatever goes wrong (issue 5).
Source data is indexed on the customer key once per snapshot: snapshots are immutable, so
the index is valid until a new import, and a lookup then costs milliseconds.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from personakit.access._audit import audit
from personakit.access._settings import web_settings
from personakit.i18n import get_language
from personakit.model import Assignment, Persona
from personakit.workspace import Workspace

MAX_KEY_LENGTH = 200


class SourceRecords(BaseModel):
    """The rows of one source that belong to the person."""

    source: str
    key_column: str
    columns: list[str]
    personal: list[str] = Field(default_factory=list)
    rows: list[dict[str, str]] = Field(default_factory=list)
    total: int = 0


class PersonalProfile(BaseModel):
    """One individual across sources, with their profile, persona and how to approach them.

    Parameters
    ----------
    sources
        Per source, the person's rows (values as text; personal columns named in
        ``personal``).
    assignment
        Profile with confidence and reasons (``None`` without a segmentation).
    persona
        The persona of that profile in the current build, if any.
    approach
        The persona's approach in the asked language: channels, tone, barriers.
    """

    key: str
    found: bool
    sources: list[SourceRecords] = Field(default_factory=list)
    assignment: Assignment | None = None
    persona: Persona | None = None
    approach: dict[str, str] = Field(default_factory=dict)


@dataclass
class _Indexed:
    frame: pd.DataFrame
    column: str
    positions: dict[str, np.ndarray]


_CACHE: dict[tuple[str, str, str], _Indexed] = {}
_LOCK = threading.Lock()
_CACHE_LIMIT = 32


def key_text(value: Any) -> str:
    """A key as text: ``1007156``, ``1007156.0`` and ``" 1007156"`` are the same key."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _index(frame: pd.DataFrame, column: str) -> dict[str, np.ndarray]:
    keys = frame[column].astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    groups: dict[Any, Any] = keys.groupby(keys, sort=False).indices
    return {str(k): np.asarray(v) for k, v in groups.items()}


def _indexed(ws: Workspace, snapshot: str, source: str, column: str,
             load: Any) -> _Indexed:
    cache_key = (str(ws.root), snapshot, column)
    with _LOCK:
        found = _CACHE.get(cache_key)
    if found is None:
        frame = load()
        found = _Indexed(frame, column, _index(frame, column))
        with _LOCK:
            if len(_CACHE) >= _CACHE_LIMIT:
                _CACHE.clear()
            _CACHE[cache_key] = found
    return found


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()  # a date stored as a timestamp
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return key_text(value) if isinstance(value, float) else str(value)


def _source_records(ws: Workspace, key: str, limit: int) -> tuple[list[SourceRecords],
                                                                   dict[str, Any] | None]:
    from personakit.ingest import linked_frame, list_sources, load_source, source_columns

    summaries = list_sources(ws)
    if not summaries:
        return [], None
    # Rows in the stamp: an erasure rewrites a snapshot under the same id, with fewer rows.
    stamp = ",".join(sorted(f"{s.snapshot_id}:{s.rows}" for s in summaries))
    linked = _indexed(ws, stamp, "_linked", "_linked", lambda: _linked_frame(ws, linked_frame))
    out: list[SourceRecords] = []
    for summary in summaries:
        column = linked.frame.attrs.get("links", {}).get(summary.name)
        if not column:
            continue  # not about customers (e.g. monthly KPIs): nothing personal in it
        name = summary.name
        data = _indexed(ws, f"{summary.snapshot_id}:{summary.rows}", name, column,
                        lambda name=name: load_source(ws, name))  # type: ignore[misc]
        positions = data.positions.get(key)
        if positions is None:
            continue
        rows = data.frame.iloc[positions[:limit]]
        personal = [c.name for c in source_columns(ws, name) if c.role.is_personal]
        out.append(SourceRecords(
            source=name, key_column=column, columns=[str(c) for c in rows.columns],
            personal=personal, total=len(positions),
            rows=[{str(c): t for c, v in row.items() if (t := _text(v)) is not None}
                  for row in rows.to_dict("records")],
        ))
    base = linked.positions.get(key)
    record = None if base is None else {
        str(k): v for k, v in linked.frame.iloc[int(base[0])].to_dict().items()}
    return out, record


def _linked_frame(ws: Workspace, linked_frame: Any) -> pd.DataFrame:
    linked = linked_frame(ws)
    frame: pd.DataFrame = linked.frame.copy()
    frame["_linked"] = frame[linked.key]
    frame.attrs["links"] = dict(linked.links)
    return frame


def _assign(ws: Workspace, record: dict[str, Any], lang: str) -> Assignment | None:
    from personakit.errors import PersonakitError
    from personakit.segment import assign_records

    clean = {k: v for k, v in record.items() if k != "_linked"}
    try:
        return assign_records(ws, [clean], lang=lang)[0]
    except PersonakitError:
        return None  # no segmentation yet: the person's data is still shown


def persona_for(ws: Workspace, profile_id: str | None) -> Persona | None:
    """The current persona backed by *profile_id*, if any."""
    from personakit.track import current_personas

    if profile_id is None:
        return None
    return next((p for p in current_personas(ws) if p.profile_id == profile_id), None)


def approach_of(persona: Persona, lang: str) -> dict[str, str]:
    bilingual = persona.extra.get("approach", {})
    chosen = bilingual.get(lang) if isinstance(bilingual, dict) else None
    return dict(chosen or persona.approach)


def personal_profile(ws: Workspace, key: str, actor: str, *,
                     lang: str | None = None) -> PersonalProfile:
    """Gather one person's data; the lookup is audited even if it fails or finds nothing."""
    chosen = lang or get_language()
    key = key_text(key)[:MAX_KEY_LENGTH]
    detail: dict[str, Any] = {"found": False}
    try:
        sources, record = _source_records(ws, key, web_settings(ws).lookup_rows)
        profile = PersonalProfile(key=key, found=bool(sources), sources=sources)
        if record is not None:
            profile.assignment = _assign(ws, record, chosen)
        if profile.assignment is not None:
            profile.persona = persona_for(ws, profile.assignment.profile_id)
        if profile.persona is not None:
            profile.approach = approach_of(profile.persona, chosen)
        detail = {"found": profile.found, "sources": [s.source for s in sources],
                  "profile": profile.assignment.profile_id if profile.assignment else None}
        return profile
    except Exception:
        detail["error"] = True
        raise
    finally:
        audit(ws, actor, "person.lookup", key, detail)
