"""A lock that lets one writer at a time change a file other maskmeme processes share.

Two windows, or a window and `maskmeme render`, share the data folder. A file that is read,
changed and written back (the favourites, the export records) or checked and rebuilt (the
library index) is only changed inside `with file_lock(path):`, so no process writes over what
another wrote between its read and its write.

The lock is a small file beside the shared one, `.NAME.lock`, never the shared file itself:
atomic writes replace that file, and a lock on a replaced file guards nothing. Lock files are
left in place, since removing one while another process waits on it would let a third process
lock a new one at the same time. The lock is `fcntl.flock` on POSIX and `msvcrt.locking` on
Windows; the system drops either when its process ends, however it ends, so a killed app never
leaves a stale lock. Each `file_lock` opens the lock file anew and these locks belong to the open
file, so threads of one process wait for each other as well.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from maskmeme_gui.fileio.atomic import write_error

_NEW_FILE_MODE = 0o666
_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)


def _lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file that guards `path`."""
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


@contextmanager
def file_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the lock of `path` for the block, waiting for another holder to let go first.

    Raises WriteError (naming `path`) when the lock file cannot be made or locked, as when
    the folder is read-only: nothing could be written there anyway.
    """
    target = Path(path)
    try:
        fd = os.open(_lock_path(target), _OPEN_FLAGS, _NEW_FILE_MODE)
    except OSError as exc:
        raise write_error(target, exc) from exc
    try:
        try:
            _lock(fd)
        except OSError as exc:
            raise write_error(target, exc) from exc
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        # LK_LOCK gives up after ten tries a second apart; a writer holds the lock for
        # milliseconds, so waiting longer means waiting on a busy disk: keep waiting.
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError as exc:
                if exc.errno != errno.EDEADLK:  # still locked after the ten tries
                    raise

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
