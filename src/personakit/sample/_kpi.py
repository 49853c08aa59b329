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


# -- a later export (issue 13): drift and per-customer KPIs --------------------------------
FOLLOWUP_MONTHS = 6
FOLLOWUP_FIRST = np.datetime64("2026-02")
# Online purchase (conversion) per month, by segment (order of sg.SEGMENTS).
CONVERSION_P = np.array([0.06, 0.04, 0.01, 0.05, 0.05])
REFERENCE = np.datetime64("2026-01-31")  # the CRM's reference date (sample._crm)
SURVEYED_P = 0.2  # share of members asked for satisfaction and NPS in a month
ACTION_SEGMENT = 0  # the digital commuters get a better app from month 3 on ...
ACTION_MONTH = 3
ACTION_EFFECT = 0.4  # ... which lifts their satisfaction by 0.4 (seed 002: 7.5 -> 8)


def followup_members(rng: np.random.Generator, members: pd.DataFrame,
                     change: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members six months later, members who left). *change* 0 is the same club with
    only natural turnover; 1 is the drift the demo shows: a sixth of the seniors leave,
    12 % new members (urban starters and digital commuters), app use up by half."""
    from personakit.sample._crm import build_members

    seg = members["segment"].to_numpy()
    leave = rng.random(len(members)) < 0.01 + change * 0.15 * (seg == 2)
    stay = members.loc[~leave].copy()
    stay["app"] = rng.poisson(stay["app"].to_numpy() * (1 + 0.5 * change))
    wanted = int(round(len(members) * (0.01 + 0.12 * change)))
    drawn = build_members(rng, max(wanted * 4, 10))
    mix = np.isin(drawn["segment"].to_numpy(), (0, 4)) if change > 0 else np.ones(len(drawn),
                                                                                   bool)
    recruits = drawn.loc[mix].head(wanted).copy()
    tenure = rng.uniform(0.0, 0.5, len(recruits))
    recruits["tenure"] = tenure
    recruits["lid_sinds"] = REFERENCE - (tenure * 365.25).astype("timedelta64[D]")
    start = int(members["klantnummer"].max())
    recruits["klantnummer"] = start + np.cumsum(rng.integers(1, 25, size=len(recruits)))
    return pd.concat([stay, recruits], ignore_index=True), members.loc[leave]


def customer_kpi_frame(rng: np.random.Generator, members: pd.DataFrame, left: pd.DataFrame,
                       months: int = FOLLOWUP_MONTHS) -> pd.DataFrame:
    """One row per member per month: satisfaction and NPS (when surveyed), revenue, churn
    (1 in the month a member left) and conversion (an online purchase)."""
    everyone = pd.concat([members.assign(_left=-1), left.assign(
        _left=rng.integers(0, months, len(left)))], ignore_index=True)
    n = len(everyone)
    month = np.tile(np.arange(months), n)
    row = np.repeat(np.arange(n), months)
    gone = everyone["_left"].to_numpy()[row]
    active = (gone < 0) | (month <= gone)
    row, month = row[active], month[active]
    seg = everyone["segment"].to_numpy()[row]
    lift = np.where((seg == ACTION_SEGMENT) & (month >= ACTION_MONTH), ACTION_EFFECT, 0.0)
    satisfaction = np.clip(rng.normal(sg.SATISFACTION_MEAN[seg] + lift, 0.9), 1, 10)
    surveyed = rng.random(len(row)) < SURVEYED_P
    nps = np.clip(np.rint(satisfaction + rng.normal(0.6, 1.1, len(row))), 0, 10)
    revenue = everyone["revenue"].to_numpy()[row] / 12 * rng.lognormal(0, 0.15, len(row))
    frame = pd.DataFrame({
        "klantnummer": everyone["klantnummer"].to_numpy()[row],
        "maand": (FOLLOWUP_FIRST + month).astype(str),
        "tevredenheid": np.where(surveyed, np.round(satisfaction, 1), np.nan),
        "nps": pd.array(np.where(surveyed, nps, np.nan), dtype="Int64"),
        "omzet": np.round(revenue, 2),
        "opgezegd": (gone[active] == month).astype(int),
        "conversie": (rng.random(len(row)) < CONVERSION_P[seg]).astype(int),
    })
    return frame.sort_values(["maand", "klantnummer"], kind="stable").reset_index(drop=True)


def write_customer_kpi(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="utf-8-sig",
                 lineterminator="\r\n", float_format="%.2f", na_rep="")
