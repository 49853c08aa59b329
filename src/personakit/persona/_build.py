"""``build_personas``: every profile of a segmentation becomes a persona, stored as a version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from personakit.errors import PersonakitError
from personakit.model import CustomerProfile, Persona, PersonaVersion, Segmentation
from personakit.persona._avatar import avatar_shapes, avatar_svg
from personakit.persona._canvas import (
    B2C,
    CanvasMapping,
    canvas_gaps,
    canvas_statements,
    measured_sections,
    text_section,
    voice_statements,
)
from personakit.persona._labels import Labels, using_labels, workspace_labels
from personakit.persona._naming import choose_identity, real_name_set
from personakit.persona._narrative import approach, biography, narrative, one_line_quote
from personakit.persona._quotes import QuoteSelection, choose_quotes
from personakit.persona._signal import shortfall
from personakit.persona._statements import SECTION_ORDER, PersonaSettings
from personakit.privacy import KnownValuesRecognizer, Recognizer, min_group_size
from personakit.templates import CanvasTemplate
from personakit.templates._privacy import UnitCounts, safe_statements, safe_texts
from personakit.track import current_personas, record_build
from personakit.workspace import Workspace

BUILDER = "personakit"
MIN_KNOWN_LENGTH = 5
MIN_QUOTES = 3  # fewer quotes than this and the persona says why (issue 10)


@dataclass
class PersonaInputs:
    """What synthesis reads from the workspace besides the segmentation.

    Parameters
    ----------
    texts
        Open answers and chat lines (``key, source, column, text, date``).
    members
        Profile of every member (``key, profile_id``).
    real_names
        Normalised real names from the name columns: never a persona's name.
    personal_values
        Values of personal-data columns (value → kind), removed from quotes.
    excluded
        Variables never turned into a statement (personal data, identifiers).
    canvas
        The user's column → canvas section mapping (``[sources.NAME.canvas]``).
    """

    texts: pd.DataFrame | None = None
    members: pd.DataFrame | None = None
    real_names: set[str] = field(default_factory=set)
    personal_values: dict[str, str] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)
    labels: Labels = field(default_factory=Labels)
    canvas: CanvasMapping = field(default_factory=CanvasMapping)
    # Issue 11: themes, texts and analysts' codes (``personakit.texts.QualitativeEvidence``).
    qualitative: Any = None
    # Issue 14: the canvas template, and the units (departments) its privacy rule counts.
    template: CanvasTemplate = field(default_factory=lambda: B2C)
    units: UnitCounts = field(default_factory=UnitCounts)


def persona_id(segmentation: Segmentation, profile: CustomerProfile) -> str:
    """Stable across rebuilds of the same segmentation name: ``default-2``."""
    slug = re.sub(r"[^a-z0-9]+", "-", segmentation.name.lower()).strip("-") or "personas"
    return f"{slug}-{profile.index}"


def synthesize(
    segmentation: Segmentation,
    inputs: PersonaInputs,
    *,
    settings: PersonaSettings,
    lang: str,
    seed: int,
) -> list[Persona]:
    """The personas of *segmentation* (pure: same arguments, same personas)."""
    extra: list[Recognizer] = (
        [KnownValuesRecognizer(inputs.personal_values)] if inputs.personal_values else []
    )
    def section_of(source: str, column: str) -> str | None:
        return text_section(source, column, inputs.canvas, inputs.template)

    texts = safe_texts(inputs.texts, inputs.members, inputs.units, settings.min_group_size)
    quotes = choose_quotes(
        texts, inputs.members, segmentation.profiles,
        min_group_size=settings.min_group_size, max_quotes=settings.max_quotes,
        min_quotes=min(MIN_QUOTES, settings.max_quotes), lang=lang, extra=extra,
        section_of=section_of,
    )
    measured = measured_sections(segmentation.profiles, _text_columns(inputs.texts),
                                 inputs.canvas, inputs.excluded, inputs.template)
    taken: set[str] = set()
    personas = []
    with using_labels(inputs.labels):
        for profile in sorted(segmentation.profiles, key=lambda p: p.index):
            # A profile smaller than the minimum group size never becomes a persona.
            if profile.size < settings.min_group_size:
                continue
            personas.append(_persona(segmentation, profile, inputs, settings=settings,
                                     lang=lang, seed=seed, taken=taken, quotes=quotes,
                                     measured=measured))
    return personas


def _in_canvas_order(statements: list[Any], template: CanvasTemplate = B2C) -> list[Any]:
    if template is B2C:
        return sorted(statements, key=lambda s: SECTION_ORDER.index(s.section))
    placed = [s if s.section in template.order
              else s.model_copy(update={"section": template.place(s.section)})
              for s in statements]
    # Two sections a theme spoke to may land in one of the template's: say it there once.
    seen: set[tuple[str, str]] = set()
    kept = []
    for statement in placed:
        theme = _theme_of(statement)
        if theme is not None and (statement.section, theme) in seen:
            continue
        if theme is not None:
            seen.add((statement.section, theme))
        kept.append(statement)
    return sorted(kept, key=lambda s: template.order.index(s.section))


def _theme_of(statement: Any) -> str | None:
    """The theme a statement rests on (``theme:t3`` of ``theme:t3@goals``), if any."""
    for evidence in statement.evidence:
        variable = str(evidence.variable or "")
        if variable.startswith("theme:"):
            return variable.split("@", 1)[0]
    return None


def _text_columns(texts: pd.DataFrame | None) -> list[tuple[str, str]]:
    if texts is None or texts.empty or "column" not in texts.columns:
        return []
    pairs = texts[["source", "column"]].astype(str).drop_duplicates()
    return sorted(pairs.itertuples(index=False, name=None))


def _persona(segmentation: Segmentation, profile: CustomerProfile, inputs: PersonaInputs, *,
             settings: PersonaSettings, lang: str, seed: int, taken: set[str],
             quotes: QuoteSelection, measured: dict[str, list[str]]) -> Persona:
    pid = persona_id(segmentation, profile)
    template = inputs.template
    statements = canvas_statements(profile, settings, inputs.excluded, inputs.canvas, template)
    statements = _in_canvas_order(statements + voice_statements(
        statements, quotes.voices.get(profile.id, []), settings.max_per_section), template)
    statements = safe_statements(statements, profile.id, inputs.units, settings.min_group_size)
    name, age, gender = choose_identity(profile, lang=lang, seed=seed, taken=taken,
                                        real=inputs.real_names)
    first = name.split(" ")[0]
    avatar_key = f"{seed}:{pid}"
    ways = approach(first, statements)
    measured_statements = statements
    qualitative = _qualitative(inputs, profile, pid, settings, lang, quotes)
    statements = _in_canvas_order(statements + qualitative.statements, template)
    statements = safe_statements(statements, profile.id, inputs.units, settings.min_group_size)
    voice = _voice(template, first, age, profile, statements, pid)
    return Persona(
        id=pid, profile_id=profile.id, segmentation_id=segmentation.id, name=name, age=age,
        gender=gender, title=dict(profile.name),
        avatar_svg=avatar_svg(avatar_shapes(avatar_key, gender=gender, age=age), title=name),
        quote=voice["quote"] if voice else one_line_quote(statements),
        biography=voice["biography"] if voice else biography(first, age, profile, statements),
        narrative=voice["narrative"] if voice else narrative(first, statements, pid),
        statements=statements, quotes=quotes.quotes.get(profile.id, []), size=profile.size,
        share=profile.share, gaps=canvas_gaps(statements, measured, template),
        quote_note=quotes.notes.get(profile.id, {}),
        kpis={k: v for k, v in profile.kpis.items()
              if v.get("n", profile.size) >= settings.min_group_size},
        approach=ways.get(lang, ways["en"]),
        extra={"approach": ways, "avatar_key": avatar_key, "profile_index": profile.index,
               "stability": profile.stability, "unstable": profile.unstable,
               **qualitative.extra, **_layout(template),
               **_shortfall(profile, measured_statements, settings, inputs.excluded)},
    )


def _voice(template: CanvasTemplate, first: str, age: int, profile: CustomerProfile,
           statements: list[Any], pid: str) -> dict[str, dict[str, str]] | None:
    """Narrative, biography and quote in the template's own words (None: the b2c ones)."""
    from personakit.persona._narrative import _direction, strongest
    from personakit.templates._voice import (
        template_biography,
        template_narrative,
        template_quote,
        uses_catalogue,
    )

    if uses_catalogue(template):
        return None
    top = strongest(statements)
    return {"quote": template_quote(template, top, top is None or _direction(top) > 0),
            "biography": template_biography(template, first, age, profile, top),
            "narrative": template_narrative(template, first, statements, pid, profile.size)}


