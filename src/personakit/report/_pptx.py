"""PPTX: an overview slide, then per persona a canvas slide a marketer presents unchanged.

The persona slide is laid out as persona canvas tools do: a side panel with picture, name,
quote and factsheet; the canvas sections as cards; the evidence as numbered footnotes (the
full evidence in the speaker notes). Every text frame is measured (:mod:`._textfit`) and
set smaller until it fits; what does not fit even then moves to a continuation slide, so no
text ever runs out of its frame.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from personakit.i18n import format_count, t
from personakit.model import Persona
from personakit.report._format import evidence_short
from personakit.report._journeymap import (
    ENTRY_FIELDS,
    JourneyMap,
    MapRow,
    second_line,
    stages_shown,
)
from personakit.report._registry import ReportContext
from personakit.report._textfit import (
    FONT_NAME,
    INSET_X,
    INSET_Y,
    WIDTH_SAFETY,
    Para,
    fit,
    needed_height,
    text_width,
)
from personakit.report._tree import PersonaPage

ACCENT, INK, MUTED, WARN = (0x2F, 0x5D, 0x8A), (0x1F, 0x2A, 0x33), (0x5B, 0x67, 0x70), \
    (0xA1, 0x5C, 0x00)
PANEL, CARD = (0xE6, 0xEE, 0xF6), (0xF2, 0xF5, 0xF8)
WIDTH, HEIGHT = 13.333, 7.5
PANEL_W = 3.9
GRID_X, GRID_TOP, GRID_BOTTOM, GAP = 4.2, 0.35, 6.5, 0.15
COLUMNS = 3
NOTES_Y, NOTES_H = 6.6, 0.75
CARD_PAD = 0.06
# Cards are set from 1.3 times 10.5 pt (a sparse canvas fills the slide) down to 7.5 pt
# before a continuation slide is used.
MAX_CARD_FACTOR, MIN_CARD_FACTOR, BISECTIONS = 1.3, 0.72, 6


@dataclass
class Card:
    """One canvas card: a title and its paragraphs."""

    paras: list[Para]


def render_pptx(context: ReportContext, out: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDTH), Inches(HEIGHT)
    pictures = {p.id: _avatar_png(p) for p in context.personas}
    by_id = {p.id: p for p in context.personas}
    _overview(deck, context, pictures)
    for page in context.tree.personas:
        _persona_slides(deck, page, by_id[page.id], pictures[page.id], context.tree.lang)
    if context.tree.journey is not None:
        _journey_slides(deck, context.tree.journey, context.tree.lang)
    deck.save(str(out))
    return out


def _avatar_png(persona: Persona) -> bytes:
    from personakit.persona import avatar_png, avatar_shapes

    key = str(persona.extra.get("avatar_key", persona.id))
    return avatar_png(avatar_shapes(key, gender=persona.gender, age=persona.age), size=300)


def _blank(deck: Any) -> Any:
    return deck.slides.add_slide(deck.slide_layouts[6])


def _box(slide: Any, left: float, top: float, width: float, height: float,
         colour: tuple[int, int, int]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.oxml.ns import qn
    from pptx.util import Inches

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(top),
                                   Inches(width), Inches(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(*colour)  # type: ignore[no-untyped-call]
    shape.line.fill.background()
    # The theme style under an autoshape adds a shadow (LibreOffice draws it even with an
    # empty effect list): without the style the card is a plain tinted box.
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _text(slide: Any, left: float, top: float, width: float, height: float,
          paras: list[Para]) -> None:
    """A fixed text frame (no auto-size: the layout already made the text fit)."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches, Pt

    frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width),
                                     Inches(height)).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Inches(INSET_X)
    frame.margin_top = frame.margin_bottom = Inches(INSET_Y)
    for i, para in enumerate(paras):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_before = Pt(para.space_before)
        paragraph.line_spacing = 1.0
        if para.centred:
            paragraph.alignment = PP_ALIGN.CENTER
        runs = [(para.text, False)] + ([(" " + para.note, True)] if para.note else [])
        for text, superscript in runs:
            run = paragraph.add_run()
            run.text = text
            font = run.font
            font.name, font.size = FONT_NAME, Pt(para.size)
            font.bold, font.italic = para.bold, para.italic
            colour = ACCENT if superscript else para.colour or INK
            font.color.rgb = RGBColor(*colour)  # type: ignore[no-untyped-call]
            if superscript:
                run._r.get_or_add_rPr().set("baseline", "30000")


