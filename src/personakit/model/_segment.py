"""Models of segmentation results: customer profiles and how they were found."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class VariableEffect(BaseModel):
    """How one variable (or one level of it) sets a profile apart from the rest.

    Parameters
    ----------
    variable
        Column name (a linked column, e.g. ``leeftijd`` or ``web__stap__offerte``).
    level
        For categorical, ordinal and multi-select variables: the level or option; ``None``
        for a numeric variable.
    kind
        ``"mean"``: numeric values compared by mean (``profile_value`` and ``rest_value`` are
        means; ``median_*`` also given). ``"share"``: share of members with ``level``.
    effect
        Standardised difference (Cohen's d for means; Cohen's h for shares).
    lift
        ``profile_value / rest_value`` for shares (``None`` for means).
    ci_low, ci_high
        95 % confidence interval of the profile value (Wilson for shares, t for means).
    p_value, q_value
        Test of profile vs rest; ``q_value`` corrected for multiple testing (Benjamini-Hochberg
        over all variables of the segmentation).
    n_profile, n_rest
        Number of non-missing observations behind each side.
    top_box_profile, top_box_rest, top_box_levels
        For a worded scale of four steps or more: the share in the top two steps.
    """

    variable: str
    level: str | None = None
    kind: Literal["mean", "share"]
    profile_value: float
    rest_value: float
    median_profile: float | None = None
    median_rest: float | None = None
    effect: float
    lift: float | None = None
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float
    n_profile: int
    n_rest: int
    # Worded scales (issue 10): share answering one of the top two steps
    # (``top_box_levels``, e.g. agree / strongly agree), in the profile and in the rest.
    top_box_profile: float | None = None
    top_box_rest: float | None = None
    top_box_levels: list[str] | None = None


class CustomerProfile(BaseModel):
    """A customer profile (klantprofiel): one segment of a segmentation.

    Parameters
    ----------
    id
        Stable id ``<segmentation id>-<index>``.
    name
        Suggested or user-given name per language (``{"nl": ..., "en": ...}``).
    effects
        Distinguishing variables, strongest first (by absolute effect among significant ones).
    kpis
        Outcome figures where the data has them (value, satisfaction, churn, ...): name to
        ``{"profile": x, "rest": y, "n": n}``.
    typical
        Aggregated facts describing the most typical member (the medoid), never raw PII.
    stability
        Mean best-match Jaccard/ARI of this profile over bootstrap refits (0..1).
    """

    id: str
    segmentation_id: str
    index: int
    name: dict[str, str]
    size: int
    share: float
    stability: float | None = None
    unstable: bool = False
    effects: list[VariableEffect] = Field(default_factory=list)
    kpis: dict[str, dict[str, float]] = Field(default_factory=dict)
    typical: dict[str, Any] = Field(default_factory=dict)


class KScore(BaseModel):
    """Scores of one candidate number of profiles."""

    k: int
    bic: float | None = None
    silhouette: float | None = None
    min_share: float | None = None
    stability: float | None = None
    chosen: bool = False
    note: str | None = None
    icl: float | None = None
    entropy: float | None = None
    gain: float | None = None
    decision: str | None = None


class Segmentation(BaseModel):
    """One segmentation of a target group through a lens.

    Parameters
    ----------
    inputs
        Source name to snapshot id (content hash) of the data it was fitted on.
    scores
        The k-selection table: per k the BIC, ICL, relative entropy (1 = every person
        clearly in one profile), smallest profile share, the BIC gain over k - 1, and the
        rule that decided (``decision``).
    fits_none_share
        Share of the target group that fits no profile (unusual values or combinations).
    stability
        Solution-level resample agreement (mean adjusted Rand index over bootstrap refits).
    """

    id: str
    name: str
    created_at: datetime
    target: str | None = None
    lens: list[str]
    weights: dict[str, float] = Field(default_factory=dict)
    method: str
    k: int
    seed: int
    n: int
    inputs: dict[str, str] = Field(default_factory=dict)
    scores: list[KScore] = Field(default_factory=list)
    stability: float | None = None
    profiles: list[CustomerProfile] = Field(default_factory=list)
    left_out: dict[str, str] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    fits_none_share: float | None = None


class Assignment(BaseModel):
    """One individual's profile, with how sure we are and why."""

    key: str
    profile_id: str | None
    profile_name: str | None
    confidence: float
    reasons: list[str]
    fits_none: bool = False
