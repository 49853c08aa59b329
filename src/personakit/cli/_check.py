"""``personakit check``: is the workspace whole (issue 16)."""

from __future__ import annotations

from pathlib import Path

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
