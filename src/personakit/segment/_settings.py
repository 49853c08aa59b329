"""``[settings.segment]`` in personakit.toml: the limits of segmentation, with safe defaults."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from personakit.segment._explain import DEFAULT_KPI_PATTERNS
from personakit.workspace import Workspace


class SegmentSettings(BaseModel):
    """Settings read from ``[settings.segment]`` (all optional).

    Parameters
    ----------
    k_min, k_max
        Range of the number of profiles tried by ``--k auto``.
    min_profile_share
        Smallest admissible profile as a share of the target group (5 %): a smaller group
        is too small to act on and, on the scenario family of issue 9, was mostly a split
        at a scale's end or a handful of outliers (docs/segmentation-method.md).
    max_missing_share
        A column missing for more than this share of the target group is left out
        (``mostly_missing``; 0.95): a survey answered by 10 % of the CRM stays in.
    fit_sample
        Rows of the random subsample used to fit and choose k (50,000: enough for parameters
        that are stable to the third decimal, and 20x faster than 1,000,000 rows).
    stability_refits
        Bootstrap refits behind the stability figures.
    unstable_below
        A profile whose stability (mean best-match Jaccard) is below this is flagged.
    fits_none_quantile
        A record whose log-likelihood per observed variable is below this quantile of the
        training rows fits no profile (0.5 %).
    elbow
        ``--k auto`` stops where one more profile improves BIC by less than this share of
        the largest earlier improvement (0.25; 0 = plain BIC minimum).
    text_components
        Components per free-text column (TF-IDF + SVD); 0 = text not used (default).
    kpis
        Regular expressions for outcome columns (value, satisfaction, churn) shown as KPIs.
    segment_on_kpis
        Whether outcome columns also feed the default lens (off: profiles are found on
        behaviour and traits, outcomes are then compared between them).
    """

    model_config = ConfigDict(extra="forbid")

    k_min: int = Field(default=3, ge=1)
    k_max: int = Field(default=8, ge=1)
    min_profile_share: float = Field(default=0.05, ge=0.0, lt=1.0)
    max_missing_share: float = Field(default=0.95, gt=0.0, le=1.0)
    fit_sample: int = Field(default=50_000, ge=100)
    stability_refits: int = Field(default=8, ge=0)
    unstable_below: float = Field(default=0.75, ge=0.0, le=1.0)
    fits_none_quantile: float = Field(default=0.005, ge=0.0, lt=1.0)
    elbow: float = Field(default=0.25, ge=0.0, le=1.0)
    text_components: int = Field(default=0, ge=0)
    kpis: list[str] = Field(default_factory=lambda: list(DEFAULT_KPI_PATTERNS))
    segment_on_kpis: bool = False


def segment_settings(ws: Workspace) -> SegmentSettings:
    return ws.settings_section("segment", SegmentSettings)
