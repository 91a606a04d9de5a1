"""Autosaves: unsaved memes written in the background, so a crash or a kill loses little.

They live in `data_dir()/autosave/`, one project file per open meme, named
`<pid>-<token>.maskmeme`: the process id keeps two running copies of the app apart, and the
token keeps apart the memes one process opens in turn. Next to each, `<pid>-<token>.json` says
where the meme was saved before (if ever), its title, when it was autosaved and when its
process started. An autosave is recoverable once its process is gone; the start time tells a
dead process from a new one that happens to have been given the same id.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from maskmeme_gui.config.paths import data_dir
from maskmeme_gui.fileio.atomic import WriteError, atomic_write
from maskmeme_gui.fileio.side_files import is_path_text, read_side_file, report_damage
from maskmeme_gui.fileio.suffixes import PROJECT_SUFFIX

if TYPE_CHECKING:
    from maskmeme_gui.model.document import MemeDocument

__all__ = [
    "Autosave",
    "autosave_dir",
    "claim_autosave",
    "discard_autosave",
    "new_autosave_path",
    "recoverable_autosaves",
    "write_autosave",
]

AUTOSAVE_FOLDER = "autosave"
SIDECAR_SUFFIX = ".json"
_NAME = re.compile(r"^(\d+)-([0-9a-f]+)" + re.escape(PROJECT_SUFFIX) + "$")
_MAX_SIDECAR_BYTES = 64 * 1024


@dataclass(frozen=True)
class Autosave:
    """One autosave left behind by a process that is gone."""

    path: Path
    pid: int
    title: str
    saved_at: datetime
    original: Path | None  # where the meme was saved before the crash, if it ever was
    preview_png: bytes | None
    problem: str | None = None  # why it cannot be recovered (a damaged file), else None


def autosave_dir() -> Path:
    folder = data_dir() / AUTOSAVE_FOLDER
    folder.mkdir(exist_ok=True)
    return folder


def new_autosave_path() -> Path:
    """A fresh name for this process's autosave of one meme."""
    return autosave_dir() / f"{os.getpid()}-{os.urandom(6).hex()}{PROJECT_SUFFIX}"


def write_autosave(doc: MemeDocument, path: Path, original: Path | None) -> None:
    """Save `doc` (a snapshot: this runs on a worker thread) and its sidecar, both atomically.

    Raises `WriteError` or `ProjectError` as `save_project` does.
    """
    from maskmeme_gui.fileio.project import save_project  # not on the start-up path

    # A private copy for recovery, as the user had it: the photos' details are left out (or
    # kept, as the user chose) when the recovered meme is saved, not here.
    save_project(doc, path, keep_photo_details=True)
    sidecar = {
        "original": str(original) if original is not None else None,
        "title": doc.metadata.title,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "process_started": _process_start(os.getpid()),
    }
    atomic_write(_sidecar_of(path), json.dumps(sidecar).encode("utf-8"))


def discard_autosave(path: Path) -> None:
    """Remove an autosave and its sidecar; a file already gone is no error."""
    for file in (path, _sidecar_of(path)):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


def claim_autosave(path: Path, new_path: Path) -> None:
    """Move a recovered autosave to this process's name, so no other start offers it again
    while this one runs and a second crash still leaves it behind."""
    sidecar = _sidecar_of(path)
    try:
        os.replace(path, new_path)
        if sidecar.exists():
            os.replace(sidecar, _sidecar_of(new_path))
    except OSError as exc:
        raise WriteError(new_path, str(exc.strerror or exc), exc.errno) from exc


def recoverable_autosaves() -> list[Autosave]:
    """The autosaves of processes that are gone, newest first; damaged ones carry a `problem`."""
    found: list[Autosave] = []
    for path in autosave_dir().iterdir():
        match = _NAME.match(path.name)
        if match is None or not path.is_file():
            continue  # a sidecar, or a temporary file of a save in progress
        pid = int(match.group(1))
        sidecar = _read_sidecar(path)
        if _is_running(pid, sidecar.get("process_started")):
            continue
        found.append(_describe(path, pid, sidecar))
    found.sort(key=lambda autosave: autosave.saved_at, reverse=True)
    return found


def _describe(path: Path, pid: int, sidecar: dict[str, object]) -> Autosave:
    named = sidecar.get("original")
    original = Path(named) if is_path_text(named) else None
    if named is not None and original is None:
        report_damage(_sidecar_of(path), "the path the meme was saved at cannot be used")
    saved_at = _parse_time(sidecar.get("saved_at")) or _modification_time(path)
    from maskmeme_gui.fileio.project import ProjectError, read_project_summary

    try:
        summary = read_project_summary(path)
    except ProjectError as exc:
        title = sidecar.get("title")
        return Autosave(
            path=path,
            pid=pid,
            title=title if isinstance(title, str) and title else path.name,
            saved_at=saved_at,
            original=original,
            preview_png=None,
            problem=str(exc),
        )
    return Autosave(
        path=path,
        pid=pid,
        title=summary.title or "Untitled meme",
        saved_at=saved_at,
        original=original,
        preview_png=summary.preview_png,
    )


def _sidecar_of(path: Path) -> Path:
    return path.with_suffix(SIDECAR_SUFFIX)


def _read_sidecar(path: Path) -> dict[str, object]:
    """The sidecar's fields, or nothing: the project file is what matters, so a missing or
    damaged sidecar only costs the original path and the exact time."""
    return read_side_file(_sidecar_of(path), max_bytes=_MAX_SIDECAR_BYTES) or {}


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _modification_time(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return datetime.now(UTC)


def _is_running(pid: int, recorded_start: object) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":
        # On Windows os.kill terminates the process whatever the signal: ask the kernel.
        return _windows_process_exists(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists but belongs to someone else
    except (OSError, OverflowError):
        return False
    # Process ids are reused: a live process started at another time is not the one that
    # wrote the autosave. Without /proc (not Linux) the id alone has to do.
    current_start = _process_start(pid)
    if isinstance(recorded_start, str) and current_start is not None:
        return recorded_start == current_start
    return True


def _process_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def _windows_process_exists(pid: int) -> bool:
    import ctypes

    query_limited_information, still_active = 0x1000, 259
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and (
            code.value == still_active
        )
    finally:
        kernel32.CloseHandle(handle)
