"""Which rows have a profile's level: ``level_mask(values, "1")`` on a yes/no column.

A profile's effect names a level as the segmentation encoded it: ``"1"`` for a yes/no
column whatever its spelling ("ja", "true", 1.0), an option of a multi-select cell
("app" in "app;telefoon"), a number as text ("4" for 4.0), or a category. Checks that
look at the data again (drift, prevalence) must read the level the same way.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from personakit.segment._encode import _bool_of

SEPARATORS = re.compile(r"\s*[;|,]\s*")


def level_mask(values: pd.Series, level: str) -> np.ndarray:
    """Per row, whether it has *level* (missing values never do)."""
    known = values.notna().to_numpy()
    wanted = str(level).strip().lower()
    text = values.astype("string").str.strip().str.lower()
    hit = (text == wanted).fillna(False).to_numpy(dtype=bool)
    if wanted in ("0", "1"):
        hit |= values.map(_bool_of).to_numpy(dtype=object) == wanted
    try:
        number = float(wanted.replace(",", "."))
    except ValueError:
        number = None
    if number is not None:
        raw = values if pd.api.types.is_numeric_dtype(values.dtype) else \
            text.str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            hit |= numbers == number
    elif text.str.contains(SEPARATORS, regex=True).fillna(False).any():
        options = text.fillna("").str.split(SEPARATORS, regex=True)
        hit |= options.map(lambda parts: wanted in parts).to_numpy(dtype=bool)
    return np.asarray(hit & known, dtype=bool)
