"""The Export dialog, driven as a user would: typing, clicking, waiting for the worker."""

from __future__ import annotations

import errno
import sys
import threading
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt, QThread
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.export import ExportFormat
from maskmeme_gui.fileio.settings_file import load_settings
from maskmeme_gui.fileio.starters import document_from_photo
from maskmeme_gui.model.band import Band
from maskmeme_gui.model.commands import SetBand
from maskmeme_gui.model.layers import CaptionLayer, Transform
from maskmeme_gui.qt import export_dialog
from maskmeme_gui.qt.export_dialog import ExportDialog
from maskmeme_gui.qt.session import DocumentSession
from maskmeme_gui.qt.workers import Task, TaskControl
from maskmeme_gui.render.compose import RenderError, render_document

GPS_IFD = 0x8825
CAMERA_MODEL = 0x0110
PHOTO_SIZE = (640, 480)
WAIT_MS = 20_000


# -- fixtures and user gestures ---------------------------------------------------------------


def noisy_photo(path: Path, with_gps: bool = True) -> Path:
    """A JPEG with detail (so quality changes the file size) and, if asked, a GPS position."""
    fractal = Image.effect_mandelbrot(PHOTO_SIZE, (-2.2, -1.2, 1.0, 1.2), 60)
    image = Image.merge("RGB", (fractal, Image.effect_noise(PHOTO_SIZE, 60), fractal))
    exif = Image.Exif()
    exif[CAMERA_MODEL] = "SpyCam 3000"
    if with_gps:
        exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 36.0)}
    image.save(path, "JPEG", quality=95, exif=exif)
    return path


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


@pytest.fixture
def session(tmp_path: Path) -> Iterator[DocumentSession]:
    doc = document_from_photo(noisy_photo(tmp_path / "holiday photo.jpg"))
    doc.layers.append(
        CaptionLayer(text="when the mask hides it", transform=Transform(320, 70), box_width=560)
    )
    session = DocumentSession(doc)
    yield session
    session.close()


@pytest.fixture
def settings(out_dir: Path) -> Settings:
    return Settings(last_export_folder=str(out_dir))


@pytest.fixture
def open_dialog(
    qtbot: QtBot, session: DocumentSession, settings: Settings
) -> Callable[[], ExportDialog]:
    def make() -> ExportDialog:
        dialog = ExportDialog(session, settings)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def type_path(qtbot: QtBot, dialog: ExportDialog, path: Path | str) -> None:
    dialog.path_edit.setFocus()
    dialog.path_edit.selectAll()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.path_edit, str(path))


def type_number(qtbot: QtBot, spin: QWidget, value: int) -> None:
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, str(value))
    qtbot.keyClick(spin, Qt.Key.Key_Tab)


def choose_format(qtbot: QtBot, dialog: ExportDialog, fmt: ExportFormat) -> None:
    combo = dialog.format_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.findData(fmt)):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    # Radio buttons and check boxes react to clicks on their indicator, at the left edge.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def export(qtbot: QtBot, dialog: ExportDialog) -> Path:
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return Path(blocker.args[0])


def wait_idle(qtbot: QtBot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.is_exporting, timeout=WAIT_MS)


# -- exporting --------------------------------------------------------------------------------


def test_png_export_end_to_end(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], session: DocumentSession, out_dir: Path
) -> None:
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "crying.png")
    path = export(qtbot, dialog)

    assert path == out_dir / "crying.png"
    with Image.open(path) as written:
        assert written.format == "PNG"
        assert written.size == session.doc.canvas_size
        exported = written.convert("RGB")
    assert exported.tobytes() == render_document(session.doc).tobytes()  # WYSIWYG
    assert not dialog.isVisible()
    assert session.doc.metadata.history[-1].event == "exported"
    assert session.doc.metadata.history[-1].detail == str(path)
    assert not session.is_dirty  # an export is history, not an edit
    assert sorted(p.name for p in out_dir.iterdir()) == ["crying.png"]  # no temp file left


def test_enter_in_the_name_field_exports(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "quick.png")
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert (out_dir / "quick.png").is_file()


def test_sizes_follow_the_document_while_open_and_not_after(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], session: DocumentSession
) -> None:
    dialog = open_dialog()
    session.push(SetBand(Band(top=0.25)))  # a caption band makes the canvas taller
    assert dialog.original_radio.text() == "Original (640 \N{MULTIPLICATION SIGN} 600 px)"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    session.undo_stack.undo()  # the closed dialog no longer listens
    assert dialog.original_radio.text() == "Original (640 \N{MULTIPLICATION SIGN} 600 px)"


