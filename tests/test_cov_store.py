"""The schema's migrations: every revision goes down as cleanly as it came up, and the
``alembic`` command line (for writing new revisions) works on its own database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from personakit.store.db import alembic_config, create_db_engine, migrate
from personakit.store.tables import metadata


def _tables(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_every_migration_is_reversible(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'records.db'}"
    engine = create_db_engine(url)
    try:
        migrate(engine)
        assert set(inspect(engine).get_table_names()) >= set(metadata.tables)
        cfg = alembic_config()
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        migrate(engine)  # and up again, from nothing
        assert set(inspect(engine).get_table_names()) >= set(metadata.tables)
    finally:
        engine.dispose()


def test_alembic_command_line_uses_its_own_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    cfg = alembic_config()
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "heads")  # no connection handed over: env.py makes its own
    assert _tables(url) >= set(metadata.tables)
