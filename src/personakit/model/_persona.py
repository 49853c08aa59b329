"""Models of personas: statements with their evidence, quotes, versions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

# A canvas section id: the b2c template's goals, frustrations, drivers, fears, dreams,
# expectations, barriers, skills, channels, tone, buying, media, kpis, demographics, notes,
# or another template's own sections (issue 14, ``personakit.templates``).
Section = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class Evidence(BaseModel):
    """What a statement rests on: a statistic, a quote, or nothing yet (an assumption).

    Parameters
    ----------
    kind
        ``"statistic"``, ``"quote"`` or ``"insight"`` (from an interview, added by an editor).
    variable, level
        For a statistic: the variable and level (see ``VariableEffect``).
    n
        Number of people behind the figure (never below the minimum group size).
    """

    kind: Literal["statistic", "quote", "insight"]
    variable: str | None = None
    level: str | None = None
    profile_value: float | None = None
    rest_value: float | None = None
    effect: float | None = None
    lift: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    q_value: float | None = None
    n: int | None = None
    text: str | None = None
    source: str | None = None
    date: str | None = None
    author: str | None = None
    # The variable's label per language (issue 10): what readers see instead of the column.
    label: dict[str, str] = Field(default_factory=dict)


class Statement(BaseModel):
    """One claim on a persona canvas, in every language, with its evidence."""

    id: str
    section: Section
    text: dict[str, str]
    evidence: list[Evidence] = Field(default_factory=list)
    assumption: bool = False
    author: str | None = None


class Quote(BaseModel):
    """A representative open answer or chat line, with personal data removed."""

    text: str
    source: str
    date: str | None = None
    typicality: float | None = None
    # The open question it answers, and the canvas section that question speaks to.
    column: str | None = None
    section: Section | None = None


class Persona(BaseModel):
    """A persona: a narrative archetype backed by one customer profile.

    Parameters
    ----------
    id
        Stable id across versions (derived from the profile id).
    revision
        Increases with every saved change; a save from an older revision is a conflict.
    """

    id: str
    profile_id: str
    segmentation_id: str
    revision: int = 1
    name: str
    age: int | None = None
    gender: str | None = None
    title: dict[str, str] = Field(default_factory=dict)
    avatar_svg: str = ""
    picture: str | None = None
    quote: dict[str, str] = Field(default_factory=dict)
    biography: dict[str, str] = Field(default_factory=dict)
    narrative: dict[str, str] = Field(default_factory=dict)
    statements: list[Statement] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    size: int
    share: float
    kpis: dict[str, dict[str, float]] = Field(default_factory=dict)
    approach: dict[str, str] = Field(default_factory=dict)
    # Canvas sections without a statement → language → what data would fill them.
    gaps: dict[str, dict[str, str]] = Field(default_factory=dict)
    # Why there are fewer quotes than asked for (language → text); empty when enough.
    quote_note: dict[str, str] = Field(default_factory=dict)
    extra: dict[str, Any] = Field(default_factory=dict)


class PersonaVersion(BaseModel):
    """One build of the persona set: what it came from, so it can be reproduced."""

    id: int
    created_at: datetime
    author: str
    segmentation_id: str
    inputs: dict[str, str]
    settings: dict[str, Any]
    seed: int
    content_hash: str
    personas: list[Persona] = Field(default_factory=list)
