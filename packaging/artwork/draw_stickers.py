"""Draw maskmeme's built-in stickers and write their catalogue.

    .venv/bin/python packaging/artwork/draw_stickers.py                    # resources/stickers/
    .venv/bin/python packaging/artwork/draw_stickers.py --out /tmp/s       # somewhere to look at
    .venv/bin/python packaging/artwork/draw_stickers.py --preview /tmp/p   # also on fake photos

Every sticker is drawn here with Pillow primitives, in the same hand as the templates: shapes at
twice the size and reduced for clean edges, gradients and blurred masks for soft shading, light
from the upper left. Each sticker gets a thin outline a shade darker than itself and a faint
shadow, so it reads on a bright photo as well as a dark one. No outside pictures.

Each drawing is then framed: trimmed to its art plus a small clear margin and scaled so its long
side is 512 pixels, in one resampling from the supersampled canvas. stickers.json is written
from the same table the drawings come from (id, name, keywords, the blank room in a bubble) and
from the framed pictures (size), so the catalogue cannot disagree with them.

A maintainer's tool: the app ships only its output. Pillow is its only dependency.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter
from shapes import (
    SS,
    Painter,
    Place,
    bezier,
    clamp,
    fade,
    lerp,
    minus,
    mirrored,
    mix,
    multiply,
    normals,
    radial,
    rgba,
    symmetric,
    taper,
    union,
    vertical,
)

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "resources" / "stickers"
CATALOGUE = "stickers.json"
PAD = 32  # pixels of room round every canvas: outlines, shadows and overhangs are never cut off

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom
Mask = Image.Image  # mode "L", canvas-sized
Color = tuple[int, int, int, int]
Field = Callable[[float, float], float]  # (x, y) in drawing pixels -> 0..1


# --- numbers, colours and curves -------------------------------------------------------------


def catmull_rom(points: Sequence[Point], closed: bool = True, steps: int = 14) -> list[Point]:
    """A smooth curve through every anchor: organic outlines from a handful of points."""
    n = len(points)
    segments = n if closed else n - 1
    out: list[Point] = []
    for i in range(segments):
        if closed:
            p0, p1, p2, p3 = (points[(i + k) % n] for k in (-1, 0, 1, 2))
        else:
            p0, p1 = points[max(i - 1, 0)], points[i]
            p2, p3 = points[i + 1], points[min(i + 2, n - 1)]
        for s in range(steps):
            t = s / steps
            x, y = (
                0.5
                * (
                    2 * p1[k]
                    + (p2[k] - p0[k]) * t
                    + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t * t
                    + (3 * p1[k] - p0[k] - 3 * p2[k] + p3[k]) * t * t * t
                )
                for k in (0, 1)
            )
            out.append((x, y))
    if not closed:
        out.append(points[-1])
    return out


def arc(
    centre: Point, rx: float, ry: float, start: float, end: float, steps: int = 24
) -> list[Point]:
    """Points on an ellipse between two angles in degrees (0 = right, 90 = down)."""
    cx, cy = centre
    out = []
    for i in range(steps + 1):
        a = math.radians(lerp(start, end, i / steps))
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def teardrop(centre_x: float, top: float, bottom: float, half_width: float) -> list[Point]:
    """A drop hanging point up: sharp at the top, round below (x = sin t * sin(t/2))."""
    steps = 120
    raw = [
        (math.sin(t) * math.sin(t / 2), math.cos(t))
        for t in (2 * math.pi * i / steps for i in range(steps))
    ]
    widest = max(abs(x) for x, _ in raw)
    height = bottom - top
    return [(centre_x + half_width * x / widest, top + height * (1 - y) / 2) for x, y in raw]


def ribbon(points: Sequence[Point], width: Callable[[float], float]) -> list[Point]:
    """A filled stroke whose width varies along the line."""
    left, right = [], []
    last = max(len(points) - 1, 1)
    for i, ((x, y), (nx, ny)) in enumerate(zip(points, normals(points), strict=True)):
        half = width(i / last) / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    return left + right[::-1]


def inset(outline: Sequence[Point], start: float, end: float, depth: float) -> list[Point]:
    """Part of a closed outline (fractions of its points), moved inwards by depth.

    The outline must run clockwise on screen, as teardrop() and heart_outline() do.
    """
    n = len(outline)
    ring = normals([outline[-1], *outline, outline[0]])[1:-1]
    return [
        (x + nx * depth, y + ny * depth) for (x, y), (nx, ny) in zip(outline, ring, strict=True)
    ][round(start * n) : round(end * n)]


def swell(width: float) -> Callable[[float], float]:
    """Thin at both ends, `width` in the middle: highlights and stripes."""
    return lambda t: width * (0.25 + 0.75 * math.sin(math.pi * t) ** 0.8)


# --- the canvas ------------------------------------------------------------------------------


class Canvas(Painter):
    """A transparent sticker being drawn.

    Drawings use their own pixels from (0, 0) to (width, height); the work image is SS times
    that, with PAD pixels of room all round, so a loop or a shadow may overhang the drawing space.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.size = ((width + 2 * PAD) * SS, (height + 2 * PAD) * SS)
        self.image = Image.new("RGBA", self.size, (0, 0, 0, 0))

    def work(self, x: float, y: float) -> Point:
        """Where a drawing point lies in the work image."""
        return (x + PAD) * SS, (y + PAD) * SS

    # masks

    def polygon(self, points: Sequence[Point]) -> Mask:
        mask = self.blank()
        ImageDraw.Draw(mask).polygon([self.work(x, y) for x, y in points], fill=255)
        return mask

    def shape(self, anchors: Sequence[Point]) -> Mask:
        """A closed smooth shape through the anchors."""
        return self.polygon(catmull_rom(anchors))

    def ellipse(self, centre: Point, rx: float, ry: float | None = None) -> Mask:
        return self.ellipses([(centre, rx, rx if ry is None else ry)])

    def ellipses(self, items: Iterable[tuple[Point, float, float]]) -> Mask:
        """Many ellipses, each (centre, rx, ry), in one mask: patterns of dots."""
        mask = self.blank()
        draw = ImageDraw.Draw(mask)
        for (cx, cy), rx, ry in items:
            draw.ellipse((*self.work(cx - rx, cy - ry), *self.work(cx + rx, cy + ry)), fill=255)
        return mask

    def stroke(self, points: Sequence[Point], width: float) -> Mask:
        mask = self.blank()
        draw = ImageDraw.Draw(mask)
        scaled = [self.work(x, y) for x, y in points]
        draw.line(scaled, fill=255, width=max(1, round(width * SS)))
        # A disc at every vertex: round joins, and no pinholes where wide segments meet.
        radius = width * SS / 2
        for x, y in scaled:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        return mask

    def ribbon(self, points: Sequence[Point], width: Callable[[float], float]) -> Mask:
        return self.polygon(ribbon(points, width))

    def grow(self, mask: Mask, radius: float) -> Mask:
        """The mask widened (or, for a negative radius, narrowed) by radius: a round dilation.

        Made of shifted copies round a few rings rather than a blur, so thin elastic loops widen
        as much as big shapes do.
        """
        if radius == 0:
            return mask
        reach = abs(radius) * SS
        source = mask if radius > 0 else ImageChops.invert(mask)
        grown = source
        rings = max(1, math.ceil(reach / 3))
        for ring in range(1, rings + 1):
            distance = reach * ring / rings
            copies = max(8, math.ceil(2 * math.pi * distance / 2))
            for k in range(copies):
                a = 2 * math.pi * k / copies
                moved = Image.new("L", self.size, 0 if radius > 0 else 255)
                moved.paste(source, (round(distance * math.cos(a)), round(distance * math.sin(a))))
                grown = ImageChops.lighter(grown, moved)
        return grown if radius > 0 else ImageChops.invert(grown)

    def edge(self, mask: Mask, width: float) -> Mask:
        """The band just inside a shape's edge."""
        return minus(mask, self.grow(mask, -width))

    def field(self, fn: Field, step: int = 4) -> Mask:
        """A smooth 0..1 field sampled on a coarse grid and scaled up: gradients of any shape."""
        width, height = self.size[0] / SS, self.size[1] / SS
        cols, rows = math.ceil(width / step), math.ceil(height / step)
        values = [
            round(255 * clamp(fn((c + 0.5) * step - PAD, (r + 0.5) * step - PAD)))
            for r in range(rows)
            for c in range(cols)
        ]
        small = Image.new("L", (cols, rows))
        small.putdata(values)
        big = small.resize((cols * step * SS, rows * step * SS), Image.Resampling.BILINEAR)
        return big.crop((0, 0, *self.size))

    # paint

    def cast_shadow(
        self, mask: Mask, onto: Mask, offset: Point, softness: float, color: str, opacity: float
    ) -> None:
        """A soft shadow of `mask`, moved by `offset`, falling only on `onto`."""
        shadow = self.blur(self.shift(mask, *offset), softness)
        self.paint(multiply(minus(shadow, mask), onto), color, opacity)

    def line(self, mask: Mask, color: str, width: float = 1.6, opacity: float = 1.0) -> None:
        """A darker line just inside a part's edge: parts stay apart where they overlap."""
        self.paint(self.edge(mask, width), color, opacity)

    def finish(self, outline: str, width: float = 2.6) -> Image.Image:
        """The drawing, still at SS x, with its silhouette outlined and a faint shadow under it."""
        alpha = self.image.getchannel("A")
        # Half-clear parts (glassy water) still belong to the silhouette.
        silhouette = alpha.point(lambda v: min(255, v * 4))
        ring = self.grow(silhouette, width)
        out = Image.new("RGBA", self.size, (0, 0, 0, 0))
        shadow = self.blur(self.shift(ring, 0, 2.5), 2.5)
        layer = Image.new("RGBA", self.size, rgba(mix(outline, "#000000", 0.5)))
        layer.putalpha(fade(shadow, 0.3))
        out.alpha_composite(layer)
        layer = Image.new("RGBA", self.size, rgba(outline))
        layer.putalpha(ring)
        out.alpha_composite(layer)
        out.alpha_composite(self.image)
        return out


