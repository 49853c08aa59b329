"""segment_workspace: validated, explained and stored all at once; bad input writes nothing."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from sqlalchemy import select

from personakit.errors import ConfigError, InputError
from personakit.model import ColumnInfo, ColumnRole, CustomerProfile
from personakit.segment import (
    FrameData,
    get_segmentation,
    list_segmentations,
    profile_members,
    rename_profile,
    segment_workspace,
)
from personakit.segment._synthetic import make_mixed_data
from personakit.store.tables import profiles, segmentations
from personakit.workspace import Workspace
from tests.conftest import tree_fingerprint


def linked(n: int = 2500, seed: int = 4, missing: float = 0.0) -> tuple[FrameData, np.ndarray]:
    data = make_mixed_data(n, seed=seed, missing=missing)
    frame = data.frame.copy()
    frame.insert(0, "klantnr", [f"K{i:05d}" for i in range(n)])
    frame["email"] = [f"k{i}@voorbeeld.nl" for i in range(n)]
    columns = [ColumnInfo(name="klantnr", role=ColumnRole.IDENTIFIER, dtype="string"),
               ColumnInfo(name="email", role=ColumnRole.PII_EMAIL, dtype="string")]
    columns += [ColumnInfo(name=c, role=r, dtype="") for c, r in data.roles.items()]
    return FrameData(frame, "klantnr", columns, {"crm": "snap1"}), data.truth


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    ws = Workspace.init(tmp_path_factory.mktemp("seg") / "ws", language="en")
    data, truth = linked()
    seg = segment_workspace(ws, data=data, seed=5)
    yield ws, seg, data, truth
    ws.close()


def test_profiles_found_and_stored(stored) -> None:  # type: ignore[no-untyped-def]
    ws, seg, data, truth = stored
    assert seg.k == 5 and seg.n == 2500 and seg.seed == 5
    assert seg.inputs == {"crm": "snap1"}
    assert "email" not in seg.lens and "klantnr" not in seg.lens
    assert "omzet" not in seg.lens  # an outcome: compared as a KPI, not segmented on
    assert all("omzet" in p.kpis for p in seg.profiles)
    members = profile_members(ws, seg.id)
    assert list(members.columns[:3]) == ["key", "profile_id", "confidence"]
    assert members["key"].tolist() == data.frame["klantnr"].tolist()
    assert adjusted_rand_score(truth, members["profile_id"]) >= 0.9
    assert (ws.root / f"models/{seg.id}.pkl").is_file()
    assert (ws.root / f"data/_assignments/{seg.id}.parquet").is_file()
    with ws.engine.connect() as con:
        assert con.execute(select(segmentations.c.id)).scalars().all() == [seg.id]
        rows = con.execute(select(profiles).order_by(profiles.c.index)).all()
    assert [r.size for r in rows] == [p.size for p in seg.profiles]
    assert CustomerProfile.model_validate(rows[0].explanation) == seg.profiles[0]


def test_profile_explanation(stored) -> None:  # type: ignore[no-untyped-def]
    _, seg, _, _ = stored
    assert sum(p.size for p in seg.profiles) == seg.n
    assert sum(p.share for p in seg.profiles) == pytest.approx(1.0)
    for p in seg.profiles:
        assert p.id == f"{seg.id}-{p.index}"
        assert p.name["nl"] and p.name["en"]
        top = p.effects[0]
        assert top.q_value < 0.05 and abs(top.effect) >= abs(p.effects[-1].effect) or \
            p.effects[-1].q_value >= 0.05
        assert p.stability is not None and not p.unstable
        assert "email" not in p.typical and "klantnr" not in p.typical
        assert set(p.typical) <= set(seg.lens)
    assert len({p.name["en"] for p in seg.profiles}) == seg.k


def test_get_segmentation_round_trip(stored) -> None:  # type: ignore[no-untyped-def]
    ws, seg, _, _ = stored
    again = get_segmentation(ws)
    assert again.model_dump(exclude={"created_at"}) == seg.model_dump(exclude={"created_at"})
    assert get_segmentation(ws, "default").id == seg.id
    assert get_segmentation(ws, seg.id).id == seg.id
    assert list_segmentations(ws)[0]["id"] == seg.id


def test_model_file_is_small_and_loadable(stored) -> None:  # type: ignore[no-untyped-def]
    ws, seg, _, _ = stored
    path = ws.root / f"models/{seg.id}.pkl"
    model = pickle.loads(path.read_bytes())
    assert model.segmentation_id == seg.id
    assert "labels_" not in vars(model.segmenter)
    assert path.stat().st_size < 200_000


def test_rename_profile(workspace: Workspace) -> None:
    data, _ = linked(800)
    seg = segment_workspace(workspace, data=data, k=3)
    pid = seg.profiles[0].id
    rename_profile(workspace, pid, "Jonge stedelingen", lang="nl")
    renamed = get_segmentation(workspace).profiles[0]
    assert renamed.name == {"nl": "Jonge stedelingen", "en": seg.profiles[0].name["en"]}
    with pytest.raises(InputError):
        rename_profile(workspace, pid, " ", lang="nl")


def test_lens_target_and_side_by_side(workspace: Workspace) -> None:
    data, _ = linked(1500)
    doc = workspace.config_document()
    doc["lenses"]["numbers"] = {"variables": ["num1", "num2", "num3", "omzet"],
                                "weights": {"omzet": 2.0}}
    doc["target_groups"]["young"] = {"where": "num1 < 50"}
    with workspace.transaction() as st:
        st.edit_config().update(doc)
    a = segment_workspace(workspace, data=data, lens="numbers", name="numbers", k=3)
    b = segment_workspace(workspace, data=data, lens=["cat1", "cat2", "kanalen"],
                          name="cats", target_group="young", k=3)
    assert a.lens == ["num1", "num2", "num3", "omzet"] and a.weights == {"omzet": 2.0}
    assert b.target == "num1 < 50" and b.n == int((data.frame["num1"] < 50).sum())
    assert {s["name"] for s in list_segmentations(workspace)} == {"numbers", "cats"}
    assert get_segmentation(workspace, "numbers").id == a.id
    c = segment_workspace(workspace, data=data, lens="numbers", name="numbers", k=3,
                          hard_core="omzet")
    assert c.n < a.n and get_segmentation(workspace, "numbers").id == c.id


def test_reproducible_with_seed(workspace: Workspace) -> None:
    data, _ = linked(1200)
    a = segment_workspace(workspace, data=data, seed=3, name="a", k=5)
    b = segment_workspace(workspace, data=data, seed=3, name="b", k=5)
    assert [p.size for p in a.profiles] == [p.size for p in b.profiles]
    assert [p.name for p in a.profiles] == [p.name for p in b.profiles]
    ma, mb = profile_members(workspace, a.id), profile_members(workspace, b.id)
    assert (ma["profile_id"].str.rsplit("-", n=1).str[-1]
            == mb["profile_id"].str.rsplit("-", n=1).str[-1]).all()


BAD = [
    ({"target": "num1 >"}, "segment.error.filter_syntax"),
    ({"target": "leeftijd > 3"}, "segment.error.filter_column"),
    ({"target": "num1 > 1000"}, "segment.error.target_empty"),
    ({"target": "num1 < 10", "k": 8}, "segment.error.too_few_rows"),
    ({"lens": ["email", "klantnr"]}, "segment.error.lens_empty"),
    ({"lens": ["nope"]}, "segment.error.unknown_variables"),
]


@pytest.mark.parametrize(("kwargs", "key"), BAD, ids=[k for _, k in BAD])
def test_bad_input_is_clear_and_writes_nothing(workspace: Workspace, kwargs: dict[str, object],
                                               key: str) -> None:
    data, _ = linked(400)
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as err:
        segment_workspace(workspace, data=data, **kwargs)  # type: ignore[arg-type]
    assert err.value.key == key
    if "filter" in key or "unknown" in key:
        assert "num1" in err.value.message() and "kanalen" in err.value.message()
    assert tree_fingerprint(workspace.root) == before


def test_all_values_missing_writes_nothing(workspace: Workspace) -> None:
    data, _ = linked(300)
    frame = data.frame.copy()
    for column in frame.columns[1:]:
        frame[column] = None
    before = tree_fingerprint(workspace.root)
    with pytest.raises(InputError) as err:
        segment_workspace(workspace, data=FrameData(frame, "klantnr", data.columns))
    assert err.value.key == "segment.error.no_variables"
    assert "num1 (all missing)" in err.value.message()
    assert tree_fingerprint(workspace.root) == before


def test_unknown_lens_and_target_group(workspace: Workspace) -> None:
    data, _ = linked(300)
    with pytest.raises(ConfigError, match="lens"):
        segment_workspace(workspace, data=data, lens="nope")
    with pytest.raises(ConfigError):
        segment_workspace(workspace, data=data, target_group="nope")


def test_key_as_index_and_missing_values(workspace: Workspace) -> None:
    data, truth = linked(1500, missing=0.1)
    indexed = FrameData(data.frame.set_index("klantnr"), "klantnr", data.columns)
    seg = segment_workspace(workspace, data=indexed, k=5)
    members = profile_members(workspace, seg.id)
    assert len(members) == 1500 and members["key"].iloc[0] == "K00000"
    assert adjusted_rand_score(truth, members["profile_id"]) >= 0.8
    assert isinstance(pd.DataFrame(members), pd.DataFrame)
