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
    left, top, right, bottom = box.left, box.top, box.right, box.bottom
    cx, cy = box.centre
    dx, dy = pointer[0] - grab[0], pointer[1] - grab[1]
    # A side that moves alone grows the box by half as much each side of its new centre.
    reach = 1.0 if about_centre else 0.5
    if sx:
        half = max(minimum / 2, box.width / 2 + sx * dx * reach)
        if about_centre:
            left, right = cx - half, cx + half
        elif sx > 0:
            right = left + 2 * half
        else:
            left = right - 2 * half
    if sy:
        half = max(minimum / 2, box.height / 2 + sy * dy * reach)
        if about_centre:
            top, bottom = cy - half, cy + half
        elif sy > 0:
            bottom = top + 2 * half
        else:
            top = bottom - 2 * half
    return Box(left, top, right, bottom)


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
