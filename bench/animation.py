"""Benchmark: a 720 px two-second tear loop exported as GIF, WebP and APNG, against a floor.

The meme: tests/data/faces/astronaut.jpg enlarged to 720 x 720, a caption and two tear streams
placed from the face found on it, flowing over the still photo (25 frames of 80 ms). Where tear
layers cannot flow (a branch without them), the base itself is animated instead, as a stand-in
of the same shape: the photo with a drop running down each cheek, 25 frames of 80 ms.

Every frame is drawn by the app (`render_frames`) and encoded by the app (`export_meme`'s
encoders). The floor, in the same run on the same frames: Pillow's default `save_all` for
each format. Targets (issue 11): GIF <= 700 KB and its encode time <= 0.1 x the floor's,
WebP <= 300 KB, APNG <= 2 MB, drawing plus encoding the whole GIF <= 1 s.

    make bench        (or: .venv/bin/python bench/animation.py [--runs N])
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw

from maskmeme_gui.fileio.animation_export import encode_apng, encode_gif, encode_webp
from maskmeme_gui.fileio.face_finding import find_faces_in_file
from maskmeme_gui.fileio.face_layers import tears_for_face
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.starters import CaptionRequest, add_captions, document_from_image_bytes
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import TearLayer
from maskmeme_gui.render.compose import render_frames
from maskmeme_gui.render.timeline import gif_delays, timeline

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "tests" / "data" / "faces" / "astronaut.jpg"
SIDE = 720
FRAMES, FRAME_MS = 25, 80
TEARS_FLOW = hasattr(TearLayer(), "flow")
TARGETS = {"GIF": 700_000, "WEBP": 300_000, "PNG": 2_000_000}
GIF_ENCODE_RATIO, GIF_TOTAL_SECONDS = 0.1, 1.0
WEBP_QUALITY = 80


def enlarged_photo() -> Image.Image:
    with Image.open(PHOTO) as image:
        return image.convert("RGB").resize((SIDE, SIDE), Image.Resampling.LANCZOS)


def running_drops(photo: Image.Image, eyes: list[tuple[float, float]]) -> bytes:
    """The stand-in base: an APNG of the photo with a drop running down under each eye."""
    frames = []
    for index in range(FRAMES):
        frame = photo.copy()
        draw = ImageDraw.Draw(frame)
        for x, y in eyes:
            top = y + 20 + index * 6
            draw.ellipse((x - 7, top, x + 7, top + 20), fill=(190, 220, 245))
            draw.ellipse((x - 3, top + 4, x + 1, top + 9), fill=(250, 252, 255))
        frames.append(frame)
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "PNG", save_all=True, append_images=frames[1:], duration=FRAME_MS, loop=0
    )
    return buffer.getvalue()


def make_meme() -> MemeDocument:
    photo = enlarged_photo()
    still = io.BytesIO()
    photo.save(still, "PNG")
    doc = document_from_image_bytes(still.getvalue(), "astronaut.png")
    face = find_faces_in_file(PHOTO).faces[0]
    factor = SIDE / 512
    eyes = [(x * factor, y * factor) for x, y in face.eyes]
    if not TEARS_FLOW:
        animated = running_drops(photo, eyes)
        doc = document_from_image_bytes(animated, "astronaut.png")
    add_captions(doc, [CaptionRequest("when they ask how you are", "top")], CLASSIC_SLOTS)
    x, y, w, h = (v * factor for v in face.box)
    scaled = replace(
        face,
        box=(x, y, w, h),
        eyes=(eyes[0], eyes[1]),
        nose=(face.nose[0] * factor, face.nose[1] * factor),
        mouth=(face.mouth[0] * factor, face.mouth[1] * factor),
    )
    for tear in tears_for_face(doc, scaled):
        if TEARS_FLOW:
            tear.flow = True
        doc.layers.append(tear)
    return doc


def timed(job: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def pillow_default(frames: list[Image.Image], durations: list[int], fmt: str) -> bytes:
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=durations, loop=0)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    doc = make_meme()
    line = timeline(doc)
    list(render_frames(doc))  # fonts, the base's frames: first-call costs
    draw_s, drawn = timed(lambda: list(render_frames(doc)), runs)
    frames: list[Image.Image] = drawn  # type: ignore[assignment]
    durations = list(line.durations_ms)
    what = "flowing tears over the photo" if TEARS_FLOW else "a stand-in animated base (drops)"
    print(
        f"animation: {len(frames)} frames of {frames[0].width}x{frames[0].height}, "
        f"{line.loop_ms} ms loop, {what}"
    )
    print(f"draw every frame: median {draw_s * 1000:.0f} ms over {runs} runs")
    encoders: dict[str, Callable[[], bytes]] = {
        "GIF": lambda: encode_gif(frames, gif_delays(durations)),
        "WEBP": lambda: encode_webp(frames, durations, WEBP_QUALITY),
        "PNG": lambda: encode_apng(frames, durations),
    }
    misses = 0
    for fmt, encode in encoders.items():
        app_s, data = timed(encode, runs)
        floor_s, floor_data = timed(lambda fmt=fmt: pillow_default(frames, durations, fmt), 1)
        size, floor_size = len(data), len(floor_data)  # type: ignore[arg-type]
        ok = size <= TARGETS[fmt]
        misses += not ok
        name = "APNG" if fmt == "PNG" else fmt
        print(
            f"{name:<5} app {size / 1000:7.0f} KB in {app_s * 1000:5.0f} ms | floor (Pillow "
            f"default) {floor_size / 1000:7.0f} KB in {floor_s * 1000:5.0f} ms | size "
            f"{size / floor_size:.2f}x, time {app_s / floor_s:.2f}x | target <= "
            f"{TARGETS[fmt] / 1000:.0f} KB: {'meets' if ok else 'MISSES'}"
        )
        if fmt == "GIF":
            ratio = app_s / floor_s
            total = draw_s + app_s
            misses += ratio > GIF_ENCODE_RATIO or total > GIF_TOTAL_SECONDS
            print(
                f"GIF   encode time {ratio:.3f}x the floor's (target <= {GIF_ENCODE_RATIO}: "
                f"{'meets' if ratio <= GIF_ENCODE_RATIO else 'MISSES'}); draw + encode "
                f"{total * 1000:.0f} ms (target <= {GIF_TOTAL_SECONDS * 1000:.0f} ms: "
                f"{'meets' if total <= GIF_TOTAL_SECONDS else 'MISSES'})"
            )
    print("all targets met" if not misses else f"{misses} target(s) missed")


if __name__ == "__main__":
    main()
