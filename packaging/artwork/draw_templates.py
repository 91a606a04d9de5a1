"""Draw maskmeme's built-in template pictures and write their catalogue.

    .venv/bin/python packaging/artwork/draw_templates.py              # resources/templates/
    .venv/bin/python packaging/artwork/draw_templates.py --out /tmp/t  # somewhere to look at

Everything is drawn here with Pillow primitives: shapes at twice the size and reduced for clean
edges, gradients for shading, blurred masks for soft shadows. No outside pictures. Each drawing
reports where it put the eyes, the tear paths and the caption room, and templates.json is written
from those same numbers, so the catalogue cannot disagree with the pictures.

The tears themselves are not drawn: the app adds them as layers. The pictures leave bare cheek
under each eye for them, and the eyes are drawn glossy and wet-lidded, ready to overflow.

A maintainer's tool: the app ships only its output. Pillow is its only dependency.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from shapes import (
    SS,
    Painter,
    Place,
    bezier,
    clamp,
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
OUT_DIR = ROOT / "resources" / "templates"

Point = tuple[float, float]
Mask = Image.Image  # mode "L", canvas-sized
Color = tuple[int, int, int, int]
Field = Callable[[float, float], float]  # (x, y) in picture pixels -> 0..1


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
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5
                    * (
                        2 * p1[k]
                        + (p2[k] - p0[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t * t
                        + (3 * p1[k] - p0[k] - 3 * p2[k] + p3[k]) * t * t * t
                    )
                    for k in (0, 1)
                )
            )
    if not closed:
        out.append(points[-1])
    return out


def ellipse_points(cx: float, cy: float, rx: float, ry: float, steps: int = 72) -> list[Point]:
    return [
        (cx + rx * math.cos(2 * math.pi * i / steps), cy + ry * math.sin(2 * math.pi * i / steps))
        for i in range(steps)
    ]


def ribbon(points: Sequence[Point], width: Callable[[float], float]) -> list[Point]:
    """A filled stroke whose width varies along the line: brows, lids, lashes, folds."""
    left, right = [], []
    last = max(len(points) - 1, 1)
    for i, ((x, y), (nx, ny)) in enumerate(zip(points, normals(points), strict=True)):
        half = width(i / last) / 2
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    return left + right[::-1]


# --- the canvas ------------------------------------------------------------------------------


class Art(Painter):
    """A picture being drawn. Coordinates are output pixels; the work happens at SS times that."""

    def __init__(self, width: int, height: int, background: str) -> None:
        self.width, self.height = width, height
        self.size = (width * SS, height * SS)
        self.image = Image.new("RGBA", self.size, rgba(background))

    # masks

    def polygon(self, points: Sequence[Point]) -> Mask:
        mask = self.blank()
        ImageDraw.Draw(mask).polygon([(x * SS, y * SS) for x, y in points], fill=255)
        return mask

    def shape(self, anchors: Sequence[Point]) -> Mask:
        """A closed smooth shape through the anchors."""
        return self.polygon(catmull_rom(anchors))

    def ellipse(self, centre: Point, rx: float, ry: float | None = None) -> Mask:
        ry = rx if ry is None else ry
        cx, cy = centre
        mask = self.blank()
        box = ((cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS)
        ImageDraw.Draw(mask).ellipse(box, fill=255)
        return mask

    def stroke(self, points: Sequence[Point], width: float) -> Mask:
        mask = self.blank()
        draw = ImageDraw.Draw(mask)
        scaled = [(x * SS, y * SS) for x, y in points]
        draw.line(scaled, fill=255, width=max(1, round(width * SS)), joint="curve")
        radius = width * SS / 2
        for x, y in (scaled[0], scaled[-1]):
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        return mask

    def ribbon(self, points: Sequence[Point], width: Callable[[float], float]) -> Mask:
        return self.polygon(ribbon(points, width))

    def field(self, fn: Field, step: int = 4) -> Mask:
        """A smooth 0..1 field sampled on a coarse grid and scaled up: gradients of any shape."""
        cols, rows = math.ceil(self.width / step), math.ceil(self.height / step)
        values = [
            round(255 * clamp(fn((c + 0.5) * step, (r + 0.5) * step)))
            for r in range(rows)
            for c in range(cols)
        ]
        small = Image.new("L", (cols, rows))
        small.putdata(values)
        big = small.resize((cols * step * SS, rows * step * SS), Image.Resampling.BILINEAR)
        return big.crop((0, 0, *self.size))

    # paint

    def cast_shadow(
        self,
        mask: Mask,
        onto: Mask,
        offset: Point,
        softness: float,
        color: str = "#2a1a1a",
        opacity: float = 0.35,
    ) -> None:
        """A soft shadow of `mask`, moved by `offset`, falling only on `onto`."""
        shadow = self.blur(self.shift(mask, *offset), softness)
        self.paint(multiply(shadow, onto), color, opacity)

    def finish(self) -> Image.Image:
        return self.image.convert("RGB").resize((self.width, self.height), Image.Resampling.LANCZOS)


# --- placing a drawing -----------------------------------------------------------------------


# --- what a drawing reports for the catalogue ------------------------------------------------


@dataclass
class Tear:
    side: str  # the picture's side, as the viewer sees it
    eye: Point  # picture pixels, where the tear starts
    path: list[Point]  # picture pixels, from the eye
    width: float  # picture pixels


@dataclass
class Drawing:
    image: Image.Image
    tears: list[Tear]
    slots: dict[str, tuple[float, float, float, float]]  # id -> left, top, right, bottom, canvas px
    band: tuple[float, float] | None = None  # heights in picture pixels of the added strips


def edge_x(outline: Sequence[Point], y: float, side: int) -> float | None:
    """Where a closed outline is crossed at height y: its leftmost (side -1) or rightmost x."""
    crossings = [
        x0 + (x1 - x0) * (y - y0) / (y1 - y0)
        for (x0, y0), (x1, y1) in zip(outline, [*outline[1:], outline[0]], strict=True)
        if y0 != y1 and min(y0, y1) <= y <= max(y0, y1)
    ]
    if not crossings:
        return None
    return max(crossings) if side > 0 else min(crossings)


def tear_along(place: Place, side: str, route: Sequence[Point], width: float) -> Tear:
    """A tear from the first route point down the others, all in the drawing's own units."""
    smooth = catmull_rom(route, closed=False, steps=3)
    eye = place.p(*route[0])
    path = [(x - eye[0], y - eye[1]) for x, y in place.ps(smooth)]
    return Tear(side=side, eye=eye, path=path, width=place.d(width))


# --- a person --------------------------------------------------------------------------------
# Drawn in its own units: the origin is between the eyes, a head is about 500 wide and 675 tall.

HEAD = symmetric(
    [
        (0, -325),
        (150, -302),
        (226, -210),
        (250, -90),
        (252, 10),
        (238, 118),
        (204, 226),
        (148, 302),
        (66, 342),
        (0, 350),
    ]
)
EAR = [(236, -10), (262, -24), (286, -2), (292, 52), (282, 104), (262, 132), (238, 126)]
NECK = [(-96, 170), (96, 170), (104, 330), (120, 450), (-120, 450), (-104, 330)]
TORSO = symmetric(
    [
        (0, 398),
        (120, 384),
        (210, 404),
        (330, 446),
        (418, 506),
        (462, 596),
        (482, 700),
        (490, 820),
        (0, 820),
    ]
)

