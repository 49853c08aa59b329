"""The journey map drawn (issue 12, point 4): inline SVG for the report and the web app, and
the A3 landscape poster (WeasyPrint) of it.

The SVG has no script and no style attribute (the web app's CSP allows neither), only
presentation attributes; it is readable when printed, uses the colour-blind-safe colours of
:mod:`._trends` (Okabe-Ito blue for the curve, vermillion for the biggest drop-off) and tells
every mark by its shape too (a warning triangle, dashed assumptions). Text is wrapped with
DejaVu Sans metrics, wider than the fonts a browser falls back to, so it never runs out of
its box; what is longer than its lines ends in an ellipsis (the full text is in the report
and the web app beside the map).
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from personakit.i18n import format_percent, t
from personakit.report._journeymap import (
    ENTRY_FIELDS,
    JourneyMap,
    MapEntry,
    MapRow,
    MixItem,
    second_line,
    stages_shown,
)
from personakit.report._trends import PALETTE

if TYPE_CHECKING:
    from personakit.report._registry import ReportContext

CURVE, DROP, EVERYONE_INK = "#0072B2", "#D55E00", "#555555"
CURVE_DARK, DROP_DARK = "#0b4f8a", "#a33f00"  # text in the curve's and drop's hue, AA on white
INK, MUTED, WARN, LINE = "#1f2a33", "#5b6770", "#8a4b00", "#d9e0e6"
STAGE_TINTS = ("#e3eef7", "#eef3f8")
ROW_TINTS = ("#ffffff", "#f6f8fa")
AREA, DROP_TINT = "#d6e6f2", "#fbe9e0"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


# ---- render: SVG ----------------------------------------------------------------------------

@cache
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    from personakit.report._textfit import FONT_DIRS

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in (*FONT_DIRS, "/usr/share/fonts"):
        if Path(folder).is_dir():
            found = next(iter(Path(folder).rglob(name)), None)
            if found is not None:
                return ImageFont.truetype(str(found), 100)
    return None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in SVG units, measured with DejaVu Sans: wider than the fonts a browser falls
    back to (Verdana aside, which is as wide), so wrapped text never runs out of its box."""
    font = _font(bold)
    if font is None:
        return len(text) * size * 0.62
    return float(font.getlength(text)) * size / 100


