"""Shapes, colours and masks shared by the artwork scripts (draw_templates.py and
draw_stickers.py): maintainer tools that draw the project's own pictures with Pillow."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

from PIL import Image, ImageChops, ImageFilter

Point = tuple[float, float]
Mask = Image.Image  # mode "L", canvas-sized
Color = tuple[int, int, int, int]
Field = Callable[[float, float], float]  # (x, y) in drawing pixels -> 0..1

SS = 2  # supersampling: shapes are drawn at this multiple and reduced


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def smoothstep(edge0: float, edge1: float, value: float) -> float:
    t = clamp((value - edge0) / (edge1 - edge0))
    return t * t * (3 - 2 * t)


def rgba(color: str, alpha: float = 1.0) -> Color:
    value = color.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue, round(255 * clamp(alpha))


def mix(a: str, b: str, t: float) -> str:
    ca, cb = rgba(a), rgba(b)
    return "#" + "".join(f"{round(lerp(x, y, t)):02x}" for x, y in zip(ca[:3], cb[:3], strict=True))


def bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 32) -> list[Point]:
    out = []
    for s in range(steps + 1):
        t = s / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return out


def symmetric(right_half: Sequence[Point]) -> list[Point]:
    """A closed outline from its right half, listed from the top of the axis x = 0 to its foot."""
    left = [(-x, y) for x, y in reversed(right_half[1:-1])]
    return [*right_half, *left]


def mirrored(points: Sequence[Point]) -> list[Point]:
    return [(-x, y) for x, y in points]


def normals(points: Sequence[Point]) -> list[Point]:
    out = []
    for i in range(len(points)):
        ax, ay = points[max(i - 1, 0)]
        bx, by = points[min(i + 1, len(points) - 1)]
        length = math.hypot(bx - ax, by - ay) or 1.0
        out.append((-(by - ay) / length, (bx - ax) / length))
    return out


def taper(start: float, end: float, blunt: float = 0.12) -> Callable[[float], float]:
    """Width from start to end, rounded off over the first and last `blunt` of the line."""

    def width(t: float) -> float:
        ends = 0.35 + 0.65 * smoothstep(0, blunt, t) * smoothstep(1, 1 - blunt, t)
        return lerp(start, end, t) * ends

    return width


def multiply(*masks: Mask) -> Mask:
    return reduce(ImageChops.multiply, masks)


def union(*masks: Mask) -> Mask:
    return reduce(ImageChops.lighter, masks)


def minus(mask: Mask, cut: Mask) -> Mask:
    return ImageChops.subtract(mask, cut)


def fade(mask: Mask, factor: float) -> Mask:
    return mask.point(lambda v: round(v * factor))


def vertical(top: float, bottom: float) -> Field:
    return lambda _x, y: (y - top) / (bottom - top)


def radial(centre: Point, rx: float, ry: float | None = None) -> Field:
    ry = rx if ry is None else ry
    return lambda x, y: math.hypot((x - centre[0]) / rx, (y - centre[1]) / ry)


@dataclass(frozen=True)
class Place:
    """Maps a drawing's own coordinates onto the canvas: move, scale, turn (degrees, clockwise)."""

    x: float
    y: float
    k: float = 1.0
    angle: float = 0.0

    def p(self, x: float, y: float) -> Point:
        a = math.radians(self.angle)
        cos, sin = math.cos(a), math.sin(a)
        return self.x + self.k * (x * cos - y * sin), self.y + self.k * (x * sin + y * cos)

    def ps(self, points: Sequence[Point]) -> list[Point]:
        return [self.p(x, y) for x, y in points]

    def d(self, length: float) -> float:
        return length * self.k


class Painter:
    """What every picture being drawn can do; `image` is RGBA at SS times the output size.

    Subclasses say how output coordinates map onto it (`polygon`, `ellipse`, `field`).
    """

    size: tuple[int, int]
    image: Image.Image

    def polygon(self, points: Sequence[Point]) -> Mask:
        raise NotImplementedError

    def field(self, fn: Field, step: int = 4) -> Mask:
        raise NotImplementedError

    def blank(self) -> Mask:
        return Image.new("L", self.size, 0)

    def rect(self, left: float, top: float, right: float, bottom: float) -> Mask:
        return self.polygon([(left, top), (right, top), (right, bottom), (left, bottom)])

    def blur(self, mask: Mask, radius: float) -> Mask:
        return mask.filter(ImageFilter.GaussianBlur(radius * SS))

    def shift(self, mask: Mask, dx: float, dy: float) -> Mask:
        moved = self.blank()
        moved.paste(mask, (round(dx * SS), round(dy * SS)))
        return moved

    def paint(self, mask: Mask, color: str, opacity: float = 1.0) -> None:
        layer = Image.new("RGBA", self.size, rgba(color))
        layer.putalpha(mask if opacity >= 1 else fade(mask, opacity))
        self.image.alpha_composite(layer)

    def paint_gradient(
        self, mask: Mask, start: str, end: str, fn: Field, opacity: float = 1.0
    ) -> None:
        """Fill the mask with colours running from start (field 0) to end (field 1)."""
        colors = Image.composite(
            Image.new("RGBA", self.size, rgba(end)),
            Image.new("RGBA", self.size, rgba(start)),
            self.field(fn),
        )
        colors.putalpha(mask if opacity >= 1 else fade(mask, opacity))
        self.image.alpha_composite(colors)

    def shade(
        self,
        mask: Mask,
        color: str,
        edge: Point,
        depth: float,
        softness: float,
        opacity: float = 1.0,
    ) -> None:
        """Colour the inside of a shape along its edge facing `edge`: form shadows, rim light."""
        away = self.blur(self.shift(mask, -edge[0] * depth, -edge[1] * depth), softness)
        self.paint(multiply(mask, ImageChops.invert(away)), color, opacity)

    def glow(self, mask: Mask, color: str, softness: float, opacity: float, clip: Mask) -> None:
        self.paint(multiply(self.blur(mask, softness), clip), color, opacity)
