"""Typed columns from text: numbers with a decimal comma or point, Dutch and ISO dates.

A plan is made per column from a sample of its values (``plan_column``); the whole column is
then converted with vectorised ``pyarrow.compute`` (``convert_column``). A column whose full
data does not fit the plan stays text, unless the user declared it numeric: then the first
value that is not a number is an error naming its row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from personakit.errors import InputError


def _import_pool() -> pa.MemoryPool:
    """The Arrow memory pool for the large buffers of an import: jemalloc where available.

    With Arrow's default mimalloc pool, a fresh process spent more time in the kernel than
    in parsing on its first large read (transparent huge page faults: the first read of
    the 235 MB benchmark file took 0.9 s, 0.5 s with jemalloc, 0.4 s warm). Passed
    explicitly, so the process-wide default pool is left alone.
    """
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # builds without jemalloc (Windows)
        return pa.default_memory_pool()


IMPORT_POOL = _import_pool()
_POOL = {"memory_pool": IMPORT_POOL}

_INT = re.compile(r"^[+-]?\d+$")
# Integers longer than this are codes (bank accounts, card numbers), not amounts.
MAX_INT_DIGITS = 15
_DATE_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", False),
    (r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", "%Y-%m-%dT%H:%M:%S", True),
    (r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", "%Y-%m-%d %H:%M:%S", True),
    (r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", "%Y-%m-%dT%H:%M", True),
    (r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", "%Y-%m-%d %H:%M", True),
    (r"^\d{1,2}-\d{1,2}-\d{4}$", "%d-%m-%Y", False),
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%d/%m/%Y", False),
    (r"^\d{1,2}\.\d{1,2}\.\d{4}$", "%d.%m.%Y", False),
    (r"^\d{1,2}-\d{1,2}-\d{4} \d{1,2}:\d{2}:\d{2}$", "%d-%m-%Y %H:%M:%S", True),
    (r"^\d{1,2}-\d{1,2}-\d{4} \d{1,2}:\d{2}$", "%d-%m-%Y %H:%M", True),
    (r"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(:\d{2})?$", "%d/%m/%Y %H:%M", True),
)
_DATE_PARTS = re.compile(r"[-/. ]")
_COMPILED_DATES = [(re.compile(p), f, t) for p, f, t in _DATE_PATTERNS]


def number_pattern(decimal: str, thousands: str | None) -> str:
    """Regex of a number written with *decimal* and optional *thousands* grouping."""
    dec = re.escape(decimal)
    if thousands:
        th = re.escape(thousands)
        return rf"^[+-]?(?:\d{{1,3}}(?:{th}\d{{3}})+|\d+)(?:{dec}\d+)?$"
    return rf"^[+-]?\d+(?:{dec}\d+)?$"


_NL = re.compile(number_pattern(",", "."))
_EN = re.compile(number_pattern(".", ","))


@dataclass
class ColumnPlan:
    """How to turn one text column into a typed one."""

    kind: str  # "string" | "int" | "number" | "date" | "datetime"
    decimal: str | None = None
    thousands: str | None = None
    fmt: str | None = None
    ambiguous: bool = False  # "1.234" or "1,234": decided by the file's convention
    trim: bool = False
    fraction: bool = False  # the sample has digits after the decimal separator


def plan_column(values: Iterable[str | None]) -> ColumnPlan:
    """The plan for a column, from a sample of its text values."""
    seen = {v for v in set(values) if v is not None and v.strip()}  # strip each value once
    if not seen:
        return ColumnPlan("string")
    trim = any(v != v.strip() for v in seen)
    stripped = {v.strip() for v in seen}
    if all(_INT.match(v) for v in stripped):
        if any(_leading_zero(v) or len(v.lstrip("+-")) > MAX_INT_DIGITS for v in stripped):
            return ColumnPlan("string")
        return ColumnPlan("int", trim=trim)
    date = _plan_date(stripped)
    if date is not None:
        return date
    nl = all(_NL.match(v) for v in stripped)
    en = all(_EN.match(v) for v in stripped)
    if nl and en:
        return ColumnPlan("number", ",", ".", ambiguous=True, trim=trim)
    if nl:
        return ColumnPlan("number", ",", "." if any("." in v for v in stripped) else None,
                          trim=trim, fraction=any("," in v for v in stripped))
    if en:
        return ColumnPlan("number", ".", "," if any("," in v for v in stripped) else None,
                          trim=trim, fraction=any("." in v for v in stripped))
    return ColumnPlan("string")


def _leading_zero(value: str) -> bool:
    digits = value.lstrip("+-")
    return len(digits) > 1 and digits.startswith("0")


def _plan_date(values: set[str]) -> ColumnPlan | None:
    for pattern, fmt, has_time in _COMPILED_DATES:
        if all(pattern.match(v) for v in values):
            if fmt.startswith("%d") and _month_first(values):
                fmt = fmt.replace("%d", "%_").replace("%m", "%d").replace("%_", "%m")
            return ColumnPlan("datetime" if has_time else "date", fmt=fmt)
    return None


def _month_first(values: set[str]) -> bool:
    """An American export: the second number goes above 12, the first never does."""
    second_above_12 = False
    for value in values:
        first, second = _DATE_PARTS.split(value, maxsplit=2)[:2]
        if int(first) > 12:
            return False  # a day first: settled (most samples settle it in a few values)
        second_above_12 = second_above_12 or int(second) > 12
    return second_above_12


def file_decimal(plans: Iterable[ColumnPlan], delimiter: str) -> str:
    """The file's decimal separator: the vote of its unambiguous number columns."""
    votes = [p.decimal for p in plans if p.kind == "number" and not p.ambiguous]
    if votes:
        return str(max(set(votes), key=lambda d: (votes.count(d), d == ",")))
    return "," if delimiter in (";", "\t") else "."


