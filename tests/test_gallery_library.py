"""My memes in the gallery, driven as a user would: the index behind search, the meaning filter,
favourites and their star, renaming, a library changed outside the app, and a large library."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from dialogs import answer_when_shown
from maskmeme_gui.config.paths import data_dir, library_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio import batches, library, library_index
from maskmeme_gui.fileio.library import FAVOURITES_FILE, favourites, list_library
from maskmeme_gui.fileio.library_entries import LibraryEntry
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import save_project
from maskmeme_gui.fileio.search import search_words
from maskmeme_gui.fileio.starters import (
    CaptionRequest,
    add_captions,
    document_from_template,
)
from maskmeme_gui.fileio.templates import load_templates
from maskmeme_gui.knowledge import load_knowledge
from maskmeme_gui.qt.gallery import GalleryItem, GalleryPane
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION, Role
from test_gallery import (
    WAIT_MS,
    HeldDisk,
    choose,
    click,
    current_item,
    fills_while_listing,
    folder_id,
    make_pane,
    menu_texts,
    open_context_menu,
    proxy_index,
    section_titles,
    tiny_png,
    visible_items,
    wait_for_changes,
    wait_for_thumbnail,
    wait_listed,
    write_image,
)

# -- helpers ----------------------------------------------------------------------------------


def make_project(path: Path, title: str, caption: str, tags: tuple[str, ...] = ()) -> Path:
    doc = document_from_template(load_templates()[0])
    doc.metadata.title = title
    doc.metadata.meaning_tags = list(tags)
    add_captions(doc, [CaptionRequest(caption, slot="top")], CLASSIC_SLOTS)
    save_project(doc, path)
    return path


@pytest.fixture
def pane(qtbot: QtBot) -> Iterator[GalleryPane]:
    pane = make_pane(qtbot)
    yield pane
    pane.shutdown()


def library_titles(pane: GalleryPane) -> list[str]:
    return [i.title for i in visible_items(pane) if i.kind != "template" and _in_library(pane, i)]


def _in_library(pane: GalleryPane, item: GalleryItem) -> bool:
    return pane.model.index_of_path(item.path, LIBRARY_SECTION).isValid()


def wait_for_the_index(qtbot: QtBot, pane: GalleryPane) -> None:
    """Wait until My memes is filtered by the library index's answer to the search typed, not
    by the in-memory match that stands in until that answer arrives."""
    typed = " ".join(search_words(pane.search.text()))
    qtbot.waitUntil(
        lambda: pane.filter.search == typed and pane.filter.library_answered, timeout=WAIT_MS
    )


def answer_rename(new_name: str | None) -> list[str]:
    """Type `new_name` into the next Rename dialog and press Rename (None: Cancel)."""
    shown: list[str] = []

    def answer() -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            return False
        shown.append(dialog.textValue())
        if new_name is None:
            dialog.reject()
        else:
            dialog.setTextValue(new_name)
            dialog.accept()
        return True

    answer_when_shown(answer)
    return shown


def answer_warning() -> list[str]:
    """Press OK in the next warning box; returns its text."""
    shown: list[str] = []

    def answer() -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QMessageBox):
            return False
        shown.append(dialog.text())
        (ok,) = [b for b in dialog.findChildren(QPushButton) if "OK" in b.text()]
        ok.click()
        return True

    answer_when_shown(answer)
    return shown


def choose_meaning(qtbot: QtBot, pane: GalleryPane, title: str) -> None:
    """Open the meaning menu and click `title` in its list."""
    combo = pane.meaning
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
    (row,) = [r for r in range(combo.count()) if combo.itemText(r) == title]
    index = view.model().index(row, 0)
    view.scrollTo(index)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: combo.currentText() == title, timeout=WAIT_MS)


def gold_pixels(pane: GalleryPane, index: QModelIndex, on_the_picture: bool = False) -> int:
    """Pixels of the card at `index` in the favourite star's gold (only those over the
    picture, with `on_the_picture`); its thumbnail must have arrived (wait_for_thumbnail)."""
    pane.view.viewport().repaint()
    shot: QImage = pane.view.viewport().grab(pane.view.visualRect(index)).toImage()
    picture = QImage(pane.model.thumbnail(index.data(Role.ITEM)).toImage())
    ratio = shot.devicePixelRatio()
    top = round(8 * ratio)  # the card's padding above the picture
    bottom = top + round(picture.deviceIndependentSize().height())
    count = 0
    for y in range(top, bottom) if on_the_picture else range(shot.height()):
        for x in range(shot.width()):
            colour = shot.pixelColor(x, y)
            if colour.red() > 230 and 170 < colour.green() < 220 and colour.blue() < 40:
                count += 1
    return count


# -- search through the index -----------------------------------------------------------------


def test_searching_my_memes_asks_the_index(qtbot: QtBot, pane: GalleryPane) -> None:
    make_project(library_dir() / "monday.maskmeme", "Monday mood", "Smiling on the outside")
    make_project(library_dir() / "team.maskmeme", "Team spirit", "All in this together")
    pane.refresh_library()
    qtbot.waitUntil(lambda: len(section_titles(pane, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)

    QTest.keyClicks(pane.search, "SMIL outs")  # word starts, any case, any order
    wait_for_the_index(qtbot, pane)
    assert library_titles(pane) == ["Monday mood"]

    # "iling" is inside "Smiling" but starts no word: neither the index nor the in-memory
    # match shows it.
    pane.search.clear()
    QTest.keyClicks(pane.search, "iling")
    wait_for_the_index(qtbot, pane)
    assert library_titles(pane) == []
    assert pane.model.section(LIBRARY_SECTION).items  # filtered out, not gone

    pane.search.clear()
    QTest.keyClicks(pane.search, '"together" AND -*')  # FTS5 syntax is just text to look for
    wait_for_the_index(qtbot, pane)
    assert library_titles(pane) == []
    QTest.keyClick(pane.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(library_titles(pane)) == 2, timeout=WAIT_MS)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("gether", set()),  # inside "together", but starts no word
        ("ending", set()),  # inside the keyword "pretending" of a template
        ("toge", {"all together.png", "Monday", "Leaning friends"}),  # a template's keyword
        ("cafe", {"Café crème.png", "Monday", "cafe.png"}),
        ("CAFÉ", {"Café crème.png", "Monday", "cafe.png"}),
        ("théâtre", {"Smile mask", "Brave face"}),  # the templates' keyword is "theatre mask"
    ],
)
def test_search_matches_word_starts_without_case_or_accents_in_every_section(
    typed: str,
    found: set[str],
    qtbot: QtBot,
    pane: GalleryPane,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "pictures"
    for name in ("all together.png", "Café crème.png", "misc.png"):
        write_image(folder / name)
    pane.add_folder(folder)
    make_project(library_dir() / "monday.maskmeme", "Monday", "Together at the CAFÉ")
    write_image(library_dir() / "cafe.png")
    pane.refresh_library()
    wait_listed(qtbot, pane, folder_id(folder))
    qtbot.waitUntil(lambda: len(section_titles(pane, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)
    wait_listed(qtbot, pane, LIBRARY_SECTION)

    pane.search.setFocus()
    pane.search.insert(typed)  # as an input method would (QTest aborts on "â")
    # My memes is answered by the index, the other sections in memory: one rule for both.
    wait_for_the_index(qtbot, pane)
    assert {i.title for i in visible_items(pane)} == found
    mine = {"Monday", "cafe.png"}
    assert {e.title for e in library.search_library(typed)} == found & mine
    monkeypatch.setattr(library, "_index", lambda: None)  # and without the index
    assert {e.title for e in library.search_library(typed)} == found & mine


# -- filter by meaning ------------------------------------------------------------------------


def test_the_meaning_filter_offers_every_meaning_and_filters_all_sections(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path
) -> None:
    meanings = load_knowledge().meanings
    combo = pane.meaning
    assert [combo.itemText(r) for r in range(combo.count())] == [
        "All meanings",
        *(m.title for m in meanings),
    ]
    make_project(library_dir() / "team.maskmeme", "Team spirit", "Together", ("solidarity",))
    make_project(library_dir() / "joke.maskmeme", "Just kidding", "Haha", ("humour",))
    folder = tmp_path / "pictures"
    write_image(folder / "plain.png")
    pane.add_folder(folder)
    wait_listed(qtbot, pane, folder_id(folder))
    qtbot.waitUntil(lambda: len(section_titles(pane, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)

    solidarity = load_knowledge().meaning("solidarity")
    choose_meaning(qtbot, pane, solidarity.title)
    expected_templates = {t.id for t in load_templates() if "solidarity" in t.meaning_tags}
    qtbot.waitUntil(lambda: library_titles(pane) == ["Team spirit"], timeout=WAIT_MS)
    shown = visible_items(pane)
    assert {i.template_id for i in shown if i.kind == "template"} == expected_templates
    assert all(i.path.name != "plain.png" for i in shown)  # a picture has no meaning tags
    header = pane.filter.mapFromSource(pane.model.header_index(LIBRARY_SECTION))
    assert header.data(Role.MATCHES) == 1

    choose_meaning(qtbot, pane, "All meanings")
    qtbot.waitUntil(lambda: len(library_titles(pane)) == 2, timeout=WAIT_MS)
    assert any(i.path.name == "plain.png" for i in visible_items(pane))


# -- favourites -------------------------------------------------------------------------------


def test_a_favourite_gets_a_star_and_the_favourites_toggle_shows_only_those(
    qtbot: QtBot, pane: GalleryPane
) -> None:
    loved = write_image(library_dir() / "loved.png", (40, 90, 200))
    write_image(library_dir() / "other.png", (40, 90, 200))
    pane.refresh_library()
    qtbot.waitUntil(lambda: len(section_titles(pane, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)
    wait_for_thumbnail(qtbot, pane, loved, LIBRARY_SECTION)
    index = proxy_index(pane, loved, LIBRARY_SECTION)
    assert gold_pixels(pane, index) == 0

    menu = open_context_menu(qtbot, pane, index)
    choose(menu, "Add to Favourites")
    index = proxy_index(pane, loved, LIBRARY_SECTION)
    assert index.data(Role.FAVOURITE) is True  # at once, while it is saved in the background
    assert gold_pixels(pane, index) > 20  # the star on the card
    assert gold_pixels(pane, index, on_the_picture=True) == 0  # it covers no caption
    wait_for_changes(qtbot, pane)
    assert favourites() == {str(loved)}
    assert current_item(pane).path == loved  # starring keeps the selection

    QTest.mouseClick(pane.favourites_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [i.path for i in visible_items(pane)] == [loved], timeout=WAIT_MS)

    menu = open_context_menu(qtbot, pane, proxy_index(pane, loved, LIBRARY_SECTION))
    assert "Remove from Favourites" in menu_texts(menu)
    choose(menu, "Remove from Favourites")
    qtbot.waitUntil(lambda: visible_items(pane) == [], timeout=WAIT_MS)
    assert "No favourites yet" in pane.view.empty_text
    wait_for_changes(qtbot, pane)
    assert favourites() == set()

    QTest.mouseClick(pane.favourites_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(library_titles(pane)) == 2, timeout=WAIT_MS)


@pytest.mark.parametrize("held", ["changed.png", "later.png"])
def test_a_star_set_while_my_memes_is_listed_stays(
    held: str, qtbot: QtBot, pane: GalleryPane, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batches, "FIRST_BATCH", 1)  # changed.png is listed in a batch alone
    changed = write_image(library_dir() / "changed.png")
    later = write_image(library_dir() / "later.png")
    write_image(library_dir() / "other.png")
    pane.refresh_library()
    qtbot.waitUntil(lambda: len(section_titles(pane, LIBRARY_SECTION)) == 3, timeout=WAIT_MS)
    wait_listed(qtbot, pane, LIBRARY_SECTION)

    # The next listing reads both files again and is held at one of them while the user stars
    # changed.png: while it reads that file (before its batch is stored), or while it reads
    # later.png (after the batch of changed.png was stored and reported).
    reading, go_on = threading.Event(), threading.Event()
    describe = library.describe_file

    def hold(path: Path) -> LibraryEntry | None:
        if path.name == held and not go_on.is_set():
            reading.set()
            go_on.wait(WAIT_MS / 1000)
        return describe(path)

    monkeypatch.setattr(library, "describe_file", hold)
    for path, seconds in ((changed, 1_900_000_000), (later, 1_600_000_000)):
        write_image(path, (1, 2, 3))
        os.utime(path, (seconds, seconds))
    pane.refresh_library()
    qtbot.waitUntil(reading.is_set, timeout=WAIT_MS)

    menu = open_context_menu(qtbot, pane, proxy_index(pane, changed, LIBRARY_SECTION))
    choose(menu, "Add to Favourites")
    wait_for_changes(qtbot, pane)
    go_on.set()
    wait_listed(qtbot, pane, LIBRARY_SECTION)

    assert proxy_index(pane, changed, LIBRARY_SECTION).data(Role.FAVOURITE) is True
    starred = library_index.library_index().search("", favourites_only=True)
    assert [e.path for e in starred] == [changed]  # the listing did not store the old flag
    assert favourites() == {str(changed)}


def test_favourites_with_a_meaning_none_has_say_so_not_that_there_are_none(
    qtbot: QtBot, pane: GalleryPane
) -> None:
    loved = write_image(library_dir() / "loved.png")
    pane.refresh_library()
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == ["loved.png"], timeout=WAIT_MS)
    menu = open_context_menu(qtbot, pane, proxy_index(pane, loved, LIBRARY_SECTION))
    choose(menu, "Add to Favourites")
    wait_for_changes(qtbot, pane)
    QTest.mouseClick(pane.favourites_button, Qt.MouseButton.LeftButton)
    meaning = load_knowledge().meanings[0].title
    choose_meaning(qtbot, pane, meaning)
    qtbot.waitUntil(lambda: visible_items(pane) == [], timeout=WAIT_MS)
    assert pane.view.empty_text == f"None of your favourites has the meaning “{meaning}”."


def test_favourites_survive_a_lost_index(qtbot: QtBot) -> None:
    loved = write_image(library_dir() / "loved.png")
    write_image(library_dir() / "other.png")
    first = make_pane(qtbot)
    qtbot.waitUntil(lambda: len(section_titles(first, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)
    first.file_actions.set_favourite(first.model.item_at(first.model.index_of_path(loved)), True)
    wait_for_changes(qtbot, first)
    first.shutdown()
    library_index.library_index().close()
    library_index._shared = None  # as after quitting: the next start opens the file again
    (data_dir() / library_index.INDEX_FILE).write_bytes(b"garbage, not SQLite" * 100)

    second = make_pane(qtbot)
    qtbot.waitUntil(lambda: len(section_titles(second, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)
    assert proxy_index(second, loved, LIBRARY_SECTION).data(Role.FAVOURITE) is True
    assert library_index.library_index().rebuilt_because is not None
    second.shutdown()


def test_a_favourite_that_cannot_be_saved_is_explained(
    qtbot: QtBot, pane: GalleryPane, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maskmeme_gui.fileio.atomic import WriteError

    meme = write_image(library_dir() / "meme.png")
    pane.refresh_library()
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == ["meme.png"], timeout=WAIT_MS)

    def refuse(target: Path, data: bytes) -> None:
        raise WriteError(target, "No space left on the disk")

    monkeypatch.setattr(library, "atomic_write", refuse)
    menu = open_context_menu(qtbot, pane, proxy_index(pane, meme, LIBRARY_SECTION))
    shown = answer_warning()
    choose(menu, "Add to Favourites")
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    assert "No space left" in shown[0]
    # The star shown at once goes again.
    qtbot.waitUntil(
        lambda: proxy_index(pane, meme, LIBRARY_SECTION).data(Role.FAVOURITE) is False,
        timeout=WAIT_MS,
    )
    assert not (data_dir() / FAVOURITES_FILE).exists()


# -- renaming ---------------------------------------------------------------------------------


def test_f2_renames_a_library_meme_keeping_its_suffix(qtbot: QtBot, pane: GalleryPane) -> None:
    old = write_image(library_dir() / "IMG_0042.png")
    pane.refresh_library()
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == [old.name], timeout=WAIT_MS)
    click(pane, proxy_index(pane, old, LIBRARY_SECTION))
    moved: list[tuple[Path, Path]] = []
    pane.file_renamed.connect(lambda before, after: moved.append((before, after)))
    shown = answer_rename("sunset")
    QTest.keyClick(pane.view, Qt.Key.Key_F2)
    assert shown == ["IMG_0042"]  # the dialog offers the name without its suffix
    new = library_dir() / "sunset.png"
    wait_for_changes(qtbot, pane)
    assert new.exists() and not old.exists()
    assert moved == [(old, new)]  # the window hears of it, in case that meme is open
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["sunset.png"], timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: current_item(pane) is not None and current_item(pane).path == new,
        timeout=WAIT_MS,
    )
    assert [e.path for e in list_library()] == [new]


def test_a_rename_to_a_taken_name_says_so_and_asks_again(qtbot: QtBot, pane: GalleryPane) -> None:
    meme = write_image(library_dir() / "meme.png")
    taken = write_image(library_dir() / "taken.png", (1, 2, 3))
    pane.refresh_library()
    qtbot.waitUntil(lambda: len(section_titles(pane, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)
    menu = open_context_menu(qtbot, pane, proxy_index(pane, meme, LIBRARY_SECTION))
    first = answer_rename("taken")
    warning = answer_warning()
    retry: list[list[str]] = []

    def after_the_warning() -> None:
        # The same question comes back once the warning is closed: cancel it this time.
        if not warning:
            QTimer.singleShot(10, after_the_warning)
            return
        retry.append(answer_rename(None))

    QTimer.singleShot(0, after_the_warning)
    choose(menu, "Rename…")
    qtbot.waitUntil(lambda: bool(retry) and bool(retry[0]), timeout=WAIT_MS)
    wait_for_changes(qtbot, pane)
    assert first == ["meme"]
    assert "already a meme called “taken.png”" in warning[0]
    assert retry == [["taken"]]  # asked again, with what was typed
    assert meme.exists() and taken.exists()


# -- the library folder changed outside the app -----------------------------------------------


def test_files_added_and_removed_outside_the_app_show_in_my_memes(
    qtbot: QtBot, pane: GalleryPane
) -> None:
    wait_listed(qtbot, pane, LIBRARY_SECTION)
    assert section_titles(pane, LIBRARY_SECTION) == []
    # No refresh is asked for: the folder watcher notices.
    arrived = write_image(library_dir() / "arrived.png")
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["arrived.png"], timeout=WAIT_MS
    )
    make_project(library_dir() / "saved.maskmeme", "Saved elsewhere", "Hello")
    qtbot.waitUntil(
        lambda: sorted(section_titles(pane, LIBRARY_SECTION)) == ["Saved elsewhere", "arrived.png"],
        timeout=WAIT_MS,
    )
    arrived.unlink()
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["Saved elsewhere"], timeout=WAIT_MS
    )
    # And the index knows: a search finds the new project.
    QTest.keyClicks(pane.search, "hello")
    wait_for_the_index(qtbot, pane)
    assert library_titles(pane) == ["Saved elsewhere"]


# -- a large library --------------------------------------------------------------------------


def test_five_thousand_memes_fill_my_memes_while_the_ui_keeps_running(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tiny_png()
    folder = library_dir()
    for n in range(5000):
        path = folder / f"meme {n:04}.png"
        path.write_bytes(data)
        os.utime(path, (1_700_000_000 + n, 1_700_000_000 + n))
    disk = HeldDisk(monkeypatch)  # the first indexing reads every file
    pane = GalleryPane(Settings())
    qtbot.addWidget(pane)
    pane.resize(420, 900)
    pane.show()
    filled = fills_while_listing(qtbot, pane, LIBRARY_SECTION, disk)
    assert filled.count >= 3, "My memes should fill in batch by batch"
    titles = section_titles(pane, LIBRARY_SECTION)
    assert len(titles) == 5000
    assert titles[:2] == ["meme 4999.png", "meme 4998.png"]  # newest first
    assert pane.model.thumbnails.requested < 150  # only what is on screen
    pane.shutdown()


def test_a_favourite_starred_before_the_gallery_opened_shows_its_star(
    qtbot: QtBot, pane: GalleryPane
) -> None:
    loved = write_image(library_dir() / "loved.png", (30, 30, 30))
    library.set_favourite(loved, True)
    pane.refresh_library()
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == ["loved.png"], timeout=WAIT_MS)
    index = proxy_index(pane, loved, LIBRARY_SECTION)
    assert index.data(Role.FAVOURITE) is True
    wait_for_thumbnail(qtbot, pane, loved, LIBRARY_SECTION)  # the star is drawn beside it
    assert gold_pixels(pane, proxy_index(pane, loved, LIBRARY_SECTION)) > 20
