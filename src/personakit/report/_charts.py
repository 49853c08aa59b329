"""Inline SVG charts: no scripts, no external files, readable in print."""

from __future__ import annotations

from html import escape

from personakit.report._tree import Chart

PROFILE_COLOUR, REST_COLOUR = "#2f5d8a", "#b8c4cf"


def chart_svg(chart: Chart) -> str:
    """Paired bars: the profile against the rest, one row per difference.

    Each row has its own scale (a share and an average of euros cannot share an axis); the
    values are printed at the bars so nothing has to be read off an axis.
    """
    row, top, width, label_w = 34, 8, 640, 250
    height = top + row * len(chart.bars) + 24
    bar_w = width - label_w - 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'class="chart" role="img" aria-label="{escape(chart.title)}">']
    for i, bar in enumerate(chart.bars):
        y = top + i * row
        scale = max(bar.profile, bar.rest, 1e-9)
        p_len, r_len = bar_w * bar.profile / scale, bar_w * bar.rest / scale
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#222">{escape(_short(bar.label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{p_len:.1f}" height="12" '
            f'fill="{PROFILE_COLOUR}" rx="2"/>'
            f'<text x="{label_w + p_len + 4:.1f}" y="{y + 13}" font-size="11" '
            f'fill="#222">{escape(bar.profile_text)}</text>'
            f'<rect x="{label_w}" y="{y + 17}" width="{r_len:.1f}" height="9" '
            f'fill="{REST_COLOUR}" rx="2"/>'
            f'<text x="{label_w + r_len + 4:.1f}" y="{y + 25}" font-size="10" '
            f'fill="#555">{escape(bar.rest_text)}</text>'
        )
    legend_y = top + row * len(chart.bars) + 12
    parts.append(
        f'<rect x="{label_w}" y="{legend_y - 9}" width="10" height="10" fill="{PROFILE_COLOUR}"/>'
        f'<text x="{label_w + 14}" y="{legend_y}" font-size="11">{escape(chart.series[0])}</text>'
        f'<rect x="{label_w + 160}" y="{legend_y - 9}" width="10" height="10" '
        f'fill="{REST_COLOUR}"/><text x="{label_w + 174}" y="{legend_y}" font-size="11">'
        f'{escape(chart.series[1])}</text></svg>'
    )
    return "".join(parts)


def share_svg(chart: Chart) -> str:
    """Horizontal bars of each persona's share of the target group."""
    row, width, label_w = 28, 640, 200
    height = row * len(chart.bars) + 8
    bar_w = width - label_w - 80
    biggest = max((b.profile for b in chart.bars), default=1) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'class="chart" role="img" aria-label="{escape(chart.title)}">']
    for i, bar in enumerate(chart.bars):
        y = i * row + 4
        length = bar_w * bar.profile / biggest
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" font-size="12">'
            f'{escape(_short(bar.label))}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="16" rx="3" '
            f'fill="{PROFILE_COLOUR}"/><text x="{label_w + length + 5:.1f}" y="{y + 15}" '
            f'font-size="12">{escape(bar.profile_text)}</text>'
        )
    return "".join(parts) + "</svg>"


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
