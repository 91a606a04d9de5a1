"""Procedural tears: a glossy stream along a path, or a single droplet, drawn by code.

The look is built like a painter builds water on skin, light from the upper left: a body that is
almost clear (a faint tint, so the skin shows through), a darker refraction band inside the edge
and a thin darker rim, a crisp white highlight on the light side, a soft caustic glow on the far
side and a faint shadow cast down and to the right. Shapes are drawn supersampled as Pillow
polygons and reduced, so edges stay clean from thumbnails to 6000 px exports; the shading is done
on the reduced masks with blurs whose radii follow the tear's width.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from maskmeme_gui.model.layers import TearLayer
from maskmeme_gui.render.colors import parse_color
from maskmeme_gui.render.sprite import Sprite, pixel_scale

Point = tuple[float, float]
Mask = Image.Image  # mode "L"

MIN_WIDTH = 2.0  # output pixels: a narrower tear would be an invisible hairline
_LIGHT: Point = (-0.6, -0.8)  # unit vector towards the light
_MAX_WORK_PIXELS = 16_000_000  # the supersampled mask stays under this, whatever the tear's size
_DUPLICATE_DISTANCE = 0.25  # output pixels: closer points are the same point of the path

# Colours that do not depend on the layer: wet skin and refraction read as a darker skin tone,
# highlights as white light.
_EDGE_RGB = (74, 38, 28)
_SHADOW_RGB = (70, 34, 22)
_CAUSTIC_RGB = (255, 236, 214)
_WHITE = (255, 255, 255)


@dataclass(frozen=True)
class _Frame:
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

    def placed(self, bead: _Bead) -> _Bead:
        return _Bead(self.pixel(bead.centre), bead.radius)

    def new_work_mask(self) -> Mask:
        return Image.new("L", (self.size[0] * self.supersample, self.size[1] * self.supersample))

    def reduce(self, mask: Mask) -> Mask:
        return mask.reduce(self.supersample) if self.supersample > 1 else mask


@dataclass(frozen=True)
class _Bead:
    """A drop at a point of the tear: the end drop of a stream, or the drop of drop mode."""

    centre: Point
    radius: float


@dataclass(frozen=True)
class _Shape:
    """Everything the shading needs, in sprite pixels."""

    body: Mask
    highlight: Mask  # the specular streak and dots, before any glow
    beads: tuple[_Bead, ...]
    width: float


def render_tears(layer: TearLayer, scale: float = 1.0) -> Sprite:
    """The layer's tears drawn upright at output size; `anchor` is the layer's origin.

    A stream runs along `layer.points` (scaled, smoothed, wet for the first `layer.length` of
    its length): `layer.width` wide, narrowing to a point at the eye, and ending in a drop about
    1.7 widths across. A path of one point is just that drop; no points or nothing wet give an
    empty 1x1 sprite. A drop is one teardrop `layer.width` wide, its box centred on the origin.
    Opacity and rotation are left to the compositor.
    """
    factor = pixel_scale(layer.transform, scale)
    if not (math.isfinite(factor) and factor > 0):
        return _empty_sprite()
    width = max(MIN_WIDTH, layer.width * factor) if math.isfinite(layer.width) else MIN_WIDTH
    gloss = _clamp(layer.gloss, 0.0, 1.0)
    rng = random.Random(layer.seed)
    if layer.mode == "drop":
        frame, shape = _drop_shape(width, gloss, rng)
    else:
        path = _clean_path([(x * factor, y * factor) for x, y in layer.points])
        wet = _clamp(layer.length, 0.0, 1.0)
        if not path or wet <= 0.0:
            return _empty_sprite()
        frame, shape = _stream_shape(path, width, wet, gloss, rng)
    image = _shade(shape, parse_color(layer.tint)[:3], gloss)
    return Sprite(image=image, anchor=(float(frame.origin[0]), float(frame.origin[1])))


def _empty_sprite() -> Sprite:
    return Sprite(image=Image.new("RGBA", (1, 1)), anchor=(0.0, 0.0))


# --- paths ------------------------------------------------------------------------------------


def _clean_path(points: Sequence[Point]) -> list[Point]:
    """Finite points with repeats dropped, so every segment has a direction."""
    kept: list[Point] = []
    for point in points:
        if not (math.isfinite(point[0]) and math.isfinite(point[1])):
            continue
        if not kept or math.dist(kept[-1], point) > _DUPLICATE_DISTANCE:
            kept.append(point)
    return kept


def _catmull_rom(points: Sequence[Point], step: float) -> list[Point]:
    """A centripetal Catmull-Rom curve through the points (no loops or cusps), `step` apart."""
    if len(points) < 2:
        return list(points)
    first, last = points[0], points[-1]
    padded = [
        _lerp(points[1], first, 2.0),
        *points,
        _lerp(points[-2], last, 2.0),
    ]
    curve: list[Point] = []
    for i in range(len(points) - 1):
        p0, p1, p2, p3 = padded[i : i + 4]
        t1 = math.dist(p0, p1) ** 0.5
        t2 = t1 + math.dist(p1, p2) ** 0.5
        t3 = t2 + math.dist(p2, p3) ** 0.5
        count = max(1, math.ceil(math.dist(p1, p2) / step))
        for j in range(count):
            t = t1 + (t2 - t1) * j / count
            a1 = _lerp(p0, p1, t / t1)
            a2 = _lerp(p1, p2, (t - t1) / (t2 - t1))
            a3 = _lerp(p2, p3, (t - t2) / (t3 - t2))
            b1 = _lerp(a1, a2, t / t2)
            b2 = _lerp(a2, a3, (t - t1) / (t3 - t1))
            curve.append(_lerp(b1, b2, (t - t1) / (t2 - t1)))
    curve.append(last)
    return curve


def _arc_lengths(polyline: Sequence[Point]) -> list[float]:
    lengths = [0.0]
    for a, b in itertools.pairwise(polyline):
        lengths.append(lengths[-1] + math.dist(a, b))
    return lengths


def _resample(
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
        samples.append(_lerp(polyline[index], polyline[min(index + 1, len(polyline) - 1)], t))
    return samples


def _normals(samples: Sequence[Point]) -> list[Point]:
    """Unit normals, all on the side of the stream that faces the light."""
    tangents = []
    for i in range(len(samples)):
        a = samples[max(0, i - 1)]
        b = samples[min(len(samples) - 1, i + 1)]
        tangents.append(_unit((b[0] - a[0], b[1] - a[1]), fallback=(0.0, 1.0)))
    normals = [(-ty, tx) for tx, ty in tangents]
    # One side for the whole stream: a highlight that jumps sides at a bend looks broken.
    facing = sum(nx * _LIGHT[0] + ny * _LIGHT[1] for nx, ny in normals)
    sign = 1.0 if facing >= 0 else -1.0
    return [(nx * sign, ny * sign) for nx, ny in normals]


# --- the stream ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StreamStyle:
    """The seeded character of one stream, in units of its width so it survives zooming."""

    wobble_phases: tuple[float, float]
    drop_size: float
    gleam: Callable[[float], float]  # highlight strength 0..1 along the path, in widths
    beads: tuple[tuple[float, float, float], ...]  # (fraction of the path, swell, spread)


def _stream_style(rng: random.Random, widths_long: float) -> _StreamStyle:
    # Fixed-count draws first, so the number of beads never shifts the other features.
    phases = (rng.uniform(0, math.tau), rng.uniform(0, math.tau))
    drop_size = rng.uniform(0.95, 1.12)
    gleam = _value_noise(rng, knots=min(256, 2 + int(widths_long / 2.5)), spacing=2.5)
    count = round(widths_long / 9.0 * rng.uniform(0.5, 1.5))
    beads = tuple(
        (rng.uniform(0.1, 0.92), rng.uniform(0.12, 0.36), rng.uniform(0.6, 1.1))
        for _ in range(count)
    )
    return _StreamStyle(phases, drop_size, gleam, beads)


def _value_noise(rng: random.Random, knots: int, spacing: float) -> Callable[[float], float]:
    """Smooth 1-D noise in 0..1 with one random value every `spacing` units."""
    values = [rng.random() for _ in range(knots)]

    def noise(u: float) -> float:
        x = _clamp(u / spacing, 0.0, knots - 1.000001)
        i = int(x)
        return _lerp1(values[i], values[i + 1], _smoothstep(0.0, 1.0, x - i))

    return noise


@dataclass(frozen=True)
class _Spine:
    """Samples along the wet part of a stream: arc length, centre and half-width of each."""

    arcs: list[float]
    centres: list[Point]
    radii: list[float]


def _stream_shape(
    path: list[Point], width: float, wet: float, gloss: float, rng: random.Random
) -> tuple[_Frame, _Shape]:
    curve = _catmull_rom(path, step=max(0.5, width * 0.1))
    arcs = _arc_lengths(curve)
    total = arcs[-1]
    style = _stream_style(rng, total / width)
    end = total * wet
    # The drop hangs at the wet end; a short or growing stream is all drop, growing with it.
    drop_radius = min(0.85 * width * style.drop_size, end / 2) if end > 0 else width * 0.4
    drop_at = max(0.0, end - drop_radius)
    spacing = _clamp(width * 0.2, 0.75, 12.0)
    targets = [i * spacing for i in range(int(drop_at / spacing) + 1)]
    if targets[-1] < drop_at:
        targets.append(drop_at)
    spine = _Spine(
        targets,
        _resample(curve, arcs, targets),
        [_stream_radius(s, width, total, drop_at, drop_radius, style) for s in targets],
    )
    # The flare ends in a full disc: the last one drawn is the drop.
    drop = _Bead(spine.centres[-1], spine.radii[-1])

    frame = _frame_for(spine.centres, spine.radii, width)
    body = frame.new_work_mask()
    _draw_tube(ImageDraw.Draw(body), frame, spine.centres, spine.radii, [255] * len(targets))
    highlight = frame.new_work_mask()
    draw = ImageDraw.Draw(highlight)
    _draw_streak(draw, frame, spine, style, width, drop_at - drop_radius * 1.1, gloss)
    _draw_drop_highlights(draw, frame, drop, gloss)
    return frame, _Shape(frame.reduce(body), frame.reduce(highlight), (frame.placed(drop),), width)


def _stream_radius(
    s: float, width: float, total: float, drop_at: float, drop_radius: float, style: _StreamStyle
) -> float:
    """Half the stream's width at arc length `s`: narrow at the eye, fuller below, beaded."""
    taper = 0.08 + 0.92 * _smoothstep(-1.0 * width, 3.0 * width, s)
    fuller = 1.0 + 0.2 * min(1.0, s / (20.0 * width))
    wobble = 1.0 + 0.05 * math.sin(s / width * 1.2 + style.wobble_phases[0])
    wobble += 0.04 * math.sin(s / width * 2.9 + style.wobble_phases[1])
    radius = 0.5 * width * taper * fuller * wobble
    for fraction, swell, spread in style.beads:
        radius += (
            0.5 * width * swell * math.exp(-(((s - fraction * total) / (spread * width)) ** 2))
        )
    # Into the drop the width flares like the neck of a falling drop.
    neck = 2.6 * drop_radius
    flare = drop_radius * _clamp((s - (drop_at - neck)) / neck, 0.0, 1.0) if neck > 0 else 0.0
    return _smooth_max(radius, flare, 0.15 * width)


