"""The hard core (80/20): which share of customers brings 80 % of the value."""

from __future__ import annotations

from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel

from personakit.errors import InputError

CURVE_POINTS = 100


class ValueCurve(BaseModel):
    """The Pareto view of one value column.

    Parameters
    ----------
    column
        The value column (e.g. yearly revenue).
    n
        Customers in the target group (missing or negative values count as 0).
    total
        Sum of the value.
    core_share
        Share of customers (most valuable first) that together bring ``value_share`` of it.
    core_size
        Number of customers in that hard core.
    threshold
        Smallest value inside the hard core.
    points
        ``(customer share, value share)`` pairs of the curve, from (0, 0) to (1, 1).
    """

    column: str
    n: int
    total: float
    value_share: float
    core_share: float
    core_size: int
    threshold: float
    points: list[tuple[float, float]]


def pareto(values: pd.Series | np.ndarray, column: str, value_share: float = 0.8) -> ValueCurve:
    """The curve and hard core of *values* (missing and negative values count as 0)."""
    raw = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=np.float64)
    clean = np.where(np.isfinite(raw) & (raw > 0), raw, 0.0)
    total = float(clean.sum())
    if clean.size == 0 or total <= 0:
        raise InputError("segment.error.no_value", column=column)
    ordered = np.sort(clean)[::-1]
    cumulative = np.cumsum(ordered) / total
    core = int(np.searchsorted(cumulative, value_share - 1e-12) + 1)
    idx = np.unique(np.linspace(0, clean.size - 1, CURVE_POINTS).round().astype(int))
    points = [(0.0, 0.0)] + [
        (float((i + 1) / clean.size), float(cumulative[i])) for i in idx
    ]
    return ValueCurve(column=column, n=int(clean.size), total=total, value_share=value_share,
                      core_share=core / clean.size, core_size=core,
                      threshold=float(ordered[core - 1]), points=points)


def hard_core_mask(values: pd.Series | np.ndarray, value_share: float = 0.8) -> np.ndarray:
    """Rows of the most valuable customers who together bring *value_share* of the value."""
    raw = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=np.float64)
    clean = np.where(np.isfinite(raw) & (raw > 0), raw, 0.0)
    total = clean.sum()
    mask = np.zeros(clean.size, dtype=bool)
    if total <= 0:
        return mask
    order = np.argsort(-clean, kind="stable")
    core = int(np.searchsorted(np.cumsum(clean[order]) / total, value_share - 1e-12) + 1)
    mask[order[:core]] = True
    return mask


def write_svg(curve: ValueCurve, path: Path, title: str, x_label: str, y_label: str) -> Path:
    """A self-contained SVG of the curve with the hard core marked (no scripts, no fonts)."""
    w, h, m = 480, 320, 48
    px = [(m + x * (w - 2 * m), h - m - y * (h - 2 * m)) for x, y in curve.points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in px)
    cx = m + curve.core_share * (w - 2 * m)
    cy = h - m - curve.value_share * (h - 2 * m)
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" \
viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">
<title>{escape(title)}</title>
<rect width="{w}" height="{h}" fill="#ffffff"/>
<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="#333"/>
<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="#333"/>
<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{m}" stroke="#bbb" stroke-dasharray="4 4"/>
<polyline points="{line}" fill="none" stroke="#1f6feb" stroke-width="2"/>
<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx:.1f}" y2="{h - m}" stroke="#d1242f" \
stroke-dasharray="3 3"/>
<line x1="{m}" y1="{cy:.1f}" x2="{cx:.1f}" y2="{cy:.1f}" stroke="#d1242f" stroke-dasharray="3 3"/>
<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#d1242f"/>
<text x="{cx + 6:.1f}" y="{cy + 16:.1f}" fill="#d1242f">{curve.core_share:.0%} \u2192 \
{curve.value_share:.0%}</text>
<text x="{w / 2}" y="{h - 12}" text-anchor="middle">{escape(x_label)}</text>
<text x="14" y="{h / 2}" text-anchor="middle" transform="rotate(-90 14 {h / 2})">\
{escape(y_label)}</text>
<text x="{w / 2}" y="24" text-anchor="middle" font-size="14">{escape(title)}</text>
</svg>
"""
    path.write_text(svg, encoding="utf-8")
    return path
