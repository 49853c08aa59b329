"""Assignment of a whole file (or source) to a CSV or Parquet file: ``personakit assign``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from personakit._cells import safe_frame
from personakit.errors import InputError
from personakit.segment._assign import assign_frame
from personakit.workspace import Workspace

OUTPUT_SUFFIXES = (".csv", ".parquet")


def read_records(ws: Workspace, file: Path | None, source: str | None) -> pd.DataFrame:
    """The records to assign: a file read by the importers' reader, or a linked source."""
    if (file is None) == (source is None):
        raise InputError("segment.error.assign_input")
    if source is not None:
        from personakit.ingest import linked_frame

        linked = linked_frame(ws, base=source)
        frame = linked.frame
        if linked.key not in frame.columns and frame.index.name == linked.key:
            frame = frame.reset_index()
        return pd.DataFrame(frame)
    from personakit.ingest import read_table

    assert file is not None
    return pd.DataFrame(read_table(file).table.to_pandas())


def assign_to_file(ws: Workspace, file: Path | None, out: Path, *, source: str | None = None,
                   segmentation: str | None = None, lang: str | None = None) -> dict[str, Any]:
    """Assign every record and write ``out`` (CSV or Parquet by its extension)."""
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError("segment.error.assign_out", path=str(out),
                         expected=", ".join(OUTPUT_SUFFIXES))
    frame = read_records(ws, file, source)
    result = assign_frame(ws, frame, segmentation, lang=lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".parquet":
        result.to_parquet(out, index=False)
    else:  # a spreadsheet opens it: no cell may be a formula (issue 16)
        safe_frame(result).to_csv(out, index=False)
    counts = result.loc[~result["fits_none"], "profile_name"].value_counts()
    return {
        "rows": len(result), "out": str(out), "fits_none": int(result["fits_none"].sum()),
        "mean_confidence": float(result.loc[~result["fits_none"], "confidence"].mean())
        if (~result["fits_none"]).any() else 0.0,
        "profiles": {str(k): int(v) for k, v in counts.items()},
    }
