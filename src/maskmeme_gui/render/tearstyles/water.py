"""Clear water on skin, for the photographic styles (realistic, single).

A film of water is seen by what it does to the light, not by a colour of its own: the skin
under it is a little darker and richer, the edge away from the light is a soft darker band
with a bright line of focused light (a caustic) just inside it, the side facing the light (from
the upper left) carries a crisp white highlight in a soft glow, and only real drops, being
thick, cast a faint shadow. Nothing draws an outline around the water: a dark ring on light
skin is what made earlier tears look like glass pendants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tearstyles.kit import (
    LIGHT,
    RGB,
    WHITE,
    Frame,
    Mask,
    Point,
    blurred,
    clamp,
    draw_ellipse,
    moved,
    paint,
    scaled,
    threshold,
    toned,
)

# Colours that do not depend on the layer: wet skin reads as a darker, warmer skin tone.
WET_RGB: RGB = (70, 34, 22)
SHADOW_RGB: RGB = (60, 30, 20)
CAUSTIC_RGB: RGB = (255, 244, 230)
# A damp streak (`WaterLook.damp`) is the tint's hue, deep and muted, a little inside the edge.
DAMP_SATURATION = 0.5
DAMP_VALUE = 0.3
DAMP_CORE = (50, 190)
_AWAY: Point = (-LIGHT[0], -LIGHT[1])


@dataclass(frozen=True)
class Bead:
    """A thick drop of water at a point (in sprite pixels): it casts a shadow and has its own
    highlight and caustic."""

    centre: Point
    radius: float


@dataclass(frozen=True)
class WaterShape:
    """Everything the shading needs, in sprite pixels: the water (`body`), its specular
    highlights before any glow, the drops that cast shadows, and the width that sets the
    softness of everything."""

    body: Mask
    highlight: Mask
    glow: Mask  # light a drop focuses onto the skin, inside its far side
    beads: tuple[Bead, ...]
    width: float


def draw_bead_lights(
    draw: ImageDraw.ImageDraw,
    frame: Frame,
    centre: Point,
    radius: float,
    gloss: float,
    least: float = 0.0,
) -> None:
    """A drop's highlights, in layer pixels: a window-shaped gleam towards the light, and a
    small dot where the light leaves the drop on the far side. The gleam is at least `least`
    pixels across its short side, so a small drop still shows a point of light."""
    cx, cy = centre
    r = radius
    gleam = (max(0.28 * r, least * 0.8), max(0.17 * r, least * 0.5))
    draw_ellipse(draw, frame, (cx - 0.34 * r, cy - 0.38 * r), gleam, -0.8, round(255 * gloss))
    draw_ellipse(draw, frame, (cx + 0.4 * r, cy + 0.48 * r), (0.08 * r, 0.05 * r), -0.8,
                 round(120 * gloss))  # fmt: skip


def draw_bead_glow(
    draw: ImageDraw.ImageDraw, frame: Frame, centre: Point, radius: float, strength: float
) -> None:
    """The light a drop gathers, thrown onto the skin inside its lower far side."""
    cx, cy = centre
    r = radius
    draw_ellipse(draw, frame, (cx + 0.2 * r, cy + 0.3 * r), (0.5 * r, 0.36 * r), -0.8,
                 round(255 * clamp(strength, 0.0, 1.0)))  # fmt: skip


@dataclass(frozen=True)
class WaterLook:
    """How strongly each part of the water shows (alphas 0..1; blurs in widths).

    `wet` darkens what the film covers with a warm wet-skin tone; `damp` with a deep shade of
    the tint, in the middle of the stream, as a streak soaked into cloth looks (and as water
    deepens skin); `far` is the darker band along the edge away from the light, `far_blur` its
    softness (at least
    `far_least` pixels); the halo around the highlights is `halo` + `halo_gloss` x gloss.
    """

    wet: float = 0.15
    damp: float = 0.0
    far: float = 0.16
    far_blur: float = 0.1
    far_least: float = 0.5  # output pixels: the far band's least blur
    halo: float = 0.15
    halo_gloss: float = 0.25


FILM = WaterLook()  # a thin film on skin


def shade_water(shape: WaterShape, tint: RGB, gloss: float, look: WaterLook = FILM) -> Image.Image:
    """The water's layers, stacked on transparent pixels."""
    body, width = shape.body, shape.width
    soft = blurred(body, max(0.5, width * 0.06))
    shift = max(1.0, width * 0.08)
    # The band of the water away from the light, and the band of light focused inside it.
    rim = ImageChops.subtract(body, moved(body, LIGHT, shift))
    far = blurred(rim, max(look.far_least, width * look.far_blur))
    inner = threshold(blurred(body, max(0.5, width * 0.06)), 190, 240)
    caustic = blurred(
        ImageChops.subtract(inner, moved(inner, LIGHT, shift * 1.2)), max(0.4, width * 0.04)
    )
    glow = ImageChops.multiply(blurred(shape.glow, max(0.5, width * 0.12)), inner)
    glint = blurred(shape.highlight, max(0.3, width * 0.012))
    halo = blurred(shape.highlight, max(0.7, width * 0.08))
    layers = [
        (SHADOW_RGB, _cast_shadow(shape)),
        (WET_RGB, scaled(soft, look.wet)),
    ]
    if look.damp > 0:
        core = blurred(threshold(soft, DAMP_CORE[0], DAMP_CORE[1]), max(0.5, width * 0.08))
        layers.append((toned(tint, DAMP_SATURATION, DAMP_VALUE), scaled(core, look.damp)))
    layers += [
        (tint, scaled(soft, 0.02 + 0.03 * gloss)),
        (WET_RGB, scaled(far, look.far)),
        (CAUSTIC_RGB, scaled(caustic, 0.05 + 0.08 * gloss)),
        (CAUSTIC_RGB, scaled(glow, 0.3 + 0.35 * gloss)),
        (WHITE, scaled(halo, look.halo + look.halo_gloss * gloss)),
        (WHITE, glint),
    ]
    return paint(body.size, layers)


