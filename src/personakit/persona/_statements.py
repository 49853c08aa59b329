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
import re
from dataclasses import asdict, dataclass
from typing import Any

from personakit.i18n import LANGUAGES, format_percent, t
from personakit.i18n._numbers import format_number, format_year
from personakit.model import CustomerProfile, Evidence, Statement, VariableEffect
from personakit.persona._labels import Label, Labels, active_labels, level_text
from personakit.persona._semantics import (
    boolean_level,
    concept_of,
    direction,
    is_time_variable,
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
    # Per-section limits balance a canvas; they never leave a persona with fewer than
    # this many statements while stronger evidence is left over (issue 9: 86 coded
    # columns all in one section gave every persona three).
    min_statements: int = 5
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


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def tenths(share: float, lang: str, other: float | None = None) -> str:
    """A share as people read it: "7 in 10"; a percentage below one in ten, or when the
    other side rounds to the same tenth."""
    count = round(share * 10)
    if share < 0.1 or share > 0.95 or (other is not None and round(other * 10) == count):
        return format_percent(share, lang, 0)
    return t("voice.tenths", lang, count=count)


def _pair(value: float, rest: float, lang: str) -> dict[str, str]:
    return {"p": tenths(value, lang, rest), "r": tenths(rest, lang, value)}


def _value(value: float, label: Label, lang: str) -> str:
    text = format_number(value, lang)
    if label.unit:
        return t(f"voice.unit.{label.unit}", lang, value=text)
    return text


def _bare(label: Label, lang: str) -> str:
    """The label without its unit in brackets ("looptijd (jaren)" → "looptijd")."""
    text = label.text(lang)
    return re.sub(r"\s*\([^()]*\)$", "", text) if label.unit else text


COUNT_PREFIX = {"nl": ("aantal ",), "en": ("number of ", "count of ")}


def _count_noun(label: Label, lang: str) -> str | None:
    text = _bare(label, lang)
    for prefix in COUNT_PREFIX[lang]:
        if text.startswith(prefix) and "(" not in text:
            return text[len(prefix):]
    return None


def _linked_level(variable: str, lang: str) -> tuple[str, str, str] | None:
    """(column label, level, source) of a per-level count made by linking an event source
    (``web__bron__advertentie``), else ``None``."""
    from personakit.persona._labels import LINKED_STATS, derive_label, level_text

    parts = variable.split("__")
    if len(parts) != 3 or parts[2] in LINKED_STATS or not all(parts):
        return None
    return derive_label(parts[1]).text(lang), level_text(parts[2], lang), parts[0]


def _is_age(variable: str) -> bool:
    return bool(re.fullmatch(r"(leeftijd|age)(_?jaren|_?years)?", variable.lower()))


def _mean_text(effect: VariableEffect, label: Label, lang: str, variant: int) -> str:
    up = direction(effect) > 0
    way = "up" if up else "down"
    if effect.top_box_profile is not None and effect.top_box_rest is not None:
        return _agreement_text(effect, label, lang, variant)
    if _is_age(effect.variable):
        return t(f"voice.age.{way}.0", lang, p=format_number(effect.profile_value, lang, 0),
                 r=format_number(effect.rest_value, lang, 0))
    if 1900 <= effect.profile_value <= 2100 and 1900 <= effect.rest_value <= 2100:
        return t(f"voice.year.{way}.0", lang, label=_capitalise(_bare(label, lang)),
                 p=format_year(effect.profile_value, lang), r=format_year(effect.rest_value, lang))
    p, r = _value(effect.profile_value, label, lang), _value(effect.rest_value, label, lang)
    linked = _linked_level(effect.variable, lang)
    if linked is not None:  # web__bron__advertentie: how often this level, per customer
        column, level, source = linked
        return t(f"voice.linked.{way}", lang, column=column, level=level, source=source,
                 p=p, r=r)
    noun = _count_noun(label, lang)
    if noun is not None:
        return t(f"voice.count.{way}.{variant % 2}", lang, noun=noun, p=p, r=r)
    # The label stays as it is: in one form it opens the sentence (capitalised by the
    # caller), in the other it stands mid-sentence ("With 15 on average, app use is ...").
    return t(f"voice.mean.{way}.{variant % 2}", lang, label=_bare(label, lang), p=p, r=r)


def _agreement_text(effect: VariableEffect, label: Label, lang: str, variant: int) -> str:
    value, rest = effect.top_box_profile or 0.0, effect.top_box_rest or 0.0
    way = "up" if value >= rest else "down"
    figures = _pair(value, rest, lang)
    one = figures["p"].startswith("1 ")  # "1 op de 10 is", "1 in 10 agrees"
    are = ("is" if one else "zijn") if lang == "nl" else ("agrees" if one else "agree")
    statement = label.statement(lang)
    if label.kind != "statement":
        levels = t("voice.or", lang).join(f"‘{lv}’" if lang == "nl" else f"'{lv}'"
                                          for lv in effect.top_box_levels or [])
        return t(f"voice.scale.{way}.0", lang, label=_capitalise(label.text(lang)),
                 levels=levels, **figures)
    if statement is None:
        return t(f"voice.agree.{way}.described", lang, statement=label.text(lang), are=are,
                 **figures)
    return _capitalise(t(f"voice.agree.{way}.{variant % 2}", lang,
                         statement=_capitalise(statement) if variant % 2 == 0 else statement,
                         are=are, **figures))


def _share_text(effect: VariableEffect, label: Label, lang: str, variant: int,
                multi: bool) -> str:
    up = direction(effect) > 0
    name = label.text(lang)
    figures = _pair(effect.profile_value, effect.rest_value, lang)
    level = level_text(effect.level or "", lang)
    if boolean_level(effect.level, effect.variable) is not None:
        return t(f"voice.bool.{'up' if up else 'down'}.{variant % 2}", lang,
                 label=name if variant % 2 == 0 else _capitalise(name), **figures)
    if zero_level(effect.level):
        return t(f"voice.zero.{'down' if up else 'up'}.0", lang, label=_capitalise(name),
                 **figures)
    if multi:
        key = ("up." + str(variant % 2) if effect.effect > 0
               else "down.0" if effect.profile_value < 0.2 else "less.0")
        return _capitalise(t(f"voice.multi.{key}", lang, label=name, level=level, **figures))
    if effect.effect > 0:
        key = "mostly" if effect.profile_value > 0.5 else f"up.{variant % 2}"
    else:
        key = "rarely" if effect.profile_value < 0.1 else "down.0"
    return _capitalise(t(f"voice.category.{key}", lang, label=_capitalise(name) if key != (
        "up.1") else name, level=level, **figures))


def statement_text(effect: VariableEffect, statement_id: str, labels: Labels | None = None,
                   multi: bool = False) -> dict[str, str]:
    """The statement in every language, phrased by kind of evidence; the form varies with
    the statement id (so a page of personas does not repeat one sentence)."""
    label = (labels or active_labels())(effect.variable)
    variant = _variant(statement_id, 2)
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        if effect.kind == "mean":
            text = _mean_text(effect, label, lang, variant)
        else:
            text = _share_text(effect, label, lang, variant, multi)
        out[lang] = _capitalise(text)
    return out


def statement_id(effect: VariableEffect) -> str:
    return f"stat:{effect.variable}" + (f"={effect.level}" if effect.level is not None else "")


def effect_statement(effect: VariableEffect, labels: Labels | None = None,
                     multi: bool = False) -> Statement:
    sid = statement_id(effect)
    label = (labels or active_labels())(effect.variable)
    evidence = [Evidence(
        kind="statistic", variable=effect.variable, level=effect.level,
        profile_value=effect.profile_value, rest_value=effect.rest_value,
        effect=effect.effect, lift=effect.lift, ci_low=effect.ci_low,
        ci_high=effect.ci_high, q_value=effect.q_value, n=effect.n_profile,
        label={lang: label.text(lang) for lang in LANGUAGES},
    )]
    if effect.top_box_profile is not None and effect.top_box_rest is not None:
        # The shares the sentence quotes, as their own evidence line.
        evidence.append(Evidence(
            kind="statistic", variable=effect.variable,
            level=" / ".join(effect.top_box_levels or []),
            profile_value=effect.top_box_profile, rest_value=effect.top_box_rest,
            n=effect.n_profile, label=evidence[0].label))
    return Statement(id=sid, section=section_of(effect),
                     text=statement_text(effect, sid, labels, multi), evidence=evidence,
                     author="personakit")


def multi_select_variables(effects: list[VariableEffect]) -> set[str]:
    """Variables whose levels' shares add up past one: options of a multi-select."""
    totals: dict[str, float] = {}
    for effect in effects:
        if effect.kind == "share" and effect.level is not None:
            totals[effect.variable] = totals.get(effect.variable, 0.0) + effect.profile_value
    return {v for v, total in totals.items() if total > 1.05}


def kpi_statements(profile: CustomerProfile, settings: PersonaSettings,
                   significant: set[str], labels: Labels | None = None) -> list[Statement]:
    labels = labels or active_labels()
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
        label = labels(name)
        statements.append(Statement(
            id=f"kpi:{name}", section="kpis",
            text={lang: _capitalise(t(f"voice.kpi.{form}", lang,
                                      label=_capitalise(_bare(label, lang)),
                                      p=_value(value, label, lang), r=_value(rest, label, lang)))
                  for lang in LANGUAGES},
            evidence=[Evidence(kind="statistic", variable=name, profile_value=value,
                               rest_value=rest, lift=value / rest if rest else None,
                               n=int(n), label={lang: label.text(lang) for lang in LANGUAGES})],
            author="personakit",
        ))
    return statements


def profile_statements(
    profile: CustomerProfile, settings: PersonaSettings,
    excluded: set[str] | frozenset[str] = frozenset(), labels: Labels | None = None,
) -> list[Statement]:
    """The statements of one profile: strongest first within each section, canvas order."""
    effects = [e for e in profile.effects
               if e.variable not in excluded and not is_time_variable(e.variable)
               and clears_threshold(e, settings)]
    effects.sort(key=lambda e: (-abs(e.effect), e.variable, e.level or ""))
    chosen: list[Statement] = []
    per_section: dict[str, int] = {}
    seen_variables: set[str] = set()
    multi = multi_select_variables(profile.effects)
    for effect in effects:
        statement = effect_statement(effect, labels, effect.variable in multi)
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
    chosen += kpi_statements(profile, settings, significant, labels)
    chosen = _cap_total(chosen, settings.max_statements)
    return sorted(chosen, key=lambda s: SECTION_ORDER.index(s.section))


def _cap_total(statements: list[Statement], limit: int) -> list[Statement]:
    kpis = [s for s in statements if s.section == "kpis"]
    others = [s for s in statements if s.section != "kpis"]
    return others[: max(limit - min(len(kpis), 3), 0)] + kpis[:3]


def is_digital(statement: Statement) -> bool:
    return any(e.variable is not None and concept_of(e.variable, e.level).name == "digital"
               for e in statement.evidence)
