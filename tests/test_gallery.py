"""The gallery pane, driven as a user would: clicks, keys, typing, context menus."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QDrag, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from dialogs import answer_when_shown
from maskmeme_gui.config.paths import library_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio import batches, library, thumbnails
from maskmeme_gui.fileio.library import record_export
from maskmeme_gui.fileio.library_entries import LibraryEntry
from maskmeme_gui.fileio.newlayers import CLASSIC_SLOTS
from maskmeme_gui.fileio.project import save_project
from maskmeme_gui.fileio.settings_file import load_settings
from maskmeme_gui.fileio.starters import (
    CaptionRequest,
    add_captions,
    document_from_template,
)
from maskmeme_gui.fileio.templates import load_templates
from maskmeme_gui.qt.gallery import TEMPLATE_MIME, GalleryItem, GalleryPane, file_actions
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION, TEMPLATES_SECTION, Role
from maskmeme_gui.qt.gallery.workers import ThumbnailResult

WAIT_MS = 15_000


# -- helpers ----------------------------------------------------------------------------------


def write_image(
    path: Path, colour: tuple[int, int, int] = (200, 40, 40), fmt: str | None = None
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), colour).save(path, fmt)
    return path


def write_gif(path: Path, frames: int = 4) -> Path:
    images = [Image.new("RGB", (40, 40), (40 * n, 80, 200 - 40 * n)) for n in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:], duration=40, loop=0)
    return path


def make_project(path: Path, title: str, caption: str) -> Path:
    doc = document_from_template(load_templates()[0])
    doc.metadata.title = title
    add_captions(doc, [CaptionRequest(caption, slot="top")], CLASSIC_SLOTS)
    save_project(doc, path)
    return path


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "memes"
    write_image(folder / "photo.png")
    write_image(folder / "holiday.jpg", (30, 120, 220))
    write_gif(folder / "crying.gif")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nthis is not a picture")
    (folder / "readme.txt").write_text("not an image")
    return folder


def make_pane(qtbot: QtBot, settings: Settings | None = None) -> GalleryPane:
    pane = GalleryPane(settings or Settings())
    qtbot.addWidget(pane)
    pane.resize(420, 900)
    pane.show()
    qtbot.waitExposed(pane)
    qtbot.waitUntil(pane.templates_filled, timeout=WAIT_MS)
    return pane


@pytest.fixture
def pane(qtbot: QtBot) -> Iterator[GalleryPane]:
    pane = make_pane(qtbot)
    yield pane
    pane.shutdown()


def section_titles(pane: GalleryPane, section_id: str) -> list[str]:
    section = pane.model.section(section_id)
    assert section is not None
    return [data.item.title for data in section.items]


def wait_listed(qtbot: QtBot, pane: GalleryPane, section_id: str) -> None:
    def listed() -> bool:
        section = pane.model.section(section_id)
        return (
            section is not None
            and section.state != "loading"
            and not pane.sources.is_listing(section_id)
        )

    qtbot.waitUntil(listed, timeout=WAIT_MS)


def wait_for_changes(qtbot: QtBot, pane: GalleryPane) -> None:
    """Wait until the changes asked of My memes are made and their outcome handled."""
    qtbot.waitUntil(lambda: not pane.changes.busy, timeout=WAIT_MS)


def folder_id(folder: Path) -> str:
    return f"folder:{folder}"


def visible_items(pane: GalleryPane) -> list[GalleryItem]:
    proxy = pane.filter
    items = (proxy.item_at(proxy.index(row, 0)) for row in range(proxy.rowCount()))
    return [item for item in items if item is not None]


def proxy_index(pane: GalleryPane, path: Path, section_id: str | None = None) -> QModelIndex:
    source = pane.model.index_of_path(path, section_id)
    assert source.isValid(), f"{path} is not in the gallery"
    index = pane.filter.mapFromSource(source)
    assert index.isValid(), f"{path} is filtered out"
    return index


def item_point(pane: GalleryPane, index: QModelIndex) -> QPoint:
    pane.view.scrollTo(index)
    return pane.view.visualRect(index).center()


def wait_for_thumbnail(
    qtbot: QtBot, pane: GalleryPane, path: Path, section_id: str | None = None
) -> None:
    """Wait until the thumbnail of the item showing `path` is in memory, asking for it as
    painting the card would (a card scrolled into view may not be painted yet)."""
    pane.view.scrollTo(proxy_index(pane, path, section_id))

    def landed() -> bool:
        index = proxy_index(pane, path, section_id)
        index.data(Qt.ItemDataRole.DecorationRole)  # asked again while waiting: no new request
        return pane.model.has_thumbnail(pane.filter.mapToSource(index))

    qtbot.waitUntil(landed, timeout=WAIT_MS)


def click(pane: GalleryPane, index: QModelIndex) -> None:
    QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=item_point(pane, index))


def current_item(pane: GalleryPane) -> GalleryItem | None:
    return pane.filter.item_at(pane.view.currentIndex())


def open_context_menu(qtbot: QtBot, pane: GalleryPane, index: QModelIndex) -> QMenu:
    """Right-click: QTest sends the mouse events, the window system would add this one."""
    point = item_point(pane, index)
    viewport = pane.view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.RightButton, pos=point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def choose(menu: QMenu, text: str) -> None:
    (action,) = [a for a in menu.actions() if a.text() == text]
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def answer_next_dialog(button_text: str) -> list[str]:
    """Click `button_text` in the next modal dialog; returns the texts it showed."""
    return answer_dialog_saying("", button_text)


def answer_dialog_saying(words: str, button_text: str) -> list[str]:
    """Click `button_text` in the first modal message box whose text has `words` in it."""
    shown: list[str] = []

    def answer() -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QMessageBox) or words not in dialog.text():
            return False
        shown.append(f"{dialog.text()}\n{dialog.informativeText()}")
        (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == button_text]
        button.click()
        return True

    answer_when_shown(answer)
    return shown


def record_warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Warnings the pane shows are recorded instead (an unexpected one would block a wait)."""
    warnings: list[str] = []

    def warning(_parent: object, _title: str, text: str, *args: object) -> None:
        warnings.append(text)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return warnings


