"""The CLI reference (docs/cli.md), generated from the commands themselves."""

from __future__ import annotations

from typing import Any

import typer

from personakit.cli import app

HEADER = """# CLI reference

Generated from the commands' own help by `make docs`; a test keeps it in sync.
Every command takes `--workspace/-w DIR` (default: the current folder) where it works on a
workspace, `--lang nl|en`, `--quiet` and `--json` for scripts. Help in Dutch:
`PERSONAKIT_LANG=nl personakit --help`.
"""


def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    # Typer ships its own copy of click, so groups are recognised by their `commands`.
    found: list[tuple[str, Any]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        if command.hidden:
            continue
        full = f"{prefix} {name}"
        if getattr(command, "commands", None) is not None:
            found.extend(_commands(command, full))
        else:
            found.append((full, command))
    return found


def all_commands() -> list[tuple[str, Any]]:
    """Every leaf command as (``personakit name ...``, command)."""
    return _commands(typer.main.get_command(app), "personakit")


def _param_line(param: Any) -> str:
    if param.param_type_name == "option":
        names = ", ".join(f"`{o}`" for o in param.opts + param.secondary_opts)
        help_text = (param.help or "").replace("\n", " ")
        default = "" if param.default in (None, False, "") else f" (default: `{param.default}`)"
        return f"- {names}: {help_text}{default}"
    help_text = (getattr(param, "help", None) or "").replace("\n", " ")
    return f"- `{str(param.name).upper()}` (argument): {help_text}"


def render_cli_reference() -> str:
    parts = [HEADER]
    for name, command in all_commands():
        parts.append(f"\n## `{name}`\n\n{(command.help or '').strip()}\n")
        params = [p for p in command.params if p.name != "help"]
        if params:
            parts.append("\n" + "\n".join(_param_line(p) for p in params) + "\n")
    return "".join(parts)


def main() -> None:
    import sys

    sys.stdout.write(render_cli_reference())


if __name__ == "__main__":
    main()
