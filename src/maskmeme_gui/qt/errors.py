"""Unexpected errors: written to the log in the user log folder and shown in a readable dialog
with the details to copy, while the app keeps running (an exception in a slot must not lose
the user's work)."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from maskmeme_gui.config.paths import log_dir

log = logging.getLogger("maskmeme")


def setup_logging() -> None:
    if any(isinstance(h, RotatingFileHandler) for h in log.handlers):
        return
    try:
        handler = RotatingFileHandler(
            log_dir() / "maskmeme.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return  # no log folder: the dialog still shows the details
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


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
