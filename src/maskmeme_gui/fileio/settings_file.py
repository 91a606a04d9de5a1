"""The user settings on disk: `settings.json` in the user config folder, written atomically.

A damaged or unreadable settings file never stops the app: it falls back to the defaults (and
the next save writes a good file). Unknown keys from a newer version are ignored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from maskmeme_gui.config.paths import config_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.atomic import atomic_write


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
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
    text = json.dumps(asdict(settings), indent=2, ensure_ascii=False)
    atomic_write(settings_path(), text.encode("utf-8"))
