"""Eye centres, nose tip and mouth from MediaPipe's face mesh on one face's crop.

The detector's own eye points drift on faces in masks (its training faces had mouths); the
mesh sees the eyes' outlines and keeps them in place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from maskmeme_gui.faces.detect import Candidate, Point

if TYPE_CHECKING:
    import numpy as np

CROP_SIDE = 192
# The crop around a face, in eye distances: MediaPipe frames a face 1.5 times its box.
CROP_EYE_DISTANCES = 3.6
CROP_CENTRE_BELOW_EYES = 0.55
# Mesh points around each eye (outer corner, inner corner, upper lid, lower lid).
_EYE_POINTS = ((33, 133, 159, 145), (263, 362, 386, 374))
_NOSE_TIP = 1
_LIPS = (13, 14)


@dataclass(frozen=True)
class Landmarks:
    eyes: tuple[Point, Point]
    nose: Point
    mouth: Point
    # Each eye's two corners, the eye on the picture's left first: where the iris model looks.
    corners: tuple[tuple[Point, Point], tuple[Point, Point]]


def landmarks(net: Any, rgb: np.ndarray, face: Candidate) -> Landmarks:
    """The mesh's reading of one face, in the pixels of `rgb`: a first look framed by the
    detector's eyes, then a second framed by the first look's eyes. A mask moves the
    detector's box and points; framed by the eyes, the crop is the same with or without one."""
    first = _read_mesh(net, rgb, face.points[0], face.points[1])
    return _read_mesh(net, rgb, *first.eyes)


def _read_mesh(net: Any, rgb: np.ndarray, eye_a: Point, eye_b: Point) -> Landmarks:
    import cv2
    import numpy as np

    (ax, ay), (bx, by) = sorted((eye_a, eye_b))
    angle = math.degrees(math.atan2(by - ay, bx - ax))
    distance = max(1.0, math.dist((ax, ay), (bx, by)))
    down = (-math.sin(math.radians(angle)), math.cos(math.radians(angle)))
    centre = (
        (ax + bx) / 2 + down[0] * CROP_CENTRE_BELOW_EYES * distance,
        (ay + by) / 2 + down[1] * CROP_CENTRE_BELOW_EYES * distance,
    )
    zoom = CROP_SIDE / (CROP_EYE_DISTANCES * distance)
    to_crop = cv2.getRotationMatrix2D(centre, angle, zoom)
    to_crop[0, 2] += CROP_SIDE / 2 - centre[0]
    to_crop[1, 2] += CROP_SIDE / 2 - centre[1]
    crop = cv2.warpAffine(
        rgb,
        to_crop,
        (CROP_SIDE, CROP_SIDE),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    blob = cv2.dnn.blobFromImage(crop, 1 / 255.0, (CROP_SIDE, CROP_SIDE), (0, 0, 0), swapRB=False)
    net.setInput(blob)
    # The mesh's face/no-face flag (its other output) is left unread: a mask makes it say
    # "no face" while the eye points stay good.
    mesh = net.forward("conv2d_20")
    points = mesh.reshape(-1, 3)[:, :2].astype(np.float64)
    back = cv2.invertAffineTransform(to_crop)
    points = points @ back[:, :2].T + back[:, 2]

    def mean(indices: tuple[int, ...]) -> Point:
        centre_of = points[list(indices)].mean(axis=0)
        return float(centre_of[0]), float(centre_of[1])

    # The mesh names eyes from the person's side: its "right" eye is on the picture's left.
    return Landmarks(
        eyes=(mean(_EYE_POINTS[0]), mean(_EYE_POINTS[1])),
        nose=mean((_NOSE_TIP,)),
        mouth=mean(_LIPS),
        corners=(
            (mean((_EYE_POINTS[0][0],)), mean((_EYE_POINTS[0][1],))),
            (mean((_EYE_POINTS[1][1],)), mean((_EYE_POINTS[1][0],))),
        ),
    )
