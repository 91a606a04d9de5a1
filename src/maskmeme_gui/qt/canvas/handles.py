"""The selection's handles: their names, which way each one pulls, the pointer shape over it,
and where a drag of one puts the layer's box.

The arithmetic works in the layer's own axes (its rotation taken out, in scene pixels around
the layer's position), so a turned layer resizes along its own sides; it is plain arithmetic
on floats, apart from the choice of pointer shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Qt

CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")
EDGES = ("top", "right", "bottom", "left")
ROTATE = "rotate"

# Which way each handle pulls, as (x, y) signs in the layer's own axes.
PULLS: dict[str, tuple[int, int]] = {
    "top-left": (-1, -1),
    "top-right": (1, -1),
    "bottom-right": (1, 1),
    "bottom-left": (-1, 1),
    "top": (0, -1),
    "right": (1, 0),
    "bottom": (0, 1),
    "left": (-1, 0),
}

# Resize arrows by the direction a handle faces on screen, every 45 degrees from "right".
_ARROWS = (
    Qt.CursorShape.SizeHorCursor,
    Qt.CursorShape.SizeFDiagCursor,
    Qt.CursorShape.SizeVerCursor,
    Qt.CursorShape.SizeBDiagCursor,
)


def handle_cursor(handle: str, rotation: float) -> Qt.CursorShape:
    """The resize arrow along which `handle` pulls once the layer is turned by `rotation`."""
    if handle == ROTATE:
        return Qt.CursorShape.OpenHandCursor
    sx, sy = PULLS[handle]
    facing = math.degrees(math.atan2(sy, sx)) + rotation  # clockwise, as y points down
    return _ARROWS[round(facing / 45.0) % 4]


@dataclass(frozen=True)
class Box:
    """A rectangle in the layer's own axes: scene pixels from the layer's position, unturned."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.left + self.right) / 2, (self.top + self.bottom) / 2)


def to_own_axes(dx: float, dy: float, rotation: float) -> tuple[float, float]:
    """A scene offset from the layer's position, in the layer's own (unturned) axes."""
    angle = math.radians(-rotation)
    cos, sin = math.cos(angle), math.sin(angle)
    return (dx * cos - dy * sin, dx * sin + dy * cos)


def to_scene_axes(x: float, y: float, rotation: float) -> tuple[float, float]:
    return to_own_axes(x, y, -rotation)


def stretched(
    box: Box,
    handle: str,
    pointer: tuple[float, float],
    grab: tuple[float, float],
    about_centre: bool,
    minimum: float,
) -> Box:
    """`box` with the sides `handle` pulls following the pointer (both in own axes; `grab` is
    where the drag started), the opposite sides fixed, or both moving when `about_centre`.
    No side comes nearer its opposite than `minimum`."""
    sx, sy = PULLS[handle]
    cx, cy = box.centre
    left, right = _pulled(box.left, box.right, cx, sx, pointer[0] - grab[0], about_centre, minimum)
    top, bottom = _pulled(box.top, box.bottom, cy, sy, pointer[1] - grab[1], about_centre, minimum)
    return Box(left, top, right, bottom)


def _pulled(
    low: float,
    high: float,
    centre: float,
    pull: int,
    delta: float,
    about_centre: bool,
    minimum: float,
) -> tuple[float, float]:
    """One axis of `resized_box`: the sides (`low`, `high`) after the pointer moved `delta`,
    `pull` saying which side follows it (-1 low, +1 high, 0 neither)."""
    if not pull:
        return low, high
    # A side that moves alone grows the box by half as much each side of its new centre.
    reach = 1.0 if about_centre else 0.5
    half = max(minimum / 2, (high - low) / 2 + pull * delta * reach)
    if about_centre:
        return centre - half, centre + half
    return (low, low + 2 * half) if pull > 0 else (high - 2 * half, high)


def scale_factor(
    box: Box,
    handle: str,
    pointer: tuple[float, float],
    grab: tuple[float, float],
    about_centre: bool,
) -> float:
    """How much a uniform scale grows `box` when a corner is dragged from `grab` to `pointer`:
    the pointer's progress along the line from the fixed point (the opposite corner, or the
    centre) through the grabbed corner."""
    fixed = scale_origin(box, handle, about_centre)
    ax, ay = grab[0] - fixed[0], grab[1] - fixed[1]
    reach = ax * ax + ay * ay
    if reach < 1e-9:
        return 1.0
    return ((pointer[0] - fixed[0]) * ax + (pointer[1] - fixed[1]) * ay) / reach


def scale_origin(box: Box, handle: str, about_centre: bool) -> tuple[float, float]:
    """The point a corner drag scales about: the opposite corner, or the box's centre."""
    if about_centre:
        return box.centre
    sx, sy = PULLS[handle]
    return (box.left if sx > 0 else box.right, box.top if sy > 0 else box.bottom)