def resolve(plan: ColumnPlan, decimal: str) -> ColumnPlan:
    """An ambiguous number column read with the file's decimal separator."""
    if plan.kind == "number" and plan.ambiguous:
        thousands = "." if decimal == "," else ","
        return ColumnPlan("number", decimal, thousands, trim=plan.trim)
    return plan


def convert_column(column: pa.ChunkedArray, plan: ColumnPlan) -> pa.ChunkedArray | None:
    """The converted column, or None when the full data does not fit the plan."""
    if plan.kind == "string":
        return None
    text = pc.utf8_trim_whitespace(column, **_POOL) if plan.trim else column
    try:
        if plan.kind in ("date", "datetime"):
            return _to_date(text, plan)
        if plan.kind == "int":
            return pc.cast(text, pa.int64(), **_POOL)
        return _to_number(text, plan)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        if plan.kind == "int":
            return _to_number(text, ColumnPlan("number", ".", None)) if _fits(
                text, number_pattern(".", None)) else None
        return None


def _to_date(text: pa.ChunkedArray, plan: ColumnPlan) -> pa.ChunkedArray | None:
    assert plan.fmt is not None
    parsed = pc.strptime(text, format=plan.fmt, unit="s", error_is_null=True, **_POOL)
    if parsed.null_count != text.null_count or not _days_agree(text, parsed, plan.fmt):
        return None  # 31-02-2024 and friends: keep the text rather than lose a value
    return pc.cast(parsed, pa.date32(), **_POOL) if plan.kind == "date" else parsed


def _days_agree(text: pa.ChunkedArray, parsed: pa.ChunkedArray, fmt: str) -> bool:
    """Whether each parsed day is the day written: strptime rolls 31-02 over to 2 March.

    A rolled-over date lands on day 1, 2 or 3, so only those rows are checked (a tenth of
    the column: 0.03 s instead of 0.25 s per 1,000,000 dates).
    """
    suspect = pc.less_equal(pc.day(parsed), 3)
    text, parsed = pc.filter(text, suspect), pc.filter(parsed, suspect)
    if fmt.startswith("%Y-%m-%d"):
        day = pc.utf8_slice_codeunits(text, 8, 10)
    else:
        position = 0 if fmt.startswith("%d") else 1
        parts = pc.split_pattern(text, fmt[2], max_splits=2)
        day = pc.list_element(parts, position)
    if fmt.startswith("%d") or fmt.startswith("%Y") or fmt.startswith("%m"):
        day = pc.utf8_slice_codeunits(day, 0, 2)
    same = pc.equal(pc.cast(day, pa.int64()), pc.day(parsed))
    return bool(pc.all(same).as_py() is not False)


def _to_number(text: pa.ChunkedArray, plan: ColumnPlan) -> pa.ChunkedArray | None:
    decimal = plan.decimal or "."
    if plan.thousands:
        if not _fits(text, number_pattern(decimal, plan.thousands)):
            return None
        text = pc.replace_substring(text, plan.thousands, "", **_POOL)
    elif decimal == "," and pc.any(pc.match_substring(text, ".")).as_py():
        return None  # "12.5" in a decimal-comma column is not a number we can trust
    if decimal == ",":
        text = pc.replace_substring(text, ",", ".", **_POOL)
    # A sample with fractions makes it a float column: no need to look for whole numbers.
    if not plan.fraction and not pc.any(pc.match_substring(text, ".")).as_py():
        try:
            return pc.cast(text, pa.int64(), **_POOL)
        except pa.ArrowInvalid:
            pass
    return pc.cast(text, pa.float64(), **_POOL)


def _fits(text: pa.ChunkedArray, pattern: str) -> bool:
    matches = pc.match_substring_regex(text, pattern)
    return bool(pc.all(matches).as_py() is not False)


def require_numeric(path: str, name: str, column: pa.ChunkedArray, decimal: str,
                    row_offset: int = 1) -> pa.ChunkedArray:
    """A column the user declared numeric; the first non-number value is an error."""
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        return column
    if pa.types.is_null(column.type):
        return pc.cast(column, pa.float64())
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        column = pc.cast(column, pa.string())
    thousands = "." if decimal == "," else ","
    text = pc.utf8_trim_whitespace(column)
    converted = _to_number(text, ColumnPlan("number", decimal, thousands))
    if converted is not None:
        return converted
    ok = pc.match_substring_regex(text, number_pattern(decimal, thousands))
    bad = pc.and_(pc.invert(pc.fill_null(ok, True)), pc.is_valid(text))
    index = pc.index(bad, True).as_py()
    value = text[index].as_py() if index >= 0 else ""
    raise InputError("ingest.error.not_numeric", file=path, row=index + row_offset,
                     column=name, value=value)
