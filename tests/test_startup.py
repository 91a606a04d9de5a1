"""What the window loads to start: the start-up benchmark's gains, kept by tests that count
modules rather than milliseconds. A warm start (thumbnails cached) shows the window without
Pillow, the renderer, the project reader, the dialogs, the model or the canvas's editing tools;
the warm-up loads them afterwards, and leftovers of killed saves are swept."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QListView, QWidget
from pytestqt.qtbot import QtBot

from maskmeme_gui.config.paths import library_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.qt.canvas.view import CanvasView
from maskmeme_gui.qt.edit_actions import EditActions
from maskmeme_gui.qt.housekeeping import WARM_UP_MODULES
from maskmeme_gui.qt.layers_panel import LayerListView
from maskmeme_gui.qt.mainwindow import MainWindow

HEAVY = [
    "PIL",
    "PIL.Image",
    "maskmeme_gui.fileio.images",
    "maskmeme_gui.fileio.project",
    "maskmeme_gui.render.compose",
    "maskmeme_gui.qt.export_dialog",
    "maskmeme_gui.qt.properties.sections",
    "maskmeme_gui.qt.info_panel",
    "maskmeme_gui.model.document",
    "maskmeme_gui.model.commands",
    "maskmeme_gui.qt.session",
    "maskmeme_gui.qt.autosave",
    "maskmeme_gui.qt.canvas.chrome",
    "maskmeme_gui.qt.canvas.gestures",
    "maskmeme_gui.fileio.newlayers",
    "maskmeme_gui.qt.canvas.stickermenu",
    "maskmeme_gui.qt.canvas.textedit",
    "maskmeme_gui.qt.canvas.eyes",
    "maskmeme_gui.fileio.face_finding",
    "maskmeme_gui.faces.find",
    "numpy",
    "cv2",
    "logging.handlers",
]

SCRIPT = f"""
import json, sys
from maskmeme_gui.qt import app as app_module

def quit_when_ready(window, app):
    def report():
        print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]), flush=True)
        app.quit()

    window.ready.connect(report)

app_module.quit_when_ready = quit_when_ready
app_module.run_app(["--exit-after-startup"])
"""

# Qt widget classes no view uses. PySide loads them all at once the first time a call hands
# Python a widget that C++ made (a scroll area's own viewport, say), or an event filter on the
# whole application is handed one: ~5 ms of type set-up, and many times that in Python calls
# for such a filter.
UNUSED_WIDGET_CLASSES = ["QWizard", "QColorDialog", "QCalendarWidget", "QMdiArea"]

VIEWS_SCRIPT = f"""
import json, sys
import PySide6.QtWidgets as widgets
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow
from maskmeme_gui.qt import app as app_module
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.qt.canvas.view import CanvasView
from maskmeme_gui.qt.edit_actions import EditActions
from maskmeme_gui.qt.gallery import GalleryPane
from maskmeme_gui.qt.layers_panel import LayersPanel
from maskmeme_gui.qt.properties import PropertiesPanel
from maskmeme_gui.qt.text_list import TextList

def report():
    print(json.dumps([name for name in {UNUSED_WIDGET_CLASSES!r} if name in vars(widgets)]))
    app.quit()


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            # Every view is painted in this same pass: report once it is over.
            self.painted = True
            QTimer.singleShot(0, report)


app = app_module.create_application([])
window = Window()
actions = EditActions(window)
window.setCentralWidget(CanvasView(actions))
text_list = TextList(lambda text: None)
for view in (GalleryPane(Settings()), LayersPanel(actions), PropertiesPanel(), text_list):
    dock = QDockWidget()
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
window.show()
app.exec()
"""


def run_script(script: str) -> list[str]:
    """The names the script printed last, as a JSON list, in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


def start_window() -> list[str]:
    """The heavy modules loaded when the window said it was ready, in a fresh process started
    as `maskmeme` starts."""
    return run_script(SCRIPT)


