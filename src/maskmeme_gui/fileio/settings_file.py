"""The user settings on disk: `settings.json` in the user config folder, written atomically.

A damaged or unreadable settings file never stops the app (see `fileio.side_files`): each
value that cannot be used falls back to its default and the others are kept, the log says
which, and the next save writes a good file. Unknown keys from a newer version are ignored.

Two maskmeme windows each hold the settings they read at start. A save writes, under the
file's lock (`fileio.locks`), only the values this process changed since it last read or wrote
the file over what the file holds now, so the window closed last no longer undoes a folder or
an export choice the other one saved meanwhile.
"""

from __future__ import annotations

import binascii
import json
import re
from collections.abc import Callable
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from maskmeme_gui.config.paths import config_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.atomic import atomic_write
from maskmeme_gui.fileio.locks import file_lock
from maskmeme_gui.fileio.side_files import is_path_text, read_side_file, report_damage

MAX_QUALITY = 100
MAX_FORMAT_NAME = 16

_seen: dict[Path, dict[str, Any]] = {}
"""Per settings file, the values this process last read from it or wrote to it."""


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _is_base64(value: object) -> bool:
    # The window hands these to base64.b64decode at start-up: "!!notbase64" would stop it.
    if not isinstance(value, str):
        return False
    try:
        binascii.a2b_base64(value.encode("ascii"), strict_mode=True)
    except (UnicodeEncodeError, binascii.Error):
        return False
    return True


def _is_quality(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_QUALITY


def _is_format_name(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_FORMAT_NAME and value.isprintable()


_SIZE_CHOICE = re.compile(r"original|(custom:)?[0-9]{1,6}")
"""What the export dialog keeps: "original", "1080" or "custom:N", N in a spin box's range."""


def _is_size_choice(value: object) -> bool:
    return isinstance(value, str) and _SIZE_CHOICE.fullmatch(value) is not None


def _is_folder_or_nothing(value: object) -> bool:
    return value == "" or is_path_text(value)


def _is_bool(value: object) -> bool:
    return type(value) is bool  # a hand-edited 1 or "yes" keeps the private default


def _is_list(value: object) -> bool:
    return isinstance(value, list)


_VALID: dict[str, Callable[[object], bool]] = {
    "window_geometry": _is_base64,
    "window_state": _is_base64,
    "recent_files": _is_list,  # of file names, checked one by one
    "gallery_folders": _is_list,
    "last_export_folder": _is_folder_or_nothing,
    "last_export_format": _is_format_name,
    "last_export_quality": _is_quality,
    "last_export_size": _is_size_choice,
    "keep_photo_details": _is_bool,
}


def load_settings() -> Settings:
    settings = _read_settings()
    _seen[settings_path()] = asdict(settings)
    return settings


def _read_settings() -> Settings:
    path = settings_path()
    data = read_side_file(path)
    if data is None:
        return Settings()
    values: dict[str, Any] = {}
    unusable: list[str] = []
    for f in fields(Settings):
        if f.name not in data:
            continue
        value = data[f.name]
        if _VALID[f.name](value):
            values[f.name] = value
        else:
            unusable.append(f.name)
    for name in ("recent_files", "gallery_folders"):
        paths = values.get(name, [])
        values[name] = [p for p in paths if is_path_text(p)]
        if len(values[name]) != len(paths):
            unusable.append(f"some of {name}")
    if unusable:
        report_damage(path, f"these values cannot be used: {', '.join(unusable)}")
    return Settings(**values)


def save_settings(settings: Settings) -> None:
    """Write the values of `settings` this process changed; see the module docstring.

    Settings that were never read from the file are written whole. Raises WriteError.
    """
    path = settings_path()
    ours = asdict(settings)
    with file_lock(path):
        base = _seen.get(path)
        values = asdict(_read_settings()) if base is not None else {}
        values.update(
            (key, value) for key, value in ours.items() if base is None or base.get(key) != value
        )
        text = json.dumps(values, indent=2, ensure_ascii=False)
        atomic_write(path, text.encode("utf-8"))
        _seen[path] = ours