LONG_SIDE = 512  # pixels: every sticker's longer side
MARGIN = 10  # pixels of clear space round the art, so nothing is cut off at the frame


@dataclass(frozen=True)
class Framed:
    """A finished sticker and where its frame lies on the canvas it was drawn on."""

    image: Image.Image
    left: float  # canvas pixels
    top: float
    scale: float  # finished pixels per drawing pixel

    def fraction(self, x: float, y: float) -> Point:
        """A canvas point as fractions of the finished sticker's width and height."""
        return (
            (x - self.left) * self.scale / self.image.width,
            (y - self.top) * self.scale / self.image.height,
        )


def frame(work: Image.Image) -> Framed:
    """Trim to the art plus MARGIN and scale so the long side is LONG_SIDE, in one resampling.

    Every sticker's frame then hugs what it shows, so its selection handles sit on the art and
    stickers of different shapes come out the same size in the app.
    """
    bbox = work.getchannel("A").getbbox()
    if bbox is None:
        raise ValueError("the sticker drew nothing")
    if bbox[0] == 0 or bbox[1] == 0 or bbox[2] == work.width or bbox[3] == work.height:
        raise ValueError("the drawing runs past its canvas's room: widen the canvas")
    art_w, art_h = bbox[2] - bbox[0], bbox[3] - bbox[1]
    scale = (LONG_SIDE - 2 * MARGIN) / max(art_w, art_h)  # finished pixels per work pixel
    pad = MARGIN / scale
    size = (round(art_w * scale + 2 * MARGIN), round(art_h * scale + 2 * MARGIN))
    # Room round the work image, so the margin can reach past a canvas the art fills.
    room = math.ceil(pad) + 1
    padded = Image.new("RGBA", (work.width + 2 * room, work.height + 2 * room), (0, 0, 0, 0))
    padded.paste(work, (room, room))
    box = (
        bbox[0] + room - pad,
        bbox[1] + room - pad,
        bbox[0] + room - pad + size[0] / scale,
        bbox[1] + room - pad + size[1] / scale,
    )
    # Pillow premultiplies RGBA while resizing, so the edges get no dark fringe.
    image = padded.resize(size, Image.Resampling.LANCZOS, box=box)
    left, top = (box[0] - room) / SS - PAD, (box[1] - room) / SS - PAD
    return Framed(image, left, top, scale * SS)


# --- materials shared by several stickers ----------------------------------------------------

WATER_LIGHT, WATER, WATER_DEEP = "#e4f7ff", "#86cdf4", "#2d84c8"
WATER_EDGE, WATER_OUTLINE = "#1f69a6", "#17466f"


def paint_water(c: Canvas, body: Mask, bounds: Box, gloss: float = 1.0) -> None:
    """Cartoon water: pale where the light enters, deep at the far side, light gathered below."""
    left, top, right, bottom = bounds
    width, height = right - left, bottom - top
    c.paint_gradient(body, WATER_LIGHT, WATER, vertical(top, top + height * 0.75))
    c.paint_gradient(
        body, WATER, WATER_DEEP, radial((left, top), width * 1.25, height * 1.15), 0.75
    )
    c.shade(body, WATER_EDGE, (1, 0.3), width * 0.14, width * 0.09, 0.7)
    # The drop bends the light it lets in onto its own lower inside edge.
    c.shade(body, "#d9f6ff", (0.15, 1), width * 0.05, width * 0.06, 0.85 * gloss)
    c.line(body, WATER_EDGE, 1.6, 0.8)


def water_glint(c: Canvas, points: Sequence[Point], width: float, clip: Mask) -> None:
    """A sharp white reflection of the window, with a soft halo."""
    streak = c.ribbon(points, swell(width))
    c.paint(multiply(c.blur(streak, width * 0.7), clip), "#ffffff", 0.4)
    c.paint(multiply(streak, clip), "#ffffff", 0.95)


# --- face masks ------------------------------------------------------------------------------

SURGICAL_BLUE, SURGICAL_SHADOW, SURGICAL_OUTLINE = "#a3d2ea", "#6a9dbf", "#2e5a7a"
SURGICAL_BODY = symmetric(
    [
        (0, 52),
        (70, 57),
        (138, 72),
        (176, 84),
        (184, 110),
        (186, 156),
        (183, 200),
        (174, 226),
        (128, 248),
        (64, 264),
        (0, 270),
    ]
)
# One elastic per side: out from the top corner, round where the ear would be, back to the bottom.
SURGICAL_LOOP = [(166, 100), *arc((210, 156), 38, 70, -128, 128, 10), (166, 212)]


def surgical_pleat(i: int) -> list[Point]:
    """A fold across the mask: bunched at the side hems, opened out over the chin."""
    side_y, middle_y = 116 + 32 * i, 124 + 46 * i
    anchors = [(-180, side_y), (-100, lerp(side_y, middle_y, 0.8)), (0, middle_y)]
    return catmull_rom([*anchors, *mirrored(anchors[-2::-1])], False, 10)


