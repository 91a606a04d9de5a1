"""Benchmark: gallery thumbnails of 200 photo-like 12-megapixel JPEGs, cold and warm.

Cold: the app's own pipeline (the gallery's ThumbnailLoader: one worker thread per core, the
safe reduced decode, the WebP disk cache, the QImage for the view) with an empty cache, against
a single-threaded loop of pyvips `Image.thumbnail` (libvips' operation cache off, pixels
computed) on the same files in the same run. Target: ratio of at most 0.6.
Warm: the same folder again from the disk cache, against the cold run. Target: at most 0.05.

Rounds are interleaved (floor, cold, warm), so all three see the same machine load; each
prints the median over the rounds. Other processes slow the parallel cold run far more than the
single-threaded floor (they take the cores it would use), so on Linux the benchmark also prints
how many cores other processes kept busy during the cold runs: read the ratio with it. The
photos are made once and kept in the temporary folder (their making is not measured); the page
cache holds them for every contender alike.

    make bench        (or: .venv/bin/python bench/thumbnails.py [--runs N] [--count N])
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PIL import Image, ImageDraw

from photo import SIZE, photo_like

COUNT = 200
THUMBNAIL = 160  # the gallery's thumbnail side at a device pixel ratio of 1
COLD_TARGET = 0.6
WARM_TARGET = 0.05
_PHOTOS_VERSION = "v1"  # change when the photos change, so old copies are not reused
T = TypeVar("T")


def photo_folder(count: int) -> Path:
    """`count` distinct photo-like JPEGs, made once and kept in the temporary folder."""
    folder = Path(tempfile.gettempdir()) / f"maskmeme-bench-photos-{_PHOTOS_VERSION}-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"making {count} photo-like {SIZE[0]}x{SIZE[1]} JPEGs in {folder} (once)...")
    bases = [photo_like(SIZE)]
    bases.append(bases[0].transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    bases.append(bases[0].transpose(Image.Transpose.FLIP_TOP_BOTTOM))
    bases.append(bases[0].transpose(Image.Transpose.ROTATE_180))
    for index in range(count):
        picture = bases[index % len(bases)].copy()
        # A mark of its own in every file: distinct bytes, as in a real folder of photos.
        x, y = 200 + (index * 97) % 3400, 200 + (index * 53) % 2400
        colour = ((index * 37) % 256, (index * 91) % 256, (index * 13) % 256)
        ImageDraw.Draw(picture).rectangle((x, y, x + 300, y + 200), fill=colour)
        picture.save(folder / f"photo-{index:04d}.jpg", quality=90)
    done.touch()
    return folder


def busy_cores_elsewhere(job: Callable[[], T]) -> tuple[T, float | None]:
    """Run `job`; also return how many cores other processes kept busy meanwhile (Linux)."""
    before = _cpu_busy_seconds()
    ours_before, start = os.times(), time.perf_counter()
    result = job()
    wall = time.perf_counter() - start
    ours_after, after = os.times(), _cpu_busy_seconds()
    if before is None or after is None or wall <= 0:
        return result, None
    ours = (ours_after.user + ours_after.system) - (ours_before.user + ours_before.system)
    return result, max(0.0, (after - before - ours) / wall)


def _cpu_busy_seconds() -> float | None:
    """Seconds all CPUs spent busy since boot, from /proc/stat; None elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(field) for field in fields[:8]]  # user nice system idle iowait irq softirq steal
    idle = ticks[3] + ticks[4]
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def read_all(paths: list[Path]) -> None:
    """Bring every file into the page cache, so no contender pays for the disk alone."""
    for path in paths:
        path.read_bytes()


def pyvips_floor(paths: list[Path]) -> float:
    try:
        import pyvips
    except (ImportError, OSError):  # not installed, or libvips itself cannot be loaded
        sys.exit("the floor needs pyvips: .venv/bin/pip install -e '.[bench]' (or make bench)")

    pyvips.cache_set_max(0)  # else repeated rounds would hit libvips' own operation cache
    start = time.perf_counter()
    for path in paths:
        pyvips.Image.thumbnail(str(path), THUMBNAIL).write_to_memory()
    return time.perf_counter() - start


def app_pipeline(paths: list[Path], cache: Path) -> tuple[float, int]:
    """Seconds until the gallery's loader delivered every thumbnail; how many came from cache."""
    from PySide6.QtCore import QEventLoop, QTimer

    from maskmeme_gui.qt.gallery.workers import ThumbnailLoader, ThumbnailResult

    os.environ["MASKMEME_CACHE_DIR"] = str(cache)
    loader = ThumbnailLoader(THUMBNAIL)
    loop = QEventLoop()
    results: list[ThumbnailResult] = []

    def arrived(result: ThumbnailResult) -> None:
        results.append(result)
        if len(results) == len(paths):
            loop.quit()

    loader.loaded.connect(arrived)
    QTimer.singleShot(120_000, loop.quit)  # a hang ends the benchmark instead of the machine
    start = time.perf_counter()
    for index, path in enumerate(paths):
        loader.request(index, path)
    loop.exec()
    elapsed = time.perf_counter() - start
    loader.shutdown()
    loader.deleteLater()
    if len(results) != len(paths):
        sys.exit(f"only {len(results)} of {len(paths)} thumbnails arrived")
    problems = [r.problem for r in results if r.problem]
    if problems:
        sys.exit(f"thumbnails failed: {problems[0]}")
    return elapsed, sum(r.from_cache for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=COUNT)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from maskmeme_gui.qt.gallery.workers import usable_cores

    app = QGuiApplication.instance() or QGuiApplication([])
    paths = sorted(photo_folder(args.count).glob("*.jpg"))
    read_all(paths)
    floor_times, cold_times, warm_times = [], [], []
    elsewhere: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        app_pipeline(paths[:8], Path(scratch, "warm-up"))  # imports and first-call costs
        pyvips_floor(paths[:8])
        for run in range(args.runs):
            cache = Path(scratch, f"cache-{run}")
            floor_times.append(pyvips_floor(paths))
            (cold, hits), busy = busy_cores_elsewhere(lambda c=cache: app_pipeline(paths, c))
            if busy is not None:
                elsewhere.append(busy)
            if hits:
                sys.exit(f"the cold run found {hits} thumbnails in an empty cache")
            cold_times.append(cold)
            warm, hits = app_pipeline(paths, cache)
            if hits != len(paths):
                sys.exit(f"the warm run found only {hits} of {len(paths)} in the cache")
            warm_times.append(warm)
    del app
    floor, cold, warm = (statistics.median(t) for t in (floor_times, cold_times, warm_times))
    count = len(paths)
    cores = usable_cores()
    print(f"{count} photo-like {SIZE[0]}x{SIZE[1]} JPEGs, medians over {args.runs} rounds")
    print(f"pyvips Image.thumbnail, one at a time: {floor * 1000:.0f} ms")
    print(f"maskmeme cold (empty cache, {cores} cores): {cold * 1000:.0f} ms")
    if elsewhere:
        print(
            f"  other processes kept {statistics.median(elsewhere):.1f} of the {cores} cores "
            "busy during the cold runs (median)"
        )
    print(f"maskmeme warm (from the cache): {warm * 1000:.0f} ms")
    for name, ratio, target in (
        ("cold / pyvips", cold / floor, COLD_TARGET),
        ("warm / cold", warm / cold, WARM_TARGET),
    ):
        verdict = "meets" if ratio <= target else "MISSES"
        print(f"ratio {name} {ratio:.3f} ({verdict} the target of {target})")


if __name__ == "__main__":
    main()
