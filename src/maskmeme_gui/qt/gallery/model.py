"""The gallery's rows in one flat list model: per section a header, then its items (or a note).

One model keeps keyboard navigation and selection across sections natural in a single
QListView. Thumbnails are asked for only when the view asks for an item's picture (that is,
when the item is painted), made in a thread pool and kept in a bounded memory cache. The items
themselves are in items.py, the filter the view shows the rows through in filter.py.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QPixmap

from maskmeme_gui.qt.canvas.drops import TEMPLATE_MIME
from maskmeme_gui.qt.gallery.items import GalleryItem, ItemData, ThumbnailKey
from maskmeme_gui.qt.gallery.workers import ThumbnailLoader, ThumbnailResult

SectionKind = Literal["templates", "library", "folder"]
SectionState = Literal["loading", "ready", "missing"]
RowKind = Literal["header", "item", "note"]

TEMPLATES_SECTION = "templates"
LIBRARY_SECTION = "library"
PIXMAP_BUDGET = 96 * 1024 * 1024
"""Bytes of thumbnails kept in memory; the rest come back from the disk cache when shown."""

AnyIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    ROW_KIND = Qt.ItemDataRole.UserRole + 1
    ITEM = ROW_KIND + 1
    SECTION_ID = ROW_KIND + 2
    SECTION_KIND = ROW_KIND + 3
    COLLAPSED = ROW_KIND + 4
    COUNT = ROW_KIND + 5
    """Items in the section (header rows)."""
    MATCHES = ROW_KIND + 6
    """Items matching the search, or None when not searching (header rows, from the filter)."""
    PROBLEM = ROW_KIND + 7
    """Why an item shows the broken picture, or None."""
    FAVOURITE = ROW_KIND + 8
    """True for a favourite meme of My memes (the card shows a star)."""


_NOTES: dict[tuple[SectionKind, SectionState], str] = {
    ("library", "ready"): "Memes you save or export appear here.",
    ("folder", "ready"): "No images in this folder.",
    ("templates", "ready"): "No templates.",
    ("templates", "missing"): "The built-in templates could not be loaded.",
}
_LOADING_NOTE = "Looking for memes…"


@dataclass(eq=False)
class Section:
    id: str
    kind: SectionKind
    title: str
    folder: Path | None = None
    state: SectionState = "loading"
    problem: str | None = None
    collapsed: bool = False
    items: list[ItemData] = field(default_factory=list)

    @property
    def note(self) -> str:
        """What an empty section says."""
        if self.state == "loading":
            return _LOADING_NOTE
        if self.state == "missing" and self.problem:
            return self.problem
        return _NOTES.get((self.kind, self.state), "")


@dataclass(eq=False)
class _Row:
    kind: RowKind
    section: Section
    data: ItemData | None = None


class GalleryModel(QAbstractListModel):
    templates_ready = Signal()
    """All template thumbnails have arrived (emitted once)."""
    sections_changed = Signal()
    """A section was collapsed or expanded."""

    def __init__(self, thumbnail_px: int, pixel_ratio: float, parent: QObject | None = None):
        super().__init__(parent)
        self._sections: list[Section] = []
        self._rows: list[_Row] = []
        self._positions: dict[_Row, int] | None = None
        self._rows_by_key: dict[ThumbnailKey, list[_Row]] = {}
        self._pixmaps: OrderedDict[ThumbnailKey, QPixmap] = OrderedDict()
        self._pixmap_bytes = 0
        self._problems: dict[ThumbnailKey, str] = {}
        self._pixel_ratio = pixel_ratio
        self.thumbnails = ThumbnailLoader(thumbnail_px, self)
        self.thumbnails.loaded.connect(self._thumbnail_loaded)
        self._awaited_templates: set[ThumbnailKey] | None = None
        self._templates_announced = False

    # -- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Role.ROW_KIND:
            return row.kind
        if role == Role.SECTION_ID:
            return row.section.id
        if role == Role.SECTION_KIND:
            return row.section.kind
        if row.kind == "header":
            return self._header_data(row.section, role)
        if row.kind == "note":
            return row.section.note if role == Qt.ItemDataRole.DisplayRole else None
        assert row.data is not None
        return self._item_data(row.data, role)

    def _header_data(self, section: Section, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return section.title
        if role == Role.COUNT:
            return len(section.items)
        if role == Role.COLLAPSED:
            return section.collapsed
        if role == Qt.ItemDataRole.ToolTipRole and section.folder is not None:
            return str(section.folder)
        return None

    def _item_data(self, data: ItemData, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return data.item.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(data)
        if role == Role.ITEM:
            return data.item
        if role == Role.PROBLEM:
            return self._problems.get(data.thumbnail_key)
        if role == Role.FAVOURITE:
            return data.favourite
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = self._problems.get(data.thumbnail_key)
            where = "Built-in template" if data.item.kind == "template" else str(data.item.path)
            exports = exports_text(data.item)
            text = f"{data.item.title}\n{where}" + (f"\n\n{exports}" if exports else "")
            return text + (f"\n\n{problem}" if problem else "")
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        kind = self._rows[index.row()].kind
        if kind == "item":
            return (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
        return Qt.ItemFlag.ItemIsEnabled if kind == "header" else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list", TEMPLATE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        items = [item for index in indexes if (item := self.item_at(index)) is not None]
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(item.path)) for item in items])
        ids = [item.template_id for item in items if item.template_id]
        if ids:
            mime.setData(TEMPLATE_MIME, "\n".join(ids).encode())
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    # -- reading ------------------------------------------------------------------------------

    def item_at(self, index: AnyIndex) -> GalleryItem | None:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        return row.data.item if row.data is not None else None

    def row_kind(self, source_row: int) -> RowKind:
        return self._rows[source_row].kind

    def row_section(self, source_row: int) -> Section:
        return self._rows[source_row].section

    def row_data(self, source_row: int) -> ItemData | None:
        return self._rows[source_row].data

    def sections(self) -> list[Section]:
        return list(self._sections)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self._sections if s.id == section_id), None)

    def item_count(self) -> int:
        return sum(len(s.items) for s in self._sections)

    def header_index(self, section_id: str) -> QModelIndex:
        section = self.section(section_id)
        return QModelIndex() if section is None else self.index(self._start(section))

    def index_of_path(self, path: Path, section_id: str | None = None) -> QModelIndex:
        """The first item showing the file at `path` (in that section, if one is given): its
        own card, or the card of the meme it was exported from."""
        wanted = Path(path)
        for position, row in enumerate(self._rows):
            if (
                row.data is not None
                and row.data.item.holds(wanted)
                and section_id in (None, row.section.id)
            ):
                return self.index(position)
        return QModelIndex()

    # -- sections -----------------------------------------------------------------------------

    def add_section(
        self, section_id: str, kind: SectionKind, title: str, folder: Path | None = None
    ) -> Section:
        section = Section(section_id, kind, title, folder)
        self._sections.append(section)
        self._insert(len(self._rows), [_Row("header", section), _Row("note", section)])
        return section

    def remove_section(self, section_id: str) -> None:
        section = self.section(section_id)
        if section is None:
            return
        start, length = self._start(section), self._length(section)
        self._sections.remove(section)
        self._remove(start, length)

    def set_state(self, section_id: str, state: SectionState, problem: str | None = None) -> None:
        section = self._get(section_id)
        section.state, section.problem = state, problem
        if not section.items:
            note = self.index(self._start(section) + 1)
            self.dataChanged.emit(note, note)

    def set_collapsed(self, section_id: str, collapsed: bool) -> None:
        section = self._get(section_id)
        if section.collapsed == collapsed:
            return
        section.collapsed = collapsed
        header = self.index(self._start(section))
        self.dataChanged.emit(header, header, [Role.COLLAPSED])
        self.sections_changed.emit()

    def append_items(self, section_id: str, items: Sequence[ItemData]) -> None:
        section = self._get(section_id)
        if not items:
            return
        start = self._start(section)
        if not section.items:
            self._remove(start + 1, 1)  # the note
        self._insert(start + 1 + len(section.items), [_Row("item", section, d) for d in items])
        section.items.extend(items)
        self._header_changed(section)

    def replace_items(self, section_id: str, items: Sequence[ItemData]) -> None:
        """Show `items` instead of the section's items, touching only rows that differ.

        Unchanged items keep their rows, so the selection and the scroll position survive a
        refresh of a folder where one file changed.
        """
        section = self._get(section_id)
        old, new = section.items, list(items)
        if old == new:
            return
        if not old:
            self.append_items(section_id, new)
            return
        first = self._start(section) + 1
        if not new:
            self._remove(first, len(old))
            section.items = []
            self._insert(first, [_Row("note", section)])
            self._header_changed(section)
            return
        opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(opcodes):
            if tag in ("replace", "delete"):
                self._remove(first + i1, i2 - i1)
                del section.items[i1:i2]
            if tag in ("replace", "insert"):
                self._insert(first + i1, [_Row("item", section, d) for d in new[j1:j2]])
                section.items[i1:i1] = new[j1:j2]
        self._header_changed(section)

    def set_favourite(self, section_id: str, path: Path, favourite: bool) -> None:
        """Star or unstar the section's item for `path` in place (selection and scroll stay)."""
        section = self._get(section_id)
        for position, data in enumerate(section.items):
            if data.item.path == path and data.favourite != favourite:
                section.items[position] = replace(data, favourite=favourite)
                for row in self._rows_by_key.get(data.thumbnail_key, []):
                    if row.section is section:
                        row.data = section.items[position]
                        index = self.index(self._position(row))
                        self.dataChanged.emit(index, index, [Role.FAVOURITE])

    def _get(self, section_id: str) -> Section:
        section = self.section(section_id)
        if section is None:
            raise KeyError(f"no gallery section {section_id!r}")
        return section

    def _start(self, section: Section) -> int:
        start = 0
        for other in self._sections:
            if other is section:
                return start
            start += self._length(other)
        raise KeyError(section.id)

    @staticmethod
    def _length(section: Section) -> int:
        return 1 + max(1, len(section.items))

    def _header_changed(self, section: Section) -> None:
        header = self.index(self._start(section))
        self.dataChanged.emit(header, header, [Role.COUNT])

    def _insert(self, position: int, rows: list[_Row]) -> None:
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = rows
        self._positions = None
        for row in rows:
            if row.data is not None:
                self._rows_by_key.setdefault(row.data.thumbnail_key, []).append(row)
        self.endInsertRows()

    def _remove(self, position: int, count: int) -> None:
        if count <= 0:
            return
        self.beginRemoveRows(QModelIndex(), position, position + count - 1)
        removed = self._rows[position : position + count]
        del self._rows[position : position + count]
        self._positions = None
        for row in removed:
            if row.data is not None:
                self._forget_row(row, row.data.thumbnail_key)
        self.endRemoveRows()

    def _forget_row(self, row: _Row, key: ThumbnailKey) -> None:
        rows = self._rows_by_key.get(key, [])
        if row in rows:
            rows.remove(row)
        if not rows:
            self._rows_by_key.pop(key, None)
            self._problems.pop(key, None)

    def _position(self, row: _Row) -> int:
        if self._positions is None:
            self._positions = {r: i for i, r in enumerate(self._rows)}
        return self._positions[row]

    # -- thumbnails ---------------------------------------------------------------------------

    def request_template_thumbnails(self) -> None:
        """Make every template thumbnail now, shown or not: start-up waits for them."""
        section = self._get(TEMPLATES_SECTION)
        self._awaited_templates = {d.thumbnail_key for d in section.items}
        for data in section.items:
            if data.thumbnail_key not in self._pixmaps:
                self.thumbnails.request(data.thumbnail_key, data.item.path, urgent=True)
            else:
                self._awaited_templates.discard(data.thumbnail_key)
        self._check_templates_ready()

    @property
    def templates_are_ready(self) -> bool:
        return self._awaited_templates is not None and not self._awaited_templates

    def has_thumbnail(self, index: AnyIndex) -> bool:
        """True when the item's thumbnail is in memory (tests wait for this)."""
        row = self._rows[index.row()]
        return row.data is not None and row.data.thumbnail_key in self._pixmaps

    def thumbnail(self, item: GalleryItem) -> QPixmap | None:
        """The item's thumbnail if it is in memory, without asking for it."""
        # Its own row: the card of the meme an export came from holds another picture.
        rows = (row.data for row in self._rows if row.data is not None)
        data = next((d for d in rows if d.item == item), None)
        return None if data is None else self._pixmaps.get(data.thumbnail_key)

    def _pixmap(self, data: ItemData) -> QPixmap | None:
        key = data.thumbnail_key
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        self.thumbnails.request(key, data.item.path)
        return None  # the delegate draws the "loading" placeholder

    def _thumbnail_loaded(self, result: ThumbnailResult) -> None:
        key = result.key
        if result.problem:
            self._problems[key] = result.problem
        if key not in self._rows_by_key and not self._awaits(key):
            return  # its rows were removed meanwhile
        pixmap = QPixmap.fromImage(result.image)
        pixmap.setDevicePixelRatio(self._pixel_ratio)
        self._keep_pixmap(key, pixmap)
        for row in self._rows_by_key.get(key, []):
            index = self.index(self._position(row))
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
        if self._awaits(key):
            assert self._awaited_templates is not None
            self._awaited_templates.discard(key)
            self._check_templates_ready()

    def _awaits(self, key: ThumbnailKey) -> bool:
        return self._awaited_templates is not None and key in self._awaited_templates

    def _check_templates_ready(self) -> None:
        if self.templates_are_ready:
            self._awaited_templates = set()
            # Emitted after the caller returns, so a receiver connected just after
            # construction still hears it.
            QTimer.singleShot(0, self, self._announce_templates)

    def _announce_templates(self) -> None:
        if not self._templates_announced:
            self._templates_announced = True
            self.templates_ready.emit()

    def _keep_pixmap(self, key: ThumbnailKey, pixmap: QPixmap) -> None:
        old = self._pixmaps.pop(key, None)
        if old is not None:
            self._pixmap_bytes -= _bytes(old)
        self._pixmaps[key] = pixmap
        self._pixmap_bytes += _bytes(pixmap)
        while self._pixmap_bytes > PIXMAP_BUDGET and len(self._pixmaps) > 1:
            _, evicted = self._pixmaps.popitem(last=False)
            self._pixmap_bytes -= _bytes(evicted)


def exports_text(item: GalleryItem) -> str:
    """The exports of a meme's card, one a line, for its tooltip and preview ("" if none)."""
    if not item.exports:
        return ""
    return "Exported as:\n" + "\n".join(f"  {export.path}" for export in item.exports)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4
