"""Background tasks: outcomes reach the GUI thread, whoever holds the task."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from maskmeme_gui.qt.workers import Task, TaskControl, WorkerPool


def test_many_fire_and_forget_tasks_all_report(qtbot: QtBot) -> None:
    results: list[int] = []
    gui_thread = threading.current_thread()
    threads: set[threading.Thread] = set()
    pool = WorkerPool(3, "test-workers")

    def remember(value: object) -> None:
        threads.add(threading.current_thread())
        results.append(int(value))  # type: ignore[call-overload]

    for index in range(400):
        task = Task(lambda _control, index=index: index * 2)
        task.succeeded.connect(remember)
        task.start(pool)  # the reference is dropped at once
    qtbot.waitUntil(lambda: len(results) == 400, timeout=20000)
    assert sorted(results) == [index * 2 for index in range(400)]
    assert threads == {gui_thread}


def test_a_task_whose_owner_is_gone_is_dropped_quietly(qtbot: QtBot) -> None:
    release = threading.Event()
    owner = QObject()
    task = Task(lambda _control: release.wait(5))
    task.setParent(owner)
    heard: list[object] = []
    task.finished.connect(lambda: heard.append("finished"))
    task.start()
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    qtbot.waitUntil(lambda: not task.is_running)  # its outcome came back, to nobody
    assert "finished" not in heard
    follower = Task(lambda _control: "after")  # and the tasks after it still report
    follower.succeeded.connect(heard.append)
    follower.start()
    qtbot.waitUntil(lambda: "after" in heard)
    assert "finished" not in heard


def test_failures_and_cancels_arrive_as_signals(qtbot: QtBot) -> None:
    def boom(_control: object) -> None:
        raise ValueError("broken picture")

    failing = Task(boom)
    with qtbot.waitSignal(failing.failed) as failed:
        failing.start()
    assert isinstance(failed.args[0], ValueError)

    started = threading.Event()

    def slow(control: TaskControl) -> None:
        started.set()
        while True:
            control.check()

    cancelled = Task(slow)
    with qtbot.waitSignal(cancelled.cancelled):
        cancelled.start()
        started.wait(5)
        cancelled.cancel()


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