def wrap_lines(text: str, width: float, size: float, bold: bool = False,
               max_lines: int = 2) -> list[str]:
    """*text* wrapped to *width*; beyond *max_lines* the last line ends in an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, size, bold) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    for i, line in enumerate(lines):
        while text_width(line, size, bold) > width and len(line) > 1:
            line = line[:-2].rstrip() + "…"
        lines[i] = line
    return lines


def _t(x: float, y: float, text: str, size: float, *, fill: str = INK, bold: bool = False,
       anchor: str = "start", italic: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    style = ' font-style="italic"' if italic else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}"{weight}{style} '
            f'text-anchor="{anchor}">{escape(text)}</text>')


def _block(x: float, y: float, lines: list[str], size: float, leading: float, **kw: Any) -> str:
    return "".join(_t(x, y + i * leading, line, size, **kw) for i, line in enumerate(lines))


class _Grid:
    """Column geometry shared by the map and the single-persona journey."""

    def __init__(self, jmap: JourneyMap, width: float, left: float) -> None:
        self.map, self.width, self.left = jmap, width, left
        self.col = (width - left - 8) / max(len(jmap.touchpoints), 1)

    def x(self, i: int) -> float:
        return self.left + i * self.col

    def cx(self, i: int) -> float:
        return self.x(i) + self.col / 2

    def header(self, size: float = 13) -> tuple[str, float]:
        parts = []
        top = 0.0
        if stages_shown(self.map):
            top = 34.0
            for k, stage in enumerate(self.map.stages):
                x0, span = self.x(stage.first), self.col * stage.count
                parts.append(f'<rect x="{x0 + 1:.1f}" y="0" width="{span - 2:.1f}" '
                             f'height="30" rx="4" fill="{STAGE_TINTS[k % 2]}"/>')
                label = wrap_lines(stage.label, span - 12, size + 1, True, 1)
                parts.append(_block(x0 + span / 2, 20, label, size + 1, 0, bold=True,
                                    anchor="middle", fill=CURVE_DARK))
        labels = [wrap_lines(tp.label, self.col - 12, size, True, 2)
                  for tp in self.map.touchpoints]
        used = max((len(lines) for lines in labels), default=1)
        for i, (tp, lines) in enumerate(zip(self.map.touchpoints, labels, strict=True)):
            parts.append(_block(self.cx(i), top + 16, lines, size, size + 3, bold=True,
                                anchor="middle"))
            parts.append(_t(self.cx(i), top + 18 + used * (size + 3), tp.channel, size - 2,
                            fill=MUTED, anchor="middle"))
        return "".join(parts), top + 26 + used * (size + 3)

    def stage_lines(self, top: float, bottom: float) -> str:
        return "".join(f'<line x1="{self.x(s.first):.1f}" x2="{self.x(s.first):.1f}" '
                       f'y1="{top:.1f}" y2="{bottom:.1f}" stroke="{LINE}"/>'
                       for s in self.map.stages[1:])



def _points(grid: _Grid, values: list[float | None], top: float, height: float,
            only: tuple[int, ...] | None = None) -> list[tuple[float, float]]:
    """(x, y) of each value that is there (of the indexes *only*, if given)."""
    return [(grid.cx(i), top + (1 - v) * height) for i, v in enumerate(values)
            if v is not None and (only is None or i in only)]


def _polyline(points: list[tuple[float, float]], colour: str, width: float,
              dash: str = "") -> str:
    if len(points) < 2:
        return ""
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (f'<polyline points="{coords}" fill="none" stroke="{colour}" '
            f'stroke-width="{width}" stroke-linejoin="round"{dashes}/>')


def _curve(grid: _Grid, row: MapRow, top: float, height: float, everyone: bool) -> str:
    """The row's drop-off curve: area, the everyone line dashed, the persona's line, its
    points, and the biggest drop-off thick in vermillion with a warning mark."""
    mine = _points(grid, row.curve, top, height)
    parts = [f'<line x1="{grid.x(0):.1f}" x2="{grid.x(len(row.cells)):.1f}" '
             f'y1="{top + height:.1f}" y2="{top + height:.1f}" stroke="{LINE}"/>']
    if len(mine) >= 2:
        area = [(mine[0][0], top + height), *mine, (mine[-1][0], top + height)]
        parts.append(f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in area)}" '
                     f'fill="{AREA}" stroke="none"/>')
    if everyone:
        parts.append(_polyline(_points(grid, grid.map.everyone, top, height), EVERYONE_INK,
                               1.5, "5 4"))
    parts.append(_polyline(mine, CURVE, 2.5))
    ids = [c.touchpoint for c in row.cells]
    if row.action is not None and {row.action.from_touchpoint, row.action.to_touchpoint} <= \
            set(ids):
        ends = (ids.index(row.action.from_touchpoint), ids.index(row.action.to_touchpoint))
        segment = _points(grid, row.curve, top, height, ends)
        if len(segment) == 2:
            parts.append(_polyline(segment, DROP, 5) + _warning(*segment[1]))
    for (x, y), cell in zip(mine, [c for c in row.cells if c.share is not None], strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{CURVE}">'
                     f'<title>{escape(row.name)}: {escape(cell.share_text)}</title></circle>')
    return "".join(parts)


def _warning(x: float, y: float) -> str:
    """A triangle with an exclamation mark: the drop-off is marked by shape, not colour only."""
    return (f'<path d="M{x:.1f},{y - 19:.1f} L{x + 10:.1f},{y - 3:.1f} L{x - 10:.1f},'
            f'{y - 3:.1f} Z" fill="{DROP}" stroke="#ffffff" stroke-width="1"/>'
            + _t(x, y - 5.5, "!", 11, fill="#ffffff", bold=True, anchor="middle"))


def _numbers(grid: _Grid, row: MapRow, top: float, big: float, lang: str,
             detail: bool = False) -> str:
    parts = []
    for i, (cell, tp) in enumerate(zip(row.cells, grid.map.touchpoints, strict=True)):
        x = grid.cx(i)
        if cell.share is None:
            key = "report.journey.hidden" if tp.measured else "report.journey.not_measured"
            parts.append(_t(x, top + big, "–", big, fill=MUTED, anchor="middle"))
            parts.append(_t(x, top + big + 15, t(key, lang), 10.5, fill=MUTED, anchor="middle"))
            continue
        colour = DROP_DARK if cell.drop else INK
        parts.append(_t(x, top + big, cell.share_text, big, bold=True, fill=colour,
                        anchor="middle"))
        parts.append(_t(x, top + big + 16, second_line(row, i, lang), 11.5, fill=colour,
                        anchor="middle"))
        if detail:
            extra = [s for s in (cell.interval_text, cell.time_text) if s]
            for k, text in enumerate(extra):
                lines = wrap_lines(text, grid.col - 10, 11, max_lines=1)
                parts.append(_block(x, top + big + 32 + 15 * k, lines, 11, 0, fill=MUTED,
                                    anchor="middle"))
    return "".join(parts)


def _has_barrier(row: MapRow) -> bool:
    return any(c.entry and c.entry.barrier for c in row.cells)


def _barriers(grid: _Grid, row: MapRow, top: float, max_lines: int) -> str:
    """Per touchpoint the persona's barrier, an assumption dashed."""
    parts = []
    for i, cell in enumerate(row.cells):
        entry = cell.entry
        text = entry.barrier if entry else ""
        if not entry or not text:
            continue
        lines = wrap_lines(text, grid.col - 18, 11, max_lines=max_lines)
        colour = WARN if entry.assumption else INK
        if entry.assumption:
            parts.append(f'<rect x="{grid.x(i) + 4:.1f}" y="{top:.1f}" '
                         f'width="{grid.col - 8:.1f}" height="{8 + 14 * len(lines):.1f}" rx="3" '
                         f'fill="none" stroke="{WARN}" stroke-dasharray="3 3"/>')
        parts.append(_block(grid.x(i) + 9, top + 14, lines, 11, 14, fill=colour,
                            italic=entry.assumption))
    return "".join(parts)