# -- templates --------------------------------------------------------------------------------


def test_the_template_section_lists_every_template_with_its_thumbnail(pane: GalleryPane) -> None:
    templates = load_templates()
    assert section_titles(pane, TEMPLATES_SECTION) == [t.name for t in templates]
    shown = [item for item in visible_items(pane) if item.kind == "template"]
    assert [item.template_id for item in shown] == [t.id for t in templates]
    assert all(item.path == t.image_path for item, t in zip(shown, templates, strict=True))
    for row in range(pane.filter.rowCount()):
        index = pane.filter.index(row, 0)
        if index.data(Role.SECTION_ID) == TEMPLATES_SECTION and index.data(Role.ROW_KIND) == "item":
            assert pane.model.has_thumbnail(pane.filter.mapToSource(index))
    assert pane.item_count() == len(templates)


def test_templates_ready_is_emitted_once_the_thumbnails_arrived(qtbot: QtBot) -> None:
    pane = GalleryPane(Settings())
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.templates_ready, timeout=WAIT_MS):
        pass  # not even shown: the start-up benchmark must not wait for a paint
    assert pane.templates_filled()
    pane.shutdown()


# -- search -----------------------------------------------------------------------------------


def test_typing_in_the_search_box_filters_by_template_keyword(
    qtbot: QtBot, pane: GalleryPane
) -> None:
    templates = load_templates()
    target = next(t for t in templates if t.keywords)
    keyword = max(target.keywords, key=len)
    expected = {
        t.id
        for t in templates
        if any(
            keyword.casefold() in k.casefold() for k in (t.name, t.id, *t.keywords, *t.meaning_tags)
        )
    }
    assert expected != {t.id for t in templates}, "pick a keyword that filters something"

    pane.search.setFocus()
    QTest.keyClicks(pane.search, keyword.upper())  # case does not matter
    qtbot.waitUntil(
        lambda: {i.template_id for i in visible_items(pane)} == expected, timeout=WAIT_MS
    )

    header = pane.filter.index(0, 0)
    assert header.data(Role.ROW_KIND) == "header"
    assert header.data(Role.MATCHES) == len(expected)

    QTest.keyClick(pane.search, Qt.Key.Key_Escape)  # Escape clears the search
    assert pane.search.text() == ""
    qtbot.waitUntil(lambda: len(visible_items(pane)) == len(templates), timeout=WAIT_MS)


def test_search_matches_file_names_and_project_captions(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    make_project(library_dir() / "monday.maskmeme", "Monday mood", "Smiling on the outside")
    pane.refresh_library()
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, LIBRARY_SECTION)
    wait_listed(qtbot, pane, folder_id(mixed_folder))

    QTest.keyClicks(pane.search, "outside smiling")  # every word, in any order
    qtbot.waitUntil(
        lambda: [i.title for i in visible_items(pane)] == ["Monday mood"], timeout=WAIT_MS
    )

    pane.search.clear()
    QTest.keyClicks(pane.search, "holiday")
    qtbot.waitUntil(
        lambda: [i.path.name for i in visible_items(pane)] == ["holiday.jpg"], timeout=WAIT_MS
    )

    pane.search.clear()
    QTest.keyClicks(pane.search, "no such meme")
    qtbot.waitUntil(lambda: pane.filter.rowCount() == 0, timeout=WAIT_MS)
    assert "No memes match" in pane.view.empty_text


