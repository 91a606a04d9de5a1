"""Shared test set-up: every test gets its own user folders, so nothing touches the real ones."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from maskmeme_gui.qt.mainwindow import MainWindow


@pytest.fixture(autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path_factory.mktemp("user")
    for name in ("DATA", "CACHE", "CONFIG", "LOG"):
        monkeypatch.setenv(f"MASKMEME_{name}_DIR", str(root / name.lower()))
    return root


@pytest.fixture(autouse=True)
def empty_clipboard_afterwards() -> Iterator[None]:
    """Offscreen Qt crashes at exit while the clipboard holds data set from Python."""
    yield
    if "PySide6.QtGui" in sys.modules:
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.instance() is not None:
            QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def collect_cycles_on_the_main_thread() -> Iterator[None]:
    """As in the app (qt/collector.py): no automatic collection, which could start in a worker
    thread and destroy Qt objects of the GUI thread there; cycles are collected between tests,
    on the main thread, when the counts say a collection is due."""
    gc.disable()
    yield
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] > thresholds[0]:
        gc.collect()


@pytest.fixture(autouse=True)
def stop_dialog_answers_at_the_end() -> Iterator[None]:
    """A dialog answer still waiting when its test ends must not click the next test's."""
    yield
    from dialogs import end_of_test

    end_of_test()


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The main window, shown; closing it with unsaved changes answers Don't Save."""
    from PySide6.QtWidgets import QMessageBox

    from dialogs import answer_save_question
    from maskmeme_gui.config.settings import Settings
    from maskmeme_gui.qt.mainwindow import MainWindow

    answer_save_question(monkeypatch, QMessageBox.StandardButton.Discard)
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    # The size of a desktop screen: the offscreen one (800 x 800) would fit the window smaller,
    # and tests that click on the canvas expect it at a usual size.
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def template_window(window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The shown window, active, with the masked-face template open."""
    from pathlib import Path

    from maskmeme_gui.qt.gallery.items import GalleryItem

    window.activateWindow()
    qtbot.waitActive(window)
    item = GalleryItem("template", Path("unused.png"), "masked-face", "Masked face")
    window.gallery.open_requested.emit(item)
    qtbot.waitUntil(lambda: window.session is not None)
    return window