def _fitted(slide: Any, left: float, top: float, width: float, height: float,
            paras: list[Para], min_factor: float = 0.5) -> bool:
    """Place *paras* at the largest size that fits; False (and nothing placed) if none."""
    fitted = fit(paras, width, height, min_factor)
    if fitted is None:
        return False
    _text(slide, left, top, width, height, fitted)
    return True


def _overview(deck: Any, context: ReportContext, pictures: dict[str, bytes]) -> None:
    from pptx.util import Inches

    tree = context.tree
    slide = _blank(deck)
    _fitted(slide, 0.5, 0.3, 12.3, 1.3, [Para(tree.title, 30, bold=True, colour=ACCENT),
                                          Para(tree.subtitle, 16, colour=INK)])
    count = max(len(tree.personas), 1)
    width = min((WIDTH - 1.0) / count, 3.6)
    start = (WIDTH - width * count) / 2  # a few personas stand in the middle, not on the left
    side = min(2.2, width - 0.5)
    for i, page in enumerate(tree.personas):
        left = start + i * width
        slide.shapes.add_picture(io.BytesIO(pictures[page.id]), Inches(left + (width - side) / 2),
                                 Inches(1.8), Inches(side), Inches(side))
        people = t("report.people", tree.lang, n=format_count(page.size, tree.lang))
        _fitted(slide, left + 0.05, 1.95 + side, width - 0.1, HEIGHT - 2.3 - side, [
            Para(page.name, 20, bold=True, colour=ACCENT, centred=True),
            Para(page.title, 14, colour=INK, centred=True),
            Para(f"{page.share_text} · {people}", 13, colour=MUTED, space_before=3,
                 centred=True),
            Para(f"“{page.quote}”", 14, italic=True, space_before=8, centred=True)],
            min_factor=0.4)


def _persona_slides(deck: Any, page: PersonaPage, persona: Persona, picture: bytes,
                    lang: str) -> None:
    cards = _cards(page, lang)
    notes = _short_notes(persona, lang)
    slide = _blank(deck)
    _side_panel(slide, page, picture)
    rest = _place_cards(slide, cards, GRID_TOP)
    footnotes = [Para("   ".join(f"{n}\u00a0{text}" for n, text in notes), 8, colour=MUTED)]
    notes_fit = _fitted(slide, GRID_X, NOTES_Y, WIDTH - GRID_X - 0.3, NOTES_H, footnotes, 0.75)
    if not notes_fit:
        _text(slide, GRID_X, NOTES_Y, WIDTH - GRID_X - 0.3, 0.4,
              [Para(t("format.slide.see_evidence", lang), 9, italic=True, colour=MUTED)])
    _speaker_notes(slide, page, lang)
    while rest:
        slide = _blank(deck)
        _fitted(slide, 0.4, 0.25, WIDTH - 0.8, 0.6, [
            Para(t("format.slide.continued", lang, name=page.name), 22, bold=True,
                 colour=ACCENT)])
        rest = _place_cards(slide, rest, 1.0, left=0.4, columns=4)
    if not notes_fit:
        _evidence_slides(deck, page, notes, lang)


def _side_panel(slide: Any, page: PersonaPage, picture: bytes) -> None:
    from pptx.util import Inches

    _box(slide, 0, 0, PANEL_W, HEIGHT, PANEL)
    slide.shapes.add_picture(io.BytesIO(picture), Inches((PANEL_W - 2.0) / 2), Inches(0.35),
                             Inches(2.0), Inches(2.0))
    head = f"{page.name}, {page.age}" if page.age else page.name
    _fitted(slide, 0.3, 2.45, PANEL_W - 0.6, 1.05, [
        Para(head, 24, bold=True, colour=ACCENT), Para(page.title, 10, bold=True,
                                                       colour=MUTED, space_before=2)])
    if page.quote:
        _fitted(slide, 0.3, 3.55, PANEL_W - 0.6, 1.35,
                [Para(f"“{page.quote}”", 15, italic=True, colour=INK)], 0.55)
    facts: list[Para] = []
    for fact in page.facts:
        facts += [Para(fact.label, 8.5, bold=True, colour=MUTED, space_before=4),
                  Para(fact.value, 13, bold=True, colour=INK)]
    _fitted(slide, 0.3, 5.0, PANEL_W - 0.6, HEIGHT - 5.2, facts, 0.5)


