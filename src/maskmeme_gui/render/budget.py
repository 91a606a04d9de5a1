"""The render budget: what one render may ask for, checked before anything is allocated.

Every value a document holds is within the loader's limits, yet together they can ask for
gigapixels (a 40 000-pixel sticker at scale 20) or for minutes of drawing (a caption of
10 000 characters at size 2 000). Each entry point of the renderer (`render_document`,
`render_frames`, `render_background`, `render_layer`, `render_layer_preview`) checks the
document or the layer against these limits first, from its numbers alone, and refuses with a
`RenderBudgetError` naming what is too large and the limit. Within them, a render finishes
in under 20 s and 2 GB on a 2-core machine (measured, see each limit).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import (
    CaptionLayer,
    Layer,
    StickerLayer,
    TearLayer,
    Transform,
    path_length,
)
from maskmeme_gui.model.serialize import MAX_TEAR_POINTS, MAX_TEXT
from maskmeme_gui.render.errors import RenderError

MAX_OUTPUT_PIXELS = 100_000_000
"""A 10 000 x 10 000 picture: drawn in 1.4 s (408 MB), as PNG with a 25-megapixel sticker
turned 45 degrees on it in 6.8 s (931 MB)."""
MAX_SPRITE_PIXELS = 50_000_000
"""One layer's sprite after scale and rotation: a 7 000-pixel sticker turned 30 degrees
(91 megapixels) took 6.3 s and 1 GB, so half of that."""
MAX_LAYER_PIXELS = 100_000_000
"""All the layers' sprites of one render together: each is held until it is pasted."""
MAX_FONT_PIXELS = 5_000
"""A caption's font size in output pixels (four letters at 4 000: 0.6 s, 333 MB); FreeType
itself refuses sizes in the hundreds of thousands."""
MAX_STROKE_PIXELS = 1_000
"""A caption's outline width in output pixels (the classic outline at the largest size is
400)."""
MAX_CAPTION_CHARACTERS = MAX_TEXT
"""The longest caption, as a saved project allows."""
MAX_GLYPH_AREA = 2_000_000_000
"""Glyphs x font size²: every glyph is drawn whole even where the box cuts it off
(6 667 glyphs at size 500, 1.7e9, took 4.8 s)."""
MAX_TEAR_POINTS_DRAWN = MAX_TEAR_POINTS
MAX_STREAM_WIDTHS = 1_000
"""A tear stream's length in its own widths: its painting grows with the square of it
(7 000 widths took 1.75 s, 28 000 widths 25 s), once per frame of a flowing tear: at
1 000 widths a flowing tear's 25-frame GIF took 16 s on a busy 2-core machine."""

# How far a tear's sprite reaches past its path, in stream widths (measured over every style:
# at most 5 widths still, 15.1 flowing, where the sprite holds the falling drop too).
_TEAR_REACH_STILL = 6.0
_TEAR_REACH_FLOWING = 16.0


class RenderBudgetError(RenderError):
    """The document asks for more than one render may draw; the message says what and the
    limit, in a sentence for the user."""


def check_document(doc: MemeDocument, scale: float, layers: Iterable[Layer]) -> None:
    """Refuse a render of `doc` at `scale` showing `layers` that is past the budget."""
    check_output(doc, scale)
    total = 0
    for layer in layers:
        total += check_layer(layer, scale)
    if total > MAX_LAYER_PIXELS:
        raise RenderBudgetError(
            f"The meme's layers are too large to draw together: {_count(total)} pixels, "
            f"over the limit of {_count(MAX_LAYER_PIXELS)}; make them smaller."
        )


def check_output(doc: MemeDocument, scale: float) -> None:
    width, height = doc.canvas_size
    out_w, out_h = max(1, round(width * scale)), max(1, round(height * scale))
    if out_w * out_h > MAX_OUTPUT_PIXELS:
        raise RenderBudgetError(
            f"The meme is too large to draw at {_count(out_w)} x {_count(out_h)} pixels: "
            f"that is {_count(out_w * out_h)} pixels, over the limit of "
            f"{_count(MAX_OUTPUT_PIXELS)}; make it smaller."
        )


