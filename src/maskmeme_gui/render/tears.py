"""Procedural tears, drawn by code in the layer's style.

`render_tears` checks and scales the layer's values once, then hands them to the painter of its
`style` from `PAINTERS`: each style (a module of `render/tearstyles/`) paints a stream along a
path and a single drop. Everything random comes from the layer's seed: same layer, same pixels.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Sequence
from dataclasses import replace

from maskmeme_gui.model.layers import TearLayer, TearStyle
from maskmeme_gui.render.colors import parse_color
from maskmeme_gui.render.sprite import Sprite, pixel_scale
from maskmeme_gui.render.tearstyles import cartoon, flood, realistic, single
from maskmeme_gui.render.tearstyles.flow import (
    FADE_START,
    POURS,
    QUICK_FADE_START,
    TRAIL,
    cycle_position,
    drop_frame,
    drop_pulse,
    faded,
    flow_at,
    over_trail,
    pouring,
    stream_frame,
)
from maskmeme_gui.render.tearstyles.kit import (
    RGB,
    Point,
    TearPainter,
    TearRequest,
    clamp,
    empty_sprite,
    smooth_curve,
)

MIN_WIDTH = 2.0  # output pixels: a narrower tear would be an invisible hairline
_DUPLICATE_DISTANCE = 0.25  # output pixels: closer points are the same point of the path

# One row per style: a new style is a module in render/tearstyles/ and a row here.
PAINTERS: dict[TearStyle, TearPainter] = {
    "realistic": realistic.PAINTER,
    "cartoon": cartoon.PAINTER,
    "flood": flood.PAINTER,
    "single": single.PAINTER,
}


def render_tears(layer: TearLayer, scale: float = 1.0, time_ms: float | None = None) -> Sprite:
    """The layer's tears drawn upright at output size; `anchor` is the layer's origin.

    A stream runs along `layer.points` (scaled, smoothed, wet for the first `layer.length` of
    its length), `layer.width` wide at the eye; a path of one point is just its end drop; no
    points or nothing wet give an empty 1x1 sprite. A drop is one droplet `layer.width` wide,
    its box centred on the origin. What the tears look like is up to the style's painter (an
    unknown style paints as "realistic"). Opacity and rotation are left to the compositor.

    A layer with `flow` on is drawn at `time_ms` into its cycle (still, as above, when
    `time_ms` is None), in a sprite whose size and anchor are the same at every moment, still
    or not: it covers the whole path and the drop's fall, transparent where nothing is wet yet.
    """
    factor = pixel_scale(layer.transform, scale)
    if not (math.isfinite(factor) and factor > 0):
        return empty_sprite()
    width = max(MIN_WIDTH, layer.width * factor) if math.isfinite(layer.width) else MIN_WIDTH
    painter = PAINTERS.get(layer.style, PAINTERS["realistic"])
    request = TearRequest(
        path=[],
        width=width,
        wet=clamp(layer.length, 0.0, 1.0),
        gloss=clamp(layer.gloss, 0.0, 1.0),
        tint=parse_color(layer.tint)[:3],
        rng=random.Random(layer.seed),
    )
    if layer.mode == "drop":
        return (
            _flowing_drop(layer, painter, request, time_ms) if layer.flow else painter.drop(request)
        )
    path = _clean_path([(x * factor, y * factor) for x, y in layer.points])
    if not path or request.wet <= 0.0:
        return empty_sprite()
    if not layer.flow:
        return painter.stream(replace(request, path=path))
    return _flowing_stream(layer, path, request, time_ms)


def _flowing_stream(
    layer: TearLayer, path: list[Point], request: TearRequest, time_ms: float | None
) -> Sprite:
    """The stream at `time_ms` into its cycle: its running part over its wet trail."""
    style = layer.style if layer.style in PAINTERS else "realistic"
    still = _still_stream(
        style, tuple(path), request.width, request.wet, request.gloss, request.tint, layer.seed
    )
    frame = stream_frame(smooth_curve(path, request.width), request.wet, request.width, style)
    if time_ms is None:
        return frame.sprite(frame.place(still))
    u = cycle_position(time_ms, layer.flow_speed, layer.flow_phase)
    fade_start = FADE_START if TRAIL[style] > 0 else QUICK_FADE_START
    flow = pouring(u) if style in POURS else flow_at(u, fade_start)
    trail = faded(frame.place(still), TRAIL[style])
    if flow.front <= 0.0:
        return frame.sprite(trail)
    running = PAINTERS[style].stream(
        replace(request, path=path, wet=request.wet * flow.front, flow=flow)
    )
    return frame.sprite(over_trail(trail, frame.place(running), flow.strength))


@functools.lru_cache(maxsize=8)
def _still_stream(
    style: TearStyle,
    path: tuple[Point, ...],
    width: float,
    wet: float,
    gloss: float,
    tint: RGB,
    seed: int,
) -> Sprite:
    """The still stream, which a flowing one leaves as its trail: kept, since every frame of
    an animation needs it. Nobody draws on the cached image."""
    request = TearRequest(list(path), width, wet, gloss, tint, random.Random(seed))
    return PAINTERS[style].stream(request)


def _flowing_drop(
    layer: TearLayer, painter: TearPainter, request: TearRequest, time_ms: float | None
) -> Sprite:
    """A lone drop swells a little and back once a cycle, in a frame for its largest size."""
    frame = drop_frame(request.width)
    if time_ms is None:
        return frame.sprite(frame.place(painter.drop(request)))
    u = cycle_position(time_ms, layer.flow_speed, layer.flow_phase)
    return frame.sprite(
        frame.place(painter.drop(replace(request, width=request.width * drop_pulse(u))))
    )


def _clean_path(points: Sequence[Point]) -> list[Point]:
    """Finite points with repeats dropped, so every segment has a direction."""
    kept: list[Point] = []
    for point in points:
        if not (math.isfinite(point[0]) and math.isfinite(point[1])):
            continue
        if not kept or math.dist(kept[-1], point) > _DUPLICATE_DISTANCE:
            kept.append(point)
    return kept
