"""The record tables (SQLAlchemy Core). Bulk data lives in Parquet snapshots, not here.

Schema changes go through an Alembic migration in ``store/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# One immutable Parquet snapshot of one source; the id is the content hash of the Parquet data.
snapshots = Table(
    "snapshots",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source", String(200), nullable=False, index=True),
    Column("file_hash", String(64), nullable=False),
    Column("original_path", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("columns", JSON, nullable=False),
    Column("dialect", JSON, nullable=False),
    Column("key", String(200)),
    Column("rejects", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", "file_hash", name="uq_snapshots_source_file"),
)

# A segmentation on one lens of one target group; its profiles are the customer profiles.
segmentations = Table(
    "segmentations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("target", Text),
    Column("lens", JSON, nullable=False),
    Column("settings", JSON, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("k", Integer, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("scores", JSON, nullable=False),
    Column("stability", JSON, nullable=False),
    Column("model_path", Text, nullable=False),
    Column("assignments_path", Text, nullable=False),
    Column("is_current", Boolean, nullable=False, default=True),
)

profiles = Table(
    "profiles",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("segmentation_id", ForeignKey("segmentations.id", ondelete="CASCADE"), nullable=False),
    Column("index", Integer, nullable=False),
    Column("name_nl", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("share", Float, nullable=False),
    Column("explanation", JSON, nullable=False),
)

# A build of personas: one version of the whole set, with what it was made from.
persona_builds = Table(
    "persona_builds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("segmentation_id", String(64), nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("settings", JSON, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("note", Text),
)

# Every saved state of one persona; (persona_id, revision) is unique, so two concurrent
# saves from the same base revision cannot both win (optimistic concurrency, issue 5).
persona_versions = Table(
    "persona_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("persona_id", String(100), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("build_id", ForeignKey("persona_builds.id"), nullable=False),
    Column("profile_id", String(100), nullable=False),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),
    UniqueConstraint("persona_id", "revision", name="uq_persona_versions_revision"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("language", String(2), nullable=False, default="nl"),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(100), nullable=False),
    Column("subject", Text),
    Column("detail", JSON),
    # Hash chain (issue 16): SHA-256 of the previous entry's digest and this entry; an
    # entry erased for the GDPR keeps its digest and is marked, so the chain still holds.
    Column("digest", String(64)),
    Column("erased", Boolean, nullable=False, default=False),
)

# Transactions between their database commit and their file moves (crash safety): a row
# here means "committed; finish the moves in .journal/ID.json" (workspace/_journal.py).
workspace_journal = Table(
    "workspace_journal",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

# The erasure register (issue 16): the salted SHA-256 of every erased key, never the key,
# so that restoring a backup made before the erasure erases the person again.
erasures = Table(
    "erasures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("reference", String(64), nullable=False),
    Column("digest", String(64), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Small workspace-wide values (the erasure register's salt).
workspace_meta = Table(
    "workspace_meta",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# Answers to a persona validation questionnaire (process step 7).
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("persona_id", String(100), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("respondent_role", String(50)),
    Column("answers", JSON, nullable=False),
)
