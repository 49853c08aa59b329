"""How much room text needs on a slide: line wrapping measured with the slide font's metrics.

Slides are set in Calibri; Carlito (Debian's ``fonts-crosextra-carlito``) has the same
widths, so text measured with it wraps as PowerPoint and LibreOffice wrap it. Without
either font a conservative average width (0.55 em) is used. The layout shrinks or splits
every text frame until the estimate fits, and the tests check the estimate against what
LibreOffice really draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FONT_NAME = "Calibri"
FONT_FILES = {
    (False, False): ("Carlito-Regular.ttf", "calibri.ttf"),
    (True, False): ("Carlito-Bold.ttf", "calibrib.ttf"),
    (False, True): ("Carlito-Italic.ttf", "calibrii.ttf"),
    (True, True): ("Carlito-BoldItalic.ttf", "calibriz.ttf"),
}
FONT_DIRS = ("/usr/share/fonts/truetype/crosextra", "/usr/share/fonts/truetype/msttcorefonts",
             "/usr/share/fonts/truetype", "/Library/Fonts", "C:/Windows/Fonts")
# Calibri's ascent + descent + line gap is 1.22 em: PowerPoint's single line spacing.
LINE_HEIGHT = 1.22
FALLBACK_EM = 0.55
INSET_X, INSET_Y = 0.08, 0.05  # inches, set on every frame so the estimate knows them
# Wrap a little narrower than the frame: kerning and rounding differ between renderers.
WIDTH_SAFETY = 0.96


@dataclass(frozen=True)
class Para:
    """One paragraph of a text frame in one style; *note* is a superscript footnote mark."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False
    colour: tuple[int, int, int] | None = None
    note: str = ""
    space_before: float = 0.0  # points
    centred: bool = False

    def scaled(self, factor: float) -> Para:
        return Para(self.text, round(self.size * factor, 1), self.bold, self.italic,
                    self.colour, self.note, round(self.space_before * factor, 1), self.centred)


@cache
def _font(bold: bool, italic: bool) -> Any:
    from PIL import ImageFont

    for name in FONT_FILES[(bold, italic)]:
        for folder in FONT_DIRS:
            found = next(iter(Path(folder).rglob(name)), None) if Path(folder).is_dir() else None
            if found is not None:
                return ImageFont.truetype(str(found), 100)
    return None


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of *text* in points at *size* points."""
    font = _font(bold, italic)
    if font is None:
        return len(text) * size * FALLBACK_EM
    return float(font.getlength(text)) * size / 100


def wrap(text: str, width: float, size: float, bold: bool = False,
         italic: bool = False) -> list[str]:
    """Greedy word wrap into lines of at most *width* points; long words are broken."""
    lines: list[str] = []
    for chunk in text.split("\n"):
        line = ""
        for word in chunk.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold, italic) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while text_width(line, size, bold, italic) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and text_width(line[:cut], size, bold, italic) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def para_height(para: Para, width_in: float) -> float:
    """Height in points of *para* in a frame *width_in* inches wide."""
    usable = (width_in - 2 * INSET_X) * 72 * WIDTH_SAFETY
    text = f"{para.text} {para.note}" if para.note else para.text
    lines = wrap(text, usable, para.size, para.bold, para.italic)
    return len(lines) * para.size * LINE_HEIGHT + para.space_before


def needed_height(paras: list[Para], width_in: float) -> float:
    """Height in inches a frame needs for *paras* (insets included)."""
    return sum(para_height(p, width_in) for p in paras) / 72 + 2 * INSET_Y


def fit(paras: list[Para], width_in: float, height_in: float,
        min_factor: float = 0.6, step: float = 0.93) -> list[Para] | None:
    """*paras* at the largest type size (down to *min_factor*) that fits; ``None`` if none."""
    factor = 1.0
    while factor >= min_factor - 1e-9:
        scaled = [p.scaled(factor) for p in paras] if factor < 1 else paras
        if needed_height(scaled, width_in) <= height_in:
            return scaled
        factor *= step
    return None
