"""settings.json: written whole, read back, and never in the way when it is damaged."""

from __future__ import annotations

import pytest

from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.settings_file import load_settings, save_settings, settings_path


def test_settings_survive_a_save_and_a_load() -> None:
    settings = Settings(gallery_folders=["/photos"], last_export_quality=70)
    settings.keep_photo_details = True
    settings.add_recent("/memes/monday.maskmeme")
    save_settings(settings)
    assert load_settings() == settings


def test_no_file_means_the_defaults() -> None:
    assert not settings_path().exists()
    assert load_settings() == Settings()


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "null", "\ufffe\x00"])
def test_a_damaged_file_means_the_defaults(text: str) -> None:
    settings_path().write_text(text, encoding="utf-8")
    assert load_settings() == Settings()


def test_values_of_the_wrong_type_and_unknown_keys_are_left_out() -> None:
    settings_path().write_text(
        '{"last_export_quality": "high", "last_export_format": "JPEG", "from_the_future": 1,'
        ' "recent_files": ["/a.png", 3, null], "gallery_folders": "/photos",'
        ' "keep_photo_details": 1}',
        encoding="utf-8",
    )
    loaded = load_settings()
    assert loaded.last_export_quality == Settings().last_export_quality
    assert loaded.last_export_format == "JPEG"
    assert loaded.recent_files == ["/a.png"]
    assert loaded.gallery_folders == []
    assert loaded.keep_photo_details is False
