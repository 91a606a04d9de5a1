""" "My memes": the memes the user saved or exported, and the listing of any folder of memes.

The library is the folder `config.paths.library_dir()` (project files and images saved there)
plus every file exported elsewhere, recorded with `record_export` in `data_dir()/exports.json`.
Everything here tolerates a missing or damaged file: a project that cannot be read is listed
under its file name, a damaged record file counts as no records, a vanished file is left out.
Project titles, captions and meaning tags come from `fileio.project.read_project_summary`
(imported only when a project is read: the project reader is heavy, and this module is on the
app's start-up path).

My memes is listed and searched through an index (`fileio.library_index`, SQLite) that
`sync_library` brings up to date with the files; the index is a cache, and when it cannot be
used at all the files are read directly. Favourites are kept in `data_dir()/favourites.json`
(written atomically) as well as in the index, so a rebuilt index keeps them; when that file is
lost or damaged, the index's stars stand and are written back to it.

Other maskmeme processes share these files: every read-modify-write of `favourites.json` and
`exports.json` holds the file's lock (`fileio.locks.file_lock`), so no star or record another
process set meanwhile is written over.

Removing a library file moves it to the trash through a function the caller passes in (the
trash is the desktop's business, so this module stays free of Qt); removing an export only
forgets the record and leaves the file where the user put it. Renaming changes the file name
(in the library folder, or in an export's own folder) and keeps its suffix; a project's title
becomes the new name as well.

An export's record names the project it was exported from, when the meme was saved (or once
it is: `claim_exports`), so `group_exports` shows a meme and its exports as one card.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from maskmeme_gui.config.paths import data_dir, library_dir
from maskmeme_gui.fileio.atomic import WriteError, atomic_write
from maskmeme_gui.fileio.library_entries import (
    EntryKind,
    FileStamp,
    LibraryEntry,
    file_version,
    stamps_newest_first,
)
from maskmeme_gui.fileio.locks import file_lock
from maskmeme_gui.fileio.search import matches, search_words, searchable
from maskmeme_gui.fileio.side_files import is_path_text, read_side_file, report_damage
from maskmeme_gui.fileio.suffixes import IMAGE_SUFFIXES, PROJECT_SUFFIX

if TYPE_CHECKING:
    from maskmeme_gui.fileio.library_index import LibraryIndex

_log = logging.getLogger(__name__)

EXPORTS_FILE = "exports.json"
FAVOURITES_FILE = "favourites.json"
MAX_RECORDED_EXPORTS = 1000

MoveToTrash = Callable[[Path], bool]
"""Moves a file to the desktop's trash; False (or OSError) when it could not."""


class LibraryError(Exception):
    """A library change failed; `str()` is a sentence fit to show the user."""


def entry_kind(path: str | os.PathLike[str]) -> EntryKind | None:
    """What a file is by its name, or None when the gallery does not show it."""
    suffix = Path(path).suffix.lower()
    if suffix == PROJECT_SUFFIX:
        return "project"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return None


def list_folder(
    folder: str | os.PathLike[str], known: Mapping[Path, LibraryEntry] | None = None
) -> Iterator[LibraryEntry]:
    """The images and projects directly in `folder`, in natural name order ("2" before "10").

    Raises OSError when the folder itself cannot be read. Lazy: the folder is listed at the
    first step, and each file is examined as it is reached, so a caller can show the first
    entries of a large folder early and stop at any time. A file whose entry is in `known`
    (an earlier listing) with the same version is not read again, only looked at.
    """
    with os.scandir(folder) as scan:
        names = sorted((e.name for e in scan if _is_listed(e)), key=natural_key)
    base = Path(os.path.abspath(folder))
    for name in names:
        path = base / name
        old = known.get(path) if known else None
        entry = old if old is not None and old.version == _version_now(path) else None
        if entry is None:
            entry = describe_file(path)
        if entry is not None:
            yield entry


