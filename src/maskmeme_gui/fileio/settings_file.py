"""The user settings on disk: `settings.json` in the user config folder, written atomically.

A damaged or unreadable settings file never stops the app: it falls back to the defaults (and
the next save writes a good file). Unknown keys from a newer version are ignored.

Two maskmeme windows each hold the settings they read at start. A save writes, under the
file's lock (`fileio.locks`), only the values this process changed since it last read or wrote
the file over what the file holds now, so the window closed last no longer undoes a folder or
an export choice the other one saved meanwhile.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from maskmeme_gui.config.paths import config_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.atomic import atomic_write
from maskmeme_gui.fileio.locks import file_lock

_seen: dict[Path, dict[str, Any]] = {}
"""Per settings file, the values this process last read from it or wrote to it."""


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    settings = _read_settings()
    _seen[settings_path()] = asdict(settings)
    return settings


def _read_settings() -> Settings:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        value = data.get(f.name)
        # Keep a value only if it has the default's type: a hand-edited file cannot crash us.
        if isinstance(value, type(getattr(defaults, f.name))):
            values[f.name] = value
    settings = Settings(**values)
    settings.recent_files = [p for p in settings.recent_files if isinstance(p, str)]
    settings.gallery_folders = [p for p in settings.gallery_folders if isinstance(p, str)]
    return settings


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