def _layout(template: CanvasTemplate) -> dict[str, Any]:
    """The template's sections and titles, kept with a persona not on the built-in b2c
    canvas, so reports, posters and the web app show its layout (issue 14)."""
    if template.name == "b2c" and template.origin == B2C.origin:
        return {}
    return {"canvas": template.layout()}


def _qualitative(inputs: PersonaInputs, profile: CustomerProfile, pid: str,
                 settings: PersonaSettings, lang: str, quotes: QuoteSelection) -> Any:
    """Statements from themes and codes, and the persona's themes (issue 11)."""
    from personakit.texts._canvas import qualitative_part

    shown = [q.text for q in [*quotes.quotes.get(profile.id, []),
                              *quotes.voices.get(profile.id, [])]]
    return qualitative_part(inputs.qualitative, profile, pid, lang=lang, taken=shown,
                            min_group_size=settings.min_group_size)


def _shortfall(profile: CustomerProfile, statements: list[Any], settings: PersonaSettings,
               excluded: set[str]) -> dict[str, Any]:
    short = shortfall(profile, statements, settings, excluded)
    return {"shortfall": short} if short else {}


def carry_over(personas: list[Persona], previous: list[Persona]) -> list[Persona]:
    """Keep what people added by hand: their statements and their own picture."""
    before = {p.id: p for p in previous}
    result = []
    for persona in personas:
        old = before.get(persona.id)
        if old is None:
            result.append(persona)
            continue
        ids = {s.id for s in persona.statements}
        manual = [s for s in old.statements if s.author != BUILDER and s.id not in ids]
        result.append(persona.model_copy(update={
            "statements": persona.statements + manual,
            "picture": old.picture or persona.picture,
        }))
    return result


