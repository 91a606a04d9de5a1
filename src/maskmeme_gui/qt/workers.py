"""Run one function on a worker thread and hear about it in the GUI thread.

`Task(work)` calls `work(control)` on a pool thread. The function reports progress with
`control.report(value)` and, between steps, calls `control.check()`, which raises `Cancelled`
once `task.cancel()` was asked for. The outcome comes back as exactly one of `succeeded(result)`,
`failed(exception)` or `cancelled()`, then `finished()`. Every signal is emitted in the thread
that created the task (through queued connections), so slots may touch widgets and pixmaps;
the work function must not (QImage is fine, QPixmap is not). Once its outcome has arrived a
task may be started again.

The workers are Python threads (concurrent.futures), not a QThreadPool: with PySide 6.11,
Python callables run by QThreadPool deadlocked against the GUI thread and crashed inside
Pillow under load, while the same jobs on Python threads ran cleanly.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, Signal, Slot


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


class WorkerPool:
    """A group of worker threads, for work that must not take every core (thumbnails)."""

    def __init__(self, threads: int, name: str = "maskmeme-worker") -> None:
        self.max_threads = max(1, threads)
        self._executor = concurrent.futures.ThreadPoolExecutor(self.max_threads, name)
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> None:
        future = self._executor.submit(job)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: concurrent.futures.Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def wait_for_done(self) -> None:
        """Block until the submitted jobs have run (their outcomes arrive as queued signals)."""
        with self._lock:
            running = list(self._futures)
        concurrent.futures.wait(running)


_shared_pool: WorkerPool | None = None


def shared_pool() -> WorkerPool:
    global _shared_pool
    if _shared_pool is None:
        _shared_pool = WorkerPool(max(2, os.cpu_count() or 2))
    return _shared_pool


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

    def start(self, pool: WorkerPool | None = None) -> None:
        if self.is_running:
            raise RuntimeError("this task is already running")
        # The worker holds the emitter, never the task: the last reference to a QObject that
        # receives events must not be dropped in another thread.
        emitter = _Emitter()
        emitter.reported.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        emitter.ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        work, control = self._work, TaskControl(self._cancel_requested, emitter.reported.emit)
        Task._running.add(self)
        (pool or shared_pool()).submit(lambda: _run(work, control, emitter))

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
        _deliver(emitter, "cancelled", None)
    except Exception as exc:
        _deliver(emitter, "failed", exc)
    else:
        _deliver(emitter, "succeeded", result)


def _deliver(emitter: _Emitter, outcome: str, value: object) -> None:
    # When the app quits while a job runs, Qt deletes the emitter first: nobody is left to
    # want the result, so it is dropped quietly instead of printing a traceback at exit.
    with contextlib.suppress(RuntimeError):
        emitter.ended.emit(outcome, value)
