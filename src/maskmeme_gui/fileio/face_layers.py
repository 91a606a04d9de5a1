"""Layers placed from a face: tears from each eye down the cheek, a mask over nose and mouth.

Sizes follow the face, measured in eye distances (centre to centre) along the face's own axes,
so a small, far face gets thin tears and a tilted face gets tilted ones.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import TYPE_CHECKING

from maskmeme_gui.fileio.newlayers import PreparedSticker
from maskmeme_gui.model.faces import Face, Point
from maskmeme_gui.model.layers import StickerLayer, TearLayer, Transform

if TYPE_CHECKING:
    from maskmeme_gui.fileio.stickers import Box, StickerArt
    from maskmeme_gui.model.document import MemeDocument

# The tear's path from an eye centre: (outwards, downwards) in eye distances. It starts under
# the lower lid, drifts out over the cheekbone and comes back in towards the jaw.
TEAR_PATH: tuple[Point, ...] = (
    (0.0, 0.16),
    (0.03, 0.45),
    (0.08, 0.8),
    (0.11, 1.15),
    (0.10, 1.5),
)
TEAR_WIDTH = 0.12  # of the eye distance: a thin streak; the eye itself is about 0.45 wide
MASK_WIDTH = 2.3  # the mask's face part spans the cheeks
MASK_BELOW_NOSE_AND_MOUTH = 0.05  # from the nose bridge to the chin


def tears_for_face(doc: MemeDocument, face: Face) -> list[TearLayer]:
    """A tear stream from each eye of `face`, the eye on the picture's left first."""
    ox, oy = doc.base_origin
    distance = face.eye_distance
    across, down = face.across, face.down
    layers = []
    for index, (eye, side) in enumerate(zip(face.eyes, ("left", "right"), strict=True)):
        outwards = -1.0 if index == 0 else 1.0
        points = [
            (
                eye[0] + (across[0] * outwards * u + down[0] * v) * distance,
                eye[1] + (across[1] * outwards * u + down[1] * v) * distance,
            )
            for u, v in TEAR_PATH
        ]
        x0, y0 = points[0]
        layers.append(
            TearLayer(
                name=f"Tears ({side} eye)",
                transform=Transform(ox + x0, oy + y0),
                points=[(x - x0, y - y0) for x, y in points],
                width=max(2.0, TEAR_WIDTH * distance),
                seed=_seed(doc, eye),
                # Half a cycle apart: when the tears flow, two eyes do not cry in lockstep.
                flow_phase=0.5 * index,
            )
        )
    return layers


def mask_for_face(
    doc: MemeDocument, face: Face, sticker: PreparedSticker, face_box: Box | None
) -> StickerLayer:
    """The sticker fitted over the nose and mouth: its face part (`face_box`, fractions of the
    picture; the whole picture if None) as wide as the cheeks, turned with the face."""
    left, top, right, bottom = face_box or (0.0, 0.0, 1.0, 1.0)
    width, height = sticker.size
    distance = face.eye_distance
    scale = MASK_WIDTH * distance / max(1.0, (right - left) * width)
    # Where the face part's centre sits in the sticker, from the sticker's centre, scaled.
    part_x = ((left + right) / 2 - 0.5) * width * scale
    part_y = ((top + bottom) / 2 - 0.5) * height * scale
    across, down = face.across, face.down
    eye_mid = ((face.eyes[0][0] + face.eyes[1][0]) / 2, (face.eyes[0][1] + face.eyes[1][1]) / 2)
    # Centred a little below the middle of nose and mouth, as the finder saw them: a face
    # turned away or tipped back gets its mask where its nose and mouth really are.
    lower = (
        (face.nose[0] + face.mouth[0]) / 2 - eye_mid[0],
        (face.nose[1] + face.mouth[1]) / 2 - eye_mid[1],
    )
    sideways = lower[0] * across[0] + lower[1] * across[1]
    downwards = lower[0] * down[0] + lower[1] * down[1] + MASK_BELOW_NOSE_AND_MOUTH * distance
    centre = (
        eye_mid[0] + across[0] * sideways + down[0] * downwards,
        eye_mid[1] + across[1] * sideways + down[1] * downwards,
    )
    ox, oy = doc.base_origin
    return StickerLayer(
        name=sticker.name,
        asset=sticker.asset,
        width=width,
        height=height,
        transform=Transform(
            ox + centre[0] - (across[0] * part_x + down[0] * part_y),
            oy + centre[1] - (across[1] * part_x + down[1] * part_y),
            scale,
            face.tilt,
        ),
    )


@cache
def builtin_mask(art: StickerArt) -> PreparedSticker:
    """A built-in mask as the sticker tool would add it (same asset name, so stored once);
    decoded and re-encoded once per process (about 30 ms), since Put On a Mask runs on the
    window's thread."""
    from maskmeme_gui.fileio.images import load_image_bytes
    from maskmeme_gui.fileio.newlayers import prepare_sticker

    prepared = prepare_sticker(load_image_bytes(art.read_bytes(), art.file), art.file)
    return PreparedSticker(prepared.asset, prepared.png, prepared.size, art.name)


def _seed(doc: MemeDocument, eye: Point) -> int:
    """Same picture and eye, same tear: output repeats from run to run."""
    key = f"{doc.metadata.source}|{eye[0]:.1f},{eye[1]:.1f}"
    # 31 bits: the range a saved document accepts (model/serialize.py).
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") & 0x7FFF_FFFF
