"""Every face in a picture: box, both eye centres, nose, mouth, tilt (see docs/FACES.md)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from maskmeme_gui.faces.detect import Candidate, detect
from maskmeme_gui.faces.iris import iris_centre
from maskmeme_gui.faces.landmarks import landmarks
from maskmeme_gui.faces.models import FaceModelError, Networks, networks
from maskmeme_gui.model.faces import Face, ordered_eyes

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

# Larger pictures are looked at through a copy this long: enough for the mesh's 192-pixel crop
# of a face a tenth of the picture wide, and a fraction of a 12-megapixel decode.
WORKING_SIDE = 1536
# Beyond this (in eye distances) the mesh has slipped off the detector's eye; keep the detector's.
_MAX_EYE_SHIFT = 0.5
# Beyond this (in eye distances) the iris model looked at something else than an eye.
_MAX_IRIS_SHIFT = 0.25
MAX_FACES = 50  # the most confident ones: a crowd would otherwise take seconds


def find_faces(image: Image.Image) -> list[Face]:
    """The faces in `image`, largest first, in its pixels. Raises FaceModelError if the models
    cannot run here; no face is an empty list."""
    nets = networks()  # first: without OpenCV this is the one-sentence FaceModelError
    import cv2
    import numpy as np
    from PIL import Image

    factor = min(1.0, WORKING_SIDE / max(image.size))
    working = image.convert("RGB")
    if factor < 1.0:
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        working = working.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    rgb = np.asarray(working)
    try:
        with nets.lock:
            candidates = detect(nets.detector, rgb)[:MAX_FACES]
            faces = [_face(nets, rgb, candidate) for candidate in candidates]
    except cv2.error:
        raise FaceModelError("face finding failed on this picture: OpenCV stopped") from None
    faces = [face.scaled(1.0 / factor) for face in faces]
    return sorted(faces, key=lambda face: face.box[2] * face.box[3], reverse=True)


def _face(nets: Networks, rgb: np.ndarray, candidate: Candidate) -> Face:
    """The face at `candidate`: eyes from the iris model where it agrees with the mesh, from the
    mesh where it agrees with the detector, else the detector's own points."""
    mesh = landmarks(nets.landmarks, rgb, candidate)
    detected_eyes = ordered_eyes(candidate.points[0], candidate.points[1])
    distance = max(1.0, math.dist(*detected_eyes))
    trusted = all(
        math.dist(a, b) <= _MAX_EYE_SHIFT * distance
        for a, b in zip(ordered_eyes(*mesh.eyes), detected_eyes, strict=True)
    )
    if trusted:
        mesh_distance = max(1.0, math.dist(*mesh.eyes))
        eyes = []
        for index, (eye, corners) in enumerate(zip(mesh.eyes, mesh.corners, strict=True)):
            iris = iris_centre(nets.iris, rgb, corners, mirrored=index == 1)
            close = math.dist(iris, eye) <= _MAX_IRIS_SHIFT * mesh_distance
            eyes.append(iris if close else eye)
        return Face(candidate.box, ordered_eyes(*eyes), mesh.nose, mesh.mouth, candidate.score)
    nose = candidate.points[2]
    corners = candidate.points[3], candidate.points[4]
    mouth = ((corners[0][0] + corners[1][0]) / 2, (corners[0][1] + corners[1][1]) / 2)
    return Face(candidate.box, detected_eyes, nose, mouth, candidate.score)
