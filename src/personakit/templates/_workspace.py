"""Which template a workspace (or one of its target groups) uses, and copying one in."""

from __future__ import annotations

import re
from pathlib import Path

from personakit.errors import ConfigError, WorkspaceError
from personakit.model import Segmentation
from personakit.templates._model import SECTION_ID, CanvasTemplate
from personakit.templates._registry import (
    WORKSPACE_DIR,
    builtin_text,
    get_template,
    registered,
    workspace_templates,
)
from personakit.workspace import Workspace


def template_name_for(ws: Workspace, segmentation: Segmentation | None = None) -> str:
    """The template name of *segmentation*'s target group, else ``[workspace] template``.

    A segmentation records its filter, not the group's name: the group whose ``where`` it
    is (alone, or combined with a ``--target`` as ``(where) AND (…)``) decides.
    """
    target = segmentation.target if segmentation is not None else None
    if target:
        for group in ws.config.target_groups.values():
            if group.template and target in (group.where, f"({group.where})") or (
                    group.template and target.startswith(f"({group.where}) AND (")):
                return str(group.template)
    return ws.config.workspace.template


def template_for(ws: Workspace, segmentation: Segmentation | None = None) -> CanvasTemplate:
    """The canvas template personas of *segmentation* are built with."""
    return get_template(template_name_for(ws, segmentation), ws.root)


def use_template(ws: Workspace, name: str, target_group: str | None = None) -> str:
    """Set the workspace's template (or *target_group*'s); returns the name set."""
    get_template(name, ws.root)  # fails on an unknown or broken template before writing
    if target_group is not None and target_group not in ws.config.target_groups:
        raise ConfigError("templates.error.unknown_group", name=target_group,
                          known=", ".join(sorted(ws.config.target_groups)) or "-")
    with ws.transaction() as st:
        doc = st.edit_config()
        if target_group is None:
            doc["workspace"]["template"] = name  # type: ignore[index]
        else:
            doc["target_groups"][target_group]["template"] = name  # type: ignore[index]
    return name


def copy_template(ws: Workspace, name: str, new_name: str | None = None, *,
                  use: bool = False) -> Path:
    """Write built-in template *name* to ``templates/<new_name or name>.toml`` to adapt.

    The copy is read from then on instead of the built-in one of the same name; with
    *use* it also becomes the workspace's template. An existing copy is never overwritten.
    """
    target_name = new_name or name
    if not SECTION_ID.match(target_name):
        raise ConfigError("templates.error.bad_name", name=target_name)
    if name not in registered():
        raise ConfigError("templates.error.unknown", name=name,
                          known=", ".join(registered()))
    if target_name in workspace_templates(ws.root):
        raise WorkspaceError("templates.error.copy_exists",
                             path=str(workspace_templates(ws.root)[target_name]))
    text = builtin_text(name)
    if target_name != name:
        text = re.sub(r'(?m)^name = "[^"]*"', f'name = "{target_name}"', text, count=1)
    relative = f"{WORKSPACE_DIR}/{target_name}.toml"
    with ws.transaction() as st:
        st.file_path(relative).write_text(text, encoding="utf-8")
        if use:
            st.edit_config()["workspace"]["template"] = target_name  # type: ignore[index]
    return ws.root / relative


def init_workspace(path: str | Path, *, language: str = "nl",
                   template: str = "b2c") -> Workspace:
    """``Workspace.init`` with the canvas template set (checked before anything is made)."""
    get_template(template)
    ws = Workspace.init(path, language=language)
    if template != ws.config.workspace.template:
        use_template(ws, template)  # the transaction reloads ws.config
        ws.close()
    return ws
