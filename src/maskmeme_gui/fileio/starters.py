"""How a new meme starts: from a photo or a built-in template, with classic captions and tears.

Positions in templates are fractions (memegen style) so one template fits any size: caption
slots are fractions of the whole canvas (a band included, since captions often sit in it), tear
eyes are fractions of the base picture, tear paths fractions of its height.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from maskmeme_gui.fileio.images import (
    ImageLoadError,
    LoadedImage,
    load_image,
    load_image_bytes,
    probe_image,
)
from maskmeme_gui.fileio.problems import reason_for_os_error
from maskmeme_gui.fileio.templates import CaptionSlot, Side, TearPosition, Template
from maskmeme_gui.model.document import MemeDocument, Metadata
from maskmeme_gui.model.layers import CaptionLayer, TearLayer, Transform, path_length
from maskmeme_gui.render.assets import remember_decoded

TearSides = Literal["left", "right", "both", "none"]
TEMPLATE_SOURCE = "template:"  # a meme's metadata.source starts so when it began as a template
TEAR_SIDES: tuple[TearSides, ...] = ("left", "right", "both", "none")

# Where eyes usually are in a head-and-shoulders photo, for photos without a template.
PHOTO_EYES: tuple[tuple[float, float], tuple[float, float]] = ((0.40, 0.42), (0.60, 0.42))
# A tear down the cheek, drifting outwards (x mirrored for the right eye), in image heights.
PHOTO_TEAR_PATH: tuple[tuple[float, float], ...] = (
    (0.0, 0.0),
    (-0.006, 0.06),
    (-0.016, 0.13),
    (-0.026, 0.2),
)
PHOTO_TEAR_WIDTH = 0.022  # fraction of the image width
# A placed tear runs at most this many of its widths down the cheek (about 15 on a portrait):
# on a tall, narrow picture its width follows the height instead, well inside the render budget.
MAX_PLACED_TEAR_WIDTHS = 100
BLANK_SOURCE = "blank"  # a meme's metadata.source when it began as a blank canvas


@dataclass(frozen=True)
class CanvasPreset:
    """A blank canvas's size, named as the user knows it."""

    name: str
    size: tuple[int, int]


BLANK_PRESETS: tuple[CanvasPreset, ...] = (
    CanvasPreset("Square post", (1080, 1080)),
    CanvasPreset("Wide, 16:9", (1200, 675)),
    CanvasPreset("Story, 9:16", (1080, 1920)),
)


@dataclass(frozen=True)
class CaptionRequest:
    """A caption the user asked for: in a named slot ("top"/"bottom") or at a point (fractions)."""

    text: str
    slot: str | None = None
    at: tuple[float, float] | None = None


def document_from_photo(path: Path, *, decode_now: bool = True) -> MemeDocument:
    """A new meme on the user's photo. Raises ImageLoadError for anything the loader refuses.

    With `decode_now=False` only the header is read and checked here; the pixels go through
    the same loader when the meme is first rendered (render_document then decodes the photo
    while it draws the layers on the other core). For one-shot renders such as `maskmeme
    render`, where errors from the render are reported like load errors.
    """
    if decode_now:
        loaded = load_image(path)
        return _document_on_image(path.read_bytes(), loaded, path.name, path.stem)
    probe = probe_image(path)
    data = _read_bytes(path)
    asset = base_asset_name(probe.format)
    return MemeDocument(
        base_size=probe.size,
        base_asset=asset,
        assets={asset: data},
        metadata=Metadata(title=path.stem, source=path.name),
    )


def document_from_image_bytes(data: bytes, name: str) -> MemeDocument:
    """A new meme on image bytes (pasted or dropped). Raises ImageLoadError like the loader."""
    loaded = load_image_bytes(data, name)
    return _document_on_image(data, loaded, name, Path(name).stem)


def _document_on_image(data: bytes, loaded: LoadedImage, name: str, title: str) -> MemeDocument:
    asset = base_asset_name(loaded.format)
    remember_decoded(data, loaded.image)  # the loader has decoded it; the renderer need not
    return MemeDocument(
        base_size=loaded.image.size,
        base_asset=asset,
        assets={asset: data},
        metadata=Metadata(title=title, source=name),
    )


def base_asset_name(image_format: str) -> str:
    """The original file is kept as it is (no quality lost, no time spent re-encoding); the
    renderer decodes it through the safe loader, which normalises any mode."""
    return f"base.{image_format.lower()}"


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImageLoadError(path, reason_for_os_error(exc, "an image file")) from exc


