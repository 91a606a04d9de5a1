"""Iris centres from MediaPipe's iris model, one eye at a time.

Each eye is cut out on its own, framed by its two corners, so what covers the rest of the face
(a mask, a hand, a beard) cannot pull the eye centre away: the face mesh's eye points follow
the whole face's fit, the iris model only the eye.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from maskmeme_gui.faces.detect import Point

if TYPE_CHECKING:
    import numpy as np

CROP_SIDE = 64
CROP_CORNER_DISTANCES = 2.3  # the crop is this many times the corner-to-corner distance wide


def iris_centre(net: Any, rgb: np.ndarray, corners: tuple[Point, Point], mirrored: bool) -> Point:
    """The iris centre of the eye between `corners` (left corner first, as in the picture).
    The model was trained on one side's eyes: the other side's (`mirrored`) are flipped."""
    import cv2
    import numpy as np

    (ax, ay), (bx, by) = corners
    angle = math.degrees(math.atan2(by - ay, bx - ax))
    width = max(1.0, math.dist((ax, ay), (bx, by))) * CROP_CORNER_DISTANCES
    centre = ((ax + bx) / 2, (ay + by) / 2)
    to_crop = cv2.getRotationMatrix2D(centre, angle, CROP_SIDE / width)
    to_crop[0, 2] += CROP_SIDE / 2 - centre[0]
    to_crop[1, 2] += CROP_SIDE / 2 - centre[1]
    if mirrored:
        to_crop = np.array([[-1.0, 0.0, CROP_SIDE], [0.0, 1.0, 0.0]]) @ np.vstack(
            [to_crop, [0.0, 0.0, 1.0]]
        )
    crop = cv2.warpAffine(
        rgb, to_crop, (CROP_SIDE, CROP_SIDE), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )  # fmt: skip
    blob = cv2.dnn.blobFromImage(crop, 1 / 255.0, (CROP_SIDE, CROP_SIDE), (0, 0, 0), swapRB=False)
    net.setInput(blob)
    iris = net.forward("output_iris").reshape(-1, 3)
    back = cv2.invertAffineTransform(to_crop)
    x, y = iris[0, 0], iris[0, 1]  # the first of the five iris points is its centre
    return (
        float(back[0, 0] * x + back[0, 1] * y + back[0, 2]),
        float(back[1, 0] * x + back[1, 1] * y + back[1, 2]),
    )
