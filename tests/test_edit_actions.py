"""The edit actions are made once and shared: the Edit menu, the canvas's context menu and the
layer list's buttons show the same QActions, with the one shortcut the action table gives them,
and each is enabled only when it would do something."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer, StickerLayer, Transform
from maskmeme_gui.qt.mainwindow import MainWindow

SELECTION_EDITS = ("delete", "duplicate", "raise", "lower")


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The shown window, active, with a caption over a sticker."""
    doc = MemeDocument(base_size=(800, 600))
    doc.layers = [
        CaptionLayer(id="words", text="fine", transform=Transform(400, 80)),
        StickerLayer(id="mask", width=80, height=60, transform=Transform(400, 300)),
    ]
    window.set_document(doc)
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def enabled(window: MainWindow) -> dict[str, bool]:
    names = (*SELECTION_EDITS, "edit_text", "select_all")
    return {name: window.actions_by_id[name].isEnabled() for name in names}


def test_actions_are_enabled_only_when_they_would_do_something(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    assert enabled(window) == {
        "delete": False, "duplicate": False, "raise": False, "lower": False,
        "edit_text": False, "select_all": True,
    }  # fmt: skip
    session.select(["mask"])  # the top layer, not a caption
    assert enabled(window) == {
        "delete": True, "duplicate": True, "raise": False, "lower": True,
        "edit_text": False, "select_all": True,
    }  # fmt: skip
    session.select(["words"])
    assert window.actions_by_id["raise"].isEnabled()
    assert not window.actions_by_id["lower"].isEnabled()
    assert window.actions_by_id["edit_text"].isEnabled()
    window.close_meme()
    assert not any(enabled(window).values())


def test_the_menus_and_the_layer_list_share_one_action_each(window: MainWindow) -> None:
    edit_menu = next(
        action.menu()
        for action in window.menuBar().actions()
        if action.text() == "&Edit" and isinstance(action.menu(), QMenu)
    )
    assert isinstance(edit_menu, QMenu)
    for name in SELECTION_EDITS:
        action = window.actions_by_id[name]
        assert action in edit_menu.actions()
        assert window.edit_actions[name] is action
    buttons = {
        "raise": window.layers.raise_button,
        "lower": window.layers.lower_button,
        "duplicate": window.layers.duplicate_button,
        "delete": window.layers.delete_button,
    }
    for name, button in buttons.items():
        assert button.defaultAction() is window.actions_by_id[name]
    assert "Ctrl+]" in window.layers.raise_button.toolTip()


def live_keys(window: MainWindow, focus: QWidget) -> list[str]:
    """Every key that triggers something while `focus` has the focus: the window's actions and
    those of `focus` and the widgets around it, as Qt's shortcut contexts decide."""
    keys = []
    for action in window.findChildren(QAction):
        context = action.shortcutContext()
        if context == Qt.ShortcutContext.WindowShortcut:
            live = True
        else:
            holders = action.associatedObjects()
            chain = [focus]
            if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
                while (parent := chain[-1].parentWidget()) is not None:
                    chain.append(parent)
            live = any(holder in chain for holder in holders)
        if live and action.isEnabled():
            keys += [key.toString() for key in action.shortcuts()]
    return keys


def test_no_two_live_actions_share_a_key(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    assert session is not None
    session.select(["words"])  # every layer edit enabled but Lower
    places = {
        "canvas": window.canvas,
        "layer list": window.layers.view,
        "gallery list": window.gallery.view,
        "gallery search": window.gallery.search,
    }
    for place, widget in places.items():
        keys = live_keys(window, widget)
        assert sorted({k for k in keys if keys.count(k) > 1}) == [], place
    assert "Del" in live_keys(window, window.canvas)
    assert "Left" in live_keys(window, window.canvas)
    assert "Left" not in live_keys(window, window.layers.view)  # the list's own row keys


def test_delete_in_the_gallery_never_deletes_a_layer(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    assert session is not None
    session.select(["words"])
    window.gallery.view.setFocus()
    qtbot.waitUntil(window.gallery.view.hasFocus)
    QTest.keyClick(window.gallery.view, Qt.Key.Key_Delete)
    assert [layer.id for layer in session.doc.layers] == ["words", "mask"]
    window.layers.view.setFocus()
    qtbot.waitUntil(window.layers.view.hasFocus)
    QTest.keyClick(window.layers.view, Qt.Key.Key_Delete)
    assert [layer.id for layer in session.doc.layers] == ["mask"]


def test_nudges_work_while_the_canvas_has_focus_and_merge(qtbot: QtBot, window: MainWindow) -> None:
    session = window.session
    assert session is not None
    session.select(["mask"])
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    for _ in range(3):
        QTest.keyClick(window.canvas, Qt.Key.Key_Left)
    QTest.keyClick(window.canvas, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    layer = session.doc.layer("mask")
    assert (layer.transform.x, layer.transform.y) == (397, 290)
    assert session.undo_stack.count() == 1
    assert session.undo_stack.undoText() == "Nudge layer"
    # In the layer list the arrows move between rows instead.
    window.layers.view.setFocus()
    qtbot.waitUntil(window.layers.view.hasFocus)
    QTest.keyClick(window.layers.view, Qt.Key.Key_Left)
    assert (layer.transform.x, layer.transform.y) == (397, 290)


def test_return_on_the_canvas_types_into_the_selected_caption(
    qtbot: QtBot, window: MainWindow
) -> None:
    session = window.session
    assert session is not None
    session.select(["words"])
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    QTest.keyClick(window.canvas, Qt.Key.Key_Return)
    editor = window.canvas.caption_editor()
    assert editor is not None and editor.layer_id == "words"
