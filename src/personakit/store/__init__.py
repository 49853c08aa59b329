"""Storage of records (SQL through SQLAlchemy 2; SQLite by default, PostgreSQL for teams)."""

from personakit.store.db import create_db_engine, migrate

__all__ = ["create_db_engine", "migrate"]