def _version_now(path: Path) -> str | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return file_version(status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)


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
    made = float(getattr(status, "st_birthtime", status.st_mtime))
    plain = LibraryEntry(
        source,
        kind,
        source.name if kind == "image" else source.stem,
        (),
        (),
        status.st_mtime,
        size=status.st_size,
        created=made,
        version=file_version(status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns),
    )
    if kind == "image":
        return plain
    # Here, not at the top: a folder of pictures never needs the (heavy) project reader.
    from maskmeme_gui.fileio.project import ProjectError, read_project_summary

    try:
        summary = read_project_summary(source)
    except ProjectError:
        return plain  # listed all the same, by name: opening it tells the user what is wrong
    return LibraryEntry(
        source,
        kind,
        summary.title or source.stem,
        tuple(summary.captions),
        tuple(summary.meaning_tags),
        status.st_mtime,
        size=status.st_size,
        created=_seconds(summary.created, made),
        version=plain.version,
    )


def _seconds(iso_time: str, fallback: float) -> float:
    try:
        moment = datetime.fromisoformat(iso_time)
    except ValueError:
        return fallback
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def list_library() -> list[LibraryEntry]:
    """My memes: the library folder and the recorded exports, newest first.

    Brings the index up to date first; see `sync_library` to see entries as they come.
    """
    index = _index()
    if index is not None:
        try:
            for _batch in sync_library():
                pass
            return index.entries()
        except _index_errors() as exc:
            _log.warning("listing My memes without the index: %s", exc)
    return _read_library()


def sync_library(check: Callable[[], None] = lambda: None) -> Iterator[list[LibraryEntry]]:
    """Bring the index up to date with the files, yielding My memes in batches, newest first.

    Only new and changed files are read (a file's version is its modification and change
    times, length and inode). Favourites are read again for every batch, so a star set while
    this runs is not undone. `check` is called between files and may raise to stop. When the
    index cannot be used, the files are read directly and yielded all the same.
    """
    index = _index()
    files = library_files()
    shown: set[Path] = set()
    if index is not None:
        _restore_favourites()
        try:
            for batch in index.sync(files, describe_file, _favourite_test, check=check):
                shown.update(entry.path for entry in batch)
                yield batch
            return
        except _index_errors() as exc:
            _log.warning("listing My memes without the index: %s", exc)
    entries = [entry for entry in _read_library() if entry.path not in shown]
    if entries:
        yield entries


def search_library(
    text: str, meaning_tag: str | None = None, favourites_only: bool = False
) -> list[LibraryEntry]:
    """My memes matching every word of `text` (as the start of a word), newest first.

    Words are looked for in file names, titles, captions and meaning tags. Searches the index
    as of its last sync; never raises for any text.
    """
    index = _index()
    if index is not None:
        try:
            return index.search(text, meaning_tag, favourites_only)
        except _index_errors() as exc:
            _log.warning("searching My memes without the index: %s", exc)
    words = search_words(text)
    return [
        entry
        for entry in _read_library()
        if (meaning_tag is None or meaning_tag in entry.meaning_tags)
        and (entry.favourite or not favourites_only)
        and matches(words, searchable(_texts_of(entry)))
    ]


def library_files() -> list[FileStamp]:
    """The files of My memes and their versions, newest first, without reading any."""
    found: dict[str, FileStamp] = {}
    try:
        with os.scandir(library_dir()) as scan:
            for item in scan:
                if _is_listed(item):
                    status = item.stat()
                    path = Path(os.path.abspath(item.path))
                    found[_identity(path)] = _stamp(path, status)
    except OSError:
        pass  # an unreadable library folder still leaves the exports to show
    for path in recorded_exports():
        key = _identity(path)
        if key in found or entry_kind(path) is None:
            continue
        try:
            status = path.stat()
        except OSError:
            continue  # kept on record: the disk may only be unplugged
        if path.is_file():
            found[key] = _stamp(path, status)
    return stamps_newest_first(found.values())


def _stamp(path: Path, status: os.stat_result) -> FileStamp:
    return FileStamp(path, status.st_mtime_ns, status.st_size, status.st_ino, status.st_ctime_ns)