def draw_surgical_mask(c: Canvas) -> None:
    pl = Place(256, 22)
    for side in (-1, 1):
        loop = pl.ps(catmull_rom([(side * x, y) for x, y in SURGICAL_LOOP], False, 12))
        band = c.stroke(loop, 7)
        c.paint(band, "#f4f8fb")
        c.shade(band, "#b9c6d1", (0.3, 1), 3, 2, 0.9)
        c.line(band, "#8ea3b5", 1.2)

    body = c.shape(pl.ps(SURGICAL_BODY))
    c.paint_gradient(body, mix(SURGICAL_BLUE, "#ffffff", 0.35), SURGICAL_SHADOW, vertical(70, 300))
    # The mask wraps round the face: both sides turn away from the viewer.
    c.shade(body, SURGICAL_SHADOW, (1, 0.1), 54, 36, 0.7)
    c.shade(body, SURGICAL_SHADOW, (-1, 0.1), 30, 26, 0.4)
    c.glow(c.ellipse(pl.p(-40, 110), 120, 50), "#ffffff", 30, 0.55, body)

    for i in range(3):
        fold = pl.ps(surgical_pleat(i))
        under = c.blur(c.shift(c.stroke(fold, 12), 0, 6), 5)
        c.paint(multiply(under, body), SURGICAL_SHADOW, 0.8)
        over = c.blur(c.shift(c.stroke(fold, 8), 0, -5), 3)
        c.paint(multiply(over, body), "#ffffff", 0.5)
        c.paint(multiply(c.stroke(fold, 1.6), body), mix(SURGICAL_SHADOW, "#000000", 0.25), 0.7)

    # Bound edges: the nose wire along the top, hems at the sides where the loops are sewn in.
    right_top = SURGICAL_BODY[:4]
    top = pl.ps(catmull_rom([*mirrored(right_top[:0:-1]), *right_top], False))
    wire = multiply(c.blur(c.shift(c.stroke(top, 12), 0, 6), 1.5), body)
    c.paint(wire, "#ffffff", 0.35)
    c.paint(multiply(c.shift(c.stroke(top, 1.4), 0, 12), body), SURGICAL_SHADOW, 0.6)
    for side in (-1, 1):
        hem = multiply(body, c.rect(*sorted_box(pl.p(side * 164, 0), pl.p(side * 200, 300))))
        c.paint(hem, SURGICAL_SHADOW, 0.25)
        seam = pl.ps([(side * 164, 92), (side * 167, 160), (side * 162, 222)])
        c.paint(multiply(c.stroke(catmull_rom(seam, False), 1.5), body), SURGICAL_SHADOW, 0.85)
    c.line(body, mix(SURGICAL_SHADOW, "#000000", 0.2), 1.4, 0.8)


def sorted_box(a: Point, b: Point) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


CLOTH_NAVY, CLOTH_SHADOW, CLOTH_DOT = "#3b5286", "#1f2e52", "#fff6e8"
CLOTH_BODY = symmetric(
    [
        (0, 36),
        (48, 46),
        (118, 68),
        (174, 88),
        (190, 116),
        (192, 166),
        (184, 204),
        (150, 236),
        (90, 262),
        (34, 280),
        (0, 286),
    ]
)
CLOTH_LOOP = [(178, 100), (210, 80), (240, 96), (252, 138), (246, 182), (226, 210), (184, 206)]


def draw_cloth_mask(c: Canvas) -> None:
    """A shaped cotton mask: two panels sewn down the middle, polka dots, fabric ear loops."""
    pl = Place(256, 14)
    for side in (-1, 1):
        loop = pl.ps(catmull_rom([(side * x, y) for x, y in CLOTH_LOOP], False, 12))
        band = c.stroke(loop, 11)
        c.paint(band, mix(CLOTH_NAVY, CLOTH_SHADOW, 0.4))
        c.shade(band, mix(CLOTH_NAVY, "#ffffff", 0.25), (-0.3, -1), 3, 2, 0.8)
        c.line(band, CLOTH_SHADOW, 1.4)

    body = c.shape(pl.ps(CLOTH_BODY))
    c.paint_gradient(body, mix(CLOTH_NAVY, "#ffffff", 0.12), CLOTH_NAVY, vertical(40, 300))
    # Dots printed on a curved surface: squeezed towards the sides where it turns away.
    spots = []
    for row in range(12):
        for col in range(-8, 9):
            u = (col + (0.5 if row % 2 else 0.0)) / 8.4
            if abs(u) <= 1:
                x = pl.x + 200 * math.sin(u * math.pi / 2)
                spots.append(((x, pl.y + 30 + row * 24), 6.2 * math.cos(u * math.pi / 2.3), 6.2))
    dots = c.ellipses(spots)
    c.paint(multiply(dots, body), CLOTH_DOT, 0.95)

    # Two panels meet at the seam: each curves away from the light on its own.
    right = multiply(body, c.rect(pl.x, -PAD, c.width + PAD, c.height + PAD))
    left = minus(body, right)
    c.shade(right, CLOTH_SHADOW, (1, 0.2), 70, 50, 0.75)
    c.paint(right, CLOTH_SHADOW, 0.18)
    c.shade(left, CLOTH_SHADOW, (-1, 0.2), 40, 34, 0.5)
    c.glow(c.ellipse(pl.p(-70, 120), 70, 90), "#ffffff", 40, 0.22, left)
    c.shade(body, CLOTH_SHADOW, (0, 1), 30, 24, 0.45)

    seam = pl.ps(catmull_rom([(0, 38), (-4, 130), (-3, 220), (0, 284)], False, 10))
    c.paint(multiply(c.blur(c.shift(c.stroke(seam, 7), -4, 0), 2), body), "#ffffff", 0.18)
    c.paint(multiply(c.stroke(seam, 2.6), body), mix(CLOTH_SHADOW, "#000000", 0.35), 0.9)
    # Top-stitching: a dashed line just inside the edge.
    inset = [(x * 0.92, 160 + (y - 160) * 0.88) for x, y in catmull_rom(CLOTH_BODY, steps=20)]
    for i in range(0, len(inset) - 3, 5):
        dash = c.stroke(pl.ps(inset[i : i + 3]), 2.2)
        c.paint(multiply(dash, body), mix(CLOTH_DOT, CLOTH_NAVY, 0.35), 0.8)
    c.line(body, CLOTH_SHADOW, 1.6, 0.9)


# --- theatre masks ---------------------------------------------------------------------------
# The masks' own units: the face's centre at the origin, about 360 wide and 410 tall.

THEATRE_FACE = symmetric(
    [
        (0, -204),
        (92, -198),
        (154, -166),
        (182, -100),
        (184, -20),
        (168, 66),
        (134, 142),
        (78, 192),
        (0, 210),
    ]
)
GOLD, GOLD_DARK, GOLD_LIGHT = "#d8a93c", "#94661a", "#f7dd8c"
TIE_POINT: Point = (190, -64)  # where the ribbon is knotted at each temple
BOW_LOOPS = [  # the bow's two loops beside the knot, in a right-hand temple's units
    [(0, 0), (18, -34), (48, -40), (56, -18), (30, -2)],
    [(0, 0), (26, 6), (52, 20), (46, 44), (16, 26)],
]


