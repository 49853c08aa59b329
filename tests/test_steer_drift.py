"""Drift: PSI against a hand computation, the share test against scipy, and the verdict on
the sample organisation six months on (with the demo's change, and with turnover only)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from personakit.errors import InputError, WorkspaceError
from personakit.steer import (
    candidate_of,
    check_after_import,
    check_drift,
    drift_status,
    get_drift_check,
    list_drift_checks,
    rebuild,
    review_drift,
)
from personakit.steer._psi import level_psi, numeric_psi, psi, share_change_interval, share_test
from personakit.track import get_version, list_versions
from personakit.workspace import Workspace
from tests._steerdata import copy_steer_ws, import_followup, steer_template

pytestmark = pytest.mark.slow


# -- the statistics ------------------------------------------------------------------------

def test_psi_matches_the_textbook_formula() -> None:
    expected = np.array([0.2, 0.3, 0.5])
    actual = np.array([0.25, 0.25, 0.5])
    by_hand = (0.25 - 0.2) * np.log(0.25 / 0.2) + (0.25 - 0.3) * np.log(0.25 / 0.3)
    assert psi(expected, actual) == pytest.approx(by_hand)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=5, max_size=200))
def test_psi_of_a_sample_with_itself_is_zero_and_never_negative(values: list[float]) -> None:
    series = pd.Series(values)
    assert numeric_psi(series, series) == pytest.approx(0.0, abs=1e-12)
    shifted = pd.Series([v + 1.0 for v in values])
    assert numeric_psi(series, shifted) >= 0.0


def test_numeric_psi_grades_a_shift_as_the_convention_says() -> None:
    rng = np.random.default_rng(1)
    before = pd.Series(rng.normal(0, 1, 20_000))
    same = pd.Series(rng.normal(0, 1, 20_000))
    half = pd.Series(rng.normal(0.5, 1, 20_000))
    whole = pd.Series(rng.normal(1.0, 1, 20_000))
    assert numeric_psi(before, same) < 0.01
    assert 0.1 <= numeric_psi(before, half) < 0.4  # moderate to major
    assert numeric_psi(before, whole) >= 0.25  # major


def test_level_psi_counts_missing_and_new_levels() -> None:
    before = pd.Series(["a"] * 50 + ["b"] * 50)
    after = pd.Series(["a"] * 50 + [None] * 25 + ["c"] * 25)
    # b vanished (50% -> 0), a new level and missing values appeared: a major shift.
    assert level_psi(before, after) > 1.0
    assert level_psi(before, before.copy()) == pytest.approx(0.0)


def test_share_test_equals_scipy_chisquare() -> None:
    before = np.array([0.5, 0.3, 0.2])
    counts = np.array([480.0, 330.0, 190.0])
    chi2, df, p = share_test(before, counts)
    reference = stats.chisquare(counts, before * counts.sum())
    assert chi2 == pytest.approx(reference.statistic)
    assert p == pytest.approx(reference.pvalue)
    assert df == 2


def test_share_change_interval_covers_the_change() -> None:
    low, high = share_change_interval(0.30, 2000, 0.35, 2000)
    assert low < 0.05 < high
    assert low > 0  # a 5-point change on 2,000 people each is clear


# -- on the sample organisation ------------------------------------------------------------

@pytest.fixture
def ws(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Workspace]:
    workspace = copy_steer_ws(steer_template(tmp_path_factory), tmp_path / "ws")
    yield workspace
    workspace.close()


def test_the_changed_club_makes_the_personas_out_of_date(ws: Workspace) -> None:
    assert check_after_import(ws, "crm") is None  # nothing new yet
    import_followup(ws, "changed")
    report = check_after_import(ws, "crm")
    assert report is not None and report.id is not None
    assert report.out_of_date
    assert "shares" in report.reasons
    # Seniors left: the profile where the 72-year-olds are shrank, significantly.
    assert report.p_value is not None and report.p_value < 0.01
    shrunk = [p for p in report.profiles if p.flagged and p.change < 0]
    assert shrunk and all(p.ci_high < 0 for p in shrunk)
    # App use went up by half: its PSI is the largest of the CRM's variables.
    assert report.variables[0].variable.startswith("app_")
    # Most people who are in both exports keep their profile.
    assert report.agreement is not None and report.agreement > 0.8
    assert report.reassigned > 0.8 * report.baseline_rows
    assert drift_status(ws) == get_drift_check(ws, report.id)


def test_turnover_only_is_not_a_false_alarm(ws: Workspace) -> None:
    import_followup(ws, "same")
    report = check_drift(ws, "crm")
    assert not report.out_of_date, report.reasons
    assert all(v.grade != "major" for v in report.variables)
    assert report.agreement is not None and report.agreement > 0.9
    assert drift_status(ws) is None


def test_review_gate_keep_and_accept(ws: Workspace) -> None:
    import_followup(ws, "changed")
    first = check_drift(ws)
    judged = get_version(ws).id
    with pytest.raises(WorkspaceError):  # nothing rebuilt yet
        review_drift(ws, first.id or 0, "accept")
    kept = review_drift(ws, first.id or 0, "keep")
    assert kept.decision == "keep" and kept.current_build == judged
    assert drift_status(ws) is None  # decided: no more warning
    with pytest.raises(WorkspaceError):
        review_drift(ws, first.id or 0, "accept")  # decided once
    with pytest.raises(WorkspaceError):
        rebuild(ws, first.id or 0)  # a rebuild nobody would review
    second = check_drift(ws)
    assert second.out_of_date
    candidate = rebuild(ws, second.id or 0)
    accepted = review_drift(ws, second.id or 0, "accept")
    assert accepted.candidate_build == candidate == accepted.current_build
    assert get_version(ws).id == candidate
    assert [c.decision for c in list_drift_checks(ws)] == ["accept", "keep"]


def test_keep_after_a_rebuild_restores_the_judged_personas(ws: Workspace) -> None:
    import_followup(ws, "changed")
    check = check_drift(ws)
    judged = get_version(ws)
    built = rebuild(ws, check.id or 0)
    assert get_drift_check(ws, check.id or 0).candidate_build == built
    result = review_drift(ws, check.id or 0, "keep")
    newest = get_version(ws)
    assert result.current_build == newest.id != judged.id
    assert newest.content_hash == judged.content_hash  # the same personas, a new build
    assert len(list_versions(ws)) == 3
    # The kept copy is the version a new check judges, and nobody's candidate.
    again = check_drift(ws)
    assert again.build_id == newest.id and candidate_of(ws, again) is None


def test_bad_input_leaves_no_record(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError):
        check_drift(ws, "kpi_klanten_does_not_exist")
    with pytest.raises(InputError):
        review_drift(ws, 1, "maybe")
    with pytest.raises(WorkspaceError):
        get_drift_check(ws, 999)
    assert list_drift_checks(ws) == []
