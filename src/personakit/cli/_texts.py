"""``personakit texts list`` and ``texts link``: thin adapters over :mod:`personakit.texts`."""

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
    QuietOpt,
    WorkspaceOpt,
    h,
    handle_errors,
    open_workspace,
)
from personakit.i18n import t

if TYPE_CHECKING:  # the texts core loads pandas: imported where a command runs
    from personakit.texts import TextItem

texts_app = typer.Typer(help=h("cli.texts.help"), no_args_is_help=True,
                        rich_markup_mode="rich")
app.add_typer(texts_app, name="texts")

SHOWN_CHARS = 120


@texts_app.command("list", help=h("cli.texts.list.help"))
@handle_errors
def list_command(
    source: Annotated[str | None, typer.Option("--source", help=h("cli.texts.opt.source"),
                                               show_default=False)] = None,
    persona: Annotated[str | None, typer.Option("--persona", help=h("cli.texts.opt.persona"),
                                                show_default=False)] = None,
    unlinked: Annotated[bool, typer.Option("--unlinked",
                                           help=h("cli.texts.opt.unlinked"))] = False,
    limit: Annotated[int, typer.Option("--limit", min=0,
                                       help=h("cli.texts.opt.limit"))] = 50,
    refresh: Annotated[bool, typer.Option("--refresh", help=h("cli.texts.opt.refresh"))] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.texts import current_themes, select_items, text_items
    from personakit.texts._linking import with_content_links

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as bar:
        task = bar.add_task(t("cli.texts.step.read"), total=100)

        def progress(step: str, share: float) -> None:
            bar.update(task, completed=int(100 * share),
                       description=t(f"cli.texts.step.{step}"))

        items = with_content_links(text_items(ws, refresh=refresh, progress=progress),
                                   current_themes(ws))
    chosen = select_items(items, source=source, persona=persona, unlinked=unlinked)
    shown = chosen[:limit] if limit else chosen

    def render() -> None:
        if not chosen:
            out.say(t("cli.texts.list.none"))
            return
        out.console.print(_table(shown))
        linked = sum(1 for i in chosen if i.linked_by != "none")
        out.say(escape(t("cli.texts.list.summary", shown=len(shown), total=len(chosen),
                         linked=linked, unlinked=len(chosen) - linked)))

    out.result([_item_json(i) for i in shown], render)


def _table(items: list[TextItem]) -> Table:
    table = Table()
    for column in ("id", "kind", "lang", "link", "text"):
        table.add_column(t(f"cli.texts.col.{column}"), overflow="fold")
    for item in items:
        text = item.text if len(item.text) <= SHOWN_CHARS else item.text[:SHOWN_CHARS] + "…"
        table.add_row(escape(item.id), item.kind, item.lang, escape(_link_text(item)),
                      escape(" ".join(text.split())))
    return table


def _link_text(item: TextItem) -> str:
    how = t(f"cli.texts.linked_by.{item.linked_by}")
    if item.linked_by == "none":
        return how
    return f"{item.persona_id or item.profile_id or '-'} ({how})"


def _item_json(item: TextItem) -> dict[str, Any]:
    return item.model_dump(mode="json")


@texts_app.command("link", help=h("cli.texts.link.help"))
@handle_errors
def link_command(
    source: Annotated[str, typer.Argument(help=h("cli.texts.arg.source"), show_default=False)],
    document: Annotated[str, typer.Argument(help=h("cli.texts.arg.document"),
                                            show_default=False)],
    profile: Annotated[str | None, typer.Option("--profile", help=h("cli.texts.opt.profile"),
                                                show_default=False)] = None,
    persona: Annotated[str | None, typer.Option("--persona",
                                                help=h("cli.texts.opt.persona_id"),
                                                show_default=False)] = None,
    actor: Annotated[str | None, typer.Option("--actor", help=h("cli.texts.opt.actor"),
                                              show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.texts import link_document

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        link = link_document(ws, source, document, profile_id=profile, persona_id=persona,
                             actor=actor or _login())
    out.result(link.model_dump(mode="json"), lambda: out.say(escape(t(
        "cli.texts.link.done", source=source, document=document,
        profile=link.profile_id or "-", persona=link.persona_id or "-"))))


def _login() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (some containers)
        return "cli"
