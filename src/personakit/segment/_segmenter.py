"""``MixedSegmenter``: customer profiles in mixed data, with the number of profiles chosen.

The method (why it won: docs/segmentation-method.md, figures from benchmarks/bench_segment.py):
a latent-class mixture model fitted by EM (``_mixture``). The number of profiles is chosen by
BIC on a random subsample among the k whose smallest profile is large enough; the chosen model
is refined on that subsample and applied to every row with one vectorised E-step, which is
also the assignment path. Stability comes from bootstrap refits on the subsample.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.validation import check_array, check_is_fitted
from threadpoolctl import threadpool_limits

from personakit.errors import InputError
from personakit.i18n import t
from personakit.model import KScore
from personakit.segment._encode import (
    Batch,
    MixedEncoder,
    Roles,
    dependent_within,
    normalise_roles,
)
from personakit.segment._mixture import (
    Design,
    MixtureParams,
    component_loglik,
    e_step,
    hard_responsibilities,
    init_labels,
    m_step,
    make_design,
    run_em,
    variable_loglik,
)

Progress = Callable[[str, float], None]
# Rows per E-step block over the full data: bounds the (rows, k) temporaries to ~10 MB.
CHUNK_ROWS = 262_144
# Profiles whose mean best-match Jaccard over bootstrap refits is below 0.75 are flagged
# unstable (Hennig 2007: below 0.6 a cluster dissolves, 0.6-0.75 it is a pattern at best).
UNSTABLE_BELOW = 0.75


class SegmentInputError(InputError, ValueError):
    """Input the segmenter cannot work with (also a ``ValueError`` for scikit-learn)."""


@dataclass
class RowScores:
    """Per-row results of applying a fitted model."""

    labels: np.ndarray
    runner_up: np.ndarray
    confidence: np.ndarray
    loglik: np.ndarray
    fit_score: np.ndarray
    n_observed: np.ndarray
    far: np.ndarray

    def fits_none(self, threshold: float) -> np.ndarray:
        """Rows far from every profile: low fit score, a far-out value, or no data at all."""
        return np.asarray((self.fit_score < threshold) | (self.far > 0) | (self.n_observed == 0))


class MixedSegmenter(ClusterMixin, BaseEstimator):  # type: ignore[misc]
    """Customer profiles in mixed data (numeric, categorical, ordinal, multi-select, text).

    Parameters
    ----------
    k
        Number of profiles, or ``"auto"`` to choose it in ``k_min..k_max``.
    k_min, k_max
        Range searched when ``k="auto"`` (the seeds' advice: 3-8 personas).
    seed
        Seed of every random step; the same data and seed give the same profiles.
    roles
        Column to :class:`~personakit.model.ColumnRole` (or a ``ColumnInfo`` list); ``None``
        infers numeric/categorical from the dtypes. Can also be passed to :meth:`fit`.
    weights
        Column to weight in the likelihood (a lens's weights); default 1.
    n_init
        Restarts per k (k-means++ seeds); the best log-likelihood wins.
    fit_sample
        Rows of the random subsample used to fit and choose k (all rows when fewer).
    min_profile_share, min_profile_size
        A k is admissible only when its smallest profile reaches both.
    stability_refits
        Bootstrap refits for the stability estimate (0: none).
    text_components
        Components per free-text column (TF-IDF + SVD); 0 leaves text out (default).
    fits_none_quantile
        Rows whose fit score (log-likelihood per observed variable, standardised) is below
        this quantile of the training rows fit no profile.
    elbow
        k stops where one more profile improves BIC by less than this share of the largest
        earlier improvement (see :func:`choose_k`).
    max_missing_share
        A column missing for more than this share of the rows is left out.

    Attributes
    ----------
    labels_, k_, scores_, params_, encoder_, stability_, profile_stability_,
    fit_threshold_, left_out_, n_features_in_, feature_names_in_
    """

    def __init__(self, k: int | str = "auto", k_min: int = 3, k_max: int = 8, seed: int = 0,
                 roles: Roles | None = None, weights: Mapping[str, float] | None = None,
                 n_init: int = 3, fit_sample: int = 50_000, min_profile_share: float = 0.05,
                 min_profile_size: int = 10, stability_refits: int = 8,
                 stability_sample: int = 20_000, max_iter: int = 300, tol: float = 1e-5,
                 text_components: int = 0, fits_none_quantile: float = 0.005,
                 elbow: float = 0.25, max_missing_share: float = 0.95) -> None:
        self.k = k
        self.k_min = k_min
        self.k_max = k_max
        self.seed = seed
        self.roles = roles
        self.weights = weights
        self.n_init = n_init
        self.fit_sample = fit_sample
        self.min_profile_share = min_profile_share
        self.min_profile_size = min_profile_size
        self.stability_refits = stability_refits
        self.stability_sample = stability_sample
        self.max_iter = max_iter
        self.tol = tol
        self.text_components = text_components
        self.fits_none_quantile = fits_none_quantile
        self.elbow = elbow
        self.max_missing_share = max_missing_share

    # -- fitting ------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None, *, roles: Roles | None = None,
            progress: Progress | None = None) -> MixedSegmenter:
        """Fit on a frame (or array); *roles* overrides the ``roles`` parameter."""
        with single_threaded_blas():
            return self._fit(X, roles, progress)

    def _fit(self, X: Any, roles: Roles | None, progress: Progress | None) -> MixedSegmenter:
        frame = self._as_frame(X, reset=True)
        report = progress or (lambda _step, _share: None)
        rng = np.random.default_rng(self.seed)
        ks = self._candidate_ks(len(frame))
        report("encode", 0.0)
        self.encoder_ = MixedEncoder(text_components=self.text_components,
                                     weights=dict(self.weights or {}), seed=self.seed,
                                     max_missing=self.max_missing_share)
        self.encoder_.fit(frame, normalise_roles(roles if roles is not None else self.roles,
                                                 frame))
        self.left_out_ = dict(self.encoder_.left_out_)
        if not self.encoder_.numeric_ and not self.encoder_.categorical_:
            raise SegmentInputError("segment.error.no_variables",
                                    left_out=left_out_text(self.left_out_))
        design, far = self._encode(frame)
        if int(design.mask.sum() + design.onehot.sum()) == 0:
            raise SegmentInputError("segment.error.all_missing")
        rows = np.sort(rng.choice(design.n, size=min(self.fit_sample, design.n), replace=False))
        sub = design.take(rows)
        fits = self._select_k(sub, ks, rng, len(frame), report)
        dependent = dependent_within(self.encoder_, frame.iloc[rows],
                                     e_step(sub, fits[self.k_])[0].argmax(axis=1))
        if dependent:
            # Local dependence found: leave those variables out and choose k again.
            design, sub = self._without(dict(dependent), design, sub)
            fits = self._select_k(sub, ks, rng, len(frame), report)
        report("apply", 0.9)
        self.params_ = _sorted_by_size(fits[self.k_])
        self._calibrate_fit_score(sub)
        scores = self._apply(design, far)
        self.labels_ = scores.labels
        self.fit_threshold_ = float(np.quantile(scores.fit_score[scores.n_observed > 0],
                                                self.fits_none_quantile))
        self.train_scores_ = scores
        self.fits_none_share_ = float(scores.fits_none(self.fit_threshold_).mean())
        report("stability", 0.95)
        self._stability(sub, rng)
        return self

    def _as_frame(self, X: Any, *, reset: bool) -> pd.DataFrame:
        if isinstance(X, pd.DataFrame):
            frame = X
        else:
            array = check_array(X, ensure_all_finite="allow-nan", dtype=np.float64)
            frame = pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])
        if reset:
            self.n_features_in_ = frame.shape[1]
            if isinstance(X, pd.DataFrame):
                self.feature_names_in_ = np.asarray([str(c) for c in frame.columns],
                                                    dtype=object)
        elif not isinstance(X, pd.DataFrame) and frame.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {frame.shape[1]} features, but MixedSegmenter is expecting "
                f"{self.n_features_in_} features as input."
            )
        return frame

    def _select_k(self, sub: Design, ks: list[int], rng: np.random.Generator, n_total: int,
                  report: Progress) -> dict[int, MixtureParams]:
        fits: dict[int, MixtureParams] = {}
        for step, k in enumerate(ks):
            report("k", step / (len(ks) + 1))
            fits[k] = self._fit_best(sub, k, rng, self.tol)
        # Downward pass: each k also starts from the k+1 solution with its two most similar
        # profiles merged, and keeps whichever fits better. Random starts alone sometimes
        # miss a k's best solution that the next k finds (a BIC curve with a kink).
        for k in sorted(ks, reverse=True)[1:]:
            if k + 1 in fits:
                merged = self._merged(sub, fits[k + 1])
                if _loglik(sub, merged) > _loglik(sub, fits[k]):
                    fits[k] = merged
        self.scores_: list[KScore] = [self._score(sub, fits[k], n_total) for k in ks]
        self.k_ = self._choose(ks)
        return fits

    def _merged(self, d: Design, params: MixtureParams) -> MixtureParams:
        """EM from *params* with the pair of profiles whose merge costs least merged."""
        resp = e_step(d, params)[0]
        k = params.k
        best: tuple[float, MixtureParams] | None = None
        for i in range(k):
            for j in range(i + 1, k):
                keep = [c for c in range(k) if c not in (i, j)]
                merged = np.column_stack([resp[:, keep], resp[:, i] + resp[:, j]])
                candidate = m_step(d, merged)
                ll = _loglik(d, candidate)
                if best is None or ll > best[0]:
                    best = (ll, candidate)
        assert best is not None
        return run_em(d, best[1], max_iter=self.max_iter, tol=self.tol).params

    def _without(self, dependent: dict[str, str], design: Design,
                 sub: Design) -> tuple[Design, Design]:
        enc = self.encoder_
        keep_num = [i for i, v in enumerate(enc.numeric_) if v.column not in dependent]
        keep_cat = [i for i, v in enumerate(enc.categorical_) if v.column not in dependent]
        for column, kept in dependent.items():
            self.left_out_[column] = f"dependent:{kept}"
        enc.drop(set(dependent))
        return design.select(keep_num, keep_cat), sub.select(keep_num, keep_cat)

    def _candidate_ks(self, n: int) -> list[int]:
        if self.k == "auto":
            ks = list(range(int(self.k_min), int(self.k_max) + 1))
        elif isinstance(self.k, int | np.integer) and int(self.k) >= 1:
            ks = [int(self.k)]
        else:
            raise ValueError(f"k must be 'auto' or a positive integer, got {self.k!r}")
        if not ks:
            raise ValueError(f"empty k range {self.k_min}..{self.k_max}")
        needed = ks[0] * max(int(self.min_profile_size), 1)
        if n < needed:
            raise SegmentInputError("segment.error.too_few_rows", rows=n, k=ks[0],
                                    min_size=self.min_profile_size, needed=needed)
        return ks

    def _design(self, frame: pd.DataFrame) -> Design:
        return self._encode(frame)[0]

    def _encode(self, frame: Batch) -> tuple[Design, np.ndarray]:
        enc = self.encoder_.transform(frame)
        return make_design(
            enc, self.encoder_.n_levels,
            np.array([v.weight for v in self.encoder_.numeric_], dtype=np.float64),
            np.array([v.weight for v in self.encoder_.categorical_], dtype=np.float64),
        ), enc.far

    def _score(self, d: Design, params: MixtureParams, n_total: int) -> KScore:
        k = params.k
        resp, logpx = e_step(d, params)
        loglik = float(logpx.sum())
        sizes = np.bincount(resp.argmax(axis=1), minlength=k)
        bic = -2.0 * loglik + params.n_parameters(d.sizes) * np.log(d.n)
        # ICL adds the classification entropy to BIC: it penalises profiles that overlap.
        with np.errstate(divide="ignore", invalid="ignore"):
            plogp = np.where(resp > 0, resp * np.log(np.maximum(resp, 1e-30)), 0.0)
        class_entropy = float(-plogp.sum())
        relative = 1.0 - class_entropy / (d.n * np.log(k)) if k > 1 else 1.0
        min_share = float(sizes.min() / d.n)
        score = KScore(k=k, bic=round(float(bic), 2), min_share=min_share,
                       icl=round(float(bic + 2.0 * class_entropy), 2),
                       entropy=round(float(relative), 4))
        if min_share < self.min_profile_share or min_share * n_total < self.min_profile_size:
            score.note = "too_small"
        return score

    def _fit_best(self, d: Design, k: int, rng: np.random.Generator,
                  tol: float) -> MixtureParams:
        # Short EM runs from several starts, then the best one continued to convergence:
        # the restarts rarely change rank after 25 iterations, and full runs cost 5x more.
        best: tuple[float, MixtureParams] | None = None
        for _ in range(max(1, self.n_init)):
            params = m_step(d, hard_responsibilities(init_labels(d, k, rng), k))
            result = run_em(d, params, max_iter=25, tol=tol)
            if best is None or result.loglik > best[0]:
                best = (result.loglik, result.params)
        assert best is not None
        return run_em(d, best[1], max_iter=self.max_iter, tol=tol).params

    def _choose(self, ks: list[int]) -> int:
        chosen = choose_k(self.scores_, self.elbow)
        chosen.chosen = True
        return chosen.k

    # -- applying -----------------------------------------------------------------------
    def _calibrate_fit_score(self, sub: Design) -> None:
        # Each variable's log-density is standardised by its spread over the training rows,
        # so a record with 2 observed variables is judged on the same scale as one with 20.
        resp, _ = e_step(sub, self.params_)
        terms = variable_loglik(sub, self.params_, resp.argmax(axis=1))
        self.loglik_mean_ = np.nan_to_num(np.nanmean(terms, axis=0))
        sd = np.nan_to_num(np.nanstd(terms, axis=0))
        self.loglik_sd_ = np.where(sd > 1e-6, sd, 1.0)

    def _fit_scores(self, d: Design, labels: np.ndarray) -> np.ndarray:
        # sum_j (l_j - mean_j) / sd_j over observed j, as matrix products (no per-variable
        # gathers): the log-likelihood with weights 1/sd_j, minus the observed means' sum.
        p = d.x.shape[1]
        inv_num, inv_cat = 1.0 / self.loglik_sd_[:p], 1.0 / self.loglik_sd_[p:]
        inv_lev = np.repeat(inv_cat, d.sizes)
        weighted = component_loglik(d, self.params_, inv_num, inv_lev)
        own = weighted[np.arange(d.n), labels].astype(np.float64)
        offset = d.mask @ (self.loglik_mean_[:p] * inv_num).astype(np.float32)
        if d.onehot.shape[1]:
            offset += d.onehot @ np.repeat(self.loglik_mean_[p:] * inv_cat,
                                           d.sizes).astype(np.float32)
        observed = d.mask.sum(axis=1) + d.onehot.sum(axis=1)
        return np.asarray((own - offset) / np.sqrt(np.maximum(observed, 1)))

    def _apply(self, d: Design, far: np.ndarray | None = None) -> RowScores:
        n = d.n
        labels = np.empty(n, dtype=np.int64)
        runner_up = np.empty(n, dtype=np.int64)
        confidence = np.empty(n, dtype=np.float32)
        loglik = np.empty(n, dtype=np.float64)
        fit_score = np.empty(n, dtype=np.float64)
        for start in range(0, n, CHUNK_ROWS):
            part = slice(start, min(n, start + CHUNK_ROWS))
            block = d.take(np.arange(part.start, part.stop))
            resp, logpx = e_step(block, self.params_)
            labels[part] = resp.argmax(axis=1)
            runner_up[part] = _second_best(resp)
            confidence[part] = resp.max(axis=1)
            loglik[part] = logpx
            fit_score[part] = self._fit_scores(block, labels[part])
        n_observed = (d.mask.sum(axis=1) + d.onehot.sum(axis=1)).astype(np.int64)
        return RowScores(labels, runner_up, confidence, loglik, fit_score, n_observed,
                         np.zeros(n, dtype=np.int64) if far is None else far)

    def score_rows(self, X: Any) -> RowScores:
        """Labels, confidence, log-likelihood and fit score of new rows."""
        check_is_fitted(self, "params_")
        with single_threaded_blas():
            return self._apply(*self._encode(self._as_frame(X, reset=False)))

    def predict(self, X: Any) -> np.ndarray:
        return self.score_rows(X).labels

    def predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "params_")
        design = self._design(self._as_frame(X, reset=False))
        with single_threaded_blas():
            return e_step(design, self.params_)[0].astype(np.float64)

    def score_samples(self, X: Any) -> np.ndarray:
        return self.score_rows(X).loglik

    # -- stability ----------------------------------------------------------------------
    def _stability(self, sub: Design, rng: np.random.Generator) -> None:
        self.stability_: float | None = None
        self.profile_stability_: np.ndarray | None = None
        if self.stability_refits <= 0:
            return
        size = min(self.stability_sample, sub.n)
        common = sub.take(np.arange(size))
        reference = e_step(common, self.params_)[0].argmax(axis=1)
        aris, jaccards = [], []
        for _ in range(self.stability_refits):
            boot = sub.take(rng.integers(0, sub.n, size=size))
            # Each refit starts once at random and once from the solution itself, keeping
            # the better: instability then means the data do not pin the profiles down,
            # not an unlucky start (one random start alone read 0.77 where 0.99 is right).
            warm = run_em(boot, self.params_, max_iter=self.max_iter, tol=1e-4)
            cold = run_em(boot, m_step(boot, hard_responsibilities(
                init_labels(boot, self.k_, rng), self.k_)), max_iter=self.max_iter, tol=1e-4)
            refit = (warm if warm.loglik >= cold.loglik else cold).params
            labels = e_step(common, refit)[0].argmax(axis=1)
            aris.append(adjusted_rand_score(reference, labels))
            jaccards.append(best_match_jaccard(reference, labels, self.k_))
        self.stability_ = float(np.mean(aris))
        self.profile_stability_ = np.mean(jaccards, axis=0)
        for score in self.scores_:
            if score.chosen:
                score.stability = round(self.stability_, 4)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


def single_threaded_blas() -> Any:
    """BLAS on one thread: our products are (rows x ~60) by (~60 x k) with k <= 8, too thin
    for threads to pay off; on a busy 2-core machine OpenBLAS threads made fitting 3x
    slower (53 s against 16 s at 100,000 rows, benchmarks/bench_segment.py)."""
    return threadpool_limits(limits=1, user_api="blas")


def choose_k(scores: list[KScore], elbow: float) -> KScore:
    """The smallest admissible k after which one more profile gains little BIC.

    With many rows BIC keeps rewarding extra profiles that only mend small departures from
    the model's assumptions (skewed or correlated variables within a profile). So k stops
    where the next profile improves BIC by less than *elbow* times the largest improvement
    of a previous step, or not at all, or would be too small (docs/segmentation-method.md).
    A small gain does not stop k when the extra profile also separates people at least as
    clearly (relative entropy not lower, ICL lower): then it is a real profile, not a mended
    misfit. On the 28 scenarios and the sample organisation this rule finds the true k in
    30 of 31 cases; the elbow alone in 29, plain lowest BIC or ICL less often.
    Every score gets its BIC ``gain`` over k - 1 and a ``decision`` code saying why it was
    or was not chosen.
    """
    ordered = sorted(scores, key=lambda s: s.k)
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if previous.bic is not None and current.bic is not None:
            current.gain = round(previous.bic - current.bic, 2)
    chosen = _elbow_choice(ordered, elbow)
    for score in ordered:
        if score is chosen:
            continue
        if score.note is not None:
            score.decision = "too_small"
        elif score.k < chosen.k and score.decision == "next_separates":
            continue
        elif score.k < chosen.k:
            score.decision = "next_gains"
        elif score.gain is not None and score.gain <= 0:
            score.decision = "no_gain"
        else:
            score.decision = "small_gain"
    return chosen


def _elbow_choice(ordered: list[KScore], elbow: float) -> KScore:
    best_gain = 0.0
    for current, following in zip(ordered, ordered[1:], strict=False):
        if current.note is not None:
            continue
        gain = following.gain or 0.0
        if following.note is not None:
            current.decision = "chosen_next_too_small"
            return current
        if gain <= 0:
            current.decision = "chosen_no_gain"
            return current
        if best_gain > 0 and gain < elbow * best_gain:
            if not _separates(current, following):
                current.decision = "chosen_elbow"
                return current
            current.decision = "next_separates"
        best_gain = max(best_gain, gain)
    admissible = [s for s in ordered if s.note is None]
    if admissible and ordered[-1].note is None:
        ordered[-1].decision = "chosen_largest" if len(ordered) > 1 else "chosen_given"
        return ordered[-1]
    pool = admissible or ordered
    best = min(pool, key=lambda s: s.bic if s.bic is not None else np.inf)
    best.decision = "chosen_lowest_bic" if admissible else "chosen_none_admissible"
    return best


def _separates(current: KScore, following: KScore) -> bool:
    """One more profile separates at least as clearly: entropy not lower, ICL lower."""
    if None in (current.entropy, following.entropy, current.icl, following.icl):
        return False
    return bool(following.entropy >= current.entropy  # type: ignore[operator]
                and following.icl < current.icl)  # type: ignore[operator]


def best_match_jaccard(reference: np.ndarray, other: np.ndarray, k: int) -> np.ndarray:
    """Per reference profile: the highest Jaccard overlap with any profile of *other*."""
    table = pd.crosstab(reference, other).reindex(index=range(k), fill_value=0).to_numpy()
    ref_sizes = table.sum(axis=1, keepdims=True)
    other_sizes = table.sum(axis=0, keepdims=True)
    union = ref_sizes + other_sizes - table
    jaccard = np.where(union > 0, table / np.maximum(union, 1), 0.0)
    return np.asarray(jaccard.max(axis=1), dtype=np.float64)


def _loglik(d: Design, params: MixtureParams) -> float:
    return float(e_step(d, params)[1].sum())


def _second_best(resp: np.ndarray) -> np.ndarray:
    if resp.shape[1] < 2:
        return np.zeros(resp.shape[0], dtype=np.int64)
    return np.asarray(np.argpartition(-resp, 1, axis=1)[:, 1], dtype=np.int64)


def _sorted_by_size(params: MixtureParams) -> MixtureParams:
    return params.permuted(np.argsort(-params.weights, kind="stable"))


def left_out_text(left_out: Mapping[str, str]) -> str:
    """``a (constant), b (personal data)``: the columns left out and why, in words."""
    return ", ".join(f"{name} ({left_out_reason(reason)})"
                     for name, reason in left_out.items()) or "-"


_REASONS = {"personal", "identifier", "ignore", "all_missing", "constant", "text",
            "identifier_like", "not_found", "mostly_missing"}


def left_out_reason(code: str) -> str:
    """Why a column was left out of the model, in the current language."""
    kind, _, other = code.partition(":")
    if kind in ("redundant", "dependent", "part") and other:
        return t(f"segment.reason_left.{kind}", column=other)
    return t(f"segment.reason_left.{code}") if code in _REASONS else code