def document_from_template(template: Template) -> MemeDocument:
    data = template.read_bytes()
    doc = MemeDocument(
        base_size=template.size,
        base_asset="base.png",
        assets={"base.png": data},
        metadata=Metadata(
            title=template.name,
            source=f"{TEMPLATE_SOURCE}{template.id}",
            meaning_tags=list(template.meaning_tags),
        ),
    )
    if template.band is not None:
        doc.band = template.band
    return doc


def blank_document(size: tuple[int, int], background: str) -> MemeDocument:
    """A new meme on a plain canvas of `size` pixels filled with `background`."""
    return MemeDocument(
        base_size=size,
        background=background,
        metadata=Metadata(title="Blank meme", source=BLANK_SOURCE),
    )


def document_ready_from_template(template: Template, placeholder: str) -> MemeDocument:
    """A template as the window opens it, ready to use: each caption slot holds `placeholder`
    to type over, and the template's tears are there, stacked and seeded as `maskmeme render
    TEMPLATE` draws them."""
    doc = document_from_template(template)
    slots = template.caption_slots
    add_captions(doc, [CaptionRequest(placeholder, slot=slot.id) for slot in slots], slots)
    add_tears(doc, list(template.tear_positions), "both")
    return doc


def caption_from_slot(doc: MemeDocument, slot: CaptionSlot, text: str) -> CaptionLayer:
    width, height = doc.canvas_size
    return CaptionLayer(
        name=slot.id.capitalize(),
        text=text,
        transform=Transform(slot.x * width, slot.y * height),
        box_width=slot.width * width,
        box_height=slot.height * height,
        # The fit picks the size; this only stops one short word from filling the whole box.
        font_size=max(8.0, slot.height * height * 0.8),
    )


def caption_at(doc: MemeDocument, text: str, x: float, y: float) -> CaptionLayer:
    """A free caption centred on (x, y), fractions of the canvas, a band's width and height."""
    slot = CaptionSlot(id="caption", x=x, y=y, width=0.8, height=0.16)
    return caption_from_slot(doc, slot, text)


def add_captions(
    doc: MemeDocument, requests: list[CaptionRequest], slots: tuple[CaptionSlot, ...]
) -> None:
    by_id = {slot.id: slot for slot in slots}
    for request in requests:
        if request.at is not None:
            doc.layers.append(caption_at(doc, request.text, *request.at))
        elif request.slot in by_id:
            doc.layers.append(caption_from_slot(doc, by_id[request.slot], request.text))
        else:
            raise ValueError(
                f"there is no caption slot {request.slot!r}; slots: {', '.join(by_id)}"
            )


def tear_from_position(doc: MemeDocument, position: TearPosition, seed: int) -> TearLayer:
    base_w, base_h = doc.base_size
    ox, oy = doc.base_origin
    eye_x, eye_y = position.eye
    points = [(dx * base_h, dy * base_h) for dx, dy in position.path]
    return TearLayer(
        name=f"Tears ({position.side} eye)",
        transform=Transform(ox + eye_x * base_w, oy + eye_y * base_h),
        points=points,
        width=max(2.0, position.width * base_w, path_length(points) / MAX_PLACED_TEAR_WIDTHS),
        seed=seed,
    )


def photo_tear_positions(eyes: tuple[tuple[float, float], ...] = PHOTO_EYES) -> list[TearPosition]:
    """Tear paths for a photo: the leftmost eye is the left one on screen."""
    positions = []
    for index, eye in enumerate(sorted(eyes)):
        side: Side = "left" if index == 0 else "right"
        path = PHOTO_TEAR_PATH if side == "left" else tuple((-dx, dy) for dx, dy in PHOTO_TEAR_PATH)
        positions.append(TearPosition(side=side, eye=eye, path=path, width=PHOTO_TEAR_WIDTH))
    return positions


def add_tears(doc: MemeDocument, positions: list[TearPosition], sides: TearSides) -> None:
    wanted = {"both": {"left", "right"}, "none": set()}.get(sides, {sides})
    for position in positions:
        if position.side in wanted:
            doc.layers.append(tear_from_position(doc, position, stable_seed(doc, position)))


def stable_seed(doc: MemeDocument, position: TearPosition) -> int:
    """Same picture and eye, same tear: output repeats from run to run."""
    digest = hashlib.sha256(f"{doc.metadata.source}|{position.side}|{position.eye}".encode())
    # 31 bits: the range a saved document accepts (model/serialize.py), so the meme can be saved.
    return int.from_bytes(digest.digest()[:4], "big") & 0x7FFF_FFFF
