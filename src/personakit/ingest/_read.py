"""``read_table``: any supported file to a typed Arrow table with column roles.

Pure: it touches no workspace, so other stages use it to read new files for assignment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from personakit.errors import InputError
from personakit.ingest import _formats  # noqa: F401  (registers the built-in readers)
from personakit.ingest._convert import (
    ColumnPlan,
    convert_column,
    file_decimal,
    plan_column,
    require_numeric,
    resolve,
)
from personakit.ingest._model import ReadResult, Reject
from personakit.ingest._registry import Loaded, reader_for
from personakit.ingest._roles import ROLE_SAMPLE, Sampled, infer_role, multiselect_groups
from personakit.model import ColumnInfo, ColumnRole

# Rows whose text decides a column's type; spread over the file, the head included.
TYPE_SAMPLE = 5000
# Column conversions run side by side: pyarrow.compute releases the GIL.
CONVERT_THREADS = 4


def read_table(path: str | Path, *, key: str | None = None, lenient: bool = False,
               roles: Mapping[str, str] | None = None) -> ReadResult:
    """Read *path* (CSV/TSV/TXT, XLSX, Parquet, JSON, JSONL) into a typed table.

    Parameters
    ----------
    key
        Column that must hold one unique, non-missing value per row.
    lenient
        Quarantine bad rows (wrong field count, broken quotes, bad key) instead of failing.
    roles
        The user's role overrides (``[sources.NAME.roles]``); a column declared
        ``numeric`` that holds text is an error naming the row and value.
    """
    loaded, table = load_typed(path, key=key, lenient=lenient, roles=roles)
    columns = infer_columns(table, loaded.dialect, key=key,
                            roles={**loaded.roles, **(roles or {})})
    return ReadResult(plain_text(table), columns, loaded.dialect, loaded.rejects)


def plain_text(table: pa.Table) -> pa.Table:
    """The table with dictionary-encoded text (as the CSV reader gives repeating text)
    turned back into plain text, as a snapshot reads back."""
    for i, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(i, field.name, pc.cast(table[i], field.type.value_type))
    return table


def load_typed(path: str | Path, *, key: str | None = None, lenient: bool = False,
               roles: Mapping[str, str] | None = None) -> tuple[Loaded, pa.Table]:
    """The file read, typed and checked (key, declared numbers); roles not inferred yet."""
    file = Path(path)
    if not file.exists():
        raise InputError("ingest.error.not_found", file=str(file))
    if not file.is_file():
        raise InputError("ingest.error.not_a_file", file=str(file))
    loaded = reader_for(file).read(file, lenient)
    if loaded.table.num_rows == 0:
        raise InputError("ingest.error.no_rows", file=str(file))
    table = _typed(file, loaded, dict(roles or {}))
    if key is not None:
        table = check_key(file, loaded, table, key, lenient)
    return loaded, table


def spread_indices(rows: int, size: int) -> np.ndarray:
    """Row numbers of a sample: the head plus rows spread evenly over the rest."""
    if rows <= size:
        return np.arange(rows)
    head = np.arange(size // 5)
    rest = np.linspace(size // 5, rows - 1, size - size // 5).astype(np.int64)
    return np.unique(np.concatenate([head, rest]))


def iter_plans(table: pa.Table) -> Iterator[tuple[str, ColumnPlan]]:
    """Each text column's typing plan, from a sample spread over the table."""
    idx = pa.array(spread_indices(table.num_rows, TYPE_SAMPLE))
    for n in table.column_names:
        if pa.types.is_string(table.schema.field(n).type):
            yield n, plan_column(table[n].take(idx).unique().to_pylist())


def decimal_of(plans: dict[str, ColumnPlan], dialect: Mapping[str, Any]) -> str:
    """The file's decimal separator: the reader's, or the vote of the number columns."""
    return str(dialect.get("decimal") or file_decimal(
        plans.values(), str(dialect.get("delimiter", ","))))


