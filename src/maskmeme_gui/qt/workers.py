"""Run one function on a QThreadPool and hear about it in the GUI thread.

`Task(work)` calls `work(control)` on a pool thread. The function reports progress with
`control.report(value)` and, between steps, calls `control.check()`, which raises `Cancelled`
once `task.cancel()` was asked for. The outcome comes back as exactly one of `succeeded(result)`,
`failed(exception)` or `cancelled()`, then `finished()`. Every signal is emitted in the thread
that created the task (through queued connections), so slots may touch widgets and pixmaps;
the work function must not (QImage is fine, QPixmap is not). Once its outcome has arrived a
task may be started again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot


class Cancelled(Exception):
    """Raised by `TaskControl.check()` after a cancel; ends the work without an error."""


class TaskControl:
    """What the work function gets: a way to report progress and to notice a cancel."""

    def __init__(self, cancel_requested: threading.Event, report: Callable[[object], None]):
        self._cancel_requested = cancel_requested
        self._report = report

    @property
    def cancel_requested(self) -> bool:
        return self._cancel_requested.is_set()

    def check(self) -> None:
        """Stop here if a cancel was asked for: call it at every safe stopping point."""
        if self._cancel_requested.is_set():
            raise Cancelled

    def report(self, progress: object) -> None:
        self._report(progress)


class _Emitter(QObject):
    """The worker thread's end of a task: signals only, so it may die in that thread."""

    reported = Signal(object)
    ended = Signal(str, object)


class Task(QObject):
    """One run of `work(control)` in a worker thread; see the module docstring."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception, with its traceback
    cancelled = Signal()
    finished = Signal()  # after any of the three outcomes

    # A started task stays alive until its outcome is delivered, even if its owner drops it,
    # so fire-and-forget use still gets its signals.
    _running: ClassVar[set[Task]] = set()

    def __init__(self, work: Callable[[TaskControl], Any]) -> None:
        super().__init__()
        self._work = work
        self._cancel_requested = threading.Event()

    @property
    def is_running(self) -> bool:
        return self in Task._running

    def start(self, pool: QThreadPool | None = None) -> None:
        if self.is_running:
            raise RuntimeError("this task is already running")
        # The worker holds the emitter, never the task: the last reference to a QObject that
        # receives events must not be dropped in another thread.
        emitter = _Emitter()
        emitter.reported.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        emitter.ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        work, control = self._work, TaskControl(self._cancel_requested, emitter.reported.emit)
        Task._running.add(self)
        (pool or QThreadPool.globalInstance()).start(lambda: _run(work, control, emitter))

    def cancel(self) -> None:
        """Ask the work to stop at its next `check()`; the outcome still arrives as a signal.

        A cancel before `start()` cancels that run at its first check.
        """
        self._cancel_requested.set()

    @Slot(str, object)
    def _deliver(self, outcome: str, value: object) -> None:
        Task._running.discard(self)
        self._cancel_requested.clear()  # the worker is done with it: ready for another run
        if outcome == "succeeded":
            self.succeeded.emit(value)
        elif outcome == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.finished.emit()


def _run(work: Callable[[TaskControl], Any], control: TaskControl, emitter: _Emitter) -> None:
    try:
        result = work(control)
    except Cancelled:
        emitter.ended.emit("cancelled", None)
    except Exception as exc:
        emitter.ended.emit("failed", exc)
    else:
        emitter.ended.emit("succeeded", result)
