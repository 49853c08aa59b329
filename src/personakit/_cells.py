"""Cells a spreadsheet shows, never runs (issue 16: exports that cannot attack their reader).

A CSV or Excel cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is a formula to Excel and LibreOffice (CSV injection, OWASP). Every text cell personakit
exports starts with a ``'`` in that case, which spreadsheets read as "this is text".
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """*value* as a spreadsheet will show it, never run it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame* with every text cell made safe (numbers stay numbers)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            out[column] = series.map(lambda v: safe_cell(v) if isinstance(v, str) else v)
    return out