def notched_ribbon(
    points: Sequence[Point], width: Callable[[float], float], depth: float
) -> list[Point]:
    """A ribbon whose end is cut in a V, the way ribbon ends are."""
    outline = ribbon(points, width)
    n = len(points)
    (ax, ay), (bx, by) = points[-2], points[-1]
    length = math.hypot(bx - ax, by - ay) or 1.0
    notch = (bx - (bx - ax) / length * depth, by - (by - ay) / length * depth)
    return [*outline[:n], notch, *outline[n:]]


def draw_ribbon_tie(c: Canvas, mp: Place, side: int, color: str, shadow: str) -> None:
    """A ribbon knotted at the temple, its two tails fluttering down past the cheek."""
    tx, ty = TIE_POINT
    tails = [
        [
            (tx, ty),
            (tx + 34, ty + 40),
            (tx + 22, ty + 110),
            (tx + 44, ty + 180),
            (tx + 30, ty + 250),
        ],
        [(tx, ty), (tx + 14, ty + 56), (tx - 4, ty + 120), (tx + 10, ty + 176)],
    ]
    for points, width in zip(tails, (22, 18), strict=True):
        curve = mp.ps(catmull_rom([(side * x, y) for x, y in points], False, 12))
        # The width swells and narrows as the ribbon twists in the air.
        band = c.polygon(
            notched_ribbon(
                curve, lambda t, w=width: mp.d(w) * (0.7 + 0.4 * math.sin(t * 7.0) ** 2), mp.d(10)
            )
        )
        c.paint(band, color)
        c.shade(band, shadow, (side * 1.0, 0.4), mp.d(8), mp.d(5), 0.8)
        c.shade(band, mix(color, "#ffffff", 0.4), (-side * 1.0, -0.3), mp.d(4), mp.d(3), 0.6)
        c.line(band, mix(shadow, "#000000", 0.3), 1.3)
    for loop in BOW_LOOPS:
        bow = c.shape(mp.ps([(side * (tx + x), ty + y) for x, y in loop]))
        c.paint(bow, color)
        c.shade(bow, shadow, (side * 1.0, 0.6), mp.d(10), mp.d(6), 0.85)
        inner = c.ellipse(
            mp.p(side * (tx + 24), ty + (-18 if loop is BOW_LOOPS[0] else 18)), mp.d(7)
        )
        c.paint(multiply(c.blur(inner, mp.d(3)), bow), shadow, 0.7)
        c.line(bow, mix(shadow, "#000000", 0.3), 1.3)
    knot = c.ellipse(mp.p(side * tx, ty), mp.d(15), mp.d(13))
    c.paint(knot, color)
    c.shade(knot, shadow, (side * 1.0, 0.6), mp.d(8), mp.d(5), 0.9)
    c.line(knot, mix(shadow, "#000000", 0.3), 1.3)


def draw_theatre_face(c: Canvas, mp: Place, light: str, dark: str) -> Mask:
    face = c.polygon(mp.ps(catmull_rom(THEATRE_FACE)))
    c.paint_gradient(face, light, dark, radial(mp.p(-60, -90), mp.d(320)))
    c.shade(face, mix(dark, "#000000", 0.15), (1, 0.6), mp.d(40), mp.d(30), 0.7)
    c.shade(face, "#ffffff", (-1, -0.6), mp.d(12), mp.d(9), 0.6)
    # A nose in relief: light down the ridge, shade beside it and under the tip.
    c.glow(c.stroke(mp.ps([(-8, -60), (-12, 14)]), mp.d(14)), "#ffffff", mp.d(8), 0.8, face)
    c.glow(c.stroke(mp.ps([(14, -50), (18, 20)]), mp.d(12)), dark, mp.d(9), 0.6, face)
    # Two nostrils, not one curve: a curve there reads as a second mouth.
    for side in (-1, 1):
        nostril = c.stroke(mp.ps([(side * 12, 36), (side * 24, 30)]), mp.d(6))
        c.paint(c.blur(nostril, mp.d(1.5)), mix(dark, "#000000", 0.3), 0.55)
    return face


def draw_gold_rim(c: Canvas, mp: Place) -> None:
    rim = mp.ps(catmull_rom(THEATRE_FACE))
    band = c.stroke([*rim, rim[0]], mp.d(11))
    c.paint_gradient(band, GOLD_LIGHT, GOLD_DARK, radial(mp.p(-120, -160), mp.d(470)))
    c.paint(c.stroke([*rim, rim[0]], mp.d(2.5)), GOLD_LIGHT, 0.75)


def draw_eye_hole(c: Canvas, points: Sequence[Point], face: Mask) -> None:
    hole = c.polygon(points)
    c.paint(hole, "#2e1d24")
    # The mask's own thickness shows along the hole's lower edge.
    c.shade(hole, "#7a5b55", (0, 1), 5, 3, 0.7)
    c.cast_shadow(hole, face, (0, 3), 3, "#6b5a50", 0.35)


COMEDY_EYE = bezier((26, -58), (34, -108), (104, -108), (114, -58), 20) + bezier(
    (114, -58), (98, -84), (40, -84), (26, -58), 20
)
COMEDY_BROW = bezier((20, -122), (42, -158), (102, -160), (130, -126), 24)
COMEDY_GRIN = bezier((-126, 52), (-60, 102), (60, 102), (126, 52), 32) + bezier(
    (126, 52), (90, 178), (-90, 178), (-126, 52), 32
)


THEATRE_SCALE = 0.94


def draw_comedy_mask(c: Canvas) -> None:
    mp = Place(c.width / 2, c.height / 2 - 6, THEATRE_SCALE)
    for side in (-1, 1):
        draw_ribbon_tie(c, mp, side, "#d9434f", "#8c1f2c")
    face = draw_theatre_face(c, mp, "#fffdf6", "#e2d2b8")
    for side in (-1, 1):
        cheek = c.ellipse(mp.p(side * 118, 30), mp.d(42), mp.d(32))
        c.glow(cheek, "#f29a9a", mp.d(14), 0.6, face)
        c.glow(c.ellipse(mp.p(side * 110, 16), mp.d(16), mp.d(9)), "#ffffff", mp.d(6), 0.8, face)
        draw_eye_hole(c, mp.ps([(side * x, y) for x, y in COMEDY_EYE]), face)
        brow = mp.ps([(side * x, y) for x, y in COMEDY_BROW])
        c.paint(c.ribbon(brow, taper(mp.d(8), mp.d(10), 0.25)), GOLD)
        c.paint(c.ribbon(brow, taper(mp.d(2), mp.d(3), 0.25)), GOLD_LIGHT, 0.8)

    grin = c.polygon(mp.ps(COMEDY_GRIN))
    c.paint(grin, "#3a1a20")
    teeth = multiply(c.shift(c.stroke(mp.ps(COMEDY_GRIN[:33]), mp.d(34)), 0, mp.d(6)), grin)
    c.paint(teeth, "#fbf7ef")
    c.shade(teeth, "#b7a994", (0, 1), mp.d(6), mp.d(3), 0.6)
    tongue = multiply(c.ellipse(mp.p(0, 158), mp.d(62), mp.d(34)), grin)
    c.paint(tongue, "#c8525c")
    c.glow(c.ellipse(mp.p(-14, 146), mp.d(22), mp.d(8)), "#f4a0a6", mp.d(5), 0.7, tongue)
    c.paint(c.stroke(mp.ps(COMEDY_GRIN), mp.d(6)), GOLD)
    for side in (-1, 1):  # the corners of the grin curl up
        curl = catmull_rom([(side * 112, 62), (side * 134, 48), (side * 138, 26)], False, 8)
        c.paint(c.ribbon(mp.ps(curl), taper(mp.d(8), mp.d(3), 0.1)), GOLD)
    draw_gold_rim(c, mp)


