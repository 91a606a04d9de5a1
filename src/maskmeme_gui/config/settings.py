"""Typed user settings: what the window, the gallery and the export dialog remember.

`fileio.settings_file` keeps them on disk, as JSON in the user config folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
    # Off: saved memes hold their pictures without the place, camera and author they name.
    keep_photo_details: bool = False

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
