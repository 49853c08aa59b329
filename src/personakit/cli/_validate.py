"""``personakit validate``: validation rounds (seed 002, step 6), thin over
:mod:`personakit.validate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
from personakit.cli._figures import DASH, moment, num, pct, tx, with_interval
from personakit.i18n import get_language, t

if TYPE_CHECKING:  # the core loads scipy: imported where a command runs, not at start-up
    from personakit.validate import (
        AppliedComment,
        CommentGroup,
        ConstructScore,
        DataChecks,
        PersonaResult,
        RoundSummary,
        ValidationRound,
    )

validate_app = typer.Typer(help=h("cli.validate.help"), no_args_is_help=True,
                           rich_markup_mode="rich")
app.add_typer(validate_app, name="validate")

RoundArg = Annotated[str, typer.Argument(help=h("cli.validate.arg.round"), show_default=False)]
BuildOpt = Annotated[int | None, typer.Option("--version", help=h("cli.validate.opt.version"),
                                              show_default=False)]
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# The opinions shown beside the data checks: recognition and "is the description right"
# answer the same question as prevalence, credibility the one holdout agreement answers.
BESIDE_CHECKS = ("recognise", "description_right", "credibility")
COMMENT_CHARS = 160


@validate_app.command("start", help=h("cli.validate.start.help"))
@handle_errors
def start_command(
    build: BuildOpt = None,
    personas: Annotated[list[str] | None, typer.Option(
        "--persona", help=h("cli.validate.opt.persona"), show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help=h("cli.validate.opt.title"),
                                              show_default=False)] = None,
    audience: Annotated[str, typer.Option("--audience",
                                          help=h("cli.validate.opt.audience"))] = "staff",
    days: Annotated[float | None, typer.Option("--days", help=h("cli.validate.opt.days"),
                                               show_default=False)] = None,
    per_link: Annotated[int | None, typer.Option("--per-link", help=h("cli.validate.opt.per_link"),
                                                 show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.validate import start_round

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        found = start_round(ws, build_id=build, personas=personas or None, title=title,
                           audience=audience, expires_days=days, max_answers_per_link=per_link)

    def render() -> None:
        out.say(tx("cli.validate.start.done", round=found.id, title=found.title,
                   version=found.build_id, count=len(found.personas),
                   personas=", ".join(f"{p.name} ({p.id})" for p in found.personas),
                   audience=t(f"validate.role.{found.audience}"),
                   expires=moment(found.expires_at), per_link=found.max_answers_per_link))
        out.say(tx("cli.validate.start.next", round=found.id))

    out.result(found.model_dump(mode="json"), render)


@validate_app.command("links", help=h("cli.validate.links.help"))
@handle_errors
def links_command(
    round_id: RoundArg,
    count: Annotated[int, typer.Option("--count", "-n", help=h("cli.validate.opt.count"))] = 1,
    role: Annotated[str, typer.Option("--role", help=h("cli.validate.opt.role"))] = "staff",
    per_link: Annotated[int | None, typer.Option("--per-link", help=h("cli.validate.opt.per_link"),
                                                 show_default=False)] = None,
    base_url: Annotated[str, typer.Option("--base-url",
                                          help=h("cli.validate.opt.base_url"))] = DEFAULT_BASE_URL,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.validate import make_links

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        made = make_links(ws, round_id, count, role=role, max_answers=per_link)
    base = base_url.rstrip("/")
    urls = [base + link.path for link in made]
    data = {"round": round_id, "links": [
        {"url": url, **link.model_dump(mode="json")} for url, link in zip(urls, made, strict=True)]}
    if quiet and not as_json:
        # The tokens exist only in this output: even --quiet prints the links themselves.
        for url in urls:
            out.console.print(url, soft_wrap=True, markup=False)
        return

    def render() -> None:
        first = made[0]
        out.say(tx("cli.validate.links.done", count=len(made), round=round_id,
                   role=t(f"validate.role.{first.role}"), per_link=first.max_answers,
                   expires=moment(first.expires_at)))
        for url in urls:
            out.console.print(url, soft_wrap=True, markup=False)
        out.say(tx("cli.validate.links.once"))

    out.result(data, render)


@validate_app.command("list", help=h("cli.validate.list.help"))
@handle_errors
def list_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.validate import list_rounds

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        rounds = list_rounds(ws)

    def render() -> None:
        if not rounds:
            out.say(tx("cli.validate.list.none"))
            return
        table = Table()
        table.add_column(t("cli.validate.col.round"), no_wrap=True)  # must stay copyable
        for c in ("title", "version", "personas", "audience", "status", "links", "answers",
                  "expires"):
            table.add_column(t(f"cli.validate.col.{c}"))
        for r in rounds:
            table.add_row(r.id, escape(r.title), str(r.build_id), str(len(r.personas)),
                          t(f"validate.role.{r.audience}"), _status(r), str(r.links),
                          str(r.submissions), moment(r.expires_at))
        out.console.print(table)

    out.result([r.model_dump(mode="json") for r in rounds], render)


def _status(found: ValidationRound) -> str:
    if found.status == "open" and found.expired():
        return t("cli.validate.status.expired")
    return t(f"cli.validate.status.{found.status}")


@validate_app.command("results", help=h("cli.validate.results.help"))
@handle_errors
def results_command(
    round_id: RoundArg,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.validate import applied_comments, get_round, summarise_round

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        found = get_round(ws, round_id)
        summary = summarise_round(ws, round_id)
        applied = applied_comments(ws, round_id)
    data = {**summary.model_dump(mode="json"), "status": found.status,
            "applied": [a.model_dump(mode="json") for a in applied]}
    out.result(data, lambda: _show_results(out, found, summary, applied))


def _show_results(out: Output, found: ValidationRound, summary: RoundSummary,
                  applied: list[AppliedComment]) -> None:
    out.say(tx("cli.validate.results.header", round=found.id, title=found.title,
               version=summary.build_id, submissions=summary.submissions,
               status=_status(found)))
    done = {(a.answer_id, a.question): a for a in applied}
    for result in summary.personas:
        _show_persona(out, result, done)
    out.say(tx("cli.validate.results.apply", round=found.id))


def _show_persona(out: Output, result: PersonaResult,
                  done: dict[tuple[int, str], AppliedComment]) -> None:
    roles = ", ".join(f"{t(f'validate.role.{r}')} {n}" for r, n in sorted(result.by_role.items()))
    out.console.print()
    out.say(tx("cli.validate.results.persona", name=result.name, persona=result.persona_id,
               revision=result.revision, responses=result.responses, roles=roles or DASH))
    if not result.responses:
        return
    out.console.print(_scores_table(result.scores))
    for question, counts in result.choices.items():
        shown = " · ".join(f"{t(f'validate.opt.{o}')} {n}" for o, n in counts.items())
        out.say(f"{tx(f'validate.construct.{question}')}: {escape(shown)}")
    for group in result.comments:
        _show_comments(out, group, done)


def _scores_table(scores: list[ConstructScore]) -> Table:
    table = Table(*(t(f"cli.validate.col.{c}") for c in (
        "construct", "scale", "n", "mean", "top_box")))
    table.add_column(t("cli.validate.col.distribution"), no_wrap=True)
    group = None
    for s in scores:
        if group is not None and s.group != group:
            table.add_section()
        group = s.group
        table.add_row(t(f"validate.construct.{s.measures}"), f"1–{s.points}", str(s.n),
                      with_interval(s.mean, s.ci_low, s.ci_high, lambda v: num(v, 1)),
                      with_interval(s.top_box, s.top_box_low, s.top_box_high, pct),
                      " ".join(str(c) for c in s.distribution))
    return table


def _show_comments(out: Output, group: CommentGroup,
                   done: dict[tuple[int, str], AppliedComment]) -> None:
    theme = group.label.get(get_language()) or group.theme
    heading = (t("cli.validate.results.theme", theme=theme, count=len(group.comments))
               if theme else t("cli.validate.results.other", count=len(group.comments)))
    out.say(f"[bold]{tx(f'validate.q.{group.question}')}[/] {escape(heading)}")
    for c in group.comments:
        text = c.text if len(c.text) <= COMMENT_CHARS else c.text[:COMMENT_CHARS] + "…"
        mark = done.get((c.answer_id, c.question))
        applied = f" [green]{tx('cli.validate.results.applied', kind=mark.kind)}[/]" if mark else ""
        out.say(f"  #{c.answer_id} ({t(f'validate.role.{c.role}')}, {c.lang}) "
                f"{escape(text)}{applied}")


@validate_app.command("checks", help=h("cli.validate.checks.help"))
@handle_errors
def checks_command(
    build: BuildOpt = None,
    no_holdout: Annotated[bool, typer.Option("--no-holdout",
                                             help=h("cli.validate.opt.no_holdout"))] = False,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.track import get_version
    from personakit.validate import data_checks, list_rounds, summarise_round

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.validate.checks.progress"), total=None)
        version = get_version(ws, build)
        checks = data_checks(ws, version.id, holdout=not no_holdout)
        rounds = [r for r in list_rounds(ws) if r.build_id == version.id]
        summary = summarise_round(ws, rounds[0].id) if rounds else None
    data = {"build_id": version.id, **checks.model_dump(mode="json"),
            "round": summary.model_dump(mode="json") if summary else None}
    out.result(data, lambda: _show_checks(out, version.id, checks, summary))


def _show_checks(out: Output, build: int, checks: DataChecks,
                 summary: RoundSummary | None) -> None:
    out.say(tx("cli.validate.checks.header", version=build, segmentation=checks.segmentation_id,
               customers=num(checks.customers, 0), stability=num(checks.stability, 2)))
    if checks.holdout is not None:
        ho = checks.holdout
        out.say(tx("cli.validate.checks.holdout", holdout=num(ho.holdout, 0),
                   train=num(ho.train, 0), ari=num(ho.ari, 2), agreement=pct(ho.agreement)))
    elif checks.holdout_note:
        out.say(tx("cli.validate.checks.holdout_failed", reason=checks.holdout_note))
    scores = {p.persona_id: p for p in summary.personas} if summary else {}
    table = Table(*(t(f"cli.validate.col.{c}") for c in (
        "persona", "share", "prevalence", "members_matching", "stability")),
        *(t(f"validate.construct.{c}") for c in BESIDE_CHECKS),
        title=t("cli.validate.checks.title"))
    for p in checks.personas:
        opinion = scores.get(p.persona_id)
        table.add_row(
            escape(f"{p.name} ({p.persona_id})"), pct(p.share),
            with_interval(p.prevalence, p.prevalence_low, p.prevalence_high, pct),
            pct(p.member_share), num(p.stability, 2),
            *(_opinion(opinion, c) for c in BESIDE_CHECKS))
    out.console.print(table)
    if summary is not None:
        out.say(tx("cli.validate.checks.round", round=summary.round_id,
                   submissions=summary.submissions))
    else:
        out.say(tx("cli.validate.checks.no_round", version=build))
    for key in ("prevalence", "holdout", "stability"):
        out.say(tx(f"cli.validate.checks.explain.{key}"))


def _opinion(result: PersonaResult | None, construct: str) -> str:
    score = result.score(construct) if result else None
    if score is None or score.mean is None:
        return DASH
    return with_interval(score.mean, score.ci_low, score.ci_high, lambda v: num(v, 1))


@validate_app.command("apply", help=h("cli.validate.apply.help"))
@handle_errors
def apply_command(
    round_id: RoundArg,
    answer_id: Annotated[int, typer.Argument(help=h("cli.validate.arg.answer"),
                                             show_default=False)],
    question: Annotated[str, typer.Argument(help=h("cli.validate.arg.question"),
                                            show_default=False)],
    kind: Annotated[str, typer.Option("--as", help=h("cli.validate.opt.as"))] = "assumption",
    statement: Annotated[str | None, typer.Option("--statement",
                                                  help=h("cli.validate.opt.statement"),
                                                  show_default=False)] = None,
    text: Annotated[str | None, typer.Option("--text", help=h("cli.validate.opt.text"),
                                             show_default=False)] = None,
    section: Annotated[str | None, typer.Option("--section", help=h("cli.validate.opt.section"),
                                                show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.validate import apply_comment, get_round

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        names = {p.id: p.name for p in get_round(ws, round_id).personas}
        applied = apply_comment(ws, round_id, answer_id, question, kind=kind,  # type: ignore[arg-type]
                                statement_id=statement, text=text, section=section)
    out.result(applied.model_dump(mode="json"), lambda: out.say(tx(
        f"cli.validate.apply.done_{applied.kind}", answer=applied.answer_id,
        question=t(f"validate.q.{applied.question}"), statement=applied.statement_id,
        name=names.get(applied.persona_id, applied.persona_id), persona=applied.persona_id,
        revision=applied.revision)))


@validate_app.command("close", help=h("cli.validate.close.help"))
@handle_errors
def close_command(
    round_id: RoundArg,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.validate import close_round

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        closed = close_round(ws, round_id)
    out.result(closed.model_dump(mode="json", exclude={"archive"}), lambda: out.say(tx(
        "cli.validate.close.done", round=closed.id, submissions=closed.submissions,
        version=closed.build_id)))


@validate_app.command("simulate", help=h("cli.validate.simulate.help"))
@handle_errors
def simulate_command(
    round_id: RoundArg,
    respondents: Annotated[int, typer.Option("--respondents", "-n",
                                             help=h("cli.validate.opt.respondents"))] = 40,
    seed: Annotated[int, typer.Option("--seed", help=h("cli.validate.opt.seed"))] = 42,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.errors import InputError
    from personakit.validate import simulate_round

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    if respondents < 1:
        raise InputError("cli.validate.error.respondents", value=respondents)
    with ws, out.progress() as progress:
        progress.add_task(t("cli.validate.simulate.progress", count=respondents), total=None)
        made = simulate_round(ws, round_id, respondents, seed=seed)
    data: dict[str, Any] = {"round": round_id, "submissions": made, "seed": seed}
    out.result(data, lambda: out.say(tx("cli.validate.simulate.done", count=made,
                                        round=round_id)))
