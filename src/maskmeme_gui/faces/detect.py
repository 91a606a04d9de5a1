"""Face boxes and five points from CenterFace, on one reduced copy of the picture."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

Point = tuple[float, float]

DETECT_SIDE = 640  # the long side the detector sees: about 65 ms here, faces from ~12 px
MIN_SCORE = 0.45
OVERLAP = 0.3  # boxes overlapping more than this (IoU) are the same face
_STRIDE = 4  # CenterFace's output grid is a quarter of its input
_OUTPUTS = ["537", "538", "539", "540"]  # heat map, box size, centre offset, five points


@dataclass(frozen=True)
class Candidate:
    """A face as the detector saw it, in the pixels of the picture it was given."""

    box: tuple[float, float, float, float]  # x, y, width, height
    points: tuple[Point, Point, Point, Point, Point]  # eye, eye, nose, mouth corner, corner
    score: float


def detect(net_for: Callable[[tuple[int, int]], Any], rgb: np.ndarray) -> list[Candidate]:
    """Every face in an RGB array, best first; `net_for(shape)` gives the network for an
    input of that (height, width)."""
    import cv2
    import numpy as np

    height, width = rgb.shape[:2]
    factor = min(1.0, DETECT_SIDE / max(height, width))
    small_w, small_h = max(1, round(width * factor)), max(1, round(height * factor))
    small = cv2.resize(rgb, (small_w, small_h), interpolation=cv2.INTER_AREA) if factor < 1 else rgb
    # The network takes sides that are multiples of 32; the padding is black.
    padded_w, padded_h = _multiple_of_32(small_w), _multiple_of_32(small_h)
    padded = np.zeros((padded_h, padded_w, 3), np.uint8)
    padded[:small_h, :small_w] = small
    blob = cv2.dnn.blobFromImage(padded, 1.0, (padded_w, padded_h), (0, 0, 0), swapRB=False)
    net = net_for((padded_h, padded_w))
    net.setInput(blob)
    heat, sizes, offsets, marks = net.forward(_OUTPUTS)
    rows, cols = np.nonzero(heat[0, 0] > MIN_SCORE)
    found: list[Candidate] = []
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        box_h = math.exp(float(sizes[0, 0, row, col])) * _STRIDE
        box_w = math.exp(float(sizes[0, 1, row, col])) * _STRIDE
        left = max(0.0, (col + float(offsets[0, 1, row, col]) + 0.5) * _STRIDE - box_w / 2)
        top = max(0.0, (row + float(offsets[0, 0, row, col]) + 0.5) * _STRIDE - box_h / 2)
        points = tuple(
            (
                (float(marks[0, 2 * i + 1, row, col]) * box_w + left) / factor,
                (float(marks[0, 2 * i, row, col]) * box_h + top) / factor,
            )
            for i in range(5)
        )
        found.append(
            Candidate(
                box=(left / factor, top / factor, box_w / factor, box_h / factor),
                points=points,  # type: ignore[arg-type]
                score=float(heat[0, 0, row, col]),
            )
        )
    return _without_overlaps(found)


def _multiple_of_32(side: int) -> int:
    return max(32, math.ceil(side / 32) * 32)


def _without_overlaps(found: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for candidate in sorted(found, key=lambda c: c.score, reverse=True):
        if all(_overlap(candidate.box, other.box) <= OVERLAP for other in kept):
            kept.append(candidate)
    return kept


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0.0, right - left) * max(0.0, bottom - top)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0
