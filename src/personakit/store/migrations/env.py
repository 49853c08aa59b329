"""Alembic environment: migrations run on the connection personakit hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from personakit.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` command line, for writing new revisions
    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///alembic-dev.db"
    connection = create_engine(url).connect()
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
