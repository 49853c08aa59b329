"""Distributed EM over partitions: the local mixture model's E-step on every partition,
its sufficient statistics summed on the driver, the M-step from those sums.

The model family, encoding and weights are the local ones (``personakit.segment``): each
partition is encoded by the fitted :class:`~personakit.segment.MixedEncoder` and scored
with the local ``e_step``. Only the statistics (about ``k * (3p + L)`` numbers per
partition) travel to the driver.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from personakit.segment._encode import Encoded
from personakit.segment._mixture import (
    LEVEL_PRIOR,
    VAR_FLOOR,
    Design,
    EMResult,
    MixtureParams,
    e_step,
    make_design,
)
from personakit.segment._segmenter import MixedSegmenter, single_threaded_blas

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

Batches = Iterator[pd.DataFrame]
ENCODED_SCHEMA = "n long, num binary, codes binary"
STATS_SCHEMA = "stats binary"


@dataclass
class Shape:
    """What rebuilding a design from its compact form needs (no data)."""

    p: int
    sizes: np.ndarray
    w_num: np.ndarray
    w_cat: np.ndarray

    @classmethod
    def of(cls, segmenter: MixedSegmenter) -> Shape:
        enc = segmenter.encoder_
        return cls(len(enc.numeric_), np.asarray(enc.n_levels, dtype=np.int64),
                   np.array([v.weight for v in enc.numeric_], dtype=np.float64),
                   np.array([v.weight for v in enc.categorical_], dtype=np.float64))

    @property
    def starts(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.int64)

    def design(self, num: np.ndarray, codes: np.ndarray) -> Design:
        n = num.shape[0]
        onehot = np.zeros((n, int(self.sizes.sum())), dtype=np.float32)
        for v, start in enumerate(self.starts):
            rows = np.flatnonzero(codes[:, v] >= 0)
            onehot[rows, start + codes[rows, v]] = 1.0
        return make_design(Encoded(num, onehot, np.zeros(n, dtype=np.int64)),
                           list(self.sizes), self.w_num, self.w_cat)


def scorer(segmenter: MixedSegmenter) -> MixedSegmenter:
    """A copy without per-row training state: what is shipped to the executors."""
    slim = copy.copy(segmenter)
    for name in ("labels_", "train_scores_"):
        slim.__dict__.pop(name, None)
    return slim


def compact(design: Design) -> tuple[np.ndarray, np.ndarray]:
    """(num with NaN where missing, float32; level code per categorical variable, int16,
    -1 where missing): 4p + 2V bytes a row instead of 4(3p + L) for the full design."""
    num = np.where(design.mask > 0, design.x, np.nan).astype(np.float32)
    codes = np.full((design.n, len(design.sizes)), -1, dtype=np.int16)
    for v, (start, size) in enumerate(zip(design.starts, design.sizes, strict=True)):
        block = design.onehot[:, start:start + size]
        seen = block.sum(axis=1) > 0
        codes[seen, v] = block[seen].argmax(axis=1)
    return num, codes


def encode_partitions(segmenter: MixedSegmenter,
                      variables: list[str]) -> Callable[[Batches], Batches]:
    """``mapInPandas`` function: each Arrow batch encoded once, as one compact row."""
    model = scorer(segmenter)

    def run(batches: Batches) -> Batches:
        with single_threaded_blas():
            for frame in batches:
                if not len(frame):
                    continue
                num, codes = compact(model._design(frame[variables]))
                yield pd.DataFrame({"n": [len(frame)], "num": [num.tobytes()],
                                    "codes": [codes.tobytes()]})

    return run


def _unpack(row: pd.Series, shape: Shape) -> Design:
    n = int(row["n"])
    num = np.frombuffer(row["num"], dtype=np.float32).reshape(n, shape.p)
    codes = np.frombuffer(row["codes"], dtype=np.int16).reshape(n, len(shape.sizes))
    return shape.design(num, codes.astype(np.int64))


def statistics(d: Design, params: MixtureParams) -> np.ndarray:
    """One flat float64 vector: rows, sum of log p(x), then per profile the sums the M-step
    needs (responsibility, observed counts, sums and squares per numeric variable, level
    counts)."""
    resp, logpx = e_step(d, params)
    rt = resp.T
    parts = [np.array([d.n, float(logpx.sum())]), resp.sum(axis=0), rt @ d.mask, rt @ d.x,
             rt @ d.x2, rt @ d.onehot]
    return np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in parts])


def m_step_from_statistics(total: np.ndarray, k: int, shape: Shape) -> MixtureParams:
    """The local ``m_step`` (same floors and prior), from summed statistics."""
    p, n_lev = shape.p, int(shape.sizes.sum())
    cuts = np.cumsum([2, k, k * p, k * p, k * p, k * n_lev])
    _, nk, counts, sx, sx2, level = np.split(total, cuts[:-1])
    nk = nk + 1e-10
    counts = counts.reshape(k, p) + 1e-10
    means = sx.reshape(k, p) / counts
    variances = np.maximum(sx2.reshape(k, p) / counts - means**2, VAR_FLOOR)
    if n_lev:
        lev = level.reshape(k, n_lev) + LEVEL_PRIOR
        totals = np.add.reduceat(lev, shape.starts, axis=1)
        probs = lev / np.repeat(totals, shape.sizes, axis=1)
    else:
        probs = np.zeros((k, 0))
    return MixtureParams(nk / nk.sum(), means, variances, probs)


def _statistics_partitions(params: MixtureParams, shape: Shape) -> Callable[[Batches], Batches]:
    def run(batches: Batches) -> Batches:
        total: np.ndarray | None = None
        with single_threaded_blas():
            for frame in batches:
                for _, row in frame.iterrows():
                    part = statistics(_unpack(row, shape), params)
                    total = part if total is None else total + part
        # One row per partition: the per-partition sum of sufficient statistics.
        if total is not None:
            yield pd.DataFrame({"stats": [total.tobytes()]})

    return run


def summed_statistics(encoded: DataFrame, params: MixtureParams, shape: Shape) -> np.ndarray:
    rows = encoded.mapInPandas(_statistics_partitions(params, shape), STATS_SCHEMA).collect()
    return np.asarray(np.sum([np.frombuffer(r["stats"], dtype=np.float64) for r in rows],
                             axis=0), dtype=np.float64)


def distributed_em(encoded: DataFrame, params: MixtureParams, shape: Shape, *,
                   max_iter: int, tol: float,
                   progress: Callable[[int], None] | None = None) -> EMResult:
    """EM from *params* over every row of *encoded* (see :func:`encode_partitions`), stopping
    as the local ``run_em`` does: when the mean log-likelihood per row changes by less than
    *tol*. One Spark job per iteration."""
    previous = -np.inf
    current = -np.inf
    n = 0.0
    for iteration in range(1, max_iter + 1):
        total = summed_statistics(encoded, params, shape)
        n, current = float(total[0]), float(total[1] / max(total[0], 1.0))
        params = m_step_from_statistics(total, params.k, shape)
        if progress is not None:
            progress(iteration)
        if abs(current - previous) < tol:
            return EMResult(params, current * n, iteration, True)
        previous = current
    return EMResult(params, current * n, max_iter, False)
