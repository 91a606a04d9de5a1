"""Autosave and recovery, driven as a user would: edit, wait, save or discard, crash, relaunch."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from dialogs import answer_save_question
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.autosave import (
    autosave_dir,
    recoverable_autosaves,
    write_autosave,
)
from maskmeme_gui.fileio.project import load_project
from maskmeme_gui.fileio.starters import document_from_template
from maskmeme_gui.fileio.templates import get_template
from maskmeme_gui.model.commands import SetTitle
from maskmeme_gui.model.document import MemeDocument
from maskmeme_gui.model.layers import CaptionLayer
from maskmeme_gui.qt.autosave import AutosaveController
from maskmeme_gui.qt.mainwindow import MainWindow
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.qt.workers import shared_pool

WAIT_MS = 15_000  # generous: a save on a worker thread of a busy machine


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a window with changes asks a modal question; tests that care answer it."""
    answer_save_question(monkeypatch, QMessageBox.StandardButton.Discard)


def open_template(window: MainWindow, qtbot: QtBot) -> None:
    from maskmeme_gui.qt.gallery.items import GalleryItem

    item = GalleryItem("template", Path("unused.png"), "masked-face", "Masked face")
    window.gallery.open_requested.emit(item)
    qtbot.waitUntil(lambda: window.session is not None)


def autosave_files() -> list[Path]:
    return sorted(autosave_dir().glob("*.maskmeme"))


def captions(doc: MemeDocument) -> list[str]:
    return [layer.text for layer in doc.layers if isinstance(layer, CaptionLayer)]


def edit_and_wait_for_autosave(window: MainWindow, qtbot: QtBot, text: str) -> Path:
    """Edit, then save at once what the idle delay would save (its timing is tested below)."""
    assert window.autosave is not None
    window.canvas.add_caption(text)
    with qtbot.waitSignal(window.autosave.saved, timeout=WAIT_MS) as saved:
        window.autosave.save_now()
    path: Path = saved.args[0]
    qtbot.waitUntil(lambda: not window.autosave.pending, timeout=WAIT_MS)
    return path


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def template_doc(title: str = "Masked face") -> MemeDocument:
    doc = document_from_template(get_template("masked-face"))
    doc.metadata.title = title
    return doc


class VirtualTime:
    """A clock and single-shot timers that move only when the test advances them, so the
    autosave's delays are tested for certain and without waiting for them."""

    def __init__(self) -> None:
        self.now_ms = 0
        self.fired: list[int] = []
        """When each timer fired."""
        self._timers: list[VirtualTimer] = []

    def clock(self) -> float:
        return self.now_ms / 1000

    def timer(self, _owner: object, due: Callable[[], None]) -> VirtualTimer:
        timer = VirtualTimer(self, due)
        self._timers.append(timer)
        return timer

    def advance(self, ms: int) -> None:
        """Move on `ms` milliseconds, firing each timer at its moment, in order."""
        end = self.now_ms + ms
        while due := [t for t in self._timers if t.deadline is not None and t.deadline <= end]:
            first = min(due, key=lambda t: t.deadline or 0)
            self.now_ms = first.deadline or 0
            self.fired.append(self.now_ms)
            first.fire()
        self.now_ms = end


class VirtualTimer:
    def __init__(self, time: VirtualTime, due: Callable[[], None]) -> None:
        self._time, self._due = time, due
        self.deadline: int | None = None

    def start(self, msec: int) -> None:
        self.deadline = self._time.now_ms + msec

    def stop(self) -> None:
        self.deadline = None

    def isActive(self) -> bool:
        return self.deadline is not None

    def fire(self) -> None:
        self.deadline = None
        self._due()


def on_virtual_time(session: DocumentSession) -> tuple[AutosaveController, VirtualTime]:
    time = VirtualTime()
    controller = AutosaveController(
        session, idle_delay_ms=2000, max_delay_ms=5000, clock=time.clock, timer=time.timer
    )
    return controller, time


# ---------------------------------------------------------------------------------------------
# Autosaving


def test_an_edit_is_autosaved_within_seconds_and_loads_back_equal(
    window: MainWindow, qtbot: QtBot
) -> None:
    open_template(window, qtbot)
    assert autosave_files() == []  # nothing unsaved yet
    window.canvas.add_caption("first words")
    qtbot.waitUntil(lambda: len(autosave_files()) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.autosave.pending, timeout=WAIT_MS)
    (path,) = autosave_files()
    assert path.name.startswith(f"{os.getpid()}-")
    assert load_project(path) == window.session.doc
    sidecar = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["title"] == "Masked face"


