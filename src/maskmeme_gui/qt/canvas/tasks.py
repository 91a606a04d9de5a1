"""A group of background jobs the canvas can wait for or forget all at once.

Each job runs as a `qt.workers.Task` on the group's own thread pool (so a canvas busy rendering
does not hold up thumbnails elsewhere); its callback runs on the GUI thread, where QPixmaps may be
made and the scene may change. Outcomes arrive through this object's slots, so nothing is
delivered once the group (and the view that owns it) is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Slot

from maskmeme_gui.qt.workers import Task

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class TaskGroup(QObject):
    def __init__(self, parent: QObject | None = None, threads: int | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        ideal = QThreadPool.globalInstance().maxThreadCount()
        self._pool.setMaxThreadCount(threads or max(2, ideal - 1))
        self._jobs: dict[Task, tuple[int, Done, Failed]] = {}
        self._generation = 0

    def submit(self, work: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        task = Task(lambda _control: work())
        self._jobs[task] = (self._generation, on_done, on_error)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.start(self._pool)

    def pending(self) -> int:
        """Jobs started whose outcome has not been delivered yet."""
        return len(self._jobs)

    def forget_all(self) -> None:
        """Ignore the results of every job started so far. They still run to the end (a
        render cannot be interrupted halfway), which keeps `pending` and `wait` truthful."""
        self._generation += 1

    def wait(self) -> None:
        """Block until every job has run and its callback too (tests, grabbing the canvas)."""
        while self._jobs:
            self._pool.waitForDone()
            # The outcomes wait as queued calls on the event queue; deliver them now.
            QCoreApplication.processEvents()

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        job = self._jobs.pop(self.sender(), None)  # type: ignore[call-overload]
        if job is not None and job[0] == self._generation:
            job[1](result)

    @Slot(object)
    def _failed(self, error: object) -> None:
        job = self._jobs.pop(self.sender(), None)  # type: ignore[call-overload]
        if job is not None and job[0] == self._generation:
            job[2](error)  # type: ignore[arg-type]
