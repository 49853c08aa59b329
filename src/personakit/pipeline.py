"""The whole job in one call: sample data (or your files) → personas → report."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from personakit.workspace import CONFIG_NAME, Workspace

Step = Callable[[str], None]


@dataclass
class PipelineResult:
    """Where the results of a pipeline run are."""

    workspace: Path
    reports: dict[str, Path] = field(default_factory=dict)
    personas: int = 0
    profiles: int = 0
    themes: int = 0
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    steering: SteeringDemo | None = None
    journey: JourneyDemo | None = None


@dataclass
class JourneyDemo:
    """What the demo's journey stage did (issue 12)."""

    name: str = ""
    revision: int = 0
    sessions: int = 0
    actions: int = 0
    top: str = ""  # the first quick win, in the workspace language


@dataclass
class SteeringDemo:
    """What the demo's steering stage did (issue 13)."""

    round_id: str = ""
    answers: int = 0
    drift_check: int | None = None
    out_of_date: bool = False
    reasons: list[str] = field(default_factory=list)
    kpi_source: str = ""
    actions: list[int] = field(default_factory=list)


def open_or_init(path: Path, language: str, template: str = "b2c") -> Workspace:
    """The workspace in *path*, created (with canvas *template*) if it is not one yet."""
    if (path / CONFIG_NAME).exists():
        return Workspace.open(path)
    if template != "b2c":
        from personakit.templates import init_workspace

        return Workspace.open(init_workspace(path, language=language, template=template).root)
    return Workspace.init(path, language=language)


def run_demo(
    path: str | Path,
    *,
    customers: int = 20_000,
    seed: int = 42,
    language: str = "nl",
    formats: tuple[str, ...] = ("html", "pdf", "journey-pdf", "pptx", "json"),
    step: Step | None = None,
    steer: bool = True,
    template: str = "b2c",
) -> PipelineResult:
    """Generate the sample organisation in ``path/sample-data`` and run the whole pipeline.

    *template* ``employee`` (issue 14) generates the club's employees instead (HR export and
    employee survey; *customers* is then the number of employees) and builds employee
    personas; ``b2b`` its business customers' contacts (CRM and customer survey) and
    ``citizen`` a municipality's clients (client records and intake questionnaire), with
    *customers* the number of contacts or clients. Validation, drift and journeys are the
    customer demo's and are skipped for these.

    With *steer* (the default) the personas are then put to work as issue 13 describes: a
    validation round with generated answers, the club's export six months later (which
    makes the personas out of date), KPIs per customer per month, and a plan-do-check-act
    action per persona; and the customer journey per persona is drafted from the web
    analytics export, with where each persona drops off and what to do about it (saved as
    the journey's first revision, so the web app's editors start from it). The reports
    show all of it.

    A second run reuses the sample and the imports (importing the same file is a no-op),
    so only segmentation, synthesis and the report are redone.
    """
    root = Path(path).resolve()
    sample_dir = root / "sample-data"
    manifest_path = sample_dir / "sample.json"
    say = step or (lambda _msg: None)
    if not _sample_is_current(manifest_path, customers, seed, template):
        say("sample")
        _generate(sample_dir, customers, seed, template)
    ws = open_or_init(root, language, template)
    with ws:
        result = run_pipeline(ws, manifest_path, formats=(), step=say, language=language)
        if steer and template == "b2c":
            result.steering = run_steering_demo(ws, sample_dir, step=say)
            result.journey = run_journey_demo(ws, step=say)
        write_reports(ws, result, formats=formats, step=say, language=language)
        return result


DEMO_TEMPLATES = ("b2c", "b2b", "employee", "citizen")  # templates with a sample organisation


def _generate(sample_dir: Path, customers: int, seed: int, template: str) -> None:
    from personakit.sample import generate_sample

    if template == "employee":
        from personakit.sample._employees import generate_employee_sample

        generate_employee_sample(sample_dir, employees=customers, seed=seed)
    elif template == "b2b":
        from personakit.sample._b2b import generate_b2b_sample

        generate_b2b_sample(sample_dir, contacts=customers, seed=seed)
    elif template == "citizen":
        from personakit.sample._citizens import generate_citizen_sample

        generate_citizen_sample(sample_dir, clients=customers, seed=seed)
    elif template == "b2c":
        generate_sample(sample_dir, customers=customers, seed=seed)
    else:
        from personakit.errors import ConfigError

        raise ConfigError("templates.error.no_sample", name=template,
                          known=", ".join(DEMO_TEMPLATES))


