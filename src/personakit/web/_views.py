"""What the persona pages show: the report's persona page plus each statement's evidence."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from personakit.i18n import t
from personakit.model import Evidence, Persona, Statement
from personakit.web._charts import evidence_svg
from personakit.workspace import Workspace


@dataclass
class EvidenceView:
    evidence: Evidence
    line: str
    chart: str


@dataclass
class StatementView:
    statement: Statement
    number: int
    text: str
    assumption: bool
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass
class SectionView:
    key: str
    title: str
    items: list[StatementView]


@dataclass
class PersonaView:
    persona: Persona
    page: Any  # personakit.report.PersonaPage
    sections: list[SectionView]


_CACHE: dict[tuple[str, str, int, str], PersonaView] = {}
_LOCK = threading.Lock()
_LIMIT = 256


def persona_view(ws: Workspace, persona: Persona, lang: str) -> PersonaView:
    """The page of one revision; revisions never change, so it is built once per language."""
    key = (str(ws.root), persona.id, persona.revision, lang)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit.persona == persona:
        return hit
    view = _build(ws, persona, lang)
    with _LOCK:
        if len(_CACHE) >= _LIMIT:
            _CACHE.clear()
        _CACHE[key] = view
    return view


def _build(ws: Workspace, persona: Persona, lang: str) -> PersonaView:
    from personakit.report import persona_page

    page = persona_page(persona, lang, ws.root)
    labels = (persona.name, t("web.evidence.rest", lang))
    by_id = {s.id: s for s in persona.statements}
    sections = []
    for section in page.sections:
        items = []
        for item in section.items:
            statement = by_id[item.id]
            lines = item.evidence if statement.evidence else []
            evidence = [EvidenceView(e, lines[i] if i < len(lines) else "",
                                     evidence_svg(e, labels, lang) if e.kind == "statistic"
                                     else "")
                        for i, e in enumerate(statement.evidence)]
            items.append(StatementView(statement, item.number, item.text, item.assumption,
                                       evidence))
        sections.append(SectionView(section.key, section.title, items))
    return PersonaView(persona, page, sections)
