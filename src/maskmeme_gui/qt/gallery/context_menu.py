"""The gallery's context menus: of an item, of a section's header, and of the empty space."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtWidgets import QMenu

from maskmeme_gui.config.paths import library_dir
from maskmeme_gui.qt.gallery.items import GalleryItem
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION, Role

if TYPE_CHECKING:
    from maskmeme_gui.qt.gallery.pane import GalleryPane


class GalleryMenu:
    """Fills and shows the pane's context menu; its items act through the pane."""

    def __init__(self, pane: GalleryPane) -> None:
        self._pane = pane
        # One menu, refilled each time: with a menu deleted on close, PySide 6.11 crashed
        # when the pane was destroyed right after one of the menu's actions ran. The Exports
        # submenu and its one submenu per export are kept and refilled the same way.
        self._menu = QMenu(pane)
        self._exports_menu = QMenu("Exports", self._menu)
        self._export_menus: list[QMenu] = []

    def show(self, index: QModelIndex, at: QPoint) -> None:
        """The menu for the row at `index` of the filter (none: the empty space), at `at`."""
        menu = self._menu
        menu.clear()
        kind = index.data(Role.ROW_KIND) if index.isValid() else None
        if kind == "item":
            self._pane.view.setCurrentIndex(index)
            self._fill_item_menu(menu, index)
        elif kind in ("header", "note"):
            self._fill_section_menu(menu, index.data(Role.SECTION_ID))
        else:
            menu.addAction("Add Folder…", self._pane.choose_folder)
        if not menu.isEmpty():
            menu.popup(at)

    def _fill_item_menu(self, menu: QMenu, index: QModelIndex) -> None:
        item = self._pane.filter.item_at(index)
        assert item is not None
        actions = self._pane.file_actions
        section_id = index.data(Role.SECTION_ID)
        open_action = menu.addAction("Open", lambda: self._pane.open_item(item))
        menu.setDefaultAction(open_action)
        if item.kind != "template":
            menu.addAction("Show in Folder", lambda: actions.show_in_folder(item.path))
        if section_id == LIBRARY_SECTION:
            menu.addSeparator()
            if index.data(Role.FAVOURITE):
                menu.addAction("Remove from Favourites", lambda: actions.set_favourite(item, False))
            else:
                menu.addAction("Add to Favourites", lambda: actions.set_favourite(item, True))
            rename = menu.addAction("Rename…", lambda: actions.rename(item))
            # The key the list's own Rename action has, shown as a reminder.
            rename.setShortcuts(self._pane.key_actions["gallery_rename"].shortcuts())
            if item.exports:
                menu.addMenu(self._fill_exports_menu(item.exports))
            menu.addAction("Remove from Library…", lambda: actions.remove_from_library(item))
        self._add_folder_actions(menu, section_id, separate=True)

    def _fill_exports_menu(self, exports: tuple[GalleryItem, ...]) -> QMenu:
        """A meme's exports, each with what the card of an export of its own would offer."""
        self._exports_menu.clear()
        self._exports_menu.setTitle(f"Exports ({len(exports)})")
        while len(self._export_menus) < len(exports):
            self._export_menus.append(QMenu(self._exports_menu))
        actions = self._pane.file_actions
        for export, submenu in zip(exports, self._export_menus, strict=False):
            submenu.clear()
            submenu.setTitle(export.path.name)
            submenu.setToolTip(str(export.path))
            submenu.addAction("Open", partial(self._pane.open_item, export))
            submenu.addAction("Show in Folder", partial(actions.show_in_folder, export.path))
            submenu.addAction("Rename…", partial(actions.rename, export))
            submenu.addAction("Remove from My memes…", partial(actions.remove_from_library, export))
            self._exports_menu.addMenu(submenu)
        return self._exports_menu

    def _fill_section_menu(self, menu: QMenu, section_id: str) -> None:
        model = self._pane.model
        section = model.section(section_id)
        if section is None:
            return
        if section.collapsed:
            menu.addAction("Expand", lambda: model.set_collapsed(section_id, False))
        else:
            menu.addAction("Collapse", lambda: model.set_collapsed(section_id, True))
        if section.kind == "library":
            actions = self._pane.file_actions
            menu.addAction("Show in Folder", lambda: actions.show_in_folder(library_dir()))
            menu.addAction("Refresh", self._pane.refresh_library)
        self._add_folder_actions(menu, section_id, separate=False)

    def _add_folder_actions(self, menu: QMenu, section_id: str, separate: bool) -> None:
        section = self._pane.model.section(section_id)
        if section is None or section.folder is None:
            return
        folder = section.folder
        if not separate:
            menu.addAction("Show in Folder", lambda: self._pane.file_actions.show_in_folder(folder))
            menu.addAction("Refresh", lambda: self._pane.sources.rescan(section_id))
        menu.addSeparator()
        menu.addAction("Remove Folder from Gallery", lambda: self._pane.remove_folder(folder))
