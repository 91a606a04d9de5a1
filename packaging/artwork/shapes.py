"""Shapes, colours and masks shared by the artwork scripts (draw_templates.py and
draw_stickers.py): maintainer tools that draw the project's own pictures with Pillow."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import reduce

from PIL import Image, ImageChops

Point = tuple[float, float]
Mask = Image.Image  # mode "L", canvas-sized
Color = tuple[int, int, int, int]
Field = Callable[[float, float], float]  # (x, y) in drawing pixels -> 0..1


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