def _read_library() -> list[LibraryEntry]:
    """My memes read straight from the files (when the index is out of order)."""
    starred = favourites()
    entries = (describe_file(stamp.path) for stamp in library_files())
    return [replace(e, favourite=_identity(e.path) in starred) for e in entries if e is not None]


def _texts_of(entry: LibraryEntry) -> tuple[str, ...]:
    return (entry.path.name, entry.title, *entry.captions, *entry.meaning_tags)


def _index() -> LibraryIndex | None:
    from maskmeme_gui.fileio.library_index import library_index

    try:
        return library_index()
    except OSError as exc:  # the data folder itself cannot be made
        _log.warning("no library index: %s", exc)
        return None


def _index_errors() -> type[Exception]:
    from maskmeme_gui.fileio.library_index import IndexUnavailable

    return IndexUnavailable


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders "meme 2" before "meme 10", ignoring case."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts if part)


# -- recorded exports -------------------------------------------------------------------------


def record_export(path: str | os.PathLike[str], meme: str | os.PathLike[str] | None = None) -> None:
    """Remember an exported file so it shows in My memes. Raises WriteError if that fails.

    `meme` is the project file it was exported from, if the meme was saved: My memes then
    shows the export on that meme's card.
    """
    target = os.path.abspath(path)
    record = {"path": target, "exported": datetime.now(UTC).isoformat(timespec="seconds")}
    if meme is not None:
        record["meme"] = os.path.abspath(meme)
    with file_lock(_exports_path()):
        kept = [r for r in _read_records() if _identity(r["path"]) != _identity(target)]
        _write_records([record, *kept][:MAX_RECORDED_EXPORTS])


def claim_exports(meme: str | os.PathLike[str], exported: Iterable[str | os.PathLike[str]]) -> None:
    """The meme just saved as `meme` made the files `exported` (its history says so): the
    records of those that belong to no meme on disk now belong to it. Raises WriteError."""
    wanted = {_identity(path) for path in exported}
    if not wanted:
        return
    owner = os.path.abspath(meme)
    with file_lock(_exports_path()):
        records = _read_records()
        claimed = [r for r in records if _identity(r["path"]) in wanted and _unowned(r)]
        if claimed:
            for record in claimed:
                record["meme"] = owner
            _write_records(records)


def _unowned(record: dict[str, str]) -> bool:
    meme = record.get("meme")
    return not isinstance(meme, str) or not os.path.exists(meme)


def is_recorded_export(path: str | os.PathLike[str]) -> bool:
    """True for a file exported from maskmeme and kept in My memes by its record."""
    key = _identity(path)
    return any(_identity(r["path"]) == key for r in _read_records())


def group_exports(entries: Iterable[LibraryEntry]) -> list[LibraryEntry]:
    """My memes as its cards show it: each export whose meme is among `entries` goes onto
    that meme's entry (`LibraryEntry.exports`, in the order of `entries`) instead of standing
    on its own; an export whose meme was removed, or was never saved, stands on its own."""
    owners = {
        _identity(r["path"]): _identity(r["meme"])
        for r in _read_records()
        if isinstance(r.get("meme"), str)
    }
    listed = list(entries)
    memes = {_identity(e.path) for e in listed if e.kind == "project"}
    exports: dict[str, list[LibraryEntry]] = {}
    for entry in listed:
        owner = owners.get(_identity(entry.path))
        if owner in memes:
            exports.setdefault(owner, []).append(entry)
    if not exports:
        return listed
    return [
        replace(entry, exports=tuple(exports.get(_identity(entry.path), ())))
        for entry in listed
        if owners.get(_identity(entry.path)) not in memes
    ]


def recorded_exports() -> list[Path]:
    """The recorded exports, most recent first (whether or not the files still exist)."""
    return [Path(record["path"]) for record in _read_records()]


def forget_export(path: str | os.PathLike[str]) -> bool:
    """Drop the record of an export; True if there was one. Raises WriteError if that fails."""
    key = _identity(path)
    with file_lock(_exports_path()):
        records = _read_records()
        kept = [r for r in records if _identity(r["path"]) != key]
        if len(kept) == len(records):
            return False
        _write_records(kept)
    return True


