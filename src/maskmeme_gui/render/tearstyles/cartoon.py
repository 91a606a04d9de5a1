"""Cartoon tears: bold blue streams outlined like a drawing, with white highlights.

Flat colours from the layer's tint (its hue, made bold): a fill, a darker band on the side away
from the light, an outline in a deep shade of the same hue, and white highlights on the light
side (a long stroke and a dot on the stream, a gleam on the drop). The stream keeps its width
down the face and ends in a round drop one and a half widths across.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tearstyles.flow import SWELL, falling_drop
from maskmeme_gui.render.tearstyles.kit import (
    LIGHT,
    RGB,
    WHITE,
    Frame,
    Mask,
    Point,
    TearPainter,
    TearRequest,
    clamp,
    draw_disc,
    draw_ellipse,
    draw_tube,
    frame_for,
    moved,
    normals,
    offset,
    paint,
    sample_targets,
    smooth_curve,
    smooth_max,
    smoothstep,
    teardrop_outline,
    toned,
)

DROP_SIZE = 1.5  # the end drop's width, in stream widths


@dataclass(frozen=True)
class Palette:
    fill: RGB
    shade: RGB
    line: RGB


def palette(tint: RGB) -> Palette:
    """The tint's hue, bold: the default pale blue becomes a cartoon blue."""
    return Palette(fill=toned(tint, 0.62, 0.98), shade=toned(tint, 0.75, 0.82),
                   line=toned(tint, 0.85, 0.38))  # fmt: skip


def outline_width(width: float) -> float:
    return max(1.2, width * 0.13)


def paint_stream(request: TearRequest) -> Sprite:
    rng, width = request.rng, request.width
    phase = rng.uniform(0, math.tau)
    curve = smooth_curve(request.path, width)
    end = curve.total * request.wet
    flow = request.flow
    full_radius = 0.5 * DROP_SIZE * width
    drop_radius = (
        min(full_radius * (flow.swell if flow else 1.0), end / 2) if end > 0 else 0.5 * width
    )
    drop_at = max(0.0, end - drop_radius)
    arcs = sample_targets(drop_at, clamp(width * 0.25, 0.75, 12.0))
    centres = curve.at(arcs)
    radii = [_radius(s, width, drop_at, drop_radius, phase) for s in arcs]
    line = outline_width(width)
    falling = falling_drop(curve, drop_at, full_radius * (1 + SWELL), width, flow)
    extra = [(falling.centre, falling.radius)] if falling else []
    frame = frame_for([*centres, *(c for c, _ in extra)],
                      [r + line for r in [*radii, *(r for _, r in extra)]], width,
                      room=0.2)  # fmt: skip
    fill = frame.new_work_mask()
    draw_tube(ImageDraw.Draw(fill), frame, centres, radii, [255] * len(arcs))
    ink = frame.new_work_mask()
    draw_tube(ImageDraw.Draw(ink), frame, centres, [r + line for r in radii], [255] * len(arcs))
    if falling is not None:
        opacity = round(255 * falling.opacity)
        draw_disc(ImageDraw.Draw(fill), frame, falling.centre, falling.radius, opacity)
        draw_disc(ImageDraw.Draw(ink), frame, falling.centre, falling.radius + line, opacity)
    shine = frame.new_work_mask()
    draw = ImageDraw.Draw(shine)
    sides = normals(centres)
    # A long white stroke down the light side, broken once, and a white dot below it.
    start, stop = 1.2 * width, drop_at - 1.4 * drop_radius
    gap = start + (stop - start) * rng.uniform(0.55, 0.75)
    for a, b in ((start, gap - 0.5 * width), (gap + 0.2 * width, gap + 0.35 * width)):
        picked = [i for i, s in enumerate(arcs) if a <= s <= b]
        if len(picked) >= 2:
            draw_tube(draw, frame, [offset(centres[i], sides[i], radii[i] * 0.42) for i in picked],
                      [radii[i] * 0.2 for i in picked], [255] * len(picked))  # fmt: skip
    _drop_shine(draw, frame, centres[-1], drop_radius)
    if falling is not None:
        _drop_shine(draw, frame, falling.centre, falling.radius)
    return frame.sprite(_colour(frame, fill, ink, shine, width, palette(request.tint),
                                request.gloss))  # fmt: skip


def _radius(s: float, width: float, drop_at: float, drop_radius: float, phase: float) -> float:
    welling = 0.35 + 0.65 * smoothstep(-0.3 * width, 1.5 * width, s)
    wobble = 1.0 + 0.06 * math.sin(s / width * 0.9 + phase)
    neck = 2.2 * drop_radius
    flare = drop_radius * clamp((s - (drop_at - neck)) / neck, 0.0, 1.0) ** 1.6 if neck else 0.0
    return smooth_max(0.5 * width * welling * wobble, flare, 0.1 * width)


def _drop_shine(draw: ImageDraw.ImageDraw, frame: Frame, centre: Point, radius: float) -> None:
    cx, cy = centre
    r = radius
    draw_ellipse(draw, frame, (cx - 0.38 * r, cy - 0.3 * r), (0.3 * r, 0.16 * r), -1.0, 255)
    draw_ellipse(draw, frame, (cx - 0.05 * r, cy - 0.62 * r), (0.09 * r, 0.09 * r), 0.0, 255)


def _colour(
    frame: Frame,
    fill_work: Mask,
    ink_work: Mask,
    shine_work: Mask,
    width: float,
    colours: Palette,
    gloss: float,
) -> Image.Image:
    fill, ink = frame.reduce(fill_work), frame.reduce(ink_work)
    shine = ImageChops.multiply(frame.reduce(shine_work), fill)
    # The band away from the light: the fill less the fill moved away from the light.
    shade = ImageChops.subtract(fill, moved(fill, (-LIGHT[0], -LIGHT[1]), max(1.0, width * 0.22)))
    shine = shine.point(lambda v: round(v * (0.45 + 0.55 * gloss)))
    return paint(ink.size, [(colours.line, ink), (colours.fill, fill), (colours.shade, shade),
                            (WHITE, shine)])  # fmt: skip


def paint_drop(request: TearRequest) -> Sprite:
    """A cartoon teardrop `width` wide, its box centred on the origin."""
    width = request.width
    height = width * request.rng.uniform(1.38, 1.5)
    outline = teardrop_outline(width, height)
    line = outline_width(width)
    frame = frame_for(outline, [line] * len(outline), width, room=0.2)
    fill = frame.new_work_mask()
    ImageDraw.Draw(fill).polygon([frame.work(p) for p in outline], fill=255)
    ink = frame.new_work_mask()
    ink_draw = ImageDraw.Draw(ink)
    work = [frame.work(p) for p in outline]
    ink_draw.polygon(work, fill=255)
    ink_draw.line([*work, work[0], work[1]], fill=255,
                  width=max(1, round(2 * line * frame.supersample)), joint="curve")  # fmt: skip
    shine = frame.new_work_mask()
    draw = ImageDraw.Draw(shine)
    _drop_shine(draw, frame, (0.0, height * 0.5 - width * 0.5), width * 0.5)
    tip = outline[0]
    draw_tube(draw, frame, [(tip[0] - 0.1 * width, tip[1] + 0.35 * height),
                            (tip[0] - 0.26 * width, tip[1] + 0.58 * height)],
              [0.05 * width, 0.07 * width], [255, 255])  # fmt: skip
    return frame.sprite(_colour(frame, fill, ink, shine, width, palette(request.tint),
                                request.gloss))  # fmt: skip


PAINTER = TearPainter(stream=paint_stream, drop=paint_drop)