def _typed(file: Path, loaded: Loaded, overrides: dict[str, str]) -> pa.Table:
    table = loaded.table
    with ThreadPoolExecutor(CONVERT_THREADS) as pool:
        # A column whose plan needs no file-wide decimal vote is converted (pyarrow, GIL
        # released) while the next columns are still being planned (Python).
        pending: dict[str, Future[pa.ChunkedArray | None]] = {}
        plans: dict[str, ColumnPlan] = {}
        for n, plan in ([] if loaded.typed else iter_plans(table)):
            plans[n] = plan
            if not (plan.kind == "number" and plan.ambiguous):
                pending[n] = pool.submit(convert_column, table[n], plan)
        decimal = decimal_of(plans, loaded.dialect)
        plans = {n: resolve(p, decimal) for n, p in plans.items()}
        for n, plan in plans.items():
            if n not in pending:
                pending[n] = pool.submit(convert_column, table[n], plan)
        converted = {n: pending[n].result() for n in plans}
    for name, column in converted.items():
        if column is not None:
            table = table.set_column(table.column_names.index(name), name, column)
    for name, role in overrides.items():
        if role == ColumnRole.NUMERIC and name in table.column_names:
            column = _declared_numeric(file, loaded, table[name], name, decimal)
            table = table.set_column(table.column_names.index(name), name, column)
    loaded.dialect.update(dialect_numbers(plans, converted, decimal,
                                          loaded.dialect.get("date_formats", {})))
    return table


def _declared_numeric(file: Path, loaded: Loaded, column: pa.ChunkedArray, name: str,
                      decimal: str) -> pa.ChunkedArray:
    try:
        return require_numeric(str(file), name, column, decimal)
    except InputError as exc:
        # require_numeric counts data rows from 1; tell the user the row they can find.
        exc.params["row"] = loaded.row_number(int(exc.params["row"]) - 1)
        raise


def dialect_numbers(plans: dict[str, ColumnPlan], converted: dict[str, Any],
                     decimal: str, known_dates: dict[str, str]) -> dict[str, Any]:
    used = {n: p for n, p in plans.items() if converted.get(n) is not None}
    thousands = [p.thousands for p in used.values() if p.kind == "number" and p.thousands]
    dates = dict(known_dates)
    dates.update({n: str(p.fmt) for n, p in used.items() if p.kind in ("date", "datetime")})
    formats = Counter(dates.values())
    return {
        "decimal": decimal,
        "thousands": Counter(thousands).most_common(1)[0][0] if thousands else None,
        "date_format": formats.most_common(1)[0][0] if formats else None,
        "date_formats": dates,
    }


def check_key(file: Path, loaded: Loaded, table: pa.Table, key: str,
               lenient: bool) -> pa.Table:
    if key not in table.column_names:
        raise InputError("ingest.error.key_not_found", file=str(file), column=key,
                         columns=", ".join(table.column_names))
    column = table[key]
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, column.type.value_type)
    if column.null_count == 0 and _unique(column) and (
            not pa.types.is_string(column.type)
            or not pc.any(pc.equal(pc.utf8_trim_whitespace(column), "")).as_py()):
        return table
    values = column.to_pandas()
    text = values.astype("string").str.strip()
    missing = text.isna() | text.eq("")
    duplicate = values.duplicated(keep="first") & ~missing
    bad = (missing | duplicate).to_numpy(dtype=bool)
    if not bad.any():
        return table
    index = int(np.flatnonzero(bad)[0])
    problems = [_key_problem(file, loaded, values, key, int(i), bool(missing.iloc[int(i)]))
                for i in (np.flatnonzero(bad) if lenient else [index])]
    if not lenient:
        raise problems[0]
    for i, problem in zip(np.flatnonzero(bad), problems, strict=True):
        loaded.rejects.append(Reject(line=loaded.row_number(int(i)), reason=problem.message(),
                                     text=str(values.iloc[int(i)])))
    keep = pa.array(~bad)
    if loaded.lines is not None:
        loaded.lines = [line for line, ok in zip(loaded.lines, ~bad, strict=True) if ok]
    return table.filter(keep)


def _unique(column: pa.ChunkedArray) -> bool:
    """All values different; ids ascending (as exports list them) are checked in one pass."""
    if pa.types.is_integer(column.type) and len(column) > 1:
        values = column.combine_chunks()
        if pc.all(pc.greater(values[1:], values[:-1])).as_py():
            return True
    return bool(pc.count_distinct(column).as_py() == len(column))


