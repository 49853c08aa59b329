"""Seed 004's five mistakes, checked on a persona set (``personakit lint``).

1. *Static* (a PDF nobody updates): no data check — a validation round, a drift check or
   the build itself — in ``stale_days``.
2. *Built on assumptions*: more than ``max_assumption_share`` of the statements have no
   evidence (hand-written or marked as assumptions).
3. *Too general*: two personas whose strongest traits overlap so much that their
   distinctiveness (1 - Jaccard overlap of their top traits, with direction) is below
   ``min_distinct``; or a persona with fewer than two significant traits.
4. *Too much demographics*: more than ``max_demographic_share`` of the statements are about
   age, gender, place, household or income.
5. *One persona for everything*: a single persona, or one persona set for a workspace
   that defines several target groups while the set was built on none of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import func, select

from personakit.model import Persona, PersonaVersion, Segmentation, Statement
from personakit.steer._settings import SteerSettings, steer_settings
from personakit.steer._tables import drift_checks
from personakit.workspace import Workspace

Rule = Literal["stale", "assumptions", "too_general", "too_demographic", "one_for_all"]
RULES: tuple[Rule, ...] = ("stale", "assumptions", "too_general", "too_demographic",
                           "one_for_all")
TOP_TRAITS = 5
MIN_TRAITS = 2
SIGNIFICANT = 0.05


class LintFinding(BaseModel):
    """One rule's result: the figure, its threshold, and the personas it concerns."""

    rule: Rule
    flagged: bool
    figure: float | None = None
    threshold: float | None = None
    personas: list[str] = Field(default_factory=list)
    detail: dict[str, str | int | float] = Field(default_factory=dict)


class LintReport(BaseModel):
    build_id: int
    at: datetime
    findings: list[LintFinding]

    @property
    def flagged(self) -> list[LintFinding]:
        return [f for f in self.findings if f.flagged]


def _last_check(ws: Workspace, version: PersonaVersion) -> datetime:
    from personakit.validate._tables import validation_rounds

    moments = [version.created_at]
    with ws.engine.connect() as con:
        for column in (drift_checks.c.at, validation_rounds.c.created_at,
                       validation_rounds.c.closed_at):
            value = con.execute(select(func.max(column))).scalar()
            if value is not None:
                moments.append(value)
    return max(m if m.tzinfo else m.replace(tzinfo=UTC) for m in moments)


def stale(ws: Workspace, version: PersonaVersion, settings: SteerSettings,
          now: datetime) -> LintFinding:
    last = _last_check(ws, version)
    days = (now - last).total_seconds() / 86_400
    return LintFinding(rule="stale", flagged=days > settings.stale_days, figure=round(days, 1),
                       threshold=settings.stale_days,
                       detail={"last_check": last.date().isoformat()})


def _unproven(statement: Statement) -> bool:
    return statement.assumption or not statement.evidence


def assumptions(personas: list[Persona], settings: SteerSettings) -> LintFinding:
    statements = [s for p in personas for s in p.statements]
    share = sum(map(_unproven, statements)) / max(len(statements), 1)
    worst = [p.id for p in personas
             if p.statements and sum(map(_unproven, p.statements)) / len(p.statements)
             > settings.max_assumption_share]
    return LintFinding(rule="assumptions", flagged=share > settings.max_assumption_share or
                       bool(worst), figure=round(share, 4),
                       threshold=settings.max_assumption_share, personas=worst,
                       detail={"statements": len(statements)})


def _traits(seg: Segmentation, profile_id: str) -> set[tuple[str, str]]:
    """The profile's strongest significant traits, each with its direction."""
    profile = next((p for p in seg.profiles if p.id == profile_id), None)
    if profile is None:
        return set()
    chosen = [e for e in sorted(profile.effects, key=lambda e: -abs(e.effect))
              if e.q_value <= SIGNIFICANT][:TOP_TRAITS]
    return {(e.variable, f"{e.level or ''}{'+' if e.effect > 0 else '-'}") for e in chosen}


def too_general(personas: list[Persona], seg: Segmentation,
                settings: SteerSettings) -> LintFinding:
    traits = {p.id: _traits(seg, p.profile_id) for p in personas}
    thin = [pid for pid, found in traits.items() if len(found) < MIN_TRAITS]
    lowest, pair = 1.0, ("", "")
    for a, b in combinations(personas, 2):
        union = traits[a.id] | traits[b.id]
        distinct = 1 - len(traits[a.id] & traits[b.id]) / len(union) if union else 0.0
        if distinct < lowest:
            lowest, pair = distinct, (a.id, b.id)
    overlapping = [p for p in pair if p] if lowest < settings.min_distinct else []
    detail: dict[str, str | int | float] = {"pair": " / ".join(p for p in pair if p)}
    return LintFinding(rule="too_general", flagged=bool(overlapping or thin),
                       figure=round(lowest, 4) if len(personas) > 1 else None,
                       threshold=settings.min_distinct,
                       personas=sorted(set(overlapping) | set(thin)), detail=detail)


def _demographic(statement: Statement) -> bool:
    from personakit.persona import concept_of

    if statement.section == "demographics":
        return True
    variables = [e.variable for e in statement.evidence if e.variable]
    return bool(variables) and all(concept_of(v).name == "demographics" for v in variables)


def too_demographic(personas: list[Persona], settings: SteerSettings) -> LintFinding:
    statements = [s for p in personas for s in p.statements]
    share = sum(map(_demographic, statements)) / max(len(statements), 1)
    worst = [p.id for p in personas
             if p.statements and sum(map(_demographic, p.statements)) / len(p.statements)
             > settings.max_demographic_share]
    return LintFinding(rule="too_demographic",
                       flagged=share > settings.max_demographic_share or bool(worst),
                       figure=round(share, 4), threshold=settings.max_demographic_share,
                       personas=worst)


def one_for_all(ws: Workspace, personas: list[Persona], seg: Segmentation) -> LintFinding:
    groups = sorted(ws.config.target_groups)
    single = len(personas) < 2
    untargeted = len(groups) > 1 and seg.target is None
    return LintFinding(rule="one_for_all", flagged=single or untargeted,
                       figure=float(len(personas)), threshold=2.0,
                       detail={"target_groups": len(groups), "target": seg.target or ""})


def lint_personas(ws: Workspace, build_id: int | None = None, *,
                  now: datetime | None = None) -> LintReport:
    """The five checks on persona version *build_id* (default: the current one)."""
    from personakit.segment import get_segmentation
    from personakit.track import current_personas, get_version

    version = get_version(ws, build_id)
    personas = current_personas(ws) if build_id is None else version.personas
    seg = get_segmentation(ws, version.segmentation_id)
    settings = steer_settings(ws)
    moment = now or datetime.now(UTC)
    findings = [stale(ws, version, settings, moment), assumptions(personas, settings),
                too_general(personas, seg, settings), too_demographic(personas, settings),
                one_for_all(ws, personas, seg)]
    return LintReport(build_id=version.id, at=moment, findings=findings)
