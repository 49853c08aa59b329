"""qualitative evidence: document links, theme revisions, codes (issue 11)

Revision ID: 0004_texts
Revises: 0003_journeys
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_texts"
down_revision = "0003_journeys"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "text_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("document", sa.String(500), nullable=False),
        sa.Column("profile_id", sa.String(100), nullable=True),
        sa.Column("persona_id", sa.String(100), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        _ts("at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_links")),
    )
    op.create_index("ix_text_links_source", "text_links", ["source"])
    op.create_table(
        "theme_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_revisions")),
        sa.UniqueConstraint("run_id", "revision", name="uq_theme_revisions_revision"),
    )
    op.create_index("ix_theme_revisions_run_id", "theme_revisions", ["run_id"])
    op.create_table(
        "text_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code_id", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(500), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("tag", sa.String(200), nullable=True),
        sa.Column("persona_id", sa.String(100), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        _ts("created_at"),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_codes")),
        sa.UniqueConstraint("code_id", "revision", name="uq_text_codes_revision"),
    )
    op.create_index("ix_text_codes_code_id", "text_codes", ["code_id"])
    op.create_index("ix_text_codes_item_id", "text_codes", ["item_id"])


def downgrade() -> None:
    for name in ("text_codes", "theme_revisions", "text_links"):
        op.drop_table(name)
