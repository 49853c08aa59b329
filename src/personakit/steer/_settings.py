"""``[settings.steer]`` in personakit.toml: drift thresholds, KPI and lint limits."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from personakit.workspace import Workspace


class SteerSettings(BaseModel):
    """Settings read from ``[settings.steer]`` (all optional).

    Parameters
    ----------
    psi_moderate, psi_major
        Population stability index of one variable: below ``psi_moderate`` (0.1) stable,
        from ``psi_major`` (0.25) a major shift (the credit-scoring convention, Yurdakul
        2018); a major shift on a variable the profiles were found on makes the personas
        out of date.
    share_shift
        A profile whose share of the customers moved by at least this much (0.03 = 3
        percentage points) while the chi-square test of all shares gives p below ``alpha``.
    alpha
        Significance level of the share test (0.01).
    trait_shift
        A key trait whose value among the profile's members moved by at least this
        standardised effect (Cohen's d for means, h for shares; 0.2 = "small").
    min_agreement
        Share of people in both snapshots who must keep their profile (0.8).
    assign_sample
        People assigned for the share and re-assignment figures (100,000, seeded): the share
        of a 5 % profile is then known to 0.14 percentage points, and a 1M-row check stays
        well inside 20 s.
    psi_bins
        Quantile bins of a numeric variable (10).
    stale_days
        Lint: a persona set whose last data check (validation round or drift check) is
        older than this is stale (90).
    max_assumption_share, max_demographic_share
        Lint: more statements without evidence, or on age, gender and region, than this
        share (0.3, 0.4).
    min_distinct
        Lint: two personas whose profiles' shared key traits leave less than this
        distinctiveness (1 - overlap of their top traits) are too general (0.34).
    """

    model_config = ConfigDict(extra="forbid")

    psi_moderate: float = Field(default=0.1, gt=0)
    psi_major: float = Field(default=0.25, gt=0)
    share_shift: float = Field(default=0.03, gt=0, lt=1)
    alpha: float = Field(default=0.01, gt=0, lt=1)
    trait_shift: float = Field(default=0.2, gt=0)
    min_agreement: float = Field(default=0.8, ge=0, le=1)
    assign_sample: int = Field(default=100_000, ge=100)
    psi_bins: int = Field(default=10, ge=2, le=100)
    stale_days: int = Field(default=90, ge=1)
    max_assumption_share: float = Field(default=0.3, ge=0, le=1)
    max_demographic_share: float = Field(default=0.4, ge=0, le=1)
    min_distinct: float = Field(default=0.34, ge=0, le=1)


def steer_settings(ws: Workspace) -> SteerSettings:
    return ws.settings_section("steer", SteerSettings)
