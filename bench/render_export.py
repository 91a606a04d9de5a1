"""Benchmark: render and export a 12-megapixel meme, against a bare Pillow floor.

The meme: a photo-like 4000x3000 JPEG, two captions and two tear streams, exported to JPEG at full
size through the app's own code (document, renderer, atomic export). The floor, measured in the
same run on the same file: decode the JPEG, draw one stroked caption with Pillow, encode a JPEG.
Prints both medians and their ratio; the target is a ratio of at most 1.5.

    make bench        (or: .venv/bin/python bench/render_export.py [--runs N])
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from maskmeme_gui.fileio.export import ExportOptions, export_image
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.starters import (
    CaptionRequest,
    add_captions,
    add_tears,
    document_from_photo,
    photo_tear_positions,
)
from maskmeme_gui.locate import resource_path
from maskmeme_gui.render.assets import clear_decoded
from maskmeme_gui.render.compose import render_document
from photo import SIZE, photo_like

QUALITY = 92
TARGET = 1.5


def make_photo(path: Path) -> None:
    photo_like(SIZE).save(path, quality=90)


def floor(photo: Path, out: Path) -> None:
    image = Image.open(photo)
    image.load()
    font = ImageFont.truetype(str(resource_path("fonts", "Anton-Regular.ttf")), 280)
    ImageDraw.Draw(image).text(
        (2000, 300), "WHEN THEY ASK", font=font, anchor="mm", fill="white",
        stroke_width=22, stroke_fill="black",
    )  # fmt: skip
    image.save(out, quality=QUALITY)


def app(photo: Path, out: Path) -> None:
    doc = document_from_photo(photo, decode_now=False)  # as `maskmeme render` does
    add_captions(
        doc,
        [CaptionRequest("when they ask how you are", "top"), CaptionRequest("i'm fine", "bottom")],
        CLASSIC_SLOTS,
    )
    add_tears(doc, photo_tear_positions(), "both")
    export_image(render_document(doc), out, ExportOptions(format="JPEG", quality=QUALITY))


def median_seconds(job: Callable[[Path, Path], None], photo: Path, out: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        clear_decoded()  # each run decodes the photo as a fresh `maskmeme render` would
        start = time.perf_counter()
        job(photo, out)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        photo = folder / "photo.jpg"
        make_photo(photo)
        app(photo, folder / "warmup.jpg")  # font loading and first-call costs
        floor(photo, folder / "warmup-floor.jpg")
        app_time = median_seconds(app, photo, folder / "app.jpg", runs)
        floor_time = median_seconds(floor, photo, folder / "floor.jpg", runs)
    ratio = app_time / floor_time
    print(f"render+export 12 MP meme: median {app_time * 1000:.0f} ms over {runs} runs")
    print(f"floor (decode, one stroked text, encode): median {floor_time * 1000:.0f} ms")
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"ratio {ratio:.2f} ({verdict} the target of {TARGET})")


if __name__ == "__main__":
    main()
