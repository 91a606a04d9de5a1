"""The pixel authority: one layer as a sprite, the whole meme as the exported image.

A finished meme is always opaque: the base photo sits on the document's background colour (or
the band colour), so `render_document` returns an RGB image that every export format takes
without flattening.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, Layer, StickerLayer, TearLayer
from maskmeme_gui.render.assets import (
    decode_asset,
    decode_asset_owned,
    decode_frames,
    may_be_animated,
)
from maskmeme_gui.render.budget import check_document, check_layer, check_output
from maskmeme_gui.render.colors import parse_color
from maskmeme_gui.render.errors import RenderError as RenderError
from maskmeme_gui.render.sprite import (
    FlatSprite,
    Sprite,
    corner_at,
    pixel_scale,
    rotated_placement,
)
from maskmeme_gui.render.tears import render_tears
from maskmeme_gui.render.text import (
    draw_caption,
    flat_caption,
    layout_caption,
    render_caption,
    scaled_layout,
)
from maskmeme_gui.render.timeline import Timeline, timeline

Assets = Mapping[str, bytes]
_Placed = tuple[FlatSprite, tuple[int, int]]  # and the sprite's corner on the output image
# One core is the calling thread's: it decodes the background meanwhile.
_LAYER_WORKERS = max(1, min(4, (os.cpu_count() or 1) - 1))


def render_sticker(layer: StickerLayer, scale: float, assets: Assets) -> Sprite:
    data = assets.get(layer.asset)
    if data is None:
        raise RenderError(f"the sticker image {layer.asset!r} is missing from the meme")
    factor = pixel_scale(layer.transform, scale)
    width = max(1, round(layer.width * factor))
    height = max(1, round(layer.height * factor))
    image = decode_asset(data, (width, height)).convert("RGBA")
    return Sprite(image, (width / 2, height / 2))


# Each renderer takes (layer, scale, assets, time_ms); only tears change with the time.
_LAYER_RENDERERS: dict[type[Layer], Callable[[Layer, float, Assets, int | None], Sprite]] = {
    CaptionLayer: lambda layer, scale, _assets, _t: render_caption(layer, scale),  # type: ignore[arg-type]
    TearLayer: lambda layer, scale, _assets, t: render_tears(layer, scale, time_ms=t),  # type: ignore[arg-type]
    StickerLayer: lambda layer, scale, assets, _t: render_sticker(layer, scale, assets),  # type: ignore[arg-type]
}


def render_layer(
    layer: Layer, scale: float = 1.0, assets: Assets | None = None, time_ms: int | None = None
) -> Sprite:
    """The layer drawn upright at output size; the canvas shows exactly this bitmap.

    `time_ms` is the time on the meme's timeline (None: the still); a flowing tear layer is
    drawn as it is at that time, every other layer looks the same at any time.
    """
    renderer = _LAYER_RENDERERS.get(type(layer))
    if renderer is None:
        raise RenderError(f"no renderer for {type(layer).__name__}")
    check_layer(layer, scale)
    return renderer(layer, scale, assets or {}, time_ms)


def render_layer_preview(
    layer: Layer, resolution: float, assets: Assets | None = None, time_ms: int | None = None
) -> Sprite:
    """The layer at `resolution` of `render_layer`'s size, for a quick look on a screen that
    shows it no larger; never exported. A caption keeps its full-size layout (fitted size, line
    breaks), so the full sprite that follows replaces it without a jump."""
    if isinstance(layer, CaptionLayer):
        check_layer(layer, 1.0)
        return draw_caption(scaled_layout(layout_caption(layer, 1.0), resolution), layer)
    return render_layer(layer, resolution, assets, time_ms)


def changes_with_time(layer: Layer) -> bool:
    """Whether the layer's sprite differs from one time to another (a flowing tear layer)."""
    return isinstance(layer, TearLayer) and layer.flow


def output_size(doc: MemeDocument, scale: float) -> tuple[int, int]:
    width, height = doc.canvas_size
    return max(1, round(width * scale)), max(1, round(height * scale))


