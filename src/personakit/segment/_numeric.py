"""Numbers, counts and dates: the transforms of numeric variables, how whole numbers
become counts (per value, or binned at quantiles) and how dates become days since 1970.

Split from ``_encode.py`` (issue 16); used by the encoder and by the level parsers (a count
is a categorical variable whose levels come from numbers).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from personakit.segment._variables import SKEW_LIMIT

# Whole non-negative numbers whose 99th percentile is at most 15 (complaints, breakdowns,
# household size) are counts: modelled per value ("0", "1", ..., "15+") rather than by a
# Gaussian, which cannot fit a pile of zeros and made BIC add spurious profiles
# (docs/segmentation-method.md).
COUNT_MAX = 15
# Larger whole numbers that are skewed or pile up on one value (contacts per year, visits,
# tenure in whole years) are binned into at most this many ranges at the data's quantiles
# ("0", "1-2", "3-5", ..., "40+"): a Gaussian, even on the log scale, gives the pile of
# zeros a profile of its own, which is the count version of a scale's ceiling.
COUNT_BINS = 8
PILE_SHARE = 0.05


def _signed_log(values: np.ndarray) -> np.ndarray:
    return np.asarray(np.sign(values) * np.log1p(np.abs(values)))


def _skew(values: np.ndarray) -> float:
    centred = values - values.mean()
    sd = float(np.sqrt(np.mean(centred**2)))
    return float(np.mean(centred**3) / sd**3) if sd > 0 else 0.0


def _whole_numbers(values: np.ndarray) -> np.ndarray | None:
    """The finite values when all are whole numbers >= 0 (a count), else ``None``."""
    finite = values[np.isfinite(values)]
    if finite.size == 0 or finite.min() < 0 or not np.all(finite == np.round(finite)):
        return None
    return np.asarray(finite, dtype=np.float64)


def _count_cap(values: np.ndarray) -> int | None:
    finite = _whole_numbers(values)
    if finite is None:
        return None
    cap = int(np.quantile(finite, 0.99))
    return max(cap, 1) if cap <= COUNT_MAX else None


def _count_edges(values: np.ndarray) -> list[float] | None:
    """Lower edges of the ranges a large skewed or piled-up count is binned into, or
    ``None`` for a number a Gaussian fits (age, income in whole euros)."""
    finite = _whole_numbers(values)
    if finite is None:
        return None
    top_share = float(np.unique(finite, return_counts=True)[1].max() / finite.size)
    if abs(_skew(finite)) <= SKEW_LIMIT and top_share < PILE_SHARE:
        return None
    cuts = np.quantile(finite, np.linspace(0, 1, COUNT_BINS + 1)[1:-1], method="lower")
    edges = sorted({float(finite.min()), *(float(c) + 1 for c in cuts)})
    edges = [e for e in edges if e <= finite.max()]
    return edges if len(edges) >= 2 else None


def _binned_level(value: Any, edges: list[float]) -> str | None:
    number = _number_of(value)
    if number is None or number < 0:
        return None
    i = max(int(np.searchsorted(edges, number, side="right")) - 1, 0)
    low = int(edges[i])
    if i == len(edges) - 1:
        return f"{low}+"
    high = int(edges[i + 1]) - 1
    return str(low) if high <= low else f"{low}-{high}"


def _number_of(value: Any) -> float | None:
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def _count_level(value: Any, cap: int) -> str | None:
    number = _number_of(value)
    if number is None or number < 0:
        return None
    return f"{cap}+" if number >= cap else str(int(round(number)))


def _scalar_date(value: Any) -> float:
    from datetime import datetime

    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                parsed = datetime.strptime(text[:10], fmt)
            except ValueError:
                continue
            return (parsed - datetime(1970, 1, 1)).total_seconds() / 86400.0
    stamp = pd.to_datetime(value, errors="coerce", utc=True, dayfirst=True)
    if pd.isna(stamp):
        return float("nan")
    return float((stamp - pd.Timestamp("1970-01-01", tz="UTC")).total_seconds() / 86400.0)


def _date_values(series: pd.Series, reference: pd.Timestamp | None) -> tuple[np.ndarray, None]:
    """Days since 1970: a date column becomes a number (recency, tenure)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        dates = pd.to_datetime(series, utc=True)
    else:
        # Dutch exports write 31-12-2025: day first, unless the text is ISO (2025-12-31).
        text = series.astype("string")
        iso = text.str.match(r"^\s*\d{4}-").fillna(False).to_numpy(dtype=bool)
        dates = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]")
        for fmt, rows in (("%Y-%m-%d", iso), ("%d-%m-%Y", ~iso), ("%d/%m/%Y", ~iso)):
            todo = rows & dates.isna().to_numpy() & text.notna().to_numpy()
            if todo.any():
                dates[todo] = pd.to_datetime(text[todo].str.slice(0, 10), errors="coerce",
                                             utc=True, format=fmt)
        rest = dates.isna().to_numpy() & text.notna().to_numpy()
        if rest.any():  # anything else, one by one (slow, but rare)
            dates[rest] = pd.to_datetime(text[rest], errors="coerce", utc=True, dayfirst=True,
                                         format="mixed")
    days = (dates - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds() / 86400.0
    return days.to_numpy(dtype=np.float64, na_value=np.nan), None
