"""A profile's level read back from the data as the segmentation encoded it (table)."""

from __future__ import annotations

import pandas as pd
import pytest

from personakit.segment._levels import level_mask

CASES = [
    # (values, level, expected)
    (["ja", "nee", None, "Ja"], "1", [True, False, False, True]),
    ([True, False, True, None], "1", [True, False, True, False]),
    ([1.0, 0.0, 1.0, None], "0", [False, True, False, False]),
    (["app;telefoon", "email", "App ; chat", None], "app", [True, False, True, False]),
    ([4.0, 3.0, 4.0, 5.0], "4", [True, False, True, False]),
    (["Plus", "plus", "Basis", None], "Plus", [True, True, False, False]),
    (["4,5", "4.5", "3"], "4.5", [True, True, False]),
    (["Wegenhulp Europa", "Wegenhulp", "wegenhulp europa"], "Wegenhulp Europa",
     [True, False, True]),
]


@pytest.mark.parametrize(("values", "level", "expected"), CASES)
def test_level_mask(values: list[object], level: str, expected: list[bool]) -> None:
    assert level_mask(pd.Series(values, dtype=object), level).tolist() == expected
