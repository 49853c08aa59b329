"""Data checks beside the opinions: prevalence of a persona's key traits, holdout agreement
and stability, on the demo workspace (issue 13, step 3)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from personakit.errors import WorkspaceError
from personakit.model import ColumnInfo, ColumnRole
from personakit.segment import MixedSegmenter, get_segmentation, profile_members
from personakit.track import get_version
from personakit.validate import DataChecks, data_checks
from personakit.validate._checks import Trait, _matches
from personakit.workspace import Workspace
from tests._webapp import copy_ws, template


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    # The 800-customer demo (run_demo, seed 7), built once per session; data_checks only
    # reads, so one copy serves the module.
    workspace = copy_ws(template(tmp_path_factory), tmp_path_factory.mktemp("checks") / "ws")
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def checks(ws: Workspace) -> DataChecks:
    return data_checks(ws)


def test_every_persona_of_the_version_is_checked(ws: Workspace, checks: DataChecks) -> None:
    version = get_version(ws)
    assert checks.segmentation_id == version.segmentation_id
    assert [c.persona_id for c in checks.personas] == [p.id for p in version.personas]
    assert [c.profile_id for c in checks.personas] == [p.profile_id for p in version.personas]
    assert all(c.traits for c in checks.personas)


def test_prevalence_is_a_share_of_all_customers_with_its_interval(checks: DataChecks) -> None:
    for check in checks.personas:
        assert check.customers == checks.customers > 0
        assert 0 <= check.matching <= check.customers
        assert check.prevalence == pytest.approx(check.matching / check.customers)
        assert check.prevalence_low is not None and check.prevalence_high is not None
        assert 0.0 <= check.prevalence_low <= check.prevalence <= check.prevalence_high <= 1.0
        assert 0 <= check.members_matching <= check.members


def test_members_match_their_personas_traits_far_more_than_everyone(
        checks: DataChecks) -> None:
    # Measured on this demo: members 83-100 % against 13-50 % of all customers. Before the
    # fix a yes/no trait ("gezinslidmaatschap" = ja) matched nobody, and Valerie's members
    # matched 49 %.
    for check in checks.personas:
        assert check.member_share is not None and check.prevalence is not None
        assert check.member_share >= 0.75, check.name
        assert check.member_share > check.prevalence + 0.3, check.name


def test_every_key_trait_matches_someone(ws: Workspace, checks: DataChecks) -> None:
    from personakit.ingest import linked_frame

    data = linked_frame(ws)
    infos = {c.name: c for c in data.columns}
    frame = data.frame.reset_index(drop=data.key in data.frame.columns)
    for check in checks.personas:
        for trait in check.traits:
            assert _matches(trait, frame, infos).sum() > 0, (check.name, trait)


def test_members_are_the_stored_profile_members(ws: Workspace, checks: DataChecks) -> None:
    members = profile_members(ws, checks.segmentation_id)
    from personakit.ingest import linked_frame

    # The checks read the data the profiles were found on, not a newer export.
    inputs = get_segmentation(ws, checks.segmentation_id).inputs
    data = linked_frame(ws, sources=list(inputs), snapshots=inputs)
    frame = data.frame.reset_index(drop=data.key in data.frame.columns)
    assert checks.customers == len(frame) == len(members)  # the demo has a newer export
    present = members[members["key"].astype(str).isin(frame[data.key].astype(str))]
    counts = present["profile_id"].value_counts()
    for check in checks.personas:
        assert check.members == counts.get(check.profile_id, 0)


def test_stability_is_the_segmentations_own(ws: Workspace, checks: DataChecks) -> None:
    seg = get_segmentation(ws, checks.segmentation_id)
    assert checks.stability == seg.stability is not None
    profiles = {p.id: p for p in seg.profiles}
    for check in checks.personas:
        assert check.stability == profiles[check.profile_id].stability
        assert check.share == profiles[check.profile_id].share


def test_holdout_agreement_is_high_on_the_sample_organisation(checks: DataChecks) -> None:
    # Measured: ARI 0.96, agreement 0.99 on this demo (800 customers, after the follow-up
    # export); 1.0 on a 2,500- and a 3,000-customer demo. With one restart instead of the
    # segmentation's own settings the refit gave ARI 0.64 here.
    holdout = checks.holdout
    assert holdout is not None and checks.holdout_note is None
    labelled = holdout.train + holdout.holdout
    assert 0.15 < holdout.holdout / labelled < 0.25  # a seeded 20 %
    assert holdout.ari >= 0.85
    assert holdout.agreement >= 0.9


def test_holdout_is_repeatable(ws: Workspace, checks: DataChecks) -> None:
    assert data_checks(ws).holdout == checks.holdout


def test_a_failing_holdout_is_a_note_not_an_error(ws: Workspace,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: MixedSegmenter, *args: object, **kwargs: object) -> MixedSegmenter:
        raise ValueError("the refit broke")

    monkeypatch.setattr(MixedSegmenter, "fit", fail)
    found = data_checks(ws)
    assert found.holdout is None
    assert found.holdout_note == "the refit broke"
    assert len(found.personas) == len(get_version(ws).personas)
    assert found.stability is not None


def test_holdout_can_be_left_out(ws: Workspace, checks: DataChecks) -> None:
    quick = data_checks(ws, holdout=False)
    assert quick.holdout is None and quick.holdout_note is None
    assert quick.personas == checks.personas


def test_an_unknown_version_is_a_clear_error(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError) as raised:
        data_checks(ws, 999)
    assert raised.value.key == "track.error.unknown_version"


# -- matching one trait ------------------------------------------------------------------------
FRAME = pd.DataFrame({
    "member": pd.Series(["ja", "nee", None, "Ja", "yes"], dtype="str"),
    "flag": pd.Series([True, False, None, True, False], dtype="boolean"),
    "product": pd.Series(["Basis", None, "Compleet", "basis", "Basis"], dtype="str"),
    "code": [3.0, 2.0, np.nan, 3.0, 1.0],
    "age": [30.0, 50.0, np.nan, 70.0, 45.0],
})
INFOS = {
    "member": ColumnInfo(name="member", role=ColumnRole.BOOLEAN, dtype="str"),
    "flag": ColumnInfo(name="flag", role=ColumnRole.BOOLEAN, dtype="bool"),
    "product": ColumnInfo(name="product", role=ColumnRole.CATEGORICAL, dtype="str"),
    "code": ColumnInfo(name="code", role=ColumnRole.CATEGORICAL, dtype="float64"),
}


@pytest.mark.parametrize(("trait", "expected"), [
    # A yes/no level is "1" as the segmentation encodes it: "ja", "yes", True all count.
    (Trait(variable="member", level="1", kind="share"), [True, False, False, True, True]),
    (Trait(variable="flag", level="1", kind="share"), [True, False, False, True, False]),
    # Levels are compared as the segmentation read them: exact text, 3.0 is "3".
    (Trait(variable="product", level="Basis", kind="share"), [True, False, False, False, True]),
    (Trait(variable="code", level="3", kind="share"), [True, False, False, True, False]),
    # Missing values never match, above or below a threshold.
    (Trait(variable="age", kind="mean", threshold=45.0, above=True),
     [False, True, False, True, False]),
    (Trait(variable="age", kind="mean", threshold=45.0, above=False),
     [True, False, False, False, False]),
])
def test_matching_one_trait(trait: Trait, expected: list[bool]) -> None:
    assert _matches(trait, FRAME, INFOS).tolist() == expected