def render_background(
    doc: MemeDocument, scale: float = 1.0, time_ms: int | None = None
) -> Image.Image:
    """The band colour, the base photo on the background colour: everything under the layers.

    An animated base shows its frame at `time_ms` (None: the first frame).
    """
    check_output(doc, scale)
    size = output_size(doc, scale)
    fill = doc.band.color if not doc.band.is_empty() else doc.background
    canvas = Image.new("RGB", size, parse_color(fill)[:3])
    base_w, base_h = _base_size(doc, scale)
    origin = (round(doc.base_origin[0] * scale), round(doc.base_origin[1] * scale))
    if not doc.band.is_empty():
        canvas.paste(
            parse_color(doc.background)[:3], (*origin, origin[0] + base_w, origin[1] + base_h)
        )
    if doc.base_asset is not None:
        base = _base_frame(doc, (base_w, base_h), time_ms)
        canvas.paste(base, origin, base if base.mode == "RGBA" else None)
    return canvas


def _base_frame(doc: MemeDocument, size: tuple[int, int], time_ms: int | None) -> Image.Image:
    """The base picture at `size` as shown at `time_ms`; do not modify it (it may be cached)."""
    data = _base_data(doc)
    if time_ms is None or not may_be_animated(data):
        return decode_asset(data, size)
    decoded = decode_frames(data)
    if not decoded.is_animated:
        return decode_asset(data, size)
    frame = decoded.frames[timeline(doc).frame_at(time_ms)]
    return frame if frame.size == size else frame.resize(size, Image.Resampling.LANCZOS)


def _base_size(doc: MemeDocument, scale: float) -> tuple[int, int]:
    return max(1, round(doc.base_size[0] * scale)), max(1, round(doc.base_size[1] * scale))


def _base_data(doc: MemeDocument) -> bytes:
    data = doc.assets.get(doc.base_asset) if doc.base_asset is not None else None
    if data is None:
        raise RenderError("the meme's base image is missing")
    return data


def _canvas(doc: MemeDocument, scale: float, time_ms: int | None = None) -> Image.Image:
    """`render_background`'s pixels on an image the compositor may draw on.

    An opaque photo that fills the whole canvas (no band) is the canvas itself: a 12-megapixel
    canvas filled with the background colour and then covered by the photo costs ~20 ms of
    allocation and copying, as much as the rest of the background.
    """
    size = output_size(doc, scale)
    if time_ms is not None and doc.base_asset is not None and may_be_animated(_base_data(doc)):
        return render_background(doc, scale, time_ms)
    if doc.base_asset is not None and doc.band.is_empty() and _base_size(doc, scale) == size:
        base = decode_asset_owned(_base_data(doc), size)
        if base.mode == "RGBA":  # a transparent picture shows the background colour
            canvas = Image.new("RGB", size, parse_color(doc.background)[:3])
            canvas.paste(base, (0, 0), base)
            return canvas
        # The decoded photo's own metadata (ICC profile, EXIF) is not the meme's.
        base.info = {}
        return base
    return render_background(doc, scale)


def composite_layer(canvas: Image.Image, layer: Layer, sprite: Sprite, scale: float) -> None:
    """Draw one layer's sprite onto an opaque canvas: turned, placed and faded as the layer says."""
    _paste(canvas, _flattened(sprite, layer, scale), layer)


def _flattened(sprite: Sprite, layer: Layer, scale: float) -> _Placed | None:
    image, corner = rotated_placement(sprite, layer.transform, scale)
    # A caption's sprite is its whole box, mostly transparent: blend only the painted part.
    box = image.getbbox(alpha_only=True)
    if box is None:
        return None
    image = image.crop(box)
    return FlatSprite(image.convert("RGB"), image.getchannel("A"), box[:2]), corner


def _placed_layer(
    layer: Layer, scale: float, assets: Assets, time_ms: int | None = None
) -> _Placed | None:
    """One layer as the compositor pastes it, made on a worker thread."""
    if isinstance(layer, CaptionLayer) and layer.transform.rotation % 360.0 == 0:
        layout = layout_caption(layer, scale)
        flat = flat_caption(layout, layer)
        if flat is not None:
            return flat, corner_at(layout.anchor, layer.transform, scale)
        return _flattened(draw_caption(layout, layer), layer, scale)
    return _flattened(render_layer(layer, scale, assets, time_ms), layer, scale)


