"""What the gallery shows and hands out: its items, the data each row keeps, and the filters
My memes is searched with in the library index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from maskmeme_gui.fileio.library_entries import LibraryEntry
from maskmeme_gui.fileio.search import searchable
from maskmeme_gui.fileio.templates import Template

ItemKind = Literal["template", "project", "image"]


@dataclass(frozen=True)
class GalleryItem:
    """What the gallery hands out when the user opens or drags something."""

    kind: ItemKind
    path: Path
    template_id: str | None
    title: str
    exports: tuple[GalleryItem, ...] = ()
    """The files exported from this meme (My memes), which show on its card, newest first."""

    def holds(self, path: Path) -> bool:
        """True when this card shows the file at `path`: its own, or one of its exports."""
        return self.path == path or any(export.path == path for export in self.exports)


ThumbnailKey = tuple[str, str]
"""A file's path and a fingerprint of its version: a changed file gets a new thumbnail."""


@dataclass(frozen=True)
class ItemData:
    item: GalleryItem
    search_text: str
    """Everything the search box matches, as `fileio.search.searchable` prepares it."""
    modified: float
    meaning_tags: tuple[str, ...] = ()
    favourite: bool = False
    version: str = ""
    """The file's version (LibraryEntry.version); empty for built-in templates."""

    @property
    def thumbnail_key(self) -> ThumbnailKey:
        return str(self.item.path), self.version or repr(self.modified)


def template_data(template: Template) -> ItemData:
    item = GalleryItem("template", template.image_path, template.id, template.name)
    words = (template.name, template.id, *template.keywords, *template.meaning_tags)
    return ItemData(item, searchable(words), 0.0, tuple(template.meaning_tags))


def entry_data(entry: LibraryEntry) -> ItemData:
    exports = tuple(GalleryItem(e.kind, e.path, None, e.title) for e in entry.exports)
    item = GalleryItem(entry.kind, entry.path, None, entry.title, exports)
    words = (
        entry.path.name,
        entry.title,
        *entry.captions,
        *entry.meaning_tags,
        *(export.path.name for export in exports),
    )
    return ItemData(
        item,
        searchable(words),
        entry.modified,
        entry.meaning_tags,
        entry.favourite,
        entry.version,
    )


@dataclass(frozen=True)
class LibraryQuery:
    """The filters My memes is searched with in the library index."""

    text: str
    meaning: str | None
    favourites_only: bool

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and self.meaning is None and not self.favourites_only


def folder_section_id(folder: Path) -> str:
    return f"folder:{folder}"
