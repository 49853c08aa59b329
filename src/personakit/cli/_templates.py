"""``personakit template list|copy|use``: the persona canvas templates (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    setup,
)
from personakit.i18n import get_language, t
from personakit.templates import CanvasTemplate, copy_template, get_template, use_template
from personakit.templates._registry import template_names
from personakit.workspace import CONFIG_NAME

template_app = typer.Typer(help=h("templates.cli.help"), no_args_is_help=True,
                           rich_markup_mode="rich")
app.add_typer(template_app, name="template")

NameArg = Annotated[str, typer.Argument(help=h("templates.cli.arg.name"), show_default=False)]


@template_app.command("list", help=h("templates.cli.list.help"))
@handle_errors
def list_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, _ = setup(lang, quiet, as_json)
    root = workspace.resolve() if (workspace / CONFIG_NAME).is_file() else None
    found = [get_template(name, root) for name in template_names(root)]
    data = {"templates": [_summary(tpl) for tpl in found]}
    out.result(data, lambda: _render_list(out, found))


def _summary(template: CanvasTemplate) -> dict[str, object]:
    return {"name": template.name, "title": template.title, "origin": template.origin,
            "sections": list(template.canvas)}


def _render_list(out: Output, found: list[CanvasTemplate]) -> None:
    lang = get_language()
    table = Table(show_edge=False)
    for key in ("templates.cli.col.name", "templates.cli.col.title",
                "templates.cli.col.sections", "templates.cli.col.origin"):
        table.add_column(t(key))
    for tpl in found:
        table.add_row(tpl.name, tpl.title[lang],
                      ", ".join(tpl.title_of(s, lang) for s in tpl.canvas), tpl.origin)
    out.console.print(table)


@template_app.command("copy", help=h("templates.cli.copy.help"))
@handle_errors
def copy_command(
    name: NameArg,
    new_name: Annotated[str | None, typer.Option("--as", help=h("templates.cli.opt.as"),
                                                 show_default=False)] = None,
    use: Annotated[bool, typer.Option("--use", help=h("templates.cli.opt.use"))] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        path = copy_template(ws, name, new_name, use=use)
    message = t("templates.cli.copied", name=name, path=path)
    out.result({"template": new_name or name, "path": str(path), "used": use},
               lambda: out.say(message))


@template_app.command("use", help=h("templates.cli.use.help"))
@handle_errors
def use_command(
    name: NameArg,
    target_group: Annotated[str | None, typer.Option(
        "--target-group", help=h("templates.cli.opt.target_group"), show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        use_template(ws, name, target_group)
    key = "templates.cli.used_group" if target_group else "templates.cli.used"
    message = t(key, name=name, group=target_group or "")
    out.result({"template": name, "target_group": target_group}, lambda: out.say(message))
