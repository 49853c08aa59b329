"""Issue 9: the choice of profiles on generated exports it was not tuned on.

The fast subset of the scenario family (`benchmarks/bench_scenarios.py` runs all 28, with
stepmix beside): each export is written as a user would receive it, imported into a new
workspace and segmented with the default settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from personakit.errors import InputError
from personakit.ingest import import_file
from personakit.model import ColumnInfo, ColumnRole
from personakit.sample._scenarios import ScenarioSpec, fast_family, generate, run_scenario
from personakit.segment import FrameData, segment_workspace
from personakit.segment._encode import MixedEncoder, normalise_roles
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint as _fingerprint


def tree_fingerprint(root: Path) -> dict[str, str]:
    # SQLite's -shm file is an index of the write-ahead log that reads also touch.
    return {p: h for p, h in _fingerprint(root).items() if not p.endswith("-shm")}


FAST = {spec.name: spec for spec in fast_family()}


@pytest.mark.parametrize("name", sorted(FAST))
def test_scenario_true_k_and_profiles(name: str, tmp_path: Path) -> None:
    result, scenario = run_scenario(FAST[name], tmp_path)
    assert result.k == scenario.spec.k, result
    assert result.ari >= 0.85, result
    assert result.smallest >= 0.05
    # Personal data, identifiers and high-cardinality codes never segment.
    personal = {"naam", "name", "e-mail", "email", "telefoon", "phone", scenario.key,
                "geboortedatum", "date_of_birth", "productcode", "product_code"}
    assert not personal & set(result.used), result.used


def test_each_fact_is_used_once(tmp_path: Path) -> None:
    result, _ = run_scenario(FAST["everything_k5"], tmp_path)
    used = set(result.used)
    # Date of birth beside age: age is used, the date never (it is personal data).
    assert "leeftijd" in used and "geboortedatum" not in used
    # Member-since and tenure, a count and its share: one member of each pair.
    assert len(used & {"lid_sinds", "looptijd_jaren"}) == 1
    assert len(used & {"maanden_actief", "aandeel_maanden_actief"}) == 1
    assert any(reason.startswith("redundant:") for reason in result.left_out.values())


def test_age_is_derived_from_a_date_of_birth(tmp_path: Path) -> None:
    spec = ScenarioSpec("birth_only", 4, n=3000, redundant=("birthdate",), seed=14)
    result, _ = run_scenario(spec, tmp_path)
    assert "leeftijd" in result.used and "geboortedatum" not in result.used
    assert result.k == 4 and result.ari >= 0.85


def test_one_record_with_a_date_of_birth_gets_the_derived_age(tmp_path: Path) -> None:
    """The web API assigns one CRM record: its date of birth gives the age the profiles
    were found on, so the record lands where the batch put it."""
    from personakit.ingest import load_source
    from personakit.segment import assign_records, profile_members, segment_workspace

    spec = ScenarioSpec("birth_only", 4, n=3000, redundant=("birthdate",), seed=14)
    with _imported(tmp_path, spec) as (ws, key):
        seg = segment_workspace(ws)
        assert "age" in seg.lens and "geboortedatum" not in seg.lens  # an English workspace
        rows = load_source(ws, next(iter(ws.config.sources)))
        stored = profile_members(ws, seg.id).set_index("key")["profile_id"]
        records = rows.head(40).to_dict(orient="records")
        assert all("age" not in r for r in records)
        assigned = assign_records(ws, records, seg)
        agree = [a.profile_id == stored[str(r[key])] for a, r in zip(assigned, records,
                                                                       strict=True)]
        assert sum(agree) >= 38  # as the batch did, bar a borderline record
        # The age decides: shift the date of birth by 40 years and the profile changes
        # for some records (it would not if the age were simply missing).
        older = [{**r, "geboortedatum": r["geboortedatum"] - pd.Timedelta(days=40 * 365)}
                 for r in records]
        moved = assign_records(ws, older, seg)
        assert any(a.profile_id != b.profile_id for a, b in zip(moved, assigned, strict=True))


def test_a_scale_ceiling_is_one_step_not_a_profile() -> None:
    # One group answers 5 on every item (the ceiling), the others spread over 1-5: a
    # Gaussian per item gives the ceiling group near-zero variance and a profile of its own.
    rng = np.random.default_rng(3)
    n = 3000
    group = rng.integers(0, 3, n)
    frame = pd.DataFrame({
        f"item{i}": np.clip(np.round(rng.normal(np.array([2.5, 3.5, 4.6])[group], 0.9)), 1, 5)
        for i in range(6)})
    roles = [ColumnInfo(name=c, role=ColumnRole.ORDINAL, dtype="int64") for c in frame]
    encoder = MixedEncoder().fit(frame, normalise_roles(roles, frame))
    assert [v.kind for v in encoder.categorical_] == ["ordinal"] * 6
    assert encoder.categorical_[0].levels == ["1", "2", "3", "4", "5"]


def test_a_pile_of_zeros_in_a_large_count_is_binned() -> None:
    rng = np.random.default_rng(4)
    contacts = rng.poisson(np.exp(rng.normal(1.2, 1.0, 4000)))
    frame = pd.DataFrame({"contacts": contacts, "age": rng.normal(45, 12, 4000).round()})
    encoder = MixedEncoder().fit(frame, normalise_roles([
        ColumnInfo(name="contacts", role=ColumnRole.NUMERIC, dtype="int64"),
        ColumnInfo(name="age", role=ColumnRole.NUMERIC, dtype="int64")], frame))
    (count,) = encoder.categorical_
    assert count.kind == "count" and count.edges is not None and count.levels[0] == "0"
    assert [v.name for v in encoder.numeric_] == ["age"]


def _workspace_with(tmp_path: Path, frame: pd.DataFrame) -> Workspace:
    path = tmp_path / "export.csv"
    frame.to_csv(path, index=False, sep=";")
    ws = Workspace.init(tmp_path / "ws", language="en")
    import_file(ws, path, key="klantnummer")
    return ws


def test_every_variable_constant_names_the_columns(tmp_path: Path) -> None:
    frame = pd.DataFrame({"klantnummer": [f"K{i}" for i in range(400)], "regio": "noord",
                          "score": 3, "kanaal": "app"})
    ws = _workspace_with(tmp_path, frame)
    try:
        before = tree_fingerprint(ws.root)
        with pytest.raises(InputError) as err:
            segment_workspace(ws)
        message = err.value.message()
        for column in ("regio", "score", "kanaal"):
            assert f"{column} (constant)" in message
        assert tree_fingerprint(ws.root) == before
    finally:
        ws.close()


@contextmanager
def _imported(tmp_path: Path, spec: ScenarioSpec) -> Iterator[tuple[Workspace, str]]:
    """A new workspace with the scenario's export imported, and its key column."""
    scenario = generate(spec, tmp_path / "files")
    ws = Workspace.init(tmp_path / "ws", language="en")
    try:
        import_file(ws, scenario.files[0], key=scenario.key)
        yield ws, scenario.key
    finally:
        ws.close()


