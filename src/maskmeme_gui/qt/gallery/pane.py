"""The gallery pane of the main window: search and filters, sections of thumbnails, a preview.

Above the list: the search box, a "filter by meaning" menu (the meanings of the bundled
knowledge), a Favourites toggle and Add Folder. Searching My memes goes through the library
index (see sources.py); the meaning filter and the toggle apply to every section. Memes of My
memes can be starred, renamed (F2) and removed (Delete) from their context menu
(context_menu.py); file_actions.py makes those changes. A meme's card carries the files
exported from it (its Exports menu), so finding or revealing an export finds that card. Coming
back to the window looks at My memes and the folders again, for files rewritten in place,
which the folder watcher does not report.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.atomic import WriteError
from maskmeme_gui.fileio.settings_file import save_settings
from maskmeme_gui.knowledge import KnowledgeError, load_knowledge
from maskmeme_gui.qt.actions import GALLERY_ACTIONS, make_action
from maskmeme_gui.qt.gallery.changes import LibraryChanges
from maskmeme_gui.qt.gallery.context_menu import GalleryMenu
from maskmeme_gui.qt.gallery.delegate import THUMBNAIL, star_path
from maskmeme_gui.qt.gallery.file_actions import FileActions
from maskmeme_gui.qt.gallery.filter import GalleryFilter
from maskmeme_gui.qt.gallery.items import GalleryItem, LibraryQuery, folder_section_id
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION, GalleryModel, Role
from maskmeme_gui.qt.gallery.preview import GalleryPreview
from maskmeme_gui.qt.gallery.sources import GallerySources
from maskmeme_gui.qt.gallery.view import GalleryView

_log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
"""Typing pauses this long before the list filters, so fast typing stays smooth."""
_LIST_SHARE, _PREVIEW_SHARE = 2, 1
_WIDE_ENOUGH_FOR_WORDS = 380
# Characters of the meaning menu's text shown beside the search box, in a wide or narrow pane.


def _magnifier_icon(palette: QPalette) -> QIcon:
    """A search glass for desktops whose icon theme has none."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(palette.color(QPalette.ColorRole.PlaceholderText), 3.2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(5, 5, 16, 16))
    painter.drawLine(QPointF(19, 19), QPointF(27, 27))
    painter.end()
    return QIcon(pixmap)


