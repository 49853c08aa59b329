"""The minimum group size: no persona, statistic or quote rests on fewer people."""

from __future__ import annotations

from personakit.workspace import Workspace

DEFAULT_MIN_GROUP_SIZE = 10


def min_group_size(ws: Workspace | None) -> int:
    """The workspace's ``[workspace] min_group_size`` (default 10)."""
    return ws.config.workspace.min_group_size if ws is not None else DEFAULT_MIN_GROUP_SIZE


def large_enough(n: int | float | None, minimum: int) -> bool:
    """Whether a group of *n* people may be shown (unknown sizes may not)."""
    return n is not None and n >= minimum


def share_count(share: float, n: int) -> int:
    """How many people a share of a group of *n* stands for."""
    return int(round(share * n))
