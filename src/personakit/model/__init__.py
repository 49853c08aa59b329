"""Plain data models passed between pipeline stages."""

from personakit.model._data import ColumnInfo, ColumnRole, SnapshotInfo

__all__ = ["ColumnInfo", "ColumnRole", "SnapshotInfo"]
