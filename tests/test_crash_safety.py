"""SIGKILL at random moments of import, segment, build and forget: the workspace opens,
passes `personakit check`, and is wholly before or wholly after the command (issue 16).
The benchmark (benchmarks/bench_crash.py) does 100+ kills; this test 20."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._crash import build_template, run_kills

pytestmark = pytest.mark.slow


def test_twenty_kills_leave_every_workspace_whole(tmp_path: Path,
                                                  tmp_path_factory: pytest.TempPathFactory
                                                  ) -> None:
    template = _template(tmp_path_factory)
    outcomes = run_kills(template, tmp_path / "work", per_command=5)
    assert len(outcomes) == 20
    torn = [o for o in outcomes if o.side == "torn" or o.findings]
    assert not torn, torn
    # The kills must land on both sides, or the test proves nothing about the middle.
    assert {o.side for o in outcomes} == {"before", "after"}


@pytest.mark.parametrize(("point", "side"), [("before_commit", "before"),
                                             ("after_commit", "after"),
                                             ("after_moves", "after")])
@pytest.mark.parametrize("kind", ["import", "forget"])
def test_a_crash_at_each_moment_of_the_transaction(tmp_path_factory: pytest.TempPathFactory,
                                                   kind: str, point: str, side: str) -> None:
    """Random kills rarely land in the instant between the database commit and the file
    moves; these land exactly there. Before the commit nothing happened; after it,
    opening the workspace finishes the moves (the journal), so the command happened."""
    import os
    import subprocess

    from personakit.integrity import check_workspace
    from personakit.workspace import Workspace
    from tests._crash import a_key, command, state

    template = _template(tmp_path_factory)
    root = tmp_path_factory.mktemp("point") / "ws"
    import shutil

    shutil.copytree(template, root)
    with Workspace.open(root) as ws:
        key = a_key(ws)
        before = state(ws, key)
    result = subprocess.run(command(kind, root, key), capture_output=True,
                            env={**os.environ, "PERSONAKIT_CRASH_POINT": point})
    assert result.returncode == -9  # killed where asked
    with Workspace.open(root) as ws:
        assert check_workspace(ws).ok
        now = state(ws, key)
    assert (now == before) is (side == "before")
    if kind == "forget":
        assert now[3] == (before[3] if side == "before" else 0)


_TEMPLATES: list[Path] = []


def _template(factory: pytest.TempPathFactory) -> Path:
    if not _TEMPLATES:
        _TEMPLATES.append(build_template(factory.mktemp("crash-template") / "ws"))
    return _TEMPLATES[0]
