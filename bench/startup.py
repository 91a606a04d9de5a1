"""Benchmark: start-up of the main window, against a bare PySide6 QMainWindow.

Both run as fresh processes, offscreen, in the same run: maskmeme with `--exit-after-startup`
(it prints "ready" once the main window is painted and the template gallery is filled, then
quits) and a floor script that shows an empty QMainWindow and prints "ready" after its first
paint. The time is from launching the process to reading that line: shutting down is not part
of starting up. Both are byte-compiled first, as an installed copy is (pip compiles a wheel's
modules when it installs them), so a checkout's first run does not time Python's compiler. The
user folders are temporary; the first maskmeme start (cold thumbnail cache) is reported apart,
the median is over warm starts, like every start after the first. Target: ratio of at most 1.5.

For scale, a third process is timed too: a window built of the same kinds of Qt widgets as
maskmeme's (three docks with a list view, tabs, a search field and a combo box, a graphics view,
a menu bar and a toolbar with twenty actions, a status bar), with no maskmeme code at all. What
Qt itself costs to show such a window is beyond what maskmeme can shave off.

    make bench        (or: .venv/bin/python bench/startup.py [--runs N])
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.5
# Both floors say "ready" at their first paint, as `maskmeme --exit-after-startup` does.
QUIT_ON_PAINT = """
from PySide6.QtCore import QEvent, QObject, QTimer

class QuitOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("ready", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
"""
FLOOR = (
    QUIT_ON_PAINT
    + """
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([])
window = QMainWindow()
window.resize(1400, 900)
quitter = QuitOnPaint()
window.installEventFilter(quitter)
window.show()
app.exec()
"""
)


WIDGETS = (
    QUIT_ON_PAINT
    + """
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDockWidget, QGraphicsScene, QGraphicsView, QLineEdit, QListView,
    QMainWindow, QTabWidget, QVBoxLayout, QWidget,
)

app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QGraphicsView(QGraphicsScene()))
gallery = QWidget()
column = QVBoxLayout(gallery)
column.addWidget(QLineEdit(placeholderText="Search"))
column.addWidget(QComboBox())
model = QStandardItemModel()
for name in ("one", "two", "three", "four"):
    model.appendRow(QStandardItem(name))
view = QListView(viewMode=QListView.ViewMode.IconMode)
view.setModel(model)
column.addWidget(view)
tabs = QTabWidget()
tabs.addTab(QWidget(), "Properties")
tabs.addTab(QWidget(), "About")
for title, widget, area in (
    ("Gallery", gallery, Qt.DockWidgetArea.LeftDockWidgetArea),
    ("Layers", QListView(), Qt.DockWidgetArea.RightDockWidgetArea),
    ("Details", tabs, Qt.DockWidgetArea.RightDockWidgetArea),
):
    dock = QDockWidget(title)
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
toolbar = window.addToolBar("Tools")
for menu_name in ("File", "Edit", "View", "Tools", "Help"):
    menu = window.menuBar().addMenu(menu_name)
    for index in range(4):
        action = QAction(f"{menu_name} {index}", window)
        menu.addAction(action)
        toolbar.addAction(action)
window.statusBar().showMessage("Pick a template")
window.resize(1400, 900)
quitter = QuitOnPaint()
window.installEventFilter(quitter)
window.show()
app.exec()
"""
)


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launching `command` to its "ready" line."""
    start = time.perf_counter()
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "ready":
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{command[-1]} never said it was ready")
        process.stdout.read()
    if process.returncode != 0:
        raise RuntimeError(f"{command[-1]} exited with status {process.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    import maskmeme_gui

    source = Path(maskmeme_gui.__file__).parent
    compileall.compile_dir(source, quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for name in ("DATA", "CACHE", "CONFIG", "LOG"):
            env[f"MASKMEME_{name}_DIR"] = str(Path(scratch, name.lower()))
        app = [sys.executable, "-m", "maskmeme_gui", "--exit-after-startup"]
        floor = [sys.executable, "-c", FLOOR]
        cold = timed(app, env)
        widgets = [sys.executable, "-c", WIDGETS]
        app_times, floor_times, widget_times = [], [], []
        for _ in range(runs):  # interleaved, so all see the same machine load
            app_times.append(timed(app, env))
            floor_times.append(timed(floor, env))
            widget_times.append(timed(widgets, env))
    app_time, floor_time = statistics.median(app_times), statistics.median(floor_times)
    widget_time = statistics.median(widget_times)
    ratio = app_time / floor_time
    print(f"maskmeme start-up (window painted, templates shown): median {app_time * 1000:.0f} ms")
    print(f"  first start with an empty thumbnail cache: {cold * 1000:.0f} ms")
    print(f"bare PySide6 QMainWindow: median {floor_time * 1000:.0f} ms")
    print(
        f"for scale, the same kinds of Qt widgets with no maskmeme code: median "
        f"{widget_time * 1000:.0f} ms (ratio {widget_time / floor_time:.2f})"
    )
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"ratio {ratio:.2f} ({verdict} the target of {TARGET})")


if __name__ == "__main__":
    main()
