"""Atomic file writes: a file on disk is either the old version or the complete new one.

The new content goes to a temporary file in the target's folder (so the final rename never
crosses file systems), is flushed and fsynced, then `os.replace`d over the target. On any
failure the temporary file is removed and the old file is left byte-identical.

A process killed in the middle of a save cannot remove its temporary file. Those are named
`.TARGET.XXXXXXXX.tmp` (eight hex digits); `sweep_stale_temp_files` removes the ones old enough
that no running save can still own them.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

_NEW_FILE_MODE = 0o666
_TEMP_NAME_ATTEMPTS = 100
_TEMP_TOKEN_BYTES = 4
# Exactly the names _create_temp_beside makes: a dot, the target's name, 8 hex digits, ".tmp".
_TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.tmp", re.DOTALL)

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
        return f"Could not save {self.path}: {self.reason}"

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
    target = _resolve_symlink(Path(path))
    temp: Path | None = None
    try:
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

    Only regular files named exactly like `atomic_writer`'s temporary files and not written to
    for `older_than` seconds are removed; anything else, links included, is left alone. With
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
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff
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
    for _ in range(_TEMP_NAME_ATTEMPTS):
        # os.urandom rather than `secrets`, which would bring hashlib into the app's start-up.
        temp = target.with_name(f".{target.name}.{os.urandom(_TEMP_TOKEN_BYTES).hex()}.tmp")
        try:
            return os.open(temp, flags, _NEW_FILE_MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No free name for a temporary file", str(target))


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
