"""Record tables of customer journeys (created by migration ``0003_journeys``)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, UniqueConstraint

from personakit.store.tables import metadata

# Every saved state of one journey; (name, revision) is unique, so two saves from the same
# base revision cannot both win (optimistic concurrency, as persona_versions).
journey_revisions = Table(
    "journey_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("content", JSON, nullable=False),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("name", "revision", name="uq_journey_revisions_revision"),
)
