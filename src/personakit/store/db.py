"""Engine creation and migrations."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

SQLITE_POOL_SIZE = 40


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the web app read while a build writes; synchronous=FULL because a persona
    # version that was reported saved must survive a power cut (issue 2).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for *url*; SQLite connections get WAL, FULL sync and foreign keys."""
    if url.startswith("sqlite"):
        # Connections are kept for the web app's worker threads ([settings.web]
        # worker_threads): with the default pool of 5 every busy request opened and closed a
        # fresh connection, a fifth of a persona page's time under load
        # (benchmarks/bench_web.py). A SQLite connection is cheap, so beyond the pool there
        # is no limit (no request ever waits for a connection).
        engine = create_engine(url, connect_args={"check_same_thread": False},
                               pool_size=SQLITE_POOL_SIZE, max_overflow=-1)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("personakit.store") / "migrations"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the database schema to the newest revision."""
    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")