def _star_icon(palette: QPalette) -> QIcon:
    """The Favourites toggle's star, drawn as the cards draw theirs."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    star: QPainterPath = star_path(QRectF(3, 3, 26, 26))
    painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 2.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(star)
    painter.end()
    return QIcon(pixmap)


class GalleryPane(QWidget):
    """Templates, My memes and the user's folders, with search and a large preview.

    Signals: `open_requested(GalleryItem)` (Enter, double-click, or the Open menu item),
    `status_message(str)` for the status bar, `templates_ready()` once, when every
    template thumbnail has arrived, and `file_renamed(Path, Path)` / `file_removed(Path)` after
    a meme's file was renamed or removed here (the editor may have that file open).
    """

    open_requested = Signal(object)
    status_message = Signal(str)
    templates_ready = Signal()
    file_renamed = Signal(Path, Path)
    file_removed = Signal(Path)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seen_active = False
        self.setObjectName("galleryPane")
        self._settings = settings
        self._pending_reveal: Path | None = None
        self._announced: set[str] = set()  # folders the user just added: say how many images

        ratio = self.devicePixelRatioF()
        self.model = GalleryModel(round(THUMBNAIL * ratio), ratio, self)
        self.filter = GalleryFilter(self.model, self)
        self.sources = GallerySources(self.model, self)
        self.changes = LibraryChanges(self)
        self.file_actions = FileActions(self.model, self.sources, self.changes, self)
        self._menu = GalleryMenu(self)

        self.search = self._make_search_field()
        self.meaning = self._make_meaning_filter()
        self.favourites_button = self._make_favourites_button()
        self.add_folder_button = self._make_add_folder_button()
        self.view = GalleryView()
        self.view.setModel(self.filter)
        self.preview = GalleryPreview()
        self._lay_out()
        self._add_shortcuts()
        self._connect()

        self.sources.add_templates()
        self.sources.add_library()
        for folder in settings.gallery_folders:
            self.sources.add_folder(Path(folder))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- building -----------------------------------------------------------------------------

    def _make_search_field(self) -> QLineEdit:
        search = QLineEdit()
        search.setPlaceholderText("Search memes, captions, templates")
        search.setClearButtonEnabled(True)
        search.addAction(
            QIcon.fromTheme("edit-find", _magnifier_icon(self.palette())),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        search.installEventFilter(self)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        search.textChanged.connect(self._search_timer.start)
        return search

    def _make_meaning_filter(self) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip("Show only memes with this meaning")
        # It shares its row with two buttons and takes the rest, however long the meanings are.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.addItem("All meanings", None)
        try:
            meanings = load_knowledge().meanings
        except KnowledgeError as exc:  # the filter is a convenience: the gallery goes on
            _log.error("no meanings to filter by: %s", exc)
            meanings = ()
        for meaning in meanings:
            combo.addItem(meaning.title, meaning.id)
            combo.setItemData(combo.count() - 1, meaning.explanation, Qt.ItemDataRole.ToolTipRole)
        # The closed menu may be narrow; its open list shows every meaning in full.
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
        combo.currentIndexChanged.connect(self._apply_search)
        return combo

    def _make_favourites_button(self) -> QToolButton:
        button = QToolButton()
        button.setIcon(QIcon.fromTheme("starred", _star_icon(self.palette())))
        button.setText("Favourites")
        button.setToolTip("Show only your favourite memes")
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.toggled.connect(self._apply_search)
        return button

    def _add_shortcuts(self) -> None:
        """The gallery's keys, from the action table: searching and refreshing anywhere in
        the pane, renaming and removing on its list."""
        slots: dict[str, Callable[[], None]] = {
            "gallery_search": self.focus_search,
            "gallery_refresh": self.refresh_all,
            "gallery_remove": self._remove_selected,
            "gallery_rename": self._rename_selected,
        }
        self.key_actions: dict[str, QAction] = {}
        for spec in GALLERY_ACTIONS:
            owner = self.view if spec.scope == "gallery-list" else self
            action = make_action(owner, spec, slots[spec.id])
            owner.addAction(action)
            self.key_actions[spec.id] = action

    def _make_add_folder_button(self) -> QToolButton:
        button = QToolButton()
        button.setIcon(
            QIcon.fromTheme(
                "folder-new",
                self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder),
            )
        )
        button.setText("Add Folder…")
        button.setToolTip("Add a folder of images to the gallery")
        button.setAutoRaise(True)
        button.clicked.connect(self.choose_folder)
        return button

    def _lay_out(self) -> None:
        # The search box has a row of its own, so its hint is never cut; the filters below it.
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(4)
        filters.addWidget(self.meaning, 1)
        filters.addWidget(self.favourites_button)
        filters.addWidget(self.add_folder_button)

        list_part = QWidget()
        column = QVBoxLayout(list_part)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.search)
        column.addLayout(filters)
        column.addWidget(self.view, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(list_part)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, _LIST_SHARE)
        self.splitter.setStretchFactor(1, _PREVIEW_SHARE)
        # Only proportions matter: the splitter scales them to its height when it is shown.
        self.splitter.setSizes([_LIST_SHARE * 1000, _PREVIEW_SHARE * 1000])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # In a narrow pane the buttons' words would squeeze the meaning menu.
        wide = event.size().width() >= _WIDE_ENOUGH_FOR_WORDS
        style = (
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if wide
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        self.add_folder_button.setToolButtonStyle(style)
        self.favourites_button.setToolButtonStyle(style)

    def _connect(self) -> None:
        self.model.templates_ready.connect(self.templates_ready)
        self.sources.status_message.connect(self.status_message)
        self.sources.library_listed.connect(self._library_listed)
        self.sources.library_matched.connect(self.filter.set_library_matches)
        self.sources.folder_listed.connect(self._folder_listed)
        self.view.item_activated.connect(self._activated)
        self.view.header_clicked.connect(self._toggle_section)
        self.view.context_menu_wanted.connect(self._menu.show)
        self.view.drag_refused.connect(self.status_message)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.file_actions.status_message.connect(self.status_message)
        self.file_actions.file_renamed.connect(self._file_renamed)
        self.file_actions.file_removed.connect(self.file_removed)
        self.file_actions.favourites_shown.connect(self._show_empty_text)
        self.file_actions.favourite_saved.connect(self._favourite_saved)

    # -- public API ---------------------------------------------------------------------------

    def templates_filled(self) -> bool:
        """True once every template thumbnail has arrived (for receivers connected late)."""
        return self.model.templates_are_ready

    def item_count(self) -> int:
        """Items in all sections (templates, My memes, folders), whatever the search shows."""
        return self.model.item_count()

    def refresh_library(self) -> None:
        """List My memes again, e.g. after a save into the library."""
        self.sources.refresh_library()

    def refresh_all(self) -> None:
        """List My memes and every folder again (F5)."""
        for section in self.model.sections():
            self.sources.rescan(section.id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # A file rewritten in place (same name, new content) gives the folder watcher no
        # signal; the user who did it in another program comes back to this window. Unchanged
        # files are only looked at, and an unchanged section keeps its rows, selection and
        # scroll. (The window's activation, not QGuiApplication.applicationStateChanged: a
        # Python slot on that signal made PySide load every widget class before the first
        # paint, costing the start-up several milliseconds.)
        if event.type() != QEvent.Type.ActivationChange or not self.isActiveWindow():
            return
        if not self._seen_active:
            # The window's first activation comes right after start-up's own listings.
            self._seen_active = True
            return
        for section in self.model.sections():
            if section.kind != "templates" and section.state != "loading":
                self.sources.rescan(section.id)

    def add_folder(self, path: str | os.PathLike[str]) -> None:
        """Add a folder section (remembered in the settings); an added one is just shown."""
        folder = Path(os.path.abspath(path))
        if str(folder) in self._settings.gallery_folders:
            self._show_header(folder_section_id(folder))
            self.status_message.emit(f"{folder} is already in the gallery.")
            return
        self._settings.gallery_folders.append(str(folder))
        self._save_settings()
        section_id = self.sources.add_folder(folder)
        self._announced.add(section_id)
        self._show_header(section_id)

    def remove_folder(self, path: str | os.PathLike[str]) -> None:
        """Take a folder section out of the gallery; the files are not touched."""
        folder = Path(os.path.abspath(path))
        if str(folder) not in self._settings.gallery_folders:
            return
        self._settings.gallery_folders.remove(str(folder))
        self._save_settings()
        self.sources.remove_folder(folder)
        self.status_message.emit(
            f"Removed {folder.name or folder} from the gallery (no file was deleted)."
        )

    def reveal(self, path: str | os.PathLike[str]) -> None:
        """Select the item showing `path`, listing My memes again first if needed.

        Meant for a file just saved or exported (and recorded with library.record_export):
        it is selected as soon as it shows up.
        """
        target = Path(os.path.abspath(path))
        self._pending_reveal = target
        self._select_path(target)
        self.sources.refresh_library()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Add a Folder to the Gallery", str(Path.home())
        )
        if folder:
            self.add_folder(folder)

    def selected_item(self) -> GalleryItem | None:
        return (
            self.filter.item_at(self.view.currentIndex())
            if self.view.selectionModel().hasSelection()
            else None
        )

    def shutdown(self) -> None:
        """Stop background work and wait for its threads (called when the app quits)."""
        self.preview.shutdown()
        self.changes.shutdown()
        self.sources.shutdown()
        self.model.thumbnails.shutdown()

    # -- acting on items ----------------------------------------------------------------------

    def open_item(self, item: GalleryItem) -> None:
        self.open_requested.emit(item)

    def _file_renamed(self, before: Path, after: Path) -> None:
        self.reveal(after)
        self.file_renamed.emit(before, after)

    def _favourite_saved(self) -> None:
        if self.filter.favourites_only:
            self._ask_index()  # the index knows the star now

    def _remove_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        if self.view.currentIndex().data(Role.SECTION_ID) == LIBRARY_SECTION:
            self.file_actions.remove_from_library(item)
        else:
            self.status_message.emit("Only memes in My memes can be removed; other files stay.")

    def _rename_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        if self.view.currentIndex().data(Role.SECTION_ID) == LIBRARY_SECTION:
            self.file_actions.rename(item)
        else:
            self.status_message.emit("Only memes in My memes can be renamed here.")

    def _activated(self, index: QModelIndex) -> None:
        item = self.filter.item_at(index)
        if item is not None:
            self.open_item(item)

    def _toggle_section(self, section_id: str) -> None:
        section = self.model.section(section_id)
        if section is not None:
            self.model.set_collapsed(section_id, not section.collapsed)

    # -- selection, search, reveal ------------------------------------------------------------

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        item = self.selected_item()
        self.preview.show_item(item, self.model.thumbnail(item) if item is not None else None)

    def _apply_search(self) -> None:
        text = self.search.text().strip()
        self.filter.set_search(text)
        self.filter.set_meaning(self.meaning.currentData())
        self.filter.set_favourites_only(self.favourites_button.isChecked())
        self._ask_index()
        self._show_empty_text()

    def _show_empty_text(self) -> None:
        """What the list says when the filters leave nothing (stars change it too)."""
        self.view.empty_text = self._empty_text(self.search.text().strip())
        self.view.viewport().update()

    def _ask_index(self) -> None:
        """My memes is searched in the library index; the answer refines the filter."""
        query: LibraryQuery = self.filter.query()
        self.sources.search_library(query)

    def _empty_text(self, text: str) -> str:
        favourites_only = self.favourites_button.isChecked()
        meaning = self.meaning.currentText() if self.meaning.currentData() is not None else None
        if favourites_only and not self._has_favourites():
            return "No favourites yet: right-click a meme in My memes and add it to Favourites."
        among = " among your favourites" if favourites_only else ""
        if text:
            with_meaning = f" with the meaning “{meaning}”" if meaning else ""
            return f"No memes{with_meaning} match “{text}”{among}."
        if meaning is not None:
            if favourites_only:
                return f"None of your favourites has the meaning “{meaning}”."
            return f"No memes with the meaning “{meaning}”."
        return ""

    def _has_favourites(self) -> bool:
        section = self.model.section(LIBRARY_SECTION)
        return section is not None and any(data.favourite for data in section.items)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.view.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _library_listed(self) -> None:
        self._show_empty_text()
        if self._pending_reveal is not None:
            # Found or not, the reveal is over: a later listing must not select it out of
            # the blue.
            self._select_path(self._pending_reveal)
            self._pending_reveal = None

    def _folder_listed(self, section_id: str) -> None:
        if self._pending_reveal is not None and self._select_path(self._pending_reveal):
            self._pending_reveal = None
        section = self.model.section(section_id)
        if section_id in self._announced and section is not None and section.state == "ready":
            self._announced.discard(section_id)
            count = len(section.items)
            noun = "image" if count == 1 else "images"
            self.status_message.emit(f"{section.title}: {count:,} {noun}")

    def _select_path(self, path: Path) -> bool:
        source = self.model.index_of_path(path, LIBRARY_SECTION)
        if not source.isValid():
            source = self.model.index_of_path(path)
        if not source.isValid():
            return False
        self.model.set_collapsed(source.data(Role.SECTION_ID), False)
        index = self.filter.mapFromSource(source)
        if not index.isValid():  # hidden by the search or a filter
            self.search.clear()
            self.meaning.setCurrentIndex(0)
            self.favourites_button.setChecked(False)
            self._apply_search()
            index = self.filter.mapFromSource(source)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.view.scrollTo(index, GalleryView.ScrollHint.PositionAtCenter)
        return True

    def _show_header(self, section_id: str) -> None:
        # After the layout is updated, so a new section has a place to scroll to.
        QTimer.singleShot(0, self, lambda: self._scroll_to_header(section_id))

    def _scroll_to_header(self, section_id: str) -> None:
        index = self.filter.mapFromSource(self.model.header_index(section_id))
        if index.isValid():
            self.view.scrollTo(index, GalleryView.ScrollHint.PositionAtTop)

    def _save_settings(self) -> None:
        try:
            save_settings(self._settings)
        except WriteError as exc:
            self.status_message.emit(f"The gallery folders could not be remembered: {exc}")
