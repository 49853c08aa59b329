"""Small server-side SVG charts: no script, no external file, readable when printed."""

from __future__ import annotations

from html import escape

from personakit.i18n import format_number, format_percent
from personakit.model import Evidence

PROFILE, REST, WHISKER = "#1f4e79", "#8a99a8", "#111111"


def number(value: float | None, lang: str, share: bool) -> str:
    """``38 %`` / ``38%`` for a share, ``4,2`` / ``4.2`` for an average."""
    if share:
        return format_percent(value, lang)
    return format_number(value, lang, 1 if value is None or abs(value) < 1000 else 0)


def is_share(evidence: Evidence) -> bool:
    return evidence.level is not None or (
        evidence.lift is not None and 0 <= (evidence.profile_value or 0) <= 1)


def evidence_svg(evidence: Evidence, labels: tuple[str, str], lang: str) -> str:
    """Profile against the rest, with the profile's 95 % interval as a whisker."""
    if evidence.profile_value is None or evidence.rest_value is None:
        return ""
    share = is_share(evidence)
    top = 1.0 if share else max(evidence.profile_value, evidence.rest_value,
                                evidence.ci_high or 0, 1e-9) * 1.1
    width, label_w, bar_w = 420, 120, 220

    def x(value: float) -> float:
        return label_w + bar_w * max(min(value / top, 1.0), 0.0)

    rows = [(labels[0], evidence.profile_value, PROFILE), (labels[1], evidence.rest_value, REST)]
    # The profile's value is printed past its interval's whisker, so the two never overlap.
    ends = [max(x(evidence.profile_value), x(evidence.ci_high or 0)), x(evidence.rest_value)]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 64" '
             f'class="evidence-chart" role="img" aria-label="{escape(labels[0])}: '
             f'{escape(number(evidence.profile_value, lang, share))}, {escape(labels[1])}: '
             f'{escape(number(evidence.rest_value, lang, share))}">']
    for i, (label, value, colour) in enumerate(rows):
        y = 8 + i * 26
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" font-size="12" '
            f'fill="#111">{escape(label[:18])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{x(value) - label_w:.1f}" height="18" '
            f'fill="{colour}" rx="2"/>'
            f'<text x="{ends[i] + 6:.1f}" y="{y + 13}" font-size="12" fill="#111">'
            f'{escape(number(value, lang, share))}</text>')
    if evidence.ci_low is not None and evidence.ci_high is not None:
        lo, hi = x(evidence.ci_low), x(evidence.ci_high)
        parts.append(f'<path d="M{lo:.1f} 17 H{hi:.1f} M{lo:.1f} 12 V22 M{hi:.1f} 12 V22" '
                     f'stroke="{WHISKER}" stroke-width="1.5" fill="none"/>')
    return "".join(parts) + "</svg>"


def share_bar_svg(share: float, label: str) -> str:
    """A persona's share of the target group as one bar (gallery cards)."""
    width = 200
    filled = width * max(min(share, 1.0), 0.0)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 10" '
            f'class="share-bar" role="img" aria-label="{escape(label)}">'
            f'<rect width="{width}" height="10" fill="#d9e1e8" rx="3"/>'
            f'<rect width="{filled:.1f}" height="10" fill="{PROFILE}" rx="3"/></svg>')