def build_personas(
    ws: Workspace, segmentation: Segmentation | None = None, *, author: str = BUILDER
) -> PersonaVersion:
    """Turn every profile of *segmentation* (default: the current one) into a persona and
    store the set as a new version."""
    if segmentation is None:
        from personakit.segment import get_segmentation

        segmentation = get_segmentation(ws)
    settings = PersonaSettings.from_config(
        dict(ws.config.settings.get("persona", {})), min_group_size(ws)
    )
    seed = ws.config.workspace.seed
    inputs = gather_inputs(ws, segmentation)
    personas = synthesize(segmentation, inputs, settings=settings, lang=ws.language, seed=seed)
    personas = carry_over(personas, current_personas(ws))
    recorded = {**settings.as_dict(), "language": ws.language}
    if _layout(inputs.template):
        recorded["template"] = inputs.template.name
    if inputs.canvas.columns:
        recorded["canvas"] = {k: dict(v) for k, v in inputs.canvas.columns.items()}
    qualitative = inputs.qualitative.recorded() if inputs.qualitative is not None else {}
    return record_build(
        ws, personas, segmentation_id=segmentation.id,
        inputs={**segmentation.inputs, "segmentation": segmentation.id, **qualitative},
        settings=recorded, seed=seed, author=author,
    )


