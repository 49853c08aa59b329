"""The report's steering part (issue 13): is the set up to date, what did people say, what do
the data say, how do the KPIs move per persona, and what was done about them.

Computed from the workspace's records (validation rounds, drift checks, the KPI source,
the PDCA log), structured here as plain tables and charts, drawn by each renderer.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from personakit.errors import PersonakitError
from personakit.i18n import format_count, format_number, format_percent, t
from personakit.model import Persona
from personakit.report._trends import TrendChart, trend_chart
from personakit.workspace import Workspace

# Constructs shown in the report (all are in the web app): recognition and description
# from the seed's questions, and four PPS constructs a board asks about first.
REPORT_CONSTRUCTS = ("recognise", "description_right", "credibility", "completeness",
                     "empathy", "willingness")


class Table(BaseModel):
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


class SteeringPart(BaseModel):
    """Everything the report shows about keeping the personas alive."""

    out_of_date: str = ""
    validation: Table | None = None
    trends: list[TrendChart] = Field(default_factory=list)
    trends_note: str = ""
    actions: Table | None = None
    lint: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.out_of_date or self.validation or self.trends or self.actions
                    or self.lint)


def _interval(value: float | None, low: float | None, high: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = format_number(value, lang, 1)
    if low is None or high is None:
        return text
    return f"{text} ({format_number(low, lang, 1)}–{format_number(high, lang, 1)})"


def out_of_date_text(ws: Workspace, lang: str) -> str:
    """A sentence when the newest drift check says the personas are out of date, else ''."""
    from personakit.steer import drift_status

    report = drift_status(ws)
    if report is None:
        return ""
    reasons = ", ".join(t(f"report.steer.reason.{r}", lang) for r in report.reasons)
    return t("report.steer.out_of_date", lang, source=report.source, reasons=reasons,
             check=report.id or "-", date=report.at.strftime("%Y-%m-%d"))


def validation_table(ws: Workspace, personas: list[Persona], build_id: int | None,
                     lang: str) -> Table | None:
    """The newest round on this persona version, one row per persona, beside prevalence."""
    from personakit.validate import data_checks, list_rounds, summarise_round

    rounds = [r for r in list_rounds(ws) if build_id is None or r.build_id == build_id]
    if not rounds:
        return None
    chosen = rounds[0]
    summary = summarise_round(ws, chosen.id)
    try:
        checks = {c.persona_id: c for c in data_checks(ws, build_id, holdout=False).personas}
    except PersonakitError:
        checks = {}
    columns = [t("report.persona", lang), t("report.steer.responses", lang),
               *(t(f"validate.construct.{c}", lang) for c in REPORT_CONSTRUCTS),
               t("report.steer.prevalence", lang)]
    rows = []
    for result in summary.personas:
        row = [result.name, format_count(result.responses, lang)]
        for construct in REPORT_CONSTRUCTS:
            score = result.score(construct)
            row.append(_interval(score.mean, score.ci_low, score.ci_high, lang)
                       if score else "–")
        check = checks.get(result.persona_id)
        row.append(format_percent(check.prevalence, lang) if check and check.prevalence
                   is not None else "–")
        rows.append(row)
    return Table(title=t("report.steer.validation", lang, title=chosen.title,
                         n=format_count(summary.submissions, lang)),
                 columns=columns, rows=rows, note=t("report.steer.validation_note", lang))


def _kpi_trends(ws: Workspace) -> Any:
    from personakit.steer import kpi_trends

    try:
        return kpi_trends(ws)
    except PersonakitError:  # no KPI source yet: the report says nothing about KPIs
        return None


def actions_table(ws: Workspace, personas: list[Persona], trends: Any,
                  lang: str) -> Table | None:
    from personakit.steer import list_actions

    names = {p.id: p.name for p in personas}
    actions = [a for a in list_actions(ws) if a.persona_id in names]
    if not actions:
        return None
    rows = []
    for action in actions:
        label = action.kpi
        if trends is not None and any(k.name == action.kpi for k in trends.kpis):
            label = trends.kpi(action.kpi).label.get(lang) or action.kpi
        rows.append([names[action.persona_id], label, action.action,
                     format_number(action.target, lang, 2), _check_text(action, lang)])
    columns = [t("report.persona", lang), t("report.steer.kpi", lang),
               t("report.steer.action", lang), t("report.steer.target", lang),
               t("report.steer.check", lang)]
    return Table(title=t("report.steer.actions", lang), columns=columns, rows=rows,
                 note=t("report.steer.actions_note", lang))


def _check_text(action: Any, lang: str) -> str:
    check = action.check
    if check is None:
        key = "report.steer.status_done" if action.done_period else "report.steer.status_planned"
        return t(key, lang, period=action.done_period or action.start_period)
    persona = check.persona
    if persona.change is None:
        return t("report.steer.verdict.too_few", lang)
    scale = 100 if check.kind == "rate" else 1
    text = t("report.steer.check_text", lang,
             before=format_number(persona.before * scale, lang, 2),
             after=format_number(persona.after * scale, lang, 2),
             low=format_number(persona.ci_low * scale, lang, 2),
             high=format_number(persona.ci_high * scale, lang, 2),
             verdict=t(f"report.steer.verdict.{check.verdict}", lang))
    if check.others_moved:
        text += " " + t("report.steer.others_moved", lang)
    return text


def lint_lines(ws: Workspace, build_id: int | None, lang: str) -> list[str]:
    from personakit.steer import lint_personas

    try:
        report = lint_personas(ws, build_id)
    except PersonakitError:
        return []
    return [t(f"report.steer.lint.{f.rule}", lang,
              figure=_figure(f.rule, f.figure, lang), threshold=_figure(f.rule, f.threshold, lang))
            for f in report.flagged]


def _figure(rule: str, value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    if rule in ("assumptions", "too_demographic", "too_general"):
        return format_percent(value, lang)
    return format_number(value, lang, 0)


def build_steering(ws: Workspace, personas: list[Persona], build_id: int | None,
                   lang: str) -> SteeringPart:
    """The steering part of the report of *personas* (version *build_id*) in *lang*."""
    part = SteeringPart(out_of_date=out_of_date_text(ws, lang))
    part.validation = validation_table(ws, personas, build_id, lang)
    trends = _kpi_trends(ws)
    if trends is not None:
        part.trends = [trend_chart(trends, k.name, lang) for k in trends.kpis]
        part.trends_note = t("report.steer.trends_note", lang, source=trends.source,
                             n=trends.min_group_size)
    part.actions = actions_table(ws, personas, trends, lang)
    part.lint = lint_lines(ws, build_id, lang)
    return part
