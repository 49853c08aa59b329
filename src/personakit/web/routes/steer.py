"""Steering (issue 13): drift status and review gate, KPI trends per persona, the PDCA log
and the anti-pattern lint panel. Reading needs :attr:`Permission.VIEW_STEER`; acting (a
drift check, a rebuild, a decision, planning and checking actions) :attr:`Permission.STEER`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from personakit.access import Permission
from personakit.errors import PersonakitError, WorkspaceError
from personakit.i18n import format_count, format_number, format_percent, t
from personakit.steer import (
    DriftReport,
    KpiTrends,
    LintReport,
    act_note,
    check_action,
    check_drift,
    drift_status,
    get_action,
    get_drift_check,
    kpi_trends,
    lint_personas,
    list_actions,
    list_drift_checks,
    plan_action,
    rebuild,
    record_done,
    review_drift,
    target_value,
)
from personakit.web._context import (
    NotFound,
    NumberInPath,
    Posted,
    Viewer,
    needs,
    posted,
    workspace,
)
from personakit.web._render import render

router = APIRouter(include_in_schema=False)
ViewSteer = Annotated[Viewer, Depends(needs(Permission.VIEW_STEER))]
SteerPost = Annotated[Posted, Depends(posted(Permission.STEER))]
NO_KPI_SOURCE = "steer.error.kpi_no_source"


# -- overview and lint --------------------------------------------------------------------

def _figure(rule: str, value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    if rule in ("assumptions", "too_demographic"):
        return format_percent(value, lang)
    if rule == "too_general":
        return format_number(value, lang, 2)
    return format_count(value, lang)


def lint_rows(report: LintReport, names: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """One row per rule: flagged, figure against threshold, personas concerned, why."""
    rows = []
    for finding in report.findings:
        key = f"web.steer.lint.{finding.rule}"
        rows.append({
            "rule": finding.rule, "flagged": finding.flagged, "title": t(f"{key}.title", lang),
            "why": t(f"{key}.why", lang), "fix": t(f"{key}.fix", lang),
            "figure": t(f"{key}.figure", lang, **{
                **finding.detail, "figure": _figure(finding.rule, finding.figure, lang),
                "threshold": _figure(finding.rule, finding.threshold, lang)}),
            "personas": [names.get(p, p) for p in finding.personas]})
    return rows


def _lint(request: Request, lang: str) -> tuple[list[dict[str, Any]], str | None]:
    from personakit.track import current_personas

    ws = workspace(request)
    try:
        report = lint_personas(ws)
    except PersonakitError as exc:
        return [], exc.message(lang)
    names = {p.id: p.name for p in current_personas(ws)}
    return lint_rows(report, names, lang), None


def _overview(request: Request, viewer: Viewer, *, error: str | None = None,
              status: int = 200) -> Response:
    ws = workspace(request)
    lint, lint_error = _lint(request, viewer.lang)
    return render(request, "steer.html", {
        "status": drift_status(ws), "checks": list_drift_checks(ws, limit=30), "lint": lint,
        "lint_error": lint_error, "error": error}, viewer=viewer, status=status)


@router.get("/steer")
def steer_page(request: Request, viewer: ViewSteer) -> Response:
    return _overview(request, viewer)


@router.post("/steer/drift")
def drift_run(request: Request, post: SteerPost) -> Response:
    try:
        report = check_drift(workspace(request), actor=post.viewer.name)
    except PersonakitError as exc:
        return _overview(request, post.viewer, error=exc.message(post.viewer.lang), status=400)
    return RedirectResponse(f"/steer/drift/{report.id}", status_code=303)


# -- one drift check and its review gate --------------------------------------------------

def _candidate(request: Request, report: DriftReport) -> tuple[int | None, Any]:
    """The rebuilt version waiting for review (see ``steer.candidate_of``) and its diff."""
    from personakit.steer import candidate_of
    from personakit.track import diff_versions

    if report.decision is not None or report.build_id is None:
        return None, None
    ws = workspace(request)
    try:
        candidate = candidate_of(ws, report)
    except PersonakitError:
        return None, None
    if candidate is None:
        return None, None
    return candidate, diff_versions(ws, report.build_id, candidate)


def _drift_page(request: Request, viewer: Viewer, check_id: int, *, error: str | None = None,
                status: int = 200) -> Response:
    try:
        report = get_drift_check(workspace(request), check_id)
    except WorkspaceError as exc:
        raise NotFound() from exc
    candidate, diff = _candidate(request, report)
    return render(request, "steer_drift.html", {
        "report": report, "candidate": candidate, "diff": diff, "error": error},
        viewer=viewer, status=status)


@router.get("/steer/drift/{check_id}")
def drift_page(request: Request, check_id: NumberInPath, viewer: ViewSteer) -> Response:
    return _drift_page(request, viewer, check_id)


@router.post("/steer/drift/{check_id}/rebuild")
def drift_rebuild(request: Request, check_id: NumberInPath, post: SteerPost) -> Response:
    try:
        rebuild(workspace(request), check_id, actor=post.viewer.name)
    except PersonakitError as exc:
        return _drift_page(request, post.viewer, check_id, error=exc.message(post.viewer.lang),
                           status=400)
    return RedirectResponse(f"/steer/drift/{check_id}#review", status_code=303)


@router.post("/steer/drift/{check_id}/review")
def drift_review(request: Request, check_id: NumberInPath, post: SteerPost) -> Response:
    try:
        review_drift(workspace(request), check_id, post.text("decision"),
                     actor=post.viewer.name)
    except PersonakitError as exc:
        return _drift_page(request, post.viewer, check_id, error=exc.message(post.viewer.lang),
                           status=400)
    return RedirectResponse(f"/steer/drift/{check_id}#review", status_code=303)


# -- KPI trends and the PDCA log ----------------------------------------------------------

def _trends(request: Request, lang: str) -> tuple[KpiTrends | None, str | None, bool]:
    """(trends, error message, no KPI source at all)."""
    try:
        return kpi_trends(workspace(request)), None, False
    except PersonakitError as exc:
        return None, exc.message(lang), exc.key == NO_KPI_SOURCE


def _charts(trends: KpiTrends, lang: str, persona_id: str | None = None) -> list[dict[str, Any]]:
    from personakit.report._trends import trend_chart, trend_svg

    return [{"kpi": info, "svg": trend_svg(trend_chart(trends, info.name, lang,
                                                      persona_id=persona_id, others=True),
                                          lang)}
            for info in trends.kpis]


def _personas(trends: KpiTrends) -> list[tuple[str, str]]:
    seen = dict.fromkeys((s.persona_id, s.name) for s in trends.series if s.persona_id != "*")
    return list(seen)


@router.get("/steer/kpi")
def kpi_page(request: Request, viewer: ViewSteer) -> Response:
    trends, error, empty = _trends(request, viewer.lang)
    return render(request, "steer_kpi.html", {
        "trends": trends, "error": error, "empty": empty,
        "charts": _charts(trends, viewer.lang) if trends else [],
        "personas": _personas(trends) if trends else []}, viewer=viewer)


def _persona_kpi(request: Request, viewer: Viewer, persona_id: str, *,
                 error: str | None = None, status: int = 200) -> Response:
    from personakit.track import current_personas

    trends, trends_error, empty = _trends(request, viewer.lang)
    names = dict(_personas(trends)) if trends else {
        p.id: p.name for p in current_personas(workspace(request))}
    if persona_id not in names:
        raise NotFound()
    return render(request, "steer_persona.html", {
        "persona_id": persona_id, "name": names.get(persona_id, persona_id), "trends": trends,
        "trends_error": trends_error, "empty": empty, "error": error,
        "charts": _charts(trends, viewer.lang, persona_id) if trends else [],
        "kinds": {k.name: k.kind for k in trends.kpis} if trends else {},
        "labels": {k.name: k.label.get(viewer.lang, k.name) for k in trends.kpis}
        if trends else {},
        "actions": list_actions(workspace(request), persona_id)},
        viewer=viewer, status=status)


@router.get("/steer/kpi/{persona_id}")
def persona_kpi_page(request: Request, persona_id: str, viewer: ViewSteer) -> Response:
    return _persona_kpi(request, viewer, persona_id)


@router.post("/steer/kpi/{persona_id}/plan")
def action_plan(request: Request, persona_id: str, post: SteerPost) -> Response:
    try:
        ws = workspace(request)
        plan_action(ws, persona_id, post.text("kpi"),
                    target_value(ws, post.text("kpi"), post.text("target")), post.text("action"),
                    start_period=post.text("start_period") or None, actor=post.viewer.name)
    except PersonakitError as exc:
        return _persona_kpi(request, post.viewer, persona_id,
                            error=exc.message(post.viewer.lang), status=400)
    return RedirectResponse(f"/steer/kpi/{persona_id}#actions", status_code=303)


def _act(request: Request, action_id: int, post: Posted, step: Any) -> Response:
    """Run one PDCA step on an action; back to its persona's page (errors shown there)."""
    ws = workspace(request)
    try:
        persona_id = get_action(ws, action_id).persona_id
    except PersonakitError as exc:
        raise NotFound() from exc
    try:
        step(ws)
    except PersonakitError as exc:
        return _persona_kpi(request, post.viewer, persona_id,
                            error=exc.message(post.viewer.lang), status=400)
    return RedirectResponse(f"/steer/kpi/{persona_id}#action-{action_id}", status_code=303)


@router.post("/steer/actions/{action_id}/done")
def action_done(request: Request, action_id: NumberInPath, post: SteerPost) -> Response:
    return _act(request, action_id, post, lambda ws: record_done(
        ws, action_id, period=post.text("period") or None, note=post.text("note") or None,
        actor=post.viewer.name))


@router.post("/steer/actions/{action_id}/check")
def action_check(request: Request, action_id: NumberInPath, post: SteerPost) -> Response:
    return _act(request, action_id, post,
                lambda ws: check_action(ws, action_id, actor=post.viewer.name))


@router.post("/steer/actions/{action_id}/act")
def action_act(request: Request, action_id: NumberInPath, post: SteerPost) -> Response:
    return _act(request, action_id, post,
                lambda ws: act_note(ws, action_id, post.text("note"), actor=post.viewer.name))
