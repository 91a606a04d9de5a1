"""Side files that cannot stop the app: a damaged settings.json, favourites.json, exports.json
or autosave note falls back to the defaults for what it held, says so once in the log, and is
written whole again by the next save."""

from __future__ import annotations

import binascii
import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from maskmeme_gui.config.paths import data_dir, library_dir, log_dir
from maskmeme_gui.config.settings import Settings
from maskmeme_gui.fileio.autosave import autosave_dir, recoverable_autosaves, write_autosave
from maskmeme_gui.fileio.library import (
    EXPORTS_FILE,
    FAVOURITES_FILE,
    list_library,
    record_export,
)
from maskmeme_gui.fileio.settings_file import load_settings, settings_path
from maskmeme_gui.qt.gallery.model import LIBRARY_SECTION
from maskmeme_gui.qt.mainwindow import MainWindow
from test_autosave import dead_pid, template_doc
from test_gallery import WAIT_MS, make_pane, section_titles, wait_for_changes, write_image
from test_library_index import project

DEEP = "[" * 100_000  # the JSON decoder recurses once per level: RecursionError, not ValueError
KEPT = {
    "recent_files": ["/memes/monday.maskmeme"],
    "last_export_format": "JPEG",
    "last_export_quality": 70,
}


def damage_reports(caplog: pytest.LogCaptureFixture, name: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if f"{name} is damaged" in r.getMessage()]


def is_strict_base64(text: str) -> bool:
    try:
        binascii.a2b_base64(text.encode("ascii"), strict_mode=True)
    except binascii.Error:
        return False
    return True


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        (json.dumps({**KEPT, "window_geometry": "!!notbase64"}), KEPT),
        (json.dumps({**KEPT, "window_state": "!!notbase64"}), KEPT),
        (json.dumps({**KEPT, "last_export_size": "custom:" + "9" * 5000}), KEPT),
        (json.dumps({**KEPT, "gallery_folders": ["/photos\u0000", "/ok"]}), KEPT),
        (DEEP, {}),
    ],
    ids=["geometry", "state", "size", "folder", "deep"],
)
def test_a_damaged_settings_file_opens_the_window_and_is_rewritten_whole(
    content: str, kept: dict[str, Any], qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    settings_path().write_text(content, encoding="utf-8")

    window = MainWindow(load_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    for name, value in kept.items():
        assert getattr(window.settings, name) == value  # only the bad value fell back
    assert len(damage_reports(caplog, "settings.json")) == 1
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    saved = json.loads(settings_path().read_text(encoding="utf-8"))
    assert set(saved) == {f.name for f in fields(Settings)}
    assert is_strict_base64(saved["window_geometry"])
    assert is_strict_base64(saved["window_state"])
    assert all("\0" not in folder for folder in saved["gallery_folders"])
    assert {name: saved[name] for name in kept} == kept
    assert len(damage_reports(caplog, "settings.json")) == 1


def test_a_start_with_an_unreadable_window_layout_finishes_and_logs_it_once() -> None:
    settings_path().write_text(
        json.dumps({"window_geometry": "!!notbase64", "window_state": "%%%"}), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "maskmeme_gui", "--exit-after-startup"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    log = (log_dir() / "maskmeme.log").read_text(encoding="utf-8")
    lines = [line for line in log.splitlines() if "settings.json is damaged" in line]
    assert len(lines) == 1
    assert "window_geometry" in lines[0] and "window_state" in lines[0]


def test_deep_json_in_favourites_and_exports_leaves_my_memes_listed(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    meme = project(library_dir() / "monday.maskmeme", "Monday mood", "Smiling on the outside")
    data_dir().mkdir(parents=True, exist_ok=True)
    (data_dir() / FAVOURITES_FILE).write_text(DEEP, encoding="utf-8")
    (data_dir() / EXPORTS_FILE).write_text(DEEP, encoding="utf-8")

    pane = make_pane(qtbot)
    qtbot.waitUntil(
        lambda: section_titles(pane, LIBRARY_SECTION) == ["Monday mood"], timeout=WAIT_MS
    )
    assert len(damage_reports(caplog, FAVOURITES_FILE)) == 1
    assert len(damage_reports(caplog, EXPORTS_FILE)) == 1

    # The next save of each file writes it whole.
    pane.file_actions.set_favourite(pane.model.item_at(pane.model.index_of_path(meme)), True)
    wait_for_changes(qtbot, pane)
    pane.shutdown()
    starred = json.loads((data_dir() / FAVOURITES_FILE).read_text(encoding="utf-8"))
    assert starred == {"version": 1, "favourites": [str(meme)]}
    exported = write_image(library_dir().parent / "out" / "monday.png")
    record_export(exported, meme)
    records = json.loads((data_dir() / EXPORTS_FILE).read_text(encoding="utf-8"))
    assert [(r["path"], r["meme"]) for r in records["exports"]] == [(str(exported), str(meme))]
    assert len(damage_reports(caplog, FAVOURITES_FILE)) == 1
    assert len(damage_reports(caplog, EXPORTS_FILE)) == 1


def test_an_export_record_naming_no_possible_file_is_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    kept = write_image(library_dir().parent / "out" / "kept.png")
    records = [{"path": "/out/a\u0000b.png"}, {"path": "/out/\ud800.png"}, {"path": str(kept)}]
    data_dir().mkdir(parents=True, exist_ok=True)
    (data_dir() / EXPORTS_FILE).write_text(json.dumps({"exports": records}), encoding="utf-8")

    assert [entry.path for entry in list_library()] == [kept]
    assert [entry.path for entry in list_library()] == [kept]
    assert len(damage_reports(caplog, EXPORTS_FILE)) == 1


def test_an_autosave_with_a_damaged_note_is_still_offered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = autosave_dir() / f"{dead_pid()}-ab.maskmeme"
    write_autosave(template_doc("Left behind"), path, Path("/memes/monday.maskmeme"))
    path.with_suffix(".json").write_text(DEEP, encoding="utf-8")

    (offered,) = recoverable_autosaves()

    assert offered.title == "Left behind"
    assert offered.original is None  # all the damaged note held
    assert len(damage_reports(caplog, path.with_suffix(".json").name)) == 1


def test_an_autosave_note_naming_no_possible_file_loses_only_that(
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = autosave_dir() / f"{dead_pid()}-ac.maskmeme"
    write_autosave(template_doc("Left behind"), path, None)
    note = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    note["original"] = "/memes/monday\u0000.maskmeme"
    path.with_suffix(".json").write_text(json.dumps(note), encoding="utf-8")

    (offered,) = recoverable_autosaves()

    assert offered.title == "Left behind"
    assert offered.original is None
    assert len(damage_reports(caplog, path.with_suffix(".json").name)) == 1
