"""The hard core (80/20): Pareto figures, the core itself, the chart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from personakit.errors import InputError
from personakit.model import ColumnInfo, ColumnRole
from personakit.segment import FrameData, hard_core_mask, pareto, value_curve
from personakit.segment._value import write_svg
from personakit.workspace import Workspace


def test_pareto_on_known_values() -> None:
    # 2 customers bring 80 of 100: the core is 2 of 10 customers
    values = np.array([50, 30, 5, 5, 4, 3, 2, 1, 0, 0], dtype=float)
    curve = pareto(values, "omzet")
    assert curve.core_size == 2 and curve.core_share == pytest.approx(0.2)
    assert curve.total == 100 and curve.threshold == 30
    assert curve.points[0] == (0.0, 0.0) and curve.points[-1] == pytest.approx((1.0, 1.0))
    assert hard_core_mask(values).tolist() == [True, True] + [False] * 8


def test_missing_and_negative_values_count_as_zero() -> None:
    values = pd.Series([10.0, None, -5.0, 10.0, "x"])
    curve = pareto(values, "omzet")
    assert curve.n == 5 and curve.total == 20 and curve.core_size == 2
    assert hard_core_mask(values).sum() == 2


@pytest.mark.parametrize("share", [0.5, 0.8, 0.95])
def test_core_brings_at_least_the_share(share: float) -> None:
    values = np.random.default_rng(1).lognormal(3, 1.2, 5000)
    mask = hard_core_mask(values, share)
    assert values[mask].sum() / values.sum() >= share
    smallest_in = values[mask].min()
    assert values[mask].sum() - smallest_in < share * values.sum()  # minimal core
    assert pareto(values, "v", share).core_size == mask.sum()


def test_no_value_is_a_clear_error() -> None:
    with pytest.raises(InputError) as err:
        pareto(np.zeros(5), "omzet")
    assert err.value.key == "segment.error.no_value"


def test_value_curve_over_a_target_group(workspace: Workspace) -> None:
    frame = pd.DataFrame({"klantnr": ["a", "b", "c", "d"], "omzet": [100.0, 10, 10, 1],
                          "regio": ["noord", "noord", "zuid", "zuid"]})
    data = FrameData(frame, "klantnr", [ColumnInfo(name="klantnr", role=ColumnRole.IDENTIFIER,
                                                   dtype="string")])
    assert value_curve(workspace, "omzet", data=data).core_size == 1
    south = value_curve(workspace, "omzet", target="regio = 'zuid'", data=data)
    assert south.n == 2 and south.total == 11
    with pytest.raises(InputError) as err:
        value_curve(workspace, "jaaromzet", data=data)
    assert "omzet" in err.value.message()


def test_svg_chart(tmp_path: Path) -> None:
    curve = pareto(np.arange(1, 101, dtype=float), "omzet")
    path = write_svg(curve, tmp_path / "v.svg", "Pareto <omzet>", "customers", "value")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "<polyline" in text
    assert "Pareto &lt;omzet&gt;" in text and "<script" not in text
