"""A meme's timeline: which frames an animation has, when each starts and how long it shows.

An animated base (GIF, APNG, animated WebP) brings its own frames and durations, and its loop
is their sum. A still base with something that moves (a flowing tear layer, a layer with a
visible time range) is sampled every `FRAME_MS` over the document's `loop_ms`. Anything else
is a timeline of one frame that is not animated: nothing special-cases a still meme.

Why 80 ms frames (12.5 frames a second): tears run slowly (a drop takes about a second down a
cheek), so 12.5 frames a second already reads as flowing, and an export's size and time grow
with every frame (a 2 s loop is 25 frames, as the sizes measured for issue 11 assumed). 80 ms
is also a whole number of GIF's 10 ms ticks, so a GIF plays every frame for exactly as long
as the canvas does, and browsers do not clamp it (they slow delays of 10 ms or less to 100 ms).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import TearLayer
from maskmeme_gui.render.assets import DecodedFrames, decode_frames, may_be_animated

FRAME_MS = 80
"""The frame length of a sampled (still-base) animation: 12.5 frames a second."""
GIF_TICK_MS = 10
"""GIF stores delays in hundredths of a second."""


@dataclass(frozen=True)
class Timeline:
    """When each frame starts (`frame_times_ms`, from 0) and how long it shows; `loop_ms` is
    their sum. A still meme is one frame with `is_animated` False."""

    frame_times_ms: tuple[int, ...]
    durations_ms: tuple[int, ...]
    loop_ms: int
    is_animated: bool
    base_is_animated: bool = False
    truncated: bool = False  # the base had more frames than the loader keeps (MAX_FRAMES...)

    @property
    def frame_count(self) -> int:
        return len(self.durations_ms)

    def wrap(self, time_ms: int) -> int:
        """`time_ms` folded into the loop, [0, loop_ms)."""
        return time_ms % self.loop_ms if self.loop_ms > 0 else 0

    def frame_at(self, time_ms: int) -> int:
        """The index of the frame shown at `time_ms` (any time: the loop repeats)."""
        return bisect.bisect_right(self.frame_times_ms, self.wrap(time_ms)) - 1


def timeline(doc: MemeDocument, loop_ms: int | None = None) -> Timeline:
    """The document's timeline; `loop_ms` overrides a still base's `doc.loop_ms`.

    An animated base is decoded (once: its frames are cached for the renders that follow).
    """
    base = _base_frames(doc)
    if base is not None and len(base.durations) > 1:
        return replace(
            _from_durations(base.durations, is_animated=True, base_is_animated=True),
            truncated=base.truncated,
        )
    if not has_moving_layers(doc):
        return _from_durations((loop_ms or doc.loop_ms,), is_animated=False)
    return _from_durations(sampled_durations(loop_ms or doc.loop_ms), is_animated=True)


def has_moving_layers(doc: MemeDocument) -> bool:
    """A tear layer that flows, or any layer shown for only part of the loop."""
    return any(
        layer.has_time_range or (isinstance(layer, TearLayer) and layer.flow)
        for layer in doc.layers
    )


def sampled_durations(loop_ms: int, frame_ms: int = FRAME_MS) -> tuple[int, ...]:
    """Frame durations near `frame_ms`, each a whole number of GIF ticks, that add up to
    `loop_ms` rounded to a tick (at least one tick per frame)."""
    ticks = max(1, round(loop_ms / GIF_TICK_MS))
    count = max(1, min(ticks, round(loop_ms / frame_ms)))
    return tuple(
        ((i + 1) * ticks // count - i * ticks // count) * GIF_TICK_MS for i in range(count)
    )


def gif_delays(durations_ms: tuple[int, ...] | list[int]) -> list[int]:
    """Durations rounded to GIF's 10 ms ticks so that every running total stays within half a
    tick of the original's: the loop keeps its length (to a tick) and no frame drifts.

    Browsers show delays of 10 ms or less as 100 ms, so no frame gets less than 20 ms.
    """
    delays, shown, elapsed = [], 0, 0
    for duration in durations_ms:
        elapsed += duration
        target = round(elapsed / GIF_TICK_MS) * GIF_TICK_MS
        delay = max(2 * GIF_TICK_MS, target - shown)
        delays.append(delay)
        shown += delay
    return delays


def _from_durations(
    durations: tuple[int, ...], is_animated: bool, base_is_animated: bool = False
) -> Timeline:
    starts, total = [], 0
    for duration in durations:
        starts.append(total)
        total += duration
    return Timeline(tuple(starts), tuple(durations), total, is_animated, base_is_animated)


def _base_frames(doc: MemeDocument) -> DecodedFrames | None:
    data = doc.assets.get(doc.base_asset) if doc.base_asset is not None else None
    if data is None or not may_be_animated(data):
        return None
    return decode_frames(data)
