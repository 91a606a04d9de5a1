"""What My memes calls a meme, driven through the window as a user would: F2 renames the file,
the card and the open meme's window alike, and renames an export where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from dialogs import answer_when_shown
from maskmeme_gui.config.paths import library_dir
from maskmeme_gui.fileio import library
from maskmeme_gui.fileio.project import load_project, save_project
from maskmeme_gui.fileio.starters import document_from_template
from maskmeme_gui.fileio.templates import get_template
from maskmeme_gui.qt.gallery import GalleryPane
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION
from maskmeme_gui.qt.mainwindow import MainWindow
from test_gallery import (
    WAIT_MS,
    click,
    current_item,
    make_pane,
    proxy_index,
    section_titles,
    wait_for_changes,
    write_image,
)


def card_of(window: MainWindow, path: Path) -> QModelIndex:
    return proxy_index(window.gallery, path, LIBRARY_SECTION)


def my_memes(pane: GalleryPane) -> list[str]:
    return section_titles(pane, LIBRARY_SECTION)


def answer_renames(new_name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """Type `new_name` into the next Rename dialog and press Rename; cancel any that follow
    (a refused name asks again). Returns the names offered and the warnings shown, which are
    noted instead of shown, so a refusal fails the test rather than waits for a click."""
    offered: list[str] = []
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warnings.append(text))

    def answer() -> bool:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            offered.append(dialog.textValue())
            if len(offered) == 1:
                dialog.setTextValue(new_name)
                dialog.accept()
            else:
                dialog.reject()
        return False  # go on looking, until the test ends

    answer_when_shown(answer)
    return offered, warnings


def press_f2_on(
    qtbot: QtBot, pane: GalleryPane, index: QModelIndex, new_name: str, mp: pytest.MonkeyPatch
) -> list[str]:
    """F2 on the card at `index`, type `new_name`, Enter; returns the names offered."""
    click(pane, index)
    offered, warnings = answer_renames(new_name, mp)
    QTest.keyClick(pane.view, Qt.Key.Key_F2)
    wait_for_changes(qtbot, pane)
    assert warnings == []
    return offered


def test_f2_on_a_memes_card_renames_its_file_its_card_and_the_open_window(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = library_dir() / "masked.maskmeme"
    saved.parent.mkdir(parents=True, exist_ok=True)
    save_project(document_from_template(get_template("masked-face")), saved)
    window.open_path(saved)
    qtbot.waitUntil(lambda: window.session is not None and window.session.path == saved)
    pane = window.gallery
    pane.refresh_library()
    qtbot.waitUntil(lambda: my_memes(pane) == ["Masked face"], timeout=WAIT_MS)

    shown = press_f2_on(qtbot, pane, card_of(window, saved), "party meme", monkeypatch)
    assert shown == ["Masked face"]  # the dialog offers the name the card shows
    renamed = library_dir() / "party meme.maskmeme"
    assert renamed.exists() and not saved.exists()
    assert load_project(renamed).metadata.title == "party meme"
    qtbot.waitUntil(lambda: my_memes(pane) == ["party meme"], timeout=WAIT_MS)
    assert window.session.path == renamed and not window.session.is_dirty
    assert window.windowTitle().startswith("party meme.maskmeme[*]")
    # The open meme took the name too: saving it again does not bring the old title back.
    window.actions_by_id["save"].trigger()
    assert load_project(renamed).metadata.title == "party meme"
    qtbot.waitUntil(
        lambda: current_item(pane) is not None and current_item(pane).title == "party meme",
        timeout=WAIT_MS,
    )


def test_f2_renames_an_export_where_it_is_and_its_record_follows(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = write_image(tmp_path / "desktop" / "shared.png")
    library.record_export(exported)
    pane = make_pane(qtbot)
    qtbot.waitUntil(lambda: my_memes(pane) == ["shared.png"], timeout=WAIT_MS)

    index = proxy_index(pane, exported, LIBRARY_SECTION)
    assert press_f2_on(qtbot, pane, index, "for mum", monkeypatch) == ["shared"]
    renamed = tmp_path / "desktop" / "for mum.png"
    assert renamed.exists() and not exported.exists()
    assert library.recorded_exports() == [renamed]
    qtbot.waitUntil(lambda: my_memes(pane) == ["for mum.png"], timeout=WAIT_MS)
    pane.shutdown()
