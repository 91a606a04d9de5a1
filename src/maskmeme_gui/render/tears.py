"""Procedural tears, drawn by code in the layer's style.

`render_tears` checks and scales the layer's values once, then hands them to the painter of its
`style` from `PAINTERS`: each style (a module of `render/tearstyles/`) paints a stream along a
path and a single drop. Everything random comes from the layer's seed: same layer, same pixels.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from maskmeme_gui.model.layers import TearLayer, TearStyle
from maskmeme_gui.render.colors import parse_color
from maskmeme_gui.render.sprite import Sprite, pixel_scale
from maskmeme_gui.render.tearstyles import cartoon, flood, realistic, single
from maskmeme_gui.render.tearstyles.kit import Point, TearPainter, TearRequest, clamp, empty_sprite

MIN_WIDTH = 2.0  # output pixels: a narrower tear would be an invisible hairline
_DUPLICATE_DISTANCE = 0.25  # output pixels: closer points are the same point of the path

# One row per style: a new style is a module in render/tearstyles/ and a row here.
PAINTERS: dict[TearStyle, TearPainter] = {
    "realistic": realistic.PAINTER,
    "cartoon": cartoon.PAINTER,
    "flood": flood.PAINTER,
    "single": single.PAINTER,
}


def render_tears(layer: TearLayer, scale: float = 1.0, time_ms: int | None = None) -> Sprite:
    """The layer's tears drawn upright at output size; `anchor` is the layer's origin.

    A stream runs along `layer.points` (scaled, smoothed, wet for the first `layer.length` of
    its length), `layer.width` wide at the eye; a path of one point is just its end drop; no
    points or nothing wet give an empty 1x1 sprite. A drop is one droplet `layer.width` wide,
    its box centred on the origin. What the tears look like is up to the style's painter (an
    unknown style paints as "realistic"). Opacity and rotation are left to the compositor.
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
        return painter.drop(request)
    path = _clean_path([(x * factor, y * factor) for x, y in layer.points])
    if not path or request.wet <= 0.0:
        return empty_sprite()
    return painter.stream(
        TearRequest(path, width, request.wet, request.gloss, request.tint, request.rng)
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
