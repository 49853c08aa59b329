"""Plain data models passed between pipeline stages."""

from personakit.model._data import ColumnInfo, ColumnRole, SnapshotInfo
from personakit.model._persona import Evidence, Persona, PersonaVersion, Quote, Statement
from personakit.model._segment import (
    Assignment,
    CustomerProfile,
    KScore,
    Segmentation,
    VariableEffect,
)

__all__ = [
    "Assignment",
    "ColumnInfo",
    "ColumnRole",
    "CustomerProfile",
    "Evidence",
    "KScore",
    "Persona",
    "PersonaVersion",
    "Quote",
    "Segmentation",
    "SnapshotInfo",
    "Statement",
    "VariableEffect",
]
