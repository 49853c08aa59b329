"""A canvas template as data: its sections, wording cues, narrative and quote forms.

The file format is documented in ``docs/guide/templates.md``; the built-in templates are the
``*.toml`` files beside this module. A template is read and validated whole: a wrong section
id, a missing language or an unknown fallback target raises a ``ConfigError`` that names the
file and the field, before anything uses it.
"""

from __future__ import annotations

import re
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from personakit.errors import ConfigError
from personakit.i18n import LANGUAGES, t

SECTION_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Every template has these three non-canvas sections: the persona's KPIs, its other
# characteristics (what no rule places) and its factsheet ("in brief", seed 004: last).
FIXED_SECTIONS = ("kpis", "notes", "demographics")
STRONG, WEAK = 2, 1


def _texts(value: dict[str, str], what: str) -> dict[str, str]:
    missing = [lang for lang in LANGUAGES if not str(value.get(lang, "")).strip()]
    if missing:
        raise ValueError(f"{what} needs a text in {', '.join(missing)}")
    return value


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TemplateSection(_Part):
    """One section of a canvas template.

    Parameters
    ----------
    id
        Stable id (``a-z``, digits, ``_``): what ``[sources.NAME.canvas]`` maps a column to.
    title
        Heading per language (``nl`` and ``en``), shown in reports, posters and the web app.
    canvas
        Shown on every persona, filled or explained (``False`` for kpis, notes, demographics).
    strong, weak
        Wording cues: a strong cue names the section's subject (2 points), a weak one hints at
        it (1 point). Notation as in ``docs/canvas-mapping.md``: ``word=`` only the whole
        word, a cue of four letters or fewer starts a word, a longer one may stand anywhere
        in a word, a cue with a space is a phrase.
    lead
        The narrative's lead-in for this section (``{first}`` is the persona's first name);
        empty: the catalogue's ``persona.narr.lead.<id>``.
    need
        What data would fill the section when it is empty; empty: ``canvas.need.<id>``.
    quote, quote_down
        The persona's one-line quote when this section holds its strongest statement (going
        up, or down: less often, disagrees); empty: the catalogue's ``persona.quote.<id>``.
    """

    id: str
    title: dict[str, str]
    canvas: bool = True
    strong: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)
    lead: dict[str, str] = Field(default_factory=dict)
    need: dict[str, str] = Field(default_factory=dict)
    quote: dict[str, str] = Field(default_factory=dict)
    # The quote when the strongest statement goes the other way (less often, disagrees).
    quote_down: dict[str, str] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not SECTION_ID.match(value):
            raise ValueError(f"section id {value!r}: use a-z, digits and _, starting a-z")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: dict[str, str]) -> dict[str, str]:
        return _texts(value, "title")

    @field_validator("lead", "need", "quote", "quote_down")
    @classmethod
    def _optional(cls, value: dict[str, str]) -> dict[str, str]:
        return _texts(value, "text") if value else value

    def cues(self) -> tuple[tuple[str, int], ...]:
        """The cues with their weights, strong first (the form ``_canvas.WORDING`` uses)."""
        return tuple((c, STRONG) for c in self.strong) + tuple((c, WEAK) for c in self.weak)


class NarrativeForm(_Part):
    """How the persona's paragraph reads.

    Parameters
    ----------
    form
        ``third_person`` ("What Sanne wants: …") or ``first_person`` (an employee's working
        day in her own words: the opening and the lead-ins say "I").
    opening
        A sentence before the sections (``{first}``, ``{people}`` filled in); optional.
    biography
        The biography's first sentence (``{first}``, ``{age}``, ``{size}``, ``{share}``,
        ``{profile}``, ``{people}``); empty: the catalogue's ``persona.bio.intro``.
    """

    form: Literal["third_person", "first_person"] = "third_person"
    opening: dict[str, str] = Field(default_factory=dict)
    biography: dict[str, str] = Field(default_factory=dict)

    @field_validator("opening", "biography")
    @classmethod
    def _optional(cls, value: dict[str, str]) -> dict[str, str]:
        return _texts(value, "text") if value else value


class QuoteForm(_Part):
    """The persona's one-line quote: per section (``TemplateSection.quote``) or this default."""

    default: dict[str, str] = Field(default_factory=dict)

    @field_validator("default")
    @classmethod
    def _optional(cls, value: dict[str, str]) -> dict[str, str]:
        return _texts(value, "text") if value else value


class TemplatePrivacy(_Part):
    """Extra privacy rules of a template.

    Parameters
    ----------
    group_columns
        Columns that name a small unit (department, team): every figure about one of their
        values, and every quote, needs ``min_group_size`` people of the persona in that unit
        (issue 14: no statement or quote that identifies a small team). Matched on the
        column name without its source prefix, case-insensitively.
    """

    group_columns: list[str] = Field(default_factory=list)


