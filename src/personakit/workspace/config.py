"""``personakit.toml``: the user's declarations (sources, key, roles, target groups, ...)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ColumnRoleName = Literal[
    "identifier",
    "numeric",
    "categorical",
    "ordinal",
    "multiselect",
    "text",
    "date",
    "boolean",
    "pii_name",
    "pii_email",
    "pii_phone",
    "pii_bsn",
    "pii_iban",
    "pii_address",
    "pii_postcode",
    "pii_birthdate",
    "ignore",
]

# Where a column's evidence may go on the persona canvas (the model's Section).
def _known_section(value: str) -> str:
    """A section of some registered canvas template (issue 14: docs/guide/templates.md);
    checked against the workspace's own template when personas are built."""
    from personakit.templates import registered

    known = {s for template in registered().values() for s in template.order}
    if value not in known:
        raise ValueError(f"canvas section {value!r} is in no template: {', '.join(sorted(known))}")
    return value


CanvasSectionName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$"),
                              AfterValidator(_known_section)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkspaceSettings(_Section):
    """``[workspace]``: defaults for every command."""

    language: Literal["nl", "en"] = "nl"
    # Minimum number of people behind any persona, statistic or quote (privacy, issue 4).
    min_group_size: int = Field(default=10, ge=2)
    database_url: str | None = None
    # numpy and scikit-learn take seeds 0 .. 2**32 - 1; another fails only at `segment`.
    seed: int = Field(default=42, ge=0, le=2**32 - 1)
    # The persona canvas template (issue 14): b2c, b2b, employee, citizen or a workspace copy.
    template: str = "b2c"


class LabelOverride(_Section):
    """One column's label in ``[sources.NAME.labels]``; a field left out stays derived."""

    nl: str | None = None
    en: str | None = None
    statement_nl: str | None = None
    statement_en: str | None = None


class SourceConfig(_Section):
    """``[sources.NAME]``: one data source and how to read it."""

    file: str
    key: str | None = None
    # For sources with several rows per customer (chats, web events): the column that holds
    # the customer key. It links rows to customers without having to be unique.
    link: str | None = None
    kind: str | None = None
    roles: dict[str, ColumnRoleName] = Field(default_factory=dict)
    # Column labels (issue 10): a plain string, or {nl, en, statement_nl, statement_en},
    # overriding the label derived from the column name or question text.
    labels: dict[str, LabelOverride | str] = Field(default_factory=dict)
    # Canvas sections (issue 10): column → section, overriding the wording rule of
    # docs/canvas-mapping.md ("klantwaarde" = "drivers").
    canvas: dict[str, CanvasSectionName] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)


class TargetGroup(_Section):
    """``[target_groups.NAME]``: a filter in SQL ``WHERE`` syntax over the linked sources."""

    where: str
    description: str = ""
    # This group's canvas template (issue 14); default: ``[workspace] template``.
    template: str | None = None


class Lens(_Section):
    """``[lenses.NAME]``: the variables (with optional weights) a segmentation looks through."""

    variables: list[str]
    weights: dict[str, float] = Field(default_factory=dict)
    description: str = ""


class Hypothesis(_Section):
    """``[hypotheses.NAME]``: an expert's rule-based profile, tested against the data."""

    where: str
    description: str = ""


class WorkspaceConfig(_Section):
    workspace: WorkspaceSettings = Field(default_factory=WorkspaceSettings)
    sources: dict[str, SourceConfig] = Field(default_factory=dict)
    target_groups: dict[str, TargetGroup] = Field(default_factory=dict)
    lenses: dict[str, Lens] = Field(default_factory=dict)
    hypotheses: dict[str, Hypothesis] = Field(default_factory=dict)
    # Customer journeys (issue 12), validated by personakit.journey (docs/guide/11-journeys.md).
    journeys: dict[str, Any] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)


TEMPLATE = """\
# personakit workspace. Edit freely: comments are kept when personakit updates this file.
# Docs: docs/cli.md and docs/guide/.

[workspace]
# Language of reports and messages: "nl" or "en".
language = "{language}"
# Minimum group size behind any persona, statistic or quote (privacy).
min_group_size = 10
# database_url = "postgresql+psycopg://user@localhost/personakit"  # default: SQLite here
seed = 42
# Persona canvas template: "b2c" (customers), "b2b" (buyers), "employee" or "citizen";
# a target group may set its own. See docs/guide/templates.md.
template = "b2c"

# Sources are added by `personakit import`. Override an inferred column role like this:
# [sources.crm.roles]
# postcode = "pii_postcode"

[sources]

# Target groups (process step 1): a filter in SQL WHERE syntax over the linked sources.
# [target_groups.seniors]
# where = "leeftijd >= 65"

[target_groups]

# Lenses: the variables a segmentation looks through.
# [lenses.channels]
# variables = ["kanaal_voorkeur", "app_gebruik"]

[lenses]

# Expert hypotheses (rule-based profiles), tested against the data-driven profiles.
# [hypotheses.digital_senior]
# where = "leeftijd >= 55 and kanaal_voorkeur = 'app'"

[hypotheses]
"""
