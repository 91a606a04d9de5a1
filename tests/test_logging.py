"""The user log: written where config.paths says, rotated at start-up once it grows large."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from maskmeme_gui.config.paths import log_dir
from maskmeme_gui.qt import errors
from maskmeme_gui.qt.errors import LOG_BACKUPS, LOG_NAME, LogFile, setup_logging
from maskmeme_gui.qt.mainwindow import MainWindow


@pytest.fixture
def fresh_log() -> Iterator[None]:
    """No log handler before the test, and the test's handler closed after it."""
    loggers = (errors.log, logging.getLogger("maskmeme_gui"))
    kept = {logger: [h for h in logger.handlers if isinstance(h, LogFile)] for logger in loggers}
    for logger, handlers in kept.items():
        for handler in handlers:
            logger.removeHandler(handler)
    yield
    closed = set()
    for logger in loggers:
        for handler in [h for h in logger.handlers if isinstance(h, LogFile)]:
            logger.removeHandler(handler)
            if handler not in closed:
                handler.close()
                closed.add(handler)
    for logger, handlers in kept.items():
        for handler in handlers:
            logger.addHandler(handler)


def test_messages_reach_the_log_file_once(fresh_log: None) -> None:
    setup_logging()
    setup_logging()  # a second call adds no second handler
    errors.log.warning("the first line")
    lines = (log_dir() / LOG_NAME).read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if "the first line" in line]) == 1


def test_a_large_log_is_rotated_at_start_up_and_old_ones_dropped(fresh_log: None) -> None:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    current = folder / LOG_NAME
    current.write_text("x" * errors.LOG_MAX_BYTES, encoding="utf-8")
    for number in range(1, LOG_BACKUPS + 1):
        (folder / f"{LOG_NAME}.{number}").write_text(f"backup {number}", encoding="utf-8")
    setup_logging()
    errors.log.warning("after the rotation")
    assert "after the rotation" in current.read_text(encoding="utf-8")
    assert (folder / f"{LOG_NAME}.1").read_text(encoding="utf-8") == "x" * errors.LOG_MAX_BYTES
    assert (folder / f"{LOG_NAME}.2").read_text(encoding="utf-8") == "backup 1"
    assert (folder / f"{LOG_NAME}.{LOG_BACKUPS}").read_text(encoding="utf-8") == (
        f"backup {LOG_BACKUPS - 1}"
    )
    assert not (folder / f"{LOG_NAME}.{LOG_BACKUPS + 1}").exists()


def test_a_small_log_is_kept_and_appended_to(fresh_log: None) -> None:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / LOG_NAME).write_text("earlier run\n", encoding="utf-8")
    setup_logging()
    errors.log.warning("this run")
    text = (folder / LOG_NAME).read_text(encoding="utf-8")
    assert text.startswith("earlier run\n") and "this run" in text
    assert not (folder / f"{LOG_NAME}.1").exists()


def test_an_unwritable_log_folder_leaves_logging_off(
    fresh_log: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(errors, "_rotate", refuse)
    setup_logging()
    assert not any(isinstance(h, LogFile) for h in errors.log.handlers)


def test_a_file_that_cannot_be_opened_is_written_to_the_log_too(
    fresh_log: None,
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    setup_logging()
    junk = tmp_path / "holiday.jpg"
    junk.write_text("not a picture")
    window.open_path(junk)
    qtbot.waitUntil(lambda: bool(shown))
    lines = (log_dir() / LOG_NAME).read_text(encoding="utf-8").splitlines()
    [line] = [line for line in lines if "Cannot open this file" in line]
    assert "holiday.jpg" in line and shown[0] in line  # the file and the reason, as shown


def test_the_zoom_is_cleared_when_the_meme_is_closed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from PIL import Image

    photo = tmp_path / "photo.png"
    Image.new("RGB", (320, 240), (90, 120, 150)).save(photo)
    window.open_path(photo)
    qtbot.waitUntil(lambda: window.zoom_label.text().endswith("%"))
    window.actions_by_id["close"].trigger()
    assert window.session is None and window.zoom_label.text() == ""
