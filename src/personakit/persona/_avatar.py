"""Generated avatars: simple drawn faces, deterministic per persona, never a real photo.

An avatar is a list of shapes (the same list is drawn as SVG for HTML/PDF and as PNG for
slides), chosen by a hash of the persona id and the seed.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Literal

SKIN = ("#f5d0b5", "#eab38f", "#d19a6e", "#a86b45", "#7a4a2c", "#5b3620")
HAIR = ("#2b1d14", "#4a3122", "#7b4b2a", "#b5793e", "#d8b36a", "#1c1c1c", "#8c3b1f")
GREY = ("#9e9e9e", "#c8c8c8", "#e4e4e4")
BACKGROUND = ("#dbe9f6", "#f6e3d4", "#e2f0e0", "#efe2f3", "#fbf0c9", "#dfeeee")
SHIRT = ("#2f5d8a", "#b04a3d", "#3d7a5a", "#6d4c8f", "#c7892e", "#37474f", "#1f7a8c")


@dataclass(frozen=True)
class Shape:
    """One drawn element in a 200×200 box."""

    kind: Literal["circle", "ellipse", "rect", "arc", "line"]
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    fill: str | None = None
    stroke: str | None = None
    width: float = 0
    radius: float = 0  # rect corners
    angles: tuple[float, float] = (0, 180)  # arc, degrees clockwise from 3 o'clock


def _pick(digest: bytes, index: int, options: tuple[str, ...]) -> str:
    return options[digest[index] % len(options)]


def avatar_shapes(key: str, *, gender: str | None, age: int | None) -> list[Shape]:
    """The shapes of the avatar for *key* (persona id and seed)."""
    d = hashlib.sha256(key.encode("utf-8")).digest()
    skin = _pick(d, 0, SKIN)
    hair = _pick(d, 1, GREY) if (age or 0) >= 60 and d[2] % 3 else _pick(d, 3, HAIR)
    long_hair = gender == "female" or (gender is None and d[4] % 2 == 0)
    shapes = [
        Shape("rect", (0, 0, 200, 200), fill=_pick(d, 5, BACKGROUND)),
        Shape("rect", (40, 150, 160, 230), fill=_pick(d, 6, SHIRT), radius=40),
        Shape("rect", (86, 124, 114, 158), fill=skin, radius=8),
    ]
    if long_hair:
        shapes.append(Shape("ellipse", (50, 50, 150, 160), fill=hair))
    shapes.append(Shape("ellipse", (60, 52, 140, 142), fill=skin))
    shapes += _hair(d, hair, long_hair, age)
    shapes += _face(d, skin)
    return shapes


def _hair(d: bytes, hair: str, long_hair: bool, age: int | None) -> list[Shape]:
    if long_hair:
        return [Shape("arc", (58, 44, 142, 118), fill=hair, angles=(180, 360))]
    if (age or 0) >= 55 and d[7] % 2:
        # Receding: hair at the sides only.
        return [Shape("ellipse", (56, 72, 72, 108), fill=hair),
                Shape("ellipse", (128, 72, 144, 108), fill=hair)]
    return [Shape("arc", (58, 46, 142, 110), fill=hair, angles=(180, 360))]


def _face(d: bytes, skin: str) -> list[Shape]:
    eye = "#2d2d2d"
    shapes = [
        Shape("circle", (80, 90, 90, 100), fill=eye),
        Shape("circle", (110, 90, 120, 100), fill=eye),
        Shape("arc", (82, 104, 118, 126), stroke="#7a3b2e", width=4, angles=(20, 160)),
    ]
    if d[8] % 3 == 0:  # glasses
        shapes += [
            Shape("circle", (72, 83, 98, 107), stroke="#333333", width=3),
            Shape("circle", (102, 83, 128, 107), stroke="#333333", width=3),
            Shape("line", (98, 95, 102, 95), stroke="#333333", width=3),
        ]
    return shapes


def _arc_path(shape: Shape) -> str:
    import math

    x0, y0, x1, y1 = shape.box
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    a0, a1 = (math.radians(a) for a in shape.angles)
    sx, sy = cx + rx * math.cos(a0), cy + ry * math.sin(a0)
    ex, ey = cx + rx * math.cos(a1), cy + ry * math.sin(a1)
    large = 1 if (shape.angles[1] - shape.angles[0]) % 360 > 180 else 0
    path = f"M{sx:.1f},{sy:.1f} A{rx:.1f},{ry:.1f} 0 {large} 1 {ex:.1f},{ey:.1f}"
    return path + " Z" if shape.fill else path


def _svg_element(shape: Shape) -> str:
    paint = f'fill="{shape.fill or "none"}"'
    if shape.stroke:
        paint += f' stroke="{shape.stroke}" stroke-width="{shape.width:g}" stroke-linecap="round"'
    x0, y0, x1, y1 = shape.box
    if shape.kind in ("circle", "ellipse"):
        return (f'<ellipse cx="{(x0 + x1) / 2:g}" cy="{(y0 + y1) / 2:g}" rx="{(x1 - x0) / 2:g}" '
                f'ry="{(y1 - y0) / 2:g}" {paint}/>')
    if shape.kind == "rect":
        return (f'<rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" height="{y1 - y0:g}" '
                f'rx="{shape.radius:g}" {paint}/>')
    if shape.kind == "line":
        return f'<line x1="{x0:g}" y1="{y0:g}" x2="{x1:g}" y2="{y1:g}" {paint}/>'
    return f'<path d="{_arc_path(shape)}" {paint}/>'


def avatar_svg(shapes: list[Shape], *, title: str = "") -> str:
    """The avatar as a self-contained SVG element (no external references)."""
    body = "".join(_svg_element(s) for s in shapes)
    label = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" role="img" '
            f'aria-label="{label}"><clipPath id="c"><circle cx="100" cy="100" r="100"/>'
            f'</clipPath><g clip-path="url(#c)">{body}</g></svg>')


def avatar_png(shapes: list[Shape], size: int = 400) -> bytes:
    """The avatar as a PNG (for slides, where SVG cannot go), round-cropped."""
    from PIL import Image, ImageDraw

    scale = size / 200
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        box = tuple(v * scale for v in shape.box)
        width = max(1, int(shape.width * scale))
        if shape.kind in ("circle", "ellipse"):
            draw.ellipse(box, fill=shape.fill, outline=shape.stroke,
                         width=width if shape.stroke else 0)
        elif shape.kind == "rect":
            draw.rounded_rectangle(box, radius=shape.radius * scale, fill=shape.fill)
        elif shape.kind == "line":
            draw.line(box, fill=shape.stroke, width=width)
        elif shape.fill:
            draw.chord(box, shape.angles[0], shape.angles[1], fill=shape.fill)
        else:
            draw.arc(box, shape.angles[0], shape.angles[1], fill=shape.stroke, width=width)
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size, size), fill=255)
    image.putalpha(mask)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
