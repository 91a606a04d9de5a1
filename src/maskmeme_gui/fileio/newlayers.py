"""The layers the canvas tools create: where they go and how big they start. No Qt here, so the
rules can be tested without a window, and `maskmeme render` puts its --top and --bottom captions
in the same classic slots as the canvas."""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from maskmeme_gui.fileio.templates import CaptionSlot, Template
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, TearLayer, Transform

if TYPE_CHECKING:
    from maskmeme_gui.fileio.images import LoadedImage

# The window imports this module before its first paint; Pillow and the encoders are imported
# by the functions that use them (see WARM_UP_MODULES in qt/housekeeping.py).

Point = tuple[float, float]

PLACEHOLDER_TEXT = "YOUR TEXT"
CAPTION_BOX = (0.8, 0.18)  # a new caption's box, fractions of the canvas width and height
# Classic meme positions, tried in this order for a caption that was not placed by hand, and
# the slots of a photo without a template of its own.
CLASSIC_SLOTS: tuple[CaptionSlot, ...] = (
    CaptionSlot(id="top", x=0.5, y=0.11, width=CAPTION_BOX[0], height=CAPTION_BOX[1]),
    CaptionSlot(id="bottom", x=0.5, y=0.89, width=CAPTION_BOX[0], height=CAPTION_BOX[1]),
    CaptionSlot(id="centre", x=0.5, y=0.5, width=CAPTION_BOX[0], height=CAPTION_BOX[1]),
)
STREAM_WIDTH = 0.022  # fractions of the canvas width: about a real tear on a face photo
DROP_WIDTH = 0.03
STICKER_MAX_FRACTION = 1 / 3  # a new sticker covers at most this much of the canvas each way


def on_canvas(
    doc: MemeDocument, x: float, y: float, size: tuple[float, float] = (0.0, 0.0)
) -> Point:
    """(x, y) moved, if need be, so that a thing of `size` centred there lies on the canvas:
    a click in the grey round the picture still puts the new layer on the meme."""
    width, height = doc.canvas_size
    half_w, half_h = min(size[0], width) / 2, min(size[1], height) / 2
    return min(max(x, half_w), width - half_w), min(max(y, half_h), height - half_h)


def caption_at(doc: MemeDocument, text: str, x: float, y: float) -> CaptionLayer:
    """A caption centred on the canvas point (x, y), in pixels, its box kept on the canvas."""
    width, height = doc.canvas_size
    x, y = on_canvas(doc, x, y, (CAPTION_BOX[0] * width, CAPTION_BOX[1] * height))
    slot = CaptionSlot("caption", x / width, y / height, *CAPTION_BOX)
    return _caption(doc, slot, text)


def caption_in_free_slot(doc: MemeDocument, text: str) -> CaptionLayer:
    """A caption in the first slot no caption occupies yet: the template's own slots (for a
    meme begun from one), then the classic ones (top, bottom, centre)."""
    template = template_of(doc)
    slots = (*(template.caption_slots if template else ()), *CLASSIC_SLOTS)
    slot = next((s for s in slots if not _slot_taken(doc, s)), CLASSIC_SLOTS[-1])
    return _caption(doc, slot, text)


def template_of(doc: MemeDocument) -> Template | None:
    """The built-in template the meme was begun from, if it still exists."""
    from maskmeme_gui.fileio.starters import TEMPLATE_SOURCE
    from maskmeme_gui.fileio.templates import UnknownTemplateError, get_template

    source = doc.metadata.source
    if not source.startswith(TEMPLATE_SOURCE):
        return None
    try:
        return get_template(source.removeprefix(TEMPLATE_SOURCE))
    except UnknownTemplateError:
        return None


def waiting_caption(doc: MemeDocument) -> CaptionLayer | None:
    """The first caption (bottom up) still showing the placeholder a template opened with."""
    return next(
        (
            layer
            for layer in doc.layers
            if isinstance(layer, CaptionLayer) and layer.text == PLACEHOLDER_TEXT
        ),
        None,
    )


def _caption(doc: MemeDocument, slot: CaptionSlot, text: str) -> CaptionLayer:
    from maskmeme_gui.fileio.starters import caption_from_slot

    layer = caption_from_slot(doc, slot, text)
    # Without a name the layers list shows the caption's own words.
    layer.name = ""
    return layer


def _slot_taken(doc: MemeDocument, slot: CaptionSlot) -> bool:
    left, top, right, bottom = slot.box(doc.canvas_size)
    return any(
        isinstance(layer, CaptionLayer)
        and left <= layer.transform.x <= right
        and top <= layer.transform.y <= bottom
        for layer in doc.layers
    )


def tear_stream(doc: MemeDocument, points: Sequence[Point], seed: int) -> TearLayer:
    """A tear stream along scene points (from the eye downwards), anchored at the first one."""
    x0, y0 = points[0]
    return TearLayer(
        mode="stream",
        transform=Transform(x0, y0),
        points=[(x - x0, y - y0) for x, y in points],
        width=max(2.0, STREAM_WIDTH * doc.canvas_size[0]),
        seed=seed,
    )