def test_the_autosave_comes_once_editing_pauses_for_the_idle_delay(qtbot: QtBot) -> None:
    session = DocumentSession(template_doc())
    controller, time = on_virtual_time(session)
    session.push(SetTitle("First"))
    time.advance(1500)
    session.push(SetTitle("Second"))  # the idle delay starts again
    time.advance(1999)
    assert time.fired == [] and autosave_files() == []
    with qtbot.waitSignal(controller.saved, timeout=WAIT_MS):
        time.advance(1)
    assert time.fired == [3500]  # 2 s after the last edit
    assert load_project(controller.path).metadata.title == "Second"
    controller.discard()


def test_continuous_editing_is_autosaved_after_the_maximum_delay(qtbot: QtBot) -> None:
    session = DocumentSession(template_doc())
    controller, time = on_virtual_time(session)
    # An edit every half second never leaves the idle delay alone; the save comes anyway.
    with qtbot.waitSignal(controller.saved, timeout=WAIT_MS):
        for step in range(10):
            session.push(SetTitle(f"Title {step}"))
            time.advance(500)
    assert time.fired == [5000]  # 5 s after the first unsaved edit
    assert load_project(controller.path).metadata.title == "Title 9"
    controller.discard()


def test_a_clean_save_removes_the_autosave(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_template(window, qtbot)
    path = edit_and_wait_for_autosave(window, qtbot, "save me")
    assert path.exists()
    assert window._save_to(tmp_path / "saved.maskmeme")
    assert autosave_files() == []
    assert not path.with_suffix(".json").exists()


def test_undoing_back_to_the_saved_state_removes_the_autosave(
    window: MainWindow, qtbot: QtBot
) -> None:
    open_template(window, qtbot)
    edit_and_wait_for_autosave(window, qtbot, "oops")
    window.actions_by_id["undo"].trigger()
    assert not window.session.is_dirty
    assert autosave_files() == []


def test_closing_without_saving_removes_the_autosave(window: MainWindow, qtbot: QtBot) -> None:
    open_template(window, qtbot)
    edit_and_wait_for_autosave(window, qtbot, "never mind")
    assert window.close_meme()  # the question is answered Discard
    assert autosave_files() == []


def test_quitting_without_saving_removes_the_autosave(window: MainWindow, qtbot: QtBot) -> None:
    open_template(window, qtbot)
    edit_and_wait_for_autosave(window, qtbot, "bye")
    assert window.close()
    assert autosave_files() == []


def test_a_save_running_when_the_meme_is_closed_leaves_no_autosave(
    window: MainWindow, qtbot: QtBot
) -> None:
    open_template(window, qtbot)
    window.canvas.add_caption("racing")
    window.autosave.save_now()  # the worker starts writing now
    assert window.close_meme()
    shared_pool().wait_for_done()  # the save wrote, saw the removal and removed its file
    # Its outcome was posted before the save ended: it arrives, to a controller that is gone.
    QCoreApplication.sendPostedEvents()
    assert autosave_files() == []


def test_two_sessions_in_one_process_do_not_collide(qtbot: QtBot) -> None:
    sessions = [DocumentSession(template_doc(title)) for title in ("One", "Two")]
    controllers = [AutosaveController(session) for session in sessions]
    assert controllers[0].path != controllers[1].path
    for session, controller in zip(sessions, controllers, strict=True):
        session.push(SetTitle(session.doc.metadata.title + " edited"))
        with qtbot.waitSignal(controller.saved, timeout=WAIT_MS):
            controller.save_now()
    assert len(autosave_files()) == 2
    for session, controller in zip(sessions, controllers, strict=True):
        assert load_project(controller.path).metadata.title == session.doc.metadata.title
    for controller in controllers:
        controller.discard()
    assert autosave_files() == []


# ---------------------------------------------------------------------------------------------
# Listing


def test_listing_skips_autosaves_of_running_processes_and_offers_dead_ones() -> None:
    folder = autosave_dir()
    write_autosave(template_doc("Mine, still open"), folder / f"{os.getpid()}-aa.maskmeme", None)
    original = Path("/memes/gone.maskmeme")
    write_autosave(template_doc("Left behind"), folder / f"{dead_pid()}-bb.maskmeme", original)
    (offered,) = recoverable_autosaves()
    assert offered.title == "Left behind"
    assert offered.original == original
    assert offered.problem is None
    assert offered.preview_png is not None and offered.preview_png.startswith(b"\x89PNG")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_reused_process_id_does_not_hide_an_autosave() -> None:
    path = autosave_dir() / f"{os.getppid()}-cc.maskmeme"  # a live process, but not the writer
    write_autosave(template_doc("Reused id"), path, None)
    sidecar = path.with_suffix(".json")
    fields = json.loads(sidecar.read_text(encoding="utf-8"))
    sidecar.write_text(json.dumps({**fields, "process_started": "1"}), encoding="utf-8")
    assert [a.title for a in recoverable_autosaves()] == ["Reused id"]


def test_a_damaged_autosave_is_listed_as_damaged(window: MainWindow, qtbot: QtBot) -> None:
    damaged = autosave_dir() / f"{dead_pid()}-dd.maskmeme"
    damaged.write_bytes(b"PK\x03\x04 this is not a zip at all")
    (offered,) = recoverable_autosaves()
    assert offered.problem
    dialog = window.offer_recovery()
    assert dialog is not None
    assert "Cannot be recovered" in dialog.list.item(0).text()
    assert not dialog.recover_button.isEnabled()
    dialog.recover_current()  # does nothing, says nothing
    assert window.session is None
    dialog.discard_current()
    assert not damaged.exists()
    assert not dialog.isVisible()


# ---------------------------------------------------------------------------------------------
# Recovery


def test_no_dialog_when_there_is_nothing_to_recover(window: MainWindow) -> None:
    assert window.offer_recovery() is None


def test_recovering_opens_the_meme_unsaved_and_saving_removes_the_autosave(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    doc = template_doc("Lost work")
    doc.layers.append(CaptionLayer(text="precious"))
    write_autosave(doc, autosave_dir() / f"{dead_pid()}-ee.maskmeme", None)
    dialog = window.offer_recovery()
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text().startswith("Lost work")
    assert not dialog.list.item(0).icon().isNull()  # the thumbnail
    dialog.recover_button.click()
    assert window.session is not None
    assert "precious" in captions(window.session.doc)
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    assert window.session.is_dirty
    assert not dialog.isVisible()
    # Taken over by this run: no longer offered, but still on disk until saved.
    assert recoverable_autosaves() == []
    assert len(autosave_files()) == 1
    assert window._save_to(tmp_path / "lost-work.maskmeme")
    assert not window.isWindowModified()
    assert autosave_files() == []


def test_discarding_in_the_dialog_removes_the_autosave(window: MainWindow) -> None:
    first = autosave_dir() / f"{dead_pid()}-f1.maskmeme"
    second = autosave_dir() / f"{dead_pid()}-f2.maskmeme"
    write_autosave(template_doc("First"), first, None)
    write_autosave(template_doc("Second"), second, None)
    dialog = window.offer_recovery()
    assert dialog is not None and dialog.list.count() == 2
    dialog.discard_button.click()
    assert dialog.list.count() == 1
    assert len(autosave_files()) == 1
    dialog.discard_all_button.click()
    assert autosave_files() == []
    assert not dialog.isVisible()
    assert window.session is None


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and select on pipes are POSIX")
def test_recovered_work_survives_a_kill_of_the_app(qtbot: QtBot) -> None:
    script = textwrap.dedent(
        """
        from pathlib import Path

        from PySide6.QtWidgets import QApplication

        from maskmeme_gui.config.settings import Settings
        from maskmeme_gui.qt.gallery.items import GalleryItem
        from maskmeme_gui.qt.mainwindow import MainWindow

        app = QApplication([])
        window = MainWindow(Settings())
        window.show()
        item = GalleryItem("template", Path("unused.png"), "masked-face", "Masked face")
        window.gallery.open_requested.emit(item)
        window.autosave.saved.connect(lambda path: print("autosaved", path, flush=True))
        window.canvas.add_caption("recover me")
        app.exec()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert child.stdout is not None
        ready, _, _ = select.select([child.stdout], [], [], 120)
        line = child.stdout.readline() if ready else ""
        assert line.startswith("autosaved"), child.stderr.read() if child.stderr else ""
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL

    relaunched = MainWindow(Settings())
    qtbot.addWidget(relaunched)
    relaunched.show()
    dialog = relaunched.offer_recovery()
    assert dialog is not None and dialog.list.count() == 1
    dialog.recover_current()
    assert relaunched.session is not None
    assert "recover me" in captions(relaunched.session.doc)
    assert relaunched.isWindowModified()
