"""What comes back from the cluster: per-profile aggregates with small cells suppressed.

Every individual is scored on the executors; per partition only sums leave them (profile
sizes, sums and squares of each numeric variable in its own units, level counts, KPI
sums). On the driver they are summed and every cell below the workspace's minimum group
size is suppressed (``None``) before anything is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from personakit.engine._em import STATS_SCHEMA, scorer
from personakit.segment._explain import _kpi_values
from personakit.segment._segmenter import MixedSegmenter, single_threaded_blas

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

Batches = Iterator[pd.DataFrame]
ASSIGNMENT_SCHEMA = "key string, profile_id string, confidence double, fits_none boolean"


class NumericAggregate(BaseModel):
    """One numeric variable per profile, in the data's own units.

    Parameters
    ----------
    mean, sd
        Per profile; ``None`` where fewer than the minimum group size have a value.
    n
        Per profile the rows with a value; ``None`` where suppressed.
    """

    mean: list[float | None]
    sd: list[float | None]
    n: list[int | None]


class ClusterAggregates(BaseModel):
    """Everything the local build receives about the individuals: counts and means only.

    Parameters
    ----------
    n
        Rows scored (the whole target group on the cluster).
    min_group_size
        The workspace's minimum group size: every count below it (and above 0) and every
        mean over fewer rows is ``None``.
    sizes, shares
        Profile sizes over all rows (``None`` if a profile is smaller than the minimum).
    fits_none
        Rows far from every profile (``None`` if fewer than the minimum).
    numeric
        Column to :class:`NumericAggregate`.
    levels
        Variable name to level to count per profile (a multi-select option is its own
        variable).
    kpis
        KPI column to mean per profile (``None`` where suppressed).
    """

    n: int
    k: int
    min_group_size: int
    sizes: list[int | None]
    shares: list[float | None]
    fits_none: int | None
    numeric: dict[str, NumericAggregate] = Field(default_factory=dict)
    levels: dict[str, dict[str, list[int | None]]] = Field(default_factory=dict)
    kpis: dict[str, list[float | None]] = Field(default_factory=dict)


@dataclass
class _Layout:
    """Positions of each block in the flat per-partition vector."""

    k: int
    numeric: list[str]
    levels: list[int]
    kpis: list[str]

    @property
    def length(self) -> int:
        return 2 * self.k + 3 * self.k * len(self.numeric) + self.k * sum(self.levels) \
            + 2 * self.k * len(self.kpis)


def assign_partitions(segmenter: MixedSegmenter, variables: list[str], key: str,
                      profile_ids: Sequence[str]) -> Callable[[Batches], Batches]:
    """``mapInPandas`` function: every individual's profile, confidence and fits-none flag."""
    model = scorer(segmenter)
    ids = np.asarray(profile_ids, dtype=object)
    threshold = float(segmenter.fit_threshold_)

    def run(batches: Batches) -> Batches:
        with single_threaded_blas():
            for frame in batches:
                scores = model.score_rows(frame[variables])
                yield pd.DataFrame({
                    "key": frame[key].astype(str).to_numpy(),
                    "profile_id": ids[scores.labels],
                    "confidence": scores.confidence.astype(np.float64),
                    "fits_none": scores.fits_none(threshold),
                })

    return run


def _partition_sums(segmenter: MixedSegmenter, variables: list[str],
                    layout: _Layout) -> Callable[[Batches], Batches]:
    model = scorer(segmenter)
    enc = model.encoder_
    numeric = {v.column: v for v in enc.numeric_ if v.kind != "text"}
    threshold = float(segmenter.fit_threshold_)

    def run(batches: Batches) -> Batches:
        total = np.zeros(layout.length)
        with single_threaded_blas():
            for frame in batches:
                scores = model.score_rows(frame[variables])
                total += _sums(frame, scores.labels, scores.fits_none(threshold), layout,
                               model, numeric)
        yield pd.DataFrame({"stats": [total.tobytes()]})

    return run


