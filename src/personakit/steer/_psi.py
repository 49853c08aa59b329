"""Population stability index and the share test: plain functions on arrays and frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

EPS = 1e-4  # share floor of an empty bin: keeps the log finite, as is usual for PSI
MAX_LEVELS = 20


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    """PSI of two share vectors over the same bins: sum (a - e) ln(a / e)."""
    e = np.maximum(expected, EPS)
    a = np.maximum(actual, EPS)
    return float(np.sum((a - e) * np.log(a / e)))


def _shares(codes: np.ndarray, bins: int) -> np.ndarray:
    counts = np.bincount(codes, minlength=bins).astype(float)
    return np.asarray(counts / max(counts.sum(), 1.0), dtype=float)


def numeric_psi(before: pd.Series, after: pd.Series, bins: int = 10) -> float:
    """PSI over quantile bins of *before* (plus one bin for missing values)."""
    b = pd.to_numeric(before, errors="coerce").to_numpy(dtype=float)
    a = pd.to_numeric(after, errors="coerce").to_numpy(dtype=float)
    known = b[~np.isnan(b)]
    if len(known) == 0:
        return 0.0
    edges = np.unique(np.quantile(known, np.linspace(0, 1, bins + 1))[1:-1])

    def codes(x: np.ndarray) -> np.ndarray:
        out = np.searchsorted(edges, x, side="right")
        out[np.isnan(x)] = len(edges) + 1
        return out

    size = len(edges) + 2
    return psi(_shares(codes(b), size), _shares(codes(a), size))


def level_psi(before: pd.Series, after: pd.Series) -> float:
    """PSI over the levels of *before* (the 20 most common, the rest and missing)."""
    b = before.astype("string")
    a = after.astype("string")
    levels = list(b.value_counts().index[:MAX_LEVELS])
    other, missing = len(levels), len(levels) + 1

    def codes(x: pd.Series) -> np.ndarray:
        # One hash lookup in C (Series.map on 1M strings took 1.2 s); -1: not a level.
        out = np.array(pd.Index(levels, dtype="string").get_indexer(x), dtype=np.int64)
        out[out < 0] = other
        out[x.isna().to_numpy()] = missing
        return out

    return psi(_shares(codes(b), missing + 1), _shares(codes(a), missing + 1))


def share_test(before: np.ndarray, after_counts: np.ndarray) -> tuple[float, int, float]:
    """Chi-square goodness of fit of the new counts against the old shares: (chi2, df, p)."""
    n = after_counts.sum()
    expected = np.maximum(before, EPS) / np.maximum(before, EPS).sum() * n
    chi2 = float(np.sum((after_counts - expected) ** 2 / expected))
    df = max(len(before) - 1, 1)
    return chi2, df, float(stats.chi2.sf(chi2, df))


def share_change_interval(p1: float, n1: int, p2: float, n2: int) -> tuple[float, float]:
    """95 % interval of p2 - p1 (two independent samples, normal approximation)."""
    se = math.sqrt(p1 * (1 - p1) / max(n1, 1) + p2 * (1 - p2) / max(n2, 1))
    diff = p2 - p1
    return diff - 1.96 * se, diff + 1.96 * se


def cohens_h(p1: float, p2: float) -> float:
    return 2 * math.asin(math.sqrt(min(max(p2, 0), 1))) - 2 * math.asin(
        math.sqrt(min(max(p1, 0), 1)))
