"""Encoding of mixed data for the mixture model: numeric block plus one-hot levels.

Every column becomes either numeric variables (transformed, clipped and standardised, NaN
where missing) or categorical variables (one 0/1 column per level, all zeros where missing,
so a missing value drops out of the likelihood instead of dropping the row).

The variables, the value parsers and the redundancy rules live beside this module
(``_variables``, ``_numeric``, ``_categorical``, ``_redundancy``); names other modules
import from here are re-exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from personakit.model import ColumnRole
from personakit.segment._categorical import (
    _all_blank,
    _bool_of,
    _detect_separator,
    _integer_steps,
    _is_texty,
    _level_counts,
    _level_of,
    _missing,
    _natural,
    _ordinal_values,
    _split_options,
    _text_of,
    ordinal_numbers,
    ordinal_positions,
)
from personakit.segment._numeric import (
    _count_cap,
    _count_edges,
    _date_values,
    _scalar_date,
    _signed_log,
    _skew,
)
from personakit.segment._redundancy import (
    REDUNDANCY_SAMPLE,
    _redundant_categorical,
    _redundant_numeric,
    dependent_within,
    parts_of_totals,
)
from personakit.segment._variables import (
    CLIP_QUANTILES,
    FAR_MARGIN,
    MAX_LEVELS,
    NUMBER_LIKE,
    ORDINAL_MAX_LEVELS,
    OTHER_LEVEL,
    RARE_LEVEL_ROWS,
    RARE_LEVEL_SHARE,
    SKEW_LIMIT,
    SMALL_BATCH,
    Batch,
    CategoricalVar,
    ColumnSpec,
    Encoded,
    NumericVar,
    RecordBatch,
    Roles,
    normalise_roles,
)

# Imported from here by the segmenter, the engine, validation and the tests; pickled models
# name the variable classes by this module.
__all__ = [
    "NUMBER_LIKE",
    "OTHER_LEVEL",
    "SMALL_BATCH",
    "Batch",
    "CategoricalVar",
    "ColumnSpec",
    "Encoded",
    "MixedEncoder",
    "NumericVar",
    "RecordBatch",
    "Roles",
    "_bool_of",
    "_date_values",
    "_text_of",
    "dependent_within",
    "normalise_roles",
    "ordinal_positions",
    "parts_of_totals",
]


@dataclass
class MixedEncoder:
    """Learns the encoding of a frame and applies it to new rows.

    Parameters
    ----------
    text_components
        Components kept of each free-text column (TF-IDF + truncated SVD); 0 leaves text out.
    weights
        Column name to weight in the likelihood (a lens's ``weights``); default 1.
    max_missing
        A column missing for more than this share of rows is left out (``mostly_missing``).
    """

    text_components: int = 0
    weights: Mapping[str, float] = field(default_factory=dict)
    seed: int = 0
    max_missing: float = 0.95
    numeric_: list[NumericVar] = field(default_factory=list)
    categorical_: list[CategoricalVar] = field(default_factory=list)
    left_out_: dict[str, str] = field(default_factory=dict)
    dropped_: list[NumericVar | CategoricalVar] = field(default_factory=list)
    _text_models: dict[str, Any] = field(default_factory=dict)

    # -- learning -----------------------------------------------------------------------
    def fit(self, frame: pd.DataFrame, specs: Mapping[str, ColumnSpec]) -> MixedEncoder:
        self.numeric_, self.categorical_, self.left_out_, self.dropped_ = [], [], {}, []
        for name, spec in specs.items():
            if name not in frame.columns:
                self.left_out_[name] = "not_found"
                continue
            reason = self._fit_column(frame[name], spec)
            if reason is not None:
                self.left_out_[name] = reason
        self._drop_redundant(frame)
        return self

    def _drop_redundant(self, frame: pd.DataFrame) -> None:
        rng = np.random.default_rng(self.seed)
        rows = np.sort(rng.choice(len(frame), min(len(frame), REDUNDANCY_SAMPLE),
                                  replace=False))
        sample = frame.iloc[rows]
        for dropped, kept in _redundant_numeric(self, sample) + _redundant_categorical(
                self, sample):
            if dropped in self.left_out_ or kept in self.left_out_:
                continue
            self.left_out_[dropped] = f"redundant:{kept}"
        for part, total in parts_of_totals(self, sample):
            if part not in self.left_out_:
                self.left_out_[part] = f"part:{total}"
        self.drop(set(self.left_out_))

    def drop(self, columns: set[str]) -> None:
        """Stop modelling *columns* (they stay described in the profiles' statistics)."""
        self.dropped_ += [v for v in self.numeric_ + self.categorical_ if v.column in columns]
        self.numeric_ = [v for v in self.numeric_ if v.column not in columns]
        self.categorical_ = [v for v in self.categorical_ if v.column not in columns]

    def described(self) -> tuple[list[NumericVar], list[CategoricalVar]]:
        """Variables the profiles are described by: the modelled ones and those left out
        for local dependence. A redundant one (a date beside the age or tenure computed
        from it) is the same fact again and is not described twice (issue 9)."""
        extra = [v for v in self.dropped_
                 if not self.left_out_.get(v.column, "").startswith("redundant:")]
        extra_num = [v for v in extra if isinstance(v, NumericVar)]
        extra_cat = [v for v in extra if isinstance(v, CategoricalVar)]
        return self.numeric_ + extra_num, self.categorical_ + extra_cat

    def _fit_column(self, series: pd.Series, spec: ColumnSpec) -> str | None:
        role = spec.role
        if role.is_personal:
            return "personal"
        if role in (ColumnRole.IDENTIFIER, ColumnRole.IGNORE):
            return role.value
        if series.isna().all() or _all_blank(series):
            return "all_missing"
        if float(series.isna().mean()) > self.max_missing:
            return "mostly_missing"
        weight = float(self.weights.get(spec.name, 1.0))
        if role == ColumnRole.TEXT:
            return self._fit_text(series, spec.name, weight)
        if role == ColumnRole.MULTISELECT:
            return self._fit_multiselect(series, spec, weight)
        if role == ColumnRole.BOOLEAN:
            return self._add_categorical(series, spec.name, "boolean", weight)
        if role == ColumnRole.CATEGORICAL:
            return self._add_categorical(series, spec.name, "categorical", weight)
        if role == ColumnRole.ORDINAL:
            values, levels = _ordinal_values(series, spec.levels)
            steps = levels or _integer_steps(values)
            if steps is not None and 2 <= len(steps) <= ORDINAL_MAX_LEVELS:
                return self._add_ordinal(series, spec.name, steps, weight)
            return self._add_numeric(values, spec.name, "ordinal", weight, levels=levels)
        if role == ColumnRole.DATE:
            return self._add_numeric(_date_values(series, None)[0], spec.name, "date", weight)
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)
        if pd.Series(values).nunique() == 2:
            # A 0/1 column is a yes/no answer, better modelled by a share than a Gaussian.
            return self._add_categorical(pd.Series(values), spec.name, "categorical", weight)
        cap = _count_cap(values)
        if cap is not None:
            return self._add_categorical(series, spec.name, "count", weight, cap=cap)
        edges = _count_edges(values)
        if edges is not None:
            return self._add_categorical(series, spec.name, "count", weight, edges=edges)
        return self._add_numeric(values, spec.name, "numeric", weight)

    def _add_numeric(self, values: np.ndarray, name: str, kind: Any, weight: float,
                     levels: list[str] | None = None, column: str | None = None) -> str | None:
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return "all_missing"
        if np.unique(finite).size < 2:
            return "constant"
        var = NumericVar(name, column or name, kind, levels=levels, weight=weight)
        if kind == "numeric" and abs(_skew(finite)) > SKEW_LIMIT:
            var.log = True
        t = _signed_log(finite) if var.log else finite
        var.seen_low, var.seen_high = float(t.min()), float(t.max())
        var.low, var.high = (float(q) for q in np.quantile(t, CLIP_QUANTILES))
        if var.high <= var.low:
            var.low, var.high = float(t.min()), float(t.max())
        clipped = np.clip(t, var.low, var.high)
        var.center, scale = float(clipped.mean()), float(clipped.std())
        var.scale = scale if scale > 0 else 1.0
        self.numeric_.append(var)
        return None

    def _add_categorical(self, series: pd.Series, name: str, kind: Any, weight: float,
                         option: str | None = None, separator: str | None = None,
                         cap: int | None = None,
                         edges: list[float] | None = None) -> str | None:
        var = CategoricalVar(name, name, kind, [], option=option, separator=separator,
                             weight=weight, cap=cap, edges=edges)
        counts = _level_counts(series, var)
        if not counts:
            return "all_missing"
        if len(counts) < 2:
            return "constant"
        total = float(sum(counts.values()))
        if kind == "categorical" and len(counts) > 50 and len(counts) > 0.5 * total:
            return "identifier_like"
        frequent = sorted(counts, key=lambda level: -counts[level])
        least = max(RARE_LEVEL_SHARE * total, min(RARE_LEVEL_ROWS, 0.05 * total))
        keep = [level for level in frequent if counts[level] >= least]
        keep = sorted(keep[: MAX_LEVELS - 1] if len(keep) >= MAX_LEVELS else keep, key=_natural)
        if len(keep) < len(counts):
            keep.append(OTHER_LEVEL)
        if len(keep) < 2:
            return "constant"
        var.levels = keep
        self.categorical_.append(var)
        return None

    def _add_ordinal(self, series: pd.Series, name: str, steps: list[str],
                     weight: float) -> str | None:
        """Every step of the scale is a level, in scale order (rare steps included: the
        top box of a skewed item is often the one that matters)."""
        var = CategoricalVar(name, name, "ordinal", list(steps), weight=weight)
        counts = _level_counts(series, var)
        if not counts:
            return "all_missing"
        if len(counts) < 2:
            return "constant"
        self.categorical_.append(var)
        return None

    def numbers(self, series: pd.Series, var: NumericVar | CategoricalVar) -> np.ndarray:
        """A variable's values as numbers in the data's own units (counts and scale answers
        included), for correlations and means."""
        if isinstance(var, NumericVar):
            return self._raw_numeric(series, var, {})
        if var.kind == "ordinal":
            return ordinal_numbers(series, var.levels)
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)

    def _fit_multiselect(self, series: pd.Series, spec: ColumnSpec, weight: float) -> str | None:
        if not _is_texty(series):
            return self._add_categorical(series, spec.name, "boolean", weight)
        sep = spec.separator or _detect_separator(series)
        options = _split_options(series, sep)
        if not options:
            return "all_missing"
        added = 0
        for option in options[:MAX_LEVELS]:
            if self._add_categorical(series, spec.name, "multiselect", weight, option,
                                     sep) is None:
                added += 1
        return None if added else "constant"

    def _fit_text(self, series: pd.Series, name: str, weight: float) -> str | None:
        if self.text_components <= 0:
            return "text"
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = series.fillna("").astype(str)
        sample = docs.sample(min(len(docs), 50_000), random_state=self.seed)
        vectoriser = TfidfVectorizer(max_features=5000, min_df=2, sublinear_tf=True)
        try:
            matrix = vectoriser.fit_transform(sample)
        except ValueError:
            return "constant"
        n_comp = min(self.text_components, matrix.shape[1] - 1)
        if n_comp < 1:
            return "constant"
        svd = TruncatedSVD(n_components=n_comp, random_state=self.seed).fit(matrix)
        self._text_models[name] = (vectoriser, svd)
        comps = svd.transform(vectoriser.transform(docs))
        comps[docs.str.strip().to_numpy() == ""] = np.nan
        for i in range(n_comp):
            self._add_numeric(comps[:, i], f"{name}__text{i + 1}", "text", weight, column=name)
        return None

    # -- applying -----------------------------------------------------------------------
    @property
    def n_levels(self) -> list[int]:
        return [len(v.levels) for v in self.categorical_]

    def transform(self, frame: Batch) -> Encoded:
        n = len(frame)
        num = np.full((n, len(self.numeric_)), np.nan, dtype=np.float32)
        far = np.zeros(n, dtype=np.int64)
        text_cache: dict[str, np.ndarray] = {}
        present = set(frame.columns)
        for j, var in enumerate(self.numeric_):
            if var.column not in present:
                continue
            values = self.raw_column(frame[var.column], var, text_cache)
            t = _signed_log(values) if var.log else values
            num[:, j] = (np.clip(t, var.low, var.high) - var.center) / var.scale
            # Clipping keeps a typo from owning a profile; a value beyond the training range
            # by more than half that range is reported instead ("fits no profile").
            margin = FAR_MARGIN * (var.seen_high - var.seen_low)
            with np.errstate(invalid="ignore"):
                far += (t < var.seen_low - margin) | (t > var.seen_high + margin)
        width = sum(self.n_levels)
        onehot = np.zeros((n, width), dtype=np.float32)
        flat = onehot.reshape(-1)
        row_start = np.arange(n, dtype=np.int64) * width
        start = 0
        factorised: dict[str, tuple[np.ndarray, Any]] = {}
        for cat in self.categorical_:
            if isinstance(frame, RecordBatch) and cat.column in present:
                for i, value in enumerate(frame[cat.column]):
                    code = self.level_index(cat, _level_of(value, cat))
                    if code >= 0:
                        flat[row_start[i] + start + code] = 1.0
            elif isinstance(frame, pd.DataFrame) and cat.column in present:
                series = frame[cat.column]
                if cat.column not in factorised:  # once per column, not once per option
                    factorised[cat.column] = pd.factorize(series, use_na_sentinel=True)
                codes = self.level_codes(series, cat, factorised[cat.column])
                seen = codes >= 0
                flat[(row_start + start + codes)[seen]] = 1.0
            start += len(cat.levels)
        return Encoded(num, onehot, far)

    def transform_numeric(self, frame: pd.DataFrame,
                          variables: list[NumericVar]) -> np.ndarray:
        """Transformed, clipped, standardised values of *variables* (NaN where missing)."""
        out = np.full((len(frame), len(variables)), np.nan)
        for j, var in enumerate(variables):
            values = self._raw_numeric(frame[var.column], var, {})
            t = _signed_log(values) if var.log else values
            out[:, j] = (np.clip(t, var.low, var.high) - var.center) / var.scale
        return out

    def raw_column(self, series: pd.Series | list[Any], var: NumericVar,
                   text_cache: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """A numeric variable's values in the data's own units (NaN where missing).

        A few rows (one web API record) go value by value in plain Python: the vectorised
        pandas path costs ~1 ms per column in fixed overhead, 40 ms for a 40-column record.
        """
        if len(series) <= SMALL_BATCH and var.kind != "text":
            values = series if isinstance(series, list) else series.tolist()
            return np.array([_scalar_numeric(v, var) for v in values], dtype=np.float64)
        if isinstance(series, list):
            series = pd.Series(series, dtype=object)
        return self._raw_numeric(series, var, {} if text_cache is None else text_cache)

    def _raw_numeric(self, series: pd.Series, var: NumericVar,
                     text_cache: dict[str, np.ndarray]) -> np.ndarray:
        if var.kind == "ordinal":
            return _ordinal_values(series, var.levels)[0]
        if var.kind == "date":
            return _date_values(series, None)[0]
        if var.kind == "text":
            if var.column not in text_cache:
                vectoriser, svd = self._text_models[var.column]
                docs = series.fillna("").astype(str)
                comps = svd.transform(vectoriser.transform(docs))
                comps[docs.str.strip().to_numpy() == ""] = np.nan
                text_cache[var.column] = comps
            index = int(var.name.rsplit("__text", 1)[1]) - 1
            return text_cache[var.column][:, index]
        return pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)

    def level_index(self, var: CategoricalVar, level: str | None) -> int:
        """The one-hot index of *level* (-1: missing; an unseen level counts as "other")."""
        if level is None:
            return -1
        # Cached per variable object (not a dataclass field: models pickled before it existed
        # must still load); a refit makes new variable objects, so a stale entry never hits.
        cache: dict[int, tuple[CategoricalVar, dict[str, int]]] = self.__dict__.setdefault(
            "_level_cache", {})
        hit = cache.get(id(var))
        if hit is None or hit[0] is not var:
            hit = cache[id(var)] = (var, {lv: i for i, lv in enumerate(var.levels)})
        index = hit[1]
        return index.get(level, index.get(OTHER_LEVEL, -1))

    def level_codes(self, series: pd.Series, var: CategoricalVar,
                    factorised: tuple[np.ndarray, Any] | None = None) -> np.ndarray:
        """Level index per row (-1: missing or unseen, so it drops out of the likelihood)."""
        codes, uniques = factorised or pd.factorize(series, use_na_sentinel=True)
        lookup = np.array([self.level_index(var, _level_of(u, var)) for u in uniques] + [-1],
                          dtype=np.int64)
        return lookup[np.where(codes < 0, len(uniques), codes)]

    def variable_names(self) -> list[str]:
        return [v.name for v in self.numeric_] + [
            f"{v.name}: {v.option}" if v.option else v.name for v in self.categorical_
        ]


# The value-by-value twin of MixedEncoder._raw_numeric, kept beside it: it reads ordinal
# levels as _categorical does, and _categorical already uses _numeric's count parsers.
def _scalar_numeric(value: Any, var: NumericVar) -> float:
    """One value of a numeric, ordinal or date variable, as :meth:`_raw_numeric` reads it."""
    if _missing(value):
        return float("nan")
    if var.kind == "ordinal" and var.levels:
        text = _text_of(value)
        order = {level: float(i + 1) for i, level in enumerate(var.levels)}
        return order.get(text, float("nan")) if text is not None else float("nan")
    if var.kind == "date":
        return _scalar_date(value)
    if isinstance(value, bool | np.bool_):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