# Sad eyes droop at the outer corner; the brows rise towards the middle.
TRAGEDY_EYE = bezier((24, -70), (40, -54), (96, -44), (118, -22), 20) + bezier(
    (118, -22), (96, -70), (46, -92), (24, -70), 20
)
TRAGEDY_BROW = bezier((18, -136), (50, -156), (102, -126), (136, -92), 24)
TRAGEDY_MOUTH = bezier((-112, 150), (-70, 60), (70, 60), (112, 150), 32) + bezier(
    (112, 150), (70, 116), (-70, 116), (-112, 150), 32
)


def draw_tragedy_mask(c: Canvas) -> None:
    mp = Place(c.width / 2, c.height / 2 - 6, THEATRE_SCALE)
    for side in (-1, 1):
        draw_ribbon_tie(c, mp, side, "#4f74c4", "#24407e")
    face = draw_theatre_face(c, mp, "#fbfaff", "#cfc8e2")
    for side in (-1, 1):
        cheek = c.ellipse(mp.p(side * 112, 40), mp.d(40), mp.d(30))
        c.glow(cheek, "#b9b4e8", mp.d(14), 0.45, face)
        draw_eye_hole(c, mp.ps([(side * x, y) for x, y in TRAGEDY_EYE]), face)
        brow = mp.ps([(side * x, y) for x, y in TRAGEDY_BROW])
        c.paint(c.ribbon(brow, taper(mp.d(10), mp.d(7), 0.25)), GOLD)
        c.paint(c.ribbon(brow, taper(mp.d(3), mp.d(2), 0.25)), GOLD_LIGHT, 0.8)

    mouth = c.polygon(mp.ps(TRAGEDY_MOUTH))
    c.paint(mouth, "#2e1d2a")
    c.shade(mouth, "#6b3f5a", (0, 1), mp.d(8), mp.d(5), 0.6)
    c.paint(c.stroke(mp.ps([*TRAGEDY_MOUTH, TRAGEDY_MOUTH[0]]), mp.d(6)), GOLD)

    # One painted tear under the viewer's right eye.
    drop = teardrop(0, 0, 1, 1)
    tear = mp.ps([(88 + 22 * x, -4 + 62 * y) for x, y in drop])
    body = c.polygon(tear)
    x0, y0 = mp.p(66, -4)
    x1, y1 = mp.p(110, 58)
    paint_water(c, body, (x0, y0, x1, y1), 0.8)
    glint = mp.ps(arc((82, 38), 12, 12, 160, 250, 10))
    water_glint(c, glint, mp.d(3.2), body)
    c.line(body, WATER_OUTLINE, 1.4)
    draw_gold_rim(c, mp)


# --- water -----------------------------------------------------------------------------------


def draw_teardrop(c: Canvas) -> None:
    cx, top, bottom, half = c.width / 2, 24, c.height - 32, 150
    outline = teardrop(cx, top, bottom, half)
    body = c.polygon(outline)
    paint_water(c, body, (cx - half, top, cx + half, bottom))
    # The window's reflection runs up the lit side, from the bulb into the neck.
    water_glint(c, inset(outline, 0.6, 0.83, half * 0.13), 20, body)
    c.paint(c.ellipse((cx - half * 0.32, bottom - half * 0.4), 10, 8), "#ffffff", 0.85)
    c.paint(c.ellipse((cx + half * 0.5, bottom - half * 0.62), 6), "#ffffff", 0.5)


TEAR_EYES = (256 - 140, 256 + 140)  # x of each eye: the streams start under them
# One stream's centre line in (u, y): u points away from the nose, so both sides share it. The
# tears run down and then outwards, following the curve of the cheek.
TEAR_ROUTE = [(0, 30), (4, 84), (16, 146), (34, 206), (52, 266), (62, 318)]
TEAR_BEADS = {-1: (-16, 178, 10.0), 1: (0, 250, 9.0)}  # per side: (u, y, radius) of a stray bead


def draw_tear_streams(c: Canvas) -> None:
    """Two streams running down from under the eyes, swelling as they go, each into a drop."""
    for eye_x, side in zip(TEAR_EYES, (-1, 1), strict=True):
        path = catmull_rom([(eye_x + side * u, y) for u, y in TEAR_ROUTE], False, 12)
        end_x, end_y = path[-1]

        def width(t: float) -> float:
            # Narrow where it spills over the lid, fuller lower down, beads of water on the way.
            beads = 0.16 * math.exp(-(((t - 0.36) / 0.08) ** 2)) + 0.2 * math.exp(
                -(((t - 0.7) / 0.08) ** 2)
            )
            return lerp(22, 44, t**0.8) * (1 + beads)

        drop_outline = teardrop(end_x, end_y - 80, end_y + 56, 34)
        head = c.ellipse(path[0], 13, 10)
        body = union(head, c.ribbon(path, width), c.polygon(drop_outline))
        paint_water(c, body, (end_x - 60, 18, end_x + 50, end_y + 56))
        glint = [(x - width(i / (len(path) - 1)) * 0.2, y) for i, (x, y) in enumerate(path)]
        water_glint(c, glint[3:26], 5.5, body)
        water_glint(c, glint[34:-8], 6.5, body)
        water_glint(c, inset(drop_outline, 0.62, 0.8, 7), 8, body)
        c.paint(c.ellipse((end_x + 14, end_y + 30), 3.5), "#ffffff", 0.7)

        u, y, radius = TEAR_BEADS[side]
        centre = (eye_x + side * u, y)
        bead = c.ellipse(centre, radius, radius * 1.1)
        paint_water(c, bead, (centre[0] - radius, y - radius, centre[0] + radius, y + radius))
        c.paint(c.ellipse((centre[0] - radius * 0.35, y - radius * 0.4), radius * 0.3), "#ffffff")


SWEAT_TILT = 16.0  # degrees: the anime sweat drop leans off the side of a head


def draw_sweat_drop(c: Canvas) -> None:
    """The anime sweat drop: flat and pale, with its one bright stripe down the light side."""
    pl = Place(c.width / 2 + 8, c.height / 2 + 8, 1.0, SWEAT_TILT)
    outline = pl.ps(teardrop(0, -226, 210, 112))
    body = c.polygon(outline)
    c.paint(body, "#a6dff8")
    c.paint_gradient(body, "#dff5ff", "#8fd2f4", vertical(40, c.height - 40), 0.9)
    # Anime shading: one hard-edged darker band on the far side, no soft modelling.
    far = minus(body, c.shift(body, -24, -6))
    c.paint(far, "#5fb3e6", 0.85)
    stripe = inset(outline, 0.62, 0.9, 26)
    c.paint(multiply(c.ribbon(stripe, swell(26)), body), "#ffffff")
    spot = inset(outline, 0.55, 0.58, 40)
    c.paint(c.ellipse(spot[0], 10), "#ffffff")


# --- tissue box ------------------------------------------------------------------------------

BOX_ORIGIN: Point = (48, 262)  # the front face's top-left corner
BOX_WIDTH, BOX_HEIGHT = 300.0, 188.0
BOX_DEPTH: Point = (112.0, -76.0)  # the receding edge of the top, in oblique projection
BOX_COLOR, BOX_SHADOW, BOX_LIGHT = "#7fc6c0", "#3f8f8c", "#c4ede7"
TISSUE_SHADE = "#c9d5e0"


