"""Models of imported data: column roles, columns, snapshots."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class ColumnRole(StrEnum):
    """What a column is, in the user's words; inferred on import, overridable in the config."""

    IDENTIFIER = "identifier"
    NUMERIC = "numeric"
    CATEGORICAL = "categorical"
    ORDINAL = "ordinal"  # Likert and other ordered answers
    MULTISELECT = "multiselect"  # "app;email;telefoon" in one cell, or a group of 0/1 columns
    TEXT = "text"  # free text: open answers, chat lines
    DATE = "date"
    BOOLEAN = "boolean"
    PII_NAME = "pii_name"
    PII_EMAIL = "pii_email"
    PII_PHONE = "pii_phone"
    PII_BSN = "pii_bsn"
    PII_IBAN = "pii_iban"
    PII_ADDRESS = "pii_address"
    PII_POSTCODE = "pii_postcode"
    PII_BIRTHDATE = "pii_birthdate"  # a date of birth: personal; age is derived from it
    IGNORE = "ignore"

    @property
    def is_personal(self) -> bool:
        """Personal data: never used for segmentation, never shown in a persona or report."""
        return self.value.startswith("pii_")


class ColumnInfo(BaseModel):
    """One column of a snapshot.

    Parameters
    ----------
    name
        Column name as in the file (after trimming).
    role
        Inferred role, or the user's override from ``personakit.toml``.
    dtype
        Arrow type of the stored column.
    inferred_role
        What the importer inferred, kept when the user overrides it.
    levels
        Ordered levels for an ordinal column (low to high).
    options
        Options of a multi-select column.
    group
        For a multi-select stored as a group of 0/1 columns, the group's name.
    missing_share
        Share of missing values, 0..1.
    """

    name: str
    role: ColumnRole
    dtype: str
    inferred_role: ColumnRole | None = None
    levels: list[str] | None = None
    options: list[str] | None = None
    separator: str | None = None
    group: str | None = None
    missing_share: float = 0.0
    n_unique: int = 0
    summary: dict[str, Any] = Field(default_factory=dict)


class SnapshotInfo(BaseModel):
    """An immutable Parquet snapshot of one source, named by its content hash."""

    id: str
    source: str
    file_hash: str
    original_path: str
    path: str
    rows: int
    columns: list[ColumnInfo]
    dialect: dict[str, Any] = Field(default_factory=dict)
    key: str | None = None
    rejects: int = 0
    created_at: datetime

    def column(self, name: str) -> ColumnInfo:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)
