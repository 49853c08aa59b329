"""Canvas templates by name, registered the same way for built-ins and plugins.

A workspace's own ``templates/NAME.toml`` (written by ``personakit template copy``) comes
before a registered template of the same name, so a user adapts a built-in template by
copying it and editing the copy.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from personakit.errors import ConfigError
from personakit.templates._model import CanvasTemplate, parse_template, read_template

BUILTIN = ("b2c", "b2b", "employee", "citizen")
WORKSPACE_DIR = "templates"
DEFAULT_TEMPLATE = "b2c"

_registry: dict[str, CanvasTemplate] = {}


def register_template(template: CanvasTemplate, *, replace: bool = False) -> CanvasTemplate:
    """Make *template* available by its name (a plugin's or a built-in one)."""
    if template.name in _registry and not replace:
        raise ValueError(f"canvas template {template.name!r} is already registered")
    _registry[template.name] = template
    return template


def builtin_text(name: str) -> str:
    """The TOML text of a built-in template (what ``template copy`` writes)."""
    return (resources.files("personakit.templates") / f"{name}.toml").read_text(
        encoding="utf-8")


def _register_builtins() -> None:
    for name in BUILTIN:
        if name not in _registry:
            data = tomllib.loads(builtin_text(name))
            register_template(parse_template(data, f"personakit/templates/{name}.toml"))


def registered() -> dict[str, CanvasTemplate]:
    """Every registered template by name (built-ins first)."""
    _register_builtins()
    return dict(_registry)


def workspace_templates(root: Path | None) -> dict[str, Path]:
    """The workspace's own template files by name."""
    folder = root / WORKSPACE_DIR if root is not None else None
    if folder is None or not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def template_names(root: Path | None = None) -> list[str]:
    """Every template name a workspace can use: registered, then its own."""
    names = list(registered())
    return names + [n for n in workspace_templates(root) if n not in names]


def get_template(name: str = DEFAULT_TEMPLATE, root: Path | None = None) -> CanvasTemplate:
    """The template *name*: the workspace's own copy if it has one, else the registered one."""
    own = workspace_templates(root).get(name)
    if own is not None:
        template = read_template(own)
        if template.name != name:
            raise ConfigError("templates.error.name_mismatch", file=str(own), name=template.name,
                              expected=name)
        return template
    found = registered().get(name)
    if found is None:
        raise ConfigError("templates.error.unknown", name=name,
                          known=", ".join(template_names(root)))
    return found
