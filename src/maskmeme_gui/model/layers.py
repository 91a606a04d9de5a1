"""The layer kinds of a meme. Coordinates are canvas pixels (the base image plus any band)."""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

Align = Literal["left", "center", "right"]
LetterCase = Literal["upper", "lower", "as_typed"]
SizeMode = Literal["fit", "fixed"]
TearMode = Literal["stream", "drop"]
TearStyle = Literal["realistic", "cartoon", "flood", "single"]

ALIGNS: tuple[Align, ...] = ("left", "center", "right")
LETTER_CASES: tuple[LetterCase, ...] = ("upper", "lower", "as_typed")
SIZE_MODES: tuple[SizeMode, ...] = ("fit", "fixed")
TEAR_MODES: tuple[TearMode, ...] = ("stream", "drop")
TEAR_STYLES: tuple[TearStyle, ...] = ("realistic", "cartoon", "flood", "single")
# Flowing tears repeat every FLOW_BASE_MS / flow_speed milliseconds (see TearLayer).
FLOW_BASE_MS = 2000
FLOW_SPEED_MIN = 0.25
FLOW_SPEED_MAX = 4.0
# What the style picker calls them.
TEAR_STYLE_NAMES: dict[TearStyle, str] = {
    "realistic": "Realistic",
    "cartoon": "Cartoon",
    "flood": "Flood",
    "single": "Single tear",
}


def new_layer_id() -> str:
    # 48 random bits, as the first 12 hex digits of a uuid4 were, without importing uuid
    # (and platform behind it) with the model.
    return os.urandom(6).hex()


@dataclass(frozen=True)
class Transform:
    """Where a layer sits: its centre on the canvas, a uniform scale, a clockwise rotation."""

    x: float = 0.0
    y: float = 0.0
    scale: float = 1.0
    rotation: float = 0.0

    def moved(self, dx: float, dy: float) -> Transform:
        return Transform(self.x + dx, self.y + dy, self.scale, self.rotation)


@dataclass
class Shadow:
    color: str = "#000000b0"
    offset: float = 0.04  # fraction of the font size, down and to the right
    blur: float = 0.05  # fraction of the font size


@dataclass
class Layer:
    kind: ClassVar[str] = "layer"

    id: str = field(default_factory=new_layer_id)
    name: str = ""
    visible: bool = True
    opacity: float = 1.0
    transform: Transform = field(default_factory=Transform)
    # When the layer shows on the meme's timeline, in milliseconds from the loop's start:
    # from `start_ms` (inclusive) to `end_ms` (exclusive); None is the loop's start or end.
    start_ms: int | None = None
    end_ms: int | None = None

    def display_name(self) -> str:
        return self.name or self.kind.capitalize()

    @property
    def has_time_range(self) -> bool:
        return self.start_ms is not None or self.end_ms is not None

    def shown_at(self, time_ms: int | None) -> bool:
        """Whether the layer is drawn at `time_ms` of the loop (None: the still, always)."""
        if time_ms is None:
            return True
        if self.start_ms is not None and time_ms < self.start_ms:
            return False
        return self.end_ms is None or time_ms < self.end_ms


@dataclass
class CaptionLayer(Layer):
    """Text in a box. The box is in unscaled canvas pixels; the transform scales and turns it."""

    kind: ClassVar[str] = "caption"

    text: str = ""
    font_id: str = "anton"
    size_mode: SizeMode = "fit"
    font_size: float = 64.0  # the size in "fixed" mode, the upper bound in "fit" mode
    box_width: float = 600.0
    box_height: float = 160.0
    fill: str = "#ffffff"
    stroke: str = "#000000"
    stroke_width: float = 0.08  # fraction of the font size, so the outline scales with the text
    align: Align = "center"
    letter_case: LetterCase = "upper"
    line_spacing: float = 1.0  # multiple of the font's natural line height
    shadow: Shadow | None = None

    def display_name(self) -> str:
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return self.name or (f"“{first_line[:24]}”" if first_line else "Caption")


def path_length(points: Sequence[tuple[float, float]]) -> float:
    """The length of a polyline (a tear's path, a painted stroke)."""
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


@dataclass
class TearLayer(Layer):
    """Procedural tears. A stream runs along `points`; a drop is one droplet at the centre.

    `points` are offsets from the layer centre in unscaled canvas pixels, ordered from the eye
    downwards. `width` is the stream's width at the eye (or the drop's width). `style` is the
    look: "realistic" (a wet streak for photos), "cartoon" (bold outlined blue streams),
    "flood" (wide anime waterfalls) or "single" (one glistening drop under the eye).

    With `flow` on, the tears run in an animation: the stream grows from the eye, beads run
    down it, the drop at its end swells and falls, and it starts again. `flow_speed` is the
    number of these cycles in FLOW_BASE_MS (2 s), FLOW_SPEED_MIN..FLOW_SPEED_MAX, so one cycle
    lasts 2000 / flow_speed ms; an animation of D ms loops seamlessly when D x flow_speed /
    2000 is a whole number (any whole speed in a 2 s loop; 0.5 needs 4 s), otherwise its last
    frame jumps to its first. `flow_phase` (0..1) is how far into its cycle the tear is at
    time 0, so two eyes need not cry in step. Off, or with no time asked, the tears are still.
    """

    kind: ClassVar[str] = "tears"

    mode: TearMode = "stream"
    points: list[tuple[float, float]] = field(default_factory=list)
    width: float = 18.0
    length: float = 1.0  # how much of the path is wet, 0..1 (animations grow it)
    gloss: float = 0.8  # 0 = matte, 1 = very wet highlight
    tint: str = "#bfe3ff"
    seed: int = 1
    style: TearStyle = "realistic"
    flow: bool = False
    flow_speed: float = 1.0  # cycles per FLOW_BASE_MS
    flow_phase: float = 0.0  # 0..1 of a cycle

    @property
    def flow_period_ms(self) -> float:
        """How long one cycle of the flowing tears lasts."""
        return FLOW_BASE_MS / self.flow_speed

    def display_name(self) -> str:
        return self.name or ("Tear stream" if self.mode == "stream" else "Tear drop")


@dataclass
class StickerLayer(Layer):
    """A bitmap stored in the document's assets (a built-in sticker or any dropped image)."""

    kind: ClassVar[str] = "sticker"

    asset: str = ""
    width: int = 0  # the bitmap's own size in pixels
    height: int = 0

    def display_name(self) -> str:
        return self.name or "Sticker"


LAYER_KINDS: dict[str, type[Layer]] = {
    cls.kind: cls for cls in (CaptionLayer, TearLayer, StickerLayer)
}
