"""What every tear style draws with: the request a style gets, paths (cleaned, smoothed,
resampled), a frame with supersampled masks, tubes and discs, blurs, and the stack of colours
through masks that becomes the sprite.

Shapes are drawn supersampled as Pillow polygons and reduced, so edges stay clean from
thumbnails to 6000 px exports; shading is done on the reduced masks with blurs whose radii
follow the tear's width.
"""

from __future__ import annotations

import colorsys
import functools
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from maskmeme_gui.render.sprite import Sprite

if TYPE_CHECKING:
    from maskmeme_gui.render.tearstyles.flow import Flow

Point = tuple[float, float]
RGB = tuple[int, int, int]
Mask = Image.Image  # mode "L"

LIGHT: Point = (-0.6, -0.8)  # unit vector towards the light: upper left
WHITE: RGB = (255, 255, 255)
_MAX_WORK_PIXELS = 16_000_000  # the supersampled mask stays under this, whatever the tear's size


@dataclass(frozen=True)
class TearRequest:
    """What a style paints, in output pixels: the layer's values after scaling and checks.

    `path` is the smoothed-to-be path of a stream from the eye down (finite, no repeats, at
    least one point; empty for a drop), `wet` 0..1 how much of it is wet (never 0 for a
    stream), `gloss` 0..1, `tint` the layer's colour, `rng` seeded from the layer's seed.
    `flow` is the moment of a flowing stream's cycle (`wet` is then how far it has run), None
    for still tears.
    """

    path: list[Point]
    width: float
    wet: float
    gloss: float
    tint: RGB
    rng: random.Random
    flow: Flow | None = None


StreamPainter = Callable[[TearRequest], Sprite]
DropPainter = Callable[[TearRequest], Sprite]


@dataclass(frozen=True)
class TearPainter:
    """One style: how it paints a stream along a path, and a single drop centred on the origin."""

    stream: StreamPainter
    drop: DropPainter


# --- frames and masks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """Where the drawing lands: output size, the layer origin in it, the supersampling factor."""

    size: tuple[int, int]
    origin: tuple[int, int]
    supersample: int

    def pixel(self, point: Point) -> Point:
        """A layer-local output-pixel point in sprite coordinates."""
        return (point[0] + self.origin[0], point[1] + self.origin[1])

    def work(self, point: Point) -> Point:
        """A layer-local output-pixel point in supersampled mask coordinates."""
        x, y = self.pixel(point)
        return (x * self.supersample, y * self.supersample)

    def new_work_mask(self) -> Mask:
        return Image.new("L", (self.size[0] * self.supersample, self.size[1] * self.supersample))

    def reduce(self, mask: Mask) -> Mask:
        return mask.reduce(self.supersample) if self.supersample > 1 else mask

    def sprite(self, image: Image.Image) -> Sprite:
        return Sprite(image=image, anchor=(float(self.origin[0]), float(self.origin[1])))


def frame_for(
    points: Sequence[Point], radii: Sequence[float], width: float, room: float = 0.6
) -> Frame:
    """A frame around the points and their radii, `room` widths (and 2 px) more on each side
    for shadows and glows."""
    margin = width * room + 2
    left = math.floor(min(x - r for (x, _), r in zip(points, radii, strict=True)) - margin)
    top = math.floor(min(y - r for (_, y), r in zip(points, radii, strict=True)) - margin)
    right = math.ceil(max(x + r for (x, _), r in zip(points, radii, strict=True)) + margin)
    bottom = math.ceil(max(y + r for (_, y), r in zip(points, radii, strict=True)) + margin)
    size = (right - left, bottom - top)
    # Thin tears need the extra samples most; huge ones would only cost memory.
    wanted = 4 if width < 12 else 3 if width < 40 else 2
    affordable = max(1, math.isqrt(_MAX_WORK_PIXELS // (size[0] * size[1])))
    return Frame(size=size, origin=(-left, -top), supersample=min(wanted, affordable))


def empty_sprite() -> Sprite:
    return Sprite(image=Image.new("RGBA", (1, 1)), anchor=(0.0, 0.0))


def paint(size: tuple[int, int], layers: Sequence[tuple[RGB, Mask]]) -> Image.Image:
    """Colours stacked through their masks on transparent pixels, bottom first."""
    image = Image.new("RGBA", size)
    for rgb, alpha in layers:
        # Only where the layer has ink: compositing a transparent pixel leaves it as it was.
        box = alpha.getbbox()
        if box is None:
            continue
        colour = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), rgb)
        colour.putalpha(alpha.crop(box))
        image.alpha_composite(colour, box[:2])
    return image