def _sums(frame: pd.DataFrame, labels: np.ndarray, far: np.ndarray, layout: _Layout,
          model: MixedSegmenter, numeric: dict[str, Any]) -> np.ndarray:
    k = layout.k
    parts = [np.bincount(labels, minlength=k), np.bincount(labels[far], minlength=k)]
    for column in layout.numeric:
        values = model.encoder_._raw_numeric(frame[column], numeric[column], {})
        ok = np.isfinite(values)
        parts += [np.bincount(labels[ok], minlength=k),
                  np.bincount(labels[ok], weights=values[ok], minlength=k),
                  np.bincount(labels[ok], weights=values[ok] ** 2, minlength=k)]
    for cat, size in zip(model.encoder_.categorical_, layout.levels, strict=True):
        codes = model.encoder_.level_codes(frame[cat.column], cat)
        ok = codes >= 0
        parts.append(np.bincount(labels[ok] * size + codes[ok], minlength=k * size))
    for column in layout.kpis:
        found = _kpi_values(frame[column])
        values = np.full(len(frame), np.nan) if found is None else found
        ok = np.isfinite(values)
        weights = values[ok]
        parts += [np.bincount(labels[ok], minlength=k),
                  np.bincount(labels[ok], weights=weights, minlength=k)]
    return np.concatenate([np.asarray(p, dtype=np.float64) for p in parts])


def cluster_aggregates(frame: DataFrame, segmenter: MixedSegmenter, variables: list[str],
                       kpis: list[str], min_group_size: int) -> ClusterAggregates:
    """Per-profile sums over every row of *frame*, summed and suppressed on the driver."""
    enc = segmenter.encoder_
    layout = _Layout(segmenter.k_, [v.column for v in enc.numeric_ if v.kind != "text"],
                     list(enc.n_levels), list(kpis))
    columns = variables + [c for c in kpis if c not in variables]
    rows = frame.select(*columns).mapInPandas(
        _partition_sums(segmenter, columns, layout), STATS_SCHEMA).collect()
    total = np.sum([np.frombuffer(r["stats"], dtype=np.float64) for r in rows], axis=0)
    return _suppressed(total, layout, segmenter, min_group_size)


def _suppressed(total: np.ndarray, layout: _Layout, segmenter: MixedSegmenter,
                minimum: int) -> ClusterAggregates:
    k = layout.k
    chunks = iter(np.split(total, np.cumsum(_block_sizes(layout))[:-1]))
    sizes = next(chunks)
    n = int(sizes.sum())
    far = int(next(chunks).sum())
    out = ClusterAggregates(
        n=n, k=k, min_group_size=minimum, sizes=[_count(s, minimum) for s in sizes],
        shares=[float(s / n) if s >= minimum else None for s in sizes],
        fits_none=far if far >= minimum or far == 0 else None)
    for column in layout.numeric:
        count, s1, s2 = next(chunks), next(chunks), next(chunks)
        out.numeric[column] = _numeric(count, s1, s2, minimum)
    for cat, size in zip(segmenter.encoder_.categorical_, layout.levels, strict=True):
        table = next(chunks).reshape(k, size)
        out.levels[cat.name] = {level: [_count(c, minimum) for c in table[:, j]]
                                for j, level in enumerate(cat.levels)}
    for column in layout.kpis:
        count, s1 = next(chunks), next(chunks)
        out.kpis[column] = [float(s / c) if c >= minimum else None
                            for c, s in zip(count, s1, strict=True)]
    return out


def _block_sizes(layout: _Layout) -> list[int]:
    k = layout.k
    return [k, k] + [k] * 3 * len(layout.numeric) + [k * s for s in layout.levels] \
        + [k] * 2 * len(layout.kpis)


def _numeric(count: np.ndarray, s1: np.ndarray, s2: np.ndarray,
             minimum: int) -> NumericAggregate:
    mean: list[float | None] = []
    sd: list[float | None] = []
    for c, a, b in zip(count, s1, s2, strict=True):
        if c < minimum:
            mean.append(None)
            sd.append(None)
            continue
        m = a / c
        mean.append(float(m))
        sd.append(float(np.sqrt(max(b / c - m * m, 0.0) * c / max(c - 1, 1))))
    return NumericAggregate(mean=mean, sd=sd, n=[_count(c, minimum) for c in count])


def _count(value: float, minimum: int) -> int | None:
    """A count, or ``None`` when it could single out fewer people than the minimum."""
    count = int(round(value))
    return None if 0 < count < minimum else count
