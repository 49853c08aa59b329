"""``segment``, ``value``, ``assign``, ``profiles``, ``hypotheses``, ``rename``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
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
from personakit.errors import InputError
from personakit.i18n import get_language, t
from personakit.model import Segmentation

TargetOpt = Annotated[str | None, typer.Option("--target", help=h("cli.segment.opt.target"))]
TargetGroupOpt = Annotated[
    str | None, typer.Option("--target-group", help=h("cli.segment.opt.target_group"))
]
SegOpt = Annotated[
    str | None, typer.Option("--segmentation", "-s", help=h("cli.segment.opt.segmentation"))
]
TOP_VARIABLES = 5


@app.command("segment", help=h("cli.segment.help"))
@handle_errors
def segment_command(
    name: Annotated[str, typer.Option("--name", help=h("cli.segment.opt.name"))] = "default",
    lens: Annotated[str | None, typer.Option("--lens", help=h("cli.segment.opt.lens"))] = None,
    variables: Annotated[
        str | None, typer.Option("--vars", help=h("cli.segment.opt.vars"))
    ] = None,
    target: TargetOpt = None,
    target_group: TargetGroupOpt = None,
    hard_core: Annotated[
        str | None, typer.Option("--hard-core", help=h("cli.segment.opt.hard_core"))
    ] = None,
    k: Annotated[str, typer.Option("--k", help=h("cli.segment.opt.k"))] = "auto",
    k_min: Annotated[int | None, typer.Option("--k-min", help=h("cli.segment.opt.k_min"))] = None,
    k_max: Annotated[int | None, typer.Option("--k-max", help=h("cli.segment.opt.k_max"))] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=h("cli.segment.opt.seed"))] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.segment import segment_workspace

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    chosen_k: int | str = "auto" if k == "auto" else _int_k(k)
    chosen_lens: str | list[str] | None = lens
    if variables:
        chosen_lens = [v.strip() for v in variables.split(",") if v.strip()]
    with ws, out.progress() as progress:
        task = progress.add_task(t("cli.segment.progress.load"), total=100)

        def step(name_: str, share: float) -> None:
            progress.update(task, description=t(f"cli.segment.progress.{_step(name_)}"),
                            completed=round(100 * share))

        seg = segment_workspace(ws, name=name, lens=chosen_lens, target=target,
                                target_group=target_group, hard_core=hard_core, k=chosen_k,
                                k_min=k_min, k_max=k_max, seed=seed, progress=step)
    out.result(seg.model_dump(mode="json"), lambda: _show(out, seg))


def _int_k(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise InputError("cli.segment.error.k", value=text)
    return value


def _step(name: str) -> str:
    known = {"load", "encode", "k", "apply", "stability", "explain", "store", "done"}
    return name if name in known else "load"


@app.command("profiles", help=h("cli.profiles.help"))
@handle_errors
def profiles_command(
    segmentation: Annotated[
        str | None, typer.Argument(help=h("cli.profiles.arg.segmentation"))
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help=h("cli.profiles.opt.all"))] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.segment import get_segmentation, list_segmentations

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        if show_all:
            rows = list_segmentations(ws)
            out.result(rows, lambda: _show_list(out, rows))
            return
        seg = get_segmentation(ws, segmentation)
    out.result(seg.model_dump(mode="json"), lambda: _show(out, seg))


def _show_list(out: Output, rows: list[dict[str, Any]]) -> None:
    table = Table(title=t("cli.profiles.list_title"))
    for column in ("id", "name", "created", "k", "n", "current"):
        table.add_column(t(f"cli.profiles.col.{column}"))
    for r in rows:
        table.add_row(r["id"], r["name"], str(r["created_at"])[:19], str(r["k"]), str(r["n"]),
                      "\u2713" if r["current"] else "")
    out.console.print(table)


def _show(out: Output, seg: Segmentation) -> None:
    lang = get_language()
    out.console.print(t("cli.profiles.header", name=seg.name, id=seg.id, n=seg.n, k=seg.k,
                        target=seg.target or t("cli.profiles.everyone"),
                        variables=len(seg.lens)))
    out.console.print(k_table(seg))
    share = float(seg.settings.get("min_profile_share", 0.05))
    out.console.print(t("cli.profiles.k_rule", share=f"{share:.0%}",
                        elbow=seg.settings.get("elbow", 0.25)))
    if seg.fits_none_share is not None:
        out.console.print(t("cli.profiles.fits_none", share=f"{seg.fits_none_share:.1%}"))
    if seg.stability is not None:
        out.console.print(t("cli.profiles.stability", ari=f"{seg.stability:.2f}"))
    if seg.left_out:
        out.console.print(t("cli.profiles.left_out", columns=", ".join(
            f"{c} ({_reason(r)})" for c, r in seg.left_out.items())))
    for p in seg.profiles:
        flag = t("cli.profiles.unstable") if p.unstable else ""
        stability = f"{p.stability:.2f}" if p.stability is not None else "-"
        out.console.print(f"\n[bold]{p.index + 1}. {p.name.get(lang, p.id)}[/] "
                          f"({p.id}) {flag}")
        out.console.print(t("cli.profiles.size", size=p.size, share=f"{p.share:.1%}",
                            stability=stability))
        for e in p.effects[:TOP_VARIABLES]:
            out.console.print("   " + _effect_line(e))
        for kpi, v in p.kpis.items():
            out.console.print("   " + t("cli.profiles.kpi", name=kpi, profile=_num(v["profile"]),
                                        rest=_num(v["rest"])))


def k_table(seg: Segmentation) -> Table:
    """The k table: every criterion per k and the rule that decided (issue 9)."""
    table = Table(title=t("cli.profiles.k_title"))
    for column in ("k", "bic", "gain", "icl", "entropy", "min_share", "stability", "decision"):
        table.add_column(t(f"cli.profiles.col.{column}"),
                         justify="left" if column == "decision" else "right")
    for s in seg.scores:
        mark = " \u2190" if s.chosen else ""
        table.add_row(
            f"{s.k}{mark}", _whole(s.bic), _whole(s.gain), _whole(s.icl),
            f"{s.entropy:.2f}" if s.entropy is not None else "-",
            f"{s.min_share:.1%}" if s.min_share is not None else "-",
            f"{s.stability:.2f}" if s.stability is not None else "-",
            t(f"cli.profiles.decision.{s.decision}") if s.decision else (
                t(f"cli.profiles.note.{s.note}") if s.note else ""))
    return table


def _whole(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "-"


def _reason(code: str) -> str:
    from personakit.segment._segmenter import left_out_reason

    return left_out_reason(code)


def _effect_line(e: Any) -> str:
    sign = "+" if e.effect > 0 else "\u2212"
    stars = "" if e.q_value < 0.05 else " (n.s.)"
    if e.kind == "mean":
        return t("cli.profiles.effect_mean", variable=e.variable, profile=_num(e.profile_value),
                 rest=_num(e.rest_value), effect=f"{sign}{abs(e.effect):.2f}") + stars
    lift = f"{e.lift:.1f}" if e.lift is not None else "-"
    return t("cli.profiles.effect_share", variable=e.variable, level=e.level,
             profile=f"{e.profile_value:.0%}", rest=f"{e.rest_value:.0%}", lift=lift,
             effect=f"{sign}{abs(e.effect):.2f}") + stars


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)


def _num(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


@app.command("value", help=h("cli.value.help"))
@handle_errors
def value_command(
    by: Annotated[str, typer.Option("--by", help=h("cli.value.opt.by"))],
    target: TargetOpt = None,
    target_group: TargetGroupOpt = None,
    chart: Annotated[Path | None, typer.Option("--chart", help=h("cli.value.opt.chart"))] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.segment import value_curve
    from personakit.segment._value import write_svg

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        curve = value_curve(ws, by, target=target, target_group=target_group)
        labels = (t("cli.value.chart_title", column=by), t("cli.value.chart_x"),
                  t("cli.value.chart_y"))
        if chart is None:
            relative = f"reports/value-{_safe(by)}.svg"
            with ws.transaction() as st:
                write_svg(curve, st.file_path(relative), *labels)
            path = ws.root / relative
        else:
            path = write_svg(curve, chart, *labels)
    data = {**curve.model_dump(mode="json"), "chart": str(path)}

    def render() -> None:
        out.console.print(t("cli.value.summary", core=f"{curve.core_share:.0%}",
                            share=f"{curve.value_share:.0%}", column=by, n=curve.n,
                            size=curve.core_size, threshold=_num(curve.threshold)))
        for decile in range(1, 11):
            point = min(curve.points, key=lambda p: abs(p[0] - decile / 10))
            bar = "\u2588" * round(point[1] * 40)
            out.console.print(f"  {decile * 10:>3} %  {bar} {point[1]:.0%}")
        out.console.print(t("cli.value.chart", path=path))
        out.console.print(t("cli.value.next", column=by))

    out.result(data, render)


@app.command("assign", help=h("cli.assign.help"))
@handle_errors
def assign_command(
    file: Annotated[Path | None, typer.Argument(help=h("cli.assign.arg.file"))] = None,
    out_path: Annotated[Path, typer.Option("--out", "-o", help=h("cli.assign.opt.out"))] = Path(
        "assignments.csv"),
    source: Annotated[str | None, typer.Option("--source", help=h("cli.assign.opt.source"))] = None,
    segmentation: SegOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.segment._io import assign_to_file

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.assign.progress"), total=None)
        summary = assign_to_file(ws, file, out_path, source=source,
                                 segmentation=segmentation, lang=get_language())

    def render() -> None:
        out.console.print(t("cli.assign.done", rows=summary["rows"], path=summary["out"],
                            fits_none=summary["fits_none"],
                            confidence=f"{summary['mean_confidence']:.2f}"))
        for name, count in summary["profiles"].items():
            out.console.print(f"  {name}: {count}")

    out.result(summary, render)


@app.command("hypotheses", help=h("cli.hypotheses.help"))
@handle_errors
def hypotheses_command(
    segmentation: SegOpt = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.segment import get_segmentation, test_hypotheses

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        seg = get_segmentation(ws, segmentation)
        report = test_hypotheses(ws, seg)
    names = {p.id: p.name.get(get_language(), p.id) for p in seg.profiles}

    def render() -> None:
        table = Table(title=t("cli.hypotheses.title", n=report.n))
        for column in ("rule", "size", "coverage", "exclusive", "profile", "top"):
            table.add_column(t(f"cli.hypotheses.col.{column}"))
        for r in report.rules:
            best = (f"{names.get(r.best_profile, r.best_profile)} ({r.best_profile_share:.0%})"
                    if r.best_profile and r.best_profile_share is not None else "-")
            top = "; ".join(_effect_line(e) for e in r.effects[:3])
            table.add_row(r.name, str(r.size), f"{r.coverage:.1%}", f"{r.exclusive:.1%}",
                          best, top)
        out.console.print(table)
        out.console.print(t("cli.hypotheses.summary", unassigned=f"{report.unassigned_share:.1%}",
                            multiple=f"{report.multiple_share:.1%}",
                            ari=f"{report.ari:.2f}" if report.ari is not None else "-"))
        cross = Table(title=t("cli.hypotheses.crosstab"))
        cross.add_column(t("cli.hypotheses.col.rule"))
        for pid in names:
            cross.add_column(names[pid])
        for rule, row in report.crosstab.items():
            cross.add_row(rule, *(str(row.get(pid, 0)) for pid in names))
        out.console.print(cross)

    out.result(report.model_dump(mode="json"), render)


@app.command("rename", help=h("cli.rename.help"))
@handle_errors
def rename_command(
    profile: Annotated[str, typer.Argument(help=h("cli.rename.arg.profile"))],
    new_name: Annotated[str, typer.Argument(help=h("cli.rename.arg.name"))],
    name_lang: Annotated[
        str | None, typer.Option("--in", help=h("cli.rename.opt.in"))
    ] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.segment import rename_profile

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        renamed = rename_profile(ws, profile, new_name, lang=name_lang or get_language())
    out.result(renamed.model_dump(mode="json", include={"id", "name"}),
               lambda: out.say(t("cli.rename.done", profile=renamed.id,
                                 nl=renamed.name["nl"], en=renamed.name["en"])))
