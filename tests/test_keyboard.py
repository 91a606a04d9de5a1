"""The window without a mouse: the save-changes question's mnemonics, adding captions, tears
and stickers from the Tools menu's actions, each landing somewhere sensible with the focus
where the user goes on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dialogs import answer_when_shown
from maskmeme_gui.qt import save_question
from maskmeme_gui.qt.mainwindow import MainWindow

ASK_TO_SAVE = save_question.ask_to_save  # the real question, before a fixture answers it
Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


def test_alt_d_in_the_save_question_closes_without_saving(
    template_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = template_window
    window.canvas.add_caption("unsaved")
    monkeypatch.setattr(save_question, "ask_to_save", ASK_TO_SAVE)
    seen: list[list[str]] = []
    tries: list[None] = []

    def press_alt_d() -> bool:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return False
        if not seen:
            seen.append(sorted(button.text() for button in box.buttons()))
        tries.append(None)
        if len(tries) > 100:  # Alt+D did nothing: give up, so the test fails instead of hanging
            box.reject()
            return True
        box.activateWindow()
        if QApplication.activeWindow() is box:
            QTest.keyClick(box, Qt.Key.Key_D, Alt)
        return False  # until the box is gone

    answer_when_shown(press_alt_d)
    window.canvas.setFocus()
    QTest.keySequence(window.canvas, window.actions_by_id["close"].shortcut())  # Close Meme
    qtbot.waitUntil(lambda: window.session is None)
    assert seen == [["&Cancel", "&Don't Save", "&Save"]]
