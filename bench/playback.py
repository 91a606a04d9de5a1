"""Benchmark: showing the frames of a 720 px animation on the canvas, against a bare scene.

The app: a CanvasView (1280x800) showing a 720x720, 24-frame GIF meme; each frame is asked
for with `DocumentScene.show_time` as the playback bar does, and timed until it is on screen
(the background has its picture and the viewport has repainted). The first loop draws each
frame in the worker; the second shows them from the frame cache, which is what playing
steadily costs. The floor, in the same run: a plain QGraphicsPixmapItem in a bare scene and
view of the same size, given the same frames as ready QPixmaps and repainted.

Target: the second loop's median time to show a frame at most a quarter of a 40 ms frame
(10 ms), so playback keeps its frame rate with room to spare.

Memory, in a fresh process: the main window opens a 200-frame 720 x 720 GIF (the loader keeps
192 of them), and every frame is shown once; the peak resident size (VmHWM) must stay under
1 GB.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/playback.py
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from maskmeme_gui.fileio.starters import document_from_image_bytes
from maskmeme_gui.qt.canvas import CanvasView
from maskmeme_gui.qt.edit_actions import EditActions
from maskmeme_gui.qt.imageconv import pil_to_qpixmap
from maskmeme_gui.qt.session import DocumentSession
from photo import photo_like

SIDE = 720
FRAMES = 24
FRAME_MS = 80
VIEW_SIZE = (1280, 800)
TARGET_MS = 10.0


def make_frames() -> list[Image.Image]:
    base = photo_like((SIDE, SIDE))
    frames = []
    for index in range(FRAMES):
        frame = base.copy()
        # Something moves in every frame, as in a real clip.
        x = 60 + index * 24
        ImageDraw.Draw(frame).ellipse((x, 300, x + 90, 390), fill=(40, 90, 200))
        frames.append(frame)
    return frames


def make_gif(frames: list[Image.Image]) -> bytes:
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=FRAME_MS, loop=0
    )
    return buffer.getvalue()


def app_loops(gif: bytes) -> tuple[list[float], list[float]]:
    app = QApplication.instance()
    assert app is not None
    doc = document_from_image_bytes(gif, "clip.gif")
    holder = QWidget()
    view = CanvasView(EditActions(holder), holder)
    holder.resize(*VIEW_SIZE)
    view.resize(*VIEW_SIZE)
    holder.show()
    session = DocumentSession(doc)
    view.set_session(session)
    scene = view.document_scene()
    while scene.renders_pending():
        app.processEvents()
    shown: list[int] = []
    scene.renderer.background_ready.connect(lambda _picture: shown.append(1))
    loops: list[list[float]] = []
    for _loop in range(2):
        timings = []
        for frame in range(FRAMES):
            before = len(shown)
            began = time.perf_counter()
            scene.show_time(frame * FRAME_MS, True)
            while len(shown) == before:
                app.processEvents()
            view.viewport().repaint()
            timings.append((time.perf_counter() - began) * 1000)
        loops.append(timings)
    holder.close()
    return loops[0], loops[1]


def floor_loop(frames: list[Image.Image]) -> list[float]:
    pixmaps = [pil_to_qpixmap(frame) for frame in frames]
    scene = QGraphicsScene()
    item = QGraphicsPixmapItem(pixmaps[0])
    scene.addItem(item)
    view = QGraphicsView(scene)
    view.resize(*VIEW_SIZE)
    view.show()
    view.fitInView(item)
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
    timings = []
    for pixmap in pixmaps:
        began = time.perf_counter()
        item.setPixmap(pixmap)
        view.viewport().repaint()
        timings.append((time.perf_counter() - began) * 1000)
    view.close()
    return timings


MEMORY_TARGET_MB = 1024


def memory_child(gif_path: str) -> None:
    """In a fresh process: open the GIF in the main window, show every frame, print VmHWM."""
    from maskmeme_gui.config.settings import Settings
    from maskmeme_gui.qt.mainwindow import MainWindow

    app = QApplication([])
    window = MainWindow(Settings())
    window.resize(1400, 900)
    window.show()
    known: list[int] = []
    window.player.timeline_known.connect(lambda: known.append(1))
    window.open_path(Path(gif_path))
    while not known:
        app.processEvents()
    playback, scene = window.playback, window.canvas.document_scene()
    for frame in range(playback.frame_count):
        playback.seek(frame)
        while scene.renders_pending():
            app.processEvents()
    status = Path("/proc/self/status").read_text().splitlines()
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    print(playback.frame_count, peak_kb // 1024)


def memory_peak() -> tuple[int, int]:
    """(frames kept, peak MB) of a fresh process playing a 200-frame 720 px GIF."""
    with tempfile.TemporaryDirectory() as scratch:
        gif = Path(scratch) / "long.gif"
        frames = []
        for index in range(200):
            frame = Image.linear_gradient("L").resize((SIDE, SIDE)).convert("RGB")
            x = index * 3 % (SIDE - 80)
            ImageDraw.Draw(frame).ellipse((x, 100, x + 80, 180), fill=(200, 50, 50))
            frames.append(frame)
        frames[0].save(gif, save_all=True, append_images=frames[1:], duration=40, loop=0)
        del frames
        env = dict(os.environ, MASKMEME_DATA_DIR=scratch, MASKMEME_CONFIG_DIR=scratch,
                   MASKMEME_CACHE_DIR=scratch)  # fmt: skip
        result = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(gif)],
            capture_output=True, text=True, check=True, env=env,
        )  # fmt: skip
        kept, peak = result.stdout.split()[-2:]
        return int(kept), int(peak)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--memory-child":
        memory_child(sys.argv[2])
        return
    app = QApplication([])
    frames = make_frames()
    first, steady = app_loops(make_gif(frames))
    floor = floor_loop(frames)
    steady_ms, floor_ms = statistics.median(steady), statistics.median(floor)
    verdict = "meets" if steady_ms <= TARGET_MS else "MISSES"
    print(
        f"canvas playback of a {SIDE} px, {FRAMES}-frame GIF: a frame shows in "
        f"{steady_ms:.1f} ms (median, frames cached; {verdict} the target of {TARGET_MS:.0f} ms, "
        f"a quarter of a 40 ms frame)"
    )
    print(f"  first loop, each frame drawn in the worker: median {statistics.median(first):.1f} ms")
    print(
        f"floor (a bare QGraphicsPixmapItem given ready pixmaps): median {floor_ms:.1f} ms; "
        f"ratio {steady_ms / floor_ms:.2f}"
    )
    kept, peak = memory_peak()
    verdict = "meets" if peak <= MEMORY_TARGET_MB else "MISSES"
    print(
        f"memory: the window playing a 200-frame {SIDE} px GIF ({kept} frames kept) peaks at "
        f"{peak} MB ({verdict} the target of {MEMORY_TARGET_MB} MB)"
    )
    app.quit()


if __name__ == "__main__":
    main()
