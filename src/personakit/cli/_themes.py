"""``personakit themes``: themes in the workspace's texts, with their prevalence per persona
and, for reviews, per competitor — thin over :func:`personakit.texts.find_themes`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from personakit.cli._figures import DASH, num, pct, signed, tx, with_interval
from personakit.errors import InputError, PersonakitError
from personakit.i18n import get_language, t

if TYPE_CHECKING:  # the core loads numpy and scikit-learn: imported where the command runs
    from personakit.texts import Theme, ThemeModel, ThemeShare
    from personakit.workspace import Workspace

METHODS = ("auto", "embedding", "tfidf")
SNIPPETS_SHOWN = 2
TERMS_SHOWN = 6
SNIPPET_CHARS = 160  # a snippet in the table; --json has them whole


@app.command("themes", help=h("cli.themes.help"))
@handle_errors
def themes_command(
    k: Annotated[int | None, typer.Option("--k", min=2, max=100, help=h("cli.themes.opt.k"),
                                          show_default=False)] = None,
    method: Annotated[str | None, typer.Option("--method", help=h("cli.themes.opt.method"),
                                               show_default=False)] = None,
    persona: Annotated[str | None, typer.Option("--persona", help=h("cli.themes.opt.persona"),
                                                show_default=False)] = None,
    competitors: Annotated[bool, typer.Option("--competitors",
                                              help=h("cli.themes.opt.competitors"))] = False,
    seed: Annotated[int | None, typer.Option("--seed", help=h("cli.themes.opt.seed"),
                                             show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.texts import find_themes, refresh_themes

    if method is not None and method not in METHODS:
        raise InputError("cli.themes.error.method", value=method, methods=", ".join(METHODS))
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        tasks: dict[str, object] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(t(f"cli.themes.progress.{stage}"),
                                                 total=total or None)
            progress.update(tasks[stage], completed=done)  # type: ignore[arg-type]

        if method is None and k is None and seed is None:
            # Unchanged texts, links and settings keep the current run, with the analysts'
            # renames, merges and sections; anything new is themed afresh.
            run = refresh_themes(ws, actor="cli", progress=report, strict=True)
        else:
            run = find_themes(ws, method=method or "auto", k=k, seed=seed, progress=report)
        names = persona_names(ws)
    known = {s.persona_id or s.profile_id for th in run.themes for s in th.shares
             if s.persona_id or not s.profile_id.startswith(("competitor:", "ours"))}
    if persona is not None and not any(s.persona_id == persona or s.profile_id == persona
                                       for th in run.themes for s in th.shares):
        raise InputError("cli.themes.error.persona", persona=persona,
                         personas=", ".join(sorted(known)) or DASH)
    out.result(run.model_dump(mode="json"),
               lambda: render(out, run, names, persona, competitors))


def persona_names(ws: Workspace) -> dict[str, str]:
    """Persona id -> name of the newest build (none before personas are built)."""
    from personakit.track import get_version

    try:
        return {p.id: p.name for p in get_version(ws, None).personas}
    except PersonakitError:
        return {}


# -- for people -------------------------------------------------------------------------------

def render(out: Output, run: ThemeModel, names: dict[str, str], persona: str | None,
           competitors: bool) -> None:
    out.say(summary(run))
    out.console.print(themes_table(run))
    if competitors:
        out.console.print(competitor_table(run))
    elif not _groups(run, competitors=False):  # no texts linked to anyone yet
        out.say(t("cli.themes.build_first"))
    else:
        out.console.print(persona_table(run, names, persona))


def summary(run: ThemeModel) -> str:
    lines = [tx("cli.themes.summary", themes=num(len(run.themes), 0), texts=num(run.items, 0),
                passages=num(run.passages, 0), seconds=num(run.seconds, 1),
                unthemed=num(run.unthemed, 0)),
             tx(f"texts.themes.method.{run.method}", model=run.model),
             tx(f"texts.themes.reason.{run.method_reason or 'asked'}")]
    if run.texts_per_second is not None and run.embed_seconds is not None:
        lines.append(tx("texts.embed.throughput", passages=num(run.embedded, 0),
                        seconds=num(run.embed_seconds, 1), rate=num(run.texts_per_second, 0)))
    if run.content_links or run.unassigned:
        lines.append(tx("cli.themes.assigned", assigned=num(len(run.content_links), 0),
                        accuracy=pct(run.assign_accuracy) if run.assign_accuracy is not None
                        else DASH, left=num(run.unassigned, 0)))
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return f"„{text}”" if get_language() == "nl" else f"“{text}”"


def _label(theme: Theme) -> str:
    lang = get_language()
    return theme.label.get(lang) or ", ".join(theme.terms[:3])


def _section(theme: Theme) -> str:
    return t(f"persona.section.{theme.section}") if theme.section else DASH


def themes_table(run: ThemeModel) -> Table:
    from personakit.texts._themes import shorten

    table = Table(*(t(f"cli.themes.col.{c}") for c in (
        "theme", "label", "texts", "sentiment", "section", "terms", "snippets")),
        title=t("cli.themes.title"), show_lines=True)
    for theme in run.themes:
        snippets = "\n".join(_quoted(shorten(s.text, SNIPPET_CHARS))
                             for s in theme.snippets[:SNIPPETS_SHOWN])
        table.add_row(theme.id, escape(_label(theme)), num(theme.size, 0),
                      signed(theme.sentiment) if theme.sentiment is not None else DASH,
                      escape(_section(theme)), escape(", ".join(theme.terms[:TERMS_SHOWN])),
                      escape(snippets) or DASH)
    return table


def _cell(share: ThemeShare | None, minimum: int) -> str:
    # As in the report and the web app: no figure rests on fewer texts in the theme than
    # the minimum group size.
    if share is None or share.share is None or share.in_theme < minimum:
        return DASH
    figure = with_interval(share.share, share.low, share.high, pct)
    lift = t("cli.themes.lift", lift=num(share.lift, 1)) if share.lift is not None else ""
    return f"{figure}\n{lift}".strip()


def _groups(run: ThemeModel, competitors: bool) -> list[str]:
    from personakit.texts import COMPETITOR, OURS

    found = {s.profile_id for th in run.themes for s in th.shares}
    if competitors:
        rivals = sorted(g for g in found if g.startswith(COMPETITOR))
        return ([OURS] if OURS in found else []) + rivals
    return sorted(g for g in found if g != OURS and not g.startswith(COMPETITOR))


def persona_table(run: ThemeModel, names: dict[str, str], persona: str | None) -> Table:
    groups = _groups(run, competitors=False)
    persona_of = {s.profile_id: s.persona_id for th in run.themes for s in th.shares}
    if persona is not None:
        groups = [g for g in groups if persona in (g, persona_of.get(g))]

    def heading(group: str) -> str:
        who = persona_of.get(group)
        return escape(names.get(who or "", who or group))

    table = Table(t("cli.themes.col.theme"), t("cli.themes.col.label"),
                  *(heading(g) for g in groups), title=t("cli.themes.persona_title"),
                  caption=t("cli.themes.persona_caption", minimum=run.min_group_size),
                  show_lines=True)
    for theme in _ordered(run, groups[0] if persona is not None and groups else None):
        by_group = {s.profile_id: s for s in theme.shares}
        table.add_row(theme.id, escape(_label(theme)), *(_cell(by_group.get(g), run.min_group_size)
                                                     for g in groups))
    return table


def _ordered(run: ThemeModel, group: str | None) -> list[Theme]:
    """The themes, for one persona most over-represented first."""
    if group is None:
        return list(run.themes)

    def lift(theme: Theme) -> float:
        share = next((s for s in theme.shares if s.profile_id == group), None)
        return -(share.lift or 0.0) if share is not None else 0.0

    return sorted(run.themes, key=lift)


def competitor_table(run: ThemeModel) -> Table:
    from personakit.texts import COMPETITOR, OURS

    groups = _groups(run, competitors=True)

    def heading(group: str) -> str:
        if group == OURS:
            return t("cli.themes.ours")
        return escape(group.removeprefix(COMPETITOR))

    table = Table(t("cli.themes.col.theme"), t("cli.themes.col.label"),
                  *(heading(g) for g in groups), title=t("cli.themes.competitor_title"),
                  caption=t("cli.themes.persona_caption", minimum=run.min_group_size),
                  show_lines=True)
    if not groups:
        table.caption = t("cli.themes.no_competitors")
    for theme in run.themes:
        by_group = {s.profile_id: s for s in theme.shares}
        table.add_row(theme.id, escape(_label(theme)), *(_cell(by_group.get(g), run.min_group_size)
                                                     for g in groups))
    return table
