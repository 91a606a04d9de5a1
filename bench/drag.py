"""Benchmark: dragging a caption over a 12-megapixel photo on the canvas, against a bare scene.

The app: a CanvasView showing a 4000x3000 photo and a caption, fitted in a 1280x800 view; the
caption is pressed, moved 200 times and released, as mouse events on the viewport with the
events processed (and the view repainted) after every move. The floor, in the same run: a
plain QGraphicsPixmapItem (ItemIsMovable) holding the same caption sprite, over a QPixmap of
the same photo in a bare QGraphicsScene and QGraphicsView of the same size, moved the same way.
Prints the median time per move of both and their ratio; targets: median <= 8 ms, ratio <= 2.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/drag.py [--moves N]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import sys
import time
from collections.abc import Callable

from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, Transform
from maskmeme_gui.qt.canvas import CanvasView
from maskmeme_gui.qt.edit_actions import EditActions
from maskmeme_gui.qt.imageconv import pil_to_qpixmap
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.render.compose import render_layer
from photo import SIZE, photo_like

VIEW_SIZE = (1280, 800)
TARGET_MS = 8.0
TARGET_RATIO = 2.0


def make_photo() -> bytes:
    buffer = io.BytesIO()
    photo_like(SIZE).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def make_caption() -> CaptionLayer:
    return CaptionLayer(
        text="when they ask how you are",
        transform=Transform(2000, 420),
        box_width=3600,
        box_height=560,
    )


def down_the_picture(start: QPoint, moves: int) -> list[QPoint]:
    """The top caption dragged down over the photo, with a hand's sideways wobble."""
    return [
        start + QPoint(round(40 * math.sin(2 * math.pi * i / moves)), round(300 * i / moves))
        for i in range(1, moves + 1)
    ]


def side_to_side(start: QPoint, moves: int) -> list[QPoint]:
    """Swung left and right, so the wide caption crosses the canvas edge onto the pasteboard."""
    return [
        start + QPoint(round(220 * math.sin(2 * math.pi * i / moves)), round(160 * i / moves))
        for i in range(1, moves + 1)
    ]


PATHS = {"down the picture": down_the_picture, "side to side": side_to_side}
Path = Callable[[QPoint, int], list[QPoint]]


def send(widget: QWidget, kind: QMouseEvent.Type, pos: QPoint, buttons: Qt.MouseButton) -> None:
    moving = kind == QMouseEvent.Type.MouseMove
    button = Qt.MouseButton.NoButton if moving else Qt.MouseButton.LeftButton
    local = QPointF(pos)
    global_pos = widget.mapToGlobal(local)
    no_keys = Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(widget, QMouseEvent(kind, local, global_pos, button, buttons, no_keys))


def drag_timings(view: QGraphicsView, start: QPoint, path: Path, moves: int) -> list[float]:
    """Milliseconds per move: the move event, then every event it caused, painting included."""
    app = QApplication.instance()
    viewport = view.viewport()
    left = Qt.MouseButton.LeftButton
    send(viewport, QMouseEvent.Type.MouseButtonPress, start, left)
    app.processEvents()
    timings = []
    for point in path(start, moves):
        began = time.perf_counter()
        send(viewport, QMouseEvent.Type.MouseMove, point, left)
        app.processEvents()  # the scene's update and the viewport's repaint of what changed
        timings.append((time.perf_counter() - began) * 1000)
    send(viewport, QMouseEvent.Type.MouseButtonRelease, point, Qt.MouseButton.NoButton)
    app.processEvents()
    return timings


def shown(view: QGraphicsView) -> None:
    view.resize(*VIEW_SIZE)
    view.show()
    settle()


def settle() -> None:
    """Let the view go idle, as it is when a person reaches for the mouse."""
    QTest.qWait(400)


def app_case(photo: bytes, path: Path, moves: int) -> list[float]:
    doc = MemeDocument(base_size=SIZE, base_asset="base.jpg", assets={"base.jpg": photo})
    doc.layers.append(make_caption())
    session = DocumentSession(doc)
    owner = QWidget()  # the window, which owns the edit actions
    view = CanvasView(EditActions(owner))
    shown(view)
    view.set_session(session)
    view.wait_for_renders()
    settle()
    layer = doc.layers[0]
    start = view.mapFromScene(QPointF(layer.transform.x, layer.transform.y))
    timings = drag_timings(view, start, path, moves)
    assert session.undo_stack.count() == 1, "the drag must be one undo step"
    view.close()
    return timings


def floor_case(photo: bytes, path: Path, moves: int) -> list[float]:
    scene = QGraphicsScene()
    background = Image.open(io.BytesIO(photo))
    background.load()
    scene.addPixmap(pil_to_qpixmap(background))
    sprite = render_layer(make_caption())
    item = QGraphicsPixmapItem(pil_to_qpixmap(sprite.image))
    item.setOffset(-sprite.anchor[0], -sprite.anchor[1])
    item.setPos(2000, 420)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
    scene.addItem(item)
    view = QGraphicsView(scene)
    shown(view)
    view.fitInView(scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
    settle()
    timings = drag_timings(view, view.mapFromScene(QPointF(2000, 420)), path, moves)
    view.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])  # noqa: F841 - keeps the application alive
    photo = make_photo()
    print(f"photo {SIZE[0]}x{SIZE[1]}, view {VIEW_SIZE[0]}x{VIEW_SIZE[1]}, {args.moves} moves")
    verdicts = []
    for name, path in PATHS.items():
        floor_ms = statistics.median(floor_case(photo, path, args.moves))
        app_timings = app_case(photo, path, args.moves)
        app_ms = statistics.median(app_timings)
        ratio = app_ms / floor_ms
        p90 = statistics.quantiles(app_timings, n=10)[-1]
        print(f"{name}:")
        print(f"  bare QGraphicsPixmapItem: median {floor_ms:.2f} ms per move")
        print(f"  maskmeme canvas:          median {app_ms:.2f} ms per move (p90 {p90:.2f} ms)")
        print(f"  ratio {ratio:.2f}")
        verdicts.append(app_ms <= TARGET_MS and ratio <= TARGET_RATIO)
    print(f"targets: median <= {TARGET_MS} ms, ratio <= {TARGET_RATIO}")
    print("OK" if all(verdicts) else "ABOVE TARGET")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
