"""validation rounds, drift checks and the PDCA log (issue 13)

Revision ID: 0002_validate
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_validate"
down_revision = "0001"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "validation_rounds",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("build_id", sa.Integer(), nullable=False),
        sa.Column("personas", sa.JSON(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        _ts("created_at", False),
        sa.Column("created_by", sa.String(200), nullable=False),
        _ts("expires_at", False),
        sa.Column("max_answers_per_link", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        _ts("closed_at"),
        sa.Column("closed_by", sa.String(200), nullable=True),
        sa.Column("archive", sa.JSON(), nullable=True),
        sa.Column("signing_key", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_validation_rounds")),
    )
    op.create_index("ix_validation_rounds_build_id", "validation_rounds", ["build_id"])
    op.create_table(
        "validation_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.String(32), nullable=False),
        sa.Column("nonce_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("max_answers", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        _ts("created_at", False),
        sa.ForeignKeyConstraint(["round_id"], ["validation_rounds.id"], ondelete="CASCADE",
                                name=op.f("fk_validation_links_round_id_validation_rounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_validation_links")),
        sa.UniqueConstraint("nonce_hash", name=op.f("uq_validation_links_nonce_hash")),
    )
    op.create_index("ix_validation_links_round_id", "validation_links", ["round_id"])
    op.create_table(
        "validation_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.String(32), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("submission", sa.String(32), nullable=False),
        sa.Column("persona_id", sa.String(100), nullable=False),
        sa.Column("respondent_role", sa.String(20), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        _ts("created_at", False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["validation_rounds.id"], ondelete="CASCADE",
                                name=op.f("fk_validation_answers_round_id_validation_rounds")),
        sa.ForeignKeyConstraint(["link_id"], ["validation_links.id"], ondelete="CASCADE",
                                name=op.f("fk_validation_answers_link_id_validation_links")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_validation_answers")),
    )
    op.create_index("ix_validation_answers_round_id", "validation_answers", ["round_id"])
    op.create_table(
        "validation_applied",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.String(32), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(40), nullable=False),
        sa.Column("persona_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("statement_id", sa.String(100), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        _ts("at", False),
        sa.ForeignKeyConstraint(["round_id"], ["validation_rounds.id"], ondelete="CASCADE",
                                name=op.f("fk_validation_applied_round_id_validation_rounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_validation_applied")),
    )
    op.create_index("ix_validation_applied_round_id", "validation_applied", ["round_id"])
    op.create_table(
        "drift_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _ts("at", False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("baseline_snapshot", sa.String(64), nullable=False),
        sa.Column("current_snapshot", sa.String(64), nullable=False),
        sa.Column("segmentation_id", sa.String(64), nullable=False),
        sa.Column("build_id", sa.Integer(), nullable=True),
        sa.Column("out_of_date", sa.Boolean(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(10), nullable=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        _ts("decided_at"),
        sa.Column("decision_build", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drift_checks")),
    )
    op.create_index("ix_drift_checks_at", "drift_checks", ["at"])
    op.create_table(
        "pdca_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("persona_id", sa.String(100), nullable=False),
        sa.Column("kpi", sa.String(200), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        _ts("planned_at", False),
        sa.Column("planned_by", sa.String(200), nullable=False),
        sa.Column("start_period", sa.String(20), nullable=False),
        _ts("done_at"),
        sa.Column("done_by", sa.String(200), nullable=True),
        sa.Column("done_period", sa.String(20), nullable=True),
        sa.Column("check", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pdca_actions")),
    )
    op.create_index("ix_pdca_actions_persona_id", "pdca_actions", ["persona_id"])


def downgrade() -> None:
    for name in ("pdca_actions", "drift_checks", "validation_applied", "validation_answers",
                 "validation_links", "validation_rounds"):
        op.drop_table(name)