def _draw_streak(
    draw: ImageDraw.ImageDraw,
    frame: _Frame,
    spine: _Spine,
    style: _StreamStyle,
    width: float,
    stop: float,
    gloss: float,
) -> None:
    """The specular line on the light side, from just below the eye to above the drop (which
    has its own). It flickers in strength and thickness like light on a rippled film."""
    normals = _normals(spine.centres)
    picked = [i for i, s in enumerate(spine.arcs) if width * 0.6 < s < stop]
    if len(picked) < 2:
        return
    gleams = [style.gleam(spine.arcs[i] / width) for i in picked]
    strengths = [
        (0.25 + 0.75 * _smoothstep(0.1, 0.7, g)) * _smoothstep(0.6 * width, 2.5 * width, s)
        for g, s in zip(gleams, (spine.arcs[i] for i in picked), strict=True)
    ]
    _draw_tube(
        draw,
        frame,
        [_offset(spine.centres[i], normals[i], spine.radii[i] * 0.42) for i in picked],
        [max(0.5, spine.radii[i] * (0.06 + 0.08 * g)) for i, g in zip(picked, gleams, strict=True)],
        [round(255 * gloss * strength) for strength in strengths],
    )


# --- the drop ---------------------------------------------------------------------------------


def _drop_shape(width: float, gloss: float, rng: random.Random) -> tuple[_Frame, _Shape]:
    """A teardrop: pointed top, round bottom, its bounding box centred on the origin."""
    height = width * rng.uniform(1.3, 1.45)
    lean = rng.uniform(-0.06, 0.06) * width  # no two hand-placed drops hang exactly alike
    outline = _teardrop_outline(width, height, lean)
    frame = _frame_for(outline, [0.0] * len(outline), width)
    body = frame.new_work_mask()
    ImageDraw.Draw(body).polygon([frame.work(p) for p in outline], fill=255)
    # The round bottom of the teardrop is close to a circle as wide as the drop.
    belly = _Bead((0.0, height * 0.5 - width * 0.5), width * 0.5)
    highlight = frame.new_work_mask()
    draw = ImageDraw.Draw(highlight)
    _draw_drop_highlights(draw, frame, belly, gloss)
    # A thin glint runs up the light side of the neck.
    tip = outline[0]
    neck = [
        _lerp(tip, (belly.centre[0] - width * 0.33, belly.centre[1] - width * 0.2), t)
        for t in (0.35, 0.55, 0.75)
    ]
    _draw_tube(
        draw, frame, neck, [width * 0.02, width * 0.035, width * 0.03], [round(200 * gloss)] * 3
    )
    return frame, _Shape(frame.reduce(body), frame.reduce(highlight), (frame.placed(belly),), width)


