"""What the gallery does to files: show one in its folder, and star, rename or remove a meme of
My memes.

Stars, renames and removals are made off the GUI thread, in order (see changes.py); a star
shows at once and goes again if it cannot be saved, and any failure is explained when it comes
back. Removing asks first, and where the system has no trash it offers to delete permanently,
after asking again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFile, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from maskmeme_gui.fileio.library import (
    LibraryError,
    TrashUnavailable,
    is_library_file,
    remove_from_library,
    rename_in_library,
    set_favourite,
)
from maskmeme_gui.qt.gallery.changes import LibraryChanges
from maskmeme_gui.qt.gallery.items import GalleryItem
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION, GalleryModel
from maskmeme_gui.qt.gallery.sources import GallerySources

log = logging.getLogger(__name__)


def move_to_trash(path: Path) -> bool:
    """Move a file to the desktop's trash; False when the system has none or refuses."""
    answer: object = QFile.moveToTrash(str(path))
    # PySide6 6.11 returns a plain bool; other versions return (moved, place in the trash).
    if isinstance(answer, tuple):
        answer = answer[0] if answer else False
    return bool(answer)


class FileActions(QObject):
    """The gallery's actions on files; dialogs open over `parent_widget`.

    Signals: `status_message(str)` for the status bar; `file_renamed(Path, Path)` and
    `file_removed(Path)` after a meme's file was renamed or removed (the editor may have that
    file open); `favourites_shown()` when a star was shown or taken back (what an empty list
    says may change); `favourite_saved()` once a star is on disk (the index knows it).
    """

    status_message = Signal(str)
    file_renamed = Signal(Path, Path)
    file_removed = Signal(Path)
    favourites_shown = Signal()
    favourite_saved = Signal()

    def __init__(
        self,
        model: GalleryModel,
        sources: GallerySources,
        changes: LibraryChanges,
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self._model = model
        self._sources = sources
        self._changes = changes
        self._parent_widget = parent_widget

    def show_in_folder(self, path: Path) -> None:
        folder = path if path.is_dir() else path.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.status_message.emit(f"Could not open the folder {folder}.")

    def remove_from_library(self, item: GalleryItem) -> None:
        """Ask, then move a library file to the trash or forget an export."""
        name = item.path.name
        if is_library_file(item.path):
            text = f"Move “{name}” to the trash?"
            detail = "It disappears from My memes. You can restore it from the trash."
            if item.exports:
                detail += " Its exports stay where they are and show on their own."
            verb = "Move to Trash"
        else:
            text = f"Remove “{name}” from My memes?"
            detail = f"The file itself stays in {item.path.parent}."
            verb = "Remove"
        if self._confirm("Remove from My memes", text, detail, verb):
            self._remove(item, permanently=False)

    def _remove(self, item: GalleryItem, permanently: bool) -> None:
        path = item.path
        self._changes.submit(
            lambda: remove_from_library(path, move_to_trash, permanently=permanently),
            lambda _none: self._removed(item),
            lambda error: self._remove_failed(item, error),
        )

    def _removed(self, item: GalleryItem) -> None:
        self.status_message.emit(f"Removed {item.path.name} from My memes.")
        self._sources.refresh_library()
        if not item.path.exists():  # a forgotten export keeps its file
            self.file_removed.emit(item.path)

    def _remove_failed(self, item: GalleryItem, error: LibraryError) -> None:
        name = item.path.name
        if isinstance(error, TrashUnavailable):
            # As file managers do where there is no trash: offer to delete for good, saying
            # plainly that it cannot be undone, with Cancel as the default answer.
            text = f"“{name}” cannot be moved to the trash. Delete it permanently?"
            detail = (
                "There is no trash for the library folder on this system. "
                "A meme deleted permanently cannot be restored."
            )
            if self._confirm("Delete Permanently", text, detail, "Delete Permanently"):
                self._remove(item, permanently=True)
            else:
                self.status_message.emit(f"Kept {name}: it could not be moved to the trash.")
            return
        self._warn("Remove from My memes", str(error))
        self.status_message.emit(str(error))

    def _warn(self, title: str, message: str) -> None:
        """Say it in a dialog, and in the log, so that a bug report has it too."""
        log.warning("%s: %s", title, message)
        QMessageBox.warning(self._parent_widget, title, message)

    def set_favourite(self, item: GalleryItem, favourite: bool) -> None:
        """Star or unstar a meme of My memes (its card shows the star at once)."""
        path = item.path
        self._model.set_favourite(LIBRARY_SECTION, path, favourite)
        self._sources.favourite_changing(path, favourite)
        self.favourites_shown.emit()
        self._changes.submit(
            lambda: set_favourite(path, favourite),
            lambda _none: self._favourite_saved(item, favourite),
            lambda error: self._favourite_failed(item, favourite, error),
        )

    def _favourite_saved(self, item: GalleryItem, favourite: bool) -> None:
        self._sources.favourite_settled(item.path, favourite)
        where = "to" if favourite else "from"
        self.status_message.emit(
            f"{'Added' if favourite else 'Removed'} {item.title} {where} favourites."
        )
        self.favourite_saved.emit()

    def _favourite_failed(self, item: GalleryItem, favourite: bool, error: LibraryError) -> None:
        self._sources.favourite_settled(item.path, not favourite)
        self._model.set_favourite(LIBRARY_SECTION, item.path, not favourite)
        self.favourites_shown.emit()
        self._warn("Favourites", str(error))
        self.status_message.emit(str(error))

    def rename(self, item: GalleryItem) -> None:
        """Ask for a new name, then rename the meme's file (its suffix stays) and, for a
        project, its title: the name its card shows is the one offered."""
        self._ask_new_name(item, item.title if item.kind == "project" else item.path.stem)

    def _ask_new_name(self, item: GalleryItem, offered: str) -> None:
        suffix = item.path.suffix
        shown = item.title if item.kind == "project" else item.path.name
        dialog = QInputDialog(self._parent_widget)
        dialog.setWindowTitle("Rename")
        dialog.setLabelText(f"New name for “{shown}” (it stays a {suffix} file):")
        dialog.setTextValue(offered)
        dialog.setOkButtonText("Rename")
        try:
            accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
            typed = dialog.textValue()
        finally:
            dialog.deleteLater()
        if not accepted:
            return
        path = item.path
        self._changes.submit(
            lambda: rename_in_library(path, typed),
            lambda renamed: self._renamed(item, renamed),
            lambda error: self._rename_failed(item, typed, error),
        )

    def _renamed(self, item: GalleryItem, renamed: Path) -> None:
        # Emitted for the same path too: a project keeping its file name may get a new title.
        if item.kind == "project":
            self.status_message.emit(f"Renamed “{item.title}” to “{renamed.stem}”.")
        else:
            self.status_message.emit(f"Renamed {item.path.name} to {renamed.name}.")
        self.file_renamed.emit(item.path, renamed)

    def _rename_failed(self, item: GalleryItem, typed: str, error: LibraryError) -> None:
        # Ask again with the typed name kept: a clash is fixed with one more edit.
        self._warn("Rename", str(error))
        self._ask_new_name(item, typed)

    def _confirm(self, title: str, text: str, detail: str, verb: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self._parent_widget)
        box.setInformativeText(detail)
        confirm = box.addButton(verb, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is confirm