def _exports_path() -> Path:
    return data_dir() / EXPORTS_FILE


def _read_records() -> list[dict[str, str]]:
    path = _exports_path()
    data = read_side_file(path)
    if data is None:
        return []
    exports = data.get("exports")
    if not isinstance(exports, list):
        report_damage(path, "it has no list of exports")
        return []
    records = [r for r in exports if _is_record(r)]
    if len(records) != len(exports):
        report_damage(path, f"{len(exports) - len(records)} of its records cannot be used")
    return records


def _is_record(record: object) -> bool:
    return (
        isinstance(record, dict)
        and is_path_text(record.get("path"))
        and ("meme" not in record or is_path_text(record["meme"]))
        and all(isinstance(value, str) for value in record.values())
    )


def _write_records(records: list[dict[str, str]]) -> None:
    text = json.dumps({"version": 1, "exports": records}, indent=1, ensure_ascii=False)
    atomic_write(_exports_path(), text.encode("utf-8"))


# -- favourites -------------------------------------------------------------------------------


def favourites() -> set[str]:
    """The favourite memes (one spelling per file, as `_identity` makes it)."""
    return _stored_favourites() or set()


def _stored_favourites() -> set[str] | None:
    """The stars in favourites.json; None when it is missing or cannot be read."""
    path = _favourites_path()
    data = read_side_file(path)
    if data is None:
        return None
    paths = data.get("favourites")
    if not isinstance(paths, list):
        report_damage(path, "it has no list of favourites")
        return None
    if not all(is_path_text(p) for p in paths):
        # Damaged, like a file that cannot be read: the index's stars stand until it is
        # written again, rather than a part of the list.
        report_damage(path, "some of its entries are not file names")
        return None
    return {_identity(p) for p in paths}


def _favourites_on_record() -> set[str]:
    """The stars as they stand: favourites.json's, or the index's while that file is lost."""
    stored = _stored_favourites()
    if stored is not None:
        return stored
    index = _index()
    if index is None:
        return set()
    try:
        return {_identity(path) for path in index.favourites()}
    except _index_errors() as exc:
        _log.warning("the favourites could not be read from the library index: %s", exc)
        return set()


def is_favourite(path: str | os.PathLike[str]) -> bool:
    return _identity(path) in favourites()


def _favourite_test() -> Callable[[Path], bool]:
    """The favourites as they are on disk now, as a test for one file."""
    starred = _favourites_on_record()
    return lambda path: _identity(path) in starred


def set_favourite(path: str | os.PathLike[str], favourite: bool) -> None:
    """Star or unstar a meme of My memes. Raises LibraryError when that cannot be saved."""
    target = Path(os.path.abspath(path))
    key = _identity(target)
    try:
        _change_favourites(lambda stars: stars | {key} if favourite else stars - {key})
    except WriteError as exc:
        raise LibraryError(f"Could not update the favourites: {exc}") from exc
    _update_index(lambda index: index.set_favourite(target, favourite))


def _change_favourites(change: Callable[[set[str]], set[str]]) -> None:
    """Write `change(stars)` to favourites.json, holding its lock from the read to the write.

    Raises WriteError. The lock is never held while waiting for the index's write lock (the
    index is only read here), so a sync holding that one may take this one.
    """
    with file_lock(_favourites_path()):
        stored = _stored_favourites()
        wanted = change(_favourites_on_record() if stored is None else stored)
        if wanted == stored or (stored is None and not wanted):
            return
        text = json.dumps({"version": 1, "favourites": sorted(wanted)}, indent=1)
        atomic_write(_favourites_path(), text.encode("utf-8"))


def _restore_favourites() -> None:
    """Give a lost or damaged favourites.json the index's stars back, so a rebuilt index
    cannot lose them too."""
    if _stored_favourites() is not None:
        return
    try:
        _change_favourites(lambda stars: stars)
    except WriteError as exc:
        _log.warning("the favourites could not be restored: %s", exc)


def _favourites_path() -> Path:
    return data_dir() / FAVOURITES_FILE


