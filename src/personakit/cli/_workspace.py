"""``personakit init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from personakit.cli import app
from personakit.cli._common import JsonOpt, LangOpt, QuietOpt, h, handle_errors, setup
from personakit.i18n import t
from personakit.templates import init_workspace


@app.command("init", help=h("cli.init.help"))
@handle_errors
def init_command(
    directory: Annotated[Path, typer.Argument(help=h("cli.init.arg.dir"))] = Path("."),
    template: Annotated[str, typer.Option("--template", help=h("templates.cli.opt.template"))]
    = "b2c",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, _ = setup(lang, quiet, as_json)
    ws = init_workspace(directory, language=lang or "nl", template=template)
    ws.close()
    message = t("core.workspace.created", path=ws.root)
    out.result({"workspace": str(ws.root), "template": template}, lambda: out.say(message))
