"""customer journeys per persona, versioned (issue 12)

Revision ID: 0003_journeys
Revises: 0002_validate
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_journeys"
down_revision = "0002_validate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_revisions")),
        sa.UniqueConstraint("name", "revision", name="uq_journey_revisions_revision"),
    )
    op.create_index("ix_journey_revisions_name", "journey_revisions", ["name"])


def downgrade() -> None:
    op.drop_index("ix_journey_revisions_name", table_name="journey_revisions")
    op.drop_table("journey_revisions")
