"""``describe_source``: what is known per column, without ever showing personal data."""

from __future__ import annotations

from typing import Any

import pandas as pd

from personakit.ingest._sources import load_source, source_columns
from personakit.model import ColumnInfo, ColumnRole
from personakit.workspace import Workspace

TOP_LEVELS = 10


def describe_source(ws: Workspace, source: str) -> list[ColumnInfo]:
    """Per column: role, missing share, distinct values and a distribution summary.

    Personal-data columns get counts only, never values (not even the most common one).
    """
    frame = load_source(ws, source)
    out = []
    for info in source_columns(ws, source):
        col = info.model_copy(deep=True)
        if col.name in frame.columns:
            series = frame[col.name]
            col.missing_share = float(series.isna().mean()) if len(series) else 0.0
            col.n_unique = int(series.nunique(dropna=True))
            col.summary = summarize(series, col)
        out.append(col)
    return out


def summarize(series: pd.Series, info: ColumnInfo) -> dict[str, Any]:
    """The distribution summary fitting the column's role."""
    present = series.dropna()
    base: dict[str, Any] = {"count": int(len(present)), "missing": int(series.isna().sum())}
    role = info.role
    if role.is_personal or role == ColumnRole.IDENTIFIER:
        return {**base, "distinct": int(present.nunique())}
    if role == ColumnRole.TEXT:
        lengths = present.astype(str).str.len()
        return {**base, "length": _quantiles(lengths)}
    if role == ColumnRole.DATE:
        dates = pd.to_datetime(present, errors="coerce")
        return {**base, "min": _iso(dates.min()), "max": _iso(dates.max())}
    if role == ColumnRole.NUMERIC and pd.api.types.is_numeric_dtype(series.dtype):
        return {**base, **_quantiles(pd.to_numeric(present, errors="coerce"))}
    if role == ColumnRole.MULTISELECT and info.separator:
        parts = present.astype(str).str.split(info.separator).explode().str.strip()
        return {**base, "options": _shares(parts[parts != ""], len(present))}
    levels = _shares(present.astype(str), len(present))
    if role == ColumnRole.ORDINAL and info.levels:
        order = {level: i for i, level in enumerate(info.levels)}
        levels = sorted(levels, key=lambda e: order.get(e["value"], len(order)))
    return {**base, "top": levels}


def _quantiles(values: pd.Series) -> dict[str, Any]:
    if values.empty:
        return {}
    q = values.quantile([0.0, 0.25, 0.5, 0.75, 1.0]).tolist()
    return {"min": _num(q[0]), "q1": _num(q[1]), "median": _num(q[2]), "q3": _num(q[3]),
            "max": _num(q[4]), "mean": _num(values.mean())}


def _num(value: Any) -> float:
    return round(float(value), 4)


def _iso(value: Any) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _shares(values: pd.Series, total: int) -> list[dict[str, Any]]:
    counts = values.value_counts().head(TOP_LEVELS)
    return [{"value": str(v), "count": int(c), "share": round(int(c) / total, 4) if total else 0}
            for v, c in counts.items()]