def _paste(canvas: Image.Image, placed: _Placed | None, layer: Layer) -> None:
    if placed is None:
        return
    flat, (left, top) = placed
    alpha = flat.alpha
    if layer.opacity < 1.0:
        alpha = alpha.point([round(v * layer.opacity) for v in range(256)])
    canvas.paste(flat.color, (left + flat.offset[0], top + flat.offset[1]), alpha)


def render_document(
    doc: MemeDocument, scale: float = 1.0, time_ms: int | None = None
) -> Image.Image:
    """The exact pixels of the exported meme at `scale` (1.0 = the canvas size).

    `time_ms` picks a moment of the meme's timeline (`render.timeline.timeline`; times past
    the loop wrap around): the base's frame shown then, the layers whose time range holds it,
    flowing tears as they are then. None is the still: the base's first frame, every visible
    layer whatever its time range, tears at rest.

    The background and the layers are independent, so they are drawn on all cores (Pillow
    releases the interpreter lock while it decodes, resamples and blurs): the layers on worker
    threads, the background on the calling thread, which would otherwise only wait (the
    benchmark meme renders ~6 ms faster so than with the photo decoded on a pool thread too).
    The layers are then pasted bottom to top, each as its painted part only (`FlatSprite`).
    """
    if time_ms is not None:
        time_ms = timeline(doc).wrap(time_ms)
    layers = [layer for layer in doc.layers if drawn_at(layer, time_ms)]
    check_document(doc, scale, layers)
    decoding = threading.Event()

    def placed_layer(layer: Layer) -> _Placed | None:
        # A worker that got going first would hold the interpreter lock and keep the calling
        # thread from even starting to decode for up to Python's switch interval (~2.5 ms
        # measured), and the decode is the longer path.
        decoding.wait()
        return _placed_layer(layer, scale, doc.assets, time_ms)

    with ThreadPoolExecutor(max_workers=_LAYER_WORKERS) as pool:
        placed = [pool.submit(placed_layer, layer) for layer in layers]
        decoding.set()  # the workers take the lock when the decoder lets go of it
        canvas = _canvas(doc, scale, time_ms)
        for layer, flat in zip(layers, placed, strict=True):
            _paste(canvas, flat.result(), layer)
    return canvas


def drawn_at(layer: Layer, time_ms: int | None) -> bool:
    """Whether `render_document(..., time_ms)` draws the layer (`time_ms` within the loop)."""
    return layer.visible and layer.opacity > 0 and layer.shown_at(time_ms)


def render_frames(
    doc: MemeDocument, scale: float = 1.0, frames: Timeline | None = None
) -> Iterator[Image.Image]:
    """Every frame of the meme's timeline (or of `frames`), in order: frame i is exactly
    `render_document(doc, scale, frames.frame_times_ms[i])`.

    What does not change with time is drawn once: the layers other than flowing tears are
    placed once for all frames, and a still base's background is decoded once and copied.
    Frames are made one at a time, so only the caller decides how many are kept.
    """
    line = frames or timeline(doc)
    assets = doc.assets
    layers = [layer for layer in doc.layers if layer.visible and layer.opacity > 0]
    moving = [layer for layer in layers if changes_with_time(layer)]
    check_document(doc, scale, layers)
    with ThreadPoolExecutor(max_workers=_LAYER_WORKERS) as pool:
        fixed = {
            layer.id: pool.submit(_placed_layer, layer, scale, assets)
            for layer in layers
            if not changes_with_time(layer)
        }
        still = None if line.base_is_animated else _canvas(doc, scale)
        for time_ms in line.frame_times_ms:
            shown = [layer for layer in layers if layer.shown_at(time_ms)]
            placing = {
                layer.id: pool.submit(_placed_layer, layer, scale, assets, time_ms)
                for layer in moving
                if layer.shown_at(time_ms)
            }
            canvas = still.copy() if still is not None else _canvas(doc, scale, time_ms)
            for layer in shown:
                _paste(canvas, (placing.get(layer.id) or fixed[layer.id]).result(), layer)
            yield canvas
