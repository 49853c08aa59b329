"""Record tables of drift checks and the plan-do-check-act log (migration ``0002_validate``)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
)

from personakit.store.tables import metadata

# One comparison of a source's newest snapshot with the one the personas were built on,
# and the analyst's decision at the review gate.
drift_checks = Table(
    "drift_checks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("source", String(200), nullable=False),
    Column("baseline_snapshot", String(64), nullable=False),
    Column("current_snapshot", String(64), nullable=False),
    Column("segmentation_id", String(64), nullable=False),
    Column("build_id", Integer),
    Column("out_of_date", Boolean, nullable=False),
    Column("report", JSON, nullable=False),
    Column("decision", String(10)),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    Column("decision_build", Integer),
)

# One planned action on one persona's KPI: plan (target), do (done_at), check (before/after).
pdca_actions = Table(
    "pdca_actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("persona_id", String(100), nullable=False, index=True),
    Column("kpi", String(200), nullable=False),
    Column("target", Float, nullable=False),
    Column("action", Text, nullable=False),
    Column("planned_at", DateTime(timezone=True), nullable=False),
    Column("planned_by", String(200), nullable=False),
    Column("start_period", String(20), nullable=False),
    Column("done_at", DateTime(timezone=True)),
    Column("done_by", String(200)),
    Column("done_period", String(20)),
    Column("check", JSON),
    Column("note", Text),
)
