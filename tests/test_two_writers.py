"""Two maskmeme processes at once share the data folder: neither loses what the other wrote.

Each test starts real processes, lets each get ready (Python started, modules imported), then
releases them together, so their writes meet; each repeats that a few times.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from maskmeme_gui.config.paths import data_dir, library_dir
from maskmeme_gui.fileio.library import (
    favourites,
    list_library,
    recorded_exports,
    search_library,
)
from maskmeme_gui.fileio.library_index import INDEX_FILE
from maskmeme_gui.fileio.settings_file import load_settings

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

STAR = """
import sys
import maskmeme_gui.fileio.library_index
from maskmeme_gui.fileio.library import set_favourite
print("ready", flush=True)
sys.stdin.readline()
for path in sys.argv[2:]:
    set_favourite(path, sys.argv[1] == "star")
"""

RECORD = """
import sys
from maskmeme_gui.fileio.library import record_export
print("ready", flush=True)
sys.stdin.readline()
for path in sys.argv[1:]:
    record_export(path)
"""

OPEN_LIBRARY = """
import json, logging, sys
from maskmeme_gui.fileio import library, library_index
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
print("ready", flush=True)
sys.stdin.readline()
listed = len(library.list_library())
print(json.dumps({"listed": listed, "rebuilt": library_index.library_index().rebuilt_because}))
"""


def run_together(code: str, *arguments: list[str]) -> list[tuple[str, str]]:
    """Run `code` in one process per argument list, released at the same moment; their
    (stdout, stderr) once all have finished successfully."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in arguments
    ]
    try:
        for run in runs:
            assert run.stdout is not None
            assert run.stdout.readline() == "ready\n", run.communicate()[1]
        for run in runs:
            assert run.stdin is not None
            run.stdin.write("go\n")
            run.stdin.flush()
        outputs = [run.communicate(timeout=120) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    for run, (_out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
    return outputs


def memes(count: int) -> list[str]:
    paths = [library_dir() / f"meme {n}.png" for n in range(count)]
    library_dir().mkdir(parents=True, exist_ok=True)
    for path in paths:
        Image.new("RGB", (4, 4), (200, 40, 40)).save(path)
    return [str(path) for path in paths]


def test_two_processes_starring_at_once_keep_every_star() -> None:
    everything = memes(60)
    list_library()
    for change in ("star", "unstar", "star"):
        run_together(STAR, [change, *everything[:30]], [change, *everything[30:]])

        expected = set(everything) if change == "star" else set()
        assert favourites() == expected
        starred = search_library("", favourites_only=True)
        assert {str(entry.path) for entry in starred} == expected


def test_two_processes_exporting_at_once_keep_every_record(tmp_path: Path) -> None:
    for trial in range(3):
        exported = [str(tmp_path / f"export {trial}-{n}.png") for n in range(60)]

        run_together(RECORD, exported[:30], exported[30:])

        assert set(exported) <= {str(path) for path in recorded_exports()}
    assert len(recorded_exports()) == 180


def test_two_processes_opening_a_damaged_index_rebuild_it_once() -> None:
    memes(5)
    index = data_dir() / INDEX_FILE
    for _trial in range(5):
        for suffix in ("-wal", "-shm"):
            Path(f"{index}{suffix}").unlink(missing_ok=True)
        index.write_bytes(bytes(range(256)) * 64)

        outputs = run_together(OPEN_LIBRARY, [], [])

        reports = [json.loads(out) for out, _err in outputs]
        assert [report["listed"] for report in reports] == [5, 5]
        rebuilds = [report["rebuilt"] for report in reports if report["rebuilt"] is not None]
        assert len(rebuilds) == 1
        # Only the one rebuild is logged: nobody listed without the index or failed.
        logged = [line for _out, err in outputs for line in err.splitlines()]
        assert len(logged) == 1
        assert logged[0].startswith("WARNING rebuilding the library index")
    assert len(list_library()) == 5


def test_a_window_closed_last_keeps_what_another_window_saved(qtbot: QtBot) -> None:
    from maskmeme_gui.qt.mainwindow import MainWindow

    window = MainWindow(load_settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    other = (
        "from maskmeme_gui.fileio.settings_file import load_settings, save_settings\n"
        "settings = load_settings()\n"
        "settings.gallery_folders.append('/photos')\n"
        "settings.last_export_format = 'WEBP'\n"
        "save_settings(settings)\n"
    )
    subprocess.run([sys.executable, "-c", other], check=True)
    window.close()

    saved = load_settings()
    assert saved.window_geometry  # what this window changed
    assert (saved.gallery_folders, saved.last_export_format) == (["/photos"], "WEBP")
