"""The selection's handles, dragged with the mouse in the window as a user drags them: corners
scale about the opposite corner (Alt: the centre; Shift keeps the proportions), a caption's
edges change its box and so how its text wraps, a turned layer resizes along its own sides."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, Layer, StickerLayer, Transform
from maskmeme_gui.qt.canvas import CanvasView
from maskmeme_gui.qt.canvas.textedit import CaptionText
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.render.text import layout_caption
from test_canvas import badge, drag, face_photo, mouse, png_bytes, steps

Alt = Qt.KeyboardModifier.AltModifier
Shift = Qt.KeyboardModifier.ShiftModifier
NoButton = Qt.MouseButton.NoButton


def handles_doc(rotation: float = 0.0) -> MemeDocument:
    doc = MemeDocument(
        base_size=(1200, 900),
        base_asset="base.png",
        assets={"base.png": face_photo(), "badge.png": png_bytes(badge())},
    )
    doc.layers += [
        CaptionLayer(
            id="words",
            text="when they ask how you are doing today",
            size_mode="fixed",  # the text keeps its size: a narrower box wraps it more
            font_size=56,
            transform=Transform(600, 300, 1.0, rotation),
            box_width=900,
            box_height=200,
        ),
        StickerLayer(
            id="badge",
            asset="badge.png",
            width=200,
            height=120,
            transform=Transform(900, 700, 1.0, 20.0),
        ),
    ]
    return doc


@pytest.fixture
def canvas(qtbot: QtBot, window: MainWindow) -> CanvasView:
    window.set_document(handles_doc())
    view = window.canvas
    qtbot.waitUntil(lambda: not view.renders_pending(), timeout=20_000)
    return view


def select(view: CanvasView, layer_id: str) -> dict[str, QPointF]:
    session = view.session()
    assert session is not None
    session.select([layer_id])
    return view.document_scene().chrome[layer_id].handle_points()


def layer(view: CanvasView, layer_id: str) -> Layer:
    session = view.session()
    assert session is not None
    return session.doc.layer(layer_id)


Number = float | tuple[float, ...]


def about(value: Number, wanted: Number, slack: float) -> bool:
    # Not pytest.approx: it consults numpy, which the face finder may be importing meanwhile.
    values = value if isinstance(value, tuple) else (value,)
    wanted_values = wanted if isinstance(wanted, tuple) else (wanted,)
    return all(abs(v - w) <= slack for v, w in zip(values, wanted_values, strict=True))


def near(a: QPointF, b: QPointF, pixels: float = 1.5) -> bool:
    return math.hypot(a.x() - b.x(), a.y() - b.y()) <= pixels


def pull(view: CanvasView, handle: QPointF, by: QPoint, modifiers=Qt.KeyboardModifier.NoModifier):
    start = view.mapFromScene(handle)
    drag(view, steps(start, start + by), modifiers)


def test_a_caption_corner_reshapes_its_box_about_the_opposite_corner(
    qtbot: QtBot, canvas: CanvasView
) -> None:
    before = select(canvas, "words")
    pull(canvas, before["bottom-right"], QPoint(-60, 40))
    words = layer(canvas, "words")
    assert isinstance(words, CaptionLayer)
    zoom = canvas.zoom_factor()
    assert about(words.box_width, 900 - 60 / zoom, 2)
    assert about(words.box_height, 200 + 40 / zoom, 2)
    assert words.transform.scale == 1.0
    after = canvas.document_scene().chrome["words"].handle_points()
    assert near(after["top-left"], before["top-left"])
    session = canvas.session()
    assert session is not None
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Resize caption box"


def test_alt_on_a_corner_keeps_the_centre(canvas: CanvasView) -> None:
    before = select(canvas, "words")
    pull(canvas, before["bottom-right"], QPoint(30, 30), Alt)
    words = layer(canvas, "words")
    assert isinstance(words, CaptionLayer)
    zoom = canvas.zoom_factor()
    assert about((words.transform.x, words.transform.y), (600, 300), 0.5)
    assert about(words.box_width, 900 + 60 / zoom, 2)
    assert about(words.box_height, 200 + 60 / zoom, 2)


def test_shift_on_a_caption_corner_scales_it_whole_keeping_its_proportions(
    canvas: CanvasView,
) -> None:
    before = select(canvas, "words")
    # Outwards along the diagonal, a little off it: Shift keeps the proportions anyway.
    pull(canvas, before["bottom-right"], QPoint(90, 14), Shift)
    words = layer(canvas, "words")
    assert isinstance(words, CaptionLayer)
    assert (words.box_width, words.box_height) == (900, 200)
    assert words.transform.scale > 1.05
    after = canvas.document_scene().chrome["words"].handle_points()
    assert near(after["top-left"], before["top-left"])
    width = math.dist(after["top-left"].toTuple(), after["top-right"].toTuple())
    height = math.dist(after["top-left"].toTuple(), after["bottom-left"].toTuple())
    assert about(width / height, 900 / 200, 0.05)


def test_a_turned_sticker_scales_about_its_opposite_corner(canvas: CanvasView) -> None:
    before = select(canvas, "badge")
    corner = canvas.mapFromScene(before["bottom-right"])
    fixed = canvas.mapFromScene(before["top-left"])
    pull(canvas, before["bottom-right"], (corner - fixed) * 0.5)
    badge_layer = layer(canvas, "badge")
    assert about(badge_layer.transform.scale, 1.5, 0.05)
    assert badge_layer.transform.rotation == 20.0
    after = canvas.document_scene().chrome["badge"].handle_points()
    assert near(after["top-left"], before["top-left"], 2 / canvas.zoom_factor())


def test_an_edge_changes_the_box_width_and_so_the_wrapping(
    qtbot: QtBot, canvas: CanvasView
) -> None:
    words = layer(canvas, "words")
    assert isinstance(words, CaptionLayer)
    lines_before = len(layout_caption(words).lines)
    before = select(canvas, "words")
    assert canvas.viewport().cursor().shape() != Qt.CursorShape.SizeHorCursor
    right = canvas.mapFromScene(before["right"])
    mouse(canvas.viewport(), QMouseEvent.Type.MouseMove, right, NoButton, NoButton)
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.SizeHorCursor
    # The box half as wide: the text needs more lines.
    pull(canvas, before["right"], canvas.mapFromScene(before["top"]) - right)
    assert about(words.box_width, 450, 2)
    assert words.box_height == 200
    assert len(layout_caption(words).lines) > lines_before
    after = canvas.document_scene().chrome["words"].handle_points()
    assert near(after["left"], before["left"])


def test_a_turned_caption_resizes_along_its_own_sides(qtbot: QtBot, window: MainWindow) -> None:
    window.set_document(handles_doc(rotation=90.0))
    canvas = window.canvas
    qtbot.waitUntil(lambda: not canvas.renders_pending(), timeout=20_000)
    before = select(canvas, "words")
    # Turned a quarter clockwise, the box's right side faces down the screen.
    assert before["right"].y() > before["left"].y() + 800
    right = canvas.mapFromScene(before["right"])
    mouse(canvas.viewport(), QMouseEvent.Type.MouseMove, right, NoButton, NoButton)
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.SizeVerCursor
    pull(canvas, before["right"], QPoint(0, -round(100 * canvas.zoom_factor())))
    words = layer(canvas, "words")
    assert isinstance(words, CaptionLayer)
    assert about(words.box_width, 800, 2)
    assert words.box_height == 200
    after = canvas.document_scene().chrome["words"].handle_points()
    assert near(after["left"], before["left"])


def test_each_drag_is_an_undo_step_of_its_own(canvas: CanvasView) -> None:
    session = canvas.session()
    assert session is not None
    pull(canvas, select(canvas, "words")["right"], QPoint(-20, 0))
    pull(canvas, select(canvas, "words")["right"], QPoint(-20, 0))
    pull(canvas, select(canvas, "badge")["top-left"], QPoint(-15, -15))
    assert session.undo_stack.count() == 3
    words = layer(canvas, "words")
    assert isinstance(words, CaptionLayer)
    narrower = words.box_width
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert words.box_width > narrower
    assert layer(canvas, "badge").transform.scale == 1.0


def test_the_text_wraps_anew_while_an_edge_is_dragged(canvas: CanvasView) -> None:
    before = select(canvas, "words")
    viewport = canvas.viewport()
    right = canvas.mapFromScene(before["right"])
    path = steps(right, canvas.mapFromScene(before["top"]))
    mouse(viewport, QMouseEvent.Type.MouseButtonPress, path[0])
    for point in path[1:]:
        mouse(viewport, QMouseEvent.Type.MouseMove, point, NoButton)
    # Before the release: the text already stands in the narrower box, on more lines.
    shown = [item for item in canvas.scene().items() if isinstance(item, CaptionText)]
    assert len(shown) == 1 and shown[0].document().firstBlock().layout().lineCount() > 1
    assert canvas.document_scene().layer_items["words"].opacity() == 0.0
    assert canvas.document_scene().chrome["words"].isVisible()
    mouse(viewport, QMouseEvent.Type.MouseButtonRelease, path[-1], buttons=NoButton)
    assert not [item for item in canvas.scene().items() if isinstance(item, CaptionText)]
    assert canvas.document_scene().layer_items["words"].opacity() == 1.0
