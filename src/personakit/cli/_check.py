"""``personakit check``: is the workspace whole (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

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
from personakit.i18n import t

EXIT_FINDINGS = 5


@app.command("check", help=h("cli.check.help"))
@handle_errors
def check_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.integrity import check_workspace

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.check.progress"), total=None)
        report = check_workspace(ws)

    def render() -> None:
        out.say(t("cli.check.summary", snapshots=report.snapshots, files=report.files,
                  entries=report.audit_entries, erased=report.audit_erased))
        for finding in report.findings:
            out.say(f"[bold red]{escape(t(f'cli.check.finding.{finding.check}'))}[/] "
                    f"{escape(finding.path)} {escape(finding.detail)}".rstrip())
        out.say(t("cli.check.ok") if report.ok else
                f"[bold red]{escape(t('cli.check.failed', count=len(report.findings)))}[/]")

    out.result({**report.model_dump(mode="json"), "ok": report.ok}, render)
    if not report.ok:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("backup", help=h("cli.backup.help"))
@handle_errors
def backup_command(
    archive: Annotated[Path, typer.Argument(help=h("cli.backup.arg.archive"))],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.backup import backup_workspace

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.backup.progress"), total=None)
        manifest = backup_workspace(ws, archive)
    out.result({"archive": str(archive), **manifest.model_dump(mode="json",
                                                                exclude={"members"}),
                "members": len(manifest.members)},
               lambda: out.say(t("cli.backup.done", archive=archive,
                                 members=len(manifest.members),
                                 rows=sum(manifest.tables.values()))))


@app.command("restore", help=h("cli.restore.help"))
@handle_errors
def restore_command(
    archive: Annotated[Path, typer.Argument(help=h("cli.restore.arg.archive"))],
    target: Annotated[Path, typer.Argument(help=h("cli.restore.arg.target"))],
    erasures_from: Annotated[Path | None, typer.Option(
        "--erasures-from", help=h("cli.restore.opt.erasures_from"), show_default=False)] = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.backup import restore_workspace
    from personakit.cli._common import setup
    from personakit.workspace import Workspace

    out, _ = setup(lang, quiet, as_json)
    other = Workspace.open(erasures_from) if erasures_from is not None else None
    try:
        with out.progress() as progress:
            progress.add_task(t("cli.restore.progress"), total=None)
            ws = restore_workspace(archive, target, erasures_from=other)
        ws.close()
    finally:
        if other is not None:
            other.close()
    out.result({"workspace": str(ws.root)},
               lambda: out.say(t("cli.restore.done", workspace=ws.root)))
