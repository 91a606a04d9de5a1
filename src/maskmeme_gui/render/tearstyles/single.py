"""The single tear: one glistening drop on the cheek, just under the eye.

However long the path, the drop sits `SINGLE_AT` widths down it from the eye (or at the wet end
of a shorter or still-growing stream), pointing back up the path, with the faint wet trail it
left behind. It is clear water like the realistic style's, `DROP_WIDTH` widths wide, with a
bright gleam and a small four-pointed sparkle.
"""

from __future__ import annotations

from PIL import ImageDraw

from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tearstyles.flow import SWELL, falling_drop
from maskmeme_gui.render.tearstyles.kit import (
    Frame,
    Mask,
    Point,
    TearPainter,
    TearRequest,
    clamp,
    draw_tube,
    frame_for,
    sample_targets,
    smooth_curve,
    smoothstep,
    sparkle,
    teardrop_outline,
    turned,
)
from maskmeme_gui.render.tearstyles.water import (
    Bead,
    WaterShape,
    draw_bead_lights,
    shade_water,
    shaded_drop,
)

SINGLE_AT = 3.2  # where the drop's belly sits, in widths down the path from the eye
DROP_WIDTH = 1.6  # the drop's width, in stream widths
TRAIL_WIDTH = 0.3  # the wet trail's width, in stream widths


def paint_stream(request: TearRequest) -> Sprite:
    width = request.width
    drop_w = width * DROP_WIDTH
    drop_h = drop_w * request.rng.uniform(1.35, 1.5)
    curve = smooth_curve(request.path, width)
    flow = request.flow
    if flow is None:
        at = min(curve.total * request.wet, SINGLE_AT * width)
    else:
        # Flowing, the drop wells up at the eye, slides down the whole wet path, swells at
        # its end and falls (at its largest).
        at = curve.total * request.wet
        size = (1 + SWELL if flow.fallen else flow.swell) * smoothstep(0.0, SINGLE_AT * width, at)
        drop_w, drop_h = drop_w * size, drop_h * size
    belly = curve.at([at])[0]
    down = curve.direction(at)
    falling = falling_drop(curve, at, drop_w / 2, width, flow)
    if falling is not None:
        belly = falling.centre
        drop_w, drop_h = 2 * falling.radius, drop_h * falling.radius * 2 / drop_w
    outline = turned(_centred_on_belly(drop_w, drop_h), down, belly)
    if flow is not None and flow.fallen and falling is None:
        outline = []  # the drop has gone: only its trail is left
    trail_end = max(0.0, at - (drop_h - drop_w / 2) * 0.7)
    arcs = sample_targets(trail_end, clamp(width * 0.2, 0.75, 12.0))
    trail = curve.at(arcs)
    trail_radii = [
        0.5 * TRAIL_WIDTH * width * (0.3 + 0.7 * smoothstep(-0.3 * width, 1.5 * width, s))
        for s in arcs
    ]
    frame = frame_for([*trail, *outline], [*trail_radii, *([0.0] * len(outline))], width)
    body = frame.new_work_mask()
    draw = ImageDraw.Draw(body)
    if trail_end > 0:
        draw_tube(draw, frame, trail, trail_radii, [255] * len(arcs))
    if not outline:
        return _shaded(request, frame, body, None)
    opacity = falling.opacity if falling is not None else 1.0
    draw.polygon([frame.work(p) for p in outline], fill=round(255 * opacity))
    return _shaded(request, frame, body, Bead(belly, drop_w / 2), opacity)


def _centred_on_belly(drop_w: float, drop_h: float) -> list[Point]:
    """A teardrop hanging point up, with its round belly's centre at (0, 0)."""
    belly_y = drop_h / 2 - drop_w / 2
    return [(x, y - belly_y) for x, y in teardrop_outline(drop_w, drop_h)]


def _shaded(
    request: TearRequest, frame: Frame, body: Mask, belly: Bead | None, opacity: float = 1.0
) -> Sprite:
    gloss = request.gloss
    if belly is None:
        return frame.sprite(shade_water(
            WaterShape(frame.reduce(body), frame.reduce(frame.new_work_mask()),
                       frame.reduce(frame.new_work_mask()), (), request.width),
            request.tint, gloss))  # fmt: skip
    gloss *= opacity
    highlight = frame.new_work_mask()
    draw = ImageDraw.Draw(highlight)
    draw_bead_lights(draw, frame, belly.centre, belly.radius, gloss)
    cx, cy = belly.centre
    r = belly.radius
    star = sparkle((cx - 0.34 * r, cy - 0.38 * r), r * 0.75, 0.16)
    draw.polygon([frame.work(p) for p in star], fill=round(255 * gloss))
    return shaded_drop(frame, body, highlight, belly, request.width, request.tint, gloss)


def paint_drop(request: TearRequest) -> Sprite:
    """The glistening drop alone, `width` wide, its box centred on the origin."""
    width = request.width
    height = width * request.rng.uniform(1.35, 1.5)
    outline = teardrop_outline(width, height)
    frame = frame_for(outline, [0.0] * len(outline), width)
    body = frame.new_work_mask()
    ImageDraw.Draw(body).polygon([frame.work(p) for p in outline], fill=255)
    return _shaded(request, frame, body, Bead((0.0, height / 2 - width / 2), width / 2))


PAINTER = TearPainter(stream=paint_stream, drop=paint_drop)
