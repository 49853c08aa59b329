"""Expert hypotheses tested against the data and the data-driven profiles."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from personakit.errors import ConfigError, InputError
from personakit.model import ColumnInfo, ColumnRole
from personakit.segment import FrameData, profile_members, segment_workspace, test_hypotheses
from personakit.segment._synthetic import make_mixed_data
from personakit.workspace import Workspace


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    ws = Workspace.init(tmp_path_factory.mktemp("hyp") / "ws", language="en")
    mixed = make_mixed_data(2000, seed=2)
    frame = mixed.frame.copy()
    frame.insert(0, "klantnr", [f"K{i}" for i in range(len(frame))])
    frame["segment_truth"] = mixed.truth
    columns = [ColumnInfo(name="klantnr", role=ColumnRole.IDENTIFIER, dtype="string"),
               ColumnInfo(name="segment_truth", role=ColumnRole.IGNORE, dtype="int")]
    columns += [ColumnInfo(name=c, role=r, dtype="") for c, r in mixed.roles.items()]
    data = FrameData(frame, "klantnr", columns)
    seg = segment_workspace(ws, data=data, k=5, seed=0)
    doc = ws.config_document()
    doc["hypotheses"]["high_num1"] = {"where": "num1 > 50", "description": "num1 high"}
    doc["hypotheses"]["cat_a1"] = {"where": "cat1 = 'a1'"}
    with ws.transaction() as st:
        st.edit_config().update(doc)
    yield ws, seg, data, mixed.truth
    ws.close()


def test_coverage_overlap_and_unassigned(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, seg, data, _ = fitted
    report = test_hypotheses(ws, seg, data=data)
    frame = data.frame
    high, a1 = (frame["num1"] > 50).to_numpy(), (frame["cat1"] == "a1").to_numpy()
    by_name = {r.name: r for r in report.rules}
    assert by_name["high_num1"].size == high.sum()
    assert by_name["high_num1"].coverage == pytest.approx(high.mean())
    assert by_name["high_num1"].exclusive == pytest.approx((high & ~a1).mean())
    assert by_name["high_num1"].description == "num1 high"
    assert report.overlap["high_num1"]["cat_a1"] == (high & a1).sum()
    assert report.unassigned_share == pytest.approx((~high & ~a1).mean())
    assert report.multiple_share == pytest.approx((high & a1).mean())
    top = by_name["high_num1"].effects[0]
    assert top.variable == "num1" and top.effect > 1


def test_agreement_with_profiles(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, seg, data, truth = fitted
    rules = {f"s{s}": f"segment_truth = {s}" for s in range(5)}
    report = test_hypotheses(ws, seg, rules, data=data)
    members = profile_members(ws, seg.id)
    assert report.ari == pytest.approx(adjusted_rand_score(truth, members["profile_id"]))
    assert report.ari > 0.9 and report.unassigned_share == 0
    total = sum(sum(row.values()) for row in report.crosstab.values())
    assert total == len(data.frame)
    assert all(r.best_profile_share is not None and r.best_profile_share > 0.9
               for r in report.rules)


def test_rule_errors(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, seg, data, _ = fitted
    with pytest.raises(InputError) as err:
        test_hypotheses(ws, seg, {"bad": "leeftijd >= 55"}, data=data)
    assert "bad" in err.value.message() and "num1" in err.value.message()
    with pytest.raises(ConfigError):
        test_hypotheses(ws, seg, {}, data=data)


def test_rule_covering_nobody(fitted) -> None:  # type: ignore[no-untyped-def]
    ws, seg, data, _ = fitted
    report = test_hypotheses(ws, seg, {"none": "num1 > 1e9"}, data=data)
    assert report.rules[0].size == 0 and report.rules[0].effects == []
    assert report.unassigned_share == 1.0
    assert np.isfinite(report.ari or 0.0)
