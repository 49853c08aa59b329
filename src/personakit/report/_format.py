"""Numbers and evidence as text, in the report's language (``personakit.i18n`` formats).

Every figure a report, slide, poster or web page shows goes through here or through the
number filters (:func:`personakit.i18n._numbers.jinja_filters`), so a reader sees ``34 %``,
``4,2`` and ``p < 0,001`` in Dutch, never ``0.34`` or ``2.7e-165`` (issue 10, point 6).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from personakit.i18n import (
    format_count,
    format_number,
    format_p,
    format_percent,
    format_year,
    is_year_variable,
    t,
)
from personakit.model import Evidence


def number(value: float | None, lang: str, digits: int | None = 1) -> str:
    return format_number(value, lang, digits)


def percent(value: float | None, lang: str) -> str:
    return format_percent(value, lang)


def show(value: float | None, lang: str, share: bool, year: bool = False) -> str:
    """A share as a percentage, a year as a year, a mean with one decimal."""
    if share:
        return percent(value, lang)
    return format_year(value, lang) if year else number(value, lang, 1)


def is_share(evidence: Evidence) -> bool:
    """A share (0..1 of members having a level, or of texts in a theme) rather than a mean."""
    return (evidence.level is not None and evidence.effect is not None) or (
        evidence.variable or "").startswith("theme:")


def is_year(evidence: Evidence) -> bool:
    """A mean of a column of calendar years (``bouwjaar``): shown as ``1990``."""
    return not is_share(evidence) and is_year_variable(
        evidence.variable, (evidence.profile_value, evidence.rest_value))


def figure(value: float | None, evidence: Evidence, lang: str) -> str:
    """One of *evidence*'s values (its profile or rest value, an interval end) for people."""
    return show(value, lang, is_share(evidence), is_year(evidence))


def q_text(q: float | None, lang: str) -> str:
    return format_p(q, lang, symbol="q")


def evidence_text(evidence: Evidence, lang: str) -> str:
    """One line a reader can check: figures, interval, significance and n; or the quote."""
    if evidence.kind == "quote":
        return t("report.evidence.quote", lang, text=evidence.text or "",
                 source=evidence.source or "?", date=evidence.date or "")
    if evidence.kind == "insight":
        return t("report.evidence.insight", lang, text=evidence.text or "",
                 author=evidence.author or "?", source=evidence.source or "")
    parts = [t("report.evidence.values", lang, variable=_subject(evidence, lang),
               profile=figure(evidence.profile_value, evidence, lang),
               rest=figure(evidence.rest_value, evidence, lang))]
    if evidence.lift is not None and is_share(evidence):
        parts.append(t("report.evidence.lift", lang, lift=number(evidence.lift, lang, 2)))
    if evidence.effect is not None:
        parts.append(t("report.evidence.effect", lang, effect=number(evidence.effect, lang, 2)))
    if evidence.ci_low is not None and evidence.ci_high is not None:
        parts.append(t("report.evidence.ci", lang, low=figure(evidence.ci_low, evidence, lang),
                       high=figure(evidence.ci_high, evidence, lang)))
    if evidence.q_value is not None:
        parts.append(q_text(evidence.q_value, lang))
    if evidence.n is not None:
        parts.append(f"n = {format_count(evidence.n, lang)}")
    return "; ".join(parts)


def _subject(evidence: Evidence, lang: str = "en") -> str:
    # The variable's label in the report language, not the column name (issue 10).
    variable = evidence.label.get(lang) or evidence.variable or "?"
    return f"{variable} = {evidence.level}" if evidence.level is not None else variable


def jinja_filters(default_lang: Callable[[Any], str]) -> dict[str, Callable[..., str]]:
    """The number filters plus ``{{ value|figure(evidence) }}`` (a share, year or mean)."""
    from jinja2 import pass_context

    from personakit.i18n._numbers import jinja_filters as number_filters

    @pass_context
    def figure_filter(context: Any, value: float | None, evidence: Evidence) -> str:
        return figure(value, evidence, default_lang(context))

    return {**number_filters(default_lang), "figure": figure_filter}


def evidence_short(evidence: Evidence, lang: str) -> str:
    """A footnote that fits a slide: the two figures, q and n (the statement says the rest)."""
    if evidence.kind == "quote":
        return t("format.evidence.quote_short", lang, source=evidence.source or "?",
                 date=evidence.date or "").rstrip(", ")
    if evidence.kind == "insight":
        return t("format.evidence.insight_short", lang, author=evidence.author or "?")
    parts = [t("format.evidence.short", lang,
               profile=figure(evidence.profile_value, evidence, lang),
               rest=figure(evidence.rest_value, evidence, lang))]
    if evidence.q_value is not None:
        parts.append(q_text(evidence.q_value, lang))
    if evidence.n is not None:
        parts.append(f"n = {format_count(evidence.n, lang)}")
    return "; ".join(parts)