# --- paths -------------------------------------------------------------------------------------


def catmull_rom(points: Sequence[Point], step: float) -> list[Point]:
    """A centripetal Catmull-Rom curve through the points (no loops or cusps), `step` apart."""
    if len(points) < 2:
        return list(points)
    first, last = points[0], points[-1]
    padded = [lerp(points[1], first, 2.0), *points, lerp(points[-2], last, 2.0)]
    curve: list[Point] = []
    for i in range(len(points) - 1):
        p0, p1, p2, p3 = padded[i : i + 4]
        t1 = math.dist(p0, p1) ** 0.5
        t2 = t1 + math.dist(p1, p2) ** 0.5
        t3 = t2 + math.dist(p2, p3) ** 0.5
        count = max(1, math.ceil(math.dist(p1, p2) / step))
        for j in range(count):
            t = t1 + (t2 - t1) * j / count
            a1 = lerp(p0, p1, t / t1)
            a2 = lerp(p1, p2, (t - t1) / (t2 - t1))
            a3 = lerp(p2, p3, (t - t2) / (t3 - t2))
            b1 = lerp(a1, a2, t / t2)
            b2 = lerp(a2, a3, (t - t1) / (t3 - t1))
            curve.append(lerp(b1, b2, (t - t1) / (t2 - t1)))
    curve.append(last)
    return curve


def arc_lengths(polyline: Sequence[Point]) -> list[float]:
    lengths = [0.0]
    for a, b in itertools.pairwise(polyline):
        lengths.append(lengths[-1] + math.dist(a, b))
    return lengths


def resample(
    polyline: Sequence[Point], arcs: Sequence[float], targets: Sequence[float]
) -> list[Point]:
    """Points at the given arc lengths (ascending) along the polyline."""
    samples: list[Point] = []
    index = 0
    for s in targets:
        while index < len(arcs) - 2 and arcs[index + 1] < s:
            index += 1
        span = arcs[index + 1] - arcs[index] if len(arcs) > 1 else 0.0
        t = (s - arcs[index]) / span if span > 0 else 0.0
        samples.append(lerp(polyline[index], polyline[min(index + 1, len(polyline) - 1)], t))
    return samples


@dataclass(frozen=True)
class Curve:
    """A stream's smoothed path and the arc length at each of its points."""

    points: list[Point]
    arcs: list[float]

    @property
    def total(self) -> float:
        return self.arcs[-1]

    def at(self, targets: Sequence[float]) -> list[Point]:
        return resample(self.points, self.arcs, targets)

    def direction(self, s: float) -> Point:
        """The unit direction of travel at arc length `s` (down when the path has none)."""
        a, b = self.at([max(0.0, s - 1.0), min(self.total, s + 1.0)])
        return unit((b[0] - a[0], b[1] - a[1]), fallback=(0.0, 1.0))


def smooth_curve(path: Sequence[Point], width: float) -> Curve:
    points = catmull_rom(path, step=max(0.5, width * 0.1))
    return Curve(points, arc_lengths(points))


def sample_targets(end: float, spacing: float) -> list[float]:
    """Arc lengths from 0 to `end` (both included), about `spacing` apart."""
    targets = [i * spacing for i in range(int(end / spacing) + 1)]
    if targets[-1] < end:
        targets.append(end)
    return targets