def _sample_is_current(manifest_path: Path, customers: int, seed: int,
                       template: str = "b2c") -> bool:
    if not manifest_path.is_file():
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return bool(manifest.get("customers") == customers and manifest.get("seed") == seed
                and manifest.get("template", "b2c") == template)


def run_pipeline(
    ws: Workspace,
    manifest_path: Path,
    *,
    formats: tuple[str, ...] = ("html",),
    step: Step | None = None,
    language: str | None = None,
) -> PipelineResult:
    """Import every file of a manifest, then :func:`run_workspace`."""
    from personakit.ingest import import_file

    say = step or (lambda _msg: None)
    result = PipelineResult(workspace=ws.root)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if not entry.get("source"):
            continue
        say(f"import:{entry['source']}")
        imported = import_file(
            ws,
            manifest_path.parent / entry["path"],
            name=entry["source"],
            key=entry.get("key"),
            link=None if entry.get("key") else entry.get("customer_column"),
            kind=entry.get("kind"), competitor=entry.get("competitor"),
        )
        (result.imported if imported.created else result.unchanged).append(entry["source"])
    _sample_labels(ws, manifest.get("labels") or {})
    return run_workspace(ws, formats=formats, step=say, language=language, result=result)


def _sample_labels(ws: Workspace, labels: dict[str, dict[str, dict[str, str]]]) -> None:
    """A sample's column labels into ``[sources.NAME.labels]``; labels already there (the
    user's) are kept."""
    import tomlkit

    sources = ws.config.sources
    missing = {source: {c: v for c, v in columns.items() if c not in sources[source].labels}
               for source, columns in labels.items() if source in sources}
    if not any(missing.values()):
        return
    with ws.transaction() as st:
        doc = st.edit_config()
        for source, columns in missing.items():
            entry = doc["sources"][source]  # type: ignore[index]
            table = entry.setdefault("labels", tomlkit.table())  # type: ignore[union-attr]
            for column, label in columns.items():
                table[column] = tomlkit.inline_table()
                table[column].update(label)


def run_workspace(
    ws: Workspace,
    *,
    formats: tuple[str, ...] = ("html",),
    step: Step | None = None,
    language: str | None = None,
    result: PipelineResult | None = None,
) -> PipelineResult:
    """Segment the imported sources, build personas and write the reports."""
    from personakit.persona import build_personas
    from personakit.segment import segment_workspace

    say = step or (lambda _msg: None)
    result = result or PipelineResult(workspace=ws.root)
    say("segment")
    segmentation = segment_workspace(ws)
    result.profiles = len(segmentation.profiles)
    # Interviews, reviews and open answers become themes, read by the build (issue 11).
    from personakit.texts import refresh_themes

    say("themes")
    themes = refresh_themes(ws, segmentation=segmentation)
    result.themes = len(themes.themes) if themes is not None else 0
    say("build")
    version = build_personas(ws, segmentation)
    result.personas = len(version.personas)
    return write_reports(ws, result, formats=formats, step=say, language=language)


def write_reports(ws: Workspace, result: PipelineResult, *, formats: tuple[str, ...],
                  step: Step | None = None, language: str | None = None) -> PipelineResult:
    """Write the report of the current personas in every format of *formats*."""
    from personakit.report import default_file_name, render

    say = step or (lambda _msg: None)
    lang = language or ws.language
    for fmt in formats:
        say(f"report:{fmt}")
        out = ws.reports_dir / default_file_name(fmt, lang)
        result.reports[fmt] = render(ws, fmt, lang=lang, out=out)
    return result


# The demo's follow-up: the club six months on, and what it did for each persona.
DEMO_RESPONDENTS = 40
DEMO_ACTION_KPI = "tevredenheid"
DEMO_ACTION_PERIOD = "2026-05"
DEMO_TARGET_STEP = 0.3  # seed 002: satisfaction 7.5 -> 8 took a year; a quarter's step


