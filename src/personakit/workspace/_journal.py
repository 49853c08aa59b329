"""Crash safety of a workspace transaction: a journal of file moves around the commit.

A transaction writes its files under temporary names (``.staging-PID-*``) beside their
targets. Before the database commits, a journal file lists the moves (temporary name →
target, and files to remove afterwards) and a row with the journal's id is written in the
same database transaction. The commit is the point of no return:

- killed **before** the commit: no row; recovery removes the temporary files and the
  journal — the workspace is as it was before;
- killed **after** the commit: the row is there; recovery finishes the moves and removals —
  the workspace is as it is after.

Recovery runs when a workspace is opened (:func:`recover`), and also removes staging files
of processes that no longer run. A journal of a process that still runs is left alone: its
transaction may be in flight.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select

from personakit.store.tables import workspace_journal

JOURNAL_DIR = ".journal"
STAGING = ".staging-"
# The crash-safety tests kill a command at an exact moment of its transaction with
# PERSONAKIT_CRASH_POINT=before_commit|after_commit|after_moves (tests/test_crash_safety.py).
CRASH_POINT = "PERSONAKIT_CRASH_POINT"


def crash_point(name: str) -> None:
    """Die here, as a power cut would, when the crash tests ask for this moment."""
    if os.environ.get(CRASH_POINT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def staging_prefix() -> str:
    """Prefix of this process's temporary files: recovery knows whose they are."""
    return f"{STAGING}{os.getpid()}-"


def staging_file(directory: Path, suffix: str = "") -> Path:
    """A new, empty temporary file in *directory* with this process's prefix."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=staging_prefix(), suffix=suffix)
    os.close(fd)
    return Path(name)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


@dataclass
class Journal:
    """The moves and removals of one transaction, written down before it commits."""

    root: Path
    id: str
    moves: list[tuple[Path, Path]]
    removals: list[Path] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.root / JOURNAL_DIR / f"{self.id}.json"

    def _relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def write(self, connection: Connection) -> None:
        """The journal file (synced to disk) and its row, inside the open transaction."""
        folder = self.root / JOURNAL_DIR
        folder.mkdir(exist_ok=True)
        data = {"id": self.id, "pid": os.getpid(),
                "moves": [[self._relative(a), self._relative(b)] for a, b in self.moves],
                "removals": [self._relative(p) for p in self.removals]}
        tmp = staging_file(folder, ".json")
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(folder)
        for tmp_file, _ in self.moves:  # the staged files too: they must survive a crash
            _fsync_file(tmp_file)
        connection.execute(insert(workspace_journal).values(id=self.id, at=datetime.now(UTC)))

    def apply(self) -> None:
        """Roll forward: every move and removal (each at most once; safe to repeat)."""
        for tmp, target in self.moves:
            if tmp.exists():
                os.replace(tmp, target)
        for directory in {target.parent for _, target in self.moves}:
            _fsync_dir(directory)
        for old in self.removals:
            old.unlink(missing_ok=True)

    def discard(self) -> None:
        """Roll back: the staged files and the journal file go."""
        for tmp, _ in self.moves:
            tmp.unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)

    def finish(self, engine: Engine) -> None:
        """After the roll forward: the row and the file go."""
        with engine.begin() as con:
            con.execute(delete(workspace_journal).where(workspace_journal.c.id == self.id))
        self.path.unlink(missing_ok=True)


def _fsync_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_journal(root: Path, moves: list[tuple[Path, Path]],
                removals: list[Path] | None = None) -> Journal:
    return Journal(root=root, id=secrets.token_hex(8), moves=moves, removals=removals or [])


def _load(root: Path, path: Path) -> tuple[Journal, int] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        moves = [(root / a, root / b) for a, b in data["moves"]]
        removals = [root / p for p in data.get("removals", [])]
        return Journal(root, str(data["id"]), moves, removals), int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a journal torn by the crash itself: it never committed


def recover(root: Path, engine: Engine) -> list[str]:
    """Finish or undo the transactions a crash interrupted; remove dead processes' staging
    files. Returns what was done (``forward:ID``, ``back:ID``, ``staging:PATH``)."""
    done: list[str] = []
    folder = root / JOURNAL_DIR
    if folder.is_dir():
        with engine.connect() as con:
            committed = set(con.execute(select(workspace_journal.c.id)).scalars())
        for path in sorted(folder.glob("*.json")):
            loaded = _load(root, path)
            if loaded is None:
                path.unlink(missing_ok=True)
                continue
            journal, pid = loaded
            if journal.id in committed:
                journal.apply()
                journal.finish(engine)
                done.append(f"forward:{journal.id}")
            elif not _alive(pid):
                journal.discard()
                done.append(f"back:{journal.id}")
    done += [f"staging:{p}" for p in remove_dead_staging(root)]
    return done


def staging_files(root: Path) -> list[Path]:
    """Every temporary file of a transaction under the workspace."""
    found = []
    for directory, _dirs, files in os.walk(root):
        found += [Path(directory) / f for f in files if f.startswith(STAGING)]
    return found


def _owner(path: Path) -> int | None:
    parts = path.name[len(STAGING):].split("-", 1)
    return int(parts[0]) if parts and parts[0].isdigit() else None


def remove_dead_staging(root: Path) -> list[str]:
    """Remove staging files whose process no longer runs (an old unnamed one included)."""
    removed = []
    for path in staging_files(root):
        owner = _owner(path)
        if owner is None or not _alive(owner):
            path.unlink(missing_ok=True)
            removed.append(path.relative_to(root).as_posix())
    return removed
