"""Flood tears: anime waterfalls pouring from the eye.

A band about as wide as the eye (`FLOOD_WIDTH` stream widths) leaves the eye at full width,
widens as it falls and ends in a few flying drops. It is a bright, slightly see-through blue
from the tint, outlined in a deeper blue, with white and pale streaks running down it.
"""

from __future__ import annotations

import math

from PIL import ImageChops, ImageDraw

from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tearstyles.cartoon import outline_width
from maskmeme_gui.render.tearstyles.cartoon import paint_drop as cartoon_drop
from maskmeme_gui.render.tearstyles.kit import (
    WHITE,
    Frame,
    Point,
    TearPainter,
    TearRequest,
    clamp,
    draw_disc,
    draw_tube,
    frame_for,
    normals,
    offset,
    paint,
    sample_targets,
    smooth_curve,
    smoothstep,
    toned,
)

FLOOD_WIDTH = 2.8  # the waterfall's width at the eye, in stream widths
SPREAD = 1.35  # how much wider it is at the bottom


def paint_stream(request: TearRequest) -> Sprite:
    rng, width = request.rng, request.width
    phases = (rng.uniform(0, math.tau), rng.uniform(0, math.tau))
    # Streaks: where across the band (-1..1), how long a dash and gap are (in widths), the
    # dash's phase, and whether it is white (else pale).
    streaks = [
        (lane, rng.uniform(2.5, 6.0), rng.uniform(0.8, 2.0), rng.uniform(0, 8.0), lane_index % 2)
        for lane_index, lane in enumerate((-0.55, -0.2, 0.15, 0.5))
    ]
    splash = [(rng.uniform(-0.9, 0.9), rng.uniform(0.2, 1.4), rng.uniform(0.14, 0.32))
              for _ in range(5)]  # fmt: skip
    flow = request.flow
    if flow is not None:
        # The splash drops keep falling: each from the band's end, out and away, and again.
        splash = [_falling_splash(drop, i, flow.run) for i, drop in enumerate(splash)]
    curve = smooth_curve(request.path, width)
    end = curve.total * request.wet
    arcs = sample_targets(end, clamp(width * 0.3, 0.75, 16.0))
    centres = curve.at(arcs)
    half = 0.5 * FLOOD_WIDTH * width
    radii = [
        half * (1.0 + (SPREAD - 1.0) * smoothstep(0.0, max(end, 1.0), s))
        * (1.0 + 0.05 * math.sin(s / width * 1.3 + phases[0]))
        for s in arcs
    ]  # fmt: skip
    line = outline_width(width)
    sides = normals(centres)
    tail = centres[-1]
    direction = curve.direction(end)
    drops: list[tuple[Point, float]] = [
        (offset(offset(tail, sides[-1], across * radii[-1]), direction,
                radii[-1] * 0.9 + width * down), width * size)
        for across, down, size in splash
    ]  # fmt: skip
    frame = frame_for(
        [*centres, *(p for p, _ in drops)],
        [*(r + line for r in radii), *(r + line for _, r in drops)],
        width,
        room=0.2,
    )
    fill = frame.new_work_mask()
    ink = frame.new_work_mask()
    fill_draw, ink_draw = ImageDraw.Draw(fill), ImageDraw.Draw(ink)
    draw_tube(fill_draw, frame, centres, radii, [255] * len(arcs))
    draw_tube(ink_draw, frame, centres, [r + line for r in radii], [255] * len(arcs))
    for centre, r in drops:
        draw_disc(fill_draw, frame, centre, r, 255)
        draw_disc(ink_draw, frame, centre, r + line, 255)
    # It pours from the lower lid: the top is cut straight across, under an outline.
    ahead = curve.direction(0.0)
    _cut_before(fill_draw, frame, centres[0], ahead, 0.0, half * 3)
    _cut_before(ink_draw, frame, centres[0], ahead, line, half * 3)
    white = frame.new_work_mask()
    pale = frame.new_work_mask()
    for lane, dash, gap, phase, is_white in streaks:
        draw = ImageDraw.Draw(white if is_white else pale)
        period = (dash + gap) * width
        # Flowing, the dashes run down: each lane by two of its own periods a cycle.
        shift = 2 * period * flow.run if flow is not None else 0.0
        for i, s in enumerate(arcs[:-1]):
            if (s - shift + phase * width) % period < dash * width and s > 0.4 * width:
                a = offset(centres[i], sides[i], lane * radii[i])
                b = offset(centres[i + 1], sides[i + 1], lane * radii[i + 1])
                thick = width * (0.09 if is_white else 0.14)
                draw_tube(draw, frame, [a, b], [thick, thick], [255, 255])
    for centre, r in drops:
        draw_disc(ImageDraw.Draw(white), frame, offset(centre, (-0.5, -0.5), r * 0.5), r * 0.28,
                  255)  # fmt: skip
    fill_mask, ink_mask = frame.reduce(fill), frame.reduce(ink)
    gloss = request.gloss
    white_mask = ImageChops.multiply(frame.reduce(white), fill_mask)
    pale_mask = ImageChops.multiply(frame.reduce(pale), fill_mask)
    tint = request.tint
    image = paint(ink_mask.size, [
        (toned(tint, 0.85, 0.55), ink_mask),
        (toned(tint, 0.45, 1.0), fill_mask.point(lambda v: v * 225 // 255)),
        (toned(tint, 0.2, 1.0), pale_mask),
        (WHITE, white_mask.point(lambda v: round(v * (0.5 + 0.5 * gloss)))),
    ])  # fmt: skip
    return frame.sprite(image)


def _falling_splash(
    drop: tuple[float, float, float], index: int, run: float
) -> tuple[float, float, float]:
    """A splash drop (across, down in widths, size in widths) at `run` of the cycle: it falls
    from the band's end twice a cycle, growing out of it and shrinking away."""
    across, down, size = drop
    x = (down / 1.6 + 2 * run + index * 0.37) % 1.0
    return (across * (0.6 + 0.4 * x), 0.1 + 1.8 * x, size * math.sin(math.pi * x) ** 0.5)


def _cut_before(
    draw: ImageDraw.ImageDraw, frame: Frame, at: Point, ahead: Point, margin: float, reach: float
) -> None:
    """Clear everything more than `margin` behind `at`, looking along `ahead`."""
    side = (-ahead[1], ahead[0])
    edge = offset(at, ahead, -margin)
    far = offset(edge, ahead, -reach)
    corners = [offset(edge, side, reach), offset(far, side, reach),
               offset(far, side, -reach), offset(edge, side, -reach)]  # fmt: skip
    draw.polygon([frame.work(p) for p in corners], fill=0)


PAINTER = TearPainter(stream=paint_stream, drop=cartoon_drop)