def _teardrop_outline(width: float, height: float, lean: float) -> list[Point]:
    """x = sin t * sin(t/2), y = -cos t: a point at the top, a circle-like bottom."""
    steps = 96
    raw = [
        (math.sin(t) * math.sin(t / 2), -math.cos(t))
        for t in (math.tau * i / steps for i in range(steps))
    ]
    half_width = max(abs(x) for x, _ in raw)
    return [(x / half_width * width * 0.5 + lean * (1 - y) * 0.5, y * height * 0.5) for x, y in raw]


# --- drawing ----------------------------------------------------------------------------------


def _frame_for(points: Sequence[Point], radii: Sequence[float], width: float) -> _Frame:
    """A frame around the points and their radii, with room for the shadow and glows."""
    margin = width * 0.6 + 2
    left = math.floor(min(x - r for (x, _), r in zip(points, radii, strict=True)) - margin)
    top = math.floor(min(y - r for (_, y), r in zip(points, radii, strict=True)) - margin)
    right = math.ceil(max(x + r for (x, _), r in zip(points, radii, strict=True)) + margin)
    bottom = math.ceil(max(y + r for (_, y), r in zip(points, radii, strict=True)) + margin)
    size = (right - left, bottom - top)
    # Thin tears need the extra samples most; huge ones would only cost memory.
    wanted = 4 if width < 12 else 3 if width < 40 else 2
    affordable = max(1, math.isqrt(_MAX_WORK_PIXELS // (size[0] * size[1])))
    return _Frame(size=size, origin=(-left, -top), supersample=min(wanted, affordable))


def _draw_tube(
    draw: ImageDraw.ImageDraw,
    frame: _Frame,
    centres: Sequence[Point],
    radii: Sequence[float],
    fills: Sequence[int],
) -> None:
    """The union of discs along a polyline: a quad per segment, a disc at every joint."""
    for i, (centre, radius) in enumerate(zip(centres, radii, strict=True)):
        _draw_disc(draw, frame, centre, radius, fills[i])
        if i + 1 < len(centres):
            nxt, next_radius = centres[i + 1], radii[i + 1]
            nx, ny = _unit((centre[1] - nxt[1], nxt[0] - centre[0]), fallback=(1.0, 0.0))
            quad = [
                _offset(centre, (nx, ny), radius),
                _offset(nxt, (nx, ny), next_radius),
                _offset(nxt, (nx, ny), -next_radius),
                _offset(centre, (nx, ny), -radius),
            ]
            draw.polygon([frame.work(p) for p in quad], fill=fills[i])


def _draw_disc(
    draw: ImageDraw.ImageDraw, frame: _Frame, centre: Point, radius: float, fill: int
) -> None:
    x, y = frame.work(centre)
    r = radius * frame.supersample
    draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def _draw_drop_highlights(
    draw: ImageDraw.ImageDraw, frame: _Frame, drop: _Bead, gloss: float
) -> None:
    """A window-shaped gleam on the light side and a small dot where light leaves the drop."""
    r = drop.radius
    cx, cy = drop.centre
    main = _ellipse_outline((cx - 0.4 * r, cy - 0.42 * r), 0.3 * r, 0.16 * r, -0.8)
    draw.polygon([frame.work(p) for p in main], fill=round(255 * gloss))
    dot = _ellipse_outline((cx + 0.42 * r, cy + 0.5 * r), 0.1 * r, 0.06 * r, -0.8)
    draw.polygon([frame.work(p) for p in dot], fill=round(150 * gloss))


def _ellipse_outline(centre: Point, rx: float, ry: float, angle: float) -> list[Point]:
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    outline = []
    for i in range(32):
        t = math.tau * i / 32
        x, y = rx * math.cos(t), ry * math.sin(t)
        outline.append((centre[0] + x * cos_a - y * sin_a, centre[1] + x * sin_a + y * cos_a))
    return outline


# --- shading ----------------------------------------------------------------------------------


def _shade(shape: _Shape, tint: tuple[int, int, int], gloss: float) -> Image.Image:
    """Stack the layers of a water tear on transparent pixels."""
    body, width = shape.body, shape.width
    lens = _blurred(body, max(0.6, width * 0.1))
    # Water bends the light: its inner edge looks dark on the side facing the light and glows on
    # the far side, where the light it gathered comes out.
    shift = max(1, round(width * 0.06))
    dark_edge = ImageChops.subtract(body, ImageChops.offset(lens, shift, shift))
    inner = _threshold(_blurred(body, max(0.4, width * 0.03)), 200, 245)
    glow_edge = ImageChops.subtract(inner, ImageChops.offset(lens, -shift, -shift))
    rim = ImageChops.subtract(body, inner)
    glint = _blurred(shape.highlight, max(0.3, width * 0.01))
    halo = _blurred(shape.highlight, max(0.6, width * 0.07))
    layers = [
        (_SHADOW_RGB, _shadow(shape, lens)),
        # Wet skin is a little darker; the tint is the water's own colour.
        (_EDGE_RGB, _scaled(body, 0.08)),
        (tint, _scaled(body, 0.07 + 0.04 * gloss)),
        (_EDGE_RGB, _scaled(dark_edge, 0.9)),
        (_EDGE_RGB, _scaled(rim, 0.5)),
        (_CAUSTIC_RGB, _scaled(glow_edge, 0.3 + 0.4 * gloss)),
        (_WHITE, _scaled(halo, 0.4)),
        (_WHITE, glint),
    ]
    image = Image.new("RGBA", body.size)
    for rgb, alpha in layers:
        # Only where the layer has ink: compositing a transparent pixel leaves it as it was.
        box = alpha.getbbox()
        if box is None:
            continue
        paint = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), rgb)
        paint.putalpha(alpha.crop(box))
        image.alpha_composite(paint, box[:2])
    return image


