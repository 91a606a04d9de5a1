"""Changes to My memes (favourites, renames, removals), made off the GUI thread, in order.

Each change writes files (fsynced JSON, a renamed or trashed file) and the library index (a
write transaction that may wait seconds for a listing holding the lock), so the GUI thread
must not make them. They run one after another on a thread of their own, so two quick clicks
on the star land on disk in the order they were made, and a change is never held up behind a
long listing. The caller hears the outcome in the GUI thread.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer

from maskmeme_gui.fileio.library import LibraryError
from maskmeme_gui.qt.gallery.workers import owned_task
from maskmeme_gui.qt.workers import TaskControl, WorkerPool

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Change:
    work: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[LibraryError], None]


class LibraryChanges(QObject):
    """A queue of changes to My memes, run in order on one worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = WorkerPool(1, "maskmeme-library-changes")
        self._queue: deque[_Change] = deque()
        self._current: _Change | None = None
        self._unanswered = 0  # outcomes not yet handed to their callbacks
        # One reusable task (see owned_task for why not one task per change).
        self._task = owned_task(self._run, self)
        self._task.succeeded.connect(self._succeeded)
        self._task.failed.connect(self._failed)
        self._task.finished.connect(self._next)

    def submit(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[LibraryError], None],
    ) -> None:
        """Run `work()` after the changes asked for before; then `done(result)` or
        `failed(error)` in the GUI thread, from the event loop (they may open dialogs)."""
        self._queue.append(_Change(work, done, failed))
        self._next()

    @property
    def busy(self) -> bool:
        """A change is being made or waits (tests wait for this to end)."""
        return self._current is not None or bool(self._queue) or self._unanswered > 0

    def shutdown(self) -> None:
        """Drop the changes not started and wait for the running one."""
        self._queue.clear()
        self._pool.wait_for_done()

    def _run(self, _control: TaskControl) -> Any:
        assert self._current is not None
        return self._current.work()

    def _next(self) -> None:
        if self._current is not None or self._task.is_running or not self._queue:
            return
        self._current = self._queue.popleft()
        self._task.start(self._pool)

    def _succeeded(self, result: object) -> None:
        change = self._end()
        self._answer(lambda: change.done(result))

    def _failed(self, error: BaseException) -> None:
        change = self._end()
        if not isinstance(error, LibraryError):
            # The library functions explain every failure they expect: this is a bug. The
            # user still hears that the change was not made.
            _log.error("a change to My memes failed", exc_info=error)
            error = LibraryError(f"My memes could not be changed: {error}")
        problem = error
        self._answer(lambda: change.failed(problem))

    def _end(self) -> _Change:
        change = self._current
        assert change is not None
        self._current = None
        return change

    def _answer(self, callback: Callable[[], None]) -> None:
        # From the event loop, not inside the task's signal: a callback may open a dialog.
        self._unanswered += 1

        def answer() -> None:
            self._unanswered -= 1
            callback()

        QTimer.singleShot(0, self, answer)
