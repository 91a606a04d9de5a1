"""Atomic file writes: a file on disk is either the old version or the complete new one.

The new content goes to a temporary file in the target's folder (so the final rename never
crosses file systems), is flushed and fsynced, then `os.replace`d over the target. On any
failure the temporary file is removed and the old file is left byte-identical.

A process killed in the middle of a save cannot remove its temporary file. Those are named
`.TARGET.BOOT-PID-TOKEN.tmp`: the writer's machine-and-boot tag (eight hex digits), its process
id and a random token (eight hex digits). `sweep_stale_temp_files` removes the ones whose writer
ran on this machine since it booted and is gone, and any old enough that no running save can
still own them (files of other machines on a shared folder, of an earlier boot, or of earlier
versions, named `.TARGET.TOKEN.tmp`). TARGET is cut short when the whole name would pass the
file system's 255 bytes, so a target name of any allowed length can be saved.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import BinaryIO

from maskmeme_gui.quoting import shortened

_NEW_FILE_MODE = 0o666
_TEMP_NAME_ATTEMPTS = 100
_TEMP_TOKEN_BYTES = 4
# Exactly the names _create_temp_beside makes: a dot, (the start of) the target's name, the
# writer's boot tag and pid, 8 hex digits, ".tmp"; or, from earlier versions, no tag and pid.
_TEMP_NAME = re.compile(
    r"\..+\.(?:(?P<boot>[0-9a-f]{8})-(?P<pid>[1-9][0-9]{0,9})-)?[0-9a-f]{8}\.tmp", re.DOTALL
)
NAME_MAX_BYTES = 255
"""The longest file name (in bytes) the usual file systems take (ext4, btrfs, APFS, NTFS)."""
_SHOWN_PATH = 160  # characters of a path a message shows: a long folder and the file's name
_BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")

STALE_TEMP_SECONDS = 24 * 60 * 60.0
"""Age (since its last write) after which a temporary file is taken for a killed save's.

A live save writes its temporary file continuously and renames it within seconds; a day
leaves a wide margin for a slow network disk or a suspended laptop."""

_ERRNO_REASONS = {
    errno.ENOSPC: "No space left on the disk",
    errno.EDQUOT: "The disk quota is exceeded",
    errno.EACCES: "Permission denied",
    errno.EPERM: "Permission denied",
    errno.EROFS: "The disk is read-only",
    errno.ENOENT: "The folder does not exist",
    errno.ENOTDIR: "The folder does not exist",
    errno.EISDIR: "A folder with that name already exists",
    errno.ENAMETOOLONG: "The file name is too long",
    errno.EIO: "The disk reported an error while writing",
}


class WriteError(OSError):
    """Saving failed; `str()` is a sentence naming the file, fit to show the user."""

    def __init__(self, path: str | os.PathLike[str], reason: str, code: int | None = None) -> None:
        super().__init__(code, reason, os.fspath(path))
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"Could not save {shortened(os.fspath(self.path), _SHOWN_PATH)}: {self.reason}"

    def __reduce__(self) -> tuple[type[WriteError], tuple[Path, str, int | None]]:
        # OSError pickles as (errno, strerror, filename), which does not fit __init__.
        return type(self), (self.path, self.reason, self.errno)


@contextmanager
def atomic_writer(path: str | os.PathLike[str], durable: bool = True) -> Iterator[BinaryIO]:
    """Yield a binary file whose content replaces `path` when the block ends without error.

    OS errors become `WriteError`; other exceptions raised in the block propagate unchanged.
    Either way the old file stays as it was and no temporary file is left behind.

    With `durable=False` nothing is fsynced: readers still see the old or the whole new file,
    but after a power cut the file may be empty or damaged. Only for caches, whose readers
    check what they read and can make it again.
    """
    target = Path(path)
    temp: Path | None = None
    try:
        target = _resolve_symlink(target)
        old_mode = _existing_mode(target)
        fd, temp = _create_temp_beside(target)
        with os.fdopen(fd, "wb") as fp:
            yield fp
            fp.flush()
            if durable:
                os.fsync(fp.fileno())
        if old_mode is not None:
            os.chmod(temp, old_mode)
        os.replace(temp, target)
    except BaseException as exc:
        if temp is not None:
            with suppress(OSError):
                temp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise write_error(target, exc) from exc
        raise
    if durable:
        _fsync_folder(target.parent)


def atomic_write(path: str | os.PathLike[str], data: bytes, durable: bool = True) -> None:
    """Replace the content of `path` with `data` atomically; see `atomic_writer`."""
    with atomic_writer(path, durable) as fp:
        fp.write(data)


def is_temp_file_name(name: str) -> bool:
    """True if `name` has the exact form of an atomic save's temporary file."""
    return _TEMP_NAME.fullmatch(name) is not None


