"""A real, throw-away PostgreSQL server for tests (Debian's binaries, loopback only)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; Debian's package creates the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def running_postgres() -> Iterator[str]:
    """Start a server in a temporary folder; yield its SQLAlchemy URL; stop and remove it."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL binaries not found (`make test` installs them)")
    root = Path(tempfile.mkdtemp(prefix="personakit-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    try:
        subprocess.run(
            _as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "personakit",
                             "--auth=trust", "-E", "UTF8", "--no-sync"]),
            check=True, capture_output=True,
        )
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l",
                             str(root / "log"), "-o",
                             f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
                             "start"]),
            check=True, capture_output=True,
        )
        url = f"postgresql+psycopg://personakit@127.0.0.1:{port}/postgres"
        _wait(port)
        yield url
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                 "stop"]),
                capture_output=True,
            )
        shutil.rmtree(root, ignore_errors=True)


def _wait(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not start on port {port}")
