"""The small JSON files the app keeps beside the user's memes (settings, favourites, export
records, autosave notes): read so that nothing they hold can stop the app.

A side file is the app's own memory, not the user's work, so a damaged one is never an error
in front of the user: whatever cannot be read falls back to the default of what it held, the
log says so once (per version of the file, however often it is read), and the next save
writes the file again whole. "Damaged" covers anything a disk, a crash or a hand edit can
leave: bytes that are not UTF-8, text that is not JSON, JSON nested too deep to decode, a
file too large to be ours, or JSON of the wrong shape.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any, TypeGuard

__all__ = [
    "MAX_SIDE_FILE_BYTES",
    "DamagedJson",
    "is_path_text",
    "parse_json",
    "read_side_file",
    "report_damage",
]

_log = logging.getLogger(__name__)

MAX_SIDE_FILE_BYTES = 64 * 1024 * 1024
"""Far beyond any file the app writes (a thousand export records are ~0.3 MB)."""

_reported: dict[Path, tuple[int, int, int]] = {}  # the file's version when last reported
_reported_lock = threading.Lock()


class DamagedJson(ValueError):
    """Bytes or text that do not decode as JSON; `str()` says why in plain words."""


def parse_json(data: bytes | str) -> Any:
    """The decoded JSON, or DamagedJson whatever the input (never RecursionError)."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise DamagedJson("it is not UTF-8 text") from exc
    except RecursionError as exc:
        # The C decoder recurses once per nesting level: deep nesting is damage, not a crash.
        raise DamagedJson("it is nested too deep") from exc
    except ValueError as exc:
        raise DamagedJson(f"it is not valid JSON ({exc})") from exc


def read_side_file(path: Path, *, max_bytes: int = MAX_SIDE_FILE_BYTES) -> dict[str, Any] | None:
    """The JSON object in `path`; None when there is no such file, or when it is damaged
    (reported once in the log). The caller checks each value it takes from the object, and
    reports what it cannot use with `report_damage`."""
    try:
        with path.open("rb") as fp:
            raw = fp.read(max_bytes + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        report_damage(path, f"it cannot be read ({exc.strerror or exc})")
        return None
    if len(raw) > max_bytes:
        report_damage(path, f"it is larger than {max_bytes} bytes")
        return None
    try:
        data = parse_json(raw)
    except DamagedJson as exc:
        report_damage(path, str(exc))
        return None
    if not isinstance(data, dict):
        report_damage(path, "it is not a JSON object")
        return None
    return data


def report_damage(path: Path, problem: str) -> None:
    """Log that `path` is damaged and its defaults are used: once per version of the file,
    since some side files are read on every listing."""
    try:
        status = path.stat()
        version = (status.st_mtime_ns, status.st_size, status.st_ino)
    except OSError:
        version = (0, 0, 0)
    with _reported_lock:
        if _reported.get(path) == version:
            return
        _reported[path] = version
    _log.warning("%s is damaged: %s; using the defaults for it", path, problem)


def is_path_text(value: object) -> TypeGuard[str]:
    """True for a string the operating system accepts as a file name: not empty, no NUL,
    and encodable (a lone surrogate from JSON's \\ud800 is not)."""
    if not isinstance(value, str) or not value or "\0" in value:
        return False
    try:
        os.fsencode(value)
    except UnicodeError:
        return False
    return True
