"""Numbers and evidence as text, in the report's language (decimal comma in Dutch)."""

from __future__ import annotations

from personakit.i18n import t
from personakit.model import Evidence


def number(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",")
    else:
        text = text.replace(",", "\u2009")
    return text


def percent(value: float | None, lang: str) -> str:
    return "–" if value is None else f"{number(value * 100, lang, 0)} %"


def show(value: float | None, lang: str, share: bool) -> str:
    """A share as a percentage, a mean with one decimal."""
    return percent(value, lang) if share else number(value, lang, 1)


def is_share(evidence: Evidence) -> bool:
    """A share (0..1 of members having a level) rather than a mean."""
    return evidence.level is not None and evidence.effect is not None


def q_text(q: float | None, lang: str) -> str:
    if q is None:
        return ""
    return "q < 0,001" if q < 0.001 and lang == "nl" else "q < 0.001" if q < 0.001 else (
        f"q = {number(q, lang, 3)}")


def evidence_text(evidence: Evidence, lang: str) -> str:
    """One line a reader can check: figures, interval, significance and n; or the quote."""
    if evidence.kind == "quote":
        return t("report.evidence.quote", lang, text=evidence.text or "",
                 source=evidence.source or "?", date=evidence.date or "")
    if evidence.kind == "insight":
        return t("report.evidence.insight", lang, text=evidence.text or "",
                 author=evidence.author or "?", source=evidence.source or "")
    share = is_share(evidence)
    parts = [t("report.evidence.values", lang, variable=_subject(evidence),
               profile=show(evidence.profile_value, lang, share),
               rest=show(evidence.rest_value, lang, share))]
    if evidence.lift is not None and share:
        parts.append(t("report.evidence.lift", lang, lift=number(evidence.lift, lang, 2)))
    if evidence.effect is not None:
        parts.append(t("report.evidence.effect", lang, effect=number(evidence.effect, lang, 2)))
    if evidence.ci_low is not None and evidence.ci_high is not None:
        parts.append(t("report.evidence.ci", lang, low=show(evidence.ci_low, lang, share),
                       high=show(evidence.ci_high, lang, share)))
    if evidence.q_value is not None:
        parts.append(q_text(evidence.q_value, lang))
    if evidence.n is not None:
        parts.append(f"n = {evidence.n}")
    return "; ".join(parts)


def _subject(evidence: Evidence) -> str:
    variable = evidence.variable or "?"
    return f"{variable} = {evidence.level}" if evidence.level is not None else variable
