""" "My memes": the memes the user saved or exported, and the listing of any folder of memes.

The library is the folder `config.paths.library_dir()` (project files and images saved there)
plus every file exported elsewhere, recorded with `record_export` in `data_dir()/exports.json`.
Everything here tolerates a missing or damaged file: a project that cannot be read is listed
under its file name, a damaged record file counts as no records, a vanished file is left out.
Project titles, captions and meaning tags come from `fileio.project.read_project_summary`.

Removing a library file moves it to the trash through a function the caller passes in (the
trash is the desktop's business, so this module stays free of Qt); removing an export only
forgets the record and leaves the file where the user put it.

This API is deliberately small: a later version keeps the same functions over an index.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from maskmeme_gui.config.paths import data_dir, library_dir
from maskmeme_gui.fileio.atomic import atomic_write
from maskmeme_gui.fileio.project import ProjectError, read_project_summary

IMAGE_SUFFIXES = frozenset(
    {".png", ".apng", ".jpg", ".jpeg", ".jpe", ".jfif", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
)
PROJECT_SUFFIX = ".maskmeme"
EXPORTS_FILE = "exports.json"
MAX_RECORDED_EXPORTS = 1000

EntryKind = Literal["project", "image"]
MoveToTrash = Callable[[Path], bool]
"""Moves a file to the desktop's trash; False (or OSError) when it could not."""

_records_lock = threading.Lock()  # one read-modify-write of exports.json at a time


class LibraryError(Exception):
    """A library change failed; `str()` is a sentence fit to show the user."""


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


def entry_kind(path: str | os.PathLike[str]) -> EntryKind | None:
    """What a file is by its name, or None when the gallery does not show it."""
    suffix = Path(path).suffix.lower()
    if suffix == PROJECT_SUFFIX:
        return "project"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return None


def list_folder(folder: str | os.PathLike[str]) -> Iterator[LibraryEntry]:
    """The images and projects directly in `folder`, in natural name order ("2" before "10").

    Raises OSError when the folder itself cannot be read. Lazy: the folder is listed at the
    first step, and each file is examined as it is reached, so a caller can show the first
    entries of a large folder early and stop at any time.
    """
    with os.scandir(folder) as scan:
        names = sorted((e.name for e in scan if _is_listed(e)), key=natural_key)
    base = Path(os.path.abspath(folder))
    for name in names:
        entry = describe_file(base / name)
        if entry is not None:
            yield entry


def describe_file(path: str | os.PathLike[str]) -> LibraryEntry | None:
    """The entry for one file, or None when it is gone or is not an image or project."""
    source = Path(os.path.abspath(path))
    kind = entry_kind(source)
    if kind is None:
        return None
    try:
        status = source.stat()
    except OSError:
        return None
    if kind == "image":
        return LibraryEntry(source, kind, source.name, (), (), status.st_mtime)
    try:
        summary = read_project_summary(source)
    except ProjectError:
        # Listed all the same, by name: opening it tells the user what is wrong.
        return LibraryEntry(source, kind, source.stem, (), (), status.st_mtime)
    return LibraryEntry(
        source,
        kind,
        summary.title or source.stem,
        tuple(summary.captions),
        tuple(summary.meaning_tags),
        status.st_mtime,
    )


def list_library() -> list[LibraryEntry]:
    """My memes: the library folder and the recorded exports, newest first."""
    entries: dict[str, LibraryEntry] = {}
    try:
        for entry in list_folder(library_dir()):
            entries[_identity(entry.path)] = entry
    except OSError:
        pass  # an unreadable library folder still leaves the exports to show
    for path in recorded_exports():
        key = _identity(path)
        if key not in entries and (entry := describe_file(path)) is not None:
            entries[key] = entry
    return sorted(entries.values(), key=lambda e: e.modified, reverse=True)


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders "meme 2" before "meme 10", ignoring case."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)


# -- recorded exports -------------------------------------------------------------------------


def record_export(path: str | os.PathLike[str]) -> None:
    """Remember an exported file so it shows in My memes. Raises WriteError if that fails."""
    target = os.path.abspath(path)
    with _records_lock:
        kept = [r for r in _read_records() if _identity(r["path"]) != _identity(target)]
        now = datetime.now(UTC).isoformat(timespec="seconds")
        _write_records([{"path": target, "exported": now}, *kept][:MAX_RECORDED_EXPORTS])


def recorded_exports() -> list[Path]:
    """The recorded exports, most recent first (whether or not the files still exist)."""
    return [Path(record["path"]) for record in _read_records()]


def forget_export(path: str | os.PathLike[str]) -> bool:
    """Drop the record of an export; True if there was one. Raises WriteError if that fails."""
    key = _identity(path)
    with _records_lock:
        records = _read_records()
        kept = [r for r in records if _identity(r["path"]) != key]
        if len(kept) == len(records):
            return False
        _write_records(kept)
    return True


def _exports_path() -> Path:
    return data_dir() / EXPORTS_FILE


def _read_records() -> list[dict[str, str]]:
    try:
        data: Any = json.loads(_exports_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    exports = data.get("exports") if isinstance(data, dict) else None
    if not isinstance(exports, list):
        return []
    return [r for r in exports if isinstance(r, dict) and isinstance(r.get("path"), str)]


def _write_records(records: list[dict[str, str]]) -> None:
    text = json.dumps({"version": 1, "exports": records}, indent=1, ensure_ascii=False)
    atomic_write(_exports_path(), text.encode("utf-8"))


# -- removal ----------------------------------------------------------------------------------


def is_library_file(path: str | os.PathLike[str]) -> bool:
    """True for a file kept in the library folder (removing it moves it to the trash)."""
    return _identity(Path(os.path.abspath(path)).parent) == _identity(library_dir())


def remove_from_library(path: str | os.PathLike[str], move_to_trash: MoveToTrash) -> None:
    """Take a meme out of My memes: a library file goes to the trash, an export is forgotten.

    Raises LibraryError (a plain sentence) when the file cannot be trashed or the record
    cannot be updated; the library is then unchanged.
    """
    target = Path(os.path.abspath(path))
    try:
        if is_library_file(target):
            _trash(target, move_to_trash)
            forget_export(target)
        elif not forget_export(target):
            raise LibraryError(f"{target.name} is not in My memes.")
    except OSError as exc:
        raise LibraryError(f"Could not update My memes: {exc}") from exc


def _trash(target: Path, move_to_trash: MoveToTrash) -> None:
    try:
        moved = move_to_trash(target)
    except OSError as exc:
        raise LibraryError(f"Could not move {target.name} to the trash: {exc}") from exc
    if not moved:
        raise LibraryError(f"Could not move {target.name} to the trash.")


def _is_listed(entry: os.DirEntry[str]) -> bool:
    if entry.name.startswith(".") or entry_kind(entry.name) is None:
        return False
    try:
        return entry.is_file()
    except OSError:
        return False


def _identity(path: str | os.PathLike[str]) -> str:
    """One spelling per file, so the same file is never listed or recorded twice."""
    return os.path.normcase(os.path.abspath(path))
