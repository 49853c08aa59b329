"""Steering living personas (seed 002, step 8; seed 004's first mistake).

- *Drift*: ``check_drift`` compares a source's newest snapshot with the one the personas
  were built on (PSI per variable, profile shares, key traits, re-assignment);
  ``drift_status`` says whether the personas are out of date; ``rebuild`` and
  ``review_drift`` are the review gate.
- *KPIs*: ``kpi_trends`` gives every KPI per persona per period with intervals.
- *Plan-do-check-act*: ``plan_action``, ``record_done``, ``check_action``, ``act_note``.
- *Lint*: ``lint_personas`` checks seed 004's five mistakes.
"""

from personakit.steer._drift import (
    DriftReport,
    ProfileShift,
    TraitShift,
    VariableDrift,
    check_after_import,
    check_drift,
    drift_status,
    get_drift_check,
    list_drift_checks,
)
from personakit.steer._kpi import (
    KpiData,
    KpiInfo,
    KpiPoint,
    KpiSeries,
    KpiTrends,
    kpi_data,
    kpi_sources,
    kpi_trends,
    persona_of_keys,
)
from personakit.steer._lint import RULES, LintFinding, LintReport, lint_personas
from personakit.steer._pdca import (
    ActionCheck,
    GroupChange,
    PdcaAction,
    act_note,
    check_action,
    get_action,
    list_actions,
    parse_target,
    plan_action,
    record_done,
    target_value,
)
from personakit.steer._review import ReviewResult, candidate_of, rebuild, review_drift
from personakit.steer._settings import SteerSettings, steer_settings

__all__ = [
    "ActionCheck",
    "DriftReport",
    "GroupChange",
    "KpiData",
    "KpiInfo",
    "KpiPoint",
    "KpiSeries",
    "KpiTrends",
    "LintFinding",
    "LintReport",
    "PdcaAction",
    "ProfileShift",
    "RULES",
    "ReviewResult",
    "SteerSettings",
    "TraitShift",
    "VariableDrift",
    "act_note",
    "candidate_of",
    "check_action",
    "check_after_import",
    "check_drift",
    "drift_status",
    "get_action",
    "get_drift_check",
    "kpi_data",
    "kpi_sources",
    "kpi_trends",
    "lint_personas",
    "list_actions",
    "list_drift_checks",
    "parse_target",
    "persona_of_keys",
    "plan_action",
    "rebuild",
    "record_done",
    "review_drift",
    "steer_settings",
    "target_value",
]