def default_tears(doc: MemeDocument, seed: int) -> list[TearLayer]:
    """Tears for a meme whose faces are not known: from a template's own eyes, else from where
    eyes usually are in a head-and-shoulders photo. Seeds follow on from `seed`, so each
    press adds tears of a new shape."""
    from maskmeme_gui.fileio.starters import photo_tear_positions, tear_from_position

    template = template_of(doc)
    positions = (
        list(template.tear_positions)
        if template is not None and template.tear_positions
        else photo_tear_positions()
    )
    return [
        tear_from_position(doc, position, (seed + index) & 0x7FFF_FFFF)
        for index, position in enumerate(positions)
    ]


def tear_drop(doc: MemeDocument, x: float, y: float, seed: int) -> TearLayer:
    x, y = on_canvas(doc, x, y)
    return TearLayer(
        mode="drop",
        transform=Transform(x, y),
        width=max(2.0, DROP_WIDTH * doc.canvas_size[0]),
        seed=seed,
    )


@dataclass(frozen=True)
class PreparedSticker:
    """A validated picture, re-encoded as a metadata-free PNG, ready to become a layer."""

    asset: str
    png: bytes
    size: tuple[int, int]
    name: str


def prepare_sticker(loaded: LoadedImage, name: str) -> PreparedSticker:
    """The first frame as PNG bytes, named by content so the same picture is stored once."""
    from maskmeme_gui.fileio.export import ExportOptions, encode_image

    image = loaded.image
    png = encode_image(image, ExportOptions(format="PNG"))
    asset = f"sticker-{hashlib.sha1(png).hexdigest()[:12]}.png"
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] if name else ""
    return PreparedSticker(asset=asset, png=png, size=image.size, name=stem)


def sticker_layer(doc: MemeDocument, sticker: PreparedSticker, x: float, y: float) -> StickerLayer:
    """A layer showing the sticker at (x, y), shrunk to a third of the canvas if larger."""
    canvas_w, canvas_h = doc.canvas_size
    width, height = sticker.size
    scale = min(
        1.0, canvas_w * STICKER_MAX_FRACTION / width, canvas_h * STICKER_MAX_FRACTION / height
    )
    x, y = on_canvas(doc, x, y, (width * scale, height * scale))
    return StickerLayer(
        name=sticker.name,
        asset=sticker.asset,
        width=width,
        height=height,
        transform=Transform(x, y, scale),
    )


def smooth_stroke(points: Sequence[Point], spacing: float) -> list[Point]:
    """A hand-drawn stroke without jitter and without a point per mouse event.

    Each point is replaced by the mean of the points within `spacing` along the stroke (a
    moving average over distance, so slow and fast strokes smooth alike), then points closer
    than `spacing` to the last kept one are dropped. Averaging first matters: thinning first
    would sample the jitter into a slow wobble that no average removes. The first and last
    points stay where the user put them; the tear renderer draws a spline through the rest.
    """
    dense = _thinned(points, spacing / 4)
    if len(dense) < 3:
        return dense
    lengths = _arc_lengths(dense)
    averaged = [dense[0]]
    low = high = 0
    for index in range(1, len(dense) - 1):
        while lengths[index] - lengths[low] > spacing:
            low += 1
        while high + 1 < len(dense) and lengths[high + 1] - lengths[index] <= spacing:
            high += 1
        window = dense[low : high + 1]
        averaged.append(
            (sum(p[0] for p in window) / len(window), sum(p[1] for p in window) / len(window))
        )
    averaged.append(dense[-1])
    return _thinned(averaged, spacing)


def _thinned(points: Sequence[Point], min_distance: float) -> list[Point]:
    """Drops points closer than `min_distance` to the last kept one; keeps the last point."""
    kept: list[Point] = []
    for point in points:
        if not kept or math.dist(kept[-1], point) >= min_distance:
            kept.append(point)
    if points and kept[-1] != points[-1]:
        if len(kept) > 1:
            kept[-1] = points[-1]  # end where the mouse was released
        else:
            kept.append(points[-1])
    return kept


def _arc_lengths(points: Sequence[Point]) -> list[float]:
    return list(
        itertools.accumulate((math.dist(a, b) for a, b in itertools.pairwise(points)), initial=0.0)
    )


def snapped_angle(angle: float, step: float) -> float:
    return round(angle / step) * step


def normalised_angle(angle: float) -> float:
    """The same turn as `angle`, in (-180, 180]: what a person expects to read."""
    turned = math.fmod(angle, 360.0)
    if turned <= -180.0:
        turned += 360.0
    elif turned > 180.0:
        turned -= 360.0
    return turned + 0.0  # no "-0"
