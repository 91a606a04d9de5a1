"""Where the gallery's sections get their items: templates, My memes, and the user's folders.

Listings run in a thread pool. A folder's first listing fills its section batch by batch; later
listings (after the folder changed on disk) replace the section's items in one step, so the
view does not flicker. My memes comes from the library index, which each listing first brings
up to date with the files (only new and changed files are read); an empty section fills batch
by batch as the index does. The user's folders and the library folder are watched and listed
again shortly after they change. Searching My memes asks the index, in the same pool. A star
the user sets wins over what a listing read before the star was saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from maskmeme_gui.config.paths import library_dir
from maskmeme_gui.fileio.library import group_exports, search_library, sync_library
from maskmeme_gui.fileio.library_entries import LibraryEntry
from maskmeme_gui.fileio.templates import TemplateCatalogueError, load_templates
from maskmeme_gui.locate import MissingResourceError
from maskmeme_gui.qt.gallery.items import (
    ItemData,
    LibraryQuery,
    entry_data,
    folder_section_id,
    template_data,
)
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION, TEMPLATES_SECTION, GalleryModel
from maskmeme_gui.qt.gallery.workers import FolderScan, ScanOutcome, owned_task
from maskmeme_gui.qt.workers import Task, TaskControl, WorkerPool

_log = logging.getLogger(__name__)

RESCAN_DELAY_MS = 400
"""Wait this long after a folder changes, so a burst of changes costs one listing."""


class GallerySources(QObject):
    status_message = Signal(str)
    library_listed = Signal()
    """My memes has been listed again (reveal() waits for it)."""
    library_matched = Signal(object, object)
    """The index answered a search of My memes: (LibraryQuery, frozenset of paths)."""
    folder_listed = Signal(str)
    """A folder section (its id) is complete."""

    def __init__(self, model: GalleryModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._pool = WorkerPool(2, "maskmeme-scan")
        self._tasks: dict[str, Task] = {}  # one per section, started again for each listing
        self._fresh: dict[str, list[ItemData]] = {}  # items of a listing replacing a section
        self._again: set[str] = set()  # sections that changed while being listed
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._timers: dict[str, QTimer] = {}
        self._search = _LibrarySearch()
        self._search_task = owned_task(self._search, self)
        self._search_task.succeeded.connect(self._library_searched)
        self._search_task.failed.connect(self._search_failed)
        self._wanted_query: LibraryQuery | None = None
        self._filling_library = False
        # Stars the user set, which a listing may not know yet: path -> (favourite, number of
        # the last listing started before the star reached the disk, or None while it has
        # not). A listing read before then would undo the star on screen, so its flag wins
        # until a listing started after it is done.
        self._stars: dict[str, tuple[bool, int | None]] = {}
        self._listings_started = 0
        self._listing_now = 0

    # -- templates ----------------------------------------------------------------------------

    def add_templates(self) -> None:
        self._model.add_section(TEMPLATES_SECTION, "templates", "Templates")
        try:
            templates = load_templates()
        except (TemplateCatalogueError, MissingResourceError, OSError) as exc:
            _log.error("built-in templates unavailable: %s", exc)
            self._model.set_state(TEMPLATES_SECTION, "missing")
            self.status_message.emit(f"The built-in templates could not be loaded: {exc}")
        else:
            self._model.append_items(TEMPLATES_SECTION, [template_data(t) for t in templates])
            self._model.set_state(TEMPLATES_SECTION, "ready")
        self._model.request_template_thumbnails()

    # -- My memes -----------------------------------------------------------------------------

    def add_library(self) -> None:
        self._model.add_section(LIBRARY_SECTION, "library", "My memes")
        self._watch(library_dir())
        self.refresh_library()

    def refresh_library(self) -> None:
        task = self._tasks.get(LIBRARY_SECTION)
        if task is None:
            task = self._new_task(LIBRARY_SECTION, _list_library)
            task.progress.connect(self._library_batch)
            task.succeeded.connect(self._library_done)
        if task.is_running:
            self._again.add(LIBRARY_SECTION)  # list again once this listing is done
            return
        # An empty section fills batch by batch; one with items is replaced in one step at
        # the end, so a refresh does not flicker.
        section = self._model.section(LIBRARY_SECTION)
        self._filling_library = section is not None and not section.items
        self._listings_started += 1
        self._listing_now = self._listings_started
        task.start(self._pool)

    def favourite_changing(self, path: Path, favourite: bool) -> None:
        """The user starred or unstarred `path`; listings show that until it is on disk."""
        self._stars[str(path)] = (favourite, None)

    def favourite_settled(self, path: Path, favourite: bool) -> None:
        """The star of `path` is now `favourite` on disk (the change was saved, or failed)."""
        self._stars[str(path)] = (favourite, self._listings_started)

    def _library_items(self, entries: list[LibraryEntry]) -> list[ItemData]:
        items = [entry_data(e) for e in entries]
        if not self._stars:
            return items
        starred = (self._stars.get(str(d.item.path)) for d in items)
        return [
            d if star is None or star[0] == d.favourite else replace(d, favourite=star[0])
            for d, star in zip(items, starred, strict=True)
        ]

    def _library_batch(self, batch: list[LibraryEntry]) -> None:
        if self._sending_section() == LIBRARY_SECTION and self._filling_library:
            self._model.append_items(LIBRARY_SECTION, self._library_items(batch))

    def _library_done(self, entries: list[LibraryEntry]) -> None:
        if self._sending_section() != LIBRARY_SECTION:
            return
        self._model.replace_items(LIBRARY_SECTION, self._library_items(entries))
        # This listing started after these stars were saved: it read them from the disk.
        self._stars = {
            path: star
            for path, star in self._stars.items()
            if star[1] is None or star[1] >= self._listing_now
        }
        self._model.set_state(LIBRARY_SECTION, "ready")
        self.library_listed.emit()
        if self._wanted_query is not None:
            self.search_library(self._wanted_query)  # the index changed: ask it again
        if LIBRARY_SECTION in self._again:
            self._again.discard(LIBRARY_SECTION)
            self.refresh_library()

    def search_library(self, query: LibraryQuery) -> None:
        """Ask the index which memes of My memes match; answered by `library_matched`."""
        self._wanted_query = None if query.is_empty else query
        if self._wanted_query is None:
            return
        if self._search_task.is_running:
            return  # the answer that arrives asks again for the newest query
        self._search.query = query
        self._search_task.start(self._pool)

    def _library_searched(self, answer: tuple[LibraryQuery, frozenset[str]]) -> None:
        query, paths = answer
        if query == self._wanted_query:
            self.library_matched.emit(query, paths)
        elif self._wanted_query is not None:
            self.search_library(self._wanted_query)

    def _search_failed(self, error: BaseException) -> None:
        # search_library never raises for any text: this is a bug, kept out of the user's way.
        _log.error("searching My memes failed", exc_info=error)

    # -- folders ------------------------------------------------------------------------------

    def add_folder(self, folder: Path) -> str:
        section_id = folder_section_id(folder)
        self._model.add_section(section_id, "folder", folder.name or str(folder), folder)
        self._watch(folder)
        self._list_folder(section_id, folder, progressive=True)
        return section_id

    def remove_folder(self, folder: Path) -> None:
        section_id = folder_section_id(folder)
        task = self._tasks.pop(section_id, None)
        if task is not None and task.is_running:
            task.cancel()  # what it still delivers is ignored: it is no section's task now
        self._fresh.pop(section_id, None)
        self._again.discard(section_id)
        timer = self._timers.pop(section_id, None)
        if timer is not None:
            timer.stop()
        self._unwatch(folder)
        self._model.remove_section(section_id)

    def rescan(self, section_id: str) -> None:
        """List a section again (My memes or a folder), e.g. after it changed on disk."""
        if section_id == LIBRARY_SECTION:
            self.refresh_library()
            return
        section = self._model.section(section_id)
        if section is None or section.folder is None:
            return
        if self.is_listing(section_id):
            self._again.add(section_id)
            return
        self._list_folder(section_id, section.folder, progressive=False)

    def is_listing(self, section_id: str) -> bool:
        task = self._tasks.get(section_id)
        return task is not None and task.is_running

    def _list_folder(self, section_id: str, folder: Path, progressive: bool) -> None:
        if not progressive:
            self._fresh[section_id] = []
        task = self._tasks.get(section_id)
        if task is None:
            task = self._new_task(section_id, FolderScan(folder))
            task.progress.connect(self._folder_batch)
            task.succeeded.connect(self._folder_done)
        task.start(self._pool)

    def _new_task(self, section_id: str, work: Callable[[TaskControl], Any]) -> Task:
        # Bound methods, so Qt drops the connections if this object goes first; the slots
        # find their section from the sending task.
        task = owned_task(work, self)
        task.failed.connect(self._failed)
        self._tasks[section_id] = task
        return task

    def _sending_section(self) -> str | None:
        """The section whose current listing sent the signal; None for a stale listing."""
        task = self.sender()
        return next((s for s, t in self._tasks.items() if t is task), None)

    def _folder_batch(self, batch: list[LibraryEntry]) -> None:
        section_id = self._sending_section()
        if section_id is None:
            return
        items = [entry_data(e) for e in batch]
        if section_id in self._fresh:
            self._fresh[section_id].extend(items)
        else:
            self._model.append_items(section_id, items)

    def _folder_done(self, outcome: ScanOutcome) -> None:
        section_id = self._sending_section()
        if section_id is None:
            return
        fresh = self._fresh.pop(section_id, None)
        if outcome.problem is not None:
            self._model.replace_items(section_id, [])
            self._model.set_state(section_id, "missing", outcome.problem)
        else:
            if fresh is not None:
                self._model.replace_items(section_id, fresh)
            self._model.set_state(section_id, "ready")
        self.folder_listed.emit(section_id)
        if section_id in self._again:
            self._again.discard(section_id)
            self.rescan(section_id)

    def _failed(self, error: BaseException) -> None:
        section_id = self._sending_section()
        if section_id is not None:
            _log.error("listing %s failed", section_id, exc_info=error)
            self._fresh.pop(section_id, None)
            self._model.set_state(section_id, "missing", f"Could not list this folder: {error}")

    # -- watching -----------------------------------------------------------------------------

    def _watch(self, folder: Path) -> None:
        if folder.is_dir() and str(folder) not in self._watcher.directories():
            self._watcher.addPath(str(folder))

    def _unwatch(self, folder: Path) -> None:
        if str(folder) in self._watcher.directories():
            self._watcher.removePath(str(folder))

    def _folder_changed(self, path: str) -> None:
        folder = Path(path)
        section_id = LIBRARY_SECTION if folder == library_dir() else folder_section_id(folder)
        timer = self._timers.get(section_id)
        if timer is None:
            timer = QTimer(self, singleShot=True, interval=RESCAN_DELAY_MS)
            timer.timeout.connect(lambda: self.rescan(section_id))
            self._timers[section_id] = timer
        timer.start()

    # -- shutting down ------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop listings and wait for the threads: call before the app quits."""
        for task in self._tasks.values():
            if task.is_running:
                task.cancel()
        self._tasks.clear()
        self._wanted_query = None
        self._pool.wait_for_done()


def _list_library(control: TaskControl) -> list[LibraryEntry]:
    """Bring the index up to date, reporting My memes batch by batch; returns them all, each
    meme with its exports (see `group_exports`)."""
    entries: list[LibraryEntry] = []
    for batch in sync_library(check=control.check):
        # An export whose meme comes in a later batch shows on its own until the last one.
        control.report(group_exports(batch))
        entries.extend(batch)
    return group_exports(entries)


class _LibrarySearch:
    """The work of the search task: ask the index the query it was given last."""

    def __init__(self) -> None:
        self.query = LibraryQuery("", None, False)

    def __call__(self, _control: TaskControl) -> tuple[LibraryQuery, frozenset[str]]:
        query = self.query
        found = search_library(query.text, query.meaning, query.favourites_only)
        return query, frozenset(str(entry.path) for entry in found)
