"""Workspaces: configuration, record database and immutable data snapshots."""

from personakit.workspace._workspace import CONFIG_NAME, Staging, Workspace
from personakit.workspace.config import (
    Hypothesis,
    Lens,
    SourceConfig,
    TargetGroup,
    WorkspaceConfig,
    WorkspaceSettings,
)

__all__ = [
    "CONFIG_NAME",
    "Hypothesis",
    "Lens",
    "SourceConfig",
    "Staging",
    "TargetGroup",
    "Workspace",
    "WorkspaceConfig",
    "WorkspaceSettings",
]
