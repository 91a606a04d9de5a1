"""Benchmark: peak memory of the app with a 1 000-item gallery open and scrolled end to end.

A child process runs the real main window offscreen (temporary user folders, so the thumbnail
cache starts empty), adds a folder of 1 000 photo-like 12-megapixel JPEGs to the gallery as a
user would, waits until it is listed, then scrolls the gallery from top to bottom a page at a
time, waiting at each page until its thumbnails have arrived. It then reads its own peak
resident size (VmHWM in /proc/self/status; Linux only). The same child's peak right after the
window was painted, before the folder was added, is printed as the floor. Target: at most
250 MB.

    make bench        (or: .venv/bin/python bench/gallery_memory.py [--count N])
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from thumbnails import photo_folder

COUNT = 1000
DISTINCT_PHOTOS = 200  # the cold-thumbnail benchmark's photos, each linked in several times
TARGET_MB = 250.0
STEP_TIMEOUT_MS = 60_000

CHILD = """
import json, sys, time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop

from maskmeme_gui.fileio.settings_file import load_settings
from maskmeme_gui.qt.app import create_application
from maskmeme_gui.qt.mainwindow import MainWindow


def peak_kb(field="VmHWM"):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise SystemExit(f"no {field} in /proc/self/status")


def spin_until(done, timeout_ms):
    deadline = time.monotonic() + timeout_ms / 1000
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


folder, count, timeout_ms = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
app = create_application([])
window = MainWindow(load_settings())
window.resize(1400, 900)
window.show()
gallery = window.gallery
loader = gallery.model.thumbnails
spin_until(lambda: gallery.templates_filled() and loader.pending == 0, timeout_ms)
started = peak_kb()

before = gallery.item_count()
gallery.add_folder(folder)
spin_until(lambda: gallery.item_count() >= before + count, timeout_ms)
bar = gallery.view.verticalScrollBar()
pages = 0
value = 0
while True:
    bar.setValue(value)
    gallery.view.viewport().repaint()
    spin_until(lambda: loader.pending == 0, timeout_ms)
    pages += 1
    if value >= bar.maximum():
        break
    value = min(bar.maximum(), value + bar.pageStep())
print(json.dumps({
    "started_kb": started,
    "peak_kb": peak_kb(),
    "rss_kb": peak_kb("VmRSS"),
    "items": gallery.item_count() - before,
    "pages": pages,
    "thumbnails_requested": loader.requested,
}))
window.close()
"""


def user_folder(count: int, scratch: Path) -> Path:
    """`count` JPEGs: the benchmark photos, hard-linked under distinct names (no disk cost)."""
    photos = sorted(photo_folder(DISTINCT_PHOTOS).glob("*.jpg"))
    folder = scratch / "My photos"
    folder.mkdir()
    for index in range(count):
        source = photos[index % len(photos)]
        target = folder / f"IMG_{index:04d}.jpg"
        try:
            os.link(source, target)
        except OSError:  # another file system, or no hard links: a copy does as well
            shutil.copyfile(source, target)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=COUNT)
    count = parser.parse_args().count
    if not Path("/proc/self/status").exists():
        sys.exit("this benchmark reads /proc/self/status (Linux only)")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = user_folder(count, root)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for name in ("DATA", "CACHE", "CONFIG", "LOG"):
            env[f"MASKMEME_{name}_DIR"] = str(root / name.lower())
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder), str(count), str(STEP_TIMEOUT_MS)],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
    if done.returncode != 0:
        sys.exit(f"the app failed:\n{done.stdout}\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak_mb = result["peak_kb"] / 1024
    print(
        f"gallery of {result['items']} photo-like 12-megapixel JPEGs, scrolled end to end "
        f"({result['pages']} pages, {result['thumbnails_requested']} thumbnails asked for)"
    )
    started_mb = result["started_kb"] / 1024
    print(f"floor: peak RSS of the window before the folder was added: {started_mb:.0f} MB")
    print(f"peak RSS (VmHWM): {peak_mb:.0f} MB; at the end {result['rss_kb'] / 1024:.0f} MB")
    verdict = "meets" if peak_mb <= TARGET_MB else "MISSES"
    print(f"peak {peak_mb:.0f} MB ({verdict} the target of {TARGET_MB:.0f} MB)")


if __name__ == "__main__":
    main()
