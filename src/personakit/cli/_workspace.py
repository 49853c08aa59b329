"""``personakit init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from personakit.cli import app
from personakit.cli._common import JsonOpt, LangOpt, QuietOpt, h, handle_errors, setup
from personakit.i18n import t
from personakit.workspace import Workspace


@app.command("init", help=h("cli.init.help"))
@handle_errors
def init_command(
    directory: Annotated[Path, typer.Argument(help=h("cli.init.arg.dir"))] = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, _ = setup(lang, quiet, as_json)
    ws = Workspace.init(directory, language=lang or "nl")
    ws.close()
    message = t("core.workspace.created", path=ws.root)
    out.result({"workspace": str(ws.root)}, lambda: out.say(message))
