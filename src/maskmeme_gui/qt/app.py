"""Starting the window: `maskmeme [FILE...] [--exit-after-startup]`."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from maskmeme_gui import __version__
from maskmeme_gui.locate import resources_root

if TYPE_CHECKING:
    from maskmeme_gui.qt.mainwindow import MainWindow

APP_ID = "io.github.maskmeme.maskmeme"  # the desktop entry's id (packaging/linux)


GUI_USAGE = """usage: maskmeme [FILE ...] [--exit-after-startup]

Open the maskmeme window.

positional arguments:
  FILE                  images or .maskmeme files to open

options:
  -h, --help            show this help message and exit
  --exit-after-startup  print "ready" and quit with status 0 once the window is painted and
                        the templates are shown
"""


@dataclass(frozen=True)
class GuiArgs:
    files: list[Path]
    exit_after_startup: bool


def parse_gui_args(argv: Sequence[str]) -> GuiArgs:
    """The window's few arguments, read without argparse (which, with gettext behind it, would
    cost the window's start-up more than everything else here together)."""
    files: list[Path] = []
    exit_after_startup = False
    options_done = False
    for arg in argv:
        if options_done or not arg.startswith("-") or arg == "-":
            files.append(Path(arg))
        elif arg == "--":
            options_done = True
        elif arg in ("-h", "--help"):
            print(GUI_USAGE, end="")
            raise SystemExit(0)
        elif arg == "--exit-after-startup":
            exit_after_startup = True
        else:
            print(f"maskmeme: unknown option {arg} (see `maskmeme --help`)", file=sys.stderr)
            raise SystemExit(2)
    return GuiArgs(files, exit_after_startup)


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("maskmeme")
    app.setApplicationDisplayName("maskmeme")
    app.setOrganizationName("maskmeme")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The project's own icon at every size it is drawn in (resources/icons/hicolor)."""
    icon = QIcon()
    for png in sorted(resources_root().glob(f"icons/hicolor/*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    return icon


def quit_when_ready(window: MainWindow, app: QApplication) -> None:
    """For the start-up benchmark and smoke tests: say "ready" on stdout and leave once the
    window is painted and the template gallery is filled."""

    def done() -> None:
        print("ready", flush=True)  # the benchmark's finish line: exiting is not start-up
        QTimer.singleShot(0, app.quit)

    if window.is_ready:
        done()
    else:
        window.ready.connect(done)


class FileOpenRelay(QObject):
    """macOS hands double-clicked documents to the application as FileOpen events."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self.window.open_path(Path(event.file()))
            return True
        return super().eventFilter(watched, event)


def resume_collection(window: MainWindow) -> None:
    """Start collecting cycles, on the GUI thread only (see qt/collector.py), once the window
    is ready. The objects start-up made are frozen first, so later passes leave them out and
    stay short while the user edits (the few hundred cycles start-up leaves behind stay)."""
    from maskmeme_gui.qt.collector import GuiThreadCollector

    gc.freeze()
    GuiThreadCollector(window).start()


def run_app(argv: Sequence[str]) -> int:
    args = parse_gui_args(argv)
    # Start-up makes long-lived objects (modules, classes, widgets) and next to no garbage: the
    # cycle collector's passes over them until the window is ready would only cost time
    # (~8 ms). The window's modules are imported with it paused.
    gc.disable()
    from maskmeme_gui.fileio.settings_file import load_settings
    from maskmeme_gui.qt.errors import ErrorReporter, setup_logging
    from maskmeme_gui.qt.mainwindow import MainWindow
    from maskmeme_gui.qt.single_instance import FirstInstance, hand_over

    setup_logging()
    app = create_application(argv)
    if not args.exit_after_startup and hand_over(args.files):
        return 0  # the window already open took the files, and came to the front
    window = MainWindow(load_settings())
    if not args.exit_after_startup:
        first = FirstInstance(window)
        first.files_handed_over.connect(window.take_handed_over_files)
    window.ready.connect(lambda: resume_collection(window))
    reporter = ErrorReporter(window)
    reporter.install()
    if sys.platform == "darwin":
        # Only macOS sends FileOpen events; elsewhere a filter on the application would only
        # cost a Python call for every event of every widget (~12 ms of the start-up alone).
        app.installEventFilter(FileOpenRelay(window))
    window.show()
    if args.files:
        window.open_paths(args.files)
    if args.exit_after_startup:
        quit_when_ready(window, app)
    else:
        # After the first events, so the window paints before any autosave is read.
        QTimer.singleShot(0, window.offer_recovery)
    return app.exec()
