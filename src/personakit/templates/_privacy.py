"""Minimum group size per unit (department, team) for templates that name such columns.

Issue 14: an employee persona must not identify a small team. A persona's group is large
enough as a whole, but "3 in 10 work in Legal" about a team of four points at people, and
so does a quote from the only member of a small team in the persona. So, per column the
template names in ``[privacy] group_columns``:

- a statement whose evidence is about one unit (the variable is that column, or one of its
  levels) stays only when at least ``min_group_size`` of the persona's members belong to
  that unit, and the unit itself has at least ``min_group_size`` people;
- an open answer is only quoted when its writer's unit has at least ``min_group_size``
  members in the writer's profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from personakit.model import Statement
from personakit.templates._model import CanvasTemplate


@dataclass
class UnitCounts:
    """Per unit column: each key's unit, and the count per (profile, unit) and per unit."""

    units: dict[str, pd.Series] = field(default_factory=dict)  # column → key → unit
    in_profile: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    overall: dict[str, dict[str, int]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.units)


def unit_columns(template: CanvasTemplate, columns: list[str]) -> list[str]:
    """The columns of a source that the template names as units."""
    wanted = {c.lower() for c in template.privacy.group_columns}
    return [c for c in columns if c.lower() in wanted]


def count_units(frames: dict[str, pd.Series], members: pd.DataFrame | None) -> UnitCounts:
    """Counts of each unit column (*frames*: column → unit per key) over *members*."""
    counts = UnitCounts()
    if members is None or members.empty:
        return counts
    keyed = members.set_index(members["key"].astype(str))["profile_id"]
    for column, unit in frames.items():
        unit = unit.dropna().astype(str)
        unit.index = unit.index.astype(str)
        counts.units[column] = unit
        joined = pd.DataFrame({"profile": keyed, "unit": unit.reindex(keyed.index)}).dropna()
        sizes = joined.groupby(["profile", "unit"]).size()
        counts.in_profile[column] = {
            (str(p), str(u)): int(n)
            for p, u, n in zip(sizes.index.get_level_values(0), sizes.index.get_level_values(1),
                               sizes.to_numpy(), strict=True)}
        counts.overall[column] = {str(u): int(n) for u, n in unit.value_counts().items()}
    return counts


def _unit_of(statement: Statement, columns: list[str]) -> tuple[str, str | None] | None:
    """(column, level) when *statement* speaks about a unit column, else None."""
    for evidence in statement.evidence:
        parts = [p for p in str(evidence.variable or "").split("__") if p]
        for column in columns:
            if column in parts or any(p.lower() == column.lower() for p in parts):
                level = parts[parts.index(column) + 1] if column in parts and \
                    parts.index(column) + 1 < len(parts) else evidence.level
                return column, level
    return None


def safe_statements(statements: list[Statement], profile_id: str, counts: UnitCounts,
                    min_group_size: int) -> list[Statement]:
    """*statements* without those about a unit too small in this persona or overall."""
    if not counts:
        return statements
    kept = []
    for statement in statements:
        about = _unit_of(statement, list(counts.units))
        if about is not None:
            column, level = about
            if level is None:
                continue  # a unit column as a whole (no level) names every small team too
            in_profile = counts.in_profile[column].get((profile_id, str(level)), 0)
            overall = counts.overall[column].get(str(level), 0)
            if in_profile < min_group_size or overall < min_group_size:
                continue
        kept.append(statement)
    return kept


def safe_texts(texts: pd.DataFrame | None, members: pd.DataFrame | None, counts: UnitCounts,
               min_group_size: int) -> pd.DataFrame | None:
    """*texts* without those whose writer's unit is too small within the writer's profile."""
    if texts is None or texts.empty or members is None or not counts:
        return texts
    profile = members.set_index(members["key"].astype(str))["profile_id"]
    keys = texts["key"].astype(str)
    keep = pd.Series(True, index=texts.index)
    for column, unit in counts.units.items():
        cells = list(zip(profile.reindex(keys).astype(str), unit.reindex(keys).astype(str),
                         strict=True))
        sizes = [counts.in_profile[column].get(cell, 0) for cell in cells]
        keep &= pd.Series([n >= min_group_size for n in sizes], index=texts.index)
    return texts[keep.to_numpy()]
