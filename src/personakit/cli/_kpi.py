"""``personakit kpi`` (KPIs per persona per period) and ``personakit pdca`` (the
plan-do-check-act log, seed 002 step 8), thin over :mod:`personakit.steer`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from personakit.cli._figures import DASH, Fmt, num, pct, points, signed, tx, with_interval
from personakit.i18n import get_language, t

if TYPE_CHECKING:  # the core loads pandas and scipy: imported where a command runs
    from personakit.steer import ActionCheck, GroupChange, KpiInfo, KpiTrends, PdcaAction

pdca_app = typer.Typer(help=h("cli.pdca.help"), no_args_is_help=True, rich_markup_mode="rich")
app.add_typer(pdca_app, name="pdca")

SourceOpt = Annotated[str | None, typer.Option("--source", help=h("cli.kpi.opt.source"),
                                               show_default=False)]
ActionArg = Annotated[int, typer.Argument(help=h("cli.pdca.arg.action"), show_default=False)]
EVERYONE = "*"
VERDICT_STYLE = {"improved": "bold green", "worse": "bold red", "no_change": "yellow",
                 "too_few": "yellow"}


def value_format(kind: str) -> Fmt:
    """Rates as percentages, NPS as whole points, means as numbers."""
    if kind == "rate":
        return lambda v: pct(v, 1)
    if kind == "nps":
        return lambda v: num(v, 0)
    return num


def change_format(kind: str) -> Fmt:
    """Changes of a rate in percentage points, of NPS in points, of a mean in its unit."""
    if kind == "rate":
        return points
    if kind == "nps":
        return lambda v: signed(v, 0)
    return lambda v: signed(v, 2)


@app.command("kpi", help=h("cli.kpi.help"))
@handle_errors
def kpi_command(
    source: SourceOpt = None,
    period: Annotated[str | None, typer.Option("--period", help=h("cli.kpi.opt.period"),
                                               show_default=False)] = None,
    every: Annotated[str, typer.Option("--every", help=h("cli.kpi.opt.every"))] = "month",
    kpi_columns: Annotated[list[str] | None, typer.Option(
        "--kpi-column", help=h("cli.kpi.opt.kpi_column"), show_default=False)] = None,
    intervals: Annotated[bool, typer.Option("--intervals", help=h("cli.kpi.opt.intervals"))
                         ] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import kpi_trends

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.kpi.progress"), total=None)
        trends = kpi_trends(ws, source, period=period, kpis=kpi_columns or None, every=every)
    out.result(trends.model_dump(mode="json"), lambda: _show_trends(out, trends, intervals))


def _show_trends(out: Output, trends: KpiTrends, intervals: bool) -> None:
    out.say(tx("cli.kpi.header", source=trends.source, column=trends.period_column,
               every=t(f"cli.kpi.every.{trends.every}"), version=trends.build_id,
               customers=num(trends.customers, 0), unmatched=num(trends.unmatched, 0)))
    too_few = False
    for info in trends.kpis:
        table, dashed = _kpi_table(trends, info, intervals)
        too_few = too_few or dashed
        out.console.print(table)
    if too_few:
        out.say(tx("cli.kpi.too_few", minimum=trends.min_group_size))


def _kpi_table(trends: KpiTrends, info: KpiInfo, intervals: bool) -> tuple[Table, bool]:
    """One KPI: personas as rows, periods as columns; and whether a cell had too few."""
    lang = get_language()
    title = t("cli.kpi.title", label=info.label.get(lang, info.name), name=info.name,
              kind=t(f"cli.kpi.kind.{info.kind}"))
    table = Table(t("cli.kpi.col.persona"), *trends.periods, title=escape(title))
    fmt = value_format(info.kind)
    ordered = sorted((s for s in trends.series if s.kpi == info.name),
                     key=lambda s: s.persona_id == EVERYONE)
    dashed = False
    for series in ordered:
        if series.persona_id == EVERYONE:
            table.add_section()
        name = (t("steer.kpi.everyone") if series.persona_id == EVERYONE
                else f"{series.name} ({series.persona_id})")
        cells = []
        for point in series.points:
            if point.value is None:
                dashed = True
                cells.append(DASH)
            elif intervals:
                cells.append(with_interval(point.value, point.low, point.high, fmt))
            else:
                cells.append(fmt(point.value))
        table.add_row(escape(name), *cells)
    return table, dashed


# -- plan-do-check-act --------------------------------------------------------------------

@pdca_app.command("plan", help=h("cli.pdca.plan.help"))
@handle_errors
def plan_command(
    persona: Annotated[str, typer.Argument(help=h("cli.pdca.arg.persona"), show_default=False)],
    kpi: Annotated[str, typer.Argument(help=h("cli.pdca.arg.kpi"), show_default=False)],
    target: Annotated[str, typer.Option("--target", help=h("cli.pdca.opt.target"),
                                        show_default=False)],
    action: Annotated[str, typer.Option("--action", help=h("cli.pdca.opt.action"),
                                        show_default=False)],
    start: Annotated[str | None, typer.Option("--start", help=h("cli.pdca.opt.start"),
                                              show_default=False)] = None,
    source: SourceOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import plan_action, target_value

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.pdca.progress"), total=None)
        value = target_value(ws, kpi, target, source)
        planned = plan_action(ws, persona, kpi, value, action, start_period=start,
                              source=source)
    out.result(planned.model_dump(mode="json"), lambda: out.say(tx(
        "cli.pdca.plan.done", action=planned.id, persona=planned.persona_id, kpi=planned.kpi,
        target=target.strip(), start=planned.start_period or DASH, text=planned.action)))


@pdca_app.command("done", help=h("cli.pdca.done.help"))
@handle_errors
def done_command(
    action_id: ActionArg,
    period: Annotated[str | None, typer.Option("--period", help=h("cli.pdca.opt.period"),
                                               show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", help=h("cli.pdca.opt.note"),
                                             show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import record_done

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.pdca.progress"), total=None)
        found = record_done(ws, action_id, period=period, note=note)
    out.result(found.model_dump(mode="json"), lambda: out.say(tx(
        "cli.pdca.done.done", action=found.id, period=found.done_period or DASH)))


@pdca_app.command("check", help=h("cli.pdca.check.help"))
@handle_errors
def check_command(
    action_id: ActionArg,
    source: SourceOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import check_action
    from personakit.track import current_personas

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.pdca.progress"), total=None)
        found = check_action(ws, action_id, source=source)
        names = {p.id: p.name for p in current_personas(ws)}
    out.result(found.model_dump(mode="json"),
               lambda: _show_check(out, found, names.get(found.persona_id, found.persona_id)))


def _show_check(out: Output, action: PdcaAction, name: str) -> None:
    check = action.check
    assert check is not None  # check_action always stores one
    out.say(tx("cli.pdca.check.header", action=action.id, name=name, persona=action.persona_id,
               text=action.action))
    direction = t("cli.pdca.check.higher" if check.higher_is_better else "cli.pdca.check.lower")
    out.say(tx("cli.pdca.check.kpi", kpi=check.kpi, kind=t(f"cli.kpi.kind.{check.kind}"),
               direction=direction, target=value_format(check.kind)(check.target),
               period=action.done_period or DASH))
    out.say(tx("cli.pdca.check.persona", **_group_params(check, check.persona)))
    style = VERDICT_STYLE.get(check.verdict, "")
    out.say(f"[{style}]{tx(f'cli.pdca.verdict.{check.verdict}')}[/]")
    if check.reached is not None:
        out.say(tx("cli.pdca.check.reached_yes" if check.reached else "cli.pdca.check.reached_no",
                   target=value_format(check.kind)(check.target)))
    out.say(tx("cli.pdca.check.rest", **_group_params(check, check.rest)))
    if check.effect is not None:
        out.say(tx("cli.pdca.check.effect", effect=with_interval(
            check.effect, check.effect_low, check.effect_high, change_format(check.kind))))
    if check.others_moved:
        out.say(f"[yellow]{tx('cli.pdca.check.others_moved')}[/]")


def _group_params(check: ActionCheck, group: GroupChange) -> dict[str, str]:
    value = value_format(check.kind)
    return {"before": value(group.before) if group.before is not None else DASH,
            "after": value(group.after) if group.after is not None else DASH,
            "before_n": num(group.before_n, 0), "after_n": num(group.after_n, 0),
            "change": with_interval(group.change, group.ci_low, group.ci_high,
                                    change_format(check.kind)),
            "periods_before": _periods(check.periods_before),
            "periods_after": _periods(check.periods_after)}


def _periods(periods: list[str]) -> str:
    if not periods:
        return DASH
    return periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}"


@pdca_app.command("act", help=h("cli.pdca.act.help"))
@handle_errors
def act_command(
    action_id: ActionArg,
    note: Annotated[str, typer.Argument(help=h("cli.pdca.arg.note"), show_default=False)],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import act_note

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        found = act_note(ws, action_id, note)
    out.result(found.model_dump(mode="json"),
               lambda: out.say(tx("cli.pdca.act.done", action=found.id)))


@pdca_app.command("list", help=h("cli.pdca.list.help"))
@handle_errors
def list_command(
    persona: Annotated[str | None, typer.Option("--persona", help=h("cli.pdca.opt.persona"),
                                                show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import list_actions
    from personakit.track import current_personas

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        actions = list_actions(ws, persona)
        names = {p.id: p.name for p in current_personas(ws)}

    def render() -> None:
        if not actions:
            out.say(tx("cli.pdca.list.none"))
            return
        table = Table()
        for c in ("action", "persona", "kpi", "target", "text", "status", "done", "verdict",
                  "note"):
            table.add_column(t(f"cli.pdca.col.{c}"), no_wrap=c in ("persona", "kpi", "done"))
        for a in actions:
            kind = a.check.kind if a.check else "mean"
            verdict = t(f"cli.pdca.verdict_short.{a.check.verdict}") if a.check else DASH
            who = f"{names[a.persona_id]} ({a.persona_id})" if a.persona_id in names \
                else a.persona_id
            table.add_row(str(a.id), escape(who), escape(a.kpi), value_format(kind)(a.target),
                          escape(a.action), t(f"cli.pdca.status.{a.status}"),
                          a.done_period or DASH, verdict, escape(a.note or ""))
        out.console.print(table)

    out.result([{**a.model_dump(mode="json"), "status": a.status} for a in actions], render)