def test_ctrl_f_focuses_the_search_box(qtbot: QtBot, pane: GalleryPane) -> None:
    pane.view.setFocus()
    QTest.keySequence(pane.view, "Ctrl+F")
    qtbot.waitUntil(pane.search.hasFocus, timeout=WAIT_MS)


# -- opening ----------------------------------------------------------------------------------


def test_enter_opens_the_selected_template(qtbot: QtBot, pane: GalleryPane) -> None:
    template = load_templates()[1]
    index = proxy_index(pane, template.image_path, TEMPLATES_SECTION)
    click(pane, index)
    with qtbot.waitSignal(pane.open_requested, timeout=WAIT_MS) as opened:
        QTest.keyClick(pane.view, Qt.Key.Key_Return)
    item = opened.args[0]
    assert item == GalleryItem("template", template.image_path, template.id, template.name)


def test_double_click_opens_an_image(qtbot: QtBot, pane: GalleryPane, mixed_folder: Path) -> None:
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    index = proxy_index(pane, mixed_folder / "holiday.jpg")
    point = item_point(pane, index)
    with qtbot.waitSignal(pane.open_requested, timeout=WAIT_MS) as opened:
        # A double-click: a first click, then the second press that Qt reports as double.
        QTest.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        QTest.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    item = opened.args[0]
    assert (item.kind, item.path, item.template_id) == ("image", mixed_folder / "holiday.jpg", None)


def test_the_open_menu_item_opens(qtbot: QtBot, pane: GalleryPane) -> None:
    template = load_templates()[0]
    menu = open_context_menu(qtbot, pane, proxy_index(pane, template.image_path))
    assert "Show in Folder" not in menu_texts(menu)  # templates live inside the app
    with qtbot.waitSignal(pane.open_requested, timeout=WAIT_MS) as opened:
        choose(menu, "Open")
    assert opened.args[0].template_id == template.id


