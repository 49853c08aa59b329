"""``personakit import``, ``sources``, ``describe`` and ``link``: thin adapters over ingest."""

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
    QuietOpt,
    WorkspaceOpt,
    h,
    handle_errors,
    open_workspace,
)
from personakit.cli._steer import warning_line
from personakit.errors import PersonakitError
from personakit.i18n import get_language, t
from personakit.ingest import (
    describe_source,
    import_file,
    link_report,
    list_sources,
)
from personakit.model import ColumnInfo
from personakit.persona._labels import Label, workspace_labels

if TYPE_CHECKING:  # the steering core loads scipy: imported where it is used
    from personakit.steer import DriftReport
    from personakit.workspace import Workspace

_STEPS = {"read": 0, "store": 60, "done": 100}


@app.command("import", help=h("cli.import.help"))
@handle_errors
def import_command(
    file: Annotated[Path, typer.Argument(help=h("cli.import.arg.file"), show_default=False)],
    name: Annotated[str | None, typer.Option("--name", help=h("cli.import.opt.name"),
                                             show_default=False)] = None,
    key: Annotated[str | None, typer.Option("--key", help=h("cli.import.opt.key"),
                                            show_default=False)] = None,
    lenient: Annotated[bool, typer.Option("--lenient", help=h("cli.import.opt.lenient"))] = False,
    link: Annotated[str | None, typer.Option("--link", help=h("cli.import.opt.link"),
                                             show_default=False)] = None,
    kpi: Annotated[bool, typer.Option("--kpi", help=h("cli.kpi.opt.import"))] = False,
    kind: Annotated[str | None, typer.Option("--kind", help=h("cli.texts.opt.import_kind"),
                                             show_default=False)] = None,
    competitor: Annotated[str | None, typer.Option(
        "--competitor", help=h("cli.texts.opt.import_competitor"), show_default=False)] = None,
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws, out.progress() as bar:
        task = bar.add_task(t("ingest.step.read", file=file.name), total=100)

        def progress(step: str, _share: float) -> None:
            bar.update(task, completed=_STEPS.get(step, 0),
                       description=t(f"ingest.step.{step}", file=file.name))

        result = import_file(ws, file, name=name, key=key, lenient=lenient, progress=progress,
                             link=link, kpi=kpi, kind=kind, competitor=competitor)
        drift, drift_error = None, None
        if result.created:
            bar.update(task, description=t("cli.drift.check.progress"))
            drift, drift_error = _drift_after_import(ws, result.snapshot.source)
    snap = result.snapshot
    data = {"source": snap.source, "created": result.created, "snapshot": snap.id,
            "rows": snap.rows, "rejects": result.rejects, "dialect": snap.dialect,
            "columns": [_column_json(c) for c in snap.columns],
            "drift": _drift_json(drift, drift_error)}

    def render() -> None:
        if not result.created:
            out.say(_t("ingest.import.unchanged", file=file, source=snap.source))
            return
        out.console.print(_columns_table(snap.columns))
        out.say(_t("ingest.import.dialect", dialect=_dialect_text(snap.dialect)))
        out.say(_t("ingest.import.created", file=file, source=snap.source, rows=snap.rows,
                  columns=len(snap.columns), snapshot=snap.id[:12]))
        if result.rejects:
            rejects = Path(snap.path).with_suffix(".rejects.parquet")
            out.say(_t("ingest.import.rejects", count=result.rejects, path=rejects))
        out.say(_t("ingest.import.override", source=snap.source))
        if drift is not None and drift.out_of_date:
            out.say(warning_line(drift))
        elif drift is not None:
            out.say(_t("cli.drift.import_up_to_date", check=drift.id))
        elif drift_error is not None:
            out.say(_t("cli.drift.import_failed", reason=drift_error.message()))

    out.result(data, render)


def _drift_after_import(ws: Workspace, source: str
                        ) -> tuple[DriftReport | None, PersonakitError | None]:
    """The drift check a new snapshot calls for (issue 13). The import itself has landed,
    so a check that cannot run is reported beside it rather than failing the import."""
    from personakit.steer import check_after_import

    try:
        return check_after_import(ws, source), None
    except PersonakitError as exc:
        return None, exc


def _drift_json(report: DriftReport | None, error: PersonakitError | None) -> dict[str, Any] | None:
    if error is not None:
        return {"error": error.to_dict()}
    if report is None:
        return None
    return {"check": report.id, "out_of_date": report.out_of_date, "reasons": report.reasons,
            "agreement": report.agreement, "build_id": report.build_id}


@app.command("sources", help=h("cli.sources.help"))
@handle_errors
def sources_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    from personakit.steer import drift_status

    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        summaries = list_sources(ws)
        stale = drift_status(ws)

    def render() -> None:
        if not summaries:
            out.say(_t("ingest.sources.none"))
            return
        table = Table()
        for col in ("source", "rows", "columns", "key", "snapshots", "imported"):
            table.add_column(t(f"ingest.col.{col}"))
        for s in summaries:
            table.add_row(s.name, f"{s.rows:,}", str(s.columns), s.key or "-",
                          str(s.snapshots), s.imported_at.strftime("%Y-%m-%d %H:%M"))
        out.console.print(table)
        if stale is not None:
            out.say(warning_line(stale))

    out.result([s.model_dump(mode="json") for s in summaries], render)


@app.command("describe", help=h("cli.describe.help"))
@handle_errors
def describe_command(
    name: Annotated[str, typer.Argument(help=h("cli.describe.arg.name"), show_default=False)],
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        columns = describe_source(ws, name)
        labels = workspace_labels(ws.config)
    shown = get_language()

    def render() -> None:
        table = Table(title=name)
        for col in ("column", "role", "missing", "distinct", "summary"):
            table.add_column(t(f"ingest.col.{col}"))
        table.add_column(t("cli.describe.label"))
        for c in columns:
            table.add_row(escape(c.name), c.role.value, f"{c.missing_share:.0%}",
                          f"{c.n_unique:,}", escape(_summary_text(c)),
                          escape(_label_text(labels(c.name), shown)))
        out.console.print(table)

    out.result([{**_column_json(c), "label": labels(c.name).as_dict()} for c in columns],
               render)


def _label_text(label: Label, lang: str) -> str:
    """The column's label in *lang*; a survey item's statement form after it (issue 10)."""
    text, statement = label.text(lang), label.statement(lang)
    return f"{text} — {statement}" if statement and statement != text else text


@app.command("link", help=h("cli.link.help"))
@handle_errors
def link_command(
    workspace: WorkspaceOpt = Path("."),
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, ws = open_workspace(lang, quiet, as_json, workspace)
    with ws:
        report = link_report(ws)

    def render() -> None:
        if not report.pairs:
            out.say(_t("ingest.link.none"))
            return
        table = Table(title=t("ingest.link.title"))
        for col in ("a", "b", "a_in_b", "b_in_a"):
            table.add_column(t(f"ingest.col.{col}"))
        for p in report.pairs:
            table.add_row(
                p.a, p.b,
                t("ingest.link.share", count=f"{p.a_in_b:,}", total=f"{p.a_keys:,}",
                  share=f"{p.share_a_in_b:.0%}"),
                t("ingest.link.share", count=f"{p.b_in_a:,}", total=f"{p.b_keys:,}",
                  share=f"{p.share_b_in_a:.0%}"),
            )
        out.console.print(table)
        keys = ", ".join(f"{s}.{k}" for s, k in report.keys.items())
        out.say(_t("ingest.link.keys", keys=keys))

    out.result(report.model_dump(mode="json"), render)


# -- rendering helpers ----------------------------------------------------------------------
def _t(key: str, **params: Any) -> str:
    """A message for Rich: ``[sources.crm.roles]`` is text, not markup."""
    return escape(t(key, **params))


def _column_json(info: ColumnInfo) -> dict[str, Any]:
    return info.model_dump(mode="json", exclude_none=True)


def _columns_table(columns: list[ColumnInfo]) -> Table:
    table = Table()
    for col in ("column", "role", "type", "missing", "detail"):
        table.add_column(t(f"ingest.col.{col}"))
    for c in columns:
        table.add_row(escape(c.name), c.role.value, c.dtype, f"{c.missing_share:.0%}",
                      escape(_detail(c)))
    return table


def _detail(info: ColumnInfo) -> str:
    parts = []
    if info.levels:
        parts.append(t("ingest.detail.levels", levels=" < ".join(info.levels)))
    if info.group:
        parts.append(t("ingest.detail.group", group=info.group))
    elif info.options:
        parts.append(t("ingest.detail.options", options=", ".join(info.options[:8])))
    if info.inferred_role is not None:
        parts.append(t("ingest.detail.overridden", role=info.inferred_role.value))
    return "; ".join(parts)


def _dialect_text(dialect: dict[str, Any]) -> str:
    shown = {"\t": "tab", ";": ";", ",": ",", "|": "|"}
    parts = [str(dialect.get("format", ""))]
    for field in ("encoding", "delimiter", "decimal", "thousands", "date_format"):
        value = dialect.get(field)
        if value:
            parts.append(f"{field}={shown.get(str(value), value)}")
    return ", ".join(parts)


def _summary_text(info: ColumnInfo) -> str:
    s = info.summary
    if "top" in s:
        return ", ".join(f"{e['value']} {e['share']:.0%}" for e in s["top"][:5])
    if "options" in s:
        return ", ".join(f"{e['value']} {e['share']:.0%}" for e in s["options"][:5])
    if "median" in s:
        return f"min {s['min']:g} · median {s['median']:g} · mean {s['mean']:g} · max {s['max']:g}"
    if "length" in s and s["length"]:
        return f"length median {s['length']['median']:g}, max {s['length']['max']:g}"
    if "min" in s:
        return f"{s['min']} … {s['max']}"
    return f"{s.get('distinct', '')}"