def gather_inputs(ws: Workspace, segmentation: Segmentation) -> PersonaInputs:
    """Texts, members and personal-data columns of the workspace (empty where absent)."""
    inputs = PersonaInputs(labels=workspace_labels(ws.config))
    try:
        from personakit.ingest import list_sources, load_source, source_columns, text_items
    except ImportError:  # pragma: no cover - ingest is part of every install
        return inputs
    for source in list_sources(ws):
        name = source if isinstance(source, str) else str(getattr(source, "name", source))
        _personal_columns(ws, name, source_columns(ws, name), load_source, inputs)
    inputs.texts = text_items(ws)
    inputs.canvas = CanvasMapping({name: dict(source.canvas)
                                   for name, source in ws.config.sources.items() if source.canvas})
    inputs.members = _members(ws, segmentation)
    _template_inputs(ws, segmentation, inputs, list_sources, load_source, source_columns)
    from personakit.texts._canvas import load_qualitative

    inputs.qualitative = load_qualitative(ws, segmentation, inputs.members, inputs.canvas)
    return inputs


def _template_inputs(ws: Workspace, segmentation: Segmentation, inputs: PersonaInputs,
                     list_sources: Any, load_source: Any, source_columns: Any) -> None:
    """The segmentation's canvas template (issue 14), its mapping checked, its units counted."""
    from personakit.errors import ConfigError
    from personakit.templates import template_for
    from personakit.templates._privacy import count_units, unit_columns

    inputs.template = template_for(ws, segmentation)
    for source, table in inputs.canvas.columns.items():
        for column, section in table.items():
            if section not in inputs.template.order:
                raise ConfigError("templates.error.mapping", source=source, column=column,
                                  section=section, template=inputs.template.name,
                                  known=", ".join(inputs.template.order))
    if not inputs.template.privacy.group_columns:
        return
    units: dict[str, pd.Series] = {}
    for source in list_sources(ws):
        name = source if isinstance(source, str) else str(getattr(source, "name", source))
        key = ws.config.sources[name].key if name in ws.config.sources else None
        wanted = unit_columns(inputs.template, [c.name for c in source_columns(ws, name)])
        if key is None or not wanted:
            continue
        frame = load_source(ws, name)
        for column in wanted:
            units.setdefault(column, frame.set_index(frame[key].astype(str))[column])
    inputs.units = count_units(units, inputs.members)


def _personal_columns(ws: Workspace, source: str, columns: Any, load: Any,
                      inputs: PersonaInputs) -> None:
    personal = [c for c in columns if c.role.is_personal or c.role.value == "identifier"]
    inputs.excluded.update(c.name for c in personal)
    inputs.excluded.update(f"{source}__{c.name}" for c in personal)
    pii = [c for c in personal if c.role.is_personal]
    if not pii:
        return
    frame = load(ws, source)
    names = [c.name for c in pii if c.role.value == "pii_name" and c.name in frame.columns]
    if names:
        inputs.real_names |= real_name_set(frame[names].itertuples(index=False, name=None))
    for column in pii:
        if column.name not in frame.columns:
            continue
        if column.role.value == "pii_name":
            continue  # names go in whole (below): a surname alone may be "Meer" or "Best"
        kind = column.role.value.removeprefix("pii_")
        for value in frame[column.name].dropna().astype(str).unique():
            # Short values (house numbers, "NL") would wipe ordinary words and numbers.
            if len(value.strip()) >= MIN_KNOWN_LENGTH:
                inputs.personal_values[value] = kind
    if names:
        joined = frame[names].fillna("").astype(str).agg(" ".join, axis=1)
        full = {" ".join(v.split()) for v in joined.unique()}
        inputs.personal_values.update(dict.fromkeys((v for v in full if " " in v), "name"))


def _members(ws: Workspace, segmentation: Segmentation) -> pd.DataFrame | None:
    from personakit.segment import profile_members

    try:
        return profile_members(ws, segmentation.id)
    except PersonakitError:
        # A segmentation that was never stored (built in a notebook) has no member list:
        # the personas then simply carry no quotes.
        return None
