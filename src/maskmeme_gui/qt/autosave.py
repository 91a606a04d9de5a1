"""Autosaving one session: its unsaved changes reach the disk a few seconds after each edit.

A change (re)starts a short idle timer, so a burst of edits costs one save; during continuous
editing the save is still forced once the first unsaved change is `MAX_DELAY_MS` old. The save
runs on a worker thread from a snapshot. The autosave is removed when the meme is saved (the
undo stack turns clean) or when the user closes it without saving (`discard`).

The delays, the clock and the timer are constructor arguments, so tests drive the idle and
the maximum delay on a clock of their own instead of waiting seconds for them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from maskmeme_gui.fileio.autosave import (
    claim_autosave,
    discard_autosave,
    new_autosave_path,
    write_autosave,
)
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.qt.workers import Task, TaskControl

IDLE_DELAY_MS = 2000
MAX_DELAY_MS = 5000

log = logging.getLogger(__name__)


class SaveTimer(Protocol):
    """A single-shot timer (QTimer's methods of that name) that calls the save when due."""

    def start(self, msec: int) -> None: ...

    def stop(self) -> None: ...

    def isActive(self) -> bool: ...


TimerFactory = Callable[[QObject, Callable[[], None]], SaveTimer]
"""Makes the timer of a controller (its owner) that calls `due` when it fires."""


def qt_timer(owner: QObject, due: Callable[[], None]) -> SaveTimer:
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.timeout.connect(due)
    return timer


class AutosaveController(QObject):
    saved = Signal(object)  # Path of the autosave just written

    def __init__(
        self,
        session: DocumentSession,
        parent: QObject | None = None,
        *,
        idle_delay_ms: int = IDLE_DELAY_MS,
        max_delay_ms: int = MAX_DELAY_MS,
        clock: Callable[[], float] = time.monotonic,
        timer: TimerFactory = qt_timer,
    ) -> None:
        """`clock` gives seconds, as time.monotonic does; `timer` makes the save's timer."""
        super().__init__(parent if parent is not None else session)
        self.session = session
        self.path = new_autosave_path()
        self._idle_delay_ms = idle_delay_ms
        self._max_delay_ms = max_delay_ms
        self._clock = clock
        self._timer = timer(self, self.save_now)
        self._pending_since: float | None = None
        self._task: Task | None = None
        self._save_again = False
        self._disposed = False
        # Removal bumps the epoch; a save that was already running when the file was removed
        # sees the change and removes what it wrote, so a stale autosave never survives.
        self._lock = threading.Lock()
        self._epoch = 0
        session.changed.connect(self._on_changed)
        session.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @property
    def pending(self) -> bool:
        """Whether a save is scheduled or running."""
        return self._timer.isActive() or self._task is not None

    def adopt(self, autosave: Path) -> None:
        """Take over a recovered autosave as this session's own."""
        claim_autosave(autosave, self.path)

    def discard(self) -> None:
        """The user closed the meme without saving: stop, and remove the autosave."""
        self._dispose()
        self._remove()

    def _dispose(self) -> None:
        if self._disposed:
            return
        self._disposed = True
        self._timer.stop()
        self.session.changed.disconnect(self._on_changed)
        self.session.undo_stack.cleanChanged.disconnect(self._on_clean_changed)

    def _on_changed(self, _event: object) -> None:
        self._schedule()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self._timer.stop()
            self._pending_since = None
            self._remove()

    def _schedule(self) -> None:
        now = self._clock()
        if self._pending_since is None:
            self._pending_since = now
        waited_ms = (now - self._pending_since) * 1000
        due_in = min(self._idle_delay_ms, self._max_delay_ms - waited_ms)
        self._timer.start(round(max(0.0, due_in)))

    def save_now(self) -> None:
        """Write the autosave now (in the background) if there is anything unsaved."""
        self._timer.stop()
        self._pending_since = None
        if self._disposed or not self.session.is_dirty:
            return
        if self._task is not None:
            self._save_again = True  # one save at a time to one file; the next follows it
            return
        snapshot = self.session.doc.snapshot()
        path, original = self.path, self.session.path
        with self._lock:
            epoch = self._epoch

        def work(_control: TaskControl) -> Path:
            try:
                write_autosave(snapshot, path, original)
            finally:  # a failed sidecar write may still have left the project file
                with self._lock:
                    if epoch != self._epoch:
                        discard_autosave(path)
            return path

        task = Task(work)
        task.succeeded.connect(self._on_saved)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_finished)
        self._task = task
        task.start()

    def _on_saved(self, path: Path) -> None:
        # A slot, not a signal-to-signal connection: Qt drops slots of a deleted controller.
        self.saved.emit(path)

    def _on_failed(self, error: BaseException) -> None:
        # An autosave that cannot be written must not interrupt the user; the next edit retries.
        log.warning("autosave to %s failed: %s", self.path, error, exc_info=error)

    def _on_finished(self) -> None:
        self._task = None
        if self._save_again:
            self._save_again = False
            self._schedule()

    def _remove(self) -> None:
        with self._lock:
            self._epoch += 1
            discard_autosave(self.path)