def test_1080_px_wide_gives_width_1080(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    dialog = open_dialog()
    click(qtbot, dialog.preset_radios[1080])
    assert (
        dialog.result_label.text()
        == "The image will be 1080 \N{MULTIPLICATION SIGN} 810 px (enlarged: may look soft)."
    )
    type_path(qtbot, dialog, out_dir / "big.png")
    with Image.open(export(qtbot, dialog)) as written:
        assert written.size == (1080, 810)


def test_custom_width_is_typed_and_shown_live(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    dialog = open_dialog()
    assert not dialog.custom_width.isEnabled()
    click(qtbot, dialog.custom_radio)
    assert dialog.custom_width.isEnabled()
    type_number(qtbot, dialog.custom_width, 500)
    assert dialog.result_label.text() == "The image will be 500 \N{MULTIPLICATION SIGN} 375 px."
    type_path(qtbot, dialog, out_dir / "small.webp")
    assert dialog.export_format == "WEBP"
    with Image.open(export(qtbot, dialog)) as written:
        assert (written.format, written.size) == ("WEBP", (500, 375))


def test_jpeg_quality_is_respected(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    sizes = {}
    for quality in (30, 95):
        dialog = open_dialog()
        choose_format(qtbot, dialog, "JPEG")
        assert dialog.quality_spin.isEnabled()
        type_number(qtbot, dialog.quality_spin, quality)
        assert dialog.quality_slider.value() == quality
        type_path(qtbot, dialog, out_dir / f"q{quality}.jpg")
        path = export(qtbot, dialog)
        with Image.open(path) as written:
            assert written.format == "JPEG"
        sizes[quality] = path.stat().st_size
    assert sizes[30] < sizes[95] * 0.6


def exif_of(path: Path) -> Image.Exif:
    with Image.open(path) as written:
        return written.getexif()


def test_metadata_is_stripped_unless_asked_for(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    dialog = open_dialog()
    assert not dialog.metadata_check.isChecked()
    type_path(qtbot, dialog, out_dir / "private.jpg")
    private = exif_of(export(qtbot, dialog))
    assert not private.get_ifd(GPS_IFD)
    assert CAMERA_MODEL not in private

    dialog = open_dialog()
    click(qtbot, dialog.metadata_check)
    assert dialog.metadata_check.isChecked()
    type_path(qtbot, dialog, out_dir / "with-place.jpg")
    kept = exif_of(export(qtbot, dialog))
    assert kept.get_ifd(GPS_IFD)[1] == "N"
    assert kept[CAMERA_MODEL] == "SpyCam 3000"


def test_format_and_extension_follow_each_other(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "meme.png")
    choose_format(qtbot, dialog, "WEBP")
    assert dialog.path_edit.text() == str(out_dir / "meme.webp")
    choose_format(qtbot, dialog, "JPEG")
    assert dialog.path_edit.text() == str(out_dir / "meme.jpg")
    assert dialog.quality_spin.isEnabled()

    type_path(qtbot, dialog, out_dir / "meme.GIF")
    assert dialog.export_format == "GIF"
    assert not dialog.quality_spin.isEnabled()
    assert not dialog.metadata_check.isEnabled()  # GIF cannot carry EXIF
    type_path(qtbot, dialog, out_dir / "meme.jpeg")
    assert dialog.export_format == "JPEG"
    assert dialog.path_edit.text() == str(out_dir / "meme.jpeg")  # a JPEG name: left alone


def test_a_name_without_extension_gets_the_formats(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    dialog = open_dialog()
    choose_format(qtbot, dialog, "GIF")
    type_path(qtbot, dialog, "v1.final")  # relative: into the export folder
    path = export(qtbot, dialog)
    assert path == out_dir / "v1.final.gif"
    with Image.open(path) as written:
        assert written.format == "GIF"


def test_default_name_comes_from_the_title(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], session: DocumentSession, out_dir: Path
) -> None:
    session.doc.metadata.title = 'Me: crying / again? "no"'
    assert open_dialog().path_edit.text() == str(out_dir / "Me crying again no.png")
    (out_dir / "Me crying again no.png").touch()
    assert open_dialog().path_edit.text() == str(out_dir / "Me crying again no (2).png")


def test_default_folder_is_pictures_then_home(
    qtbot: QtBot,
    session: DocumentSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    settings = Settings(last_export_folder=str(tmp_path / "gone"))
    assert export_dialog.default_export_folder(settings) == home
    (home / "Pictures").mkdir()
    dialog = ExportDialog(session, settings)
    qtbot.addWidget(dialog)
    assert dialog.path_edit.text() == str(home / "Pictures" / "holiday photo.png")


def test_reexport_proposes_the_last_export_of_this_meme(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    dialog = open_dialog()
    choose_format(qtbot, dialog, "WEBP")
    type_path(qtbot, dialog, out_dir / "first.webp")
    export(qtbot, dialog)
    again = open_dialog()
    assert again.path_edit.text() == str(out_dir / "first.webp")
    assert again.export_format == "WEBP"


def test_existing_file_is_replaced_only_after_asking(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = out_dir / "taken.png"
    target.write_bytes(b"old")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(_parent: QWidget, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = open_dialog()
    type_path(qtbot, dialog, target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_exporting
    assert target.read_bytes() == b"old"
    assert "“taken.png” already exists" in asked[0]

    export(qtbot, dialog)
    assert target.read_bytes().startswith(b"\x89PNG")


def test_browse_picks_path_and_format(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (out_dir / "chosen.webp").write_bytes(b"old")
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *_args: (str(out_dir / "chosen"), "WebP image (*.webp)"),
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: pytest.fail("asked twice"))
    dialog = open_dialog()
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.export_format == "WEBP"
    assert dialog.path_edit.text() == str(out_dir / "chosen.webp")
    # The name got an extension after the file dialog's own overwrite check: ask again.
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    with Image.open(export(qtbot, dialog)) as written:
        assert written.format == "WEBP"


def blocking_render(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Make the worker's render wait for `release`; `started` is set once it is waiting."""
    started, release = threading.Event(), threading.Event()

    real = export_dialog.export_meme

    def slow_export(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(WAIT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(export_dialog, "export_meme", slow_export)
    return started, release


def test_cancel_during_a_slow_export_writes_nothing(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started, release = blocking_render(monkeypatch)
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "never.png")
    exported: list[object] = []
    dialog.exported.connect(exported.append)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: dialog.message_label.text().startswith("Rendering"))
        assert dialog.progress_bar.isVisible()
        assert not dialog.export_button.isEnabled()
        assert not dialog.path_edit.isEnabled()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.message_label.text() == "Cancelling…"
        assert dialog.isVisible()
    finally:
        release.set()
    wait_idle(qtbot, dialog)

    assert dialog.message_label.text() == "Export cancelled; no file was written."
    assert list(out_dir.iterdir()) == []
    assert exported == []
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    assert not dialog.progress_bar.isVisible()


def test_escape_during_export_cancels_instead_of_closing(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started, release = blocking_render(monkeypatch)
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "never.png")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()
    finally:
        release.set()
    wait_idle(qtbot, dialog)
    assert list(out_dir.iterdir()) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # idle: Escape closes as usual
    assert not dialog.isVisible()


def test_write_error_is_shown_and_the_dialog_stays(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(_doc: object, path: Path, _options: object, **_kwargs: Any) -> Any:
        raise WriteError(path, "Permission denied", errno.EACCES)

    monkeypatch.setattr(export_dialog, "export_meme", refuse)
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "locked.png")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)

    assert (
        dialog.message_label.text() == f"Could not save {out_dir / 'locked.png'}: Permission denied"
    )
    assert dialog.message_icon.isVisible()
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    assert dialog.path_edit.isEnabled()
    assert load_settings().last_export_folder == ""  # nothing remembered from a failure


def test_render_error_is_shown_in_plain_words(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RenderError("the sticker image 'cat.png' is missing from the meme")

    monkeypatch.setattr(export_dialog, "export_meme", broken)
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "x.png")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert dialog.message_label.text() == (
        "Could not export: the sticker image 'cat.png' is missing from the meme"
    )
    assert list(out_dir.iterdir()) == []


def test_a_folder_name_is_refused_before_exporting(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], out_dir: Path
) -> None:
    (out_dir / "folder.png").mkdir()
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "folder.png")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_exporting
    assert "is a folder" in dialog.message_label.text()


def test_choices_are_remembered_for_the_next_dialog(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    session: DocumentSession,
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    dialog = open_dialog()
    choose_format(qtbot, dialog, "JPEG")
    click(qtbot, dialog.preset_radios[720])
    type_number(qtbot, dialog.quality_spin, 70)
    type_path(qtbot, dialog, elsewhere / "one.jpg")
    export(qtbot, dialog)

    saved = load_settings()  # written to disk, so a restarted app remembers too
    assert (saved.last_export_folder, saved.last_export_format) == (str(elsewhere), "JPEG")
    assert (saved.last_export_size, saved.last_export_quality) == ("720", 70)

    session.doc.metadata.history.clear()  # another meme: no export of its own to go back to
    again = ExportDialog(session, saved)
    qtbot.addWidget(again)
    assert again.export_format == "JPEG"
    assert again.preset_radios[720].isChecked()
    assert again.quality_spin.value() == 70
    assert Path(again.path_edit.text()).parent == elsewhere
    assert not again.metadata_check.isChecked()  # privacy is never remembered


def test_custom_size_is_remembered(
    qtbot: QtBot, open_dialog: Callable[[], ExportDialog], settings: Settings, out_dir: Path
) -> None:
    dialog = open_dialog()
    click(qtbot, dialog.custom_radio)
    type_number(qtbot, dialog.custom_width, 333)
    type_path(qtbot, dialog, out_dir / "c.png")
    export(qtbot, dialog)
    assert settings.last_export_size == "custom:333"
    again = open_dialog()
    assert again.custom_radio.isChecked() and again.custom_width.value() == 333


def test_the_export_is_added_to_the_library(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded: list[tuple[Path, Path | None]] = []
    library = types.ModuleType("maskmeme_gui.fileio.library")
    library.record_export = lambda path, meme: recorded.append((path, meme))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "maskmeme_gui.fileio.library", library)
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "mine.png")
    assert recorded == [(export(qtbot, dialog), None)]  # from a meme not saved yet
    dialog.session.path = out_dir / "mine.maskmeme"
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "mine.jpg")
    jpeg = export(qtbot, dialog)
    assert recorded[1:] == [(jpeg, out_dir / "mine.maskmeme")]  # shown on the meme's card


def test_a_missing_library_module_is_no_problem(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "maskmeme_gui.fileio.library", None)  # import fails
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "mine.png")
    assert export(qtbot, dialog).is_file()


# -- the worker helper ------------------------------------------------------------------------


def test_task_delivers_progress_and_result_in_the_gui_thread(qtbot: QtBot) -> None:
    gui_thread = QThread.currentThread()
    worker_threads: list[QThread] = []
    seen: list[tuple[str, object, bool]] = []

    def work(control: TaskControl) -> int:
        worker_threads.append(QThread.currentThread())
        control.report("half")
        control.check()
        return 42

    task = Task(work)
    task.progress.connect(
        lambda v: seen.append(("progress", v, QThread.currentThread() == gui_thread))
    )
    task.succeeded.connect(
        lambda v: seen.append(("result", v, QThread.currentThread() == gui_thread))
    )
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        task.start()
        assert task.is_running
    assert seen == [("progress", "half", True), ("result", 42, True)]
    assert worker_threads[0] != gui_thread
    assert not task.is_running


def test_task_cancel_stops_at_the_next_check(qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    steps: list[str] = []

    def work(control: TaskControl) -> None:
        started.set()
        release.wait(WAIT_MS / 1000)
        steps.append("first")
        control.check()
        steps.append("second")

    task = Task(work)
    with qtbot.waitSignal(task.cancelled, timeout=WAIT_MS):
        task.start()
        started.wait(WAIT_MS / 1000)
        task.cancel()
        release.set()
    assert steps == ["first"]


def test_task_reports_the_exception_and_survives_being_dropped(qtbot: QtBot) -> None:
    failures: list[BaseException] = []
    task = Task(lambda _control: 1 / 0)
    task.failed.connect(failures.append)
    task.start()
    del task  # fire and forget: the task keeps itself alive until it has reported
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert isinstance(failures[0], ZeroDivisionError)


def test_a_bug_in_the_export_reaches_the_app_error_handler(
    qtbot: QtBot,
    open_dialog: Callable[[], ExportDialog],
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def buggy(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyError("layer-42")

    monkeypatch.setattr(export_dialog, "export_meme", buggy)
    dialog = open_dialog()
    type_path(qtbot, dialog, out_dir / "x.png")
    with qtbot.captureExceptions() as exceptions:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, dialog)
    assert [type(exc) for _kind, exc, _tb in exceptions] == [KeyError]
    assert dialog.message_label.text() == "The export failed because of an unexpected problem."
    assert dialog.isVisible() and dialog.export_button.isEnabled()


def test_task_cancelled_before_start_then_run_again(qtbot: QtBot) -> None:
    runs: list[str] = []

    def work(control: TaskControl) -> int:
        control.check()
        runs.append("ran")
        return len(runs)

    task = Task(work)
    task.cancel()
    with qtbot.waitSignal(task.cancelled, timeout=WAIT_MS):
        task.start()
    with qtbot.waitSignal(task.succeeded, timeout=WAIT_MS) as blocker:
        task.start()
    assert blocker.args == [1]
    assert runs == ["ran"]
