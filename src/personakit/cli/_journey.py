"""``personakit journey``: the funnel per persona and where to act, journeys defined by
people, their history, and the approach per persona for a CRM — thin over
:mod:`personakit.journey`."""

from __future__ import annotations

import getpass
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
from personakit.cli._figures import DASH, moment, num, pct, points, span, tx
from personakit.i18n import get_language, t

if TYPE_CHECKING:  # the core loads pandas and DuckDB: imported where a command runs
    from personakit.journey import (
        ActionPoint,
        FunnelReport,
        Journey,
        JourneyDiff,
        PersonaFunnel,
    )

journey_app = typer.Typer(help=h("cli.journey.help"), invoke_without_command=True,
                          rich_markup_mode="rich")
app.add_typer(journey_app, name="journey")

NameOpt = Annotated[str | None, typer.Option("--journey", "-j", help=h("cli.journey.opt.journey"),
                                             show_default=False)]
SourceOpt = Annotated[str | None, typer.Option("--source", help=h("cli.journey.opt.source"),
                                               show_default=False)]
VersionOpt = Annotated[int | None, typer.Option("--version", help=h("cli.journey.opt.version"),
                                                show_default=False)]


@journey_app.callback()
@handle_errors
def journey_root(
    ctx: typer.Context,
    name: NameOpt = None,
    source: SourceOpt = None,
    version: VersionOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    if ctx.invoked_subcommand is None:
        show_funnel(name, source, version, workspace, lang, quiet, as_json)


@journey_app.command("funnel", help=h("cli.journey.funnel.help"))
@handle_errors
def funnel_command(
    name: NameOpt = None,
    source: SourceOpt = None,
    version: VersionOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    show_funnel(name, source, version, workspace, lang, quiet, as_json)


def show_funnel(name: str | None, source: str | None, version: int | None, workspace: Path,
                lang: str | None, quiet: bool, as_json: bool) -> None:
    from personakit.journey import funnel_report, get_journey, where_to_act

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.journey.progress.funnel"), total=None)
        journey = get_journey(ws, name) if name or not source else None
        report = funnel_report(ws, journey, source=source, build_id=version)
        actions = where_to_act(ws, report, journey)
    data = {"report": report.model_dump(mode="json"),
            "actions": [a.model_dump(mode="json") for a in actions]}
    out.result(data, lambda: render_funnel(out, report, actions, journey))


# -- the funnel for people -----------------------------------------------------------------

def _persona_name(funnel: PersonaFunnel) -> str:
    from personakit.journey import EVERYONE, UNASSIGNED

    if funnel.persona_id == EVERYONE:
        return t("cli.journey.everyone")
    if funnel.persona_id == UNASSIGNED:
        return t("cli.journey.unassigned")
    return funnel.name or funnel.persona_id


def _labels(journey: Journey | None) -> dict[str, str]:
    lang = get_language()
    if journey is None:
        return {}
    return {tp.id: tp.label.get(lang) or tp.id for tp in journey.touchpoints}


def render_funnel(out: Output, report: FunnelReport, actions: list[ActionPoint],
                  journey: Journey | None) -> None:
    from personakit.journey._events import describe_repair

    out.say(tx("cli.journey.summary", journey=report.journey, source=report.source,
               events=num(report.events, 0), sessions=num(report.sessions, 0),
               start=moment(report.start), end=moment(report.end),
               seconds=num(report.seconds, 1)))
    a = report.assignment
    out.say(tx("cli.journey.assignment", by_key=num(a.by_key, 0), visitor=num(a.by_visitor, 0),
               behaviour=num(a.by_behaviour, 0), unassigned=num(a.unassigned, 0),
               accuracy=pct(a.holdout_accuracy)))
    for repair in report.repairs:
        out.say(escape(describe_repair(repair)))
    labels = _labels(journey)
    out.console.print(funnel_table(report, labels))
    out.console.print(entry_table(report))
    out.console.print(actions_table(actions, labels, report.min_group_size))


def _step_cell(step: Any) -> str:
    reached = num(step.reached, 0)
    if step.conversion is None:
        return reached
    interval = ""
    if step.conversion_low is not None and step.conversion_high is not None:
        interval = f" ({span(pct(step.conversion_low), pct(step.conversion_high))})"
    return f"{reached}\n{pct(step.conversion)}{interval}"


def funnel_table(report: FunnelReport, labels: dict[str, str]) -> Table:
    first = report.personas[0].steps if report.personas else []
    table = Table(t("cli.journey.col.persona"), t("cli.journey.col.sessions"),
                  *(escape(labels.get(s.touchpoint, s.step)) for s in first),
                  title=t("cli.journey.funnel_title"), caption=t("cli.journey.funnel_caption"))
    for funnel in report.personas:
        table.add_row(escape(_persona_name(funnel)), num(funnel.sessions, 0),
                      *(_step_cell(s) for s in funnel.steps))
    return table


def entry_table(report: FunnelReport) -> Table:
    sources = list(dict.fromkeys(k for f in report.personas for k in f.entry))
    table = Table(t("cli.journey.col.persona"), *(escape(s) for s in sources),
                  title=t("cli.journey.entry_title"))
    for funnel in report.personas:
        table.add_row(escape(_persona_name(funnel)), *(
            pct(funnel.entry[s].share) if s in funnel.entry and funnel.entry[s].share
            is not None else DASH for s in sources))
    return table


def actions_table(actions: list[ActionPoint], labels: dict[str, str], minimum: int) -> Table:
    lang = get_language()
    table = Table(*(t(f"cli.journey.col.{c}") for c in (
        "rank", "persona", "step", "conversion", "gap", "lost", "barrier", "action")),
        title=t("cli.journey.act_title"), caption=t("cli.journey.act_caption", minimum=minimum))
    for a in actions:
        step = f"{labels.get(a.from_touchpoint, a.from_touchpoint)} \u2192 " \
               f"{labels.get(a.to_touchpoint, a.to_touchpoint)}"
        table.add_row(str(a.rank), escape(a.name or a.persona_id), escape(step),
                      t("cli.journey.against", persona=pct(a.conversion), others=pct(a.others)),
                      f"{points(a.gap)}\n({span(points(a.gap_low), points(a.gap_high))})",
                      t("cli.journey.lost", sessions=num(a.sessions_lost, 0),
                        customers=num(a.customers, 0)),
                      escape(a.barrier.get(lang, "")) or DASH, escape(a.action.get(lang, "")))
    if not actions:
        table.caption = t("cli.journey.act_none", minimum=minimum)
    return table


# -- journeys defined by people ------------------------------------------------------------

@journey_app.command("show", help=h("cli.journey.show.help"))
@handle_errors
def show_command(
    name: Annotated[str | None, typer.Argument(help=h("cli.journey.arg.name"),
                                               show_default=False)] = None,
    revision: Annotated[int | None, typer.Option("--revision", help=h(
        "cli.journey.opt.revision"), show_default=False)] = None,
    as_format: Annotated[str, typer.Option("--as", help=h("cli.journey.opt.as"))] = "table",
    fill: Annotated[bool, typer.Option("--fill", help=h("cli.journey.opt.fill"))] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.errors import InputError
    from personakit.journey import (
        dump_journeys,
        fill_journey,
        funnel_report,
        get_journey,
        where_to_act,
    )
    from personakit.track import current_personas

    if as_format not in ("table", "yaml", "toml"):
        raise InputError("cli.journey.error.as", value=as_format)
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.journey.progress.journey"), total=None)
        journey = get_journey(ws, name, revision=revision)
        if fill:
            report = funnel_report(ws, journey)
            journey = fill_journey(ws, journey, report, where_to_act(ws, report, journey))
        names = {p.id: p.name for p in current_personas(ws)}
    if as_format != "table" and not as_json:
        out.console.print(escape(dump_journeys([journey], "toml" if as_format == "toml"
                                               else "yaml")), end="", soft_wrap=True)
        return
    out.result(journey.model_dump(mode="json"), lambda: render_journey(out, journey, names))


def render_journey(out: Output, journey: Journey, names: dict[str, str]) -> None:
    lang = get_language()
    out.say(tx("cli.journey.show.header", journey=journey.name,
               label=journey.label.get(lang, "") or DASH,
               revision=journey.revision or t("cli.journey.show.unsaved"),
               author=journey.author or DASH, source=journey.source or DASH))
    stages = {s.id: s.label.get(lang) or s.id for s in journey.stages}
    table = Table(*(t(f"cli.journey.col.{c}") for c in (
        "number", "stage", "touchpoint", "label", "channel", "step")),
        title=t("cli.journey.touchpoints_title"))
    for number, tp in enumerate(journey.touchpoints, start=1):
        table.add_row(str(number), escape(stages.get(tp.stage, tp.stage)), escape(tp.id),
                      escape(tp.label.get(lang, "")), escape(tp.channel),
                      escape(tp.step or DASH))
    out.console.print(table)
    for persona_id, entries in journey.personas.items():
        out.console.print(_entries_table(journey, names.get(persona_id, persona_id), entries))


def _basis(entry: Any) -> str:
    if entry.author is not None:
        return t("cli.journey.basis.person", author=entry.author, evidence=len(entry.evidence))
    if entry.assumption:
        return t("cli.journey.basis.assumption")
    return t("cli.journey.basis.data", evidence=len(entry.evidence))


def _entries_table(journey: Journey, persona: str, entries: dict[str, Any]) -> Table:
    lang = get_language()
    table = Table(*(t(f"cli.journey.col.{c}") for c in (
        "touchpoint", "expectation", "entry_barrier", "message", "cta", "tone", "basis")),
        title=t("cli.journey.entries_title", persona=persona))
    for tp in journey.touchpoints:
        entry = entries.get(tp.id)
        if entry is None:
            continue
        table.add_row(escape(tp.label.get(lang) or tp.id), *(
            escape(getattr(entry, f).get(lang, "")) or DASH
            for f in ("expectation", "barrier", "message", "cta", "tone")), _basis(entry))
    return table


@journey_app.command("define", help=h("cli.journey.define.help"))
@handle_errors
def define_command(
    file: Annotated[Path, typer.Argument(help=h("cli.journey.arg.file"), show_default=False)],
    author: Annotated[str | None, typer.Option("--author", help=h("cli.journey.opt.author"),
                                               show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.journey import define_journeys

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        saved = define_journeys(ws, file, author=author or _login())
    data = [{"journey": j.name, "revision": j.revision, "author": j.author,
             "touchpoints": len(j.touchpoints)} for j in saved]

    def render() -> None:
        for j in saved:
            out.say(tx("cli.journey.define.done", journey=j.name, revision=j.revision,
                       touchpoints=len(j.touchpoints), personas=len(j.personas),
                       author=j.author or DASH))

    out.result(data, render)


@journey_app.command("export", help=h("cli.journey.export.help"))
@handle_errors
def export_command(
    out_path: Annotated[Path, typer.Option("--out", "-o", help=h("cli.journey.opt.out"),
                                           show_default=False)],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=h("cli.journey.opt.format"),
                                            show_default=False)] = None,
    name: NameOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.journey import approaches, export_approaches, get_journey
    from personakit.journey._approach import export_format

    chosen = export_format(out_path, fmt)  # a bad format fails before any work
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.journey.progress.export"), total=None)
        items = approaches(ws, get_journey(ws, name) if name else None)
        written = export_approaches(ws, out_path, fmt=chosen, items=items)
    data = {"file": str(written), "format": chosen, "personas": len(items)}
    out.result(data, lambda: out.say(tx("cli.journey.export.done", count=len(items),
                                        file=str(written), format=chosen)))


@journey_app.command("history", help=h("cli.journey.history.help"))
@handle_errors
def history_command(
    name: Annotated[str, typer.Argument(help=h("cli.journey.arg.name"), show_default=False)],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.journey import diff_journeys, journey_history, load_journey

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        revisions = journey_history(ws, name)
        states = [load_journey(ws, name, r.revision) for r in revisions]
    diffs = [diff_journeys(old, new) for old, new in zip([None, *states], states, strict=False)]
    data = [{**r.model_dump(mode="json"), "changes": d.model_dump(mode="json")}
            for r, d in zip(revisions, diffs, strict=True)]

    def render() -> None:
        table = Table(*(t(f"cli.journey.col.{c}") for c in (
            "revision", "date", "author", "changes")), title=t("cli.journey.history_title",
                                                               journey=name))
        for r, d in zip(revisions, diffs, strict=True):
            table.add_row(str(r.revision), moment(r.created_at), escape(r.author),
                          escape(change_summary(d)))
        out.console.print(table)

    out.result(data, render)


def _login() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (some containers)
        return "cli"


def change_summary(diff: JourneyDiff) -> str:
    """``+2 touchpoints, 3 entries changed`` in the output language."""
    if diff.same:
        return t("cli.journey.changes.none")
    parts = []
    for part, items in (("stages", diff.stages), ("touchpoints", diff.touchpoints),
                        ("entries", diff.entries)):
        for status in ("added", "removed", "changed"):
            count = sum(1 for i in items if i.status == status)
            if count:
                parts.append(t(f"cli.journey.changes.{part}_{status}", count=count))
    if diff.order_changed:
        parts.append(t("cli.journey.changes.order"))
    if diff.label_changed:
        parts.append(t("cli.journey.changes.label"))
    return ", ".join(parts)