EYE_DX = 114.0  # from the face's centre line to each eye's centre
EYE_SCALE = 1.14  # the eye's own units to the person's: big eyes read at thumbnail size
# One eye in its own (u, v): u points away from the nose, so both eyes share these numbers.
EYE_INNER: Point = (-60.0, 0.0)
EYE_OUTER: Point = (62.0, 8.0)  # lower than the inner corner: the eyes droop, they look sad
UPPER_LID = bezier(EYE_INNER, (-36, -40), (24, -40), EYE_OUTER)
LOWER_LID = bezier(EYE_OUTER, (34, 30), (-30, 27), EYE_INNER)
LOWER_RIM = bezier((60, 10), (34, 34), (-30, 31), (-56, 4))
IRIS_CENTRE: Point = (-3.0, -6.0)  # a little up and in: a pleading look under a heavy lid
IRIS_RADIUS = 28.0
# Inner ends raised and pulled together: the sad brow.
BROW = [(-62, -120), (-28, -111), (22, -94), (80, -62)]
TEAR_START_V = 33.0  # just under the lower lid
TEAR_WIDTH = 20.0  # a stream about a sixth of the eye's width


@dataclass(frozen=True)
class Look:
    skin: str
    skin_shadow: str
    skin_light: str
    blush: str
    hair: str
    hair_light: str
    hair_dark: str
    iris: str
    iris_light: str
    brow: str
    top: str  # the clothes
    top_shadow: str
    hair_style: str = "bob"  # "bob", "short" or "curls"
    outfit: str = "crew"  # "crew" or "hoodie"


def eye_point(side: int, u: float, v: float) -> Point:
    """An eye's own (u, v) in the person's units; side is -1 (viewer's left) or 1."""
    return side * (EYE_DX + u * EYE_SCALE), v * EYE_SCALE


def cheek_tears(pl: Place, route: Sequence[Point], width: float = TEAR_WIDTH) -> list[Tear]:
    """Both eyes' tears from one route in an eye's own (u, v): u outwards, so it mirrors."""
    return [
        tear_along(
            pl, "left" if side < 0 else "right", [eye_point(side, u, v) for u, v in route], width
        )
        for side in (-1, 1)
    ]


