"""The value types My memes and its index both deal in: a meme file as listed (`LibraryEntry`)
and a file as a sync sees it before reading it (`FileStamp`).

Kept apart from `fileio.library` and `fileio.library_index` so that each of those imports this
module and the library imports the index, never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

EntryKind = Literal["project", "image"]


@dataclass(frozen=True)
class LibraryEntry:
    """One meme file: a project or an image."""

    path: Path
    kind: EntryKind
    title: str
    """The project's title, or the file name."""
    captions: tuple[str, ...]
    meaning_tags: tuple[str, ...]
    modified: float
    """Modification time (seconds since the epoch): a new value means new pixels."""
    size: int = 0
    """Length of the file in bytes."""
    created: float = 0.0
    """When the meme was made (a project's own record, else the file's), seconds since epoch."""
    version: str = ""
    """Names the file's version (see `file_version`): it changes whenever the file does."""
    favourite: bool = False
    """Starred by the user (My memes only; see `fileio.library.set_favourite`)."""
    exports: tuple[LibraryEntry, ...] = ()
    """The files exported from this meme, newest first (My memes only; see
    `fileio.library.group_exports`): they show on the meme's card, not as cards of their own."""


def file_version(mtime_ns: int, size: int, inode: int, ctime_ns: int) -> str:
    """Names one version of a file for the gallery, which asks for a new thumbnail when it
    changes. The change time and inode catch a same-length file copied over with its old
    modification time kept (cp -p, rsync -t)."""
    return f"{mtime_ns:x}-{size:x}-{inode:x}-{ctime_ns:x}"


@dataclass(frozen=True)
class FileStamp:
    """A file as a sync sees it before reading it: where, and which version."""

    path: Path
    mtime_ns: int
    size: int
    inode: int = 0
    ctime_ns: int = 0
    """With the inode: a file replaced by one of the same length and time (cp -p, rsync -t)
    still counts as changed."""

    @property
    def version(self) -> tuple[int, int, int, int]:
        return self.mtime_ns, self.size, self.inode, self.ctime_ns


def stamps_newest_first(stamps: Iterable[FileStamp]) -> list[FileStamp]:
    """The order My memes shows: newest first, then by path (as `LibraryIndex.search`)."""
    return sorted(stamps, key=lambda s: (-s.mtime_ns, str(s.path)))
