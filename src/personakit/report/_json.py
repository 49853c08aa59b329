"""JSON: the shape integrators rely on (``schema_version`` 1.3; docs/json-schema.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from personakit.model import Persona
from personakit.report._registry import ReportContext

# 1.1 adds "steering" (issue 13), 1.2 "journey" (issue 12), 1.3 "themes" per persona (11)
SCHEMA_VERSION = "1.3"
SCHEMA_FILE = Path(__file__).with_name("persona-report.schema.json")


def persona_json(persona: Persona) -> dict[str, Any]:
    return {
        "id": persona.id,
        "name": persona.name,
        "profile_id": persona.profile_id,
        "segmentation_id": persona.segmentation_id,
        "revision": persona.revision,
        "size": persona.size,
        "share": persona.share,
        "age": persona.age,
        "gender": persona.gender,
        "title": persona.title,
        "quote": persona.quote,
        "biography": persona.biography,
        "narrative": persona.narrative,
        "statements": [
            {
                "id": s.id,
                "section": s.section,
                "text": s.text,
                "assumption": s.assumption or not s.evidence,
                "author": s.author,
                "evidence": [e.model_dump(mode="json", exclude_none=True) for e in s.evidence],
            }
            for s in persona.statements
        ],
        "quotes": [q.model_dump(mode="json") for q in persona.quotes],
        "quote_note": persona.quote_note,
        "gaps": persona.gaps,
        "kpis": persona.kpis,
        "approach": persona.extra.get("approach") or {"und": persona.approach},
        "themes": themes_json(persona),
    }


def themes_json(persona: Persona) -> list[dict[str, Any]]:
    """The persona's themes (issue 11): figures as numbers, the snippet without its text id."""
    from personakit.texts._canvas import stored_themes

    out = []
    for theme in stored_themes(persona.extra):
        raw = theme.model_dump(mode="json", exclude={"snippet", "group"})
        raw["snippet"] = None if theme.snippet is None else {
            "text": theme.snippet.text, "source": theme.snippet.source,
            "date": theme.snippet.date}
        out.append(raw)
    return out


def report_json(context: ReportContext) -> dict[str, Any]:
    version = context.version
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": "personakit",
        "version": None if version is None else {
            "id": version.id,
            "created_at": version.created_at.isoformat(),
            "content_hash": version.content_hash,
            "inputs": version.inputs,
            "settings": version.settings,
            "seed": version.seed,
        },
        "personas": [persona_json(p) for p in context.personas],
        # Issue 13: validation, drift, KPI trends, actions and lint, in the report language.
        "steering": None if context.tree.steering is None else {
            "lang": context.lang, **context.tree.steering.model_dump(mode="json")},
        # Issue 12: the customer journey map per persona, in the report language.
        "journey": None if context.tree.journey is None
        else context.tree.journey.model_dump(mode="json"),
    }


def render_json(context: ReportContext, out: Path) -> Path:
    text = json.dumps(report_json(context), ensure_ascii=False, indent=2, sort_keys=False)
    out.write_text(text + "\n", encoding="utf-8")
    return out