def on_top(u: float, v: float) -> Point:
    """A point of the box's top face: u along the front edge, v back into the depth, 0..1."""
    return BOX_ORIGIN[0] + u * BOX_WIDTH + v * BOX_DEPTH[0], BOX_ORIGIN[1] + v * BOX_DEPTH[1]


def on_side(v: float, w: float) -> Point:
    """A point of the right face: v back into the depth, w down, 0..1."""
    x, y = on_top(1, v)
    return x, y + w * BOX_HEIGHT


def on_front(u: float, w: float) -> Point:
    return BOX_ORIGIN[0] + u * BOX_WIDTH, BOX_ORIGIN[1] + w * BOX_HEIGHT


def box_dots(c: Canvas, face: Callable[[float, float], Point], cols: int, rows: int) -> Mask:
    """Polka dots printed on one face, drawn in the face's own perspective."""
    dots = c.blank()
    for row in range(rows):
        for col in range(cols):
            a = (col + (0.75 if row % 2 else 0.25)) / cols
            b = (row + 0.5) / rows
            ring = [
                face(a + 0.022 * math.cos(t) * 10 / cols, b + 0.09 * math.sin(t) * 3 / rows)
                for t in (2 * math.pi * k / 20 for k in range(20))
            ]
            dots = union(dots, c.polygon(ring))
    return dots


def draw_tissue_box(c: Canvas) -> None:
    front = c.polygon([on_front(0, 0), on_front(1, 0), on_front(1, 1), on_front(0, 1)])
    side = c.polygon([on_side(0, 0), on_side(1, 0), on_side(1, 1), on_side(0, 1)])
    top = c.polygon([on_top(0, 0), on_top(1, 0), on_top(1, 1), on_top(0, 1)])

    c.paint_gradient(front, BOX_COLOR, mix(BOX_COLOR, BOX_SHADOW, 0.35), vertical(262, 450))
    c.paint(multiply(box_dots(c, on_front, 6, 4), front), "#ffffff", 0.8)
    c.shade(front, BOX_SHADOW, (0, 1), 18, 14, 0.35)
    c.paint_gradient(side, mix(BOX_COLOR, BOX_SHADOW, 0.45), BOX_SHADOW, vertical(186, 450))
    c.paint(multiply(box_dots(c, on_side, 2, 4), side), "#e6f4f2", 0.55)
    c.paint_gradient(top, BOX_LIGHT, mix(BOX_LIGHT, BOX_COLOR, 0.5), vertical(186, 262))

    slot_ring = [
        on_top(0.5 + 0.3 * math.cos(t), 0.5 + 0.26 * math.sin(t))
        for t in (2 * math.pi * k / 72 for k in range(72))
    ]
    slot = c.polygon(slot_ring)
    c.paint(slot, "#2d5653")
    c.shade(slot, "#16302e", (0, -1), 8, 5, 0.8)
    c.line(slot, "#2a4d4a", 1.2)

    tissue = draw_tissue(c, multiply(union(front, side, top), ImageChops.invert(slot)))
    c.cast_shadow(tissue, top, (10, 8), 8, BOX_SHADOW, 0.45)

    for face in (front, side, top):
        c.line(face, mix(BOX_SHADOW, "#000000", 0.25), 1.3, 0.8)
    # The top's front edge catches the light.
    c.paint(c.stroke([on_top(0.01, 0.02), on_top(0.99, 0.02)], 2.2), "#ffffff", 0.6)
    c.paint(c.stroke([on_top(1, 0.03), on_top(1, 0.97)], 1.6), "#ffffff", 0.4)


# Pinched in the slot, billowing out above it: one corner standing up, the other flopping over.
TISSUE = [
    (222, 250),
    (218, 224),
    (196, 182),
    (172, 138),
    (160, 98),
    (168, 62),
    (194, 26),
    (212, 44),
    (238, 64),
    (272, 74),
    (306, 74),
    (334, 86),
    (322, 112),
    (306, 150),
    (296, 196),
    (292, 226),
    (288, 250),
]
TISSUE_FOLDS = [
    [(240, 220), (210, 160), (192, 100), (194, 46)],
    [(256, 218), (250, 160), (252, 96)],
    [(270, 220), (288, 160), (312, 100)],
]


def draw_tissue(c: Canvas, box_in_front: Mask) -> Mask:
    """A tissue standing up out of the slot, soft folds running down into the pinch."""
    sheet = minus(c.shape(TISSUE), box_in_front)
    c.paint_gradient(sheet, "#ffffff", "#eaf0f6", vertical(30, 240))
    c.shade(sheet, TISSUE_SHADE, (1, 0.3), 26, 20, 0.85)
    c.shade(sheet, TISSUE_SHADE, (0, 1), 22, 16, 0.5)
    for fold in TISSUE_FOLDS:
        curve = catmull_rom(fold, False, 10)
        valley = c.ribbon(curve, taper(4, 1.5, 0.3))
        c.paint(multiply(c.blur(valley, 2.5), sheet), TISSUE_SHADE, 0.95)
        ridge = c.ribbon([(x - 5, y) for x, y in curve], taper(3, 1, 0.3))
        c.paint(multiply(c.blur(ridge, 1.5), sheet), "#ffffff", 0.9)
    c.line(sheet, "#aebccb", 1.4)
    return sheet


# --- hearts ----------------------------------------------------------------------------------

HEART_RED, HEART_LIGHT, HEART_DARK, HEART_OUTLINE = "#ee3b5b", "#ff8fa3", "#b0183a", "#6e0c22"


def heart_outline(cx: float, cy: float, scale: float) -> list[Point]:
    """The classic heart curve, x = 16 sin^3 t, y = 13 cos t - 5 cos 2t - 2 cos 3t - cos 4t."""
    out = []
    for i in range(180):
        t = 2 * math.pi * i / 180
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        out.append((cx + scale * x, cy - scale * y))
    return out


def paint_heart(c: Canvas, cx: float, cy: float, scale: float) -> Mask:
    body = c.polygon(heart_outline(cx, cy, scale))
    left, right = cx - 16 * scale, cx + 16 * scale
    top, bottom = cy - 12 * scale, cy + 17 * scale
    c.paint_gradient(
        body, HEART_LIGHT, HEART_RED, radial((cx - 9 * scale, top + 4 * scale), 20 * scale)
    )
    c.paint_gradient(
        body,
        HEART_RED,
        HEART_DARK,
        radial((left, top), (right - left) * 1.1, (bottom - top) * 1.1),
        0.7,
    )
    c.shade(body, HEART_DARK, (1, 0.8), 6 * scale, 4 * scale, 0.6)
    # A puffy heart: light bounces back up into its lower edge.
    c.shade(body, HEART_LIGHT, (-0.2, 1), 1.2 * scale, 1.2 * scale, 0.35)
    lobe = arc((cx - 8 * scale, cy - 4 * scale), 5.2 * scale, 4.6 * scale, 190, 275, 16)
    c.paint(multiply(c.ribbon(lobe, taper(1.6 * scale, 1.0 * scale, 0.3)), body), "#ffffff", 0.9)
    c.paint(c.ellipse((cx - 12.2 * scale, cy + 2.2 * scale), 0.75 * scale), "#ffffff", 0.85)
    c.glow(
        c.ellipse((cx + 8 * scale, cy - 5 * scale), 3 * scale, 2 * scale),
        HEART_LIGHT,
        2 * scale,
        0.4,
        body,
    )
    c.line(body, HEART_DARK, 1.6, 0.8)
    return body


