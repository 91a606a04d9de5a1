"""A group of background jobs the canvas can wait for or forget all at once.

Each job runs as a `qt.workers.Task` on the group's own thread pool (so a canvas busy rendering
does not hold up thumbnails elsewhere); its callback runs on the GUI thread, where QPixmaps may be
made and the scene may change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool

from maskmeme_gui.qt.workers import Task

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class TaskGroup(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        ideal = QThreadPool.globalInstance().maxThreadCount()
        self._pool.setMaxThreadCount(max(2, ideal - 1))
        self._running: set[Task] = set()
        self._generation = 0

    def submit(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        task = Task(lambda _control: work())
        generation = self._generation
        task.succeeded.connect(lambda result: self._deliver(generation, on_done, result))
        task.failed.connect(lambda error: self._deliver(generation, on_error, error))
        task.finished.connect(lambda: self._running.discard(task))
        self._running.add(task)
        task.start(self._pool)

    def pending(self) -> int:
        """Jobs started whose outcome has not been delivered yet."""
        return len(self._running)

    def forget_all(self) -> None:
        """Ignore the results of every job started so far. They still run to the end (a
        render cannot be interrupted halfway), which keeps `pending` and `wait` truthful."""
        self._generation += 1

    def wait(self) -> None:
        """Block until every job has run and its callback too (tests, grabbing the canvas)."""
        while self._running:
            self._pool.waitForDone()
            # The outcomes wait as queued calls on the event queue; deliver them now.
            QCoreApplication.processEvents()

    def shutdown(self) -> None:
        self.forget_all()
        self._pool.waitForDone()

    def _deliver(self, generation: int, callback: Callable[[Any], None], value: Any) -> None:
        if generation == self._generation:
            callback(value)
