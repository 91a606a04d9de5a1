"""Where maskmeme keeps the user's files. The one module that imports appdirs.

Each folder can be moved with an environment variable (the tests point them at temporary
folders): MASKMEME_DATA_DIR, MASKMEME_CACHE_DIR, MASKMEME_CONFIG_DIR, MASKMEME_LOG_DIR.
"""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

APP_NAME = "maskmeme"
APP_AUTHOR = "maskmeme"


def _folder(variable: str, default: str) -> Path:
    override = os.environ.get(variable)
    path = Path(override) if override else Path(default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """The library of saved memes, its index and autosaves."""
    return _folder("MASKMEME_DATA_DIR", appdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def library_dir() -> Path:
    path = data_dir() / "library"
    path.mkdir(exist_ok=True)
    return path


def cache_dir() -> Path:
    """Thumbnails: safe to delete at any time."""
    return _folder("MASKMEME_CACHE_DIR", appdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    return _folder("MASKMEME_CONFIG_DIR", appdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return _folder("MASKMEME_LOG_DIR", appdirs.user_log_dir(APP_NAME, APP_AUTHOR))
