"""Typed user settings, kept as JSON in the user config folder.

A damaged or unreadable settings file never stops the app: it falls back to the defaults (and
the next save writes a good file). Unknown keys from a newer version are ignored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from maskmeme_gui.config.paths import config_dir
from maskmeme_gui.fileio.atomic import atomic_write

MAX_RECENT = 10


@dataclass
class Settings:
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    window_state: str = ""  # base64 of QMainWindow.saveState() (dock layout)
    recent_files: list[str] = field(default_factory=list)
    gallery_folders: list[str] = field(default_factory=list)
    last_export_folder: str = ""
    last_export_format: str = "PNG"
    last_export_quality: int = 92
    last_export_size: str = "original"

    def add_recent(self, path: Path | str) -> None:
        text = str(path)
        self.recent_files = [text, *[p for p in self.recent_files if p != text]][:MAX_RECENT]

    def move_recent(self, old: Path | str, new: Path | str | None) -> bool:
        """A recent file was renamed (to `new`, in its place in the list) or removed (None);
        True if the list changed."""
        before, was = list(self.recent_files), str(old)
        self.recent_files = [
            str(new) if p == was else p for p in self.recent_files if p != was or new is not None
        ]
        return self.recent_files != before


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
