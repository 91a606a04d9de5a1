"""The gallery's filter: collapsed sections, the search, a meaning and "favourites only"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer

from maskmeme_gui.fileio.search import matches as words_match
from maskmeme_gui.fileio.search import search_words
from maskmeme_gui.qt.gallery.items import GalleryItem, ItemData, LibraryQuery
from maskmeme_gui.qt.gallery.model import AnyIndex, GalleryModel, Role, Section

# Qt 6.10 replaced invalidateRowsFilter() with this pair; older versions have only the former.
_FILTER_CHANGE_PAIR = hasattr(QSortFilterProxyModel, "endFilterChange")


class GalleryFilter(QSortFilterProxyModel):
    """Hides collapsed sections and, while filtering, everything that does not match.

    Three filters combine: the search text (every word must begin a word of an item's file
    name, title, captions, meaning tags or template keywords, ignoring case and accents: the
    rule of `fileio.search`, which the library index follows too), a meaning tag, and
    "favourites only". My memes is searched in the library index instead:
    `set_library_matches` hands over the index's answer for the current filters, and until it
    arrives My memes is matched in memory like the other sections. While filtering,
    a section without matches hides its header too.
    """

    def __init__(self, model: GalleryModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._terms: tuple[str, ...] = ()
        self._meaning: str | None = None
        self._favourites_only = False
        self._library_matches: tuple[LibraryQuery, frozenset[str]] | None = None
        self._matches: dict[str, int] | None = None
        self.setSourceModel(model)
        model.sections_changed.connect(self._refilter)
        # While filtering, new or removed items can show or hide a header: recount, once per
        # burst of changes.
        self._recount = QTimer(self, singleShot=True, interval=0)
        self._recount.timeout.connect(self._refilter)
        model.rowsInserted.connect(self._items_changed)
        model.rowsRemoved.connect(self._items_changed)
        model.dataChanged.connect(self._data_changed)

    @property
    def search(self) -> str:
        return " ".join(self._terms)

    @property
    def meaning(self) -> str | None:
        return self._meaning

    @property
    def favourites_only(self) -> bool:
        return self._favourites_only

    def query(self) -> LibraryQuery:
        """What My memes is filtered by now (the index is asked the same)."""
        return LibraryQuery(self.search, self._meaning, self._favourites_only)

    def set_search(self, text: str) -> None:
        terms = search_words(text)
        if terms != self._terms:
            self._change(lambda: setattr(self, "_terms", terms))

    def set_meaning(self, meaning: str | None) -> None:
        if meaning != self._meaning:
            self._change(lambda: setattr(self, "_meaning", meaning))

    def set_favourites_only(self, on: bool) -> None:
        if on != self._favourites_only:
            self._change(lambda: setattr(self, "_favourites_only", on))

    def set_library_matches(self, query: LibraryQuery, paths: frozenset[str]) -> None:
        """The index's answer (file paths) for `query`; ignored once the filters moved on."""
        if query == self.query():
            self._change(lambda: setattr(self, "_library_matches", (query, paths)))

    def is_filtering(self) -> bool:
        return bool(self._terms) or self._meaning is not None or self._favourites_only

    @property
    def library_answered(self) -> bool:
        """True once My memes is filtered by the index's answer to the current filters (until
        then it is matched in memory; tests wait for this)."""
        return self._current_library_matches() is not None

    def item_at(self, index: AnyIndex) -> GalleryItem | None:
        return self._model.item_at(self.mapToSource(index))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Role.MATCHES:
            if not self.is_filtering() or super().data(index, Role.ROW_KIND) != "header":
                return None
            return self._match_counts().get(super().data(index, Role.SECTION_ID), 0)
        return super().data(index, role)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        kind = self._model.row_kind(source_row)
        section = self._model.row_section(source_row)
        filtering = self.is_filtering()
        if kind == "header":
            return not filtering or self._match_counts().get(section.id, 0) > 0
        if filtering:
            data = self._model.row_data(source_row)
            return data is not None and self._accepts(section, data)
        return not section.collapsed

    def _accepts(self, section: Section, data: ItemData) -> bool:
        if self._meaning is not None and self._meaning not in data.meaning_tags:
            return False
        if self._favourites_only and not data.favourite:
            return False
        matches = self._current_library_matches()
        if section.kind == "library" and matches is not None:
            # A meme's card shows its exports: finding one of them finds the card.
            paths = (data.item.path, *(export.path for export in data.item.exports))
            return any(str(path) in matches for path in paths)
        return words_match(self._terms, data.search_text)

    def _current_library_matches(self) -> frozenset[str] | None:
        if self._library_matches is None or self._library_matches[0] != self.query():
            return None
        return self._library_matches[1]

    def _match_counts(self) -> dict[str, int]:
        if self._matches is None:
            self._matches = {
                s.id: sum(1 for d in s.items if self._accepts(s, d)) for s in self._model.sections()
            }
        return self._matches

    def _items_changed(self) -> None:
        self._matches = None
        if self.is_filtering():
            self._recount.start()

    def _data_changed(self, _first: QModelIndex, _last: QModelIndex, roles: list[int]) -> None:
        # A favourite starred or unstarred changes what "favourites only" shows.
        if Role.FAVOURITE in roles and self._favourites_only:
            self._items_changed()

    def _refilter(self) -> None:
        """Filter again after a change made elsewhere (a section folded, items arrived)."""
        self._change(lambda: None)

    def _change(self, change: Callable[[], None]) -> None:
        if _FILTER_CHANGE_PAIR:
            self.beginFilterChange()
        change()
        self._matches = None
        if _FILTER_CHANGE_PAIR:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()
