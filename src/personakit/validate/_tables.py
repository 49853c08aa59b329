"""Record tables of validation rounds (created by migration ``0002_validate``)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table, Text

from personakit.store.tables import metadata

# One questionnaire round on one persona version (a build), open until closed or expired.
validation_rounds = Table(
    "validation_rounds",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("build_id", Integer, nullable=False, index=True),
    Column("personas", JSON, nullable=False),
    Column("title", Text, nullable=False),
    Column("audience", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("max_answers_per_link", Integer, nullable=False),
    Column("status", String(10), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_by", String(200)),
    Column("archive", JSON),
    # Signing key of this round's links (hex); never leaves the database.
    Column("signing_key", String(64), nullable=False),
)

# One shareable link; only a hash of its random part is stored.
validation_links = Table(
    "validation_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", ForeignKey("validation_rounds.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("nonce_hash", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("max_answers", Integer, nullable=False),
    Column("answers", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# One respondent's answers about one persona (a submission covers every persona of a round).
validation_answers = Table(
    "validation_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", ForeignKey("validation_rounds.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("link_id", ForeignKey("validation_links.id", ondelete="CASCADE"), nullable=False),
    Column("submission", String(32), nullable=False),
    Column("persona_id", String(100), nullable=False),
    Column("respondent_role", String(20), nullable=False),
    Column("lang", String(2), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("answers", JSON, nullable=False),
)

# A comment of a round turned into an edit or an assumption on the persona's next revision.
validation_applied = Table(
    "validation_applied",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("round_id", ForeignKey("validation_rounds.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("answer_id", Integer, nullable=False),
    Column("question", String(40), nullable=False),
    Column("persona_id", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("statement_id", String(100), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("author", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