def _shadow(shape: _Shape, lens: Mask) -> Mask:
    """A soft shadow down and to the right of the tear, deepest under the drops.

    The body cast aside and blurred is the lens (the body blurred as much) moved aside, so only
    the drops' own part of the cast is blurred here: a blur of a sum is the sum of the blurs
    (give or take a level of rounding), and the drops are a fraction of the tear.
    """
    reach = max(1, round(shape.width * 0.07))
    moved = ImageChops.offset(shape.body, reach, reach)
    drops = Image.new("L", shape.body.size)
    draw = ImageDraw.Draw(drops)
    for bead in shape.beads:
        (x, y), r = bead.centre, bead.radius
        draw.ellipse((x - r * 0.6, y - r * 0.55, x + r * 1.2, y + r * 1.3), fill=255)
    beyond = ImageChops.subtract(drops, moved)  # the cast is the moved body plus this
    cast = ImageChops.add(
        ImageChops.offset(lens, reach, reach), _blurred(beyond, max(0.6, shape.width * 0.1))
    )
    # Under the water itself the shadow is lit again by the light the drop focuses.
    return ImageChops.subtract(_scaled(cast, 0.4), shape.body)


def _blurred(mask: Mask, radius: float) -> Mask:
    """A Gaussian blur of `mask`, worked out only around its ink: the same pixels as blurring
    it whole, since Pillow's blur (three box passes) reaches less than 3 * (radius + 1) pixels
    and repeats edge pixels, which are empty around the ink. The highlights cover a quarter of
    a stream's frame, the body half of it, and the blurs were two thirds of a stream's time."""
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
    blurred = mask.crop(around).filter(ImageFilter.GaussianBlur(radius))
    if around == (0, 0, width, height):
        return blurred
    whole = Image.new("L", mask.size)
    whole.paste(blurred, around[:2])
    return whole


