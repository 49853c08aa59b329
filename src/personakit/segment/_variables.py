"""The encoder's variables and limits: column specs, numeric and categorical variables,
record batches and encoded rows, with the constants the encoding modules share.

Split from ``_encode.py`` (issue 16) so the parsers, the redundancy rules and the encoder
can all use these types without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
# Answer scales with up to this many steps (1-5, 1-7, 0-10) are modelled per step, as
# latent-class analysis does for survey items: a Gaussian on a bounded scale gives the
# group that piles up at the ceiling (or floor) a near-zero variance, and so a profile of
# its own ("motivation = 5", issue 9). Per-step probabilities have no such degenerate case.
ORDINAL_MAX_LEVELS = 11
# A value further outside the training range than this share of the range fits no profile.
FAR_MARGIN = 0.5
# Categorical kinds whose levels are numbers: used in correlations and described by means.
NUMBER_LIKE = ("count", "ordinal")

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
