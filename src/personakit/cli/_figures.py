"""Figures for people in the steering and validation commands: numbers, shares, changes and
their intervals in the output language (through ``personakit.i18n``, never ``f"{x:.2f}"``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.markup import escape

from personakit.i18n import format_number, format_percent, format_signed, get_language, t

DASH = "–"
Fmt = Callable[[float], str]


def num(value: float | None, digits: int | None = None) -> str:
    return format_number(value, get_language(), digits)


def pct(share: float | None, digits: int | None = None) -> str:
    return format_percent(share, get_language(), digits)


def signed(value: float | None, digits: int = 2) -> str:
    return format_signed(value, get_language(), digits)


def points(change: float | None) -> str:
    """A change of a share in percentage points: ``+2.1 pp`` / ``+2,1 %-punt``."""
    if change is None or not math.isfinite(change):
        return DASH
    return t("cli.kpi.pp", value=signed(100 * change, 1))


def span(low: str, high: str) -> str:
    """``7.5–8.2``, or ``-0.4 to +1.2`` when a sign would make a dash ambiguous."""
    if low[:1] in "+-" or high[:1] in "+-":
        return t("cli.kpi.range", low=low, high=high)
    return f"{low}–{high}"


def with_interval(value: float | None, low: float | None, high: float | None,
                  fmt: Fmt) -> str:
    """``value (low–high)``; just the value when there is no interval; a dash for none."""
    if value is None or not math.isfinite(value):
        return DASH
    if low is None or high is None:
        return fmt(value)
    return f"{fmt(value)} ({span(fmt(low), fmt(high))})"


def moment(value: datetime | None) -> str:
    """A time stamp as people read it (UTC, to the minute)."""
    return value.strftime("%Y-%m-%d %H:%M") + " UTC" if value else DASH


def tx(key: str, **params: Any) -> str:
    """A translated message made safe for Rich markup (``[settings.steer]`` is text)."""
    return escape(t(key, **params))
