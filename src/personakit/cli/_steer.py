"""``personakit drift`` (new data against the personas, the review gate) and
``personakit lint`` (seed 004's five mistakes), thin over :mod:`personakit.steer`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from personakit.cli import app
from personakit.cli._common import (
    JsonOpt,
    LangOpt,
    Output,
    QuietOpt,
    WorkspaceOpt,
    h,
    handle_errors,
    open_workspace,
)
from personakit.cli._figures import DASH, moment, num, pct, points, signed, span, tx
from personakit.i18n import format_p, get_language, t

if TYPE_CHECKING:  # the core loads pandas and scipy: imported where a command runs
    from personakit.steer import DriftReport, LintFinding, ProfileShift, TraitShift

drift_app = typer.Typer(help=h("cli.drift.help"), no_args_is_help=True, rich_markup_mode="rich")
app.add_typer(drift_app, name="drift")

EXIT_DRIFT = 3  # `drift check --fail-on-drift`: the personas are out of date (for CI/cron)
EXIT_LINT = 4  # `lint --strict`: at least one of the five mistakes is flagged
SHOWN_VARIABLES = 10
GRADE_STYLE = {"stable": "green", "moderate": "yellow", "major": "bold red"}
CheckArg = Annotated[int, typer.Argument(help=h("cli.drift.arg.check"), show_default=False)]
AllOpt = Annotated[bool, typer.Option("--all", help=h("cli.drift.opt.all"))]


@drift_app.command("check", help=h("cli.drift.check.help"))
@handle_errors
def check_command(
    source: Annotated[str | None, typer.Argument(help=h("cli.drift.arg.source"),
                                                 show_default=False)] = None,
    fail_on_drift: Annotated[bool, typer.Option("--fail-on-drift",
                                                help=h("cli.drift.opt.fail_on_drift"))] = False,
    show_all: AllOpt = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import check_drift

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.drift.check.progress"), total=None)
        report = check_drift(ws, source)
    out.result(report.model_dump(mode="json"), lambda: show_report(out, report, show_all))
    if fail_on_drift and report.out_of_date:
        raise typer.Exit(EXIT_DRIFT)


@drift_app.command("list", help=h("cli.drift.list.help"))
@handle_errors
def list_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import list_drift_checks

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        checks = list_drift_checks(ws)

    def render() -> None:
        if not checks:
            out.say(tx("cli.drift.list.none"))
            return
        table = Table(*(t(f"cli.drift.col.{c}") for c in (
            "check", "at", "source", "version", "verdict", "reasons", "decision")))
        for c in checks:
            table.add_row(str(c.id), moment(c.at), escape(c.source), str(c.build_id or DASH),
                          _verdict_cell(c),
                          ", ".join(t(f"cli.drift.reason_name.{r}") for r in c.reasons) or DASH,
                          _decision_text(c))
        out.console.print(table)

    out.result([c.model_dump(mode="json") for c in checks], render)


@drift_app.command("show", help=h("cli.drift.show.help"))
@handle_errors
def show_command(
    check_id: CheckArg,
    show_all: AllOpt = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import get_drift_check

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        report = get_drift_check(ws, check_id)
    out.result(report.model_dump(mode="json"), lambda: show_report(out, report, show_all))


@drift_app.command("rebuild", help=h("cli.drift.rebuild.help"))
@handle_errors
def rebuild_command(
    check_id: CheckArg,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import get_drift_check, rebuild
    from personakit.track import diff_versions

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.drift.rebuild.progress"), total=None)
        check = get_drift_check(ws, check_id)
        build = rebuild(ws, check_id)  # refuses a check that is already decided
        judged = check.build_id or build
        diff = diff_versions(ws, judged, build)
    counts = Counter(p.status for p in diff.personas)
    data = {"check": check_id, "judged_build": judged, "candidate_build": build,
            "personas": dict(counts)}

    def render() -> None:
        out.say(tx("cli.drift.rebuild.done", build=build, check=check_id, judged=judged,
                   statuses=", ".join(f"{t(f'cli.diff.status.{s}')} {n}"
                                      for s, n in sorted(counts.items()))))
        out.say(tx("cli.drift.rebuild.next", check=check_id, judged=judged, build=build))

    out.result(data, render)


@drift_app.command("review", help=h("cli.drift.review.help"))
@handle_errors
def review_command(
    check_id: CheckArg,
    decision: Annotated[str, typer.Argument(help=h("cli.drift.arg.decision"),
                                            show_default=False)],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import review_drift

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        result = review_drift(ws, check_id, decision.strip().lower())
    out.result(result.model_dump(mode="json"), lambda: out.say(tx(
        f"cli.drift.review.done_{result.decision}", check=check_id,
        current=result.current_build, judged=result.judged_build,
        candidate=result.candidate_build or DASH, changed=result.changed_personas)))


# -- the report ---------------------------------------------------------------------------

def show_report(out: Output, report: DriftReport, show_all: bool = False) -> None:
    """A drift check for people: PSI, profile shares, traits, re-assignment, the verdict."""
    out.say(tx("cli.drift.header", check=report.id or DASH, source=report.source,
               baseline=report.baseline_snapshot[:12], current=report.current_snapshot[:12],
               before=num(report.baseline_rows, 0), now=num(report.current_rows, 0),
               version=report.build_id or DASH, at=moment(report.at)))
    if report.baseline_snapshot == report.current_snapshot:
        out.say(tx("cli.drift.same_snapshot"))
    out.console.print(_variables_table(report, show_all))
    out.console.print(_profiles_table(report))
    if report.p_value is not None:
        out.say(tx("cli.drift.share_test", chi2=num(report.chi2, 1), df=report.df,
                   p=format_p(report.p_value, get_language())))
    for profile in report.profiles:
        for trait in profile.traits:
            if trait.flagged:
                out.say(tx("cli.drift.trait", profile=_name(profile), trait=_trait_text(trait),
                           effect=signed(trait.effect)))
    if report.agreement is not None:
        out.say(tx("cli.drift.reassigned", agreement=pct(report.agreement),
                   people=num(report.reassigned, 0)))
    _show_verdict(out, report)


def _variables_table(report: DriftReport, show_all: bool) -> Table:
    shown = report.variables if show_all else [
        v for i, v in enumerate(report.variables) if i < SHOWN_VARIABLES or v.grade != "stable"]
    table = Table(*(t(f"cli.drift.col.{c}") for c in ("variable", "role", "psi", "grade",
                                                       "in_lens")),
                  title=t("cli.drift.psi_title"))
    for v in shown:
        style = GRADE_STYLE.get(v.grade, "")
        table.add_row(escape(v.variable), v.role, num(v.psi, 3),
                      f"[{style}]{tx(f'cli.drift.grade.{v.grade}')}[/]",
                      "\u2713" if v.in_lens else "")
    rest = len(report.variables) - len(shown)
    if rest:
        table.caption = t("cli.drift.more_stable", count=rest,
                          threshold=num(report.thresholds.get("psi_moderate"), 2))
    return table


def _profiles_table(report: DriftReport) -> Table:
    table = Table(*(t(f"cli.drift.col.{c}") for c in ("profile", "before", "now", "change",
                                                       "stayed", "flag")),
                  title=t("cli.drift.shares_title"))
    for p in report.profiles:
        interval = span(signed(100 * p.ci_low, 1), signed(100 * p.ci_high, 1))
        change = f"{points(p.change)} ({interval})"
        flag = f"[bold red]{tx('cli.drift.flag.shifted')}[/]" if p.flagged else ""
        table.add_row(escape(_name(p)), pct(p.before, 1), pct(p.after, 1), change,
                      pct(p.stayed), flag)
    return table


def _name(profile: ProfileShift) -> str:
    return profile.name.get(get_language()) or profile.profile_id


def _trait_text(trait: TraitShift) -> str:
    if trait.kind == "mean":
        return f"{trait.variable}: {num(trait.before)} \u2192 {num(trait.after)}"
    return f"{trait.variable} = {trait.level}: {pct(trait.before)} \u2192 {pct(trait.after)}"


def _verdict_cell(report: DriftReport) -> str:
    if report.out_of_date:
        return f"[bold red]{tx('cli.drift.verdict.out_of_date')}[/]"
    return f"[green]{tx('cli.drift.verdict.up_to_date')}[/]"


def _decision_text(report: DriftReport) -> str:
    if report.decision is None:
        return DASH
    return t(f"cli.drift.decision.{report.decision}", build=report.decision_build or DASH)


def reason_lines(report: DriftReport) -> list[str]:
    """Why the personas are out of date, each reason with its figure and threshold."""
    limits = report.thresholds
    lines = []
    for reason in report.reasons:
        params: dict[str, Any] = {}
        if reason == "psi":
            params = {"variables": ", ".join(v.variable for v in report.variables
                                             if v.in_lens and v.grade == "major"),
                      "threshold": num(limits.get("psi_major"), 2)}
        elif reason == "shares":
            params = {"profiles": ", ".join(f"{_name(p)} {points(p.change)}"
                                            for p in report.profiles if p.flagged),
                      "p": format_p(report.p_value, get_language()),
                      "shift": t("cli.kpi.pp", value=num(100 * limits.get("share_shift", 0), 1))}
        elif reason == "traits":
            params = {"traits": "; ".join(f"{_name(p)}: {_trait_text(tr)}" for p in
                                          report.profiles for tr in p.traits if tr.flagged),
                      "threshold": num(limits.get("trait_shift"), 2)}
        elif reason == "reassignment":
            params = {"agreement": pct(report.agreement), "people": num(report.reassigned, 0),
                      "minimum": pct(limits.get("min_agreement"))}
        lines.append(t(f"cli.drift.reason.{reason}", **params))
    return lines


def _show_verdict(out: Output, report: DriftReport) -> None:
    out.console.print()
    if not report.out_of_date:
        out.say(f"[bold green]{tx('cli.drift.up_to_date', source=report.source)}[/]")
        return
    out.say(f"[bold red]{tx('cli.drift.out_of_date', source=report.source)}[/]")
    for line in reason_lines(report):
        out.say(f"[red]  - {escape(line)}[/]")
    if report.decision is not None:
        out.say(tx("cli.drift.decided", decision=_decision_text(report),
                   who=report.decided_by or DASH))
    else:
        out.say(tx("cli.drift.next", check=report.id or DASH))


def warning_line(report: DriftReport) -> str:
    """The one-line warning of ``import`` and ``sources`` (Rich markup, already escaped)."""
    reasons = ", ".join(t(f"cli.drift.reason_name.{r}") for r in report.reasons)
    return f"[bold red]{tx('cli.drift.warning', reasons=reasons, check=report.id or DASH)}[/]"


# -- lint ---------------------------------------------------------------------------------

@app.command("lint", help=h("cli.lint.help"))
@handle_errors
def lint_command(
    build: Annotated[int | None, typer.Option("--version", help=h("cli.lint.opt.version"),
                                              show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help=h("cli.lint.opt.strict"))] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import lint_personas

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        report = lint_personas(ws, build)
    flagged = report.flagged
    data = {**report.model_dump(mode="json"), "flagged": [f.rule for f in flagged]}

    def render() -> None:
        table = Table(*(t(f"cli.lint.col.{c}") for c in ("check", "figure", "threshold",
                                                         "result", "personas")),
                      title=t("cli.lint.title", version=report.build_id))
        for f in report.findings:
            result = (f"[bold red]{tx('cli.lint.flagged')}[/]" if f.flagged
                      else f"[green]{tx('cli.lint.ok')}[/]")
            table.add_row(t(f"cli.lint.rule.{f.rule}"), escape(_lint_figure(f)),
                          escape(_lint_threshold(f)), result, ", ".join(f.personas) or "")
        out.console.print(table)
        for f in flagged:
            rule, todo = tx(f"cli.lint.rule.{f.rule}"), tx(f"cli.lint.todo.{f.rule}")
            out.say(f"[bold red]{rule}[/]: {todo}")
        out.say(tx("cli.lint.summary_flagged", count=len(flagged), total=len(report.findings))
                if flagged else tx("cli.lint.summary_ok", total=len(report.findings)))

    out.result(data, render)
    if strict and flagged:
        raise typer.Exit(EXIT_LINT)


def _lint_figure(f: LintFinding) -> str:
    if f.figure is None:
        return DASH
    if f.rule == "stale":
        return t("cli.lint.figure.stale", days=num(f.figure, 0),
                 last=f.detail.get("last_check", DASH))
    if f.rule == "assumptions":
        return t("cli.lint.figure.assumptions", share=pct(f.figure),
                 statements=f.detail.get("statements", DASH))
    if f.rule == "too_general":
        return t("cli.lint.figure.too_general", value=num(f.figure, 2),
                 pair=f.detail.get("pair", DASH))
    if f.rule == "too_demographic":
        return t("cli.lint.figure.too_demographic", share=pct(f.figure))
    return t("cli.lint.figure.one_for_all", personas=num(f.figure, 0),
             groups=f.detail.get("target_groups", 0), target=f.detail.get("target") or DASH)


def _lint_threshold(f: LintFinding) -> str:
    if f.threshold is None:
        return DASH
    if f.rule == "stale":
        return t("cli.lint.threshold.stale", days=num(f.threshold, 0))
    if f.rule in ("assumptions", "too_demographic"):
        return t("cli.lint.threshold.at_most", value=pct(f.threshold))
    if f.rule == "too_general":
        return t("cli.lint.threshold.at_least", value=num(f.threshold, 2))
    return t("cli.lint.threshold.one_for_all", value=num(f.threshold, 0))