def test_a_warm_start_shows_the_window_without_the_heavy_modules() -> None:
    start_window()  # the first start makes the template thumbnails (with Pillow)
    assert start_window() == []


def test_showing_the_views_never_makes_pyside_type_a_widget_cpp_made() -> None:
    assert run_script(VIEWS_SCRIPT) == []


def viewport_setup(viewport: QWidget) -> dict[str, object]:
    setup: dict[str, object] = {
        attribute.name: viewport.testAttribute(attribute) for attribute in Qt.WidgetAttribute
    }
    setup.update(
        name=viewport.objectName(),
        background=viewport.backgroundRole(),
        fills=viewport.autoFillBackground(),
        tracks_mouse=viewport.hasMouseTracking(),
        accepts_drops=viewport.acceptDrops(),
        focus=viewport.focusPolicy(),
        has_focus_proxy=viewport.focusProxy() is not None,
        palette=viewport.palette().color(viewport.backgroundRole()).name(),
    )
    return setup


def test_the_views_own_viewports_are_set_up_as_qts_own(qtbot: QtBot) -> None:
    owner = QWidget()  # the window, which owns the edit actions
    canvas, layers = CanvasView(EditActions(owner)), LayerListView()
    qt_canvas, qt_list = QGraphicsView(), QListView()
    for view in (owner, canvas, layers, qt_canvas, qt_list):
        qtbot.addWidget(view)
    qt_canvas.setScene(QGraphicsScene(qt_canvas))
    qt_canvas.setFrameShape(QFrame.Shape.NoFrame)
    qt_canvas.setAcceptDrops(True)
    qt_canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    qt_canvas.viewport().setMouseTracking(True)
    qt_canvas.viewport().setPalette(canvas.viewport().palette())  # the pasteboard colour
    assert viewport_setup(canvas.viewport()) == viewport_setup(qt_canvas.viewport())
    qt_list.setDragDropMode(QListView.DragDropMode.InternalMove)
    assert viewport_setup(layers.viewport()) == viewport_setup(qt_list.viewport())


def test_once_ready_the_warm_up_loads_what_the_first_click_needs(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    qtbot.waitUntil(lambda: all(name in sys.modules for name in WARM_UP_MODULES), timeout=20000)
    window.gallery.shutdown()


KILLED_SAVE = """
import os, sys
from maskmeme_gui.fileio.atomic import atomic_writer
with atomic_writer(sys.argv[1]) as fp:
    fp.write(b"half a meme")
    fp.flush()
    os._exit(9)
"""


def test_once_ready_leftovers_of_killed_saves_are_swept(qtbot: QtBot) -> None:
    folder = library_dir()
    folder.mkdir(parents=True, exist_ok=True)
    leftover = folder / ".monday.maskmeme.0123abcd.tmp"  # what a save killed mid-write leaves
    leftover.write_bytes(b"half a meme")
    recent = folder / ".tuesday.maskmeme.4567cdef.tmp"  # a save that may still be running
    recent.write_bytes(b"a meme being written")
    keep = folder / "monday.maskmeme.tmp"  # not a name the saves use: the user's own file
    keep.write_bytes(b"mine")
    # A save killed a moment ago: fresh, but its process is gone, so it need not wait a day.
    killed = [sys.executable, "-c", KILLED_SAVE, str(folder / "wednesday.maskmeme")]
    subprocess.run(killed, check=False, timeout=60)
    (just_killed,) = folder.glob(".wednesday.maskmeme.*.tmp")
    day_ago = time.time() - 2 * 24 * 3600
    for path in (leftover, keep):
        os.utime(path, (day_ago, day_ago))
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    qtbot.waitUntil(lambda: not leftover.exists() and not just_killed.exists(), timeout=20000)
    assert recent.exists() and keep.exists()
    assert Path(folder).is_dir()
    window.gallery.shutdown()
