"""The ``personakit`` command: a thin adapter over the library."""

from __future__ import annotations

import typer

from personakit.cli._common import h

app = typer.Typer(
    name="personakit",
    help=h("cli.app.help"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Group mode even while only one command is registered."""


# Each module registers its commands on `app`.
from personakit.cli import (  # noqa: E402
    _check,
    _ingest,
    _journey,
    _kpi,
    _persona,
    _pipeline,
    _privacy,
    _sample,
    _segment,
    _steer,
    _templates,
    _texts,
    _themes,
    _validate,
    _web,
    _workspace,
)

__all__ = ["app", "main"]
_registered = (_check, _workspace, _ingest, _segment, _persona, _web, _pipeline, _sample, _privacy,
               _validate, _steer, _kpi, _journey, _texts, _themes, _templates)


def main() -> None:
    app()
