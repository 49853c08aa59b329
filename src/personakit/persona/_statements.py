"""Statements from a profile's effects and KPIs, each with its evidence and threshold.

Thresholds (named settings, ``[settings.persona]`` in ``personakit.toml``):

- a difference becomes a statement only when ``q < q_max`` (0.01, Benjamini-Hochberg
  corrected), ``|effect| >= min_effect`` (0.2, Cohen's d or h: a "small" effect and up) and
  the profile side rests on at least ``min_group_size`` people; a share that says "more
  often" also needs ``min_group_size`` members who have that level;
- a KPI becomes a statement when both sides rest on ``min_group_size`` people and the
  profile differs from the rest by at least ``kpi_min_relative`` (10 %), or when the KPI's
  variable is among the significant effects.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any, cast

from personakit.i18n import LANGUAGES, t
from personakit.model import CustomerProfile, Evidence, Statement, VariableEffect
from personakit.model._persona import Section
from personakit.persona._semantics import (
    boolean_level,
    concept_of,
    direction,
    is_time_variable,
    label,
    section_of,
    zero_level,
)
from personakit.privacy import large_enough, share_count

# Canvas order: behaviour and needs first, demographics last (seed 004, fourth mistake).
SECTION_ORDER: tuple[str, ...] = (
    "goals", "frustrations", "drivers", "fears", "dreams", "expectations", "barriers",
    "skills", "channels", "tone", "buying", "media", "kpis", "notes", "demographics",
)


@dataclass(frozen=True)
class PersonaSettings:
    """Thresholds and limits of persona synthesis (see the module docstring)."""

    q_max: float = 0.01
    min_effect: float = 0.2
    min_group_size: int = 10
    kpi_min_relative: float = 0.1
    max_statements: int = 14
    max_per_section: int = 3
    max_demographics: int = 2
    max_quotes: int = 5  # at least 3 where the data has them (issue 10)

    @classmethod
    def from_config(cls, raw: dict[str, Any], min_group_size: int) -> PersonaSettings:
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**{**known, "min_group_size": min_group_size})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def clears_threshold(effect: VariableEffect, settings: PersonaSettings) -> bool:
    """Whether *effect* is strong, certain and large enough to become a statement."""
    if effect.q_value >= settings.q_max or abs(effect.effect) < settings.min_effect:
        return False
    if not large_enough(effect.n_profile, settings.min_group_size):
        return False
    if effect.kind == "share" and direction(effect) > 0 and effect.effect > 0:
        return share_count(effect.profile_value, effect.n_profile) >= settings.min_group_size
    return True


def _variant(key: str, count: int) -> int:
    return hashlib.sha256(key.encode("utf-8")).digest()[0] % count


def _degree(effect: float, lang: str) -> str:
    size = abs(effect)
    grade = "strong" if size >= 0.8 else "clear" if size >= 0.5 else "some"
    return t(f"persona.degree.{grade}", lang)


def statement_text(effect: VariableEffect, statement_id: str) -> dict[str, str]:
    """The statement in every language; the form varies with the statement id."""
    up = direction(effect) > 0
    if effect.kind == "mean":
        form, count = f"mean.{'up' if up else 'down'}", 3
    elif boolean_level(effect.level, effect.variable) is not None:
        form, count = f"bool.{'up' if up else 'down'}", 2
    elif zero_level(effect.level):
        # "more often zero complaints" reads as fewer complaints: up here means less.
        form, count = f"zero.{'down' if up else 'up'}", 1
    else:
        form, count = f"share.{'up' if up else 'down'}", 3 if up else 2
    variant = _variant(statement_id, count)
    return {
        lang: _capitalise(t(f"persona.stmt.{form}.{variant}", lang,
                            label=label(effect.variable, lang),
                            level=effect.level or "", degree=_degree(effect.effect, lang)))
        for lang in LANGUAGES
    }


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def statement_id(effect: VariableEffect) -> str:
    return f"stat:{effect.variable}" + (f"={effect.level}" if effect.level is not None else "")


def effect_statement(effect: VariableEffect) -> Statement:
    sid = statement_id(effect)
    return Statement(
        id=sid,
        section=cast(Section, section_of(effect)),
        text=statement_text(effect, sid),
        evidence=[Evidence(
            kind="statistic", variable=effect.variable, level=effect.level,
            profile_value=effect.profile_value, rest_value=effect.rest_value,
            effect=effect.effect, lift=effect.lift, ci_low=effect.ci_low,
            ci_high=effect.ci_high, q_value=effect.q_value, n=effect.n_profile,
        )],
        author="personakit",
    )


def kpi_statements(profile: CustomerProfile, settings: PersonaSettings,
                   significant: set[str]) -> list[Statement]:
    statements = []
    for name, figures in sorted(profile.kpis.items()):
        value, rest = figures.get("profile"), figures.get("rest")
        n = figures.get("n", profile.size)
        if value is None or rest is None or not large_enough(n, settings.min_group_size):
            continue
        relative = (value - rest) / abs(rest) if rest else 0.0
        if abs(relative) < settings.kpi_min_relative and name not in significant:
            continue
        form = "up" if value > rest else "down"
        statements.append(Statement(
            id=f"kpi:{name}", section="kpis",
            text={lang: _capitalise(t(f"persona.stmt.kpi.{form}", lang, label=label(name, lang)))
                  for lang in LANGUAGES},
            evidence=[Evidence(kind="statistic", variable=name, profile_value=value,
                               rest_value=rest, lift=value / rest if rest else None,
                               n=int(n))],
            author="personakit",
        ))
    return statements


def profile_statements(
    profile: CustomerProfile, settings: PersonaSettings,
    excluded: set[str] | frozenset[str] = frozenset(),
) -> list[Statement]:
    """The statements of one profile: strongest first within each section, canvas order."""
    effects = [e for e in profile.effects
               if e.variable not in excluded and not is_time_variable(e.variable)
               and clears_threshold(e, settings)]
    effects.sort(key=lambda e: (-abs(e.effect), e.variable, e.level or ""))
    chosen: list[Statement] = []
    per_section: dict[str, int] = {}
    seen_variables: set[str] = set()
    for effect in effects:
        statement = effect_statement(effect)
        limit = (settings.max_demographics if statement.section == "demographics"
                 else settings.max_per_section)
        # One statement per variable, its strongest level: "more often app" already
        # implies "less often phone"; saying both reads as a list, not a person.
        if per_section.get(statement.section, 0) >= limit or effect.variable in seen_variables:
            continue
        per_section[statement.section] = per_section.get(statement.section, 0) + 1
        seen_variables.add(effect.variable)
        chosen.append(statement)
    significant = {e.variable for e in effects}
    chosen += kpi_statements(profile, settings, significant)
    chosen = _cap_total(chosen, settings.max_statements)
    return sorted(chosen, key=lambda s: SECTION_ORDER.index(s.section))


def _cap_total(statements: list[Statement], limit: int) -> list[Statement]:
    kpis = [s for s in statements if s.section == "kpis"]
    others = [s for s in statements if s.section != "kpis"]
    return others[: max(limit - min(len(kpis), 3), 0)] + kpis[:3]


def is_digital(statement: Statement) -> bool:
    return any(e.variable is not None and concept_of(e.variable, e.level).name == "digital"
               for e in statement.evidence)