def _key_problem(file: Path, loaded: Loaded, values: Any, key: str, index: int,
                 missing: bool) -> InputError:
    row = loaded.row_number(index)
    if missing:
        return InputError("ingest.error.key_missing", file=str(file), row=row, column=key)
    value = values.iloc[index]
    first = int(np.flatnonzero((values == value).to_numpy())[0])
    return InputError("ingest.error.key_duplicate", file=str(file), row=row, column=key,
                      value=str(value), first=loaded.row_number(first))


def value_type(dtype: pa.DataType) -> pa.DataType:
    """The type of the values: a dictionary's value type, else *dtype* itself."""
    return dtype.value_type if pa.types.is_dictionary(dtype) else dtype


def _kind(dtype: pa.DataType) -> str:
    dtype = value_type(dtype)
    if pa.types.is_integer(dtype):
        return "int"
    if pa.types.is_floating(dtype) or pa.types.is_decimal(dtype):
        return "float"
    if pa.types.is_boolean(dtype):
        return "bool"
    if pa.types.is_date(dtype) or pa.types.is_timestamp(dtype):
        return "date"
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return "string"
    return "other"


def sample_columns(table: pa.Table, size: int = ROLE_SAMPLE) -> dict[str, Sampled]:
    """Each column's sample (spread over the table) as Python values, missing left out."""
    return sampled_values(table.take(pa.array(spread_indices(table.num_rows, size))))


def sampled_values(sample: pa.Table) -> dict[str, Sampled]:
    """The rows of a sample as Python values per column, missing left out."""
    sample = plain_text(sample)
    out: dict[str, Sampled] = {}
    for name in sample.column_names:
        kind = _kind(sample.schema.field(name).type)
        values = [v for v in sample[name].to_pylist() if v is not None]
        if kind == "string":
            values = [v for v in values if v.strip()]
        out[name] = Sampled(name, kind, values, sample.num_rows)
    return out


@dataclass
class TableShape:
    """What role inference needs of the whole table beside its sample."""

    schema: pa.Schema
    rows: int
    nulls: dict[str, int]

    @classmethod
    def of(cls, table: pa.Table) -> TableShape:
        return cls(table.schema, table.num_rows,
                   {name: table[name].null_count for name in table.column_names})


def infer_columns(table: pa.Table, dialect: Mapping[str, Any], *, key: str | None = None,
                  roles: Mapping[str, str] | None = None) -> list[ColumnInfo]:
    """Role, type and missing share of every column; the user's overrides applied."""
    return infer_sampled(sample_columns(table), TableShape.of(table), dialect, key=key,
                         roles=roles)


def infer_sampled(samples: dict[str, Sampled], shape: TableShape, dialect: Mapping[str, Any],
                  *, key: str | None = None,
                  roles: Mapping[str, str] | None = None) -> list[ColumnInfo]:
    """:func:`infer_columns` from a sample and the table's shape."""
    delimiter = dialect.get("delimiter")
    columns: list[ColumnInfo] = []
    for name in shape.schema.names:
        info = infer_role(samples[name], delimiter=str(delimiter) if delimiter else None)
        if name == key:
            info.role, info.levels, info.options, info.separator = (
                ColumnRole.IDENTIFIER, None, None, None)
        info.dtype = str(value_type(shape.schema.field(name).type))
        info.missing_share = shape.nulls[name] / max(shape.rows, 1)
        sampled = samples[name].values
        # Text, whole numbers and dates hash as themselves; floats by their text (NaN).
        info.n_unique = len(set(sampled)) if samples[name].kind in ("string", "int", "date") \
            else len({str(v) for v in sampled})
        columns.append(info)
    multiselect_groups(columns, samples)
    return apply_roles(columns, roles or {})


def apply_roles(columns: list[ColumnInfo], roles: Mapping[str, str]) -> list[ColumnInfo]:
    """Columns with the user's role overrides; the inferred role is kept beside."""
    out: list[ColumnInfo] = []
    for info in columns:
        copy = info.model_copy(deep=True)
        override = roles.get(info.name)
        if override is not None and override != info.role.value:
            copy.inferred_role = copy.inferred_role or info.role
            copy.role = ColumnRole(override)
        out.append(copy)
    return out
