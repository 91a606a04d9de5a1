"""Flowing tears: where a tear is in its cycle at a moment, and the parts every style shares.

One cycle, `u` from 0 to 1 (`cycle_position`; FLOW_BASE_MS / flow_speed long):

- 0 .. GROW_END: the stream runs from the eye down its path (`Flow.front`), the drop at its
  head growing with it, as the still styles draw a short stream;
- GROW_END .. SWELL_END: the drop at the end swells to 1 + SWELL times its size;
- SWELL_END .. FALL_END: it falls: a drop leaves the end, speeding up along the path's last
  direction and fading within FALL_REACH widths, while a smaller one (REMNANT) stays;
- FADE_START .. 1: the running stream fades into the wet trail it leaves (`Flow.strength`);
  from QUICK_FADE_START for the styles that leave none.

A flood is a waterfall: it always pours at full length (`pouring`), its streaks running down
and its splash falling, each by whole steps a cycle, so it too loops without a seam.

Beads run down the stream all the time (`Flow.run`). The trail is the still tear at a share of
its strength (`TRAIL`, per style), always there, so at u = 1 the picture is the trail alone,
as at u = 0 (nothing has run yet): the loop has no seam. Everything is a function of `u` and
the layer's seed, so the same layer at the same time gives the same pixels.

The sprite of a flowing tear covers its whole path and where the drop falls at every moment
(`FlowFrame`), so its size and anchor never change while it plays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops

from maskmeme_gui.render.sprite import Sprite
from maskmeme_gui.render.tearstyles.kit import (
    Curve,
    Point,
    clamp,
    lerp1,
    offset,
    scaled,
    smoothstep,
)

FLOW_BASE_MS = 2000  # the same as the model's: one cycle at speed 1
GROW_END = 0.45
SWELL_END = 0.68
FALL_END = 0.84
FADE_START = 0.76
# Without a trail to fade into, a fading opaque stream reads as a grey ghost: it goes quickly.
QUICK_FADE_START = 0.88
SWELL = 0.35  # the end drop's growth before it falls, a share of its still size
REMNANT = 0.7  # what stays at the end when the drop has fallen, a share of its still size
FALL_REACH = 3.0  # widths the falling drop travels before it is gone
DROP_PULSE = 0.12  # a lone drop (drop mode) swells by this share and back once a cycle
# How strongly the wet trail shows under the running stream, by style. The single tear's drop
# leaves only its own faint trail, so it has none: a second, still drop would be a ghost.
TRAIL: dict[str, float] = {"realistic": 0.6, "cartoon": 0.0, "flood": 0.0, "single": 0.0}
POURS = frozenset({"flood"})
# How far a style may draw beyond its path and its falling drop, in widths (flood's splash
# reaches furthest); the flowing sprite's frame keeps this much room.
REACH: dict[str, float] = {"realistic": 2.2, "cartoon": 2.2, "flood": 4.2, "single": 2.6}
_COVER = 8  # a running stream's alpha, times this, hides the trail under it


@dataclass(frozen=True)
class Flow:
    """A moment of the cycle, as the painters use it.

    `front` 0..1 is how much of the wet length the running stream has reached; `swell` the
    end drop's size, a multiple of its still size; `fall` 0..1 how far the falling drop has
    gone (None while no drop falls) and `fallen` whether it has fallen this cycle; `run` 0..1
    how far the beads have run; `strength` 0..1 how strongly the running stream shows.
    """

    u: float
    front: float
    swell: float
    fall: float | None
    fallen: bool
    run: float
    strength: float


def cycle_position(time_ms: float, speed: float, phase: float) -> float:
    """Where in its cycle (0..1) a tear of this speed and phase is at `time_ms`.

    fmod keeps whole numbers of cycles exact: at speed 1, 0 ms and 2000 ms give the same `u`.
    """
    speed = clamp(speed, 0.25, 4.0) if math.isfinite(speed) else 1.0
    phase = phase if math.isfinite(phase) else 0.0
    time_ms = time_ms if math.isfinite(time_ms) else 0.0
    u = (math.fmod(time_ms * speed, FLOW_BASE_MS) / FLOW_BASE_MS + phase) % 1.0
    return 0.0 if u >= 1.0 else u


def flow_at(u: float, fade_start: float = FADE_START) -> Flow:
    front = smoothstep(0.0, GROW_END, u)
    if u < SWELL_END:
        swell = 1.0 + SWELL * smoothstep(GROW_END, SWELL_END, u)
    else:
        swell = lerp1(1.0 + SWELL, REMNANT, smoothstep(SWELL_END, SWELL_END + 0.04, u))
    fall = (u - SWELL_END) / (FALL_END - SWELL_END) if SWELL_END <= u < FALL_END else None
    strength = 1.0 - smoothstep(fade_start, 1.0, u)
    return Flow(u, front, swell, fall, u >= SWELL_END, u, strength)


def pouring(u: float) -> Flow:
    """A waterfall's moment: always at full length, only its streaks and splash move."""
    return Flow(u, 1.0, 1.0, None, False, u, 1.0)


