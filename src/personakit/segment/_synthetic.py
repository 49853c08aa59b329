"""Mixed data with known segments: for the tests and benchmarks/bench_segment.py.

Segments of unequal size; 8 numeric variables (two skewed like revenue and visit counts),
6 categorical variables with 4-9 levels and one 6-option multi-select, each drawn
independently within a segment (the local independence a latent-class model assumes; the
sample organisation, ``personakit.sample``, is the test without that assumption).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from personakit.model import ColumnRole

OPTIONS = ("app", "email", "telefoon", "winkel", "chat", "post")


@dataclass
class MixedData:
    frame: pd.DataFrame
    roles: dict[str, ColumnRole]
    truth: np.ndarray


def segment_shares(k: int) -> np.ndarray:
    """Unequal sizes: 34/26/18/13/9 % for five segments (geometric for other k)."""
    if k == 5:
        return np.array([0.34, 0.26, 0.18, 0.13, 0.09])
    raw = 0.75 ** np.arange(k)
    return np.asarray(raw / raw.sum())


def make_mixed_data(n: int, *, k: int = 5, seed: int = 0, separation: float = 1.35,
                    missing: float = 0.0) -> MixedData:
    """*n* rows in *k* segments; *separation* scales how far segments sit apart."""
    params = np.random.default_rng(10_000 + k)  # segment definitions fixed per k
    rng = np.random.default_rng(seed)
    truth = rng.choice(k, size=n, p=segment_shares(k))
    order = np.argsort(truth, kind="stable")
    bounds = np.searchsorted(truth[order], np.arange(k + 1))
    columns: dict[str, np.ndarray] = {}
    roles: dict[str, ColumnRole] = {}
    for j in range(6):
        means = params.normal(0.0, separation, size=k)
        values = rng.normal(0.0, 1.0, size=n) + means[truth]
        columns[f"num{j + 1}"] = np.round(40 + 12 * values, 2)
        roles[f"num{j + 1}"] = ColumnRole.NUMERIC
    log_means = params.normal(0.0, 0.6 * separation, size=(2, k))
    columns["omzet"] = np.round(np.exp(5.0 + log_means[0][truth] + rng.normal(0, 0.8, n)), 2)
    columns["bezoeken"] = np.floor(np.exp(1.5 + log_means[1][truth] + rng.normal(0, 0.7, n)))
    roles["omzet"] = roles["bezoeken"] = ColumnRole.NUMERIC
    for j, levels in enumerate(range(4, 10)):
        probs = params.dirichlet(np.full(levels, 1.0 / separation), size=k)
        codes = np.empty(n, dtype=np.int64)
        for s in range(k):
            rows = order[bounds[s]: bounds[s + 1]]
            codes[rows] = rng.choice(levels, size=rows.size, p=probs[s])
        names = np.array([f"{chr(97 + j)}{i + 1}" for i in range(levels)], dtype=object)
        columns[f"cat{j + 1}"] = names[codes]
        roles[f"cat{j + 1}"] = ColumnRole.CATEGORICAL
    inclusion = params.uniform(0.1, 0.8, size=(k, len(OPTIONS)))
    flags = rng.random((n, len(OPTIONS))) < inclusion[truth]
    combos = flags @ (1 << np.arange(len(OPTIONS)))
    texts = np.array([";".join(o for i, o in enumerate(OPTIONS) if c >> i & 1)
                      for c in range(2 ** len(OPTIONS))], dtype=object)
    columns["kanalen"] = texts[combos]
    roles["kanalen"] = ColumnRole.MULTISELECT
    frame = pd.DataFrame(columns)
    if missing > 0:
        holes = rng.random(frame.shape) < missing
        frame = frame.mask(holes)
    return MixedData(frame, roles, truth)
