"""KPI trend charts (issue 13): one KPI, one line per persona over the periods, as SVG.

Compute → structure → render, as the other charts: :func:`trend_chart` turns a
:class:`personakit.steer.KpiTrends` into a format-neutral :class:`TrendChart`;
:func:`trend_svg` draws it (no script, no external file, readable when printed). Points
that rest on too few customers are gaps in the line, not zeros. The band around the line
of the chosen persona is its 95 % interval.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from personakit.i18n import format_number, format_percent, t

if TYPE_CHECKING:
    from personakit.steer import KpiTrends

# Colour-blind-safe palette (Okabe-Ito), then greys; "everyone" is drawn dashed in black.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#666666", "#999999")
EVERYONE = "#222222"


class TrendPoint(BaseModel):
    period: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    text: str = ""


class TrendLine(BaseModel):
    persona_id: str
    name: str
    colour: str
    points: list[TrendPoint] = Field(default_factory=list)
    everyone: bool = False


class TrendChart(BaseModel):
    """One KPI's lines; values are in display units (percent for rates)."""

    kpi: str
    title: str
    unit: str = ""
    periods: list[str]
    lines: list[TrendLine]
    highlight: str | None = None


def kpi_title(label: str, kind: str) -> str:
    """A KPI's label as a heading: "NPS" for a recommendation score, else capitalised."""
    if kind == "nps" and len(label) <= 4:
        return "NPS"
    return label[:1].upper() + label[1:]


def _display(value: float | None, kind: str) -> float | None:
    return None if value is None else value * 100 if kind == "rate" else value


def _text(value: float | None, kind: str, lang: str) -> str:
    if value is None:
        return ""
    if kind == "rate":
        return format_percent(value, lang, 1)
    return format_number(value, lang, 0 if kind == "nps" or abs(value) >= 1000 else 2)


def trend_chart(trends: KpiTrends, kpi: str, lang: str, *,
                persona_id: str | None = None, everyone: bool = True,
                others: bool = False) -> TrendChart:
    """The chart of *kpi*: every persona, or *persona_id* highlighted with its interval
    (beside the other personas, faded, when *others*), with everyone dashed."""
    info = trends.kpi(kpi)
    lines = []
    colours = iter(PALETTE)
    for series in trends.series:
        if series.kpi != kpi:
            continue
        is_all = series.persona_id == "*"
        if is_all and not everyone:
            continue
        if (persona_id is not None and not others and not is_all
                and series.persona_id != persona_id):
            continue
        colour = EVERYONE if is_all else next(colours, PALETTE[-1])
        name = t("steer.kpi.everyone", lang) if is_all else series.name
        points = [TrendPoint(period=p.period, value=_display(p.value, info.kind),
                             low=_display(p.low, info.kind), high=_display(p.high, info.kind),
                             text=_text(p.value, info.kind, lang)) for p in series.points]
        lines.append(TrendLine(persona_id=series.persona_id, name=name, colour=colour,
                               points=points, everyone=is_all))
    unit = "%" if info.kind == "rate" else ""
    return TrendChart(kpi=kpi, title=kpi_title(info.label.get(lang) or kpi, info.kind), unit=unit,
                      periods=trends.periods, lines=lines, highlight=persona_id)


def _scale(chart: TrendChart) -> tuple[float, float]:
    values = [v for line in chart.lines for p in line.points
              for v in (p.value, p.low if line.persona_id == chart.highlight else None,
                        p.high if line.persona_id == chart.highlight else None)
              if v is not None]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.05 or 1.0
    return low - pad, high + pad


def _path(xs: list[float], ys: list[float | None]) -> str:
    """An SVG path that breaks where a value is missing."""
    parts, pen_down = [], False
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
        pen_down = True
    return " ".join(parts)


def trend_svg(chart: TrendChart, lang: str, *, width: int = 640, height: int = 260) -> str:
    """The chart as inline SVG: axes, one line per persona, the highlighted one's band."""
    left, right, top, legend = 56, 30, 14, 18 * ((len(chart.lines) + 1) // 2) + 8
    bottom = 26
    plot_h = height - top - bottom
    full_h = height + legend
    periods = chart.periods or [""]
    step = (width - left - right) / max(len(periods) - 1, 1)
    xs = [left + i * step for i in range(len(periods))]
    low, high = _scale(chart)

    def y_of(value: float | None) -> float | None:
        return None if value is None else top + plot_h * (1 - (value - low) / (high - low))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {full_h}" '
             f'class="chart trend" role="img" aria-label="{escape(chart.title)}">']
    for i in range(5):  # gridlines with their values
        value = low + (high - low) * i / 4
        y = y_of(value)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e3e7eb"/><text x="{left - 6}" y="{(y or 0) + 4:.1f}" '
                     f'text-anchor="end" font-size="10" fill="#555">'
                     f'{escape(format_number(value, lang, 1) + chart.unit)}</text>')
    every = max(1, len(periods) // 8)
    for i, period in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            parts.append(f'<text x="{xs[i]:.1f}" y="{height - 8}" text-anchor="middle" '
                         f'font-size="10" fill="#555">{escape(period)}</text>')
    for line in chart.lines:
        by_period = {p.period: p for p in line.points}
        values = [by_period[p].value if p in by_period else None for p in periods]
        if line.persona_id == chart.highlight:
            parts.append(_band(xs, periods, by_period, y_of, line.colour))
        dash = ' stroke-dasharray="5 4"' if line.everyone else ""
        width_px = 3 if line.persona_id == chart.highlight else 2
        if chart.highlight and line.persona_id != chart.highlight and not line.everyone:
            dash += ' stroke-opacity="0.3"'  # the others stay as context
        parts.append(f'<path d="{_path(xs, [y_of(v) for v in values])}" fill="none" '
                     f'stroke="{line.colour}" stroke-width="{width_px}"{dash}>'
                     f'<title>{escape(line.name)}</title></path>')
        for x, shown, period in zip(xs, values, periods, strict=True):
            dot = y_of(shown)
            if dot is not None:
                parts.append(f'<circle cx="{x:.1f}" cy="{dot:.1f}" r="2.5" fill="{line.colour}">'
                             f'<title>{escape(line.name)} {escape(period)}: '
                             f'{escape(by_period[period].text)}</title></circle>')
    for i, line in enumerate(chart.lines):
        x = left + (i % 2) * (width - left) / 2
        y = height + 4 + 18 * (i // 2)
        dash = ' stroke-dasharray="5 4"' if line.everyone else ""
        parts.append(f'<line x1="{x:.1f}" x2="{x + 18:.1f}" y1="{y + 6}" y2="{y + 6}" '
                     f'stroke="{line.colour}" stroke-width="3"{dash}/>'
                     f'<text x="{x + 24:.1f}" y="{y + 10}" font-size="11" fill="#222">'
                     f'{escape(line.name)}</text>')
    return "".join(parts) + "</svg>"


def _band(xs: list[float], periods: list[str], by_period: dict[str, TrendPoint],
          y_of: object, colour: str) -> str:
    assert callable(y_of)
    upper, lower = [], []
    for x, period in zip(xs, periods, strict=True):
        point = by_period.get(period)
        if point is None or point.low is None or point.high is None:
            continue
        upper.append(f"{x:.1f},{y_of(point.high):.1f}")
        lower.append(f"{x:.1f},{y_of(point.low):.1f}")
    if len(upper) < 2:
        return ""
    return (f'<polygon points="{" ".join(upper + lower[::-1])}" fill="{colour}" '
            f'fill-opacity="0.15" stroke="none"/>')
