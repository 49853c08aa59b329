"""Encoding of mixed data for the mixture model: numeric block plus one-hot levels.

Every column becomes either numeric variables (transformed, clipped and standardised, NaN
where missing) or categorical variables (one 0/1 column per level, all zeros where missing,
so a missing value drops out of the likelihood instead of dropping the row).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from personakit.model import ColumnInfo, ColumnRole

# Why these limits: a categorical level under 0.5 % of rows cannot carry a profile of its own
# at the sizes we target, and more than 30 levels (postcodes, cities) would give the
# likelihood hundreds of parameters per profile; rare levels are lumped into "other".
RARE_LEVEL_SHARE = 0.005
# ... and under this many rows: in a file of 800 people a level of 4 cannot carry a
# profile either, and every kept level costs each profile a parameter.
RARE_LEVEL_ROWS = 25
MAX_LEVELS = 30
# A skewness above 1 (revenue, counts) is log-transformed; clipping at the 0.5th/99.5th
# percentile keeps a few extreme rows from owning a profile.
SKEW_LIMIT = 1.0
CLIP_QUANTILES = (0.005, 0.995)
OTHER_LEVEL = "(other)"
# Up to this many rows are encoded value by value (see MixedEncoder.raw_column).
SMALL_BATCH = 64
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
# Answer scales with up to this many steps (1-5, 1-7, 0-10) are modelled per step, as
# latent-class analysis does for survey items: a Gaussian on a bounded scale gives the
# group that piles up at the ceiling (or floor) a near-zero variance, and so a profile of
# its own ("motivation = 5", issue 9). Per-step probabilities have no such degenerate case.
ORDINAL_MAX_LEVELS = 11
# Two columns carrying the same information (a date and a duration; a city and its
# province) break the model's independence assumption and pull profiles apart along them:
# one of them is left out as redundant.
REDUNDANT_CORRELATION = 0.8
LOCAL_DEPENDENCE = 0.5
REDUNDANT_ENTROPY = 0.05
REDUNDANCY_SAMPLE = 20_000
# A value further outside the training range than this share of the range fits no profile.
FAR_MARGIN = 0.5
_SEPARATORS = (";", "|", ",")
# Categorical kinds whose levels are numbers: used in correlations and described by means.
NUMBER_LIKE = ("count", "ordinal")
_TRUE = {"1", "true", "ja", "yes", "y", "j", "waar", "t"}
_FALSE = {"0", "false", "nee", "no", "n", "onwaar", "f"}

Roles = Mapping[str, ColumnRole | str] | Sequence[ColumnInfo]


@dataclass
class ColumnSpec:
    """What the encoder needs to know of one input column."""

    name: str
    role: ColumnRole
    levels: list[str] | None = None
    separator: str | None = None


@dataclass
class NumericVar:
    """One numeric variable of the model, with its learned transform."""

    name: str
    column: str
    kind: Literal["numeric", "ordinal", "date", "text"]
    log: bool = False
    low: float = 0.0
    high: float = 0.0
    center: float = 0.0
    scale: float = 1.0
    levels: list[str] | None = None
    weight: float = 1.0
    seen_low: float = 0.0
    seen_high: float = 0.0


@dataclass
class CategoricalVar:
    """One categorical variable: levels in one-hot order (an option is a yes/no variable)."""

    name: str
    column: str
    kind: Literal["categorical", "boolean", "multiselect", "count", "ordinal"]
    levels: list[str]
    option: str | None = None
    separator: str | None = None
    weight: float = 1.0
    cap: int | None = None
    edges: list[float] | None = None


class RecordBatch:
    """A few records held as plain Python lists per column.

    The web API assigns one record at a time; building a DataFrame and going through pandas
    per column costs ~0.1 ms per column in fixed overhead (7 ms for a 70-column model), so
    :meth:`MixedEncoder.transform` reads a batch like this value by value instead.
    """

    def __init__(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.n = len(records)
        self.data: dict[str, list[Any]] = {}
        for i, record in enumerate(records):
            for name, value in record.items():
                column = self.data.get(str(name))
                if column is None:
                    column = self.data[str(name)] = [None] * self.n
                column[i] = value

    @property
    def columns(self) -> list[str]:
        return list(self.data)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, name: str) -> list[Any]:
        return self.data[name]

    def rename(self, columns: Mapping[str, str]) -> RecordBatch:
        out = RecordBatch([])
        out.n = self.n
        out.data = {columns.get(name, name): values for name, values in self.data.items()}
        return out


Batch = pd.DataFrame | RecordBatch


@dataclass
class Encoded:
    """Encoded rows: ``num`` (n, p) float32 with NaN; ``onehot`` (n, L) float32 0/1;
    ``far``: per row the numeric values far outside anything seen in training."""

    num: np.ndarray
    onehot: np.ndarray
    far: np.ndarray

    @property
    def n(self) -> int:
        return int(self.num.shape[0])


def normalise_roles(roles: Roles | None, frame: pd.DataFrame) -> dict[str, ColumnSpec]:
    """Column specs from a ``{column: role}`` mapping or ``ColumnInfo`` list (or inferred)."""
    specs: dict[str, ColumnSpec] = {}
    if roles is None:
        for name in frame.columns:
            numeric = pd.api.types.is_numeric_dtype(frame[name].dtype)
            boolean = pd.api.types.is_bool_dtype(frame[name].dtype)
            role = ColumnRole.BOOLEAN if boolean else (
                ColumnRole.NUMERIC if numeric else ColumnRole.CATEGORICAL
            )
            specs[str(name)] = ColumnSpec(str(name), role)
        return specs
    if isinstance(roles, Mapping):
        for name, given in roles.items():
            specs[name] = ColumnSpec(name, ColumnRole(given))
        return specs
    for info in roles:
        specs[info.name] = ColumnSpec(
            info.name, info.role, levels=info.levels, separator=info.separator
        )
    return specs


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


def _signed_log(values: np.ndarray) -> np.ndarray:
    return np.asarray(np.sign(values) * np.log1p(np.abs(values)))


def _skew(values: np.ndarray) -> float:
    centred = values - values.mean()
    sd = float(np.sqrt(np.mean(centred**2)))
    return float(np.mean(centred**3) / sd**3) if sd > 0 else 0.0


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


def _redundant_numeric(encoder: MixedEncoder, sample: pd.DataFrame) -> list[tuple[str, str]]:
    """(dropped, kept) within groups of numbers that move together (|Spearman| >= 0.8,
    linked in a chain): a date and a duration, or the counts a web log is summarised into
    (sessions, page views, funnel steps). The most central member of a group is kept."""
    variables: list[NumericVar | CategoricalVar] = [
        v for v in encoder.numeric_ if v.kind != "text"]
    variables += [v for v in encoder.categorical_ if v.kind in NUMBER_LIKE]
    if len(variables) < 2:
        return []
    frame = pd.DataFrame({v.column: encoder.numbers(sample[v.column], v) for v in variables})
    corr = np.nan_to_num(frame.corr(method="spearman", min_periods=30).abs().to_numpy())
    linked = corr >= REDUNDANT_CORRELATION
    pairs: list[tuple[str, str]] = []
    for group in _components(linked):
        if len(group) < 2:
            continue
        centrality = corr[np.ix_(group, group)].mean(axis=1)
        dates = [isinstance(variables[i], NumericVar) and variables[i].kind == "date"
                 for i in group]
        order = sorted(range(len(group)), key=lambda j: (dates[j], -centrality[j], group[j]))
        kept = variables[group[order[0]]].column
        pairs += [(variables[group[j]].column, kept) for j in order[1:]]
    return pairs


# Counts that add up to another count on (nearly) every row are its parts.
PARTS_MATCH = 0.95


def _group_of(column: str) -> str | None:
    """The name a column shares with its siblings: ``web__bron`` of ``web__bron__direct``,
    ``calls`` of ``calls_weekend``."""
    for separator in ("__", "_"):
        head, found, _ = column.rpartition(separator)
        if found and head:
            return head
    return None


def parts_of_totals(encoder: MixedEncoder, sample: pd.DataFrame) -> list[tuple[str, str]]:
    """(part, total) for counts that are the parts of another count: siblings (one name
    before the last separator) whose sum is that count on at least 95 % of the rows and
    never more. An event source summarised per customer gives such parts: visits per entry
    source or device add up to the visits. Within a profile the parts rise and fall with the
    total, which a model of independent parts reads as extra profiles (the sample
    organisation's web log: 7 profiles with them, the true 5 without); so the total is
    modelled and the parts are described, not modelled."""
    variables: list[NumericVar | CategoricalVar] = [
        v for v in encoder.numeric_ if v.kind != "text"]
    variables += [v for v in encoder.categorical_ if v.kind in NUMBER_LIKE]
    values = {v.column: encoder.numbers(sample[v.column], v) for v in variables}
    counts = {c: x for c, x in values.items()
              if np.isfinite(x).any() and np.nanmin(x) >= 0
              and np.allclose(x[np.isfinite(x)], np.round(x[np.isfinite(x)]))}
    groups: dict[str, list[str]] = {}
    for column in counts:
        group = _group_of(column)
        if group is not None:
            groups.setdefault(group, []).append(column)
    pairs: list[tuple[str, str]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        summed = np.nansum(np.column_stack([counts[c] for c in members]), axis=1)
        for total, x in counts.items():
            if total in members:
                continue
            known = np.isfinite(x)
            if not known.any() or (summed[known] > x[known] + 1e-9).any():
                continue
            if np.mean(np.isclose(summed[known], x[known])) >= PARTS_MATCH:
                pairs += [(c, total) for c in members]
                break
    return pairs


def dependent_within(encoder: MixedEncoder, sample: pd.DataFrame,
                     labels: np.ndarray) -> list[tuple[str, str]]:
    """(dropped, kept) within groups of numbers still correlated inside the profiles
    (pooled within-profile |Spearman| >= 0.5): local dependence, which the model reads as
    extra profiles (a web log's visits, devices and checkouts all zero for non-visitors)."""
    variables: list[NumericVar | CategoricalVar] = [
        v for v in encoder.numeric_ if v.kind != "text"]
    variables += [v for v in encoder.categorical_ if v.kind in NUMBER_LIKE]
    if len(variables) < 2:
        return []
    frame = pd.DataFrame({v.column: encoder.numbers(sample[v.column], v) for v in variables})
    pooled = np.zeros((len(variables), len(variables)))
    total = 0
    for label in np.unique(labels):
        part = frame[labels == label]
        if len(part) < 30:
            continue
        pooled += np.nan_to_num(part.corr(method="spearman", min_periods=30).to_numpy()) * len(
            part)
        total += len(part)
    if total == 0:
        return []
    within = np.abs(pooled / total)
    pairs: list[tuple[str, str]] = []
    for group in _components(within >= LOCAL_DEPENDENCE):
        if len(group) < 2:
            continue
        centrality = within[np.ix_(group, group)].mean(axis=1)
        order = sorted(range(len(group)), key=lambda j: (-centrality[j], group[j]))
        kept = variables[group[order[0]]].column
        pairs += [(variables[group[j]].column, kept) for j in order[1:]]
    return pairs


def _components(adjacent: np.ndarray) -> list[list[int]]:
    seen: set[int] = set()
    groups = []
    for start in range(adjacent.shape[0]):
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in np.flatnonzero(adjacent[node]):
                if int(other) not in seen:
                    seen.add(int(other))
                    stack.append(int(other))
        groups.append(sorted(group))
    return groups


def _redundant_categorical(encoder: MixedEncoder,
                           sample: pd.DataFrame) -> list[tuple[str, str]]:
    """(dropped, kept) where one categorical variable nearly determines another
    (conditional entropy under 5 % of its entropy): the determined one adds nothing."""
    variables = [v for v in encoder.categorical_ if v.kind in ("categorical", "boolean", "count")]
    # Raw values, not the model's levels: lumping rare cities into "other" would hide that
    # the city determines the province.
    codes, sizes = {}, {}
    for v in variables:
        codes[v.column], uniques = pd.factorize(sample[v.column], use_na_sentinel=True)
        sizes[v.column] = max(len(uniques), 1)
    pairs = []
    for a in variables:
        for b in variables:
            if a is b or sizes[a.column] < sizes[b.column]:
                continue
            ok = (codes[a.column] >= 0) & (codes[b.column] >= 0)
            if ok.sum() < 30:
                continue
            share = _conditional_entropy_share(codes[a.column][ok], codes[b.column][ok],
                                               sizes[a.column], sizes[b.column])
            if share < REDUNDANT_ENTROPY:
                pairs.append((b.column, a.column))
    return pairs


def _conditional_entropy_share(a: np.ndarray, b: np.ndarray, la: int, lb: int) -> float:
    """H(B | A) / H(B): 0 when A determines B, 1 when A says nothing about B."""
    joint = np.bincount(a * lb + b, minlength=la * lb).reshape(la, lb).astype(np.float64)
    total = joint.sum()
    pb = joint.sum(axis=0) / total
    h_b = -float(np.sum(pb[pb > 0] * np.log(pb[pb > 0])))
    if h_b <= 0:
        return 1.0
    pa = joint.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = np.where(joint > 0, joint / pa, 1.0)
    h_ba = -float(np.sum(joint / total * np.log(cond)))
    return h_ba / h_b


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
