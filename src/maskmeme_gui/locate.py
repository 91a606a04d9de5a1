"""Finds the runtime assets (fonts, templates, stickers, knowledge) in `resources/`.

Every layer may need an asset (render needs fonts, fileio templates, qt icons), so this module
sits beside the layers and imports nothing of the project. In an installed wheel the folder is
packed as `maskmeme_gui/resources`; in a checkout (including an editable install) it is the
top-level `resources/` folder; a PyInstaller bundle sets `sys._MEIPASS`.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


class ResourceError(OSError):
    """A bundled asset is missing or damaged: the installation is incomplete or broken."""


class MissingResourceError(ResourceError, FileNotFoundError):
    """A bundled asset is absent: the installation is incomplete."""


class DamagedResourceError(ResourceError):
    """A bundled asset is there but cannot be used: the installation is damaged."""


@cache
def resources_root() -> Path:
    candidates = [_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "maskmeme_gui" / "resources")
    for candidate in candidates:
        if (candidate / "fonts").is_dir():
            return candidate
    raise MissingResourceError(
        "maskmeme's resources folder is missing; looked in " + ", ".join(str(c) for c in candidates)
    )


def resource_path(*parts: str) -> Path:
    """The path of a bundled asset, e.g. resource_path("fonts", "Anton-Regular.ttf")."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise MissingResourceError(f"maskmeme's resource {'/'.join(parts)} is missing")
    return path
