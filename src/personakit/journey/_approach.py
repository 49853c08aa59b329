"""Back into operations (seed 002 step 7, "het kloppend hart"): per persona how to approach
them — channel, tone, message, call to action, the barrier to remove, where they come in and
the first action — for a CRM or a marketing tool, as JSON or CSV and through the web API.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Literal

from personakit._cells import safe_cell
from personakit.errors import InputError, PersonakitError
from personakit.i18n import LANGUAGES
from personakit.journey._act import where_to_act
from personakit.journey._fill import approach_texts, entry_source, fill_journey
from personakit.journey._model import (
    ActionPoint,
    Approach,
    FunnelReport,
    Journey,
    PersonaTouchpoint,
)
from personakit.model import Persona
from personakit.workspace import Workspace

ExportFormat = Literal["json", "csv"]
KEY_COLUMNS = ("persona_id", "name", "profile_id", "entry_point", "touchpoint")
TEXT_FIELDS = ("channel", "tone", "message", "cta", "barrier", "action")


def _funnel_or_none(ws: Workspace, journey: Journey | None) -> FunnelReport | None:
    """The funnel of the workspace's analytics export; ``None`` where it has none."""
    from personakit.journey._funnel import funnel_report

    try:
        report: FunnelReport = funnel_report(ws, journey)
    except PersonakitError:
        return None  # no analytics export (yet): the approach still comes from the canvas
    return report


def _journey_or_none(ws: Workspace, report: FunnelReport | None) -> Journey | None:
    from personakit.journey._define import get_journey

    try:
        return get_journey(ws, report.journey if report is not None else None)
    except PersonakitError:
        return None


def _texts(value: dict[str, str]) -> dict[str, str]:
    return {lang: value[lang] for lang in LANGUAGES if value.get(lang)}


def _entry_with(entries: dict[str, PersonaTouchpoint], order: list[str],
                preferred: str | None, field: str) -> dict[str, str]:
    """*field* of the entry at *preferred*, else of the first entry (journey order) that
    has it."""
    chosen = [preferred] if preferred else []
    for touchpoint in [*chosen, *order]:
        entry = entries.get(touchpoint)
        if entry is not None and getattr(entry, field):
            return _texts(getattr(entry, field))
    return {}


def approach_for(persona: Persona, *, journey: Journey | None, report: FunnelReport | None,
                 action: ActionPoint | None) -> Approach:
    """One persona's approach from its (filled) journey, funnel and action point."""
    canvas = approach_texts(persona)
    entries = journey.personas.get(persona.id, {}) if journey is not None else {}
    order = [tp.id for tp in journey.touchpoints] if journey is not None else []
    at = action.to_touchpoint if action is not None else None
    found = entry_source(report.funnel(persona.id) if report is not None else None)

    def pick(field: str, canvas_key: str | None = None) -> dict[str, str]:
        return _entry_with(entries, order, at, field) or (
            _texts({lang: canvas[lang].get(canvas_key, "") for lang in LANGUAGES})
            if canvas_key else {})

    return Approach(
        persona_id=persona.id, name=persona.name, profile_id=persona.profile_id,
        channel=pick("channel", "channels"), tone=pick("tone", "tone"),
        message=pick("message"), cta=pick("cta"),
        barrier=(_texts(action.barrier) if action is not None and action.barrier else {})
        or pick("barrier", "barriers"),
        entry_point=found[0] if found else None,
        action=_texts(action.action) if action is not None else {}, touchpoint=at)


def approaches(ws: Workspace, journey: Journey | None = None,
               report: FunnelReport | None = None) -> list[Approach]:
    """How to approach each current persona (build order).

    Without *journey* the workspace's journey is used (:func:`~personakit.journey.get_journey`
    of the report's journey); without *report* its funnel is computed from the analytics
    export (none: the approach comes from the canvas alone). A person's entries in the journey
    come before drafted ones.
    """
    from personakit.track import current_personas

    if journey is None:  # first, so that a journey drafted from the data is drafted once
        journey = _journey_or_none(ws, report)
    if report is None:
        report = _funnel_or_none(ws, journey)
    actions = where_to_act(ws, report, journey) if report is not None else []
    if journey is not None:
        journey = fill_journey(ws, journey, report, actions)
    by_persona = {a.persona_id: a for a in actions}
    return [approach_for(p, journey=journey, report=report, action=by_persona.get(p.id))
            for p in current_personas(ws)]