def test_a_column_99_percent_missing_is_left_out_and_named(tmp_path: Path) -> None:
    from personakit.ingest import linked_frame

    with _imported(tmp_path, ScenarioSpec("m", 3, n=2000, seed=5)) as (ws, _):
        data = linked_frame(ws)
        frame = data.frame.copy()
        frame["rarely_filled"] = np.where(np.arange(len(frame)) % 100 == 0, 5.0, np.nan)
        columns = [*data.columns, ColumnInfo(name="rarely_filled", role=ColumnRole.NUMERIC,
                                             dtype="double")]
        seg = segment_workspace(ws, data=FrameData(frame, data.key, columns))
        assert seg.left_out["rarely_filled"] == "mostly_missing"
        with pytest.raises(InputError) as err:
            segment_workspace(ws, name="only", lens=["rarely_filled"],
                              data=FrameData(frame, data.key, columns))
        assert "rarely_filled" in err.value.message()


def test_a_lens_of_identifier_columns_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    with _imported(tmp_path, ScenarioSpec("ids", 3, n=2000, seed=6)) as (ws, key):
        before = tree_fingerprint(ws.root)
        with pytest.raises(InputError) as err:
            segment_workspace(ws, lens=[key, "e-mail", "telefoon"])
        message = err.value.message()
        assert "e-mail" in message and "telefoon" in message
        assert tree_fingerprint(ws.root) == before
