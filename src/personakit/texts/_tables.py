"""Record tables of qualitative evidence (created by migration ``0004_texts``)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from personakit.store.tables import metadata

# An analyst's answer to "which profile is this interviewee?" for a document no key links.
text_links = Table(
    "text_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False, index=True),
    Column("document", String(500), nullable=False),
    Column("profile_id", String(100)),
    Column("persona_id", String(100)),
    Column("author", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# Every saved state of a theme run: the run itself is revision 1; a rename, merge or a
# changed canvas section by an analyst saves the next revision (never overwritten).
theme_revisions = Table(
    "theme_revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(64), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("content", JSON, nullable=False),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("run_id", "revision", name="uq_theme_revisions_revision"),
)

# An analyst's code (tag) on a snippet; every change is a new revision of the code.
text_codes = Table(
    "text_codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code_id", String(64), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("item_id", String(500), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("tag", String(200)),
    Column("persona_id", String(100)),
    Column("author", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    UniqueConstraint("code_id", "revision", name="uq_text_codes_revision"),
)
