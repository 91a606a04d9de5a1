"""Run one function on a worker thread and hear about it in the GUI thread.

`Task(work)` calls `work(control)` on a pool thread. The function reports progress with
`control.report(value)` and, between steps, calls `control.check()`, which raises `Cancelled`
once `task.cancel()` was asked for. The outcome comes back as exactly one of `succeeded(result)`,
`failed(exception)` or `cancelled()`, then `finished()`. Every signal is emitted in the thread
that created the task (through queued connections), so slots may touch widgets and pixmaps;
the work function must not (QImage is fine, QPixmap is not). Once its outcome has arrived a
task may be started again.

`TaskGroup` runs plain functions as tasks on a pool of its own, for a view that must wait for
all of them (grabbing the canvas) or drop every result at once (its meme was closed).

This module is the one way work leaves the GUI thread: the canvas, the gallery, export and
file reading all use it.

The workers are Python threads (concurrent.futures), not a QThreadPool: with PySide 6.11,
Python callables run by QThreadPool deadlocked against the GUI thread and crashed inside
Pillow under load, while the same jobs on Python threads ran cleanly.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import os
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot


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


class _Relay(QObject):
    """Carries every task's outcome from the workers to the GUI thread.

    One long-lived object, made in the GUI thread: workers only emit its signals and never
    hold or free a QObject of their own (freeing one in a worker crashed PySide 6.11).
    """

    reported = Signal(int, object)  # token, progress
    ended = Signal(int, str, object)  # token, outcome, result or exception

    def __init__(self) -> None:
        super().__init__()
        self.running: dict[int, Task] = {}  # also keeps fire-and-forget tasks alive
        self.reported.connect(self._route_progress, Qt.ConnectionType.QueuedConnection)
        self.ended.connect(self._route_end, Qt.ConnectionType.QueuedConnection)

    @Slot(int, object)
    def _route_progress(self, token: int, progress: object) -> None:
        task = self.running.get(token)
        if task is not None and shiboken6.isValid(task):
            task.progress.emit(progress)

    @Slot(int, str, object)
    def _route_end(self, token: int, outcome: str, value: object) -> None:
        task = self.running.pop(token, None)
        # A task owned by a widget dies with it; its outcome then has nowhere to go.
        if task is not None and shiboken6.isValid(task):
            task._deliver(outcome, value)


_relay: _Relay | None = None
_tokens = itertools.count(1)


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


class Task(QObject):
    """One run of `work(control)` in a worker thread; see the module docstring."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception, with its traceback
    cancelled = Signal()
    finished = Signal()  # after any of the three outcomes

    def __init__(self, work: Callable[[TaskControl], Any]) -> None:
        super().__init__()
        self._work = work
        self._cancel_requested = threading.Event()
        self._token = 0

    @property
    def is_running(self) -> bool:
        return self._token in _the_relay().running

    def start(self, pool: WorkerPool | None = None) -> None:
        if self.is_running:
            raise RuntimeError("this task is already running")
        relay = _the_relay()
        self._token = token = next(_tokens)
        relay.running[token] = self
        control = TaskControl(
            self._cancel_requested, lambda progress: _emit(relay.reported, token, progress)
        )
        work = self._work
        (pool or shared_pool()).submit(lambda: _run(work, control, relay, token))

    def cancel(self) -> None:
        """Ask the work to stop at its next `check()`; the outcome still arrives as a signal.

        A cancel before `start()` cancels that run at its first check.
        """
        self._cancel_requested.set()

    def _deliver(self, outcome: str, value: object) -> None:
        self._cancel_requested.clear()  # the worker is done with it: ready for another run
        if outcome == "succeeded":
            self.succeeded.emit(value)
        elif outcome == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.finished.emit()


class TaskGroup(QObject):
    """Plain functions run as tasks on a pool of the group's own; each outcome goes to its
    `on_done` or `on_error` in the GUI thread, unless `forget_all` came in between."""

    def __init__(
        self, parent: QObject | None = None, threads: int | None = None, name: str = "group"
    ) -> None:
        super().__init__(parent)
        self._pool = WorkerPool(threads or max(2, (os.cpu_count() or 2) - 1), f"maskmeme-{name}")
        # Keyed by a number: a callback that held its task would keep it alive in a cycle
        # through the task's own signal connection.
        self._jobs: dict[int, Task] = {}
        self._keys = itertools.count(1)
        self._generation = 0

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        key, generation = next(self._keys), self._generation
        task = Task(lambda _control: work())
        task.succeeded.connect(lambda result: self._deliver(key, generation, on_done, result))
        task.failed.connect(lambda error: self._deliver(key, generation, on_error, error))
        self._jobs[key] = task
        task.start(self._pool)

    def pending(self) -> int:
        """Jobs submitted whose outcome has not been delivered yet."""
        return len(self._jobs)

    def forget_all(self) -> None:
        """Ignore the results of every job submitted so far. They still run to the end (a
        render cannot be interrupted halfway), which keeps `pending` and `wait` truthful."""
        self._generation += 1

    def wait(self) -> None:
        """Block until every job has run and its callback too (tests, grabbing the canvas)."""
        while self._jobs:
            self._pool.wait_for_done()
            # The outcomes wait as queued calls on the event queue; deliver them now.
            QCoreApplication.processEvents()

    def _deliver(
        self, key: int, generation: int, callback: Callable[[Any], None], value: object
    ) -> None:
        self._jobs.pop(key, None)
        # The group dies with its owner (a closed canvas): then nobody wants the result.
        if shiboken6.isValid(self) and generation == self._generation:
            callback(value)


def _run(
    work: Callable[[TaskControl], Any], control: TaskControl, relay: _Relay, token: int
) -> None:
    try:
        result = work(control)
    except Cancelled:
        _emit(relay.ended, token, "cancelled", None)
    except BaseException as exc:  # even SystemExit: every task's outcome must arrive
        _emit(relay.ended, token, "failed", exc)
    else:
        _emit(relay.ended, token, "succeeded", result)


def _emit(signal: Any, *args: object) -> None:
    # When the app quits while a job runs, Qt deletes the relay first: nobody is left to want
    # the result, so it is dropped quietly instead of printing a traceback at exit.
    with contextlib.suppress(RuntimeError):
        signal.emit(*args)
