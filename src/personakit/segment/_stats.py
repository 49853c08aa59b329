"""Statistics of a group against the rest: effect sizes, intervals, tests, FDR control.

Means: Cohen's d (pooled SD), a t interval of the group mean and Welch's t test. Shares:
Cohen's h, lift, a Wilson interval and the pooled two-proportion z test. p-values are
corrected with Benjamini-Hochberg over every test of a segmentation. All vectorised over
groups, so 1,000,000 rows cost one pass per variable (tests compare them with scipy and
statsmodels on fixed data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

Z95 = float(stats.norm.ppf(0.975))
# Medians of very large groups are computed on a random sample of this many rows per side:
# they are shown rounded, and an exact median of 1,000,000 rows per variable costs seconds.
MEDIAN_SAMPLE = 200_000


@dataclass
class MeanStats:
    """Per group (arrays of length k): the group against all other rows."""

    n_in: np.ndarray
    n_out: np.ndarray
    mean_in: np.ndarray
    mean_out: np.ndarray
    median_in: np.ndarray
    median_out: np.ndarray
    effect: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    p_value: np.ndarray


@dataclass
class ShareStats:
    """Per group and level (arrays of shape (k, L)): share of the level, group vs rest."""

    n_in: np.ndarray
    n_out: np.ndarray
    share_in: np.ndarray
    share_out: np.ndarray
    effect: np.ndarray
    lift: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    p_value: np.ndarray


def mean_stats(values: np.ndarray, labels: np.ndarray, k: int,
               rng: np.random.Generator | None = None) -> MeanStats:
    """Group vs rest for a numeric variable (NaN = missing, left out)."""
    ok = np.isfinite(values)
    x, g = values[ok].astype(np.float64), labels[ok]
    n_in = np.bincount(g, minlength=k).astype(np.float64)
    s1 = np.bincount(g, weights=x, minlength=k)
    # Sums of squares around the overall mean keep the variance exact for large values.
    centre = float(x.mean()) if x.size else 0.0
    s2 = np.bincount(g, weights=(x - centre) ** 2, minlength=k)
    t1, t2, total = s1.sum(), s2.sum(), float(x.size)
    n_out = total - n_in
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_in, mean_out = s1 / n_in, (t1 - s1) / n_out
        ss_in = s2 - n_in * (mean_in - centre) ** 2
        ss_out = (t2 - s2) - n_out * (mean_out - centre) ** 2
        var_in = np.maximum(ss_in, 0) / (n_in - 1)
        var_out = np.maximum(ss_out, 0) / (n_out - 1)
        pooled = np.sqrt((np.maximum(ss_in, 0) + np.maximum(ss_out, 0)) / (total - 2))
        effect = np.where(pooled > 0, (mean_in - mean_out) / pooled, 0.0)
        se_in = np.sqrt(var_in / n_in)
        half = stats.t.ppf(0.975, np.maximum(n_in - 1, 1)) * se_in
        se = np.sqrt(var_in / n_in + var_out / n_out)
        df = se**4 / ((var_in / n_in) ** 2 / (n_in - 1) + (var_out / n_out) ** 2 / (n_out - 1))
        t = (mean_in - mean_out) / se
        p = np.where(se > 0, 2 * stats.t.sf(np.abs(t), df), 1.0)
    med_in, med_out = _medians(x, g, k, rng or np.random.default_rng(0))
    return MeanStats(n_in, n_out, mean_in, mean_out, med_in, med_out, _clean(effect),
                     _clean(mean_in - half), _clean(mean_in + half), _clean(p, 1.0))


def _medians(x: np.ndarray, g: np.ndarray, k: int,
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    med_in, med_out = np.full(k, np.nan), np.full(k, np.nan)
    for c in range(k):
        inside = g == c
        for target, part in ((med_in, x[inside]), (med_out, x[~inside])):
            if part.size > MEDIAN_SAMPLE:
                part = rng.choice(part, MEDIAN_SAMPLE, replace=False)
            if part.size:
                target[c] = float(np.median(part))
    return med_in, med_out


def share_stats(codes: np.ndarray, labels: np.ndarray, k: int, n_levels: int) -> ShareStats:
    """Group vs rest for every level of a categorical variable (code -1 = missing)."""
    ok = codes >= 0
    table = np.bincount(labels[ok] * n_levels + codes[ok], minlength=k * n_levels)
    counts = table.reshape(k, n_levels).astype(np.float64)
    n_in = counts.sum(axis=1, keepdims=True)
    n_out = n_in.sum() - n_in
    out_counts = counts.sum(axis=0, keepdims=True) - counts
    with np.errstate(divide="ignore", invalid="ignore"):
        p1 = np.where(n_in > 0, counts / n_in, 0.0)
        p2 = np.where(n_out > 0, out_counts / n_out, 0.0)
        effect = 2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p2))
        lift = np.where(p2 > 0, p1 / p2, np.nan)
        pooled = (counts + out_counts) / (n_in + n_out)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
        z = (p1 - p2) / se
        p = np.where(se > 0, 2 * stats.norm.sf(np.abs(z)), 1.0)
    low, high = wilson_interval(counts, np.broadcast_to(n_in, counts.shape))
    shape = counts.shape
    return ShareStats(np.broadcast_to(n_in, shape).copy(), np.broadcast_to(n_out, shape).copy(),
                      p1, p2, _clean(effect), lift, low, high, _clean(p, 1.0))


def wilson_interval(successes: np.ndarray, n: np.ndarray,
                    z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion (as statsmodels' ``method="wilson"``)."""
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, successes / n, 0.0)
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(_clean(centre - half), 0.0, 1.0), np.clip(_clean(centre + half, 1.0), 0.0, 1.0)


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of one proportion (as statsmodels' ``method="wilson"``), the
    one every figure of personakit uses; ``(0, 1)`` when *n* is 0. Clamped so that it
    always holds the share (rounding once left 0 of n with a lower bound of 6e-17)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), as statsmodels' ``fdr_bh``."""
    p = np.asarray(p_values, dtype=np.float64)
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1.0)
    return out


def cohens_d(a: np.ndarray, b: np.ndarray) -> float:
    """Standardised mean difference with the pooled standard deviation."""
    n1, n2 = a.size, b.size
    pooled = np.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
    return float((a.mean() - b.mean()) / pooled) if pooled > 0 else 0.0


def _clean(values: np.ndarray, fill: float = 0.0) -> np.ndarray:
    return np.where(np.isfinite(values), values, fill)