def normals(samples: Sequence[Point]) -> list[Point]:
    """Unit normals, all on the side of the stream that faces the light."""
    tangents = []
    for i in range(len(samples)):
        a = samples[max(0, i - 1)]
        b = samples[min(len(samples) - 1, i + 1)]
        tangents.append(unit((b[0] - a[0], b[1] - a[1]), fallback=(0.0, 1.0)))
    raw = [(-ty, tx) for tx, ty in tangents]
    # One side for the whole stream: a highlight that jumps sides at a bend looks broken.
    facing = sum(nx * LIGHT[0] + ny * LIGHT[1] for nx, ny in raw)
    sign = 1.0 if facing >= 0 else -1.0
    return [(nx * sign, ny * sign) for nx, ny in raw]


def value_noise(rng: random.Random, knots: int, spacing: float) -> Callable[[float], float]:
    """Smooth 1-D noise in 0..1 with one random value every `spacing` units."""
    values = [rng.random() for _ in range(max(2, knots))]
    last = len(values) - 1.000001

    def noise(u: float) -> float:
        x = clamp(u / spacing, 0.0, last)
        i = int(x)
        return lerp1(values[i], values[i + 1], smoothstep(0.0, 1.0, x - i))

    return noise


# --- drawing -----------------------------------------------------------------------------------


def draw_tube(
    draw: ImageDraw.ImageDraw,
    frame: Frame,
    centres: Sequence[Point],
    radii: Sequence[float],
    fills: Sequence[int],
) -> None:
    """The union of discs along a polyline: a quad per segment, a disc at every joint."""
    for i, (centre, radius) in enumerate(zip(centres, radii, strict=True)):
        draw_disc(draw, frame, centre, radius, fills[i])
        if i + 1 < len(centres):
            nxt, next_radius = centres[i + 1], radii[i + 1]
            nx, ny = unit((centre[1] - nxt[1], nxt[0] - centre[0]), fallback=(1.0, 0.0))
            quad = [
                offset(centre, (nx, ny), radius),
                offset(nxt, (nx, ny), next_radius),
                offset(nxt, (nx, ny), -next_radius),
                offset(centre, (nx, ny), -radius),
            ]
            draw.polygon([frame.work(p) for p in quad], fill=fills[i])


def draw_disc(
    draw: ImageDraw.ImageDraw, frame: Frame, centre: Point, radius: float, fill: int
) -> None:
    x, y = frame.work(centre)
    r = radius * frame.supersample
    draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def draw_ellipse(
    draw: ImageDraw.ImageDraw,
    frame: Frame,
    centre: Point,
    radii: tuple[float, float],
    angle: float,
    fill: int,
) -> None:
    draw.polygon([frame.work(p) for p in ellipse_outline(centre, *radii, angle)], fill=fill)


def ellipse_outline(centre: Point, rx: float, ry: float, angle: float) -> list[Point]:
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    outline = []
    for i in range(32):
        t = math.tau * i / 32
        x, y = rx * math.cos(t), ry * math.sin(t)
        outline.append((centre[0] + x * cos_a - y * sin_a, centre[1] + x * sin_a + y * cos_a))
    return outline


def teardrop_outline(width: float, height: float, lean: float = 0.0) -> list[Point]:
    """x = sin t * sin(t/2), y = -cos t: a point at the top, a circle-like bottom; the box is
    `width` x `height`, centred on (0, 0)."""
    steps = 96
    raw = [
        (math.sin(t) * math.sin(t / 2), -math.cos(t))
        for t in (math.tau * i / steps for i in range(steps))
    ]
    half_width = max(abs(x) for x, _ in raw)
    return [(x / half_width * width * 0.5 + lean * (1 - y) * 0.5, y * height * 0.5) for x, y in raw]


