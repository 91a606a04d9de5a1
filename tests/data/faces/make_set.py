"""Make the face test set's derived pictures and its labels.json (see README.md).

    .venv/bin/python tests/data/faces/make_set.py --skimage /tmp/sk/skimage/data

`--skimage` is the `skimage/data` folder unpacked from a scikit-image wheel (`pip download
--no-deps scikit-image`); it is only needed to (re)make astronaut.jpg and camera.png, which are
committed, so without it the script reuses them.

What it writes, beside itself:
- astronaut.jpg, camera.png: the two photos (the astronaut as a JPEG, to stay small);
- astronaut-tilted.jpg: the astronaut turned 20 degrees (counter-clockwise);
- astronaut-small.jpg: the astronaut shrunk until her face is about 40 px wide, on a larger
  canvas (her face is 1/32 of its long side);
- NAME-masked.jpg for every picture above and every built-in template: the product's own
  surgical mask, fitted by `mask_for_face` to a face built from the LABELLED eyes
  (`face_from_eyes`) and rendered by `render_document`, as the app would;
- labels.json: every picture with its eye centres, in pixels.

The eye centres of the photos were marked by hand (HAND_LABELS; checked on 8x crops); those of
the templates come from the drawing code (packaging/artwork/draw_templates.py: the iris centre
of each drawn eye); those of the turned and shrunk copies follow by the same geometry.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TEMPLATES = ROOT / "resources" / "templates"

Point = tuple[float, float]

# Pupil centres marked by hand, in pixels of the original 512x512 pictures.
HAND_LABELS: dict[str, dict[str, object]] = {
    "astronaut.jpg": {
        "eyes": [[203.5, 101.5], [246.0, 103.5]],
        "kind": "photo",
        "note": "frontal, smiling",
    },
    "camera.png": {
        # A near-profile: the man looks into his camera's eyepiece. His far eye is hidden
        # behind the bridge of his nose and the eyepiece; its label is where it must be, not
        # where it can be seen.
        "eyes": [[234.5, 148.5], [252.0, 146.0]],
        "kind": "photo",
        "note": "near-profile; the eye on the right is hidden (estimated)",
        "hidden": [False, True],
    },
}
TILT_DEGREES = 20.0
SMALL_FACE_WIDTH = 40  # px: the astronaut's face (the detector's box, about 88 px) shrunk to this
SMALL_CANVAS = (1280, 960)
SMALL_AT = (830, 520)  # where the shrunk picture's top left goes
ASTRONAUT_FACE_WIDTH = 88.0
JPEG_QUALITY = 90


def template_eyes() -> dict[str, list[list[float]]]:
    """The iris centre of each drawn eye, as the drawing code places it."""
    sys.path.insert(0, str(ROOT / "packaging" / "artwork"))
    import draw_templates as d  # type: ignore[import-not-found]
    from shapes import Place  # type: ignore[import-not-found]

    def eyes(pl: Place) -> list[list[float]]:
        return [list(pl.p(*d.eye_point(side, *d.IRIS_CENTRE))) for side in (-1, 1)]

    # The frame's photo is placed on a tilted card; this repeats photo_frame()'s arithmetic.
    left, top, right, bottom = d.FRAME_CARD
    centre = ((left + right) / 2, (top + bottom) / 2)
    card = Place(*centre, 1.0, d.FRAME_TILT)
    photo_top = top + d.FRAME_BORDER
    side = right - left - 2 * d.FRAME_BORDER
    avatar = Place(*card.p(0, photo_top + side * 0.47 - centre[1]), side / 1150, d.FRAME_TILT)
    return {
        "masked-face.png": eyes(Place(600, 600, 1.0)),
        "smile-mask.png": eyes(Place(600, 500, 0.95)),
        "band-classic.png": eyes(Place(600, 590, 0.94)),
        "photo-frame.png": eyes(avatar),
    }


def turned(point: Point, size: tuple[int, int], new_size: tuple[int, int], deg: float) -> Point:
    """Where a point goes when Image.rotate(deg, expand=True) turns the picture (deg > 0 turns
    it counter-clockwise on screen)."""
    cx, cy = size[0] / 2, size[1] / 2
    a = math.radians(deg)
    dx, dy = point[0] - cx, point[1] - cy
    x = dx * math.cos(a) + dy * math.sin(a)
    y = -dx * math.sin(a) + dy * math.cos(a)
    return (x + new_size[0] / 2, y + new_size[1] / 2)


def rounded(points: list[Point] | list[list[float]]) -> list[list[float]]:
    return [[round(x, 1), round(y, 1)] for x, y in points]


def copy_photos(skimage: Path | None) -> None:
    if skimage is None:
        missing = [n for n in HAND_LABELS if not (HERE / n).is_file()]
        if missing:
            raise SystemExit(f"{', '.join(missing)} missing: pass --skimage PATH/skimage/data")
        return
    with Image.open(skimage / "astronaut.png") as image:
        image.convert("RGB").save(HERE / "astronaut.jpg", quality=95)
    shutil.copyfile(skimage / "camera.png", HERE / "camera.png")


def derived_copies(labels: dict[str, dict[str, object]]) -> None:
    eyes: list[list[float]] = labels["astronaut.jpg"]["eyes"]  # type: ignore[assignment]
    with Image.open(HERE / "astronaut.jpg") as opened:
        astronaut = opened.convert("RGB")
    # Turned: the corners the turn uncovers are filled with a wall grey.
    tilted = astronaut.rotate(
        TILT_DEGREES, Image.Resampling.BICUBIC, expand=True, fillcolor=(128, 128, 128)
    )
    tilted.save(HERE / "astronaut-tilted.jpg", quality=JPEG_QUALITY)
    labels["astronaut-tilted.jpg"] = {
        "eyes": rounded(
            [turned(tuple(e), astronaut.size, tilted.size, TILT_DEGREES) for e in eyes]  # type: ignore[arg-type]
        ),
        "kind": "photo",
        "note": f"the astronaut turned {TILT_DEGREES:.0f} degrees",
    }
    # Shrunk onto a larger canvas: a face a detector sees at about 24 px.
    factor = SMALL_FACE_WIDTH / ASTRONAUT_FACE_WIDTH
    small = astronaut.resize(
        (round(astronaut.width * factor), round(astronaut.height * factor)),
        Image.Resampling.LANCZOS,
    )
    gradient = Image.linear_gradient("L").resize(SMALL_CANVAS).rotate(90)
    canvas = Image.merge(
        "RGB",
        (gradient.point(lambda v: 90 + v // 3), gradient.point(lambda v: 100 + v // 3),
         gradient.point(lambda v: 110 + v // 4)),
    )  # fmt: skip
    canvas.paste(small, SMALL_AT)
    canvas.save(HERE / "astronaut-small.jpg", quality=JPEG_QUALITY)
    sx, sy = small.width / astronaut.width, small.height / astronaut.height
    labels["astronaut-small.jpg"] = {
        "eyes": rounded([(SMALL_AT[0] + x * sx, SMALL_AT[1] + y * sy) for x, y in eyes]),
        "kind": "photo",
        "note": f"the astronaut shrunk to a face about {SMALL_FACE_WIDTH} px wide "
        f"on a {SMALL_CANVAS[0]}x{SMALL_CANVAS[1]} canvas",
    }


def picture_path(name: str) -> Path:
    return TEMPLATES / name if (TEMPLATES / name).is_file() else HERE / name


def masked_copy(name: str, eyes: list[list[float]]) -> str:
    """The picture with the product's surgical mask over nose and mouth, as a JPEG."""
    from maskmeme_gui.fileio.face_layers import builtin_mask, mask_for_face
    from maskmeme_gui.fileio.starters import document_from_photo
    from maskmeme_gui.fileio.stickers import get_sticker
    from maskmeme_gui.model.faces import face_from_eyes
    from maskmeme_gui.render.compose import render_document

    doc = document_from_photo(picture_path(name))
    art = get_sticker("surgical-mask")
    sticker = builtin_mask(art)
    doc.assets[sticker.asset] = sticker.png
    face = face_from_eyes((eyes[0][0], eyes[0][1]), (eyes[1][0], eyes[1][1]))
    doc.layers.append(mask_for_face(doc, face, sticker, art.face_box))
    out = f"{Path(name).stem}-masked.jpg"
    render_document(doc).convert("RGB").save(HERE / out, quality=JPEG_QUALITY)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skimage", type=Path, help="the skimage/data folder of the wheel")
    copy_photos(parser.parse_args().skimage)
    labels: dict[str, dict[str, object]] = {name: dict(v) for name, v in HAND_LABELS.items()}
    derived_copies(labels)
    for name, eyes in template_eyes().items():
        labels[name] = {
            "eyes": rounded(eyes),
            "kind": "drawing",
            "note": "a built-in template; eyes from packaging/artwork/draw_templates.py",
        }
    for name in list(labels):
        entry = labels[name]
        out = masked_copy(name, entry["eyes"])  # type: ignore[arg-type]
        labels[out] = {**entry, "masked": True, "of": name}
    records = [
        {
            "file": name if not (TEMPLATES / name).is_file() else f"templates:{name}",
            **{k: v for k, v in entry.items() if k != "masked"},
            "masked": bool(entry.get("masked", False)),
        }
        for name, entry in labels.items()
    ]
    lines = ",\n".join(f"  {json.dumps(record)}" for record in records)
    text = f'{{\n "eye_tolerance": 0.25,\n "pictures": [\n{lines}\n ]\n}}\n'
    json.loads(text)
    (HERE / "labels.json").write_text(text, encoding="utf-8")
    for name in sorted(p.name for p in HERE.iterdir() if p.suffix in {".jpg", ".png"}):
        print(f"{name:28} {(HERE / name).stat().st_size / 1024:6.0f} KB")


if __name__ == "__main__":
    main()
