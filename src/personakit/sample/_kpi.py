"""Monthly KPIs per product over two years, as a finance/BI export (``;``, decimal comma)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample import _segments as sg

MONTHS = 24
FIRST_MONTH = np.datetime64("2024-02")
# Growth per month by product (order of sg.PRODUCTS): Basis shrinks, the bicycle service grows.
GROWTH = np.array([-0.004, 0.001, 0.002, 0.004, 0.015])


def kpi_frame(rng: np.random.Generator, members: pd.DataFrame) -> pd.DataFrame:
    """Members, satisfaction, NPS, churn and revenue per month and product."""
    product = members["product"].to_numpy()
    seg = members["segment"].to_numpy()
    revenue = members["revenue"].to_numpy()
    rows = []
    months = FIRST_MONTH + np.arange(MONTHS)
    for p, name in enumerate(sg.PRODUCTS):
        mask = product == p
        count = int(mask.sum())
        mix = np.bincount(seg[mask], minlength=len(sg.SEGMENTS)) / max(count, 1)
        satisfaction = float(mix @ sg.SATISFACTION_MEAN)
        churn = float(mix @ sg.CHURN_PCT)
        monthly_revenue = float(revenue[mask].sum()) / 12.0
        for m, month in enumerate(months):
            back = MONTHS - 1 - m
            size = count * (1.0 + GROWTH[p]) ** (-back)
            summer = 1.0 + 0.25 * np.exp(-((m % 12 - 5) ** 2) / 3.0)  # July travel peak
            rows.append({
                "maand": str(month),
                "product": name,
                "leden": int(round(size)),
                "tevredenheid": round(satisfaction + 0.01 * m + rng.normal(0, 0.08), 2),
                "nps": int(round((satisfaction - 6.5) * 30 + rng.normal(0, 2.5))),
                "opzegging_pct": round(max(churn + rng.normal(0, 0.08), 0.05), 2),
                "omzet": round(monthly_revenue * size / max(count, 1) * summer
                               * rng.normal(1.0, 0.02), 2),
            })
    return pd.DataFrame(rows)


def write_kpi(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig",
                 lineterminator="\r\n", float_format="%.2f")