def drop_pulse(u: float) -> float:
    """A lone drop's size over the cycle: 1 at u = 0 and 1, 1 + DROP_PULSE half way."""
    return 1.0 + DROP_PULSE * (0.5 - 0.5 * math.cos(math.tau * u))


@dataclass(frozen=True)
class FallingDrop:
    centre: Point
    radius: float
    opacity: float  # 0..1, fading as it goes


def falling_drop(
    curve: Curve, at: float, radius: float, width: float, flow: Flow | None
) -> FallingDrop | None:
    """The drop that leaves the stream's end (arc length `at`, `radius` when it leaves), or
    None while no drop falls."""
    if flow is None or flow.fall is None:
        return None
    t = flow.fall
    start = curve.at([at])[0]
    distance = t * t * FALL_REACH * width + t * radius * 0.5
    centre = offset(start, curve.direction(at), distance)
    return FallingDrop(centre, radius * (1.0 - 0.2 * t), 1.0 - smoothstep(0.55, 1.0, t))


def running(
    bead: tuple[float, float, float], run: float, low: float = 0.15, high: float = 0.85
) -> tuple[float, float, float]:
    """A bead (fraction of the path, swell, spread) moved down by `run` of one run from `low`
    to `high`: it comes back to where it was at `run` = 1, and swells in and out at the ends
    of its run, so its jump from the bottom to the top is never seen."""
    fraction, swell, spread = bead
    span = high - low
    x = ((fraction - low) / span + run) % 1.0
    ends = smoothstep(0.0, 0.15, x) * (1.0 - smoothstep(0.85, 1.0, x))
    return (low + x * span, swell * ends, spread)


# --- the frame and the layers of a flowing stream ----------------------------------------------


@dataclass(frozen=True)
class FlowFrame:
    """The fixed box of a flowing tear's sprite, in layer-local output pixels."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def size(self) -> tuple[int, int]:
        return (self.right - self.left, self.bottom - self.top)

    @property
    def anchor(self) -> tuple[float, float]:
        return (float(-self.left), float(-self.top))

    def place(self, sprite: Sprite) -> Image.Image:
        """The sprite's pixels at their place in this frame (cut at its edges)."""
        image = Image.new("RGBA", self.size)
        x = round(self.anchor[0] - sprite.anchor[0])
        y = round(self.anchor[1] - sprite.anchor[1])
        image.paste(sprite.image, (x, y))
        return image

    def sprite(self, image: Image.Image) -> Sprite:
        return Sprite(image=image, anchor=self.anchor)


def stream_frame(curve: Curve, wet: float, width: float, style: str) -> FlowFrame:
    """Room for the whole path, the swollen drop and its fall from the wet end."""
    reach = REACH.get(style, REACH["realistic"]) * width + 4.0
    end = curve.total * wet
    fall = offset(curve.at([end])[0], curve.direction(end), (FALL_REACH + 1.0) * width)
    points = [*curve.points, fall]
    return FlowFrame(
        left=math.floor(min(x for x, _ in points) - reach),
        top=math.floor(min(y for _, y in points) - reach),
        right=math.ceil(max(x for x, _ in points) + reach),
        bottom=math.ceil(max(y for _, y in points) + reach),
    )


def drop_frame(width: float) -> FlowFrame:
    """Room for a lone drop centred on the origin at its largest."""
    half = math.ceil(REACH["single"] * width * (1.0 + DROP_PULSE) + 4.0)
    return FlowFrame(-half, -half, half, half)


def faded(image: Image.Image, strength: float) -> Image.Image:
    if strength >= 1.0:
        return image
    alpha = scaled(image.getchannel("A"), strength)
    result = image.copy()
    result.putalpha(alpha)
    return result


def over_trail(trail: Image.Image, running: Image.Image | None, strength: float) -> Image.Image:
    """The running stream at `strength` over the trail (both the frame's size); where it
    runs, it hides the trail."""
    if running is None or strength <= 0.0:
        return trail
    top = faded(running, strength)
    if trail.getbbox() is None:
        return top
    cover = scaled(running.getchannel("A"), _COVER * strength)
    base = trail.copy()
    base.putalpha(ImageChops.multiply(trail.getchannel("A"), ImageChops.invert(cover)))
    return Image.alpha_composite(base, top)