def draw_body(art: Art, pl: Place, look: Look) -> dict[str, Mask]:
    """Neck, clothes, ears and the bare head; returns the masks later layers clip to."""
    head = art.shape(pl.ps(HEAD))
    neck = art.polygon(pl.ps(catmull_rom(NECK)))
    torso = art.shape(pl.ps(TORSO))

    if look.outfit == "hoodie":
        draw_hood_back(art, pl, look)
    art.paint(neck, mix(look.skin, look.skin_shadow, 0.2))
    art.shade(neck, look.skin_shadow, (1, 0), pl.d(40), pl.d(24), 0.6)
    art.cast_shadow(head, neck, (0, pl.d(34)), pl.d(16), look.skin_shadow, 0.45)

    top_y = pl.p(0, 380)[1]
    art.paint_gradient(torso, look.top, look.top_shadow, vertical(top_y, top_y + pl.d(520)))
    art.shade(torso, look.top_shadow, (1, 0.2), pl.d(60), pl.d(50), 0.7)
    art.shade(torso, mix(look.top, "#ffffff", 0.35), (-0.6, -1), pl.d(14), pl.d(14), 0.5)
    if look.outfit == "hoodie":
        draw_hood_front(art, pl, look, torso)
    else:
        collar = catmull_rom([(-142, 384), (-70, 404), (0, 410), (70, 404), (142, 384)], False, 8)
        art.paint(multiply(art.stroke(pl.ps(collar), pl.d(30)), torso), look.top_shadow, 0.55)
        art.paint(multiply(art.stroke(pl.ps(collar), pl.d(8)), torso), look.top_shadow, 0.5)
    art.cast_shadow(union(head, neck), torso, (pl.d(10), pl.d(30)), pl.d(22), "#1d1420", 0.35)

    ears = []
    for side in (-1, 1):
        ear = art.shape(pl.ps([(side * x, y) for x, y in EAR]))
        art.paint(ear, mix(look.skin, look.skin_shadow, 0.15))
        art.shade(ear, look.skin_shadow, (side, 0.3), pl.d(16), pl.d(10), 0.55)
        fold = catmull_rom([(side * x, y) for x, y in [(254, 8), (274, 28), (276, 78), (258, 110)]])
        art.paint(art.stroke(pl.ps(fold[: len(fold) // 2]), pl.d(7)), look.skin_shadow, 0.55)
        ears.append(ear)

    art.paint_gradient(
        head,
        look.skin,
        mix(look.skin, look.skin_shadow, 0.3),
        vertical(pl.p(0, -325)[1], pl.p(0, 350)[1]),
    )
    art.shade(head, look.skin_shadow, (1, 0.25), pl.d(70), pl.d(45), 0.55)
    art.shade(head, look.skin_shadow, (-1, 0.1), pl.d(26), pl.d(22), 0.35)
    art.glow(
        art.ellipse(pl.p(-80, -170), pl.d(120), pl.d(80)), look.skin_light, pl.d(45), 0.5, head
    )
    return {"head": head, "neck": neck, "torso": torso, "ears": union(*ears)}


def draw_hood_back(art: Art, pl: Place, look: Look) -> None:
    """The inside of the hood, standing up behind the neck."""
    inside = art.shape(
        pl.ps(symmetric([(0, 236), (126, 244), (204, 290), (244, 370), (250, 450), (0, 450)]))
    )
    art.paint(inside, mix(look.top_shadow, "#000000", 0.25))
    art.shade(inside, mix(look.top, look.top_shadow, 0.4), (0, -1), pl.d(14), pl.d(10), 0.8)


def draw_hood_front(art: Art, pl: Place, look: Look, torso: Mask) -> None:
    """The hood's edge round the neckline and two drawstrings: a hoodie even at thumbnail size."""
    roll = catmull_rom(
        [(-250, 370), (-200, 432), (-100, 468), (0, 478), (100, 468), (200, 432), (250, 370)],
        False,
        10,
    )
    band = art.ribbon(pl.ps(roll), taper(pl.d(44), pl.d(44), 0.2))
    art.cast_shadow(band, torso, (pl.d(6), pl.d(18)), pl.d(14), "#1d1420", 0.4)
    art.paint(band, mix(look.top, look.top_shadow, 0.25))
    art.shade(band, look.top_shadow, (0, 1), pl.d(22), pl.d(14), 0.7)
    art.shade(band, mix(look.top, "#ffffff", 0.3), (0, -1), pl.d(10), pl.d(8), 0.5)
    for side in (-1, 1):
        cord = pl.ps(catmull_rom([(side * 50, 480), (side * 58, 570), (side * 52, 660)], False, 10))
        art.cast_shadow(
            art.stroke(cord, pl.d(10)), torso, (pl.d(4), pl.d(8)), pl.d(4), "#1d1420", 0.35
        )
        art.paint(art.stroke(cord, pl.d(10)), "#f4efe6")
        art.shade(art.stroke(cord, pl.d(10)), "#b9aea0", (1, 0), pl.d(4), pl.d(2), 0.8)
        tip = pl.ps([(side * 52, 650), (side * 52, 700)])
        art.paint(art.stroke(tip, pl.d(14)), "#d9d2c6")


def draw_face(art: Art, pl: Place, look: Look, head: Mask) -> None:
    """Cheeks, the sad brows and the wet eyes."""
    for side in (-1, 1):
        cheek = art.ellipse(pl.p(side * 150, 78), pl.d(66), pl.d(40))
        art.glow(cheek, look.blush, pl.d(26), 0.45, head)
    # The bridge of the nose between the eyes, where the mask's wire will rest.
    bridge = [(14, -30), (18, 20), (22, 60)]
    art.glow(art.stroke(pl.ps(bridge), pl.d(10)), look.skin_shadow, pl.d(9), 0.35, head)
    for side in (-1, 1):
        draw_eye(art, pl, look, side, head)
        brow = [eye_point(side, u, v) for u, v in BROW]
        mask = art.ribbon(pl.ps(catmull_rom(brow, False, 10)), taper(pl.d(18), pl.d(6), 0.08))
        art.paint(mask, look.brow)
        art.shade(mask, mix(look.brow, "#ffffff", 0.25), (0, -1), pl.d(3), pl.d(2), 0.5)


def draw_eye(art: Art, pl: Place, look: Look, side: int, head: Mask) -> None:
    def at(u: float, v: float) -> Point:
        return pl.p(*eye_point(side, u, v))

    def line(points: Sequence[Point]) -> list[Point]:
        return [at(u, v) for u, v in points]

    # Crying reddens the skin round the eye and darkens the socket above it.
    art.glow(art.ellipse(at(2, 18), pl.d(86), pl.d(40)), look.blush, pl.d(16), 0.55, head)
    art.glow(art.ellipse(at(-6, -26), pl.d(82), pl.d(40)), look.skin_shadow, pl.d(18), 0.4, head)

    # The wet pink rim of the lower lid, under the white of the eye.
    rim = art.stroke(line(LOWER_RIM), pl.d(8))
    art.paint(rim, mix(look.blush, "#d9776f", 0.5), 0.9)

    white = art.polygon(line(UPPER_LID + LOWER_LID))
    art.paint(white, "#f9f5f2")
    art.shade(white, "#b49a92", (0, 1), pl.d(10), pl.d(8), 0.35)

    iris_x, iris_y = at(*IRIS_CENTRE)
    iris_disc = art.ellipse((iris_x, iris_y), pl.d(IRIS_RADIUS))
    iris = multiply(iris_disc, white)
    art.paint_gradient(
        iris, look.iris_light, look.iris, radial((iris_x, iris_y + pl.d(8)), pl.d(IRIS_RADIUS))
    )
    ring = minus(iris_disc, art.ellipse((iris_x, iris_y), pl.d(IRIS_RADIUS - 4)))
    art.paint(multiply(art.blur(ring, pl.d(1)), white), mix(look.iris, "#000000", 0.55), 0.9)
    art.paint(multiply(art.ellipse((iris_x, iris_y), pl.d(12)), white), "#1b1311")
    # The heavy upper lid shades the top of the eye.
    art.shade(white, "#4a2e27", (0, -1), pl.d(14), pl.d(7), 0.55)

    # Wet: a line of light along the lower lid and a glint on its rim.
    gloss = bezier((50, 8), (30, 22), (-26, 20), (-50, 4), 24)
    art.paint(multiply(art.stroke(line(gloss), pl.d(3.5)), white), "#ffffff", 0.6)
    glint = bezier((44, 16), (26, 31), (-22, 29), (-40, 12), 24)
    art.paint(art.stroke(line(glint), pl.d(2.2)), "#ffffff", 0.85)
    shine = art.ellipse((iris_x, iris_y + pl.d(15)), pl.d(17), pl.d(6))
    art.paint(multiply(art.blur(shine, pl.d(2)), iris), "#ffffff", 0.45)
    # Highlights sit the same way in both eyes: the light comes from the upper left.
    for dx, dy, radius, opacity in ((-9, -12, 8.5, 0.95), (10, 9, 3.6, 0.85)):
        spot = art.ellipse((iris_x + pl.d(dx), iris_y + pl.d(dy)), pl.d(radius))
        art.paint(multiply(spot, white), "#ffffff", opacity)
    # A tear welling up in the inner corner.
    bead = art.ellipse(at(-50, 7), pl.d(7), pl.d(5))
    art.paint(bead, "#d8ecf6", 0.65)
    art.paint(art.ellipse(at(-52, 5), pl.d(2.6)), "#ffffff", 0.95)

    # The lid line thickens outwards and ends in a small downward flick: lashes, read as one.
    lid_line = [*UPPER_LID, (72, 16)]
    art.paint(art.ribbon(line(lid_line), taper(pl.d(3), pl.d(10), 0.06)), "#2a1916")
    crease = bezier((-40, -36), (-14, -56), (32, -54), (66, -20), 24)
    art.paint(art.ribbon(line(crease), taper(pl.d(2), pl.d(4))), look.skin_shadow, 0.85)
    under = bezier((58, 20), (36, 44), (-20, 44), (-44, 22), 24)
    art.paint(art.ribbon(line(under), taper(pl.d(1), pl.d(3))), look.skin_shadow, 0.5)


def draw_hair_back(art: Art, pl: Place, look: Look) -> None:
    if look.hair_style == "bob":
        outline = symmetric(
            [
                (0, -374),
                (160, -358),
                (264, -282),
                (302, -160),
                (306, -20),
                (314, 120),
                (336, 222),
                (302, 262),
                (248, 250),
                (200, 236),
                (0, 236),
            ]
        )
    elif look.hair_style == "short":
        outline = symmetric([(0, -380), (180, -350), (276, -230), (288, -90), (272, 20), (0, 20)])
    else:
        draw_curls(art, pl, look)
        return
    mask = art.shape(pl.ps(outline))
    art.paint(mask, mix(look.hair, look.hair_dark, 0.35))
    art.shade(mask, look.hair_dark, (1, 0.5), pl.d(50), pl.d(30), 0.7)
    if look.hair_style == "bob":
        # Locks falling past the ears, so the bob reads as hair and not as a helmet.
        for side in (-1, 1):
            for x0, x1, color in ((280, 300, look.hair_light), (262, 318, look.hair_dark)):
                lock = [(side * x0, -60), (side * lerp(x0, x1, 0.5), 90), (side * x1, 230)]
                stroke = art.ribbon(pl.ps(catmull_rom(lock, False, 10)), taper(pl.d(7), pl.d(2)))
                art.paint(multiply(stroke, mask), color, 0.45)


def draw_hair_front(art: Art, pl: Place, look: Look, head: Mask) -> None:
    if look.hair_style == "bob":
        outline = [
            (-268, -30),
            (-288, -160),
            (-244, -292),
            (-130, -364),
            (10, -382),
            (150, -358),
            (258, -272),
            (288, -140),
            (272, -10),
            (250, -70),
            (234, -160),
            (190, -220),
            (100, -250),
            (34, -248),
            (-30, -228),
            (-110, -190),
            (-180, -140),
            (-228, -84),
            (-250, -26),
        ]
        strands = [
            [(20, -360), (-60, -300), (-150, -220), (-230, -110)],
            [(50, -330), (-30, -270), (-120, -200), (-196, -130)],
            [(90, -340), (170, -290), (226, -200), (250, -100)],
            [(-30, -372), (-140, -320), (-220, -230), (-262, -110)],
        ]
    elif look.hair_style == "short":
        outline = [
            (-258, -30),
            (-274, -150),
            (-252, -262),
            (-176, -344),
            (-64, -390),
            (60, -398),
            (172, -368),
            (252, -294),
            (282, -190),
            (278, -70),
            (262, -10),
            (246, -80),
            (234, -170),
            (194, -222),
            (120, -240),
            (40, -236),
            (-36, -256),
            (-106, -240),
            (-176, -210),
            (-226, -152),
            (-246, -70),
        ]
        strands = [
            [(-40, -380), (40, -340), (130, -300), (210, -250)],
            [(-60, -350), (10, -300), (90, -268), (170, -236)],
            [(-60, -380), (-130, -330), (-196, -260), (-236, -170)],
            [(-40, -340), (-100, -300), (-160, -250)],
        ]
    else:
        draw_curls_hairline(art, pl, look, head)
        return
    hair = art.shape(pl.ps(outline))
    art.cast_shadow(hair, head, (pl.d(6), pl.d(18)), pl.d(12), look.skin_shadow, 0.55)
    top_y = pl.p(0, -380)[1]
    art.paint_gradient(hair, look.hair, look.hair_dark, vertical(top_y, top_y + pl.d(420)))
    art.shade(hair, look.hair_dark, (1, 0.6), pl.d(40), pl.d(26), 0.7)
    for i, strand in enumerate(strands):
        curve = pl.ps(catmull_rom(strand, False, 10))
        art.paint(multiply(art.ribbon(curve, taper(pl.d(2), pl.d(9))), hair), look.hair_light, 0.5)
        shifted = (
            [(x + 16, y + 10) for x, y in strand] if i % 2 else [(x - 12, y + 8) for x, y in strand]
        )
        dark = pl.ps(catmull_rom(shifted, False, 10))
        art.paint(multiply(art.ribbon(dark, taper(pl.d(1.5), pl.d(5))), hair), look.hair_dark, 0.4)
    art.glow(
        art.ellipse(pl.p(-90, -300), pl.d(110), pl.d(40)), look.hair_light, pl.d(30), 0.45, hair
    )


CURLS_CENTRE: Point = (0, -176)
CURLS_RADII: Point = (300, 250)
HAIRLINE = [
    (-264, -40),
    (-240, -150),
    (-172, -208),
    (-84, -232),
    (0, -238),
    (84, -232),
    (172, -208),
    (240, -150),
    (264, -40),
]


def curls_mask(art: Art, pl: Place) -> Mask:
    """A rounded cloud of curls: an ellipse with a ring of bumps round its edge."""
    (cx, cy), (rx, ry) = CURLS_CENTRE, CURLS_RADII
    bumps = [art.ellipse(pl.p(x, y), pl.d(58)) for x, y in ellipse_points(cx, cy, rx, ry, 26)]
    return union(art.polygon(pl.ps(ellipse_points(cx, cy, rx, ry))), *bumps)


def curl_texture(art: Art, pl: Place, look: Look, clip: Mask, seed: int) -> None:
    """Little C-shaped curls, the same every run: a fixed spiral (turned by `seed`), no dice."""
    (cx, cy), (rx, ry) = CURLS_CENTRE, CURLS_RADII
    for i in range(70):
        # A golden-angle spiral spreads the curls evenly over the cloud.
        radius, turn = math.sqrt((i + 0.5) / 70), i * 2.39996 + seed
        x, y = cx + rx * 1.05 * radius * math.cos(turn), cy + ry * 1.05 * radius * math.sin(turn)
        start = turn * 3
        arc = [
            (x + 20 * math.cos(start + k * 0.5), y + 20 * math.sin(start + k * 0.5))
            for k in range(8)
        ]
        curl = multiply(art.ribbon(pl.ps(arc), taper(pl.d(3), pl.d(7), 0.2)), clip)
        art.paint(curl, look.hair_light if i % 3 else look.hair_dark, 0.55)


def draw_curls(art: Art, pl: Place, look: Look) -> None:
    cloud = curls_mask(art, pl)
    art.paint_gradient(cloud, look.hair, look.hair_dark, vertical(*_ys(pl, -440, 60)))
    curl_texture(art, pl, look, cloud, 1)
    art.shade(cloud, look.hair_dark, (1, 0.6), pl.d(60), pl.d(40), 0.8)


def draw_curls_hairline(art: Art, pl: Place, look: Look, head: Mask) -> None:
    """The curls that come forward over the top of the head, with a soft bumpy hairline."""
    line = catmull_rom(HAIRLINE, False, 6)
    above = art.polygon(pl.ps([*line, (264, -600), (-264, -600)]))
    bumps = [art.ellipse(pl.p(x, y), pl.d(24)) for x, y in line[::3]]
    front = multiply(union(above, *bumps), head)
    art.cast_shadow(front, head, (pl.d(4), pl.d(16)), pl.d(12), look.skin_shadow, 0.6)
    art.paint_gradient(front, look.hair, look.hair_dark, vertical(*_ys(pl, -440, 60)))
    curl_texture(art, pl, look, front, 2)
    # One sheen over the cloud and the front together, so they read as one head of hair.
    hair = union(front, curls_mask(art, pl))
    art.glow(
        art.ellipse(pl.p(-120, -330), pl.d(130), pl.d(70)), look.hair_light, pl.d(40), 0.35, hair
    )


# --- face masks ------------------------------------------------------------------------------

SURGICAL = symmetric(
    [
        (0, 62),
        (70, 72),
        (150, 94),
        (222, 108),
        (248, 116),
        (258, 150),
        (258, 220),
        (244, 290),
        (200, 346),
        (110, 386),
        (0, 398),
    ]
)
# One elastic per side, hugging the ear from the top corner of the mask round to the bottom one.
EAR_LOOP = [
    (250, 120),
    (254, 44),
    (266, -14),
    (290, -20),
    (303, 16),
    (304, 72),
    (296, 124),
    (280, 176),
    (262, 232),
    (250, 262),
]


def pleat(i: int) -> list[Point]:
    """A fold across the mask: bunched at the ear loops, opened out over the chin."""
    side_y, middle_y = 160 + 38 * i, 180 + 64 * i
    anchors = [(-262, side_y), (-160, lerp(side_y, middle_y, 0.75)), (0, middle_y)]
    return catmull_rom([*anchors, *mirrored(anchors[-2::-1])], False, 10)


def draw_surgical_mask(
    art: Art, pl: Place, look: Look, body: dict[str, Mask], color: str, shadow: str
) -> Mask:
    mask = art.shape(pl.ps(SURGICAL))
    skin = union(body["head"], body["neck"])
    art.cast_shadow(mask, skin, (pl.d(4), pl.d(16)), pl.d(10), look.skin_shadow, 0.7)
    art.cast_shadow(mask, body["torso"], (pl.d(8), pl.d(30)), pl.d(20), "#1d1420", 0.3)

    art.paint_gradient(mask, mix(color, "#ffffff", 0.3), shadow, vertical(*_ys(pl, 60, 420)))
    art.shade(mask, shadow, (1, 0.2), pl.d(60), pl.d(40), 0.6)
    art.shade(mask, shadow, (-1, 0), pl.d(30), pl.d(26), 0.35)
    # The nose and the chin push the fabric out towards the light.
    art.glow(art.ellipse(pl.p(-20, 130), pl.d(90), pl.d(50)), "#ffffff", pl.d(30), 0.5, mask)
    art.glow(art.ellipse(pl.p(-30, 330), pl.d(120), pl.d(40)), "#ffffff", pl.d(30), 0.25, mask)

    for i in range(3):
        fold = pl.ps(pleat(i))
        under = art.blur(art.shift(art.stroke(fold, pl.d(16)), 0, pl.d(8)), pl.d(6))
        art.paint(multiply(under, mask), shadow, 0.75)
        over = art.blur(art.shift(art.stroke(fold, pl.d(10)), 0, pl.d(-6)), pl.d(4))
        art.paint(multiply(over, mask), "#ffffff", 0.45)
        art.paint(multiply(art.stroke(fold, pl.d(2.5)), mask), mix(shadow, "#000000", 0.2), 0.6)

    # Bound edges: the nose wire along the top, the folded hems the loops are sewn into.
    right_top = SURGICAL[:5]
    top_edge = pl.ps(catmull_rom([*mirrored(right_top[:0:-1]), *right_top], False, 10))
    hem = art.blur(art.shift(art.stroke(top_edge, pl.d(10)), 0, pl.d(7)), pl.d(2))
    art.paint(multiply(hem, mask), "#ffffff", 0.4)
    art.paint(multiply(art.shift(art.stroke(top_edge, pl.d(2)), 0, pl.d(16)), mask), shadow, 0.5)
    for side in (-1, 1):
        seam = pl.ps([(side * 232, 122), (side * 236, 220), (side * 222, 300)])
        line = art.stroke(catmull_rom(seam, False, 10), pl.d(2.5))
        art.paint(multiply(line, mask), shadow, 0.7)

    for side in (-1, 1):
        points = pl.ps(catmull_rom([(side * x, y) for x, y in EAR_LOOP], False, 10))
        shadow_line = art.blur(art.shift(art.stroke(points, pl.d(7)), 2, 4), pl.d(3))
        art.paint(shadow_line, "#3a2a2a", 0.25)
        art.paint(art.stroke(points, pl.d(6.5)), "#eef3f6")
        art.paint(art.stroke(points, pl.d(2)), "#ffffff", 0.8)
    return mask


CLOTH = symmetric(
    [
        (0, 44),
        (80, 66),
        (170, 92),
        (236, 110),
        (260, 148),
        (262, 226),
        (242, 298),
        (184, 356),
        (96, 394),
        (0, 408),
    ]
)


def draw_cloth_mask(
    art: Art, pl: Place, look: Look, body: dict[str, Mask], color: str, shadow: str
) -> Mask:
    """A shaped cotton mask: a seam down the middle, top-stitched edges, fabric elastic."""
    mask = art.shape(pl.ps(CLOTH))
    art.cast_shadow(
        mask,
        union(body["head"], body["neck"]),
        (pl.d(4), pl.d(16)),
        pl.d(10),
        look.skin_shadow,
        0.8,
    )
    art.cast_shadow(mask, body["torso"], (pl.d(8), pl.d(30)), pl.d(20), "#1d1420", 0.3)
    art.paint_gradient(mask, mix(color, "#ffffff", 0.2), shadow, vertical(*_ys(pl, 40, 430)))
    # Two panels meet at the seam: each curves away from the light on its own.
    seam_x = pl.p(0, 0)[0]
    for side, opacity in ((-1, 0.35), (1, 0.55)):
        half = (
            art.rect(0, 0, seam_x, art.height)
            if side < 0
            else art.rect(seam_x, 0, art.width, art.height)
        )
        art.shade(multiply(mask, half), shadow, (side, 0.2), pl.d(70), pl.d(50), opacity)
    art.glow(art.ellipse(pl.p(-60, 150), pl.d(80), pl.d(110)), "#ffffff", pl.d(40), 0.35, mask)
    seam = pl.ps(catmull_rom([(0, 46), (-6, 160), (-4, 300), (0, 406)], False, 10))
    art.paint(multiply(art.stroke(seam, pl.d(4)), mask), mix(shadow, "#000000", 0.3), 0.8)
    art.paint(multiply(art.shift(art.stroke(seam, pl.d(6)), pl.d(-6), 0), mask), "#ffffff", 0.25)
    # Top-stitching: a dashed line just inside the edge.
    edge = catmull_rom(CLOTH)
    inset = [(x * 0.93, 230 + (y - 230) * 0.9) for x, y in edge]
    dashes = [pl.ps(inset[i : i + 3]) for i in range(0, len(inset) - 3, 6)]
    for dash in dashes:
        art.paint(multiply(art.stroke(dash, pl.d(3)), mask), mix(color, "#ffffff", 0.55), 0.85)
    for side in (-1, 1):
        points = pl.ps(catmull_rom([(side * x, y) for x, y in EAR_LOOP], False, 10))
        art.paint(art.blur(art.shift(art.stroke(points, pl.d(9)), 2, 4), pl.d(3)), "#3a2a2a", 0.25)
        art.paint(art.stroke(points, pl.d(8)), shadow)
        art.paint(art.stroke(points, pl.d(3)), color, 0.7)
    return mask


def _ys(pl: Place, top: float, bottom: float) -> tuple[float, float]:
    return pl.p(0, top)[1], pl.p(0, bottom)[1]


def draw_backdrop(
    art: Art, top: str, bottom: str, light: str, centre: Point, radius: float
) -> None:
    whole = art.rect(0, 0, art.width, art.height)
    art.paint_gradient(whole, top, bottom, vertical(0, art.height))
    art.paint_gradient(whole, light, bottom, radial(centre, radius), 0.55)


# --- the templates ---------------------------------------------------------------------------

MASKED_LOOK = Look(
    skin="#f2c9a8",
    skin_shadow="#c98a6c",
    skin_light="#fde3cf",
    blush="#ec8f86",
    hair="#5a3a2c",
    hair_light="#8a5d45",
    hair_dark="#2f1c16",
    iris="#4a2f1e",
    iris_light="#a8743f",
    brow="#4a2f24",
    top="#e0a64e",
    top_shadow="#a86d2a",
    hair_style="bob",
)


def masked_face() -> Drawing:
    art = Art(1200, 1200, "#d6d0e4")
    draw_backdrop(art, "#e3deee", "#b3aacb", "#f4f0f8", (600, 470), 620)
    pl = Place(600, 600, 1.0)
    look = MASKED_LOOK
    draw_hair_back(art, pl, look)
    body = draw_body(art, pl, look)
    draw_face(art, pl, look, body["head"])
    draw_hair_front(art, pl, look, body["head"])
    draw_surgical_mask(art, pl, look, body, "#a6d4ea", "#6d9fbd")
    tears = cheek_tears(pl, [(8, TEAR_START_V), (12, 80), (26, 150), (50, 225), (82, 295)])
    slots = {"top": (40, 24, 1160, 210), "bottom": (40, 1000, 1160, 1180)}
    return Drawing(art.finish(), tears, slots)


# --- the comedy mask and the hand that holds it ----------------------------------------------
# The mask's own units: its centre at the origin, about 380 wide and 430 tall.

COMEDY = symmetric(
    [
        (0, -212),
        (96, -206),
        (160, -172),
        (188, -104),
        (190, -20),
        (174, 70),
        (138, 150),
        (80, 202),
        (0, 220),
    ]
)
# Happy eyes, arched like a laugh.
COMEDY_EYE = bezier((26, -58), (34, -106), (102, -106), (112, -58), 20) + bezier(
    (112, -58), (98, -82), (40, -82), (26, -58), 20
)
COMEDY_BROW = bezier((20, -120), (42, -154), (100, -156), (128, -124), 24)
COMEDY_GRIN = bezier((-124, 56), (-60, 104), (60, 104), (124, 56), 32) + bezier(
    (124, 56), (88, 176), (-88, 176), (-124, 56), 32
)
STICK_TOP: Point = (96, 120)
GOLD, GOLD_DARK, GOLD_LIGHT = "#d8a93c", "#9a6c1c", "#f6dc8a"


def draw_comedy_mask(art: Art, mp: Place, onto: Mask) -> Mask:
    face = art.polygon(mp.ps(catmull_rom(COMEDY)))
    art.cast_shadow(face, onto, (mp.d(16), mp.d(26)), mp.d(20), "#1a0f12", 0.5)
    art.paint_gradient(face, "#fffdf7", "#e6d8c2", radial(mp.p(-50, -90), mp.d(300)))
    art.shade(face, "#b39c7d", (1, 0.6), mp.d(40), mp.d(30), 0.7)
    art.shade(face, "#ffffff", (-1, -0.6), mp.d(14), mp.d(10), 0.6)

    for side in (-1, 1):
        art.glow(
            art.ellipse(mp.p(side * 118, 34), mp.d(42), mp.d(34)), "#f2a0a0", mp.d(14), 0.55, face
        )
        art.glow(
            art.ellipse(mp.p(side * 112, 18), mp.d(18), mp.d(10)), "#ffffff", mp.d(6), 0.8, face
        )
    # A nose in relief: light down the ridge, shade beside it and under the tip.
    art.glow(art.stroke(mp.ps([(-8, -50), (-12, 20)]), mp.d(14)), "#ffffff", mp.d(8), 0.8, face)
    art.glow(art.stroke(mp.ps([(14, -40), (18, 24)]), mp.d(12)), "#b39c7d", mp.d(9), 0.5, face)
    nostrils = catmull_rom([(-26, 36), (-10, 44), (10, 44), (26, 36)], False, 8)
    art.paint(art.blur(art.stroke(mp.ps(nostrils), mp.d(5)), mp.d(2)), "#a48b6c", 0.6)

    for side in (-1, 1):
        eye = art.polygon(mp.ps([(side * x, y) for x, y in COMEDY_EYE]))
        art.paint(eye, "#3a2226")
        art.shade(eye, "#000000", (0, -1), mp.d(6), mp.d(3), 0.5)
        brow = mp.ps([(side * x, y) for x, y in COMEDY_BROW])
        art.paint(art.ribbon(brow, taper(mp.d(7), mp.d(9), 0.25)), GOLD)
        art.paint(art.ribbon(brow, taper(mp.d(2), mp.d(3), 0.25)), GOLD_LIGHT, 0.8)

    grin = art.polygon(mp.ps(COMEDY_GRIN))
    art.paint(grin, "#3a1a20")
    teeth = multiply(art.shift(art.stroke(mp.ps(COMEDY_GRIN[:33]), mp.d(34)), 0, mp.d(6)), grin)
    art.paint(teeth, "#fbf7ef")
    art.shade(teeth, "#b7a994", (0, 1), mp.d(6), mp.d(3), 0.6)
    tongue = multiply(art.ellipse(mp.p(0, 162), mp.d(62), mp.d(34)), grin)
    art.paint(tongue, "#c4525a")
    art.paint(art.stroke(mp.ps(COMEDY_GRIN), mp.d(7)), GOLD)
    for side in (-1, 1):  # the corners of the grin curl up
        curl = catmull_rom([(side * 110, 66), (side * 132, 52), (side * 136, 30)], False, 8)
        art.paint(art.ribbon(mp.ps(curl), taper(mp.d(8), mp.d(3), 0.1)), GOLD)

    rim = mp.ps(catmull_rom(COMEDY))
    rim_mask = art.stroke([*rim, rim[0]], mp.d(12))
    art.paint_gradient(rim_mask, GOLD_LIGHT, GOLD_DARK, radial(mp.p(-120, -160), mp.d(480)))
    art.paint(art.stroke([*rim, rim[0]], mp.d(3)), GOLD_LIGHT, 0.7)
    return face


def draw_stick_and_hand(art: Art, hp: Place, look: Look, sleeve: str) -> None:
    """A fist round the mask's stick, seen from the front: four curled fingers and a thumb."""
    stick = art.polygon(hp.ps([(-9, -330), (9, -330), (10, 400), (-10, 400)]))
    art.paint_gradient(stick, GOLD_LIGHT, GOLD_DARK, lambda x, _y: (x - hp.p(-12, 0)[0]) / hp.d(24))
    arm = art.polygon(hp.ps(catmull_rom([(-62, 40), (60, 40), (74, 260), (-56, 260)])))
    art.paint(arm, mix(look.skin, look.skin_shadow, 0.2))
    art.shade(arm, look.skin_shadow, (1, 0), hp.d(30), hp.d(20), 0.6)
    cuff = art.shape(hp.ps([(-84, 150), (0, 132), (90, 146), (100, 300), (-84, 300)]))
    art.cast_shadow(cuff, arm, (0, hp.d(-14)), hp.d(10), look.skin_shadow, 0.6)
    art.paint(cuff, sleeve)
    art.shade(cuff, "#000000", (1, 0.3), hp.d(30), hp.d(20), 0.35)

    palm = art.shape(hp.ps([(-64, -70), (40, -78), (70, -20), (66, 70), (-60, 84), (-74, 0)]))
    art.paint(palm, mix(look.skin, look.skin_shadow, 0.45))
    for y, right in ((-44, 62), (-12, 66), (20, 64), (50, 56)):
        finger = art.shape(
            hp.ps(
                catmull_rom(
                    [
                        (-58, y - 15),
                        (right - 14, y - 16),
                        (right, y),
                        (right - 14, y + 16),
                        (-58, y + 15),
                    ]
                )
            )
        )
        art.cast_shadow(finger, palm, (0, hp.d(6)), hp.d(4), "#3a1f18", 0.45)
        art.paint(finger, look.skin)
        art.shade(finger, look.skin_shadow, (0.3, 1), hp.d(10), hp.d(6), 0.75)
        art.shade(finger, look.skin_light, (-0.3, -1), hp.d(5), hp.d(4), 0.6)
        nail = art.ellipse(hp.p(right - 14, y), hp.d(8), hp.d(10))
        art.paint(multiply(nail, finger), look.skin_light, 0.5)
    thumb = art.shape(
        hp.ps(
            catmull_rom(
                [(-78, -74), (-20, -96), (40, -96), (58, -80), (40, -62), (-30, -52), (-76, -40)]
            )
        )
    )
    art.cast_shadow(thumb, palm, (hp.d(4), hp.d(8)), hp.d(5), "#3a1f18", 0.5)
    art.paint(thumb, look.skin)
    art.shade(thumb, look.skin_shadow, (0.2, 1), hp.d(12), hp.d(8), 0.7)
    art.shade(thumb, look.skin_light, (0, -1), hp.d(5), hp.d(4), 0.6)
    art.paint(multiply(art.ellipse(hp.p(40, -80), hp.d(14), hp.d(10)), thumb), look.skin_light, 0.6)


# Where the comedy mask is held, in the person's units: over the nose and mouth, a little askew.
COMEDY_HOLD = Place(4, 282, 0.88, -6)


def tears_beside(pl: Place, outline: Sequence[Point], gap: float = 22) -> list[Tear]:
    """Tears that run down the bare cheek just outside a held mask's rim, never across it."""
    head = catmull_rom(HEAD)
    tears = []
    for side in (-1, 1):
        start = eye_point(side, 10, TEAR_START_V)
        route, x = [start], start[0]
        for y in range(120, 340, 30):
            rim = edge_x(outline, y, side)
            if rim is not None:  # keep drifting outwards, clear of the rim
                x = side * max(side * x, side * rim + gap)
            face = edge_x(head, y, side)
            if face is not None and side * x > side * face - gap:
                break  # the mask meets the jaw here: no cheek left to run down
            route.append((x, y))
        tears.append(tear_along(pl, "left" if side < 0 else "right", route, TEAR_WIDTH))
    return tears


SMILE_LOOK = Look(
    skin="#c68a63",
    skin_shadow="#8e5739",
    skin_light="#e2ad85",
    blush="#c8645e",
    hair="#2b1d18",
    hair_light="#5b4034",
    hair_dark="#140c0a",
    iris="#3a2416",
    iris_light="#8a5a32",
    brow="#22150f",
    top="#8a3f4f",
    top_shadow="#4e1f2b",
    hair_style="short",
)


def smile_mask() -> Drawing:
    art = Art(1200, 1200, "#27434d")
    draw_backdrop(art, "#31525d", "#172a31", "#5f8b93", (600, 420), 560)
    pl = Place(600, 500, 0.95)
    look = SMILE_LOOK
    draw_hair_back(art, pl, look)
    body = draw_body(art, pl, look)
    draw_face(art, pl, look, body["head"])
    draw_hair_front(art, pl, look, body["head"])

    mp = Place(*pl.p(COMEDY_HOLD.x, COMEDY_HOLD.y), pl.k * COMEDY_HOLD.k, COMEDY_HOLD.angle)
    hp = Place(*mp.p(STICK_TOP[0] + 12, 400), mp.k * 1.3, mp.angle)
    draw_stick_and_hand(art, hp, look, look.top_shadow)
    draw_comedy_mask(art, mp, union(body["head"], body["neck"], body["torso"]))
    tears = tears_beside(pl, COMEDY_HOLD.ps(catmull_rom(COMEDY)))
    slots = {"top": (40, 20, 1160, 170), "bottom": (40, 1030, 1160, 1180)}
    return Drawing(art.finish(), tears, slots)


BAND_LOOK = Look(
    skin="#8d5a3e",
    skin_shadow="#5a3424",
    skin_light="#b27a58",
    blush="#a84e45",
    hair="#2a1c18",
    hair_light="#5a4238",
    hair_dark="#120b09",
    iris="#2a170e",
    iris_light="#7a4a28",
    brow="#1a0f0b",
    top="#d8694c",
    top_shadow="#93402c",
    hair_style="curls",
    outfit="hoodie",
)
BAND_TOP = 360  # pixels: the white strip the document adds above the picture


def band_classic() -> Drawing:
    art = Art(1200, 1200, "#bcd6e2")
    draw_backdrop(art, "#d3e6ee", "#8fb2c4", "#eef6f9", (600, 560), 620)
    pl = Place(600, 590, 0.94)
    look = BAND_LOOK
    draw_hair_back(art, pl, look)
    body = draw_body(art, pl, look)
    draw_face(art, pl, look, body["head"])
    draw_hair_front(art, pl, look, body["head"])
    draw_cloth_mask(art, pl, look, body, "#97bfa2", "#5b8a6b")
    tears = cheek_tears(pl, [(8, TEAR_START_V), (14, 80), (30, 150), (56, 225), (86, 290)])
    slots = {
        "top": (40, 24, 1160, BAND_TOP - 24),
        "bottom": (40, BAND_TOP + 1010, 1160, BAND_TOP + 1180),
    }
    return Drawing(art.finish(), tears, slots, band=(BAND_TOP, 0))


# The photo frame: an instant photo on a wall, its picture a plain stand-in for the user's own.
FRAME_CARD = (160.0, 300.0, 1040.0, 1370.0)  # left, top, right, bottom before the tilt
FRAME_BORDER = 46.0
FRAME_TILT = -2.0  # degrees, positive turns clockwise: a slightly askew snapshot


def draw_avatar(art: Art, pl: Place, clip: Mask) -> None:
    """A flat, neutral masked figure: a placeholder people recognise, with real sad eyes."""
    slate, slate_dark, mask_color = "#5d6d82", "#4a586b", "#e3ebf1"

    def paint(mask: Mask, color: str, opacity: float = 1.0) -> None:
        art.paint(multiply(mask, clip), color, opacity)

    paint(art.shape(pl.ps(TORSO)), slate_dark)
    paint(art.polygon(pl.ps(catmull_rom(NECK))), slate_dark)
    head = art.shape(pl.ps(HEAD))
    ears = [art.shape(pl.ps([(side * x, y) for x, y in EAR])) for side in (-1, 1)]
    paint(union(head, *ears), slate)
    hair = art.shape(
        pl.ps(
            [
                (-256, -40),
                (-262, -190),
                (-180, -316),
                (0, -350),
                (180, -316),
                (262, -190),
                (256, -40),
                (232, -170),
                (120, -232),
                (0, -244),
                (-120, -232),
                (-232, -170),
            ]
        )
    )
    paint(hair, slate_dark)
    face_mask = art.shape(pl.ps(SURGICAL))
    paint(face_mask, mask_color)
    for i in range(3):
        paint(multiply(art.stroke(pl.ps(pleat(i)), pl.d(5)), face_mask), "#b9c7d3")
    for side in (-1, 1):
        loop = pl.ps(catmull_rom([(side * x, y) for x, y in EAR_LOOP], False, 10))
        paint(art.stroke(loop, pl.d(7)), mask_color)
    for side in (-1, 1):

        def at(u: float, v: float, side: int = side) -> Point:
            return pl.p(*eye_point(side, u, v))

        white = art.polygon([at(u, v) for u, v in UPPER_LID + LOWER_LID])
        paint(art.stroke([at(u, v + 3) for u, v in LOWER_RIM], pl.d(8)), "#e59a95", 0.9)
        paint(white, "#f7f7f5")
        ix, iy = at(*IRIS_CENTRE)
        paint(multiply(art.ellipse((ix, iy), pl.d(IRIS_RADIUS)), white), "#2c3440")
        paint(multiply(art.ellipse((ix + pl.d(-9), iy + pl.d(-12)), pl.d(8.5)), white), "#ffffff")
        paint(
            multiply(art.ellipse((ix + pl.d(10), iy + pl.d(9)), pl.d(3.6)), white), "#ffffff", 0.9
        )
        gloss = bezier((50, 8), (30, 22), (-26, 20), (-50, 4), 24)
        paint(multiply(art.stroke([at(u, v) for u, v in gloss], pl.d(3.5)), white), "#ffffff", 0.7)
        paint(
            art.ribbon(
                [at(u, v) for u, v in [*UPPER_LID, (72, 16)]], taper(pl.d(3), pl.d(10), 0.06)
            ),
            "#232a33",
        )
        brow = [at(u, v) for u, v in BROW]
        paint(art.ribbon(catmull_rom(brow, False, 10), taper(pl.d(18), pl.d(6), 0.08)), "#2b333e")


def photo_frame() -> Drawing:
    art = Art(1200, 1500, "#c4cfdb")
    draw_backdrop(art, "#d5dde6", "#a8b5c5", "#e9eef3", (600, 700), 800)
    left, top, right, bottom = FRAME_CARD
    centre = ((left + right) / 2, (top + bottom) / 2)
    card_pl = Place(*centre, 1.0, FRAME_TILT)

    def on_card(points: Sequence[Point]) -> list[Point]:
        return card_pl.ps([(x - centre[0], y - centre[1]) for x, y in points])

    def box(x0: float, y0: float, x1: float, y1: float) -> list[Point]:
        return on_card([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])

    card = art.polygon(box(left, top, right, bottom))
    whole = art.rect(0, 0, art.width, art.height)
    art.cast_shadow(card, whole, (10, 22), 22, "#1c2430", 0.45)
    art.cast_shadow(card, whole, (2, 4), 3, "#1c2430", 0.3)
    art.paint_gradient(card, "#fdfcf9", "#efebe3", vertical(top, bottom))
    photo_box = (
        left + FRAME_BORDER,
        top + FRAME_BORDER,
        right - FRAME_BORDER,
        top + FRAME_BORDER + (right - left - 2 * FRAME_BORDER),
    )
    photo = art.polygon(box(*photo_box))
    art.paint_gradient(photo, "#cfe2e4", "#8fb3ba", vertical(photo_box[1], photo_box[3]))
    art.glow(
        art.ellipse(card_pl.p(0, photo_box[1] + 300 - centre[1]), 300), "#f3f8f8", 80, 0.6, photo
    )

    size = photo_box[2] - photo_box[0]
    pl = Place(*card_pl.p(0, photo_box[1] + size * 0.47 - centre[1]), size / 1150, FRAME_TILT)
    draw_avatar(art, pl, photo)
    # The photo's surface: a faint sheen and an inner edge where it meets the card.
    art.shade(photo, "#000000", (0, -1), 6, 4, 0.18)
    art.paint(multiply(art.field(lambda x, y: 1 - (x + y) / 2600), photo), "#ffffff", 0.12)

    tape = art.polygon(card_pl.ps([(-120, -566), (112, -578), (116, -498), (-116, -486)]))
    art.cast_shadow(tape, whole, (2, 5), 4, "#1c2430", 0.2)
    art.paint(tape, "#f1e6c8", 0.78)
    art.shade(tape, "#ffffff", (0, -1), 6, 4, 0.4)

    tears = cheek_tears(pl, [(8, TEAR_START_V), (14, 80), (30, 150), (56, 225), (86, 290)])
    strip_top = photo_box[3] + 16
    slots = {
        "top": (60, 40, 1140, top - 40),
        "bottom": (photo_box[0], strip_top, photo_box[2], bottom - 24),
    }
    return Drawing(art.finish(), tears, slots)


# --- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    description: str
    keywords: tuple[str, ...]
    meaning_tags: tuple[str, ...]
    draw: Callable[[], Drawing]


ENTRIES = (
    Entry(
        "masked-face",
        "Masked face",
        "Head and shoulders in a surgical mask, eyes brimming: the mask hides the face, the eyes"
        " tell the truth. The classic picture.",
        ("mask", "surgical mask", "face mask", "sad eyes", "portrait", "classic"),
        ("hidden-sadness", "pandemic"),
        masked_face,
    ),
    Entry(
        "smile-mask",
        "Smile mask",
        "A grinning theatre mask held up on a stick in front of a face whose own eyes are"
        " crying: the brave face hiding the crying one.",
        ("theatre mask", "comedy mask", "smile", "brave face", "fake smile", "pretending"),
        ("permission", "hidden-sadness", "humour"),
        smile_mask,
    ),
    Entry(
        "photo-frame",
        "Photo frame",
        "An instant photo pinned to the wall, a plain masked figure in it and room for a caption"
        " above and one on the card: a stand-in for your own picture.",
        ("photo", "polaroid", "frame", "silhouette", "placeholder", "your photo"),
        ("hidden-sadness", "solidarity"),
        photo_frame,
    ),
    Entry(
        "band-classic",
        "Band classic",
        "A masked face under a white caption band, the way the meme is most often shared:"
        " the caption on top, the brimming eyes below.",
        ("caption band", "white band", "cloth mask", "hoodie", "sad eyes", "classic"),
        ("hidden-sadness", "pandemic", "humour"),
        band_classic,
    ),
)


def all_entries() -> tuple[Entry, ...]:
    """The gallery in order: the four above, then the templates drawn in their own modules.

    Imported here, not at the top: those modules draw with this one's kit."""
    import templates_company
    from templates_everyday import EVERYDAY

    return (*ENTRIES, *templates_company.ENTRIES, *EVERYDAY)


def fraction(value: float, whole: float) -> float:
    return round(value / whole, 4)


def catalogue_entry(entry: Entry, drawing: Drawing) -> dict[str, object]:
    width, height = drawing.image.size
    band_top, band_bottom = drawing.band or (0.0, 0.0)
    canvas_h = height + band_top + band_bottom
    record: dict[str, object] = {
        "id": entry.id,
        "name": entry.name,
        "description": entry.description,
        "keywords": list(entry.keywords),
        "file": f"{entry.id}.png",
        "size": [width, height],
        "caption_slots": [
            {
                "id": slot_id,
                "x": fraction((left + right) / 2, width),
                "y": fraction((top + bottom) / 2, canvas_h),
                "width": fraction(right - left, width),
                "height": fraction(bottom - top, canvas_h),
            }
            for slot_id, (left, top, right, bottom) in drawing.slots.items()
        ],
        "tear_positions": [
            {
                "side": tear.side,
                "eye": [fraction(tear.eye[0], width), fraction(tear.eye[1], height)],
                "path": [[fraction(dx, height), fraction(dy, height)] for dx, dy in tear.path],
                "width": fraction(tear.width, width),
            }
            for tear in drawing.tears
        ],
        "meaning_tags": list(entry.meaning_tags),
    }
    if drawing.band is not None:
        record["band"] = {
            "top": fraction(band_top, height),
            "bottom": fraction(band_bottom, height),
        }
    return record


def catalogue_text(records: list[dict[str, object]]) -> str:
    """Indented JSON with every short list of plain values on one line, so it reads as a table."""
    text = json.dumps(records, indent=2, ensure_ascii=False)
    inline = re.compile(r"\[\s*([^\[\]{}]*?)\s*\]", re.S)
    return inline.sub(lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text) + "\n"


def save_png(image: Image.Image, path: Path) -> None:
    image.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=OUT_DIR, help="where to write (default: %(default)s)"
    )
    parser.add_argument("--only", action="append", help="redraw only this template id (repeatable)")
    args = parser.parse_args()
    entries = all_entries()
    known = [entry.id for entry in entries]
    unknown = sorted(set(args.only or ()) - set(known))
    if unknown:
        parser.error(f"no template {', '.join(unknown)}; there are {', '.join(known)}")
    args.out.mkdir(parents=True, exist_ok=True)
    catalogue = args.out / "templates.json"
    # Redrawing some templates keeps the others' records, so --only never loses an entry.
    records = {}
    if args.only and catalogue.exists():
        records = {r["id"]: r for r in json.loads(catalogue.read_text(encoding="utf-8"))}
    for entry in entries:
        if args.only and entry.id not in args.only:
            continue
        drawing = entry.draw()
        path = args.out / f"{entry.id}.png"
        save_png(drawing.image, path)
        records[entry.id] = catalogue_entry(entry, drawing)
        width, height = drawing.image.size
        print(f"{path}: {width}x{height}, {path.stat().st_size // 1024} KiB")
    ordered = [records[i] for i in known if i in records]
    catalogue.write_text(catalogue_text(ordered), encoding="utf-8")


if __name__ == "__main__":
    # The template modules import this file as `draw_templates`: let them find this very module
    # rather than load a second copy of it.
    sys.modules.setdefault("draw_templates", sys.modules[__name__])
    main()
