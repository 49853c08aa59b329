"""Assignment: same profile as in fitting, lower confidence when data are missing, and
"fits no profile" for a record far from every profile."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personakit.i18n import language
from personakit.model import Assignment, ColumnInfo, ColumnRole
from personakit.segment import (
    FrameData,
    assign_frame,
    assign_records,
    profile_members,
    rename_profile,
    segment_workspace,
)
from personakit.segment._encode import SMALL_BATCH
from personakit.segment._synthetic import make_mixed_data
from personakit.workspace import Workspace

COLUMNS = ["key", "profile_id", "profile_name", "confidence", "reasons", "fits_none"]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    ws = Workspace.init(tmp_path_factory.mktemp("assign") / "ws", language="en")
    data = make_mixed_data(3000, seed=8)
    frame = data.frame.copy()
    frame.insert(0, "klantnr", [f"K{i}" for i in range(len(frame))])
    columns = [ColumnInfo(name="klantnr", role=ColumnRole.IDENTIFIER, dtype="string")]
    columns += [ColumnInfo(name=c, role=r, dtype="") for c, r in data.roles.items()]
    seg = segment_workspace(ws, data=FrameData(frame, "klantnr", columns), k=5, seed=1)
    yield ws, seg, frame
    ws.close()


def test_training_rows_get_their_fitted_profile(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, seg, frame = fitted
    out = assign_frame(ws, frame)
    members = profile_members(ws, seg.id)
    assert list(out.columns) == COLUMNS
    assert out["key"].tolist() == members["key"].tolist()
    fits = ~members["fits_none"].to_numpy()
    assert (out["profile_id"].to_numpy()[fits] == members["profile_id"].to_numpy()[fits]).all()
    assert (out["fits_none"] == members["fits_none"]).all()
    assert np.allclose(out["confidence"].to_numpy()[fits],
                       members["confidence"].to_numpy()[fits], atol=1e-3)
    # the documented threshold: 0.5 % of the training rows fit no profile
    assert out["fits_none"].mean() == pytest.approx(0.005, abs=0.002)


def test_missing_and_unseen_values_lower_the_confidence(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, _, frame = fitted
    full = frame.iloc[[0]].copy()
    sparse = full[["klantnr", "num1", "cat1"]].copy()
    sparse["cat1"] = "a-level-never-seen"
    a, b = assign_records(ws, [full.iloc[0].to_dict(), sparse.iloc[0].to_dict()])
    assert isinstance(a, Assignment)
    assert b.profile_id is not None and not b.fits_none
    assert b.confidence < a.confidence
    assert any("missing" in r for r in b.reasons)


def test_far_record_fits_no_profile(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, _, frame = fitted
    odd = frame.iloc[0].to_dict()
    odd.update({f"num{j}": 10_000.0 for j in range(1, 7)})
    (result,) = assign_records(ws, [odd])
    assert result.fits_none and result.profile_id is None and result.confidence == 0.0
    assert result.reasons and "Far from every profile" in result.reasons[0]
    # within the range of every variable, but a combination no profile produces
    unusual = frame.iloc[0].to_dict()
    for j in range(1, 7):
        column = frame[f"num{j}"]
        unusual[f"num{j}"] = column.quantile(0.001 if j % 2 else 0.999)
        unusual[f"cat{j}"] = frame[f"cat{j}"].value_counts().index[-1]
    (odd_mix,) = assign_records(ws, [unusual])
    assert odd_mix.fits_none and "unusual combination" in odd_mix.reasons[0]
    (empty,) = assign_records(ws, [{"klantnr": "X"}])
    assert empty.fits_none and empty.key == "X"


def test_reasons_are_readable_in_both_languages(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, seg, frame = fitted
    records = frame.head(20).to_dict("records")
    english = assign_records(ws, records, lang="en")
    with language("nl"):
        dutch = assign_records(ws, records)
    assert all(1 <= len(r.reasons) <= 4 for r in english if not r.fits_none)
    assert any("of this profile" in reason for r in english for reason in r.reasons)
    assert any("van dit profiel" in reason for r in dutch for reason in r.reasons)
    names = {p.name["nl"] for p in seg.profiles}
    assert {r.profile_name for r in dutch if r.profile_name} <= names


def test_rename_shows_in_assignments(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, seg, frame = fitted
    first = assign_records(ws, [frame.iloc[0].to_dict()])[0]
    rename_profile(ws, first.profile_id or "", "Renamed in a test", lang="en")
    again = assign_records(ws, [frame.iloc[0].to_dict()], lang="en")[0]
    assert again.profile_name == "Renamed in a test"


def test_columns_without_source_prefix_are_matched(fitted) -> None:  # type: ignore[no-untyped-def]
    from personakit.segment._assign import _align

    class Encoder:
        numeric_ = [type("V", (), {"column": "web__bezoeken"})()]
        categorical_: list[object] = []

    frame = pd.DataFrame({"bezoeken": [1, 2]})
    assert list(_align(frame, Encoder()).columns) == ["web__bezoeken"]


def test_without_reasons_is_fast_path(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, _, frame = fitted
    out = assign_frame(ws, frame, reasons=False)
    assert (out["reasons"] == "").all() and len(out) == len(frame)


_PERTURB = st.sampled_from(["keep", "drop", "none", "text", "unseen", "number-as-text"])


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 2999), st.lists(_PERTURB, min_size=12, max_size=12)),
                min_size=SMALL_BATCH + 1, max_size=SMALL_BATCH + 5))
def test_one_record_path_equals_batch_path(fitted, rows) -> None:  # type: ignore[no-untyped-def]
    """The web API's one-record path (plain Python per value) and the vectorised pandas
    path give the same profile, confidence and reasons, also for messy values."""
    ws, _, frame = fitted
    columns = [c for c in frame.columns if c != "klantnr"]
    records = []
    for index, perturb in rows:
        record = frame.iloc[index].to_dict()
        for column, how in zip(columns, perturb, strict=False):
            if how == "drop":
                record.pop(column)
            elif how == "none":
                record[column] = None
            elif how == "text":
                record[column] = "not a value"
            elif how == "unseen":
                record[column] = "a-level-never-seen"
            elif how == "number-as-text" and isinstance(record[column], float | int):
                record[column] = str(record[column])
        records.append(record)
    batch = assign_records(ws, records, lang="en")  # > SMALL_BATCH: through pandas
    for record, expected in zip(records, batch, strict=True):
        (single,) = assign_records(ws, [record], lang="en")
        assert single.profile_id == expected.profile_id
        assert single.fits_none == expected.fits_none
        assert single.confidence == pytest.approx(expected.confidence, abs=1e-3)
        assert single.reasons == expected.reasons
