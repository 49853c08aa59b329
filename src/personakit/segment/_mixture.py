"""A mixed latent-class model fitted by EM, vectorised with numpy.

Each profile is a product of independent parts: a diagonal Gaussian per numeric variable and
a categorical distribution per categorical variable (a multi-select option is a yes/no
variable). A missing value is left out of the product (marginalised), so no row is dropped
and no value is invented. Every step is a few matrix products over all rows, in float32:
this is what makes 1,000,000 rows take seconds (benchmarks/bench_segment.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from personakit.segment._encode import Encoded

LOG_2PI = float(np.log(2.0 * np.pi))
# Variances are floored at 1 % of a variable's overall variance (the data are standardised):
# without a floor a profile can sit on one value of a Likert item and its likelihood explodes.
VAR_FLOOR = 1e-2
# One pseudo-observation per level keeps every probability above zero (an unseen combination
# in new data still gets a finite likelihood) and is negligible beyond a few hundred rows.
LEVEL_PRIOR = 1.0


@dataclass
class Design:
    """The encoded rows prepared for EM (zeros where missing, plus observed masks)."""

    x: np.ndarray  # (n, p) values, 0 where missing
    x2: np.ndarray  # (n, p) squares
    mask: np.ndarray  # (n, p) 1 where observed
    onehot: np.ndarray  # (n, L)
    starts: np.ndarray  # (V,) first one-hot column of each categorical variable
    sizes: np.ndarray  # (V,) levels per categorical variable
    w_num: np.ndarray  # (p,) weight per numeric variable
    w_lev: np.ndarray  # (L,) weight per one-hot column (its variable's weight)

    @property
    def n(self) -> int:
        return int(self.x.shape[0])

    def select(self, numeric: list[int], categorical: list[int]) -> Design:
        """The design restricted to some numeric and some categorical variables."""
        cols = [np.arange(self.starts[v], self.starts[v] + self.sizes[v]) for v in categorical]
        levels = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        sizes = self.sizes[categorical]
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        return Design(self.x[:, numeric], self.x2[:, numeric], self.mask[:, numeric],
                      self.onehot[:, levels], starts, sizes, self.w_num[numeric],
                      self.w_lev[levels])

    def take(self, rows: np.ndarray) -> Design:
        return Design(self.x[rows], self.x2[rows], self.mask[rows], self.onehot[rows],
                      self.starts, self.sizes, self.w_num, self.w_lev)


def make_design(enc: Encoded, sizes: list[int], w_num: np.ndarray,
                w_cat: np.ndarray) -> Design:
    mask = np.isfinite(enc.num)
    x = np.where(mask, enc.num, 0.0).astype(np.float32)
    sizes_arr = np.asarray(sizes, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes_arr)[:-1]]).astype(np.int64)
    return Design(
        x=x, x2=x * x, mask=mask.astype(np.float32), onehot=enc.onehot, starts=starts,
        sizes=sizes_arr, w_num=w_num.astype(np.float32),
        w_lev=np.repeat(w_cat, sizes_arr).astype(np.float32),
    )


@dataclass
class MixtureParams:
    """Parameters of a fitted mixture: weights, Gaussian means/variances, level probabilities."""

    weights: np.ndarray  # (k,)
    means: np.ndarray  # (k, p)
    variances: np.ndarray  # (k, p)
    probs: np.ndarray  # (k, L)

    @property
    def k(self) -> int:
        return int(self.weights.shape[0])

    def permuted(self, order: np.ndarray) -> MixtureParams:
        return MixtureParams(self.weights[order], self.means[order], self.variances[order],
                             self.probs[order])

    def n_parameters(self, sizes: np.ndarray) -> int:
        p = self.means.shape[1]
        return int(self.k - 1 + self.k * 2 * p + self.k * int(np.sum(sizes - 1)))


def component_loglik(d: Design, params: MixtureParams, w_num: np.ndarray | None = None,
                     w_lev: np.ndarray | None = None) -> np.ndarray:
    """log p(x_i | profile c) for every row and profile, (n, k) float32.

    Each variable's term is multiplied by its weight (default: the design's lens weights).
    """
    w_num = d.w_num if w_num is None else w_num
    w_lev = d.w_lev if w_lev is None else w_lev
    inv = w_num / params.variances  # (k, p)
    const = w_num * (params.means**2 / params.variances + np.log(params.variances) + LOG_2PI)
    quad = d.x2 @ inv.T.astype(np.float32)
    quad -= 2.0 * (d.x @ (params.means * inv).T.astype(np.float32))
    quad += d.mask @ const.T.astype(np.float32)
    ll = -0.5 * quad
    if d.onehot.shape[1]:
        logp = (np.log(params.probs) * w_lev).T.astype(np.float32)
        ll += d.onehot @ logp
    return np.asarray(ll)


def variable_loglik(d: Design, params: MixtureParams, labels: np.ndarray) -> np.ndarray:
    """(n, p + V) log-density of each observed variable under each row's profile (NaN where
    missing): the per-variable terms of :func:`component_loglik`, unweighted."""
    mu, var = params.means[labels], params.variances[labels]
    num = -0.5 * (np.log(var) + LOG_2PI + (d.x - mu) ** 2 / var)
    num = np.where(d.mask > 0, num, np.nan)
    if not d.onehot.shape[1]:
        return np.asarray(num)
    terms = np.log(params.probs)[labels] * d.onehot
    cat = np.add.reduceat(terms, d.starts, axis=1)
    observed = np.add.reduceat(d.onehot, d.starts, axis=1) > 0
    return np.hstack([num, np.where(observed, cat, np.nan)])


def e_step(d: Design, params: MixtureParams) -> tuple[np.ndarray, np.ndarray]:
    """Responsibilities (n, k) and log p(x_i) per row (float64)."""
    joint = component_loglik(d, params)
    joint += np.log(params.weights).astype(np.float32)
    top = joint.max(axis=1, keepdims=True)
    np.subtract(joint, top, out=joint)
    np.exp(joint, out=joint)
    total = joint.sum(axis=1, keepdims=True)
    joint /= total
    return joint, (np.log(total[:, 0]).astype(np.float64) + top[:, 0])


def m_step(d: Design, resp: np.ndarray) -> MixtureParams:
    nk = resp.sum(axis=0).astype(np.float64) + 1e-10
    rt = resp.T
    counts = (rt @ d.mask).astype(np.float64) + 1e-10
    means = (rt @ d.x).astype(np.float64) / counts
    variances = (rt @ d.x2).astype(np.float64) / counts - means**2
    variances = np.maximum(variances, VAR_FLOOR)
    if d.onehot.shape[1]:
        level = (rt @ d.onehot).astype(np.float64) + LEVEL_PRIOR
        totals = np.add.reduceat(level, d.starts, axis=1)
        probs = level / np.repeat(totals, d.sizes, axis=1)
    else:
        probs = np.zeros((resp.shape[1], 0))
    return MixtureParams(nk / nk.sum(), means, variances, probs)


def hard_responsibilities(labels: np.ndarray, k: int) -> np.ndarray:
    resp = np.zeros((labels.shape[0], k), dtype=np.float32)
    resp[np.arange(labels.shape[0]), labels] = 1.0
    return resp


@dataclass
class EMResult:
    params: MixtureParams
    loglik: float
    n_iter: int
    converged: bool


def run_em(d: Design, params: MixtureParams, *, max_iter: int, tol: float) -> EMResult:
    """EM from *params* until the mean log-likelihood per row improves by less than *tol*."""
    previous = -np.inf
    for iteration in range(1, max_iter + 1):
        resp, logpx = e_step(d, params)
        current = float(logpx.mean())
        params = m_step(d, resp)
        if abs(current - previous) < tol:
            return EMResult(params, current * d.n, iteration, True)
        previous = current
    _, logpx = e_step(d, params)
    return EMResult(params, float(logpx.sum()), max_iter, False)


def init_labels(d: Design, k: int, rng: np.random.Generator, sample: int = 3000) -> np.ndarray:
    """Start labels from k-means++ seeds plus a few Lloyd steps on a sample, for all rows."""
    from sklearn.cluster import KMeans

    points = _init_space(d)
    rows = rng.choice(d.n, size=min(sample, d.n), replace=False)
    km = KMeans(n_clusters=k, n_init=1, max_iter=10,
                random_state=int(rng.integers(2**31 - 1))).fit(points[rows])
    centers = km.cluster_centers_.astype(np.float32)
    dist = (points**2).sum(1, keepdims=True) - 2.0 * points @ centers.T + (centers**2).sum(1)
    return np.asarray(dist.argmin(axis=1), dtype=np.int64)


def _init_space(d: Design) -> np.ndarray:
    # One-hot columns scaled by 1/sqrt(2) so a categorical difference weighs about as much as
    # one standard deviation of a numeric variable (as in k-prototypes' gamma heuristic).
    num = d.x * np.sqrt(d.w_num)
    cat = d.onehot * np.sqrt(d.w_lev / 2.0)
    return np.hstack([num, cat]).astype(np.float32)