def _cards(page: PersonaPage, lang: str) -> list[Card]:
    """The canvas sections, the gaps that say what data would fill them, approach, quotes."""
    cards = []
    for section in page.sections:
        paras = [Para(section.title, 10.5, bold=True, colour=ACCENT)]
        paras += [Para(f"• {item.text}", 10.5, colour=WARN if item.assumption else INK,
                       note=str(item.number), space_before=3) for item in section.items]
        cards.append(Card(paras))
    for gap in page.gaps:
        cards.append(Card([Para(gap.title, 10.5, bold=True, colour=MUTED),
                           Para(gap.text, 9.5, italic=True, colour=MUTED, space_before=3)]))
    if page.approach:
        paras = [Para(t("report.approach", lang), 10.5, bold=True, colour=ACCENT)]
        for fact in page.approach:
            paras += [Para(fact.label, 9.5, bold=True, colour=MUTED, space_before=3),
                      Para(fact.value, 10.5, colour=INK)]
        cards.append(Card(paras))
    if page.quotes:
        paras = [Para(t("report.quotes", lang), 10.5, bold=True, colour=ACCENT)]
        for quote in page.quotes[:3]:
            paras += [Para(f"“{quote.text}”", 10.5, italic=True, colour=INK, space_before=3),
                      Para(f"{quote.source}{', ' + quote.date if quote.date else ''}", 8.5,
                           colour=MUTED)]
        if page.quote_note:
            paras.append(Para(page.quote_note, 8.5, italic=True, colour=MUTED, space_before=3))
        cards.append(Card(paras))
    return cards


def _layout(cards: list[Card], width: float, columns: int, factor: float,
            height: float) -> list[tuple[int, float, float, list[Para]]]:
    """Masonry: each card under the shortest column; (column, top, height, paras) of the
    cards that fit, in order, until the first that does not."""
    tops = [0.0] * columns
    placed: list[tuple[int, float, float, list[Para]]] = []
    for card in cards:
        paras = [p.scaled(factor) for p in card.paras]
        need = needed_height(paras, width) + 2 * CARD_PAD
        column = min(range(columns), key=lambda c: tops[c])
        if tops[column] + need > height:
            break
        placed.append((column, tops[column], need, paras))
        tops[column] += need + GAP
    return placed


def _place_cards(slide: Any, cards: list[Card], top: float, left: float = GRID_X,
                 columns: int = COLUMNS) -> list[Card]:
    """Place as many cards as fit (smaller type first); returns the cards left over."""
    width = (WIDTH - 0.3 - left - GAP * (columns - 1)) / columns
    height = GRID_BOTTOM - top
    layout = _layout(cards, width, columns, MAX_CARD_FACTOR, height)
    if len(layout) < len(cards):
        # The largest type at which every card fits, by bisection; else the smallest type.
        low, high = MIN_CARD_FACTOR, MAX_CARD_FACTOR
        layout = _layout(cards, width, columns, low, height)
        if len(layout) == len(cards):
            for _ in range(BISECTIONS):
                middle = (low + high) / 2
                attempt = _layout(cards, width, columns, middle, height)
                if len(attempt) == len(cards):
                    low, layout = middle, attempt
                else:
                    high = middle
    if not layout and cards:  # one card taller than a slide: set it as small as needed
        layout = [(0, 0.0, height, fit(cards[0].paras, width, height - 2 * CARD_PAD, 0.3)
                   or cards[0].paras)]
    for column, y, need, paras in layout:
        x = left + column * (width + GAP)
        _box(slide, x, top + y, width, need, CARD)
        _text(slide, x, top + y + CARD_PAD, width, need - 2 * CARD_PAD, paras)
    return cards[len(layout):]


def _short_notes(persona: Persona, lang: str) -> list[tuple[str, str]]:
    """(number, compact evidence) per statement, numbered as on the canvas."""
    return [(str(i), "; ".join(evidence_short(e, lang) for e in s.evidence)
             or t("report.assumption", lang))
            for i, s in enumerate(persona.statements, start=1)]


