"""Faces in the base picture: where the eyes, nose and mouth are, so tears and masks can be
placed from them and the user can correct them. Coordinates are base-picture pixels."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

Point = tuple[float, float]

# Proportions of a typical adult face, in eye distances (centre to centre), measured along the
# face's own axes: used where only the eyes are known (eyes the user picked).
NOSE_BELOW_EYES = 0.75
MOUTH_BELOW_EYES = 1.25
FACE_WIDTH = 2.2
FACE_HEIGHT = 2.6
FACE_TOP_ABOVE_EYES = 0.9


@dataclass(frozen=True)
class Face:
    """One face. `eyes` are the eye centres, the one further left in the picture first."""

    box: tuple[float, float, float, float]  # x, y, width, height
    eyes: tuple[Point, Point]
    nose: Point
    mouth: Point
    score: float = 1.0  # the finder's confidence; 1.0 for a face the user marked
    picked: bool = False  # marked by hand (eye-pick tool), not found

    @property
    def eye_distance(self) -> float:
        return max(1.0, math.dist(*self.eyes))

    @property
    def tilt(self) -> float:
        """Degrees the eye line turns clockwise on screen (y grows downwards)."""
        (lx, ly), (rx, ry) = self.eyes
        return math.degrees(math.atan2(ry - ly, rx - lx))

    @property
    def down(self) -> Point:
        """The unit vector from the eyes towards the mouth."""
        angle = math.radians(self.tilt)
        return (-math.sin(angle), math.cos(angle))

    @property
    def across(self) -> Point:
        """The unit vector from the left eye towards the right one (as seen in the picture)."""
        angle = math.radians(self.tilt)
        return (math.cos(angle), math.sin(angle))

    def with_eye(self, index: int, point: Point) -> Face:
        """This face with one eye moved. A hand-marked face follows its eyes; a found one keeps
        its box, nose and mouth, which the finder saw."""
        eyes = (point, self.eyes[1]) if index == 0 else (self.eyes[0], point)
        if self.picked:
            return face_from_eyes(*eyes)
        return replace(self, eyes=ordered_eyes(*eyes))

    def scaled(self, by: float) -> Face:
        """The same face in a picture `by` times as large."""
        x, y, w, h = self.box
        return replace(
            self,
            box=(x * by, y * by, w * by, h * by),
            eyes=(_times(self.eyes[0], by), _times(self.eyes[1], by)),
            nose=_times(self.nose, by),
            mouth=_times(self.mouth, by),
        )


def _times(point: Point, by: float) -> Point:
    return (point[0] * by, point[1] * by)


def ordered_eyes(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if (a[0], a[1]) <= (b[0], b[1]) else (b, a)


def face_from_eyes(a: Point, b: Point) -> Face:
    """A face built around two eyes the user marked, with typical proportions."""
    left, right = ordered_eyes(a, b)
    distance = max(1.0, math.dist(left, right))
    centre = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
    angle = math.atan2(right[1] - left[1], right[0] - left[0])
    down = (-math.sin(angle), math.cos(angle))

    def below(amount: float) -> Point:
        return (centre[0] + down[0] * amount * distance, centre[1] + down[1] * amount * distance)

    middle = below(FACE_HEIGHT / 2 - FACE_TOP_ABOVE_EYES)
    width, height = FACE_WIDTH * distance, FACE_HEIGHT * distance
    return Face(
        box=(middle[0] - width / 2, middle[1] - height / 2, width, height),
        eyes=(left, right),
        nose=below(NOSE_BELOW_EYES),
        mouth=below(MOUTH_BELOW_EYES),
        picked=True,
    )