# -- exports -------------------------------------------------------------------------------

def approach_rows(items: list[Approach]) -> list[dict[str, str]]:
    """One flat row per persona: the key columns, then every text field per language."""
    rows = []
    for item in items:
        row = {column: str(getattr(item, column) or "") for column in KEY_COLUMNS}
        for field in TEXT_FIELDS:
            texts = getattr(item, field)
            row.update({f"{field}_{lang}": texts.get(lang, "") for lang in LANGUAGES})
        rows.append(row)
    return rows


def csv_columns() -> list[str]:
    return [*KEY_COLUMNS, *(f"{f}_{lang}" for f in TEXT_FIELDS for lang in LANGUAGES)]


def approaches_csv(items: list[Approach]) -> str:
    """CSV (comma, UTF-8, CRLF as RFC 4180), every cell safe from formula injection."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\r\n")
    writer.writeheader()
    for row in approach_rows(items):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def approaches_json(items: list[Approach]) -> str:
    payload = {"approaches": [a.model_dump(mode="json") for a in items]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def export_format(out: Path, fmt: str | None) -> ExportFormat:
    chosen = (fmt or out.suffix.lstrip(".") or "json").lower()
    if chosen not in ("json", "csv"):
        raise InputError("journey.approach.error.format", format=chosen, file=str(out))
    return "csv" if chosen == "csv" else "json"


def export_approaches(ws: Workspace, out: str | Path, *, fmt: str | None = None,
                      items: list[Approach] | None = None, journey: Journey | None = None,
                      report: FunnelReport | None = None) -> Path:
    """Write the approaches (default: :func:`approaches`) to *out* as JSON or CSV (*fmt*, or
    from the suffix). The file appears whole or not at all."""
    target = Path(out)
    chosen = export_format(target, fmt)
    if items is None:
        items = approaches(ws, journey, report)
    text = approaches_csv(items) if chosen == "csv" else approaches_json(items)
    _write(ws, target, text)
    return target


def _write(ws: Workspace, target: Path, text: str) -> None:
    resolved = target.resolve()
    if resolved.is_relative_to(ws.root):
        with ws.transaction() as st:
            st.file_path(resolved.relative_to(ws.root)).write_text(text, encoding="utf-8",
                                                                    newline="")
        return
    resolved.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=resolved.parent, prefix=".export-", suffix=resolved.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, resolved)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def approach_stamp(ws: Workspace) -> tuple[object, ...]:
    """What the approaches depend on: the newest persona revision, journey revision and
    snapshots, and the journey files. Equal stamps, equal approaches (for caching)."""
    from sqlalchemy import func, select

    from personakit.journey._define import FOLDER
    from personakit.journey._store import ready
    from personakit.journey._tables import journey_revisions
    from personakit.store.tables import persona_versions, snapshots

    ready(ws)
    with ws.engine.connect() as con:
        figures = (con.execute(select(func.max(persona_versions.c.id))).scalar(),
                   con.execute(select(func.max(journey_revisions.c.id))).scalar(),
                   tuple(sorted(con.execute(select(snapshots.c.id)).scalars())))
    folder = ws.root / FOLDER
    files = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
                  ) if folder.is_dir() else ()
    return (*figures, files, ws.config_path.stat().st_mtime_ns)


_CACHE: dict[str, tuple[tuple[object, ...], dict[str, Approach]]] = {}
_CACHE_LOCK = threading.Lock()


def current_approaches(ws: Workspace) -> dict[str, Approach]:
    """Every current persona's approach by persona id, computed again only when the
    personas, a journey or the data changed (:func:`approach_stamp`; the funnel behind it
    takes seconds)."""
    stamp = approach_stamp(ws)
    hit = _CACHE.get(str(ws.root))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    with _CACHE_LOCK:  # one computation at a time; the others wait for its result
        hit = _CACHE.get(str(ws.root))
        if hit is not None and hit[0] == stamp:
            return hit[1]
        found = {way.persona_id: way for way in approaches(ws)}
        _CACHE[str(ws.root)] = (stamp, found)
        return found
