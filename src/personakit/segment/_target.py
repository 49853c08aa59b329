"""Target groups (process step 1): a SQL ``WHERE`` filter run in DuckDB over the linked frame."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from personakit.errors import ConfigError, InputError
from personakit.workspace import Workspace

ROW = "__personakit_row"


def select_rows(frame: pd.DataFrame, where: str, *, what: str = "target") -> np.ndarray:
    """Boolean mask of the rows of *frame* matching *where*.

    A syntax error or an unknown column raises :class:`InputError` listing the columns.
    """
    con = duckdb.connect()
    try:
        view = frame.assign(**{ROW: np.arange(len(frame), dtype=np.int64)})
        con.register("data", view)
        # The filter is the user's text: no file or network access from inside it.
        con.execute("SET enable_external_access = false")
        rows = con.execute(f'SELECT "{ROW}" FROM data WHERE ({where})').fetchnumpy()[ROW]
    except duckdb.ParserException as exc:
        raise InputError("segment.error.filter_syntax", what=what, where=where,
                         detail=_first_line(exc), columns=_column_list(frame)) from exc
    except (duckdb.BinderException, duckdb.CatalogException) as exc:
        raise InputError("segment.error.filter_column", what=what, where=where,
                         detail=_first_line(exc), columns=_column_list(frame)) from exc
    except duckdb.Error as exc:
        raise InputError("segment.error.filter_failed", what=what, where=where,
                         detail=_first_line(exc), columns=_column_list(frame)) from exc
    finally:
        con.close()
    mask = np.zeros(len(frame), dtype=bool)
    mask[np.asarray(rows, dtype=np.int64)] = True
    return mask


def target_where(ws: Workspace, target: str | None, target_group: str | None) -> str | None:
    """The filter text: ``--target`` as given, or a named ``[target_groups.NAME]``."""
    if target_group is None:
        return target
    group = ws.config.target_groups.get(target_group)
    if group is None:
        raise ConfigError("segment.error.unknown_target_group", name=target_group,
                          known=", ".join(sorted(ws.config.target_groups)) or "-")
    return group.where if target is None else f"({group.where}) AND ({target})"


def _column_list(frame: pd.DataFrame) -> str:
    return ", ".join(str(c) for c in frame.columns if c != ROW)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