def test_arrow_keys_move_between_items_and_sections_skipping_headers(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    pane.view.setFocus()
    qtbot.waitUntil(pane.view.hasFocus, timeout=WAIT_MS)
    assert current_item(pane) is not None and current_item(pane).kind == "template"

    seen: list[GalleryItem] = []
    for _ in range(12):
        QTest.keyClick(pane.view, Qt.Key.Key_Down)
        item = current_item(pane)
        assert item is not None, "the cursor landed on a header or a note"
        seen.append(item)
    assert {i.kind for i in seen} >= {"template", "image"}  # crossed into the folder section
    QTest.keyClick(pane.view, Qt.Key.Key_End)
    assert current_item(pane).path == mixed_folder / "photo.png"  # last, in name order
    QTest.keyClick(pane.view, Qt.Key.Key_Home)
    assert current_item(pane).template_id == load_templates()[0].id
    QTest.keyClick(pane.view, Qt.Key.Key_Up)  # nothing above the first item
    assert current_item(pane).template_id == load_templates()[0].id


# -- folders ----------------------------------------------------------------------------------


def test_an_added_folder_shows_its_images_and_a_broken_one_safely(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    problems: list[str] = []
    pane.model.thumbnails.loaded.connect(
        lambda r: problems.append(r.problem) if r.problem else None
    )
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    assert section_titles(pane, folder_id(mixed_folder)) == [
        "broken.png",
        "crying.gif",
        "holiday.jpg",
        "photo.png",
    ]
    # Every thumbnail arrives, the broken one too.
    for name in ("broken.png", "crying.gif", "holiday.jpg", "photo.png"):
        wait_for_thumbnail(qtbot, pane, mixed_folder / name)
    broken = proxy_index(pane, mixed_folder / "broken.png")
    assert "broken.png" in broken.data(Role.PROBLEM)
    assert "damaged" in broken.data(Qt.ItemDataRole.ToolTipRole)
    assert any("broken.png" in p for p in problems)


def test_thumbnails_land_in_the_disk_cache_and_a_new_gallery_reuses_them(
    qtbot: QtBot, mixed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_pane(qtbot, Settings(gallery_folders=[str(mixed_folder)]))
    wait_listed(qtbot, first, folder_id(mixed_folder))
    good = [mixed_folder / n for n in ("crying.gif", "holiday.jpg", "photo.png")]
    for path in good:
        wait_for_thumbnail(qtbot, first, path)
    first.shutdown()
    # Whatever the entries' format, one file each.
    cached = [p for p in thumbnails.thumbnail_cache_dir().rglob("*") if p.is_file()]
    assert len(cached) >= len(good) + len(load_templates())

    decoded: list[Path] = []
    original = thumbnails._make_thumbnail
    monkeypatch.setattr(
        thumbnails, "_make_thumbnail", lambda p, s: decoded.append(p) or original(p, s)
    )
    second = make_pane(qtbot, Settings(gallery_folders=[str(mixed_folder)]))
    results: list[ThumbnailResult] = []
    second.model.thumbnails.loaded.connect(results.append)
    wait_listed(qtbot, second, folder_id(mixed_folder))
    for path in good:
        wait_for_thumbnail(qtbot, second, path)
    assert not set(decoded) & set(good)
    assert all(r.from_cache for r in results if r.problem is None)
    second.shutdown()


def test_a_folder_without_images_and_a_missing_folder_say_so(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no pictures here")
    missing = tmp_path / "unplugged"
    pane.add_folder(empty)
    pane.add_folder(missing)
    wait_listed(qtbot, pane, folder_id(empty))
    wait_listed(qtbot, pane, folder_id(missing))
    notes = {
        pane.filter.index(row, 0).data(Role.SECTION_ID): pane.filter.index(row, 0).data()
        for row in range(pane.filter.rowCount())
        if pane.filter.index(row, 0).data(Role.ROW_KIND) == "note"
    }
    assert notes[LIBRARY_SECTION] == "Memes you save or export appear here."
    assert notes[folder_id(empty)] == "No images in this folder."
    assert "does not exist" in notes[folder_id(missing)]


def test_folders_persist_through_settings_and_can_be_removed(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    pane.add_folder(mixed_folder)
    assert load_settings().gallery_folders == [str(mixed_folder)]
    pane.add_folder(mixed_folder)  # twice is once
    assert load_settings().gallery_folders == [str(mixed_folder)]

    again = make_pane(qtbot, load_settings())
    wait_listed(qtbot, again, folder_id(mixed_folder))
    assert len(section_titles(again, folder_id(mixed_folder))) == 4

    header = again.filter.mapFromSource(again.model.header_index(folder_id(mixed_folder)))
    menu = open_context_menu(qtbot, again, header)
    with qtbot.waitSignal(again.status_message, timeout=WAIT_MS) as status:
        choose(menu, "Remove Folder from Gallery")
    assert "no file was deleted" in status.args[0]
    assert again.model.section(folder_id(mixed_folder)) is None
    assert load_settings().gallery_folders == []
    assert (mixed_folder / "photo.png").exists()
    again.shutdown()


def test_a_folder_refills_when_its_files_change(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    click(pane, proxy_index(pane, mixed_folder / "holiday.jpg"))
    write_image(mixed_folder / "new arrival.png")
    (mixed_folder / "photo.png").unlink()
    qtbot.waitUntil(
        lambda: (
            section_titles(pane, folder_id(mixed_folder))
            == ["broken.png", "crying.gif", "holiday.jpg", "new arrival.png"]
        ),
        timeout=WAIT_MS,
    )
    assert current_item(pane).path == mixed_folder / "holiday.jpg"  # the selection stayed


def come_back_to(qtbot: QtBot, pane: GalleryPane) -> None:
    """The user works in another window, then comes back to the gallery's."""
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is elsewhere, timeout=WAIT_MS)
    pane.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pane, timeout=WAIT_MS)


def item_version(pane: GalleryPane, path: Path, section_id: str) -> str:
    source = pane.model.index_of_path(path, section_id)
    data = pane.model.row_data(source.row())
    assert data is not None
    return data.version


def test_files_rewritten_in_place_show_anew_when_the_app_is_active_again(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path
) -> None:
    folder = tmp_path / "pictures"
    photo = write_image(folder / "photo.png", (200, 40, 40))
    other = write_image(folder / "other.png", (0, 0, 0))
    meme = write_image(library_dir() / "meme.png", (200, 40, 40))
    pane.add_folder(folder)
    pane.refresh_library()
    wait_listed(qtbot, pane, folder_id(folder))
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == ["meme.png"], timeout=WAIT_MS)
    wait_listed(qtbot, pane, LIBRARY_SECTION)

    for path in (photo, meme):
        wait_for_thumbnail(qtbot, pane, path)
    click(pane, proxy_index(pane, other))
    before = {
        p: item_version(pane, p, s)
        for p, s in ((photo, folder_id(folder)), (meme, LIBRARY_SECTION))
    }

    # Rewritten in place by another program: the folder watcher may say nothing about that.
    pane.sources._watcher.blockSignals(True)
    for path in (photo, meme):
        write_image(path, (20, 40, 220))
        os.utime(path, (1_900_000_000, 1_900_000_000))
    come_back_to(qtbot, pane)

    for path, section_id in ((photo, folder_id(folder)), (meme, LIBRARY_SECTION)):
        qtbot.waitUntil(
            lambda p=path, s=section_id: item_version(pane, p, s) != before[p], timeout=WAIT_MS
        )

        def blue(p: Path = path) -> bool:
            item = pane.model.item_at(pane.model.index_of_path(p))
            proxy_index(pane, p).data(Qt.ItemDataRole.DecorationRole)  # painted: asked for
            pixmap = pane.model.thumbnail(item) if item is not None else None
            return pixmap is not None and pixmap.toImage().pixelColor(2, 2).blue() > 150

        qtbot.waitUntil(blue, timeout=WAIT_MS)
    assert current_item(pane) is not None and current_item(pane).path == other

    # Back again with nothing changed: no row is replaced, no thumbnail asked for again.
    requested = pane.model.thumbnails.requested
    scrolled = pane.view.verticalScrollBar().value()
    removed: list[int] = []
    pane.model.rowsRemoved.connect(lambda _parent, first, _last: removed.append(first))
    with qtbot.waitSignals(
        [pane.sources.library_listed, pane.sources.folder_listed], timeout=WAIT_MS
    ):
        come_back_to(qtbot, pane)
    assert removed == []
    assert pane.model.thumbnails.requested == requested
    assert current_item(pane).path == other
    assert pane.view.verticalScrollBar().value() == scrolled


def test_show_in_folder_opens_the_file_manager_there(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    menu = open_context_menu(qtbot, pane, proxy_index(pane, mixed_folder / "photo.png"))
    assert menu_texts(menu) == ["Open", "Show in Folder", "Remove Folder from Gallery"]
    choose(menu, "Show in Folder")
    assert opened == [QUrl.fromLocalFile(str(mixed_folder))]


def test_clicking_a_header_folds_and_unfolds_its_section(qtbot: QtBot, pane: GalleryPane) -> None:
    count = len(load_templates())
    header = pane.filter.index(0, 0)
    assert header.data(Role.SECTION_ID) == TEMPLATES_SECTION
    QTest.mouseClick(
        pane.view.viewport(), Qt.MouseButton.LeftButton, pos=pane.view.visualRect(header).center()
    )
    qtbot.waitUntil(
        lambda: not any(i.kind == "template" for i in visible_items(pane)), timeout=WAIT_MS
    )
    assert pane.filter.index(0, 0).data(Role.COLLAPSED) is True
    header = pane.filter.index(0, 0)
    QTest.mouseClick(
        pane.view.viewport(), Qt.MouseButton.LeftButton, pos=pane.view.visualRect(header).center()
    )
    qtbot.waitUntil(
        lambda: sum(i.kind == "template" for i in visible_items(pane)) == count, timeout=WAIT_MS
    )


# -- a big folder -----------------------------------------------------------------------------


def tiny_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (90, 90, 90)).save(buffer, "PNG")
    return buffer.getvalue()


class HeldDisk:
    """A disk whose reading stops at the first file after the first batch, until `release()`:
    what the gallery shows then, it showed while the listing was still under way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.held = threading.Event()
        self._go_on = threading.Event()
        self._read = 0
        describe = library.describe_file

        def held_describe(path: Path) -> LibraryEntry | None:
            self._read += 1  # one listing thread reads the files
            if self._read == batches.FIRST_BATCH + 1:
                self.held.set()
                self._go_on.wait(WAIT_MS / 1000)
            return describe(path)

        monkeypatch.setattr(library, "describe_file", held_describe)

    def release(self) -> None:
        self._go_on.set()


class BatchCount:
    """Counts the batches of items a section receives."""

    def __init__(self, pane: GalleryPane, section_id: str) -> None:
        self.count = 0
        self.pane, self.section_id = pane, section_id
        pane.model.rowsInserted.connect(self._inserted)

    def _inserted(self, _parent: QModelIndex, first: int, _last: int) -> None:
        index = self.pane.model.index(first)
        if index.data(Role.SECTION_ID) == self.section_id and index.data(Role.ROW_KIND) == "item":
            self.count += 1


def fills_while_listing(
    qtbot: QtBot, pane: GalleryPane, section_id: str, disk: HeldDisk
) -> BatchCount:
    """The section shows its first batch while its listing is held at the next file, then,
    released, fills batch by batch."""
    batch_count = BatchCount(pane, section_id)
    section = pane.model.section(section_id)
    assert section is not None
    qtbot.waitUntil(
        lambda: disk.held.is_set() and len(section.items) == batches.FIRST_BATCH, timeout=WAIT_MS
    )
    assert pane.sources.is_listing(section_id)  # the GUI ran on while the listing was held
    disk.release()
    wait_listed(qtbot, pane, section_id)
    return batch_count


def test_five_thousand_images_fill_in_while_the_ui_keeps_running(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "camera roll"
    folder.mkdir()
    data = tiny_png()
    for n in range(5000):
        (folder / f"IMG_{n:04}.png").write_bytes(data)
    disk = HeldDisk(monkeypatch)
    section_id = folder_id(folder)
    requested_before = pane.model.thumbnails.requested
    pane.add_folder(folder)
    assert pane.model.section(section_id).items == []  # add_folder returned before listing
    filled = fills_while_listing(qtbot, pane, section_id, disk)
    assert filled.count >= 3, "the section should fill in batch by batch"
    assert len(pane.model.section(section_id).items) == 5000
    # Only what is on screen asked for a thumbnail.
    assert pane.model.thumbnails.requested - requested_before < 100


# -- viewing ----------------------------------------------------------------------------------


def test_selecting_an_animated_gif_plays_it_and_another_selection_stops_it(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    click(pane, proxy_index(pane, mixed_folder / "crying.gif"))
    preview = pane.preview
    qtbot.waitUntil(lambda: preview.frame_count == 4 and preview.is_playing(), timeout=WAIT_MS)
    assert "4 frames" in preview.details
    seen = {preview.frame_index}
    qtbot.waitUntil(lambda: seen.add(preview.frame_index) or len(seen) >= 3, timeout=WAIT_MS)

    pane.hide()  # nobody watching: the animation pauses
    assert not preview.is_playing()
    pane.show()
    qtbot.waitUntil(preview.is_playing, timeout=WAIT_MS)

    click(pane, proxy_index(pane, mixed_folder / "photo.png"))
    qtbot.waitUntil(
        lambda: (
            preview.item is not None
            and preview.item.path.name == "photo.png"
            and not preview.is_loading()
        ),
        timeout=WAIT_MS,
    )
    assert preview.frame_count == 1 and not preview.is_playing()
    assert preview.details.startswith("64 \N{MULTIPLICATION SIGN} 48 · PNG")


def test_an_animated_meme_saved_as_a_project_plays_in_the_preview(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path
) -> None:
    from maskmeme_gui.fileio.newlayers import tear_stream
    from maskmeme_gui.fileio.starters import document_from_image_bytes

    folder = tmp_path / "memes"
    folder.mkdir()
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 170, 150)).save(buffer, "PNG")
    doc = document_from_image_bytes(buffer.getvalue(), "still.png")
    tear = tear_stream(doc, [(150.0, 60.0), (154.0, 120.0), (160.0, 180.0)], seed=3)
    tear.flow = True  # flowing tears make the still photo an animation
    doc.layers.append(tear)
    save_project(doc, folder / "flowing.maskmeme")
    pane.add_folder(folder)
    wait_listed(qtbot, pane, folder_id(folder))
    click(pane, proxy_index(pane, folder / "flowing.maskmeme"))
    preview = pane.preview
    qtbot.waitUntil(lambda: preview.frame_count == 25 and preview.is_playing(), timeout=WAIT_MS)
    assert preview.details == "maskmeme project · 25 frames"


def test_selecting_a_broken_file_shows_why_instead_of_crashing(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    click(pane, proxy_index(pane, mixed_folder / "broken.png"))
    qtbot.waitUntil(lambda: "cannot be shown" in pane.preview.message, timeout=WAIT_MS)
    assert "broken.png" in pane.preview.message and pane.preview.frame_count == 0


# -- dragging ---------------------------------------------------------------------------------


def drag_with_the_mouse(
    qtbot: QtBot, pane: GalleryPane, index: QModelIndex, monkeypatch: pytest.MonkeyPatch
) -> QDrag:
    """Press on the item and move away; returns the QDrag the system would have run."""
    started: list[QDrag] = []

    def fake_exec(drag: QDrag, *args: object) -> Qt.DropAction:
        started.append(drag)
        return Qt.DropAction.CopyAction

    monkeypatch.setattr(QDrag, "exec", fake_exec)
    viewport = pane.view.viewport()
    start = item_point(pane, index)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    away = start + QPoint(QApplication.startDragDistance() * 3, 0)
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(away),
        QPointF(viewport.mapToGlobal(away)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)
    qtbot.waitUntil(lambda: bool(started), timeout=WAIT_MS)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=away)
    return started[0]


def test_a_dragged_template_carries_its_id_and_file_url(
    qtbot: QtBot, pane: GalleryPane, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = load_templates()[2]
    drag = drag_with_the_mouse(qtbot, pane, proxy_index(pane, template.image_path), monkeypatch)
    mime = drag.mimeData()
    assert bytes(mime.data(TEMPLATE_MIME).data()).decode() == template.id
    assert mime.urls() == [QUrl.fromLocalFile(str(template.image_path))]
    assert not drag.pixmap().isNull()  # the thumbnail follows the pointer
    assert not pane.filter.index(0, 0).flags() & Qt.ItemFlag.ItemIsDragEnabled  # a header


def test_a_dragged_image_carries_only_its_file_url(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    index = proxy_index(pane, mixed_folder / "crying.gif")
    mime = drag_with_the_mouse(qtbot, pane, index, monkeypatch).mimeData()
    assert mime.urls() == [QUrl.fromLocalFile(str(mixed_folder / "crying.gif"))]
    assert not mime.hasFormat(TEMPLATE_MIME)


# -- My memes ---------------------------------------------------------------------------------


def test_remove_from_library_asks_then_uses_the_trash(
    qtbot: QtBot, pane: GalleryPane, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep = write_image(library_dir() / "keep.png")
    doomed = write_image(library_dir() / "doomed.png")
    trashed: list[Path] = []

    def fake_trash(path: Path) -> bool:
        trashed.append(path)
        path.unlink()
        return True

    monkeypatch.setattr(file_actions, "move_to_trash", fake_trash)
    pane.refresh_library()
    qtbot.waitUntil(lambda: len(section_titles(pane, LIBRARY_SECTION)) == 2, timeout=WAIT_MS)

    # Cancel first: nothing happens.
    menu = open_context_menu(qtbot, pane, proxy_index(pane, doomed, LIBRARY_SECTION))
    assert menu_texts(menu) == [
        "Open",
        "Show in Folder",
        "Add to Favourites",
        "Rename…",
        "Remove from Library…",
    ]
    answer_next_dialog("Cancel")
    choose(menu, "Remove from Library…")
    assert trashed == [] and doomed.exists()

    # Then the Delete key, which asks the same question.
    pane.activateWindow()  # back from the dialog, as the window manager would do
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pane, timeout=WAIT_MS)
    click(pane, proxy_index(pane, doomed, LIBRARY_SECTION))
    removed: list[Path] = []
    pane.file_removed.connect(removed.append)
    shown = answer_next_dialog("Move to Trash")
    QTest.keyClick(pane.view, Qt.Key.Key_Delete)
    assert "doomed.png" in shown[0] and "trash" in shown[0]
    wait_for_changes(qtbot, pane)
    assert trashed == [doomed]
    assert removed == [doomed]  # the window hears of it, in case that meme is open
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == ["keep.png"], timeout=WAIT_MS)
    assert keep.exists()


def test_remove_from_library_moves_the_file_to_the_real_trash(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # QFile.moveToTrash itself, into a trash folder of this test's own.
    home = tmp_path / "home"
    data_home = home / ".local" / "share"
    data_home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    warnings = record_warnings(monkeypatch)
    doomed = write_image(library_dir() / "doomed.png")
    pane.refresh_library()
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["doomed.png"], timeout=WAIT_MS
    )

    menu = open_context_menu(qtbot, pane, proxy_index(pane, doomed, LIBRARY_SECTION))
    answer_next_dialog("Move to Trash")
    choose(menu, "Remove from Library…")
    wait_for_changes(qtbot, pane)
    assert warnings == []
    assert not doomed.exists()
    assert (data_home / "Trash" / "files" / "doomed.png").exists()
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == [], timeout=WAIT_MS)


@pytest.mark.parametrize("answer", ["Delete Permanently", "Cancel"])
def test_without_a_trash_removing_offers_to_delete_permanently(
    answer: str, qtbot: QtBot, pane: GalleryPane, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What QFile.moveToTrash answers for a file with no trash on its disk.
    monkeypatch.setattr(file_actions.QFile, "moveToTrash", lambda path: False)
    warnings = record_warnings(monkeypatch)
    doomed = write_image(library_dir() / "doomed.png")
    pane.refresh_library()
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["doomed.png"], timeout=WAIT_MS
    )

    menu = open_context_menu(qtbot, pane, proxy_index(pane, doomed, LIBRARY_SECTION))
    answer_dialog_saying("to the trash?", "Move to Trash")
    second = answer_dialog_saying("permanently", answer)
    with qtbot.waitSignal(pane.status_message, timeout=WAIT_MS) as status:
        choose(menu, "Remove from Library…")
    wait_for_changes(qtbot, pane)
    assert "cannot be moved to the trash" in second[0]
    assert "cannot be restored" in second[0]
    assert warnings == []
    if answer == "Cancel":
        assert doomed.exists()
        assert "Kept doomed.png" in status.args[0]
        assert section_titles(pane, LIBRARY_SECTION) == ["doomed.png"]
    else:
        assert not doomed.exists()
        assert "Removed doomed.png" in status.args[0]
        qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == [], timeout=WAIT_MS)


def test_delete_leaves_templates_and_folder_files_alone(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_actions, "move_to_trash", lambda p: pytest.fail("nothing to trash"))
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    click(pane, proxy_index(pane, mixed_folder / "photo.png"))
    with qtbot.waitSignal(pane.status_message, timeout=WAIT_MS) as status:
        QTest.keyClick(pane.view, Qt.Key.Key_Delete)
    assert "Only memes in My memes" in status.args[0]
    assert (mixed_folder / "photo.png").exists()


def test_f5_lists_my_memes_and_the_folders_again(
    qtbot: QtBot, pane: GalleryPane, mixed_folder: Path
) -> None:
    pane.add_folder(mixed_folder)
    wait_listed(qtbot, pane, folder_id(mixed_folder))
    with (
        qtbot.waitSignal(pane.sources.library_listed, timeout=WAIT_MS),
        qtbot.waitSignal(pane.sources.folder_listed, timeout=WAIT_MS) as folder,
    ):
        QTest.keyClick(pane.view, Qt.Key.Key_F5)
    assert folder.args == [folder_id(mixed_folder)]


def test_removing_an_export_from_the_library_keeps_the_file(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = write_image(tmp_path / "desktop" / "shared.png")
    record_export(exported)
    monkeypatch.setattr(
        file_actions, "move_to_trash", lambda p: pytest.fail("must not trash an export")
    )
    pane.refresh_library()
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["shared.png"], timeout=WAIT_MS
    )
    menu = open_context_menu(qtbot, pane, proxy_index(pane, exported, LIBRARY_SECTION))
    shown = answer_next_dialog("Remove")
    choose(menu, "Remove from Library…")
    assert "stays in" in shown[0]
    qtbot.waitUntil(lambda: section_titles(pane, LIBRARY_SECTION) == [], timeout=WAIT_MS)
    assert exported.exists()


def test_reveal_selects_a_recorded_export_in_my_memes(
    qtbot: QtBot, pane: GalleryPane, tmp_path: Path
) -> None:
    exported = write_image(tmp_path / "out" / "meme.jpg", fmt="JPEG")
    record_export(exported)
    QTest.keyClicks(pane.search, "masked")  # a search that hides it must not stop the reveal
    qtbot.waitUntil(lambda: pane.filter.search == "masked", timeout=WAIT_MS)
    pane.reveal(exported)
    qtbot.waitUntil(
        lambda: current_item(pane) is not None and current_item(pane).path == exported,
        timeout=WAIT_MS,
    )
    assert pane.view.currentIndex().data(Role.SECTION_ID) == LIBRARY_SECTION
    assert pane.selected_item() == current_item(pane)
    qtbot.waitUntil(
        lambda: pane.preview.item is not None and pane.preview.item.path == exported,
        timeout=WAIT_MS,
    )


def test_saved_projects_show_their_title_in_my_memes(qtbot: QtBot, pane: GalleryPane) -> None:
    path = make_project(library_dir() / "tuesday.maskmeme", "Tuesday feelings", "Totally fine")
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["Tuesday feelings"], timeout=WAIT_MS
    )
    index = proxy_index(pane, path, LIBRARY_SECTION)
    assert index.data(Role.ITEM).kind == "project"
    assert index.data(Role.ITEM).path == path
    wait_for_thumbnail(qtbot, pane, path, LIBRARY_SECTION)
    assert proxy_index(pane, path, LIBRARY_SECTION).data(Role.PROBLEM) is None


def test_the_first_activation_lists_nothing_again_and_coming_back_does(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = GalleryPane(Settings())
    qtbot.addWidget(pane)
    rescanned: list[str] = []
    rescan = pane.sources.rescan
    monkeypatch.setattr(pane.sources, "rescan", lambda sid: (rescanned.append(sid), rescan(sid)))
    wait_listed(qtbot, pane, LIBRARY_SECTION)  # before the window is first active
    pane.show()
    pane.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is pane, timeout=WAIT_MS)
    assert rescanned == []  # start-up's own listing is fresh
    come_back_to(qtbot, pane)
    assert rescanned == [LIBRARY_SECTION]
    pane.shutdown()
