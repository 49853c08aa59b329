"""The profile statistics agree with scipy and statsmodels on fixed data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from personakit.segment._stats import (
    benjamini_hochberg,
    cohens_d,
    mean_stats,
    share_stats,
    wilson_interval,
)

RNG = np.random.default_rng(7)
VALUES = np.round(RNG.normal(50, 10, 400), 1)
LABELS = RNG.integers(0, 3, 400)
VALUES[LABELS == 1] += 6
VALUES[::37] = np.nan


@pytest.mark.parametrize("group", [0, 1, 2])
def test_mean_stats_match_scipy(group: int) -> None:
    s = mean_stats(VALUES, LABELS, 3)
    ok = np.isfinite(VALUES)
    inside, rest = VALUES[ok & (LABELS == group)], VALUES[ok & (LABELS != group)]
    assert s.n_in[group] == inside.size and s.n_out[group] == rest.size
    assert s.mean_in[group] == pytest.approx(inside.mean())
    assert s.mean_out[group] == pytest.approx(rest.mean())
    assert s.median_in[group] == pytest.approx(np.median(inside))
    assert s.median_out[group] == pytest.approx(np.median(rest))
    welch = stats.ttest_ind(inside, rest, equal_var=False)
    assert s.p_value[group] == pytest.approx(welch.pvalue, rel=1e-6)
    low, high = stats.t.interval(0.95, inside.size - 1, inside.mean(), stats.sem(inside))
    assert (s.ci_low[group], s.ci_high[group]) == pytest.approx((low, high))
    assert s.effect[group] == pytest.approx(cohens_d(inside, rest))


def test_cohens_d_by_hand() -> None:
    a, b = np.array([1.0, 2, 3, 4]), np.array([3.0, 4, 5, 6])
    pooled = np.sqrt((3 * a.var(ddof=1) + 3 * b.var(ddof=1)) / 6)
    assert cohens_d(a, b) == pytest.approx((a.mean() - b.mean()) / pooled)
    assert cohens_d(a, b) == pytest.approx(-1.5491933)


def test_share_stats_match_statsmodels() -> None:
    codes = RNG.integers(-1, 4, 500)
    labels = RNG.integers(0, 2, 500)
    codes[(labels == 0) & (codes == 2)] = 3
    s = share_stats(codes, labels, 2, 4)
    ok = codes >= 0
    for group in (0, 1):
        for level in range(4):
            inside = ok & (labels == group)
            rest = ok & (labels != group)
            a, n1 = int((codes[inside] == level).sum()), int(inside.sum())
            b, n2 = int((codes[rest] == level).sum()), int(rest.sum())
            assert s.share_in[group, level] == pytest.approx(a / n1)
            assert s.share_out[group, level] == pytest.approx(b / n2)
            low, high = proportion_confint(a, n1, method="wilson")
            assert (s.ci_low[group, level], s.ci_high[group, level]) == pytest.approx(
                (low, high))
            if 0 < a + b < n1 + n2:
                _, p = proportions_ztest([a, b], [n1, n2])
                assert s.p_value[group, level] == pytest.approx(p, rel=1e-6)
            h = 2 * np.arcsin(np.sqrt(a / n1)) - 2 * np.arcsin(np.sqrt(b / n2))
            assert s.effect[group, level] == pytest.approx(h)
            if b:
                assert s.lift[group, level] == pytest.approx((a / n1) / (b / n2))


def test_wilson_interval_edges() -> None:
    low, high = wilson_interval(np.array([0.0, 10.0]), np.array([10.0, 10.0]))
    ref0 = proportion_confint(0, 10, method="wilson")
    ref10 = proportion_confint(10, 10, method="wilson")
    assert (low[0], high[0]) == pytest.approx(ref0)
    assert (low[1], high[1]) == pytest.approx(ref10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_benjamini_hochberg_matches_statsmodels(seed: int) -> None:
    p = np.random.default_rng(seed).uniform(0, 0.2, 60) ** 2
    expected = multipletests(p, method="fdr_bh")[1]
    assert benjamini_hochberg(p) == pytest.approx(expected)


def test_benjamini_hochberg_empty() -> None:
    assert benjamini_hochberg(np.array([])).size == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=1, max_size=20))
def test_wilson_interval_contains_the_share(pairs: list[tuple[int, int]]) -> None:
    successes = np.array([min(a, n) for a, n in pairs], dtype=float)
    n = np.array([n for _, n in pairs], dtype=float)
    low, high = wilson_interval(successes, n)
    share = successes / n
    assert np.all((low >= 0) & (low <= share + 1e-12) & (share <= high + 1e-12) & (high <= 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=50))
def test_benjamini_hochberg_properties(p: list[float]) -> None:
    values = np.array(p)
    q = benjamini_hochberg(values)
    assert np.all(q >= values - 1e-12) and np.all(q <= 1)
    order = np.argsort(values, kind="stable")
    assert np.all(np.diff(q[order]) >= -1e-12)  # same order as the p-values
