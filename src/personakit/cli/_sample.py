"""``personakit sample``: write the sample organisation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from personakit.cli import app
from personakit.cli._common import JsonOpt, LangOpt, Output, QuietOpt, h, handle_errors, setup
from personakit.i18n import get_language, t
from personakit.sample import SampleManifest, generate_sample


@app.command("sample", help=h("cli.sample.help"))
@handle_errors
def sample_command(
    directory: Annotated[Path, typer.Argument(help=h("cli.sample.arg.dir"))] = Path(
        "sample-data"
    ),
    customers: Annotated[int, typer.Option(help=h("cli.sample.opt.customers"))] = 20_000,
    seed: Annotated[int, typer.Option(help=h("cli.sample.opt.seed"))] = 42,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
) -> None:
    out, _ = setup(lang, quiet, as_json)
    with out.progress() as progress:
        task = progress.add_task(t("sample.step.members"), total=None)

        def report(description: str, done: int, total: int) -> None:
            progress.update(task, description=description, completed=done, total=total)

        manifest = generate_sample(directory, customers=customers, seed=seed, progress=report)
    out.result(
        {"path": str(directory.resolve()), **manifest.model_dump(mode="json")},
        lambda: _render(out, directory, manifest),
    )


def _render(out: Output, directory: Path, manifest: SampleManifest) -> None:
    out.say(t("sample.written", organisation=manifest.organisation,
              customers=manifest.customers, seed=manifest.seed, path=directory))
    table = Table(show_edge=False)
    for key in ("sample.table.file", "sample.table.source", "sample.table.rows",
                "sample.table.description"):
        table.add_column(t(key))
    lang = get_language()
    for entry in manifest.files:
        rows = f"{entry.rows:,}".replace(",", "." if lang == "nl" else ",")
        table.add_row(entry.path, entry.source or "", rows,
                      entry.description.get(lang, entry.description["en"]))
    out.console.print(table)
    out.say(t("sample.next", path=directory))
