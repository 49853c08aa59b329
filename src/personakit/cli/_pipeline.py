"""``personakit demo`` and ``personakit run``: the whole job end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
from personakit.i18n import format_count, get_language, t
from personakit.pipeline import PipelineResult, run_demo, run_workspace

FormatsOpt = Annotated[str, typer.Option("--formats", help=h("cli.opt.formats"))]


@app.command("demo", help=h("cli.demo.help"))
@handle_errors
def demo_command(
    directory: Annotated[Path, typer.Argument(help=h("cli.demo.arg.dir"))] = Path(
        "demo-workspace"
    ),
    customers: Annotated[int | None, typer.Option(help=h("cli.demo.opt.customers"),
                                                  show_default="20000")] = None,
    seed: Annotated[int, typer.Option(help=h("cli.demo.opt.seed"))] = 42,
    formats: FormatsOpt = "html,pdf,journey-pdf,pptx,json",
    template: Annotated[str, typer.Option("--template",
                                          help=h("templates.cli.demo.opt.template"))] = "b2c",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, _ = setup(lang or "nl", quiet, as_json)
    with out.progress() as progress:
        task = progress.add_task(t("pipeline.step.start"), total=None)

        def step(name: str) -> None:
            progress.update(task, description=_step_text(name))

        result = run_demo(
            directory,
            customers=customers or DEMO_PEOPLE.get(template, 20_000),
            seed=seed,
            language=get_language(),
            formats=_formats(formats) if template == "b2c" else _without_journey(formats),
            step=step,
            template=template,
        )
    _report(out, result)


@app.command("run", help=h("cli.run.help"))
@handle_errors
def run_command(
    workspace: WorkspaceOpt = Path("."),
    formats: FormatsOpt = "html",
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as progress:
        task = progress.add_task(t("pipeline.step.start"), total=None)
        result = run_workspace(
            ws,
            formats=_formats(formats),
            language=get_language(),
            step=lambda name: progress.update(task, description=_step_text(name)),
        )
    _report(out, result)


# The template demos' organisations (issue 14): a mid-size employer, its fleet customers'
# contacts, a municipality's clients on welfare.
DEMO_PEOPLE = {"b2c": 20_000, "employee": 600, "b2b": 800, "citizen": 1_200}


def _without_journey(value: str) -> tuple[str, ...]:
    """Only the b2c sample has web analytics, so the others get no journey poster."""
    return tuple(f for f in _formats(value) if f != "journey-pdf")


def _formats(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _step_text(name: str) -> str:
    kind, _, detail = name.partition(":")
    return t(f"pipeline.step.{kind}", detail=detail)


def _report(out: Output, result: PipelineResult) -> None:
    data = {
        "workspace": str(result.workspace),
        "profiles": result.profiles,
        "personas": result.personas,
        "themes": result.themes,
        "imported": result.imported,
        "unchanged": result.unchanged,
        "reports": {fmt: str(path) for fmt, path in result.reports.items()},
    }
    steering = result.steering
    if steering is not None:
        data["steering"] = {"round": steering.round_id, "answers": steering.answers,
                            "drift_check": steering.drift_check,
                            "out_of_date": steering.out_of_date, "reasons": steering.reasons,
                            "kpi_source": steering.kpi_source, "actions": steering.actions}

    journey = result.journey
    if journey is not None:
        data["journey"] = {"name": journey.name, "revision": journey.revision,
                           "sessions": journey.sessions, "actions": journey.actions}

    def render() -> None:
        out.say(t("pipeline.done", personas=result.personas, profiles=result.profiles))
        if result.themes:
            out.say(t("pipeline.themes", themes=result.themes))
        if steering is not None:
            state = t("pipeline.out_of_date" if steering.out_of_date else "pipeline.up_to_date")
            out.say(t("pipeline.steering", round=steering.round_id, answers=steering.answers,
                      check=steering.drift_check or "-", state=state,
                      actions=len(steering.actions)))
        if journey is not None:
            out.say(t("pipeline.journey", name=journey.name, revision=journey.revision,
                      sessions=format_count(journey.sessions, get_language()),
                      actions=journey.actions, top=journey.top or "-"))
        for fmt, path in result.reports.items():
            out.say(t("pipeline.report", fmt=fmt.upper(), path=path))
        if "html" in result.reports:
            out.say(t("pipeline.open", uri=result.reports["html"].as_uri()))
        out.say(t("pipeline.next", workspace=result.workspace))

    out.result(data, render)