def turned(points: Sequence[Point], down: Point, at: Point) -> list[Point]:
    """Points drawn hanging straight down, turned so that down is `down` and moved to `at`."""
    dx, dy = down  # (0, 1) turns to (dx, dy): x' = dy*x + dx*y, y' = -dx*x + dy*y
    return [(at[0] + dy * x + dx * y, at[1] - dx * x + dy * y) for x, y in points]


def sparkle(centre: Point, size: float, thin: float) -> list[Point]:
    """A four-pointed star, `size` from the centre to a tip, `thin` the waist's share of it."""
    points: list[Point] = []
    for i in range(8):
        angle = math.pi / 4 * i - math.pi / 2
        reach = size if i % 2 == 0 else size * thin
        points.append((centre[0] + reach * math.cos(angle), centre[1] + reach * math.sin(angle)))
    return points


# --- masks -------------------------------------------------------------------------------------


def blurred(mask: Mask, radius: float) -> Mask:
    """A Gaussian blur of `mask`, worked out only around its ink: the same pixels as blurring
    it whole, since Pillow's blur (three box passes) reaches less than 3 * (radius + 1) pixels
    and repeats edge pixels, which are empty around the ink."""
    box = mask.getbbox()
    if box is None:
        return mask.copy()
    reach = math.ceil(3 * (radius + 1))
    width, height = mask.size
    around = (
        max(0, box[0] - reach),
        max(0, box[1] - reach),
        min(width, box[2] + reach),
        min(height, box[3] + reach),
    )
    result = mask.crop(around).filter(ImageFilter.GaussianBlur(radius))
    if around == (0, 0, width, height):
        return result
    whole = Image.new("L", mask.size)
    whole.paste(result, around[:2])
    return whole


def moved(mask: Mask, direction: Point, distance: float) -> Mask:
    """The mask moved by `distance` pixels along `direction` (the frame's margins keep the ink
    from wrapping around)."""
    dx, dy = round(direction[0] * distance), round(direction[1] * distance)
    return ImageChops.offset(mask, dx, dy) if (dx or dy) else mask


def threshold(mask: Mask, low: int, high: int) -> Mask:
    return mask.point(_threshold_table(low, high))


def scaled(mask: Mask, factor: float) -> Mask:
    return mask.point(_scale_table(round(factor, 4)))


# The tables are the same for every tear (the factors are constants or follow the gloss), and
# building one in Python costs as much as applying it to a large tear's mask.
@functools.lru_cache(maxsize=64)
def _threshold_table(low: int, high: int) -> tuple[int, ...]:
    span = max(1, high - low)
    return tuple(round(255 * clamp((v - low) / span, 0.0, 1.0)) for v in range(256))


@functools.lru_cache(maxsize=128)
def _scale_table(factor: float) -> tuple[int, ...]:
    return tuple(min(255, round(v * factor)) for v in range(256))


# --- colours -----------------------------------------------------------------------------------


def toned(rgb: RGB, saturation: float, value: float) -> RGB:
    """The tint's hue at the given saturation and brightness (a grey tint stays grey)."""
    h, s, _ = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    s = saturation if s > 0.04 else 0.0
    r, g, b = colorsys.hsv_to_rgb(h, s, value)
    return (round(r * 255), round(g * 255), round(b * 255))


# --- small maths -------------------------------------------------------------------------------


def clamp(value: float, low: float, high: float) -> float:
    return low if not value >= low else min(value, high)


def lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def lerp1(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def smoothstep(edge0: float, edge1: float, x: float) -> float:
    t = clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0) if edge1 > edge0 else float(x >= edge1)
    return t * t * (3.0 - 2.0 * t)


def smooth_max(a: float, b: float, softness: float) -> float:
    return 0.5 * (a + b + math.sqrt((a - b) ** 2 + softness * softness))


def unit(v: Point, fallback: Point) -> Point:
    length = math.hypot(v[0], v[1])
    return (v[0] / length, v[1] / length) if length > 1e-12 else fallback


def offset(point: Point, direction: Point, distance: float) -> Point:
    return (point[0] + direction[0] * distance, point[1] + direction[1] * distance)
