"""Property: a frame written as a Dutch- or English-style CSV reads back equal."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from personakit.ingest import read_table

WORDS = st.text(alphabet="abcdeéëïöüçñ ABCZ;,'\"\n", min_size=1, max_size=12).map(
    lambda s: "x" + s.strip() + "y")


@st.composite
def frames(draw: st.DrawFn) -> tuple[pd.DataFrame, str, str, str]:
    n = draw(st.integers(min_value=2, max_value=25))
    amounts = draw(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
                            .map(lambda x: round(x, 2)), min_size=n, max_size=n))
    counts = draw(st.lists(st.integers(min_value=-10**9, max_value=10**9), min_size=n,
                           max_size=n))
    words = draw(st.lists(WORDS, min_size=n, max_size=n))
    frame = pd.DataFrame({"id": range(1, n + 1), "bedrag": amounts, "aantal": counts,
                          "tekst": words})
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    decimal = draw(st.sampled_from([",", "."]).filter(lambda d: d != delimiter or d == "."))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return frame, delimiter, decimal, encoding


@settings(max_examples=60, deadline=None)
@given(frames())
def test_csv_round_trip(case: tuple[pd.DataFrame, str, str, str]) -> None:
    frame, delimiter, decimal, encoding = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        frame.to_csv(path, sep=delimiter, decimal=decimal, index=False, encoding=encoding,
                     lineterminator="\r\n")
        result = read_table(path)
    back = result.table.to_pandas()
    assert result.dialect["delimiter"] == delimiter
    assert back["id"].tolist() == frame["id"].tolist()
    assert back["aantal"].tolist() == frame["aantal"].tolist()
    assert back["tekst"].tolist() == frame["tekst"].tolist()
    assert [round(float(v), 2) for v in back["bedrag"]] == frame["bedrag"].tolist()
