"""Shared fixtures."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from personakit.i18n import set_language
from personakit.workspace import Workspace


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.init(tmp_path / "ws", language="en")
    yield ws
    ws.close()


def tree_fingerprint(root: Path) -> dict[str, str]:
    """Content hash of every file below *root*: for 'the workspace stays as it was'."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a real PostgreSQL server started for this test session."""
    from tests.postgres import running_postgres

    with running_postgres() as url:
        yield url
