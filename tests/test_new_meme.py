"""File → New (Ctrl+N): a meme from a template, a blank canvas or the clipboard's picture,
asking first about unsaved changes, as opening another meme does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from dialogs import answer_save_question
from maskmeme_gui.fileio.starters import BLANK_PRESETS, TEMPLATE_SOURCE
from maskmeme_gui.fileio.templates import load_templates
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.qt.new_meme_dialog import NewMemeDialog

Alt = Qt.KeyboardModifier.AltModifier


def shown_dialog(window: MainWindow) -> NewMemeDialog | None:
    return next((d for d in window.findChildren(NewMemeDialog) if d.isVisible()), None)


def press_ctrl_n(window: MainWindow, qtbot: QtBot) -> NewMemeDialog:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keySequence(window, window.actions_by_id["new"].shortcut())
    qtbot.waitUntil(lambda: shown_dialog(window) is not None)
    dialog = shown_dialog(window)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Ready for the keys: the templates take the arrows as soon as the dialog shows.
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.templates.hasFocus())
    return dialog


def test_ctrl_n_starts_a_blank_canvas_after_asking_to_save(
    template_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = template_window
    window.canvas.add_caption("unsaved words")
    asked = answer_save_question(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog = press_ctrl_n(window, qtbot)
    QTest.keyClick(dialog, Qt.Key.Key_B, Alt)  # &Blank canvas
    qtbot.waitUntil(dialog.blank.isChecked)
    QTest.keyClick(dialog, Qt.Key.Key_S, Alt)  # &Size
    qtbot.waitUntil(dialog.size_choice.hasFocus)
    QTest.keyClick(dialog.size_choice, Qt.Key.Key_Down)
    QTest.keyClick(dialog.size_choice, Qt.Key.Key_Down)  # the story preset, tall
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is not None and window.session.doc.base_asset is None)
    assert window.session is not None
    doc = window.session.doc
    assert doc.base_size == BLANK_PRESETS[2].size == (1080, 1920)
    assert doc.background == "#ffffff"
    assert doc.layers == []
    assert asked == ["Masked face"]


def test_ctrl_n_from_a_template_picked_with_the_arrow_keys(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = press_ctrl_n(window, qtbot)
    assert dialog.from_template.isChecked()
    QTest.keyClick(dialog.templates, Qt.Key.Key_Right)
    QTest.keyClick(dialog.templates, Qt.Key.Key_Return)
    second = load_templates()[1]
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session is not None
    assert window.session.doc.metadata.source == f"{TEMPLATE_SOURCE}{second.id}"
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_ctrl_n_from_the_clipboard_only_when_it_holds_a_picture(
    window: MainWindow, qtbot: QtBot
) -> None:
    QGuiApplication.clipboard().clear()
    dialog = press_ctrl_n(window, qtbot)
    assert not dialog.from_clipboard.isEnabled()
    assert dialog.clipboard_note.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shown_dialog(window) is None)
    assert window.session is None

    picture = QImage(320, 200, QImage.Format.Format_RGB32)
    picture.fill(QColor("#3366aa"))
    QGuiApplication.clipboard().setImage(picture)
    dialog = press_ctrl_n(window, qtbot)
    assert dialog.from_clipboard.isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_C, Alt)  # From the &clipboard's picture
    qtbot.waitUntil(dialog.from_clipboard.isChecked)
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is not None, timeout=15_000)
    assert window.session is not None
    assert window.session.doc.base_size == (320, 200)


def test_cancelling_the_save_question_keeps_the_open_meme(
    template_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = template_window
    window.canvas.add_caption("keep me")
    session = window.session
    answer_save_question(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog = press_ctrl_n(window, qtbot)
    QTest.keyClick(dialog, Qt.Key.Key_B, Alt)
    qtbot.waitUntil(dialog.blank.isChecked)
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown_dialog(window) is None)
    assert window.session is session