def _cast_shadow(shape: WaterShape) -> Mask:
    """A faint soft shadow down and to the right of each drop, none under the thin film."""
    shadow = Image.new("L", shape.body.size)
    if not shape.beads:
        return shadow
    draw = ImageDraw.Draw(shadow)
    for bead in shape.beads:
        (x, y), r = bead.centre, bead.radius
        reach = r * 0.35
        draw.ellipse(
            (x - r * 0.8 + reach, y - r * 0.7 + reach, x + r * 0.9 + reach, y + r * 1.05 + reach),
            fill=255,
        )
    cast = scaled(blurred(shadow, max(0.6, shape.width * 0.12)), 0.14)
    # Under the water itself the shadow is lit again by the light the drop focuses.
    return ImageChops.subtract(cast, shape.body)


def placed(frame: Frame, beads: Sequence[Bead]) -> tuple[Bead, ...]:
    """Beads in layer pixels moved into the frame's sprite pixels."""
    return tuple(Bead(frame.pixel(bead.centre), bead.radius) for bead in beads)


def shaded_drop(
    frame: Frame, body: Mask, highlight: Mask, belly: Bead, width: float, tint: RGB, gloss: float
) -> Sprite:
    """One drop's water drawn in work pixels, with the glow its belly gathers, shaded."""
    glow = frame.new_work_mask()
    draw_bead_glow(ImageDraw.Draw(glow), frame, belly.centre, belly.radius, 1.0)
    shape = WaterShape(
        frame.reduce(body),
        frame.reduce(highlight),
        frame.reduce(glow),
        placed(frame, [belly]),
        width,
    )
    return frame.sprite(shade_water(shape, tint, gloss))
