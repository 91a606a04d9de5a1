"""The Text tab of the Details dock: every caption of the meme as a field, top to bottom, typed
into as a user would, following undo, the canvas, deleting and adding captions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from maskmeme_gui.fileio.newlayers import PLACEHOLDER_TEXT
from maskmeme_gui.model.layers import CaptionLayer
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.qt.text_list import CaptionField, TextList
from test_canvas import at, drag, steps
from test_layers_panel import click_row

Ctrl = Qt.KeyboardModifier.ControlModifier


def session_of(window: MainWindow) -> DocumentSession:
    assert window.session is not None
    return window.session


def text_of(window: MainWindow, layer_id: str) -> str:
    layer = session_of(window).doc.layer(layer_id)
    assert isinstance(layer, CaptionLayer)
    return layer.text


def captions_by_name(window: MainWindow) -> dict[str, CaptionLayer]:
    doc = session_of(window).doc
    return {layer.name: layer for layer in doc.layers if isinstance(layer, CaptionLayer)}


def shown_list(window: MainWindow, qtbot: QtBot) -> TextList:
    text_list = window.text_list
    assert window.edit_tabs.currentWidget() is text_list  # the first tab, shown at the start
    qtbot.waitUntil(lambda: bool(text_list.fields()) and text_list.fields()[0].isVisible())
    return text_list


def labels(text_list: TextList) -> list[str]:
    return [text_list._rows[field.layer_id].label.text() for field in text_list.fields()]


def click_into(qtbot: QtBot, field: CaptionField) -> None:
    qtbot.mouseClick(field.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(field.hasFocus)


def type_over(qtbot: QtBot, field: CaptionField, text: str) -> None:
    """Click into the field, select what it says and type `text` over it."""
    click_into(qtbot, field)
    QTest.keyClick(field, Qt.Key.Key_A, Ctrl)
    QTest.keyClicks(field, text)


def test_without_a_meme_the_text_tab_says_how_to_start(window: MainWindow) -> None:
    tabs = window.edit_tabs
    assert tabs.tabText(0) == "Text"
    assert tabs.currentWidget() is window.text_list
    assert window.text_list.pages.currentWidget() is window.text_list.empty_label
    assert "No meme open" in window.text_list.empty_label.text()


def test_one_labelled_field_per_caption_top_to_bottom(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    by_name = captions_by_name(window)
    assert labels(text_list) == ["Top", "Bottom"]
    assert text_list.fields()[0].accessibleName() == "Top caption text"
    assert [field.toPlainText() for field in text_list.fields()] == [PLACEHOLDER_TEXT] * 2
    assert [field.layer_id for field in text_list.fields()] == [
        by_name["Top"].id,
        by_name["Bottom"].id,
    ]
    # The order is the reader's, not the stack's: raising the top caption keeps it first.
    session = session_of(window)
    session.select([by_name["Top"].id])
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_BracketRight, Ctrl)
    assert session.doc.index_of(by_name["Top"].id) > session.doc.index_of(by_name["Bottom"].id)
    assert labels(text_list) == ["Top", "Bottom"]


def test_typing_into_each_field_changes_its_caption_one_undo_step_each(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    session = session_of(window)
    top, bottom = text_list.fields()
    type_over(qtbot, top, "when they ask")
    assert text_of(window, top.layer_id) == "when they ask"  # live, at every keystroke
    QTest.keyClick(top, Qt.Key.Key_Tab)  # on to the next field, as in a form
    qtbot.waitUntil(bottom.hasFocus)
    QTest.keyClick(bottom, Qt.Key.Key_A, Ctrl)
    QTest.keyClicks(bottom, "im fine")
    assert text_of(window, bottom.layer_id) == "im fine"
    assert text_of(window, top.layer_id) == "when they ask"
    assert session.undo_stack.count() == 2
    assert session.undo_stack.undoText() == "Edit caption text"
    # Ctrl+Z from the field undoes the meme, one field per step; the redo keys redo.
    QTest.keyClick(bottom, Qt.Key.Key_Z, Ctrl)
    assert text_of(window, bottom.layer_id) == PLACEHOLDER_TEXT
    assert text_of(window, top.layer_id) == "when they ask"
    assert bottom.toPlainText() == PLACEHOLDER_TEXT
    QTest.keyClick(bottom, Qt.Key.Key_Z, Ctrl)
    assert text_of(window, top.layer_id) == PLACEHOLDER_TEXT
    assert top.toPlainText() == PLACEHOLDER_TEXT
    QTest.keySequence(bottom, window.actions_by_id["redo"].shortcut())
    assert top.toPlainText() == text_of(window, top.layer_id) == "when they ask"


def test_coming_back_to_a_field_is_a_new_undo_step(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    session = session_of(window)
    top, bottom = text_list.fields()
    type_over(qtbot, top, "first")
    click_into(qtbot, bottom)  # only passing through
    click_into(qtbot, top)
    QTest.keyClick(top, Qt.Key.Key_End)
    QTest.keyClicks(top, " then more")
    assert text_of(window, top.layer_id) == "first then more"
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert top.toPlainText() == "first"


def test_the_caret_stays_where_the_user_types(template_window: MainWindow, qtbot: QtBot) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    top, bottom = text_list.fields()
    type_over(qtbot, top, "HELLO")
    QTest.keyClick(top, Qt.Key.Key_Left)
    QTest.keyClick(top, Qt.Key.Key_Left)
    QTest.keyClicks(top, "X")
    assert text_of(window, top.layer_id) == "HELXLO"
    type_over(qtbot, bottom, "below")
    # Back in the top field, the caret after its first letter: an undo changes the other
    # caption, and this field keeps its focus and its caret.
    click_into(qtbot, top)
    QTest.keyClick(top, Qt.Key.Key_Home)
    QTest.keyClick(top, Qt.Key.Key_Right)
    QTest.keyClick(top, Qt.Key.Key_Z, Ctrl)
    assert bottom.toPlainText() == PLACEHOLDER_TEXT
    assert top.hasFocus() and top.textCursor().position() == 1
    QTest.keyClicks(top, "-")
    assert text_of(window, top.layer_id) == "H-ELXLO"


def test_an_edit_on_the_canvas_shows_in_its_field(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    top, bottom = text_list.fields()
    window.canvas.edit_caption(bottom.layer_id)
    editor = window.canvas.captions.editor()
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    QTest.keyClicks(window.canvas, "typed on the canvas")  # the editor is in its scene
    assert bottom.toPlainText() == text_of(window, bottom.layer_id) == "typed on the canvas"
    assert top.toPlainText() == PLACEHOLDER_TEXT


def test_focusing_a_field_selects_its_caption(template_window: MainWindow, qtbot: QtBot) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    session = session_of(window)
    top, bottom = text_list.fields()
    click_into(qtbot, bottom)
    assert session.selection == [bottom.layer_id]
    scene = window.canvas.document_scene()
    qtbot.waitUntil(lambda: list(scene.chrome) == [bottom.layer_id])  # its handles show
    assert text_list._rows[bottom.layer_id].label.font().bold()
    QTest.keyClick(bottom, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(top.hasFocus)
    assert session.selection == [top.layer_id]
    assert not text_list._rows[bottom.layer_id].label.font().bold()


def test_moving_a_caption_up_the_picture_moves_its_field_up(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    session = session_of(window)
    by_name = captions_by_name(window)
    bottom = by_name["Bottom"]
    view = window.canvas
    qtbot.waitUntil(lambda: not view.renders_pending(), timeout=20_000)
    start = at(view, bottom.transform.x, bottom.transform.y)
    end = at(view, bottom.transform.x, by_name["Top"].transform.y - 40)
    drag(view, steps(start, end))
    assert session.doc.layer(bottom.id).transform.y < by_name["Top"].transform.y
    assert labels(text_list) == ["Bottom", "Top"]
    # Tab follows the list as shown, not the order the fields were made in.
    first, second = text_list.fields()
    click_into(qtbot, first)
    QTest.keyClick(first, Qt.Key.Key_Tab)
    qtbot.waitUntil(second.hasFocus)
    QTest.keyClick(second, Qt.Key.Key_Tab)
    qtbot.waitUntil(text_list.add_button.hasFocus)
    session.undo_stack.undo()
    assert labels(text_list) == ["Top", "Bottom"]


def test_deleting_a_caption_removes_its_field(template_window: MainWindow, qtbot: QtBot) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    session = session_of(window)
    by_name = captions_by_name(window)
    session.select([by_name["Bottom"].id])
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert labels(text_list) == ["Top"]
    assert not text_list.no_captions_label.isVisibleTo(text_list)
    session.select([by_name["Top"].id])
    QTest.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert text_list.fields() == []
    assert text_list.no_captions_label.isVisibleTo(text_list)  # and how to add one
    assert text_list.add_button.isVisibleTo(text_list)
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert labels(text_list) == ["Top", "Bottom"]
    window.close_meme()
    assert text_list.fields() == []
    assert text_list.pages.currentWidget() is text_list.empty_label


def test_the_add_button_adds_a_caption_ready_to_type(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    text_list = shown_list(window, qtbot)
    session = session_of(window)
    before = session.undo_stack.count()
    qtbot.mouseClick(text_list.add_button, Qt.MouseButton.LeftButton)
    assert session.undo_stack.undoText() == "Add caption"
    # Top and bottom are taken: the new caption goes in the middle, and so does its field.
    assert labels(text_list) == ["Top", "Caption 2", "Bottom"]
    new = text_list.fields()[1]
    qtbot.waitUntil(new.hasFocus)
    assert session.selection == [new.layer_id]
    QTest.keyClicks(new, "in between")  # the placeholder was selected: typing replaces it
    assert text_of(window, new.layer_id) == "in between"
    assert session.undo_stack.count() == before + 2


def test_picking_a_tear_brings_its_properties_forward(
    template_window: MainWindow, qtbot: QtBot
) -> None:
    window = template_window
    shown_list(window, qtbot)
    layers = window.layers
    names = [layers.model.data(layers.model.index(row)) for row in range(layers.model.rowCount())]
    caption_row = names.index("Top")
    click_row(layers, caption_row)
    assert session_of(window).selection == [captions_by_name(window)["Top"].id]
    assert window.edit_tabs.currentWidget() is window.text_list  # a caption: its field is there
    click_row(layers, names.index("Tears (left eye)"))
    qtbot.waitUntil(lambda: window.edit_tabs.currentWidget() is window.properties)
