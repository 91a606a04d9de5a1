"""Faces in a file or in a meme's base picture, in the pixels of the picture as shown.

The finder looks at a reduced copy: a JPEG is decoded at the smallest DCT scale (1/2 to 1/8)
that keeps both sides at least `FACE_DRAFT` long, so a 12-megapixel photo is decoded at a
sixteenth of its pixels; the faces come back scaled to the full picture.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from maskmeme_gui.faces.find import find_faces
from maskmeme_gui.fileio.images import load_image, load_image_bytes, probe_image
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.faces import Face

# The detector looks at 640 pixels (faces/detect.py); the face mesh's crops come from this copy.
FACE_DRAFT = (640, 640)


@dataclass(frozen=True)
class FoundFaces:
    size: tuple[int, int]  # the picture's width and height, upright
    faces: list[Face]


def find_faces_in_file(path: str | os.PathLike[str]) -> FoundFaces:
    """Raises ImageLoadError for a file the loader refuses, FaceModelError if face finding
    cannot run here."""
    size = probe_image(path).size
    reduced = load_image(path, draft=FACE_DRAFT).image
    return FoundFaces(size, _scaled(find_faces(reduced), size, reduced.size))


def find_faces_in_document(doc: MemeDocument) -> list[Face]:
    """The faces in the meme's base picture (none for a plain background)."""
    if doc.base_asset is None:
        return []
    data = doc.assets[doc.base_asset]
    image = load_image_bytes(data, "the meme's picture", draft=FACE_DRAFT).image
    return _scaled(find_faces(image), doc.base_size, image.size)


def _scaled(faces: list[Face], full: tuple[int, int], seen: tuple[int, int]) -> list[Face]:
    # Upright or not, the long side is the long side.
    by = max(full) / max(1, max(seen))
    return faces if by == 1.0 else [face.scaled(by) for face in faces]
