"""Numbers as people read them, in Dutch and English (issue 10, point 6).

Dutch writes ``1.234,5`` and ``34 %``; English ``1,234.5`` and ``34%``. Years stay years
(``1990``, never ``1.990`` or ``1.99e+03``), counts are whole numbers, significance is
``p < 0,001`` rather than ``2.7e-165``. Nothing here ever produces e-notation: every figure
goes through fixed-point formatting, and what is too small to show says so (``< 0,001``).

The core imports no framework; the report and web Jinja environments register these as
filters (:func:`jinja_filters`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

# (thousands separator, decimal separator, text between a number and "%").
_STYLE = {"nl": (".", ",", " "), "en": (",", ".", "")}
DASH = "–"
# Below this a p or q value is shown as "< 0.001": more digits say nothing to a reader, and
# the 2.7e-165 the explorer used to show (issue 10) is the same verdict.
P_FLOOR = 0.001
# A mean of a year column (1990.4) is still shown as a year; outside this range it is not one.
YEAR_RANGE = (1000.0, 2200.0)


def _style(lang: str) -> tuple[str, str, str]:
    return _STYLE.get(lang, _STYLE["en"])


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _fixed(value: float, digits: int, lang: str, group: bool = True) -> str:
    thousands, decimal, _ = _style(lang)
    text = f"{value:,.{digits}f}" if group else f"{value:.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":  # -0.0 rounds to "0", not "-0"
        text = text.lstrip("-")
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def auto_digits(value: float) -> int:
    """Decimals a reader needs: none from 100 up, one from 1, two significant below 1."""
    size = abs(value)
    if size >= 100 or size == 0:
        return 0
    if size >= 1:
        return 1
    return min(max(1 - math.floor(math.log10(size)), 2), 6)


def format_number(value: float | None, lang: str, digits: int | None = None) -> str:
    """A number with thousands separators and the language's decimal sign.

    *digits* fixes the decimals; ``None`` picks them from the size (:func:`auto_digits`).
    ``None`` and NaN are shown as a dash.
    """
    if _missing(value):
        return DASH
    assert value is not None
    number = float(value)
    places = auto_digits(number) if digits is None else digits
    if digits is not None:
        return _fixed(number, places, lang)
    if number != 0 and abs(number) < 10 ** -places / 2:
        return "< " + _fixed(10.0 ** -places, places, lang)
    text = _fixed(number, places, lang)
    if abs(number) < 1 and places > 0:  # two significant digits, no trailing zero
        text = text.rstrip("0").rstrip(_style(lang)[1]) or "0"
    return text


def format_count(value: float | None, lang: str) -> str:
    """A count as a whole number: ``12.345`` / ``12,345``."""
    if _missing(value):
        return DASH
    assert value is not None
    return _fixed(round(float(value)), 0, lang)


def format_percent(share: float | None, lang: str, digits: int | None = None) -> str:
    """A share (0..1) as a percentage: ``34 %`` in Dutch, ``34%`` in English.

    With *digits* ``None`` a whole percent, or one decimal for a share below 1 % that is not
    zero (``0,4 %`` says more than ``0 %``).
    """
    if _missing(share):
        return DASH
    assert share is not None
    value = float(share) * 100
    _, _, gap = _style(lang)
    if digits is None:
        if 0 < abs(value) < 0.05:
            return f"< {_fixed(0.1, 1, lang)}{gap}%"
        digits = 1 if 0 < abs(value) < 0.95 else 0
    return f"{_fixed(value, digits, lang)}{gap}%"


def format_year(value: float | None, lang: str = "en") -> str:
    """A year as a year: ``1990`` (rounded, no thousands separator)."""
    if _missing(value):
        return DASH
    assert value is not None
    return _fixed(round(float(value)), 0, lang, group=False)


def format_p(value: float | None, lang: str, symbol: str = "p") -> str:
    """Significance as people report it: ``p < 0,001``, ``p = 0,012``, ``p = 0,34``.

    With an empty *symbol* (a table column headed "q"): ``< 0,001``, ``0,012``.
    """
    if _missing(value):
        return ""
    assert value is not None
    if value < P_FLOOR:
        return f"{symbol} < {_fixed(P_FLOOR, 3, lang)}".lstrip()
    digits = 3 if value < 0.01 else 2
    text = _fixed(value, digits, lang)
    return f"{symbol} = {text}" if symbol else text


def format_signed(value: float | None, lang: str, digits: int = 2) -> str:
    """A difference with its sign: ``+0,45`` / ``-0,45``."""
    if _missing(value):
        return DASH
    assert value is not None
    text = _fixed(abs(float(value)), digits, lang)
    if text.strip("0.,") == "":
        return text
    return ("+" if value > 0 else "-") + text


_YEAR_WORD = re.compile(r"(?:jaar|jaartal|year|yr|anno)$")
_RATE_WORDS = {"per", "a", "each", "elk", "ieder", "pro"}


def is_year_variable(name: str | None, values: Iterable[float | None] = ()) -> bool:
    """Whether the column *name* holds calendar years (``bouwjaar``, ``birth_year``).

    A word ending in *jaar*/*year* marks a year, unless it is a rate (``kosten_per_jaar``);
    ``looptijd_jaren`` and ``years_active`` are durations, not years. The *values* seen must
    also lie in :data:`YEAR_RANGE`, so ``omzet_jaar`` of 25,000 is not taken for a year.
    """
    if not name:
        return False
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    words = [w for w in re.split(r"[^0-9a-zA-Z\u00C0-\u024F]+", spaced.lower()) if w]
    hinted = any(_YEAR_WORD.search(w) and (i == 0 or words[i - 1] not in _RATE_WORDS)
                 for i, w in enumerate(words))
    if not hinted:
        return False
    low, high = YEAR_RANGE
    return all(low <= v <= high for v in values if v is not None and math.isfinite(v))


_E_NOTATION = re.compile(r"\d[eE][+-]?\d")


def has_e_notation(text: str) -> bool:
    """True when *text* shows a number in e-notation (``1.99e+03``, ``2.7E-165``)."""
    return bool(_E_NOTATION.search(text))


def jinja_filters(default_lang: Callable[[Any], str]) -> dict[str, Callable[..., str]]:
    """Filters for a Jinja environment: ``{{ x|number }}``, ``|integer``, ``|percent``,
    ``|year``, ``|pvalue``, ``|signed``; each reads the template's ``lang``.

    *default_lang* gets the Jinja context and returns its language; the filters are
    context filters so a template never has to pass the language by hand. (``integer``,
    not ``count``: Jinja's own ``count`` is the length of a list.)
    """
    from jinja2 import pass_context

    def make(function: Callable[..., str]) -> Callable[..., str]:
        @pass_context
        def run(context: Any, value: Any, *args: Any, **kwargs: Any) -> str:
            return function(value, default_lang(context), *args, **kwargs)

        return run

    return {"number": make(format_number), "integer": make(format_count),
            "percent": make(format_percent), "year": make(format_year),
            "pvalue": make(format_p), "signed": make(format_signed)}