def _speaker_notes(slide: Any, page: PersonaPage, lang: str) -> None:
    lines = [t("format.slide.notes_heading", lang)]
    lines += [f"{note.number}. {'; '.join(note.lines)}" for note in page.notes]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _evidence_slides(deck: Any, page: PersonaPage, notes: list[tuple[str, str]],
                     lang: str) -> None:
    """Footnotes that did not fit under the canvas, two columns per slide, as many as needed."""
    remaining = [Para(f"{n}. {text}", 11, colour=INK, space_before=3) for n, text in notes]
    column_w = (WIDTH - 0.8 - GAP) / 2
    while remaining:
        slide = _blank(deck)
        _fitted(slide, 0.4, 0.25, WIDTH - 0.8, 0.6, [
            Para(t("format.slide.evidence", lang, name=page.name), 22, bold=True,
                 colour=ACCENT)])
        for column in range(2):
            taken: list[Para] = []
            while remaining and needed_height(taken + remaining[:1], column_w) <= 6.3:
                taken.append(remaining.pop(0))
            if not taken and remaining:  # a single note longer than a column: shrink it
                taken = [fit(remaining[:1], column_w, 6.3, 0.3) or remaining[0:1]][0]
                remaining.pop(0)
            _text(slide, 0.4 + column * (column_w + GAP), 1.0, column_w, 6.3, taken)



# ---- the customer journey (issue 12): the map from native shapes, then where to act -------

J_LEFT, J_NAME_W, J_RIGHT, J_TOP, J_BOTTOM = 0.4, 1.9, 13.0, 1.05, 6.8
J_ROWS = 5  # personas per map slide
CURVE, DROP, DROP_DARK, EVERYONE_INK = (0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00), \
    (0xA3, 0x3F, 0x00), (0x55, 0x55, 0x55)
AREA, STAGE_TINTS, ROW_TINT = (0xD6, 0xE6, 0xF2), ((0xE3, 0xEE, 0xF7), (0xEE, 0xF3, 0xF8)), \
    (0xF6, 0xF8, 0xFA)


def _journey_slides(deck: Any, jmap: JourneyMap, lang: str) -> None:
    _journey_map_slide(deck, jmap, lang)
    cards = _journey_cards(jmap, lang)
    while cards:
        slide = _blank(deck)
        _fitted(slide, 0.4, 0.25, WIDTH - 0.8, 0.6, [
            Para(t("report.journey.slide_actions", lang), 22, bold=True, colour=ACCENT)])
        cards = _place_cards(slide, cards, 1.0, left=0.4, columns=2)


def _freeform(slide: Any, points: list[tuple[float, float]], *, line: tuple[int, int, int]
              | None = None, width: float = 2.0, fill: tuple[int, int, int] | None = None,
              dash: bool = False) -> None:
    """An open line (or, with *fill*, a closed area) through *points* in inches."""
    from pptx.dml.color import RGBColor
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.oxml.ns import qn
    from pptx.util import Inches, Pt

    mils = [(round(x * 1000), round(y * 1000)) for x, y in points]
    builder = slide.shapes.build_freeform(*mils[0], scale=Inches(1) / 1000)
    builder.add_line_segments(mils[1:], close=fill is not None)
    shape = builder.convert_to_shape()
    if fill is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(*fill)  # type: ignore[no-untyped-call]
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = RGBColor(*line)  # type: ignore[no-untyped-call]
        shape.line.width = Pt(width)
        if dash:
            shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    style = shape._element.find(qn("p:style"))  # no theme shadow, as in _box
    if style is not None:
        shape._element.remove(style)


