"""A group of background jobs the canvas can wait for or forget all at once.

Jobs run on Python threads (concurrent.futures); each outcome comes back to the GUI thread
through a queued signal, so callbacks may make QPixmaps and change the scene.

Why not qt.workers.Task on a QThreadPool: under a stress loop (canvases opened, captions
retyped, closed) rendering captions on QThreadPool threads through Task crashed the process
within seconds, inside Pillow; the same jobs on Python threads ran hundreds of cycles cleanly.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class _Relay(QObject):
    # Parentless, and held by every job: a worker may finish after its view is gone.
    finished = Signal(int, object, object)  # token, result, exception


class TaskGroup(QObject):
    def __init__(self, parent: QObject | None = None, threads: int | None = None) -> None:
        super().__init__(parent)
        workers = threads or max(2, (os.cpu_count() or 2) - 1)
        self._executor = concurrent.futures.ThreadPoolExecutor(workers, "maskmeme-canvas")
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._jobs: dict[int, tuple[int, Done, Failed]] = {}
        self._futures: set[concurrent.futures.Future[None]] = set()
        self._futures_lock = threading.Lock()  # done-callbacks remove futures from workers
        self._next_token = 0
        self._generation = 0

    def submit(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        self._next_token += 1
        self._jobs[self._next_token] = (self._generation, on_done, on_error)
        future = self._executor.submit(_run, self._relay, self._next_token, work)
        with self._futures_lock:
            self._futures.add(future)
        future.add_done_callback(self._forget_future)

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
            with self._futures_lock:
                running = list(self._futures)
            concurrent.futures.wait(running)
            # The outcomes wait as queued calls on the event queue; deliver them now.
            QCoreApplication.processEvents()

    def _forget_future(self, future: concurrent.futures.Future[None]) -> None:
        with self._futures_lock:
            self._futures.discard(future)

    def _deliver(self, token: int, result: object, error: Exception | None) -> None:
        job = self._jobs.pop(token, None)
        if job is None or job[0] != self._generation:
            return
        if error is not None:
            job[2](error)
        else:
            job[1](result)


def _run(relay: _Relay, token: int, work: Callable[[], Any]) -> None:
    result: Any = None
    error: Exception | None = None
    try:
        result = work()
    except Exception as exc:  # handed to the job's on_error, on the GUI thread
        error = exc
    # At exit the relay may be gone already: nobody is left to want the result.
    with contextlib.suppress(RuntimeError):
        relay.finished.emit(token, result, error)