def _update_index(change: Callable[[LibraryIndex], None]) -> None:
    """Tell the index about a change the app made; if that fails the next sync catches up."""
    index = _index()
    if index is None:
        return
    try:
        change(index)
    except _index_errors() as exc:
        _log.warning("the library index missed a change: %s", exc)


# -- renaming ---------------------------------------------------------------------------------


def rename_in_library(path: str | os.PathLike[str], new_name: str) -> Path:
    """Give a meme of My memes a new name, keeping its suffix; returns the new path.

    A file in the library folder, or an export kept in My memes by its record (renamed in its
    own folder). A project takes the new name as its title too, since its card and its window
    show the title: what the user typed is what they see. `new_name` may include the suffix
    or not ("monday" and "monday.png" both name monday.png). Raises LibraryError (a plain
    sentence) for an empty name, one with a path separator or a leading dot, a name another
    file has, a file that is not in My memes, or when the disk refuses; the file keeps its
    name and title then. Favourites and export records follow the file.
    """
    source = Path(os.path.abspath(path))
    in_library = is_library_file(source)
    if not in_library and not is_recorded_export(source):
        raise LibraryError(f"Only memes in My memes can be renamed; {source.name} is not one.")
    name = _checked_name(new_name, source.suffix)
    target = source.with_name(name)
    if in_library:
        clash = LibraryError(f"There is already a meme called “{target.name}” in My memes.")
    else:
        clash = LibraryError(f"There is already a file called “{target.name}” in {source.parent}.")
    if target != source:
        if os.path.lexists(target) and not _same_file(source, target):
            raise clash
        try:
            _rename_no_replace(source, target)
        except FileExistsError as exc:
            raise clash from exc
        except OSError as exc:
            raise LibraryError(f"Could not rename {source.name}: {exc.strerror or exc}.") from exc
    retitled = entry_kind(target) == "project" and _retitle(source, target, name)
    if target != source or retitled:
        _follow_rename(source, target)
    return target


def _retitle(source: Path, project: Path, name: str) -> bool:
    """Give the project at `project` (renamed from `source`) the title `name` without its
    suffix; True if the title changed. A project that cannot be read keeps its content (its
    card shows its file name anyway); one that cannot be written goes back to its old name,
    and LibraryError says why."""
    from maskmeme_gui.fileio.project import ProjectError, load_project, save_project

    title = name[: -len(project.suffix)] if project.suffix else name
    try:
        doc = load_project(project)
    except ProjectError as exc:
        _log.warning("renamed %s without a new title: %s", project.name, exc)
        return False
    if doc.metadata.title == title:
        return False
    doc.metadata.title = title
    try:
        before = project.stat()
        save_project(doc, project, keep_photo_details=True)  # a new name, the same content
    except (OSError, ProjectError) as exc:  # WriteError is an OSError
        if project != source:
            try:
                _rename_no_replace(project, source)
            except OSError:
                _log.warning("could not give %s its old name back", project.name)
        raise LibraryError(f"Could not rename {source.name}: {exc}") from exc
    # A rename is no new work: the card keeps its place among the newest first.
    with contextlib.suppress(OSError):
        os.utime(project, ns=(before.st_atime_ns, before.st_mtime_ns))
    return True


def _rename_no_replace(source: Path, target: Path) -> None:
    """Rename, failing with FileExistsError rather than replace a file made meanwhile.

    os.rename would silently overwrite a file another program created at `target` after the
    check. A hard link fails instead if the name is taken; then the old name is unlinked.
    Where hard links are not supported (FAT, some network disks), or `target` is `source`
    spelt in another case, a plain rename is the best the platform offers.
    """
    if _same_file(source, target):
        os.rename(source, target)  # a case change on a case-blind disk
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from exc
        os.rename(source, target)
        return
    try:
        os.unlink(source)
    except OSError:
        os.unlink(target)  # leave the file under its old name only, as before
        raise


_NO_HARD_LINKS = frozenset(
    code
    for code in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP)
    if code is not None
)