def draw_heart(c: Canvas) -> None:
    paint_heart(c, c.width / 2, c.height / 2 - 14, 14.4)


# A jagged crack down the middle, top to bottom, in the heart's own units.
CRACK = [(0, -5.0), (-1.8, -1.8), (1.8, 1.4), (-1.5, 4.8), (1.3, 8.4), (-0.4, 11.6), (0, 17.5)]


def draw_broken_heart(c: Canvas) -> None:
    """The heart drawn whole, cut along a crack, its halves tipped apart from the point."""
    scale, cx, cy = 13.0, c.width / 2, c.height / 2 - 12
    whole = Canvas(c.width, c.height)
    paint_heart(whole, cx, cy, scale)
    crack = [(cx + scale * x, cy + scale * y) for x, y in CRACK]
    # On past the heart to the work image's edges, so the two halves cover everything.
    top, bottom = -PAD, c.height + PAD
    left = whole.polygon([(-PAD, top), (cx, top), *crack, (cx, bottom), (-PAD, bottom)])
    tip = whole.work(cx, cy + 17 * scale)
    for half, angle, dx in ((left, 5.0, -9), (ImageChops.invert(left), -5.0, 9)):
        piece = whole.image.copy()
        piece.putalpha(multiply(piece.getchannel("A"), half))
        # A darker lip along the break, so each half reads as a solid piece.
        lip = Image.new("RGBA", c.size, rgba(HEART_DARK))
        lip.putalpha(multiply(whole.edge(half, 2.4), piece.getchannel("A")))
        piece.alpha_composite(lip)
        turned = piece.rotate(angle, Image.Resampling.BICUBIC, center=tip, translate=(dx * SS, 0))
        c.image.alpha_composite(turned)


# --- bubbles ---------------------------------------------------------------------------------

INK = "#1f2733"
PAPER, PAPER_SHADE = "#ffffff", "#dfe6ef"


def paint_bubble(c: Canvas, body: Mask, top: float, bottom: float) -> None:
    c.paint_gradient(body, PAPER, "#f1f5f9", vertical(top, bottom))
    c.shade(body, PAPER_SHADE, (0.7, 1), 22, 18, 0.9)
    c.shade(body, "#ffffff", (-0.6, -1), 8, 6, 0.8)
    c.line(body, INK, 3.2)


SPEECH_CENTRE: Point = (256, 176)
SPEECH_RADII: Point = (224, 142)
SPEECH_TEXT: Box = (100, 98, 412, 254)  # the blank room inside, in drawing pixels


def draw_speech_bubble(c: Canvas) -> None:
    (cx, cy), (rx, ry) = SPEECH_CENTRE, SPEECH_RADII
    oval = c.ellipse((cx, cy), rx, ry)
    # The tail leaves the oval's lower left and curls towards the speaker.
    tail = bezier((150, 290), (150, 330), (120, 366), (84, 388), 20) + bezier(
        (84, 388), (150, 378), (196, 344), (222, 300), 20
    )
    body = union(oval, c.polygon(tail))
    paint_bubble(c, body, cy - ry, 390)


THOUGHT_CENTRE: Point = (270, 160)
THOUGHT_RADII: Point = (200, 120)
THOUGHT_TEXT: Box = (120, 90, 420, 232)
THOUGHT_PUFFS = [(60, 330, 22), (30, 384, 13)]  # x, y, radius: the trail down to the thinker


def draw_thought_bubble(c: Canvas) -> None:
    (cx, cy), (rx, ry) = THOUGHT_CENTRE, THOUGHT_RADII
    # A cloud: an oval with a ring of round bumps, the bumps alternating in size.
    bumps = []
    for i in range(11):
        a = 2 * math.pi * (i + 0.3) / 11
        r = 58 if i % 2 else 48
        bumps.append(c.ellipse((cx + (rx - 26) * math.cos(a), cy + (ry - 22) * math.sin(a)), r))
    cloud = union(c.ellipse((cx, cy), rx - 20, ry - 16), *bumps)
    paint_bubble(c, cloud, cy - ry - 30, cy + ry + 30)
    for x, y, r in THOUGHT_PUFFS:
        puff = c.ellipse((x, y), r)
        paint_bubble(c, puff, y - r, y + r)


# --- rain cloud ------------------------------------------------------------------------------


def draw_rain_cloud(c: Canvas) -> None:
    """A small sad cloud raining on someone's parade."""
    lobes = [(150, 170, 78), (248, 126, 100), (352, 164, 84), (420, 206, 58), (88, 214, 54)]
    # A broad, nearly flat belly under the round lobes.
    cloud = union(*(c.ellipse((x, y), r) for x, y, r in lobes), c.ellipse((256, 228), 186, 36))
    rng = random.Random(7)  # fixed: the drops fall the same way every run
    for i, x in enumerate(range(126, 420, 48)):
        y = 300 + (i % 2) * 46 + rng.uniform(-10, 10)
        drop = c.polygon(teardrop(x, y, y + 54, 13))
        paint_water(c, drop, (x - 13, y, x + 13, y + 54), 0.7)
        c.paint(c.ellipse((x - 4, y + 36), 3), "#ffffff", 0.9)
    c.paint_gradient(cloud, "#eef1f6", "#9aa6b8", vertical(40, 270))
    c.shade(cloud, "#7b879b", (0.6, 1), 26, 20, 0.8)
    c.glow(c.ellipse((214, 96), 90, 40), "#ffffff", 24, 0.7, cloud)
    # A glum little face makes it a mood rather than a weather report.
    for side in (-1, 1):
        c.paint(c.ellipse((256 + side * 46, 184), 8, 10), "#3b4352")
        c.paint(c.ellipse((256 + side * 46 - 3, 180), 2.6), "#ffffff", 0.9)
        brow = [(256 + side * 30, 158), (256 + side * 62, 168)]  # raised in the middle: worried
        c.paint(c.stroke(brow, 5), "#3b4352")
    c.paint(c.stroke(arc((256, 234), 26, 14, 200, 340, 12), 5), "#3b4352")
    c.glow(c.ellipse((256 - 84, 206), 20, 12), "#c7b7e3", 8, 0.55, cloud)
    c.glow(c.ellipse((256 + 84, 206), 20, 12), "#c7b7e3", 8, 0.55, cloud)
    c.line(cloud, "#6c778a", 1.6, 0.8)


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sticker:
    id: str
    name: str
    canvas: tuple[int, int]  # the drawing's own space; the finished sticker is framed from it
    keywords: tuple[str, ...]
    draw: Callable[[Canvas], None]
    outline: str  # the silhouette's thin darker edge
    text_box: Box | None = None  # blank room for a caption, in drawing pixels
    outline_width: float = 2.6
    face_box: Box | None = None  # a mask's part that covers the face, in drawing pixels


def bounds(points: Sequence[Point]) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


