"""Unexpected errors: written to the log in the user log folder and shown in a readable dialog
with the details to copy, while the app keeps running (an exception in a slot must not lose
the user's work)."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from maskmeme_gui.config.paths import log_dir

log = logging.getLogger("maskmeme")


LOG_NAME = "maskmeme.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


class LogFile(logging.FileHandler):
    """The handler of maskmeme.log (one per process)."""


def setup_logging() -> None:
    """Log to maskmeme.log in the user log folder, rotated at start-up once it passes
    LOG_MAX_BYTES (the app logs little, so a start-up rotation bounds the folder as well as a
    rotation on every write would, without importing logging.handlers before the window)."""
    if any(isinstance(h, LogFile) for h in log.handlers):
        return
    path = log_dir() / LOG_NAME
    try:
        _rotate(path)
        handler = LogFile(path, encoding="utf-8", delay=True)
    except OSError:
        return  # no log folder: the dialog still shows the details
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # "maskmeme" is the app's own logger; the modules log under their names, "maskmeme_gui.…".
    for logger in (log, logging.getLogger("maskmeme_gui")):
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _rotate(path: Path) -> None:
    """maskmeme.log becomes maskmeme.log.1, .1 becomes .2 and so on, the oldest dropped."""
    try:
        if path.stat().st_size < LOG_MAX_BYTES:
            return
    except FileNotFoundError:
        return
    for number in range(LOG_BACKUPS - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{number + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


class _ErrorRelay(QObject):
    """Carries errors from any thread to the GUI thread, where dialogs may be shown."""

    raised = Signal(str, str)


class ErrorReporter:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.shown: list[str] = []  # summaries, for tests and to avoid a storm of dialogs
        self._relay = _ErrorRelay()
        self._relay.raised.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = lambda args: self._excepthook(
            args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
        )

    def _excepthook(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", details)
        summary = f"{kind.__name__}: {value}" if str(value) else kind.__name__
        self._relay.raised.emit(summary, details)

    def _show(self, summary: str, details: str) -> None:
        self.shown.append(summary)
        if len(self.shown) > 20:
            return  # something is looping; the log has the rest
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Something went wrong")
        box.setText(
            "maskmeme hit an unexpected problem. Your meme is still open: "
            "you can keep working and save it."
        )
        box.setInformativeText(summary)
        box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
