"""What My memes calls a meme, driven through the window as a user would: F2 renames the file,
the card and the open meme's window alike; a meme and its exports are one card, which lists
them; an export is renamed from there or from a card of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMenu, QMessageBox
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
    choose,
    click,
    current_item,
    make_pane,
    menu_texts,
    open_context_menu,
    proxy_index,
    section_titles,
    wait_for_changes,
    write_image,
)
from test_playback import export_from_window


def open_saved_meme(window: MainWindow, qtbot: QtBot, name: str) -> Path:
    """A meme from the masked-face template saved in My memes as `name`, opened."""
    saved = library_dir() / f"{name}.maskmeme"
    saved.parent.mkdir(parents=True, exist_ok=True)
    save_project(document_from_template(get_template("masked-face")), saved)
    window.open_path(saved)
    qtbot.waitUntil(lambda: window.session is not None and window.session.path == saved)
    return saved


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


def open_submenu(qtbot: QtBot, menu: QMenu, text: str) -> QMenu:
    """Click the submenu item `text` of `menu`; returns the submenu once it shows."""
    (action,) = [a for a in menu.actions() if a.text() == text]
    submenu = action.menu()
    assert isinstance(submenu, QMenu)
    choose(menu, text)
    qtbot.waitUntil(submenu.isVisible, timeout=WAIT_MS)
    return submenu


def test_f2_on_a_memes_card_renames_its_file_its_card_and_the_open_window(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = open_saved_meme(window, qtbot, "masked")
    pane = window.gallery
    pane.refresh_library()
    qtbot.waitUntil(lambda: my_memes(pane) == ["Masked face"], timeout=WAIT_MS)

    shown = press_f2_on(qtbot, pane, card_of(window, saved), "party meme", monkeypatch)
    assert shown == ["Masked face"]  # the dialog offers the name the card shows
    assert window.statusBar().currentMessage() == "Renamed “Masked face” to “party meme”."
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


def test_a_meme_and_its_exports_are_one_card_that_lists_them(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = window.gallery
    window.open_template("masked-face")
    qtbot.waitUntil(lambda: window.session is not None)
    meme = library_dir() / "monday.maskmeme"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(meme), ""))
    window.actions_by_id["save"].trigger()
    out = tmp_path / "shared"
    out.mkdir()
    export_from_window(window, qtbot, out / "monday.png")
    export_from_window(window, qtbot, out / "monday.jpg")

    # One card, the meme's, selected after the export, and listing both files.
    qtbot.waitUntil(lambda: my_memes(pane) == ["monday"], timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: current_item(pane) is not None and current_item(pane).path == meme,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: pane.preview.details.endswith(" · exported 2 times"), timeout=WAIT_MS)
    card = card_of(window, meme)
    tooltip = card.data(Qt.ItemDataRole.ToolTipRole)
    assert str(out / "monday.png") in tooltip and str(out / "monday.jpg") in tooltip
    menu = open_context_menu(qtbot, pane, card)
    assert "Exports (2)" in menu_texts(menu)
    exports = open_submenu(qtbot, menu, "Exports (2)")
    assert menu_texts(exports) == ["monday.jpg", "monday.png"]  # newest first

    # Renamed from the card's Exports menu: the file and its record follow, still one card.
    one = open_submenu(qtbot, exports, "monday.png")
    assert menu_texts(one) == ["Open", "Show in Folder", "Rename…", "Remove from My memes…"]
    shown, warnings = answer_renames("monday for mum", monkeypatch)
    choose(one, "Rename…")
    wait_for_changes(qtbot, pane)
    assert shown == ["monday"] and warnings == []
    renamed = out / "monday for mum.png"
    assert renamed.exists() and not (out / "monday.png").exists()
    assert renamed in library.recorded_exports()
    qtbot.waitUntil(
        lambda: (
            [e.path.name for e in pane.model.item_at(card_of(window, meme)).exports]
            == ["monday.jpg", "monday for mum.png"]
        ),
        timeout=WAIT_MS,
    )
    assert my_memes(pane) == ["monday"]
    # Searching for an export's name finds the meme's card.
    QTest.keyClicks(pane.search, "mum")
    qtbot.waitUntil(lambda: pane.filter.search == "mum" and pane.filter.library_answered)
    assert pane.filter.mapFromSource(pane.model.index_of_path(meme, LIBRARY_SECTION)).isValid()


def test_an_export_whose_meme_is_gone_has_a_card_of_its_own_and_f2_renames_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meme = library_dir() / "gone.maskmeme"
    meme.parent.mkdir(parents=True, exist_ok=True)
    save_project(document_from_template(get_template("masked-face")), meme)
    exported = write_image(tmp_path / "desktop" / "shared.png")
    library.record_export(exported, meme)
    meme.unlink()
    pane = make_pane(qtbot)
    qtbot.waitUntil(lambda: my_memes(pane) == ["shared.png"], timeout=WAIT_MS)

    index = proxy_index(pane, exported, LIBRARY_SECTION)
    assert press_f2_on(qtbot, pane, index, "for mum", monkeypatch) == ["shared"]
    renamed = tmp_path / "desktop" / "for mum.png"
    assert renamed.exists() and not exported.exists()
    assert library.recorded_exports() == [renamed]
    qtbot.waitUntil(lambda: my_memes(pane) == ["for mum.png"], timeout=WAIT_MS)
    pane.shutdown()


def test_an_export_made_before_the_first_save_joins_the_memes_card(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = window.gallery
    window.open_template("masked-face")
    qtbot.waitUntil(lambda: window.session is not None)
    export_from_window(window, qtbot, tmp_path / "first try.png")
    qtbot.waitUntil(lambda: my_memes(pane) == ["first try.png"], timeout=WAIT_MS)
    meme = library_dir() / "keeper.maskmeme"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(meme), ""))
    window.actions_by_id["save"].trigger()
    qtbot.waitUntil(lambda: my_memes(pane) == ["keeper"], timeout=WAIT_MS)
    (export,) = pane.model.item_at(card_of(window, meme)).exports
    assert export.path == tmp_path / "first try.png"