def _action_strip(x: float, width: float, y: float, row: MapRow, lang: str, size: float,
                  max_lines: int) -> tuple[str, float]:
    if row.action is None:
        return "", 0.0
    label = t("report.journey.where_title", lang)
    label_w = text_width(label, size, True) + 12
    lines = wrap_lines(row.action.line, width - label_w - 16, size, max_lines=max_lines)
    height = 10 + (size + 4) * len(lines)
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" rx="4" '
            f'fill="{DROP_TINT}"/><rect x="{x:.1f}" y="{y:.1f}" width="4" '
            f'height="{height:.1f}" fill="{DROP}"/>'
            + _t(x + 10, y + size + 4, label, size, bold=True, fill=DROP_DARK)
            + _block(x + 10 + label_w, y + size + 4, lines, size, size + 4), height + 6)


def _legend(x: float, y: float, lang: str, everyone: bool,
            barriers: bool = False) -> tuple[str, float]:
    items = [(_polyline([(x, y), (x + 26, y)], CURVE, 2.5), "report.journey.legend.curve")]
    if everyone:
        items.append((_polyline([(x, y), (x + 26, y)], EVERYONE_INK, 1.5, "5 4"),
                      "report.journey.legend.everyone"))
    items += [(_polyline([(x, y), (x + 26, y)], DROP, 5), "report.journey.legend.drop"),
              (f'<rect x="{x}" y="{y - 7}" width="26" height="14" rx="3" fill="none" '
               f'stroke="{WARN}" stroke-dasharray="3 3"/>', "report.journey.legend.assumption")]
    if barriers:
        items.append(("", "report.journey.legend.barrier"))
    parts, cursor = [], 0.0
    for mark, key in items:
        label = t(key, lang)
        shift = 32 if mark else 0
        parts.append(f'<g transform="translate({cursor:.1f},0)">{mark}</g>'
                     + _t(x + cursor + shift, y + 4, label, 11, fill=MUTED))
        cursor += shift + 14 + text_width(label, 11)
    return "".join(parts), 22.0


def _svg(width: float, height: float, body: str, label: str, css: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'class="journey-map {css}" role="img" aria-label="{escape(label)}" '
            f'font-family="{FONT}">{body}</svg>')


def _row_name(row: MapRow, y: float, width: float, link: str | None) -> str:
    lines = wrap_lines(row.name, width - 16, 15, True, 2)
    name = _block(10, y + 22, lines, 15, 18, bold=True)
    if link is not None:
        name = f'<a href="{escape(link + row.persona_id)}">{name}</a>'
    return name + _t(10, y + 26 + 18 * len(lines), row.sessions_text, 11.5, fill=MUTED)


