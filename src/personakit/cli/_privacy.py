"""``personakit forget``: erasure of one person."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

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
from personakit.errors import InputError
from personakit.i18n import t


@app.command("forget", help=h("cli.forget.help"))
@handle_errors
def forget_command(
    key: Annotated[str, typer.Argument(help=h("cli.forget.arg.key"), show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help=h("cli.forget.opt.yes"))] = False,
    actor: Annotated[str | None, typer.Option("--actor", help=h("cli.forget.opt.actor"),
                                              show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.erasure import erase_person

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        if not yes:
            if not sys.stdin.isatty():
                raise InputError("cli.forget.needs_yes")
            if not typer.confirm(t("cli.forget.confirm", key=key, workspace=ws.root)):
                out.say(t("cli.forget.cancelled"))
                return
        report = erase_person(ws, key, actor=actor or _login())

    def render() -> None:
        out.say(report.summary())
        out.say(t("privacy.erase.outside"))

    out.result(report.to_dict(), render)


def _login() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (some containers)
        return "cli"
