"""The tear style picker, driven in the real window: open a meme with tears, select one, pick
styles from the Properties panel's list with the keyboard, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from maskmeme_gui.model.layers import TEAR_STYLE_NAMES, TEAR_STYLES, TearLayer
from maskmeme_gui.qt.mainwindow import MainWindow


@pytest.fixture
def window(template_window: MainWindow) -> MainWindow:
    return template_window


def first_tears(window: MainWindow) -> TearLayer:
    assert window.session is not None
    return next(layer for layer in window.session.doc.layers if isinstance(layer, TearLayer))


def test_the_style_picker_sets_the_style_one_undo_step_each(
    window: MainWindow, qtbot: QtBot
) -> None:
    session = window.session
    assert session is not None
    tears = first_tears(window)
    # The template opened typing into its first caption: Escape ends that and keeps the
    # keyboard on the canvas. Then the user picks the tears.
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(window.canvas.hasFocus)
    session.select([tears.id])
    window.edit_tabs.setCurrentWidget(window.properties)
    combo = window.properties.tear_style.style_combo
    qtbot.waitUntil(combo.isVisible)
    label = window.properties.tear_style.form.labelForField(combo)
    assert label is not None and label.text() == "Style"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        TEAR_STYLE_NAMES[style] for style in TEAR_STYLES
    ]
    assert combo.currentText() == "Realistic"
    steps = session.undo_stack.count()

    # Then the user tabs to the picker.
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combo.hasFocus)
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert first_tears(window).style == "cartoon"
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert first_tears(window).style == "flood"
    # A pick is a click: each one its own undo step, even within one focus.
    assert session.undo_stack.count() == steps + 2
    assert session.undo_stack.text(steps) == "Change tear style"

    session.undo_stack.undo()
    assert first_tears(window).style == "cartoon"
    assert combo.currentText() == "Cartoon"  # the picker follows the undo...
    assert session.undo_stack.count() == steps + 2  # ...without pushing anything back
    session.undo_stack.undo()
    assert first_tears(window).style == "realistic"
    assert combo.currentText() == "Realistic"
    assert window.isWindowModified() == (steps > 0)


def test_the_picker_shows_the_selected_tears_style(window: MainWindow, qtbot: QtBot) -> None:
    from maskmeme_gui.model.commands import SetLayerProperties

    session = window.session
    assert session is not None
    tears = first_tears(window)
    session.push(SetLayerProperties(tears.id, {"style": "single"}, "Change tear style"))
    session.select([tears.id])
    window.edit_tabs.setCurrentWidget(window.properties)
    combo = window.properties.tear_style.style_combo
    assert combo.currentText() == "Single tear"
    assert combo.value() == "single"