def map_svg(jmap: JourneyMap, lang: str, *, link: str | None = None,
            dense: bool = False) -> str:
    """All personas: stages across, personas down, one curve per row. *dense* (posters of
    many personas) is wider, with a flatter curve and one line per barrier and action."""
    width, name_w = (1700.0 if dense else 1400.0), 200.0
    curve_h, lines = (36.0, 1) if dense else (52.0, 2)
    grid = _Grid(jmap, width, name_w)
    head, y = grid.header()
    has_everyone = any(v is not None for v in jmap.everyone)
    body = [head]
    for k, row in enumerate(jmap.rows):
        curve_top = y + 52
        barriers = 12.0 + 17 * lines if _has_barrier(row) else 12.0
        strip, strip_h = _action_strip(name_w, width - name_w - 8, curve_top + curve_h
                                       + barriers, row, lang, 12, lines + 1)
        height = max(52 + curve_h + barriers + strip_h + 4, 100.0 if dense else 120.0)
        body.append(f'<rect x="0" y="{y:.1f}" width="{width:.0f}" height="{height:.1f}" '
                    f'fill="{ROW_TINTS[k % 2]}"/>')
        body.append(grid.stage_lines(y, curve_top + curve_h))
        body.append(_row_name(row, y, name_w, link))
        body.append(_numbers(grid, row, y + 6, 21, lang))
        body.append(_curve(grid, row, curve_top, curve_h, has_everyone))
        body.append(_barriers(grid, row, curve_top + curve_h + 6, lines))
        body.append(strip)
        y += height
        body.append(f'<line x1="0" x2="{width:.0f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>')
    legend, legend_h = _legend(name_w, y + 20, lang, has_everyone,
                               any(_has_barrier(r) for r in jmap.rows))
    body.append(legend)
    return _svg(width, y + 20 + legend_h, "".join(body), jmap.title, "all")


def _entry_column(entry: MapEntry, x: float, y: float, width: float, lang: str,
                  size: float) -> tuple[str, float]:
    parts, cursor = [], y + 6
    for field in ENTRY_FIELDS:
        text = getattr(entry, field)
        if not text:
            continue
        parts.append(_t(x + 8, cursor + 10, t(f"report.journey.field.{field}", lang), 10,
                        fill=MUTED, bold=True))
        lines = wrap_lines(text, width - 16, size, max_lines=4)
        parts.append(_block(x + 8, cursor + 12 + size, lines, size, size + 3,
                            fill=WARN if entry.assumption else INK))
        cursor += 18 + (size + 3) * len(lines)
    if entry.assumption:
        parts.append(_t(x + 8, cursor + 12, t("report.journey.assumption", lang), 10,
                        fill=WARN, italic=True))
        cursor += 16
    return "".join(parts), cursor - y + 4


def _entries(grid: _Grid, row: MapRow, y: float, lang: str) -> tuple[str, float]:
    columns = [(i, _entry_column(c.entry, grid.x(i) + 3, y, grid.col - 6, lang, 12))
               for i, c in enumerate(row.cells) if c.entry]
    if not columns:
        return "", 0.0
    height = max(h for _, (_, h) in columns)
    parts = []
    for i, (body, _) in columns:
        entry = row.cells[i].entry
        dash = f' stroke="{WARN}" stroke-dasharray="3 3"' if entry and entry.assumption \
            else f' stroke="{LINE}"'
        parts.append(f'<rect x="{grid.x(i) + 3:.1f}" y="{y:.1f}" width="{grid.col - 6:.1f}" '
                     f'height="{height:.1f}" rx="4" fill="#ffffff"{dash}/>{body}')
    return "".join(parts), height + 10


def _mix_bar(items: list[MixItem], x: float, y: float, width: float, title: str) -> tuple[
        str, float]:
    if not items:
        return "", 0.0
    label_w = 120.0
    parts = [_t(x, y + 16, title, 12, bold=True)]
    cursor, bar_w = x + label_w, width - label_w
    for k, item in enumerate(items):
        share = item.share or 0.0
        colour = PALETTE[k % len(PALETTE)]
        parts.append(f'<rect x="{cursor:.1f}" y="{y:.1f}" width="{bar_w * share:.1f}" '
                     f'height="22" fill="{colour}"><title>{escape(item.label)}: '
                     f'{escape(item.text)}</title></rect>')
        cursor += bar_w * share
    legend_x = x + label_w
    for k, item in enumerate(items):
        text = f"{item.label} {item.text}"
        parts.append(f'<rect x="{legend_x:.1f}" y="{y + 30:.1f}" width="11" height="11" '
                     f'fill="{PALETTE[k % len(PALETTE)]}"/>'
                     + _t(legend_x + 15, y + 40, text, 11.5))
        legend_x += 34 + text_width(text, 11.5)
    return "".join(parts), 52.0