def sweep_stale_temp_files(
    folder: str | os.PathLike[str],
    older_than: float = STALE_TEMP_SECONDS,
    recursive: bool = False,
) -> list[Path]:
    """Remove the temporary files that killed saves left in `folder`; return those removed.

    Only regular files named exactly like `atomic_writer`'s temporary files are removed: those
    whose writer ran on this machine since it booted and has ended, and those not written to
    for `older_than` seconds; anything else, links included, is left alone. With
    `recursive`, subfolders are swept too (links to folders are not followed). Never raises:
    a folder that is missing or cannot be read is skipped, since this is housekeeping.
    """
    cutoff = time.time() - older_than
    removed: list[Path] = []
    pending = [Path(folder)]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                found = list(entries)
        except OSError:
            continue
        for entry in found:
            try:
                if recursive and entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif (
                    is_temp_file_name(entry.name)
                    and entry.is_file(follow_symlinks=False)
                    and (
                        _writer_is_gone(entry.name)
                        or entry.stat(follow_symlinks=False).st_mtime < cutoff
                    )
                ):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue  # gone meanwhile, or not ours to remove: leave it
    return removed


def _resolve_symlink(path: Path) -> Path:
    # Saving through a link updates the file it points to instead of replacing the link.
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _existing_mode(target: Path) -> int | None:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return None


def _create_temp_beside(target: Path) -> tuple[int, Path]:
    """Create and open a new hidden file next to `target`.

    Not tempfile.mkstemp: it forces mode 0600, and a saved meme must get the usual
    permissions. Mode 0666 lets the kernel apply the umask, as for any file a program creates.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    writer = f"{_boot_tag()}-{os.getpid()}-"
    for _ in range(_TEMP_NAME_ATTEMPTS):
        # os.urandom rather than `secrets`, which would bring hashlib into the app's start-up.
        ending = f".{writer}{os.urandom(_TEMP_TOKEN_BYTES).hex()}.tmp"
        start = _fitting_start(target.name, NAME_MAX_BYTES - 1 - len(ending))
        temp = target.with_name(f".{start}{ending}")
        try:
            return os.open(temp, flags, _NEW_FILE_MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No free name for a temporary file", str(target))


def _fitting_start(name: str, room: int) -> str:
    """The longest start of `name` that takes at most `room` bytes on disk, whole characters."""
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return name


@cache
def _boot_tag() -> str:
    """Eight hex digits naming this machine and boot: a pid means something only under it."""
    try:
        boot = _BOOT_ID_FILE.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        # No boot id (not Linux): the host name, so at least other machines' pids are not
        # taken for ours; after a reboot a pid in use again only delays a sweep.
        boot = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    return f"{zlib.crc32(boot.encode('utf-8', 'replace')):08x}"


def _writer_is_gone(name: str) -> bool:
    """Whether the temporary file `name` was written by a process of this boot that has ended."""
    match = _TEMP_NAME.fullmatch(name)
    if match is None or match["pid"] is None or match["boot"] != _boot_tag():
        return False
    return not _process_exists(int(match["pid"]))


def _process_exists(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill would end the process there, not probe it; the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or no pid at all): leave it to the age rule
    return True


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort, as some systems cannot open folders."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_error(target: Path, exc: OSError) -> WriteError:
    """`exc`, met while writing `target`, as the WriteError the user is shown."""
    reason = _ERRNO_REASONS.get(exc.errno or 0) or exc.strerror or str(exc) or "Unknown error"
    return WriteError(target, reason, exc.errno)
