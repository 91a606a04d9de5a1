"""Editing a caption in place, in the window, as a user does: double-click a turned caption,
type, click in the text, finish; the editor is the caption itself on the canvas, at its
position, angle and size, not a box somewhere else."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsItem, QWidget
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, Transform
from maskmeme_gui.qt.canvas import CanvasView
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.render.text import layout_caption
from test_canvas import face_photo

Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier


def turned_caption_doc() -> MemeDocument:
    doc = MemeDocument(base_size=(1200, 900), base_asset="base.png",
                       assets={"base.png": face_photo()})  # fmt: skip
    doc.layers.append(
        CaptionLayer(
            id="words",
            text="when they ask how you are",
            transform=Transform(600, 200, 1.0, -15.0),
            box_width=900,
            box_height=200,
        )
    )
    doc.layers.append(CaptionLayer(id="other", text="me", transform=Transform(600, 800)))
    return doc


@pytest.fixture
def canvas(qtbot: QtBot, window: MainWindow) -> CanvasView:
    window.activateWindow()
    qtbot.waitActive(window)
    window.set_document(turned_caption_doc())
    view = window.canvas
    qtbot.waitUntil(lambda: not view.renders_pending(), timeout=20_000)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    return view


def words(view: CanvasView) -> CaptionLayer:
    session = view.session()
    assert session is not None
    layer = session.doc.layer("words")
    assert isinstance(layer, CaptionLayer)
    return layer


def on_caption(view: CanvasView, x: float = 0.0) -> QPointF:
    """A point on the caption's middle line, `x` scene pixels from its centre along it."""
    layer = words(view)
    turn = math.radians(layer.transform.rotation)
    return QPointF(layer.transform.x + x * math.cos(turn), layer.transform.y + x * math.sin(turn))


def test_double_clicking_a_turned_caption_edits_it_where_it_stands(
    qtbot: QtBot, canvas: CanvasView
) -> None:
    QTest.mouseDClick(canvas.viewport(), Left, NoMod, canvas.mapFromScene(on_caption(canvas)))
    editor = canvas.caption_editor()
    assert editor is not None
    # On the canvas, in the scene, not a widget of its own beside the caption.
    assert not isinstance(editor, QWidget)
    assert isinstance(editor, QGraphicsItem) and editor.scene() is canvas.scene()
    layer = words(canvas)
    box = editor.boundingRect()
    centre = editor.mapToScene(QPointF(box.center().x(), box.center().y()))
    assert math.dist(centre.toTuple(), (600, 200)) < 1.0
    along = editor.mapToScene(QPointF(box.right(), box.center().y())) - centre
    assert math.degrees(math.atan2(along.y(), along.x())) == pytest.approx(-15.0, abs=0.01)
    assert editor.font().pixelSize() == layout_caption(layer).font_size
    # One caption on screen: the rendered one hides while its text is being typed.
    item = canvas.document_scene().layer_items["words"]
    assert not item.isVisible()

    QTest.keyClicks(canvas, "i am fine")
    assert layer.text == "i am fine"
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert canvas.caption_editor() is None
    assert item.isVisible()
    session = canvas.session()
    assert session is not None
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Edit caption text"


def test_keys_that_steer_the_canvas_type_into_the_caption_instead(
    qtbot: QtBot, canvas: CanvasView
) -> None:
    session = canvas.session()
    assert session is not None
    session.select(["words"])
    QTest.keyClick(canvas, Qt.Key.Key_Return)  # edits the selected caption
    QTest.keyClicks(canvas, "a b")  # Space is a space, not the pan key
    QTest.keyClick(canvas, Qt.Key.Key_Left)  # moves the caret, does not nudge the caption
    QTest.keyClick(canvas, Qt.Key.Key_Backspace)  # deletes a character, not the caption
    assert words(canvas).text == "ab"
    assert (words(canvas).transform.x, words(canvas).transform.y) == (600, 200)
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.caption_editor() is None
    assert session.selection == ["words"]  # Escape finished the typing, not the selection


def test_clicking_in_the_text_moves_the_caret_and_keeps_editing(
    qtbot: QtBot, canvas: CanvasView
) -> None:
    canvas.edit_caption("words")
    editor = canvas.caption_editor()
    assert editor is not None
    assert editor.textCursor().hasSelection()
    QTest.mouseClick(canvas.viewport(), Left, NoMod, canvas.mapFromScene(on_caption(canvas, -5)))
    assert canvas.caption_editor() is editor
    cursor = editor.textCursor()
    assert not cursor.hasSelection()
    assert 0 < cursor.position() < len(words(canvas).text)


def test_clicking_a_field_of_the_window_finishes_without_taking_its_focus(
    qtbot: QtBot, window: MainWindow, canvas: CanvasView
) -> None:
    from maskmeme_gui.qt.properties.sections import CaptionTextSection

    session = canvas.session()
    assert session is not None
    session.select(["words"])
    QTest.mouseDClick(canvas.viewport(), Left, NoMod, canvas.mapFromScene(on_caption(canvas)))
    assert canvas.caption_editor() is not None
    QTest.keyClicks(canvas, "hi")
    section = next(s for s in window.properties.sections if isinstance(s, CaptionTextSection))
    field = section.text_edit
    QTest.mouseClick(field.viewport(), Left, NoMod, field.viewport().rect().center())
    qtbot.waitUntil(lambda: canvas.caption_editor() is None)
    assert field.hasFocus()
    assert canvas.document_scene().layer_items["words"].isVisible()
    assert words(canvas).text == "hi"
    assert session.undo_stack.count() == 1


def test_tab_moves_on_instead_of_typing_a_tab(qtbot: QtBot, canvas: CanvasView) -> None:
    canvas.edit_caption("words")
    QTest.keyClicks(canvas, "ok")
    QTest.keyClick(canvas, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: canvas.caption_editor() is None)
    assert words(canvas).text == "ok"
    assert not canvas.hasFocus()


def test_the_text_being_edited_breaks_its_lines_where_the_caption_does(
    qtbot: QtBot, canvas: CanvasView
) -> None:
    from maskmeme_gui.model.commands import set_caption_text

    session = canvas.session()
    assert session is not None
    # render/ balances these lines; wrapping them greedily in the box would not.
    session.push(set_caption_text("words", "when they ask how you are doing i just say fine"))
    canvas.edit_caption("words")
    editor = canvas.caption_editor()
    assert editor is not None
    block = editor.document().firstBlock()
    lines = [block.layout().lineAt(i) for i in range(block.layout().lineCount())]
    text = block.text()
    shown = [text[line.textStart() : line.textStart() + line.textLength()] for line in lines]
    drawn = [line.text for line in layout_caption(words(canvas)).lines]
    assert [part.strip().upper() for part in shown] == drawn


def test_picking_another_layer_finishes_the_typing(qtbot: QtBot, canvas: CanvasView) -> None:
    session = canvas.session()
    assert session is not None
    session.select(["words"])
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    QTest.keyClicks(canvas, "fine")
    session.select(["other"])  # as the Layers list or the Text list does
    assert canvas.caption_editor() is None
    assert canvas.document_scene().layer_items["words"].isVisible()
    QTest.keyClick(canvas, Qt.Key.Key_Delete)  # the canvas's own key again
    assert [layer.id for layer in session.doc.layers] == ["words"]
    assert words(canvas).text == "fine"
