"""``personakit build``, ``report``, ``versions``, ``diff`` and ``personas``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from personakit.cli import app
from personakit.cli._common import (
    JsonOpt,
    LangOpt,
    QuietOpt,
    WorkspaceOpt,
    h,
    handle_errors,
    open_workspace,
)
from personakit.i18n import get_language, t
from personakit.model import Statement


@app.command("build", help=h("cli.build.help"))
@handle_errors
def build_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.persona import build_personas
    from personakit.persona._signal import build_silence

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    started = time.perf_counter()
    with ws, out.progress() as progress:
        progress.add_task(t("cli.build.progress"), total=None)
        version = build_personas(ws)
        silent, described = build_silence(ws, version)
    seconds = time.perf_counter() - started
    lang_now = get_language()
    data = {
        "silent_columns": silent,
        "version": version.id, "content_hash": version.content_hash, "seconds": round(seconds, 2),
        "personas": [{"id": p.id, "name": p.name, "profile_id": p.profile_id, "size": p.size,
                      "statements": sum(1 for s in p.statements if s.evidence)}
                     for p in version.personas],
    }

    def render() -> None:
        out.say(t("cli.build.done", count=len(version.personas), version=version.id,
                  hash=version.content_hash[:12], seconds=f"{seconds:.1f}"))
        for p in version.personas:
            out.say(t("cli.build.persona", name=p.name, title=p.title.get(lang_now, ""),
                      statements=sum(1 for s in p.statements if s.evidence),
                      share=f"{p.share * 100:.0f} %"))
        for p in version.personas:
            short = p.extra.get("shortfall")
            if short:
                out.say(t("signal.short", name=p.name, statements=short["statements"],
                          minimum=short["minimum"], count=len(short["silent"])))
        if silent:
            out.say(t("signal.silent", count=len(silent), total=described,
                      columns=_some(silent)))
        out.say(t("cli.build.next"))

    out.result(data, render)


def _some(columns: list[str], shown: int = 12) -> str:
    if len(columns) <= shown:
        return ", ".join(columns)
    return t("signal.more", shown=", ".join(columns[:shown]), rest=len(columns) - shown)


@app.command("report", help=h("cli.report.help"))
@handle_errors
def report_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help=h("cli.report.opt.format"))] = "html",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help=h("cli.report.opt.out"),
                                                  show_default=False)] = None,
    page_size: Annotated[str | None, typer.Option(
        "--page-size", help=h("format.cli.page_size"), show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.report import default_file_name, render

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    chosen = get_language()
    with ws, out.progress() as progress:
        progress.add_task(t("cli.report.progress"), total=None)
        target = out_path or ws.reports_dir / default_file_name(fmt, chosen)
        path = render(ws, fmt, lang=chosen, out=target, page_size=page_size)
    # soft_wrap: a path must stay on one line to be copied.
    out.result({"format": fmt, "lang": chosen, "path": str(path)},
               lambda: out.console.print(t("cli.report.done", path=path), soft_wrap=True))


@app.command("versions", help=h("cli.versions.help"))
@handle_errors
def versions_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.track import list_versions

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        versions = list_versions(ws)
    data = [{"id": v.id, "created_at": v.created_at.isoformat(), "author": v.author,
             "segmentation_id": v.segmentation_id, "inputs": v.inputs, "seed": v.seed,
             "content_hash": v.content_hash, "personas": len(v.personas)} for v in versions]

    def render() -> None:
        if not versions:
            out.say(t("cli.versions.empty"))
            return
        table = Table(*(t(f"cli.versions.col.{c}") for c in
                        ("id", "date", "author", "personas", "hash", "inputs")))
        for v in versions:
            inputs = ", ".join(f"{k}:{str(s)[:8]}" for k, s in sorted(v.inputs.items()))
            table.add_row(str(v.id), v.created_at.strftime("%Y-%m-%d %H:%M"), v.author,
                          str(len(v.personas)), v.content_hash[:12], inputs)
        out.console.print(table)

    out.result(data, render)


def _figure(statement: Statement) -> str:
    if not statement.evidence or statement.evidence[0].profile_value is None:
        return "–"
    return f"{statement.evidence[0].profile_value:.3g}"


@app.command("diff", help=h("cli.diff.help"))
@handle_errors
def diff_command(
    a: Annotated[int, typer.Argument(help=h("cli.diff.arg.a"))],
    b: Annotated[int, typer.Argument(help=h("cli.diff.arg.b"))],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.track import diff_versions

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        diff = diff_versions(ws, a, b)
    lang_now = get_language()

    def render() -> None:
        if diff.same_content:
            out.say(t("cli.diff.same", a=a, b=b))
        for p in diff.personas:
            out.say(t("cli.diff.persona", name=p.name, id=p.persona_id,
                      status=t(f"cli.diff.status.{p.status}")))
            if p.size_before != p.size_after and p.status == "changed":
                out.say(t("cli.diff.size", before=p.size_before, after=p.size_after))
            for s in p.added:
                out.say(t("cli.diff.added", text=s.text.get(lang_now, s.id)))
            for s in p.dropped:
                out.say(t("cli.diff.dropped", text=s.text.get(lang_now, s.id)))
            for c in p.changed:
                out.say(t("cli.diff.changed", text=c.after.text.get(lang_now, c.id),
                          before=_figure(c.before), after=_figure(c.after)))

    out.result(diff.model_dump(mode="json"), render)


@app.command("personas", help=h("cli.personas.help"))
@handle_errors
def personas_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.track import current_personas

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        personas = current_personas(ws)
    lang_now = get_language()
    data = [{"id": p.id, "name": p.name, "profile_id": p.profile_id, "revision": p.revision,
             "title": p.title, "size": p.size, "share": p.share,
             "statements": sum(1 for s in p.statements if s.evidence)} for p in personas]

    def render() -> None:
        if not personas:
            out.say(t("track.error.no_personas"))
            return
        table = Table(*(t(f"cli.personas.col.{c}") for c in
                        ("id", "name", "title", "size", "statements", "revision")))
        for p in personas:
            table.add_row(p.id, p.name, p.title.get(lang_now, ""), f"{p.size} ({p.share:.0%})",
                          str(sum(1 for s in p.statements if s.evidence)), str(p.revision))
        out.console.print(table)

    out.result(data, render)
