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
from personakit.report._registry import ReportContext
from personakit.report._textfit import FONT_NAME, INSET_X, INSET_Y, Para, fit, needed_height
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

