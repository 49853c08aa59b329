"""Counts that add up to another count are its parts: modelled once (the total), described
as parts (issue 9: each fact counted once; the sample's web log gave 7 profiles with its
visits per entry source modelled, the true 5 without)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from personakit.model import ColumnInfo, ColumnRole
from personakit.segment import MixedSegmenter
from personakit.segment._encode import parts_of_totals


def _visits(n: int = 6000, seed: int = 3) -> tuple[pd.DataFrame, np.ndarray]:
    """Three profiles; visits per customer split over four entry sources by profile."""
    rng = np.random.default_rng(seed)
    truth = rng.choice(3, size=n, p=[0.5, 0.3, 0.2])
    visits = rng.poisson(np.array([2.0, 8.0, 15.0])[truth])
    mix = np.array([[0.6, 0.2, 0.1, 0.1], [0.1, 0.5, 0.2, 0.2], [0.25, 0.25, 0.25, 0.25]])
    split = np.array([rng.multinomial(v, mix[t]) for v, t in zip(visits, truth, strict=True)])
    frame = pd.DataFrame({
        "age": rng.normal(np.array([50.0, 30.0, 65.0])[truth], 6),
        "income": rng.normal(np.array([2.0, 3.5, 2.5])[truth], 0.5),
        "web__n": visits,
        **{f"web__source__{s}": split[:, i] for i, s in enumerate(("ad", "search", "mail",
                                                                    "direct"))},
        "complaints": rng.poisson(np.array([0.2, 1.0, 2.0])[truth]),
    })
    return frame, truth


def _roles(frame: pd.DataFrame) -> list[ColumnInfo]:
    return [ColumnInfo(name=c, role=ColumnRole.NUMERIC, dtype="int64") for c in frame.columns]


def test_parts_of_a_total_are_found_and_nothing_else() -> None:
    frame, _ = _visits()
    model = MixedSegmenter(k=3, seed=1, stability_refits=0).fit(frame, roles=_roles(frame))
    left = model.left_out_
    sources = {"web__source__ad", "web__source__search", "web__source__mail",
               "web__source__direct"}
    # Each source is left out as a part (or, moving with the total, as the same fact).
    assert {c for c, r in left.items() if r in ("part:web__n", "redundant:web__n")} == sources
    assert any(r == "part:web__n" for r in left.values())
    assert "complaints" not in left and "web__n" not in left and "age" not in left


def test_siblings_that_do_not_add_up_are_kept() -> None:
    frame, _ = _visits()
    frame["web__source__ad"] += 1  # one more than the total on every row: not parts
    model = MixedSegmenter(k=3, seed=1, stability_refits=0).fit(frame, roles=_roles(frame))
    assert not any(r.startswith("part:") for r in model.left_out_.values())
    assert parts_of_totals(model.encoder_, frame) == []


def test_with_the_parts_left_out_the_true_profiles_are_found(
        monkeypatch: pytest.MonkeyPatch) -> None:
    frame, truth = _visits()
    model = MixedSegmenter(k="auto", seed=1, stability_refits=0).fit(frame, roles=_roles(frame))
    assert model.k_ == 3
    assert adjusted_rand_score(truth, model.labels_) >= 0.9
    # Without the rule the parts, rising and falling with the total inside each profile,
    # pass for extra profiles.
    from personakit.segment import _encode

    monkeypatch.setattr(_encode, "parts_of_totals", lambda encoder, sample: [])
    naive = MixedSegmenter(k="auto", seed=1, stability_refits=0).fit(frame, roles=_roles(frame))
    assert naive.k_ > 3