def _checked_name(new_name: str, suffix: str) -> str:
    name = new_name.strip()
    if suffix and name.casefold().endswith(suffix.casefold()):
        name = name[: -len(suffix)].rstrip()
    if not name:
        raise LibraryError("The name cannot be empty.")
    if any(sep in name for sep in ("/", "\\", os.sep, os.altsep or "/")):
        raise LibraryError("The name cannot contain “/” or “\\”.")
    if name.startswith("."):
        raise LibraryError("The name cannot start with a dot (the file would be hidden).")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise LibraryError("The name cannot contain control characters.")
    return name + suffix


def _same_file(a: Path, b: Path) -> bool:
    """True when `b` is `a` by another spelling (a case change on a case-blind disk)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _follow_rename(source: Path, target: Path) -> None:
    """Favourites, export records and the index follow a renamed file (best effort)."""
    old = _identity(source)
    new = _identity(target)
    try:
        _change_favourites(lambda stars: stars - {old} | {new} if old in stars else stars)
        with file_lock(_exports_path()):
            records = _read_records()
            moved = False
            for record in records:
                for key in ("path", "meme"):  # an export renamed, or the meme it came from
                    if isinstance(record.get(key), str) and _identity(record[key]) == old:
                        record[key] = str(target)
                        moved = True
            if moved:
                _write_records(records)
    except WriteError as exc:
        _log.warning("after renaming %s: %s", source.name, exc)

    def move(index: LibraryIndex) -> None:
        index.forget(source)
        entry = describe_file(target)
        if entry is not None:
            starred = is_favourite(target)
            index.store(replace(entry, favourite=starred), _stamp(target, target.stat()))

    _update_index(move)


# -- removal ----------------------------------------------------------------------------------


def is_library_file(path: str | os.PathLike[str]) -> bool:
    """True for a file kept in the library folder (removing it moves it to the trash)."""
    return _identity(Path(os.path.abspath(path)).parent) == _identity(library_dir())


def remove_from_library(
    path: str | os.PathLike[str], move_to_trash: MoveToTrash, *, permanently: bool = False
) -> None:
    """Take a meme out of My memes: a library file goes to the trash, an export is forgotten.

    With `permanently`, a library file is deleted instead (for a system without a trash,
    once the user agreed). Raises TrashUnavailable when the trash refused the file, and
    LibraryError (a plain sentence) when the file cannot be trashed or deleted or the record
    of an export cannot be updated; the library is then unchanged.
    """
    target = Path(os.path.abspath(path))
    if is_library_file(target):
        if permanently:
            _delete_file(target)
        else:
            _trash(target, move_to_trash)
        try:
            forget_export(target)
        except OSError as exc:
            # The file is gone already: a leftover record of it shows nothing (vanished
            # exports are left out of My memes), so this is no reason to report a failure.
            _log.warning("after removing %s: %s", target.name, exc)
    else:
        try:
            forgotten = forget_export(target)
        except OSError as exc:
            raise LibraryError(f"Could not update My memes: {exc}") from exc
        if not forgotten:
            raise LibraryError(f"{target.name} is not in My memes.")
    try:
        _change_favourites(lambda stars: stars - {_identity(target)})
    except WriteError as exc:
        # The meme is gone: a star left on record for it is harmless and shows nowhere.
        _log.warning("after removing %s: %s", target.name, exc)
    _update_index(lambda index: index.forget(target))


class TrashUnavailable(LibraryError):
    """The system has no usable trash for this file (QFile.moveToTrash said no)."""


def _trash(target: Path, move_to_trash: MoveToTrash) -> None:
    try:
        moved = move_to_trash(target)
    except OSError as exc:
        raise LibraryError(f"Could not move {target.name} to the trash: {exc}") from exc
    if not moved:
        raise TrashUnavailable(f"Could not move {target.name} to the trash.")


def _delete_file(target: Path) -> None:
    try:
        target.unlink()
    except FileNotFoundError:
        pass  # gone already: what the user asked for
    except OSError as exc:
        raise LibraryError(f"Could not delete {target.name}: {exc.strerror or exc}.") from exc


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
