"""What went wrong with a file, in words fit to show the user.

The image loader and the project reader both turn every failure into one typed error that
names the file and the reason; they share the error's shape and the wording of disk errors.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from maskmeme_gui.quoting import shortened

_OS_ERROR_REASONS = {
    errno.ENOENT: "the file does not exist",
    errno.ENOTDIR: "the file does not exist",
    errno.EACCES: "permission denied: the file cannot be read",
    errno.EPERM: "permission denied: the file cannot be read",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an error while reading it",
}


class FileProblem(Exception):
    """A file could not be used; `str()` is "name: reason"."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(self.path, reason)  # the arguments, so the error survives pickling

    def __str__(self) -> str:
        return f"{shortened(self.path.name or str(self.path))}: {self.reason}"


def reason_for_os_error(exc: OSError, expected: str) -> str:
    """Why reading failed; `expected` names what the file should have been ("an image file")."""
    if exc.errno == errno.EISDIR:
        return f"it is a folder, not {expected}"
    if exc.errno in _OS_ERROR_REASONS:
        return _OS_ERROR_REASONS[exc.errno]
    detail = exc.strerror or str(exc) or type(exc).__name__
    return f"it could not be read ({detail})"