def check_layer(layer: Layer, scale: float) -> int:
    """Refuse a layer whose sprite at `scale` is past the budget; else its sprite's most
    pixels (after rotation)."""
    factor = scale * layer.transform.scale
    if not (math.isfinite(factor) and factor > 0):
        return 0
    if isinstance(layer, CaptionLayer):
        size = _caption_sprite_size(layer, factor)
    elif isinstance(layer, TearLayer):
        size = _tear_sprite_size(layer, factor)
    elif isinstance(layer, StickerLayer):
        size = (max(1.0, layer.width * factor), max(1.0, layer.height * factor))
    else:
        return 0
    pixels = _turned_pixels(size, layer.transform)
    if pixels > MAX_SPRITE_PIXELS:
        raise _too_large(layer, f"it would take {_count(pixels)} pixels", _count(MAX_SPRITE_PIXELS))
    return pixels


def check_caption_ink(layer: CaptionLayer, glyphs: int, font_size: int) -> None:
    """Refuse a laid-out caption whose glyphs would take too long to draw."""
    area = glyphs * font_size * font_size
    if area > MAX_GLYPH_AREA:
        raise _too_large(
            layer,
            f"{_count(glyphs)} letters at {_count(font_size)} pixels would take too long",
            f"{_count(MAX_GLYPH_AREA)} (letters x size²); shorten it or make it smaller",
        )


def _caption_sprite_size(layer: CaptionLayer, factor: float) -> tuple[float, float]:
    if len(layer.text) > MAX_CAPTION_CHARACTERS:
        raise _too_large(
            layer,
            f"it has {_count(len(layer.text))} characters",
            f"{_count(MAX_CAPTION_CHARACTERS)} characters",
        )
    size = max(1.0, layer.font_size * factor)  # "fit" never goes larger
    if size > MAX_FONT_PIXELS:
        raise _too_large(
            layer, f"its font size is {_count(size)} pixels", f"{_count(MAX_FONT_PIXELS)}"
        )
    stroke = max(0.0, layer.stroke_width * size)
    if stroke > MAX_STROKE_PIXELS:
        raise _too_large(
            layer, f"its outline is {_count(stroke)} pixels wide", f"{_count(MAX_STROKE_PIXELS)}"
        )
    if layer.size_mode == "fixed":  # its size is known before the layout: no need to wait
        check_caption_ink(layer, sum(not ch.isspace() for ch in layer.text), round(size))
    shadow = layer.shadow
    reach = size / 2 + stroke + 2
    if shadow is not None:
        reach += abs(shadow.offset) * size + 3 * max(0.0, shadow.blur) * size
    box = (max(1.0, layer.box_width * factor), max(1.0, layer.box_height * factor))
    return box[0] + 2 * reach, box[1] + 2 * reach


def _tear_sprite_size(layer: TearLayer, factor: float) -> tuple[float, float]:
    width = max(2.0, layer.width * factor) if math.isfinite(layer.width) else 2.0
    reach = width * (_TEAR_REACH_FLOWING if layer.flow else _TEAR_REACH_STILL)
    if layer.mode == "drop":
        return reach, reach
    points = [(x * factor, y * factor) for x, y in layer.points if _finite(x, y)]
    if len(points) > MAX_TEAR_POINTS_DRAWN:
        raise _too_large(
            layer, f"its path has {_count(len(points))} points", _count(MAX_TEAR_POINTS_DRAWN)
        )
    widths = path_length(points) / width
    if widths > MAX_STREAM_WIDTHS:
        raise _too_large(
            layer,
            f"its path is {_count(widths)} times as long as the tears are wide",
            f"{_count(MAX_STREAM_WIDTHS)} widths; make it shorter or the tears wider",
        )
    if not points:
        return 1.0, 1.0
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return max(xs) - min(xs) + reach, max(ys) - min(ys) + reach


def _finite(x: float, y: float) -> bool:
    return math.isfinite(x) and math.isfinite(y)


def _turned_pixels(size: tuple[float, float], transform: Transform) -> int:
    """The pixels of a `size` sprite turned by the transform (its bounding box)."""
    angle = math.radians(transform.rotation % 360.0)
    cos, sin = abs(math.cos(angle)), abs(math.sin(angle))
    width = size[0] * cos + size[1] * sin
    height = size[0] * sin + size[1] * cos
    return math.ceil(width) * math.ceil(height)


def _too_large(layer: Layer, detail: str, limit: str) -> RenderBudgetError:
    return RenderBudgetError(
        f"The layer {layer.display_name()} is too large to draw: {detail}, over the limit of "
        f"{limit}."
    )


def _count(value: float) -> str:
    return f"{round(value):,}".replace(",", " ")