def _warning_mark(slide: Any, x: float, y: float) -> None:
    """The biggest drop-off is marked by a triangle too, not by colour alone."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.oxml.ns import qn
    from pptx.util import Inches

    shape = slide.shapes.add_shape(MSO_SHAPE.ISOSCELES_TRIANGLE, Inches(x - 0.09),
                                   Inches(y - 0.21), Inches(0.18), Inches(0.16))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(*DROP)  # type: ignore[no-untyped-call]
    shape.line.fill.background()
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _journey_header(slide: Any, jmap: JourneyMap, lang: str, col: float,
                    continued: bool = False) -> None:
    grid_x = J_LEFT + J_NAME_W
    title = t("format.slide.continued", lang, name=jmap.title) if continued else jmap.title
    _fitted(slide, 0.4, 0.15, WIDTH - 0.8, 0.85, [
        Para(title, 24, bold=True, colour=ACCENT),
        Para(jmap.subtitle, 12,
             colour=MUTED)], 0.6)
    for k, stage in enumerate(jmap.stages if stages_shown(jmap) else []):
        x = grid_x + stage.first * col
        _box(slide, x + 0.02, J_TOP, stage.count * col - 0.04, 0.32, STAGE_TINTS[k % 2])
        _fitted(slide, x, J_TOP, stage.count * col, 0.32,
                [Para(stage.label, 11, bold=True, colour=ACCENT, centred=True)], 0.5)
    for i, tp in enumerate(jmap.touchpoints):
        _fitted(slide, grid_x + i * col, J_TOP + 0.34, col, 0.52, [
            Para(tp.label, 10.5, bold=True, centred=True),
            Para(tp.channel, 8.5, colour=MUTED, centred=True)], 0.5)


def _journey_map_slide(deck: Any, jmap: JourneyMap, lang: str) -> None:
    """The map; more than :data:`J_ROWS` personas are spread evenly over more slides so the
    type stays readable."""
    col = (J_RIGHT - J_LEFT - J_NAME_W) / max(len(jmap.touchpoints), 1)
    slides = max(1, -(-len(jmap.rows) // J_ROWS))
    per_slide = -(-len(jmap.rows) // slides)
    for part in range(slides):
        slide = _blank(deck)
        rows = jmap.rows[part * per_slide:(part + 1) * per_slide]
        _journey_header(slide, jmap, lang, col, continued=part > 0)
        top = J_TOP + 0.9
        row_h = min((J_BOTTOM - top) / max(per_slide, 1), 1.25)
        for k, row in enumerate(rows):
            _journey_row(slide, jmap, row, top + k * row_h, row_h, col, k, lang)
        _journey_legend(slide, jmap, lang)
        notes = [jmap.note, jmap.problem] + [f"{r.name}: {r.action.line}" for r in rows
                                             if r.action]
        slide.notes_slide.notes_text_frame.text = "\n".join(n for n in notes if n)


def _cell_paras(jmap: JourneyMap, row: MapRow, i: int, factor: float, lang: str) -> list[Para]:
    cell = row.cells[i]
    if cell.share is None:
        key = "report.journey.hidden" if jmap.touchpoints[i].measured \
            else "report.journey.not_measured"
        return [Para("–", 13 * factor, colour=MUTED, centred=True),
                Para(t(key, lang), 8 * factor, colour=MUTED, centred=True)]
    colour = DROP_DARK if cell.drop else INK
    return [Para(cell.share_text, 14 * factor, bold=True, colour=colour, centred=True),
            Para(second_line(row, i, lang), 8 * factor, colour=colour, centred=True)]


def _journey_row(slide: Any, jmap: JourneyMap, row: MapRow, y: float, height: float,
                 col: float, k: int, lang: str) -> None:
    grid_x = J_LEFT + J_NAME_W
    factor = min(1.0, height / 1.0)
    if k % 2:
        _box(slide, J_LEFT, y, J_RIGHT - J_LEFT, height, ROW_TINT)
    _fitted(slide, J_LEFT, y + 0.02, J_NAME_W - 0.05, height - 0.04, [
        Para(row.name, 12 * factor, bold=True, colour=ACCENT),
        Para(row.sessions_text, 8.5 * factor, colour=MUTED)], 0.5)
    numbers_h = 0.5 * factor
    for i in range(len(row.cells)):
        _fitted(slide, grid_x + i * col, y + 0.02, col, numbers_h,
                _cell_paras(jmap, row, i, factor, lang), 0.5)
    band_top = y + numbers_h + 0.1
    band_h = max(height - numbers_h - 0.18, 0.15)

    def point(i: int, value: float) -> tuple[float, float]:
        return grid_x + (i + 0.5) * col, band_top + (1 - value) * band_h

    mine = [point(i, v) for i, v in enumerate(row.curve) if v is not None]
    if len(mine) >= 2:
        _freeform(slide, [(mine[0][0], band_top + band_h), *mine,
                          (mine[-1][0], band_top + band_h)], fill=AREA)
    everyone = [point(i, v) for i, v in enumerate(jmap.everyone) if v is not None]
    if len(everyone) >= 2:
        _freeform(slide, everyone, line=EVERYONE_INK, width=1.0, dash=True)
    if len(mine) >= 2:
        _freeform(slide, mine, line=CURVE, width=2.25)
    ids = [c.touchpoint for c in row.cells]
    if row.action and {row.action.from_touchpoint, row.action.to_touchpoint} <= set(ids):
        ends = [ids.index(row.action.from_touchpoint), ids.index(row.action.to_touchpoint)]
        values = [row.curve[i] for i in ends]
        if all(v is not None for v in values):
            segment = [point(i, v or 0.0) for i, v in zip(ends, values, strict=True)]
            _freeform(slide, segment, line=DROP, width=4.5)
            _warning_mark(slide, *segment[1])


def _journey_legend(slide: Any, jmap: JourneyMap, lang: str) -> None:
    items = [(CURVE, 2.25, False, "report.journey.legend.curve"),
             (EVERYONE_INK, 1.0, True, "report.journey.legend.everyone"),
             (DROP, 4.5, False, "report.journey.legend.drop")]
    x, y = J_LEFT + J_NAME_W, J_BOTTOM + 0.08
    for colour, width, dash, key in items:
        label = t(key, lang)
        label_w = text_width(label, 9) / 72 / WIDTH_SAFETY + 2 * INSET_X + 0.05
        _freeform(slide, [(x, y + 0.12), (x + 0.35, y + 0.12)], line=colour, width=width,
                  dash=dash)
        _fitted(slide, x + 0.4, y, label_w, 0.26, [Para(label, 9, colour=MUTED)], 0.7)
        x += 0.7 + label_w
    if jmap.note:
        _fitted(slide, J_LEFT, y + 0.28, J_RIGHT - J_LEFT, 0.28,
                [Para(jmap.note, 8, colour=MUTED)], 0.7)


def _journey_cards(jmap: JourneyMap, lang: str) -> list[Card]:
    """Per persona where to act (quick wins first) and the touchpoint entries, as cards no
    taller than a slide (a long persona goes on in a next card)."""
    rows = sorted((r for r in jmap.rows if r.action or any(c.entry for c in r.cells)),
                  key=lambda r: (r.action is None, r.action.rank if r.action else 0))
    cards = []
    for row in rows:
        groups: list[list[Para]] = []
        if row.action is not None:
            groups.append([Para(row.action.line, 11, space_before=2),
                           Para(f"{row.action.gap_text}; {row.action.people_text}.", 9,
                                colour=MUTED, space_before=2)])
        groups += [_entry_paras(jmap, cell, lang) for cell in row.cells if cell.entry]
        cards += _pack(row.name, groups, lang)
    return cards


def _entry_paras(jmap: JourneyMap, cell: Any, lang: str) -> list[Para]:
    colour = WARN if cell.entry.assumption else INK
    mark = f" ({t('report.assumption', lang)})" if cell.entry.assumption else ""
    return [Para(jmap.touchpoint_label(cell.touchpoint) + mark, 10, bold=True, colour=colour,
                 space_before=5)] + [
        Para(f"{t(f'report.journey.field.{f}', lang)}: {getattr(cell.entry, f)}", 9.5,
             colour=colour) for f in ENTRY_FIELDS if getattr(cell.entry, f)]


CARD_W, CARD_MAX_H = (WIDTH - 0.3 - 0.4 - GAP) / 2, GRID_BOTTOM - 1.0 - 0.3


def _pack(name: str, groups: list[list[Para]], lang: str) -> list[Card]:
    """*groups* of paragraphs under the persona's name, in as many cards as needed."""
    cards: list[Card] = []
    paras = [Para(name, 12, bold=True, colour=ACCENT)]
    for group in groups:
        if len(paras) > 1 and needed_height(paras + group, CARD_W) > CARD_MAX_H:
            cards.append(Card(paras))
            paras = [Para(t("format.slide.continued", lang, name=name), 12, bold=True,
                          colour=ACCENT)]
        paras += group
    return cards + [Card(paras)]
