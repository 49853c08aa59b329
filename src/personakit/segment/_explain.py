"""Explanation of profiles: every variable compared with the rest, KPIs, the typical member."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from personakit.model import VariableEffect
from personakit.segment._encode import (
    NUMBER_LIKE,
    CategoricalVar,
    MixedEncoder,
    NumericVar,
    _bool_of,
    ordinal_positions,
)
from personakit.segment._stats import benjamini_hochberg, mean_stats, share_stats

# Columns that look like outcomes: profiled as KPIs (value, satisfaction, churn, ...).
# Overridable with `[settings.segment] kpis = [...]` (regular expressions, case-insensitive).
DEFAULT_KPI_PATTERNS = (
    r"omzet", r"revenue", r"waarde", r"value", r"clv", r"besteding", r"spend", r"nps",
    r"tevreden", r"satisf", r"churn", r"opgezegd", r"opzeg", r"conversie", r"conversion",
    r"loyal", r"aanbevel", r"recommend",
)
SIGNIFICANT = 0.05


@dataclass
class GroupEffects:
    """Effects of every variable for each of k groups, before multiple-testing correction."""

    effects: list[list[VariableEffect]]


def group_effects(frame: pd.DataFrame, encoder: MixedEncoder, labels: np.ndarray,
                  k: int, seed: int = 0) -> list[list[VariableEffect]]:
    """Per group: every variable (and level) against the rest, BH-corrected over all tests.

    Labels outside ``0..k-1`` (e.g. -1) are counted in no group but in every rest.
    """
    rng = np.random.default_rng(seed)
    raw: list[list[dict[str, Any]]] = [[] for _ in range(k)]
    inside = (labels >= 0) & (labels < k)
    # Rows outside every group form an extra group k, so they land in each group's rest.
    g = np.where(inside, labels, k)
    numeric, categorical = encoder.described()
    for var in numeric:
        if var.kind == "text" or var.column not in frame.columns:
            continue
        values = encoder._raw_numeric(frame[var.column], var, {})
        if var.kind == "date":
            values = 1970.0 + values / 365.25  # shown as a (decimal) year, not epoch days
        _add_means(raw, var, values, g, k, rng)
    for cat in categorical:
        if cat.column not in frame.columns:
            continue
        if cat.kind in NUMBER_LIKE:
            _add_means(raw, cat, encoder.numbers(frame[cat.column], cat), g, k, rng)
            _add_top_box(raw, cat, frame[cat.column], g, k)
            continue
        codes = encoder.level_codes(frame[cat.column], cat)
        _add_shares(raw, cat, codes, g, k)
    flat = [item for group in raw for item in group]
    q = benjamini_hochberg(np.array([item["p_value"] for item in flat]))
    for item, q_value in zip(flat, q, strict=True):
        item["q_value"] = float(q_value)
    return [sorted((VariableEffect(**item) for item in group), key=_rank) for group in raw]


def _rank(effect: VariableEffect) -> tuple[int, float]:
    return (0 if effect.q_value < SIGNIFICANT else 1, -abs(effect.effect))


def _add_means(raw: list[list[dict[str, Any]]], var: NumericVar | CategoricalVar,
               values: np.ndarray,
               g: np.ndarray, k: int, rng: np.random.Generator) -> None:
    s = mean_stats(values, g, k + 1, rng)
    for c in range(k):
        if s.n_in[c] < 2 or s.n_out[c] < 2:
            continue
        raw[c].append({
            "variable": var.column, "level": None, "kind": "mean",
            "profile_value": float(s.mean_in[c]), "rest_value": float(s.mean_out[c]),
            "median_profile": _float(s.median_in[c]), "median_rest": _float(s.median_out[c]),
            "effect": float(s.effect[c]), "ci_low": float(s.ci_low[c]),
            "ci_high": float(s.ci_high[c]), "p_value": float(s.p_value[c]),
            "n_profile": int(s.n_in[c]), "n_rest": int(s.n_out[c]),
        })


TOP_BOX_MIN_STEPS = 4


def _add_top_box(raw: list[list[dict[str, Any]]], var: CategoricalVar, series: pd.Series,
                 g: np.ndarray, k: int) -> None:
    """Top-two-box shares of a worded scale beside its mean: "7 in 10 agree" (issue 10)."""
    levels = var.levels
    if var.kind != "ordinal" or len(levels) < TOP_BOX_MIN_STEPS or all(
            re.fullmatch(r"-?\d+", level) for level in levels):
        return
    positions = ordinal_positions(series, levels)
    answered = np.isfinite(positions)
    top = answered & (positions >= len(levels) - 1)
    for c in range(k):
        entry = raw[c][-1] if raw[c] else None
        inside, rest = answered & (g == c), answered & (g != c)
        if entry is None or entry["variable"] != var.column or not (
                inside.any() and rest.any()):
            continue
        entry["top_box_profile"] = float(top[inside].mean())
        entry["top_box_rest"] = float(top[rest].mean())
        entry["top_box_levels"] = list(levels[-2:])


def _add_shares(raw: list[list[dict[str, Any]]], var: CategoricalVar, codes: np.ndarray,
                g: np.ndarray, k: int) -> None:
    s = share_stats(codes, g, k + 1, len(var.levels))
    if var.kind == "multiselect":
        levels = [(1, var.option)]
    elif var.kind == "boolean":
        levels = [(1, "1")]
    else:
        levels = list(enumerate(var.levels))
    for c in range(k):
        if s.n_in[c, 0] < 1 or s.n_out[c, 0] < 1:
            continue
        for j, level in levels:
            lift = s.lift[c, j]
            raw[c].append({
                "variable": var.column, "level": level, "kind": "share",
                "profile_value": float(s.share_in[c, j]), "rest_value": float(s.share_out[c, j]),
                "effect": float(s.effect[c, j]),
                "lift": float(lift) if math.isfinite(lift) else None,
                "ci_low": float(s.ci_low[c, j]), "ci_high": float(s.ci_high[c, j]),
                "p_value": float(s.p_value[c, j]),
                "n_profile": int(s.n_in[c, j]), "n_rest": int(s.n_out[c, j]),
            })


def kpi_columns(frame: pd.DataFrame, patterns: Sequence[str], exclude: set[str]) -> list[str]:
    """Columns of *frame* that look like outcomes (numeric or yes/no)."""
    found = []
    for name in frame.columns:
        if name in exclude or not any(re.search(p, str(name), re.I) for p in patterns):
            continue
        if _kpi_values(frame[name]) is not None:
            found.append(str(name))
    return found


def _kpi_values(series: pd.Series) -> np.ndarray | None:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64").to_numpy(na_value=np.nan)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.astype("float64").to_numpy(na_value=np.nan)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    flags = [_bool_of(u) for u in uniques]
    if not flags or any(f is None for f in flags):
        return None
    lookup = np.array([float(f == "1") for f in flags] + [np.nan])
    return np.asarray(lookup[np.where(codes < 0, len(uniques), codes)], dtype=np.float64)


def profile_kpis(frame: pd.DataFrame, columns: Sequence[str], labels: np.ndarray,
                 k: int) -> list[dict[str, dict[str, float]]]:
    """Per profile: KPI name to ``{"profile": mean, "rest": mean, "n": n}``."""
    out: list[dict[str, dict[str, float]]] = [{} for _ in range(k)]
    for name in columns:
        values = _kpi_values(frame[name])
        if values is None:
            continue
        ok = np.isfinite(values)
        for c in range(k):
            inside, rest = ok & (labels == c), ok & (labels != c)
            if inside.sum() == 0 or rest.sum() == 0:
                continue
            out[c][name] = {"profile": float(values[inside].mean()),
                            "rest": float(values[rest].mean()), "n": float(inside.sum())}
    return out


def typical_member(frame: pd.DataFrame, encoder: MixedEncoder, row: int) -> dict[str, Any]:
    """The medoid's values as rounded, aggregated facts (never the key, never PII)."""
    facts: dict[str, Any] = {}
    record = frame.iloc[[row]]
    for var in encoder.numeric_:
        if var.kind == "text" or var.column not in frame.columns:
            continue
        value = encoder._raw_numeric(record[var.column], var, {})[0]
        if np.isfinite(value):
            if var.kind == "ordinal" and var.levels:
                facts[var.column] = var.levels[int(round(value)) - 1]
            else:
                facts[var.column] = _round_significant(float(value))
    for cat in encoder.categorical_:
        if cat.column not in frame.columns:
            continue
        code = int(encoder.level_codes(record[cat.column], cat)[0])
        if code < 0:
            continue
        if cat.kind == "multiselect":
            if cat.levels[code] == "1":
                facts.setdefault(cat.column, []).append(cat.option)
        else:
            facts[cat.column] = cat.levels[code]
    return facts


def _round_significant(value: float, digits: int = 2) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    rounded = round(value, -int(math.floor(math.log10(abs(value)))) + digits - 1)
    return float(int(rounded)) if float(rounded).is_integer() else float(rounded)


def _float(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
