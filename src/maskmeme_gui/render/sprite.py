"""What the renderer hands out for one layer, and the transform math both the export and the
canvas use to place it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

from maskmeme_gui.model.layers import Transform


@dataclass(frozen=True)
class Sprite:
    """A layer drawn upright at its final pixel size (`scale * transform.scale`).

    `anchor` is the point of `image`, in pixels, that sits on the layer's centre (transform x, y).
    Rotation and opacity are not applied: the compositor and the canvas apply them.
    """

    image: Image.Image
    anchor: tuple[float, float]


@dataclass(frozen=True)
class FlatSprite:
    """The painted part of a sprite as it goes onto an opaque picture: `color` ("RGB") pasted
    through `alpha` ("L", the same size), with its top-left corner at `offset` in the sprite.

    What the compositor pastes: the transparent rest of a sprite costs nothing, and a renderer
    may make it without the RGBA sprite (see `text.flat_caption`).
    """

    color: Image.Image
    alpha: Image.Image
    offset: tuple[int, int]


def pixel_scale(transform: Transform, scale: float) -> float:
    """How many output pixels one unscaled canvas pixel of the layer covers."""
    return scale * transform.scale


def rotated_placement(
    sprite: Sprite, transform: Transform, scale: float
) -> tuple[Image.Image, tuple[int, int]]:
    """The sprite turned clockwise by `transform.rotation` and where its top-left corner lands
    on an output image rendered at `scale`."""
    image = sprite.image
    ax, ay = sprite.anchor
    angle = transform.rotation % 360.0
    if angle:
        # PIL turns counter-clockwise; expand keeps the corners. The anchor turns with the image.
        turned = image.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True)
        cx, cy = image.width / 2, image.height / 2
        rad = math.radians(angle)
        dx, dy = ax - cx, ay - cy
        ax = turned.width / 2 + dx * math.cos(rad) - dy * math.sin(rad)
        ay = turned.height / 2 + dx * math.sin(rad) + dy * math.cos(rad)
        image = turned
    return image, corner_at((ax, ay), transform, scale)


def corner_at(anchor: tuple[float, float], transform: Transform, scale: float) -> tuple[int, int]:
    """Where the top-left corner of an image lands on the output image, for the image's point
    `anchor` on the layer's centre."""
    return round(transform.x * scale - anchor[0]), round(transform.y * scale - anchor[1])
