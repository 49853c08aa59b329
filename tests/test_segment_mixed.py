"""MixedSegmenter on mixed data with known segments: k chosen, profiles found, contract kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_rand_score

from personakit.model import ColumnInfo, ColumnRole
from personakit.segment import MixedSegmenter, SegmentInputError
from personakit.segment._synthetic import make_mixed_data


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return make_mixed_data(6000, seed=11)


@pytest.fixture(scope="module")
def fitted(data):  # type: ignore[no-untyped-def]
    return MixedSegmenter(seed=3, stability_refits=3).fit(data.frame, roles=data.roles)


def test_true_k_is_chosen_and_profiles_match_the_truth(data, fitted) -> None:  # type: ignore[no-untyped-def]
    assert fitted.k_ == 5
    assert adjusted_rand_score(data.truth, fitted.labels_) >= 0.95
    chosen = [s for s in fitted.scores_ if s.chosen]
    assert [s.k for s in chosen] == [5]
    assert [s.k for s in fitted.scores_] == [3, 4, 5, 6, 7, 8]


def test_profiles_are_sorted_by_size_and_stable(fitted) -> None:  # type: ignore[no-untyped-def]
    sizes = np.bincount(fitted.labels_)
    assert list(sizes) == sorted(sizes, reverse=True)
    assert fitted.stability_ > 0.9
    assert fitted.profile_stability_.shape == (5,)
    assert (fitted.profile_stability_ > 0.75).all()


def test_same_seed_same_profiles(data) -> None:  # type: ignore[no-untyped-def]
    a = MixedSegmenter(k=5, seed=1, stability_refits=0).fit(data.frame, roles=data.roles)
    b = MixedSegmenter(k=5, seed=1, stability_refits=0).fit(data.frame, roles=data.roles)
    assert np.array_equal(a.labels_, b.labels_)


def test_predict_matches_training_labels(data, fitted) -> None:  # type: ignore[no-untyped-def]
    assert np.array_equal(fitted.predict(data.frame), fitted.labels_)
    proba = fitted.predict_proba(data.frame.head(50))
    assert proba.shape == (50, 5)
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-4)


def test_missing_values_keep_every_row() -> None:
    data = make_mixed_data(3000, seed=5, missing=0.15)
    model = MixedSegmenter(k=5, seed=0, stability_refits=0).fit(data.frame, roles=data.roles)
    assert model.labels_.shape == (3000,)
    assert adjusted_rand_score(data.truth, model.labels_) >= 0.85


def test_constant_missing_and_personal_columns_are_left_out(data) -> None:  # type: ignore[no-untyped-def]
    frame = data.frame.head(2000).assign(
        land="NL", leeg=np.nan, email="a@b.nl", klantnr=np.arange(2000).astype(str),
        notitie="vrije tekst")
    roles = {**data.roles, "land": ColumnRole.CATEGORICAL, "leeg": ColumnRole.NUMERIC,
             "email": ColumnRole.PII_EMAIL, "klantnr": ColumnRole.IDENTIFIER,
             "notitie": ColumnRole.TEXT}
    model = MixedSegmenter(k=3, seed=0, stability_refits=0).fit(frame, roles=roles)
    assert model.left_out_ == {"land": "constant", "leeg": "all_missing", "email": "personal",
                               "klantnr": "identifier", "notitie": "text"}
    used = {v.column for v in model.encoder_.numeric_ + model.encoder_.categorical_}
    assert used.isdisjoint({"email", "klantnr", "land", "leeg"})


def test_skewed_numeric_is_log_transformed(fitted) -> None:  # type: ignore[no-untyped-def]
    logged = {v.name for v in fitted.encoder_.numeric_ if v.log}
    assert "omzet" in logged
    assert "num1" not in logged


def test_multiselect_options_and_ordinal_and_boolean() -> None:
    rng = np.random.default_rng(0)
    n = 600
    group = rng.integers(0, 3, n)
    frame = pd.DataFrame({
        "kanalen": np.where(group == 0, "app;email", np.where(group == 1, "telefoon", "")),
        # Noisy, so it is not a redundant copy of the channel column (which would leave it out).
        "tevreden": np.array(["1 - zeer ontevreden", "3 - neutraal", "5 - zeer tevreden"],
                             dtype=object)[np.where(rng.random(n) < 0.7, group,
                                                    rng.integers(0, 3, n))],
        "auto": np.where(group == 2, "ja", "nee"),
        "leeftijd": rng.normal(30 + 15 * group, 3),
    })
    frame.loc[::50, "kanalen"] = None
    roles = [
        ColumnInfo(name="kanalen", role=ColumnRole.MULTISELECT, dtype="string", separator=";"),
        ColumnInfo(name="tevreden", role=ColumnRole.ORDINAL, dtype="string"),
        ColumnInfo(name="auto", role=ColumnRole.BOOLEAN, dtype="string"),
        ColumnInfo(name="leeftijd", role=ColumnRole.NUMERIC, dtype="double"),
    ]
    model = MixedSegmenter(k=3, seed=0, stability_refits=0).fit(frame, roles=roles)
    options = sorted(v.option for v in model.encoder_.categorical_ if v.kind == "multiselect")
    assert options == ["app", "email", "telefoon"]
    # A short ordinal scale is one categorical component per step (issue 9): its ceiling
    # cannot pull a profile on its own the way a Gaussian with a spike at the top can.
    assert not any(v.kind == "ordinal" for v in model.encoder_.numeric_)
    ordinal = next(v for v in model.encoder_.categorical_ if v.kind == "ordinal")
    assert ordinal.levels == ["1 - zeer ontevreden", "3 - neutraal", "5 - zeer tevreden"]
    assert adjusted_rand_score(group, model.labels_) == pytest.approx(1.0)


def test_unseen_level_counts_as_missing(fitted, data) -> None:  # type: ignore[no-untyped-def]
    row = data.frame.head(1).copy()
    seen = fitted.score_rows(row)
    row["cat1"] = "never-seen"
    unseen = fitted.score_rows(row)
    assert unseen.labels[0] == seen.labels[0]
    assert unseen.n_observed[0] == seen.n_observed[0] - 1


def test_too_few_rows_is_a_clear_error(data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SegmentInputError) as err:
        MixedSegmenter(k=5, min_profile_size=10).fit(data.frame.head(40), roles=data.roles)
    assert err.value.key == "segment.error.too_few_rows"
    assert err.value.params["needed"] == 50


def test_all_missing_is_a_clear_error() -> None:
    frame = pd.DataFrame({"a": [np.nan] * 100, "b": [None] * 100})
    with pytest.raises(SegmentInputError) as err:
        MixedSegmenter(k=3).fit(frame, roles={"a": "numeric", "b": "categorical"})
    assert err.value.key == "segment.error.no_variables"


def test_estimator_contract() -> None:
    model = MixedSegmenter(k=4, seed=9)
    assert clone(model).get_params() == model.get_params()
    assert not [a for a in vars(model) if a.endswith("_")]
    with pytest.raises(NotFittedError):
        model.predict(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="k must be"):
        MixedSegmenter(k="many").fit(np.zeros((50, 2)))


def test_numeric_array_input_like_scikit_learn() -> None:
    from sklearn.datasets import make_blobs

    X, y = make_blobs(n_samples=300, centers=3, random_state=1)
    model = MixedSegmenter(k_min=2, k_max=5, seed=0, stability_refits=2)
    labels = model.fit_predict(X)
    assert model.k_ == 3
    assert model.n_features_in_ == 2
    assert adjusted_rand_score(y, labels) >= 0.95
    with pytest.raises(ValueError, match="features"):
        model.predict(np.zeros((2, 3)))


@pytest.mark.parametrize(
    "check",
    ["check_get_params_invariance", "check_set_params", "check_no_attributes_set_in_init",
     "check_parameters_default_constructible", "check_fit2d_predict1d", "check_clustering",
     "check_fit_idempotent", "check_dtype_object", "check_estimators_dtypes",
     "check_estimators_empty_data_messages"],
)
def test_scikit_learn_estimator_checks(check: str) -> None:
    from sklearn.utils import estimator_checks

    getattr(estimator_checks, check)("MixedSegmenter",
                                     MixedSegmenter(k=3, min_profile_size=1, stability_refits=0))


def test_free_text_components_when_asked() -> None:
    rng = np.random.default_rng(3)
    group = rng.integers(0, 3, 600)
    words = np.array(["de app werkt snel en goed", "bellen met de klantenservice duurt lang",
                      "pech onderweg in frankrijk geregeld"], dtype=object)
    frame = pd.DataFrame({"tekst": words[group], "leeftijd": rng.normal(40 + 10 * group, 2)})
    frame.loc[::40, "tekst"] = None
    roles = {"tekst": ColumnRole.TEXT, "leeftijd": ColumnRole.NUMERIC}
    off = MixedSegmenter(k=3, seed=0, stability_refits=0).fit(frame, roles=roles)
    assert off.left_out_ == {"tekst": "text"}
    on = MixedSegmenter(k=3, seed=0, stability_refits=0, text_components=2).fit(
        frame, roles=roles)
    names = [v.name for v in on.encoder_.numeric_ if v.kind == "text"]
    assert names == ["tekst__text1", "tekst__text2"]
    assert adjusted_rand_score(group, on.labels_) > 0.9


def test_counts_redundancy_and_local_dependence() -> None:
    rng = np.random.default_rng(4)
    n = 3000
    group = rng.integers(0, 3, n)
    tenure = rng.gamma(4, 2 + 4 * group)
    visits = rng.poisson(rng.gamma(2.0, 1.0, n) * (group + 0.5))
    frame = pd.DataFrame({
        "looptijd": tenure,
        "lid_sinds": pd.Series(pd.Timestamp("2026-01-01")
                               - pd.to_timedelta(tenure * 365.25, unit="D"))
        .dt.strftime("%d-%m-%Y"),
        "woonplaats": np.array(["Utrecht", "Zeist", "Breda", "Tilburg"])[rng.integers(0, 4, n)],
        "klachten": rng.poisson(0.3 + group),
        "web_bezoeken": visits,
        "web_paginas": visits * 3 + rng.poisson(1, n),
        "groep": np.array(["a", "b", "c"], dtype=object)[group],
    })
    frame["provincie"] = frame["woonplaats"].map({"Utrecht": "Utrecht", "Zeist": "Utrecht",
                                                  "Breda": "Noord-Brabant",
                                                  "Tilburg": "Noord-Brabant"})
    roles = {"looptijd": "numeric", "lid_sinds": "date", "woonplaats": "categorical",
             "provincie": "categorical", "klachten": "numeric", "web_bezoeken": "numeric",
             "web_paginas": "numeric", "groep": "categorical"}
    model = MixedSegmenter(k=3, seed=0, stability_refits=0).fit(frame, roles=roles)
    assert model.left_out_["lid_sinds"] == "redundant:looptijd"
    assert model.left_out_["provincie"] == "redundant:woonplaats"
    web = {c: r for c, r in model.left_out_.items() if c.startswith("web_")}
    assert web in ({"web_paginas": "redundant:web_bezoeken"},
                   {"web_bezoeken": "redundant:web_paginas"})
    kinds = {v.column: v.kind for v in model.encoder_.categorical_}
    assert kinds["klachten"] == "count"
    counts = next(v for v in model.encoder_.categorical_ if v.column == "klachten")
    assert counts.levels[-1].endswith("+")


def test_record_batch_encodes_like_a_frame() -> None:
    """The one-record path (plain Python per value, for the web API) encodes every kind of
    column exactly as the vectorised path: numbers, Likert, dates, yes/no, counts,
    multi-select, and a rare level that only exists as "(other)"."""
    from personakit.segment._encode import OTHER_LEVEL, RecordBatch

    rng = np.random.default_rng(3)
    n = 400
    group = rng.integers(0, 3, n)
    city = np.array(["Utrecht", "Zwolle", "Delft"], dtype=object)[group]
    city[:3] = ["Urk", "Ede", "Oss"]  # each under 0.5 %: lumped into "(other)"
    frame = pd.DataFrame({
        "kanalen": np.where(group == 0, "app;email", np.where(group == 1, "telefoon", "")),
        # Noisy, so it is not a redundant copy of the channel column (which would leave it out).
        "tevreden": np.array(["1 - zeer ontevreden", "3 - neutraal", "5 - zeer tevreden"],
                             dtype=object)[np.where(rng.random(n) < 0.7, group,
                                                    rng.integers(0, 3, n))],
        "auto": np.where(group == 2, "ja", "nee"),
        "leeftijd": rng.normal(30 + 15 * group, 3),
        "klachten": rng.poisson(group),
        "lid_sinds": pd.to_datetime("2015-01-01") + pd.to_timedelta(
            rng.integers(0, 3000, n), unit="D"),
        "plaats": city,
    })
    roles = [
        ColumnInfo(name="kanalen", role=ColumnRole.MULTISELECT, dtype="string", separator=";"),
        ColumnInfo(name="tevreden", role=ColumnRole.ORDINAL, dtype="string"),
        ColumnInfo(name="auto", role=ColumnRole.BOOLEAN, dtype="string"),
        ColumnInfo(name="leeftijd", role=ColumnRole.NUMERIC, dtype="double"),
        ColumnInfo(name="klachten", role=ColumnRole.NUMERIC, dtype="int64"),
        ColumnInfo(name="lid_sinds", role=ColumnRole.DATE, dtype="date"),
        ColumnInfo(name="plaats", role=ColumnRole.CATEGORICAL, dtype="string"),
    ]
    model = MixedSegmenter(k=3, seed=0, stability_refits=0).fit(frame, roles=roles)
    encoder = model.encoder_
    assert any(OTHER_LEVEL in v.levels for v in encoder.categorical_)
    messy = frame.astype(object)
    messy.loc[5, "plaats"] = "Nergenshuizen"  # unseen: "(other)"
    messy.loc[6, "leeftijd"] = None
    messy.loc[7, "tevreden"] = "weet niet"
    messy.loc[8, "lid_sinds"] = "03-04-2019"  # a Dutch date as text
    messy.loc[9, "kanalen"] = None
    whole = encoder.transform(messy)
    records = messy.to_dict("records")
    for i in [5, 6, 7, 8, 9, *range(0, n, 7)]:
        one = encoder.transform(RecordBatch([records[i]]))
        np.testing.assert_allclose(one.num[0], whole.num[i], rtol=1e-5, equal_nan=True)
        np.testing.assert_array_equal(one.onehot[0], whole.onehot[i])