def run_steering_demo(ws: Workspace, sample_dir: Path, *,
                      step: Step | None = None) -> SteeringDemo:
    """Validate, drift, KPIs and PDCA on the sample organisation (see :func:`run_demo`).

    Safe to run again: an existing round of the current version, imported follow-up files
    and planned actions are reused, not repeated.
    """
    from personakit.ingest import import_file
    from personakit.sample._generate import generate_followup
    from personakit.steer import check_after_import, list_drift_checks

    say = step or (lambda _msg: None)
    done = SteeringDemo()
    say("validate")
    done.round_id, done.answers = _demo_round(ws)
    say("followup")
    files = generate_followup(sample_dir, sample_dir / "followup", change=1.0)
    import_file(ws, files["kpi"], name="kpi_klanten", link="klantnummer", kpi=True)
    import_file(ws, files["crm"], name="crm", key="klantnummer")
    say("drift")
    report = check_after_import(ws, "crm", actor="demo") or next(iter(list_drift_checks(ws)),
                                                                  None)
    if report is not None:
        done.drift_check, done.out_of_date = report.id, report.out_of_date
        done.reasons = list(report.reasons)
    say("kpi")
    done.kpi_source = "kpi_klanten"
    done.actions = _demo_actions(ws, done.kpi_source)
    return done


def _demo_round(ws: Workspace) -> tuple[str, int]:
    """A closed round on the current version with generated answers from 40 people."""
    from personakit.track import get_version
    from personakit.validate import close_round, list_rounds, simulate_round, start_round

    version = get_version(ws)
    existing = [r for r in list_rounds(ws) if r.build_id == version.id]
    if existing:
        return existing[0].id, existing[0].submissions
    found = start_round(ws, title="Demo", audience="mixed", actor="demo")
    answers = simulate_round(ws, found.id, DEMO_RESPONDENTS, seed=ws.config.workspace.seed,
                             actor="demo")
    close_round(ws, found.id, actor="demo")
    return found.id, answers


def _demo_actions(ws: Workspace, source: str) -> list[int]:
    """Per persona, one action on satisfaction: planned, done in May, checked."""
    from personakit.i18n import t
    from personakit.steer import (
        check_action,
        kpi_trends,
        list_actions,
        plan_action,
        record_done,
    )
    from personakit.track import current_personas

    trends = kpi_trends(ws, source)
    first = trends.periods[0] if trends.periods else None
    planned = {a.persona_id for a in list_actions(ws)}
    made = []
    for persona in current_personas(ws):
        if persona.id in planned:
            continue
        series = trends.of(DEMO_ACTION_KPI, persona.id)
        before = series.value(first) if series is not None and first else None
        if before is None:
            continue
        action = plan_action(ws, persona.id, DEMO_ACTION_KPI, round(before + DEMO_TARGET_STEP, 1),
                             t("pipeline.demo_action", ws.language, name=persona.name),
                             start_period=first, source=source, actor="demo")
        record_done(ws, action.id, period=DEMO_ACTION_PERIOD, actor="demo")
        check_action(ws, action.id, source=source, actor="demo")
        made.append(action.id)
    return made


def run_journey_demo(ws: Workspace, *, step: Step | None = None) -> JourneyDemo | None:
    """The journey per persona from the web analytics export: funnel, where to act, and the
    journey with its drafted entries saved as revision 1 (kept when it already exists)."""
    from personakit.errors import PersonakitError
    from personakit.journey import (
        fill_journey,
        funnel_report,
        get_journey,
        save_journey,
        where_to_act,
    )

    say = step or (lambda _msg: None)
    say("journey")
    try:
        journey = get_journey(ws)
    except PersonakitError:  # no analytics export: nothing to draw a journey from
        return None
    report = funnel_report(ws, journey)
    actions = where_to_act(ws, report, journey)
    if journey.revision == 0:
        journey = save_journey(ws, fill_journey(ws, journey, report, actions),
                               base_revision=0, author="demo")
    top = actions[0].action.get(ws.language, "") if actions else ""
    return JourneyDemo(name=journey.name, revision=journey.revision, sessions=report.sessions,
                       actions=len(actions), top=top)
