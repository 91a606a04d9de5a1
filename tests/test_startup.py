"""What the window loads to start: the start-up benchmark's gains, kept by tests that count
modules rather than milliseconds. A warm start (thumbnails cached) shows the window without
Pillow, the renderer, the project reader or the dialogs; the warm-up loads them afterwards,
and leftovers of killed saves are swept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from maskmeme_gui.config.paths import library_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.qt.mainwindow import WARM_UP_MODULES, MainWindow

HEAVY = [
    "PIL",
    "PIL.Image",
    "maskmeme_gui.fileio.images",
    "maskmeme_gui.fileio.project",
    "maskmeme_gui.render.compose",
    "maskmeme_gui.qt.export_dialog",
    "maskmeme_gui.qt.properties.sections",
    "maskmeme_gui.qt.info_panel",
    "logging.handlers",
]

SCRIPT = f"""
import json, sys
from maskmeme_gui.config.settings import load_settings
from maskmeme_gui.qt.app import create_application
from maskmeme_gui.qt.mainwindow import MainWindow

app = create_application([])
window = MainWindow(load_settings())

def report():
    print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]), flush=True)
    app.quit()

window.ready.connect(report)
window.show()
app.exec()
"""


def start_window() -> list[str]:
    """The heavy modules loaded when the window said it was ready, in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


def test_a_warm_start_shows_the_window_without_the_heavy_modules() -> None:
    start_window()  # the first start makes the template thumbnails (with Pillow)
    assert start_window() == []


def test_once_ready_the_warm_up_loads_what_the_first_click_needs(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    qtbot.waitUntil(lambda: all(name in sys.modules for name in WARM_UP_MODULES), timeout=20000)
    window.gallery.shutdown()


def test_once_ready_leftovers_of_killed_saves_are_swept(qtbot: QtBot) -> None:
    folder = library_dir()
    folder.mkdir(parents=True, exist_ok=True)
    leftover = folder / ".monday.maskmeme.0123abcd.tmp"  # what a save killed mid-write leaves
    leftover.write_bytes(b"half a meme")
    recent = folder / ".tuesday.maskmeme.4567cdef.tmp"  # a save that may still be running
    recent.write_bytes(b"a meme being written")
    keep = folder / "monday.maskmeme.tmp"  # not a name the saves use: the user's own file
    keep.write_bytes(b"mine")
    day_ago = time.time() - 2 * 24 * 3600
    for path in (leftover, keep):
        os.utime(path, (day_ago, day_ago))
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    qtbot.waitUntil(lambda: not leftover.exists(), timeout=20000)
    assert recent.exists() and keep.exists()
    assert Path(folder).is_dir()
    window.gallery.shutdown()
