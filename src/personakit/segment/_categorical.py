"""Cells as levels: missing values, text, yes/no answers, answer scales (ordinal) and
multi-selects, and the level of a cell for each kind of categorical variable.

Split from ``_encode.py`` (issue 16); the validation checks read yes/no answers the same
way (``_bool_of``), so a value is one level everywhere.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from personakit.segment._numeric import _binned_level, _count_level
from personakit.segment._variables import ORDINAL_MAX_LEVELS, CategoricalVar

_SEPARATORS = (";", "|", ",")
_TRUE = {"1", "true", "ja", "yes", "y", "j", "waar", "t"}
_FALSE = {"0", "false", "nee", "no", "n", "onwaar", "f"}


def _natural(level: str) -> tuple[int, float, str]:
    match = re.match(r"\s*(-?\d+(?:[.,]\d+)?)", level)
    if match:
        return (0, float(match.group(1).replace(",", ".")), level)
    return (1, 0.0, level.lower())


def _all_blank(series: pd.Series) -> bool:
    if not _is_texty(series):
        return False
    return bool(series.dropna().astype(str).str.strip().eq("").all())


def _is_texty(series: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(series.dtype)
                or pd.api.types.is_bool_dtype(series.dtype))


def _missing(value: Any) -> bool:
    """None or NaN. A list or object in an API record (``"kanaal": []``) is a value, not
    missing: ``pd.isna`` of a list is an array, whose truth raised (tests/test_fuzz_payloads)."""
    return value is None or (pd.api.types.is_scalar(value) and not isinstance(value, str)
                             and bool(pd.isna(value)))


def _text_of(value: Any) -> str | None:
    """A cell as level text: missing and blank are None; 3.0 reads as "3"."""
    if _missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _bool_of(value: Any) -> str | None:
    text = _text_of(value)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in _TRUE:
        return "1"
    if lowered in _FALSE:
        return "0"
    try:
        return "1" if float(lowered.replace(",", ".")) != 0 else "0"
    except ValueError:
        return None


def _level_of(value: Any, var: CategoricalVar) -> str | None:
    if var.kind == "multiselect" and var.option is not None:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if not isinstance(value, str):
            return _bool_of(value)
        parts = {p.strip() for p in value.split(var.separator or ";")}
        return "1" if var.option in parts else "0"
    if var.kind == "boolean":
        return _bool_of(value)
    if var.kind == "count":
        if var.edges is not None:
            return _binned_level(value, var.edges)
        return _count_level(value, var.cap or 1)
    if var.kind == "ordinal":
        text = _text_of(value)
        return text if text in var.levels else None
    return _text_of(value)


def _text_series(series: pd.Series) -> pd.Series:
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = np.array([_text_of(u) for u in uniques] + [None], dtype=object)
    return pd.Series(texts[np.where(codes < 0, len(uniques), codes)], index=series.index)


def _level_counts(series: pd.Series, var: CategoricalVar) -> dict[str, int]:
    """Rows per level; factorised first, so 1,000,000 rows look at the uniques only."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    per_unique = np.bincount(codes[codes >= 0], minlength=len(uniques))
    counts: dict[str, int] = {}
    for value, count in zip(uniques, per_unique, strict=True):
        level = _level_of(value, var)
        if level is not None and count > 0:
            counts[level] = counts.get(level, 0) + int(count)
    return counts


def _ordinal_values(series: pd.Series, levels: list[str] | None) -> tuple[np.ndarray, list[str]]:
    """Ordered numbers for an ordinal column and the level names (low to high)."""
    if levels:
        order = {str(level): float(i + 1) for i, level in enumerate(levels)}
        text = _text_series(series)
        return text.map(order).to_numpy(dtype=np.float64, na_value=np.nan), list(levels)
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)
        return values, []
    text = _text_series(series)
    found = sorted({str(v) for v in text.dropna().unique()}, key=_natural)
    order = {level: float(i + 1) for i, level in enumerate(found)}
    return text.map(order).to_numpy(dtype=np.float64, na_value=np.nan), found


def ordinal_numbers(series: pd.Series, levels: list[str]) -> np.ndarray:
    """Scale answers as numbers: the answer itself on a numeric scale (0-10 stays 0-10),
    the step's position (1..L) on a worded one."""
    if all(re.fullmatch(r"-?\d+", level) for level in levels):
        values = ordinal_positions(series, levels)
        steps = np.array([float(level) for level in levels])
        ok = np.isfinite(values)
        out = np.full(values.shape, np.nan)
        out[ok] = steps[values[ok].astype(np.int64) - 1]
        return out
    return ordinal_positions(series, levels)


def ordinal_positions(series: pd.Series, levels: list[str]) -> np.ndarray:
    """Position 1..L of each answer on the scale (NaN where missing or off the scale)."""
    text = _text_series(series)
    order = {str(level): float(i + 1) for i, level in enumerate(levels)}
    return text.map(order).to_numpy(dtype=np.float64, na_value=np.nan)


def _integer_steps(values: np.ndarray) -> list[str] | None:
    """The steps of an unlabelled scale of whole numbers (min..max), or None."""
    finite = values[np.isfinite(values)]
    if finite.size == 0 or not np.all(finite == np.round(finite)):
        return None
    low, high = int(finite.min()), int(finite.max())
    if high - low + 1 > ORDINAL_MAX_LEVELS:
        return None
    return [str(i) for i in range(low, high + 1)]


def _detect_separator(series: pd.Series) -> str:
    sample = series.dropna().astype(str).head(1000)
    counts = {sep: int(sample.str.count(re.escape(sep)).sum()) for sep in _SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ";"


def _split_options(series: pd.Series, sep: str) -> list[str]:
    uniques = pd.unique(series.dropna().astype(str))
    counts: dict[str, int] = {}
    for value in uniques:
        for part in value.split(sep):
            part = part.strip()
            if part:
                counts[part] = counts.get(part, 0) + 1
    return sorted(counts, key=_natural)