class CanvasTemplate(_Part):
    """A persona canvas: which sections, in which order, filled by which evidence.

    Parameters
    ----------
    name
        The template's name (``b2c``, ``employee``, …): what ``[workspace] template`` and
        ``personakit init --template`` name.
    people
        What the people in it are called, per language ("medewerkers"), in gap texts.
    sections
        In canvas order; must include ``kpis``, ``notes`` and ``demographics``.
    precedence
        Ties of the wording rule go to the section listed first; default: canvas order.
    fallback
        Where the column-name concepts' sections go (``channels`` → ``communication``);
        a concept section that is neither here nor in the template goes to ``notes``.
    """

    name: str
    version: int = 1
    title: dict[str, str]
    description: dict[str, str] = Field(default_factory=dict)
    people: dict[str, str] = Field(default_factory=dict)
    sections: list[TemplateSection]
    precedence: list[str] = Field(default_factory=list)
    fallback: dict[str, str] = Field(default_factory=dict)
    narrative: NarrativeForm = Field(default_factory=NarrativeForm)
    quote: QuoteForm = Field(default_factory=QuoteForm)
    privacy: TemplatePrivacy = Field(default_factory=TemplatePrivacy)
    # Where it was read from: "builtin" or the workspace file (not part of the format).
    origin: str = Field(default="builtin", exclude=True)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not SECTION_ID.match(value):
            raise ValueError(f"template name {value!r}: use a-z, digits and _")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: dict[str, str]) -> dict[str, str]:
        return _texts(value, "title")

    @model_validator(mode="after")
    def _consistent(self) -> CanvasTemplate:
        ids = [s.id for s in self.sections]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"section ids used twice: {', '.join(doubles)}")
        missing = [s for s in FIXED_SECTIONS if s not in ids]
        if missing:
            raise ValueError(f"sections missing: {', '.join(missing)}")
        unknown = [s for s in [*self.precedence, *self.fallback.values()] if s not in ids]
        if unknown:
            raise ValueError(f"precedence or fallback names unknown sections: "
                             f"{', '.join(sorted(set(unknown)))}")
        return self

    # -- what the pipeline reads ----------------------------------------------------------
    @property
    def order(self) -> tuple[str, ...]:
        """Every section id in canvas order."""
        return tuple(s.id for s in self.sections)

    @property
    def canvas(self) -> tuple[str, ...]:
        """The sections present on every persona (filled or explained)."""
        return tuple(s.id for s in self.sections if s.canvas)

    @cached_property
    def tie_order(self) -> tuple[str, ...]:
        """Sections that have cues, in the order that wins a tie."""
        cued = [s.id for s in self.sections if s.strong or s.weak]
        first = [s for s in self.precedence if s in cued]
        return tuple(first + [s for s in cued if s not in first])

    def wording(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """Section → cues with weights, for the sections that have cues."""
        return {s.id: s.cues() for s in self.sections if s.strong or s.weak}

    @cached_property
    def wording_table(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """``wording()`` kept (the wording rule reads it for every column)."""
        return self.wording()

    def section(self, section_id: str) -> TemplateSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def place(self, section_id: str) -> str:
        """Where a section named by another rule (a concept, a theme) lands here."""
        if section_id in self.order:
            return section_id
        return self.fallback.get(section_id, "notes")

    def title_of(self, section_id: str, lang: str) -> str:
        found = self.section(section_id)
        if found is None:
            return t(f"persona.section.{section_id}", lang)
        return found.title.get(lang) or found.title["en"]

    def layout(self) -> dict[str, Any]:
        """What a persona keeps of its template, so reports need not find the file again."""
        return {"template": self.name, "version": self.version,
                "sections": [{"id": s.id, "title": dict(s.title), "canvas": s.canvas}
                             for s in self.sections]}


def parse_template(data: dict[str, Any], origin: str) -> CanvasTemplate:
    """A template from parsed TOML; a ``ConfigError`` naming *origin* and the field if wrong."""
    try:
        template = CanvasTemplate.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "-"
        raise ConfigError("templates.error.invalid", file=origin, field=where,
                          detail=first["msg"]) from exc
    return template.model_copy(update={"origin": origin})


def read_template(path: Path) -> CanvasTemplate:
    """Read and validate one template file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("templates.error.toml", file=str(path), detail=str(exc)) from exc
    except OSError as exc:
        raise ConfigError("templates.error.read", file=str(path), detail=str(exc)) from exc
    return parse_template(data, str(path))
