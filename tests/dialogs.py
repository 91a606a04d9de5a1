"""Answering the app's modal dialogs in tests, as a user would click them.

A dialog's `exec()` blocks the test until it closes, so the answer is set up beforehand: a
poller on the event loop looks for the dialog until it appears. A poller stops with the test
that started it (`end_of_test`, from conftest.py), so it can never answer a later test's dialog.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

StandardButton = QMessageBox.StandardButton

_test_number = 0


def answer_when_shown(answer: Callable[[], bool]) -> None:
    """Call `answer` every 10 ms until it returns True (it found its dialog and answered)."""
    started_in = _test_number

    def look() -> None:
        if started_in == _test_number and not answer():
            QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def end_of_test() -> None:
    global _test_number
    _test_number += 1


def answer_save_question(monkeypatch: pytest.MonkeyPatch, answer: StandardButton) -> list[str]:
    """Answer the window's "Save changes?" question with `answer` without showing it; returns
    the names of the memes it was asked about."""
    from maskmeme_gui.qt import save_question

    asked: list[str] = []

    def ask(_parent: object, name: str) -> StandardButton:
        asked.append(name)
        return answer

    monkeypatch.setattr(save_question, "ask_to_save", ask)
    return asked
