"""PPTX: an overview slide and one slide per persona, ready to present."""

from __future__ import annotations

import io
from pathlib import Path

from personakit.i18n import t
from personakit.report._registry import ReportContext
from personakit.report._tree import PersonaPage

ACCENT = (0x2F, 0x5D, 0x8A)


def render_pptx(context: ReportContext, out: Path) -> Path:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    pictures = {p.id: _avatar_png(p) for p in context.personas}
    _overview(deck, context, pictures)
    for page in context.tree.personas:
        _persona_slide(deck, page, pictures[page.id], context.tree.lang)
    deck.save(str(out))
    return out


def _avatar_png(persona: object) -> bytes:
    from personakit.model import Persona
    from personakit.persona import avatar_png, avatar_shapes

    assert isinstance(persona, Persona)
    key = str(persona.extra.get("avatar_key", persona.id))
    return avatar_png(avatar_shapes(key, gender=persona.gender, age=persona.age), size=300)


def _text(slide: object, left: float, top: float, width: float, height: float,
          lines: list[tuple[str, int, bool]]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))  # type: ignore[attr-defined]
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        if bold:
            paragraph.font.color.rgb = RGBColor(*ACCENT)  # type: ignore[no-untyped-call]


def _overview(deck: object, context: ReportContext, pictures: dict[str, bytes]) -> None:
    from pptx.util import Inches

    tree = context.tree
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # type: ignore[attr-defined]
    _text(slide, 0.5, 0.3, 12, 1.0, [(tree.title, 30, True), (tree.subtitle, 16, False)])
    count = max(len(tree.personas), 1)
    width = min(12.3 / count, 3.0)
    for i, page in enumerate(tree.personas):
        left = 0.5 + i * width
        slide.shapes.add_picture(io.BytesIO(pictures[page.id]), Inches(left + width / 2 - 0.7),
                                 Inches(2.0), Inches(1.4), Inches(1.4))
        _text(slide, left, 3.5, width - 0.1, 3.5, [
            (page.name, 16, True), (page.title, 12, False),
            (f"{page.share_text} · {t('report.people', tree.lang, n=page.size)}", 12, False),
            (f"“{page.quote}”", 11, False),
        ])


def _persona_slide(deck: object, page: PersonaPage, picture: bytes, lang: str) -> None:
    from pptx.util import Inches

    slide = deck.slides.add_slide(deck.slide_layouts[6])  # type: ignore[attr-defined]
    slide.shapes.add_picture(io.BytesIO(picture), Inches(0.5), Inches(0.4), Inches(2.0),
                             Inches(2.0))
    head = f"{page.name}, {page.age}" if page.age else page.name
    _text(slide, 2.8, 0.4, 10, 2.0, [
        (page.title, 14, False), (head, 30, True), (f"“{page.quote}”", 16, False),
        (" · ".join(f"{f.label}: {f.value}" for f in page.facts[:3]), 12, False),
    ])
    columns: list[list[tuple[str, int, bool]]] = [[], []]
    for i, section in enumerate(page.sections):
        column = columns[i % 2]
        column.append((section.title, 13, True))
        column += [(f"• {item.text} [{item.number}]", 11, False) for item in section.items[:3]]
    _text(slide, 0.5, 2.6, 6.0, 4.6, columns[0])
    _text(slide, 6.7, 2.6, 6.2, 3.2, columns[1])
    approach = [(t("report.approach", lang), 13, True)]
    approach += [(f"{f.label}: {f.value}", 11, False) for f in page.approach]
    _text(slide, 6.7, 5.6, 6.2, 1.8, approach)