STICKERS = (
    Sticker(
        "surgical-mask",
        "Surgical mask",
        (512, 320),
        ("mask", "face mask", "surgical", "medical", "pleats", "ear loops", "pandemic"),
        draw_surgical_mask,
        SURGICAL_OUTLINE,
        face_box=bounds(Place(256, 22).ps(SURGICAL_BODY)),
    ),
    Sticker(
        "cloth-mask",
        "Cloth mask",
        (512, 320),
        ("mask", "face mask", "cloth", "cotton", "polka dots", "pattern", "pandemic"),
        draw_cloth_mask,
        "#151e36",
        face_box=bounds(Place(256, 14).ps(CLOTH_BODY)),
    ),
    Sticker(
        "comedy-mask",
        "Smiling theatre mask",
        (480, 512),
        ("theatre mask", "comedy", "smile", "happy", "brave face", "fake smile", "drama"),
        draw_comedy_mask,
        "#5a3d14",
    ),
    Sticker(
        "tragedy-mask",
        "Sad theatre mask",
        (480, 512),
        ("theatre mask", "tragedy", "sad", "frown", "crying", "drama"),
        draw_tragedy_mask,
        "#3c3358",
    ),
    Sticker(
        "teardrop",
        "Big tear drop",
        (352, 512),
        ("tear", "teardrop", "drop", "crying", "sad", "water"),
        draw_teardrop,
        WATER_OUTLINE,
    ),
    Sticker(
        "tear-streams",
        "Tear streams",
        (512, 420),
        ("tears", "streams", "crying", "sobbing", "under the eyes", "pair"),
        draw_tear_streams,
        WATER_OUTLINE,
    ),
    Sticker(
        "sweat-drop",
        "Sweat drop",
        (360, 512),
        ("sweat", "drop", "anime", "nervous", "awkward", "embarrassed"),
        draw_sweat_drop,
        "#1d5f95",
        outline_width=4.0,  # anime line art: bolder than the rest
    ),
    Sticker(
        "tissue-box",
        "Tissue box",
        (512, 480),
        ("tissues", "tissue box", "kleenex", "crying", "comfort", "allergies"),
        draw_tissue_box,
        "#1f4a48",
    ),
    Sticker(
        "heart",
        "Heart",
        (512, 460),
        ("heart", "love", "care", "support", "kindness"),
        draw_heart,
        HEART_OUTLINE,
    ),
    Sticker(
        "broken-heart",
        "Broken heart",
        (512, 460),
        ("broken heart", "heartbreak", "sad", "grief", "loss"),
        draw_broken_heart,
        HEART_OUTLINE,
    ),
    Sticker(
        "speech-bubble",
        "Speech bubble",
        (512, 400),
        ("speech bubble", "talk", "says", "caption", "comic", "blank"),
        draw_speech_bubble,
        INK,
        SPEECH_TEXT,
    ),
    Sticker(
        "thought-bubble",
        "Thought bubble",
        (512, 420),
        ("thought bubble", "thinks", "inner voice", "caption", "comic", "blank"),
        draw_thought_bubble,
        INK,
        THOUGHT_TEXT,
    ),
    Sticker(
        "rain-cloud",
        "Rain cloud",
        (512, 420),
        ("rain", "cloud", "gloomy", "sad", "bad day", "weather"),
        draw_rain_cloud,
        "#3f4758",
    ),
)


def render(sticker: Sticker) -> Framed:
    canvas = Canvas(*sticker.canvas)
    sticker.draw(canvas)
    return frame(canvas.finish(sticker.outline, sticker.outline_width))


def catalogue_entry(sticker: Sticker, framed: Framed) -> dict[str, object]:
    record: dict[str, object] = {
        "id": sticker.id,
        "name": sticker.name,
        "file": f"{sticker.id}.png",
        "size": list(framed.image.size),
        "keywords": list(sticker.keywords),
    }
    for key, box in (("text_box", sticker.text_box), ("face_box", sticker.face_box)):
        if box is not None:
            left, top, right, bottom = box
            corners = (*framed.fraction(left, top), *framed.fraction(right, bottom))
            record[key] = [round(value, 4) for value in corners]
    return record


# --- looking at the results ------------------------------------------------------------------


def fake_photo(size: tuple[int, int], dark: bool, seed: int) -> Image.Image:
    """A stand-in for a user's photo: out-of-focus colour blobs over a gradient, and grain."""
    rng = random.Random(seed)
    width, height = size
    top, bottom = ("#2b3340", "#5a4a3c") if dark else ("#e9d8c4", "#9fb4c8")
    gradient = Image.linear_gradient("L").resize(size)
    photo = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(photo)
    for _ in range(16):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(20, 120)
        low, high = (30, 130) if dark else (110, 250)
        color = tuple(rng.randrange(low, high) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
    photo = photo.filter(ImageFilter.GaussianBlur(max(width, height) / 40))
    noise = Image.effect_noise(size, 40).convert("RGB")
    return Image.blend(photo, noise, 0.05)


def on_photo(image: Image.Image, long_side: int, dark: bool) -> Image.Image:
    scale = long_side / max(image.size)
    small = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.Resampling.LANCZOS,
    )
    margin = max(24, long_side // 8)
    photo = fake_photo((small.width + 2 * margin, small.height + 2 * margin), dark, long_side)
    photo = photo.convert("RGBA")
    photo.alpha_composite(small, (margin, margin))
    return photo.convert("RGB")


def write_previews(images: dict[str, Image.Image], folder: Path) -> None:
    """Each sticker on a light and a dark fake photo at 512 and 160 px, and a contact sheet."""
    folder.mkdir(parents=True, exist_ok=True)
    for sticker_id, image in images.items():
        for long_side in (512, 160):
            pair = [on_photo(image, long_side, dark) for dark in (False, True)]
            sheet = Image.new("RGB", (pair[0].width * 2, pair[0].height))
            sheet.paste(pair[0], (0, 0))
            sheet.paste(pair[1], (pair[0].width, 0))
            sheet.save(folder / f"{sticker_id}-{long_side}.png")
    tiles = [on_photo(image, 160, i % 2 == 1) for i, image in enumerate(images.values())]
    tile = max(t.width for t in tiles), max(t.height for t in tiles)
    cols = 5
    rows = math.ceil(len(tiles) / cols)
    sheet = Image.new("RGB", (tile[0] * cols, tile[1] * rows), "#808080")
    for i, t in enumerate(tiles):
        sheet.paste(t, ((i % cols) * tile[0], (i // cols) * tile[1]))
    sheet.save(folder / "all-160.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=OUT_DIR, help="where to write (default: %(default)s)"
    )
    parser.add_argument("--only", action="append", help="redraw only this sticker id (repeatable)")
    parser.add_argument("--preview", type=Path, help="also write previews on fake photos here")
    args = parser.parse_args()
    known = [sticker.id for sticker in STICKERS]
    unknown = sorted(set(args.only or ()) - set(known))
    if unknown:
        parser.error(f"no sticker {', '.join(unknown)}; there are {', '.join(known)}")
    args.out.mkdir(parents=True, exist_ok=True)
    catalogue = args.out / CATALOGUE
    # Redrawing some stickers keeps the others' records, so --only never loses an entry.
    records = {}
    if args.only and catalogue.exists():
        records = {r["id"]: r for r in json.loads(catalogue.read_text(encoding="utf-8"))}
    images = {}
    for sticker in STICKERS:
        if args.only and sticker.id not in args.only:
            continue
        framed = render(sticker)
        image = framed.image
        path = args.out / f"{sticker.id}.png"
        image.save(path, optimize=True)
        records[sticker.id] = catalogue_entry(sticker, framed)
        images[sticker.id] = image
        print(f"{path}: {image.width}x{image.height}, {path.stat().st_size // 1024} KiB")
    ordered = [records[i] for i in known if i in records]
    catalogue.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.preview:
        write_previews(images, args.preview)


if __name__ == "__main__":
    main()
