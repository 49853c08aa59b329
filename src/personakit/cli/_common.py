"""Shared pieces of every command: options, output (Rich or JSON) and error handling."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from personakit.errors import PersonakitError
from personakit.i18n import check_language, set_language, t
from personakit.workspace import Workspace

P = ParamSpec("P")
R = TypeVar("R")


def help_lang() -> str:
    """Language of ``--help`` texts: ``PERSONAKIT_LANG`` or English (help is built at import)."""
    try:
        return check_language(os.environ.get("PERSONAKIT_LANG", "en"))
    except ValueError:
        return "en"


def h(key: str) -> str:
    """A help text through the translation layer."""
    return t(key, help_lang())


WorkspaceOpt = Annotated[
    Path,
    typer.Option("--workspace", "-w", help=h("cli.opt.workspace"), show_default=False),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help=h("cli.opt.lang"), show_default=False)
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help=h("cli.opt.quiet"))]
JsonOpt = Annotated[bool, typer.Option("--json", help=h("cli.opt.json"))]


@dataclass
class Output:
    """Where a command talks: Rich for people, one JSON document for scripts."""

    quiet: bool = False
    as_json: bool = False
    console: Console = field(default_factory=lambda: Console(highlight=False))
    errors: Console = field(default_factory=lambda: Console(stderr=True, highlight=False))

    def say(self, message: str) -> None:
        if not (self.quiet or self.as_json):
            self.console.print(message, soft_wrap=True)  # paths must stay copyable

    def result(self, data: Any, render: Callable[[], None] | None = None) -> None:
        """Print *data* as JSON with ``--json``, otherwise call *render* (unless quiet)."""
        if self.as_json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        elif render is not None and not self.quiet:
            render()

    @contextmanager
    def progress(self) -> Iterator[Progress]:
        """Rich progress bars; silent under ``--quiet`` or ``--json``."""
        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.errors,
            disable=self.quiet or self.as_json,
            transient=True,
        )
        with progress:
            yield progress


def setup(lang: str | None, quiet: bool = False, as_json: bool = False,
          workspace: Path | None = None) -> tuple[Output, Workspace | None]:
    """Open the workspace (if given) and set the language: ``--lang`` or its default."""
    out = Output(quiet=quiet, as_json=as_json)
    ws = Workspace.open(workspace) if workspace is not None else None
    chosen = lang or (ws.language if ws else None) or os.environ.get("PERSONAKIT_LANG") or "en"
    try:
        set_language(chosen)
    except ValueError as exc:
        raise PersonakitError("core.error.language", value=chosen) from exc
    return out, ws


def open_workspace(lang: str | None, quiet: bool, as_json: bool,
                   workspace: Path) -> tuple[Output, Workspace]:
    """:func:`setup` for commands that need a workspace."""
    out, ws = setup(lang, quiet, as_json, workspace)
    assert ws is not None
    return out, ws


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a :class:`PersonakitError` into a clear message and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PersonakitError as exc:
            if kwargs.get("as_json"):
                sys.stdout.write(json.dumps(exc.to_dict(), ensure_ascii=False) + "\n")
            else:
                Console(stderr=True, highlight=False).print(
                    f"[bold red]{t('core.error.prefix')}:[/] {exc.message()}", markup=True,
                    soft_wrap=True,
                )
            raise typer.Exit(1) from exc

    return wrapper