def _threshold(mask: Mask, low: int, high: int) -> Mask:
    return mask.point(_threshold_table(low, high))


def _scaled(mask: Mask, factor: float) -> Mask:
    return mask.point(_scale_table(factor))


# The tables are the same for every tear (the factors are constants or follow the gloss), and
# building one in Python costs as much as applying it to a large tear's mask.
@functools.lru_cache(maxsize=64)
def _threshold_table(low: int, high: int) -> tuple[int, ...]:
    span = max(1, high - low)
    return tuple(round(255 * _clamp((v - low) / span, 0.0, 1.0)) for v in range(256))


@functools.lru_cache(maxsize=64)
def _scale_table(factor: float) -> tuple[int, ...]:
    return tuple(min(255, round(v * factor)) for v in range(256))


# --- small maths ------------------------------------------------------------------------------


def _clamp(value: float, low: float, high: float) -> float:
    return low if not value >= low else min(value, high)


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _lerp1(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _smoothstep(edge0: float, edge1: float, x: float) -> float:
    t = _clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0) if edge1 > edge0 else float(x >= edge1)
    return t * t * (3.0 - 2.0 * t)


def _smooth_max(a: float, b: float, softness: float) -> float:
    return 0.5 * (a + b + math.sqrt((a - b) ** 2 + softness * softness))


def _unit(v: Point, fallback: Point) -> Point:
    length = math.hypot(v[0], v[1])
    return (v[0] / length, v[1] / length) if length > 1e-12 else fallback


def _offset(point: Point, direction: Point, distance: float) -> Point:
    return (point[0] + direction[0] * distance, point[1] + direction[1] * distance)
