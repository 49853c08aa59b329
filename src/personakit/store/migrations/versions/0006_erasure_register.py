"""the erasure register and workspace values (issue 16)

Revision ID: 0006_erasure_register
Revises: 0005_crash_safety
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_erasure_register"
down_revision = "0005_crash_safety"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
    )
    op.create_index("ix_erasures_digest", "erasures", ["digest"])
    op.create_table(
        "workspace_meta",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_workspace_meta")),
    )


def downgrade() -> None:
    op.drop_table("workspace_meta")
    op.drop_table("erasures")
