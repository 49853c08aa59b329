"""crash-safe transactions (journal) and a hash-chained audit log (issue 16)

Revision ID: 0005_crash_safety
Revises: 0004_texts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_crash_safety"
down_revision = "0004_texts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace_journal",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_journal")),
    )
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("digest", sa.String(64), nullable=True))
        batch.add_column(sa.Column("erased", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("erased")
        batch.drop_column("digest")
    op.drop_table("workspace_journal")