def persona_svg(jmap: JourneyMap, persona_id: str, lang: str) -> str:
    """One persona's journey, larger: numbers with intervals and times, the curve against
    everyone, the touchpoint entries, where to act, and the entry-point and device mix."""
    row = jmap.row(persona_id)
    if row is None:
        raise KeyError(persona_id)
    width, left = 1200.0, 56.0
    grid = _Grid(jmap, width, left)
    head, y = grid.header(14)
    has_everyone = any(v is not None for v in jmap.everyone)
    body = [head, _numbers(grid, row, y + 4, 28, lang, detail=True)]
    top, height = y + 84, 120.0
    for share in (0.0, 0.5, 1.0):
        level = top + (1 - share) * height
        body.append(f'<line x1="{left:.1f}" x2="{width - 8:.1f}" y1="{level:.1f}" '
                    f'y2="{level:.1f}" stroke="{LINE}" stroke-dasharray="2 3"/>'
                    + _t(left - 6, level + 4, format_percent(share, lang), 10.5, fill=MUTED,
                         anchor="end"))
    body.append(_curve(grid, row, top, height, has_everyone))
    y = top + height + 14
    entries, entries_h = _entries(grid, row, y, lang)
    body.append(entries)
    y += entries_h
    strip, strip_h = _action_strip(left, width - left - 8, y, row, lang, 13, 4)
    body.append(strip)
    y += strip_h + 6
    for items, key in ((row.entry_mix, "report.journey.entry_mix"),
                       (row.device_mix, "report.journey.device_mix")):
        bar, bar_h = _mix_bar(items, left, y, width - left - 8, t(key, lang))
        body.append(bar)
        y += bar_h
    body.insert(1, grid.stage_lines(top - 84, top + height))
    legend, legend_h = _legend(left, y + 14, lang, has_everyone)
    body.append(legend)
    title = t("report.journey.persona_title", lang, name=row.name)
    return _svg(width, y + 14 + legend_h, "".join(body), title, "one")


def journeymap_svg(jmap: JourneyMap, lang: str, *, persona_id: str | None = None,
                   link: str | None = None) -> str:
    """The map as inline SVG: every persona, or one persona's journey (*persona_id*).

    *link* makes each persona's name a link to ``link + persona_id`` (the web app).
    """
    if persona_id is not None:
        return persona_svg(jmap, persona_id, lang)
    return map_svg(jmap, lang, link=link)


# ---- render: the A3 landscape poster -----------------------------------------------------

POSTER_PAGES = {"A3": (420.0, 297.0, 10.0), "A4": (297.0, 210.0, 8.0)}  # mm, margin mm
POSTER_CHROME_MM = 30.0  # heading above the map and the note below it
# The smallest text of the map (10.5 units) no smaller than about 4.5 pt; below 5.7 pt the
# denser layout is used first.
MIN_TEXT_MM, COMFORTABLE_TEXT_MM = 1.6, 2.0


def svg_size(svg: str) -> tuple[float, float]:

    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def _poster_svg(jmap: JourneyMap, lang: str, size: str) -> str:
    """The map sized in mm to fill the page; denser when many personas would make the
    regular layout's text too small, an error when even that is unreadable."""
    from personakit.errors import InputError

    width, height, margin = POSTER_PAGES[size]
    for dense in (False, True):
        svg = map_svg(jmap, lang, dense=dense)
        units_w, units_h = svg_size(svg)
        scale = min((width - 2 * margin) / units_w,
                    (height - 2 * margin - POSTER_CHROME_MM) / units_h)
        if 10.5 * scale >= (MIN_TEXT_MM if dense else COMFORTABLE_TEXT_MM):
            return svg.replace("<svg ", f'<svg width="{units_w * scale:.1f}mm" '
                               f'height="{units_h * scale:.1f}mm" ', 1)
    raise InputError("report.journey.error.poster_full", size=size, personas=len(jmap.rows))


def journey_poster_html(jmap: JourneyMap, lang: str, size: str = "A3") -> str:
    """The map on one landscape page: heading, the map as large as the page allows, note."""
    from markupsafe import Markup

    from personakit.report._html import _environment, _translator

    margin = POSTER_PAGES[size][2]
    return str(_environment().get_template("journey_poster.html").render(
        jmap=jmap, svg=Markup(_poster_svg(jmap, lang, size)), lang=lang, size=size,
        margin=f"{margin}mm", _=_translator(lang)))


def render_journey_pdf(context: ReportContext, out: Path) -> Path:
    """``personakit report --format journey-pdf``: the journey map as an A3 landscape poster
    (A4 with ``--page-size A4``)."""
    from weasyprint import HTML

    from personakit.errors import WorkspaceError

    jmap = context.tree.journey
    if jmap is None:
        raise WorkspaceError("report.journey.error.none")
    size = context.page_size or "A3"
    HTML(string=journey_poster_html(jmap, context.tree.lang, size)).write_pdf(out)
    return out
