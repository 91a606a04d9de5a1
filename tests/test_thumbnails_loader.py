"""The gallery's thumbnail loader: every core, batches while many wait, nothing lost."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from maskmeme_gui.fileio import thumbnails as fileio_thumbnails
from maskmeme_gui.qt.gallery import workers
from maskmeme_gui.qt.gallery.workers import ThumbnailLoader, ThumbnailResult, usable_cores
from test_thumbnails import photo

WAIT_MS = 20_000


@pytest.fixture
def pictures(tmp_path: Path) -> list[Path]:
    return [photo(tmp_path / f"p{index:02d}.png", (64, 48)) for index in range(24)]


def collect(loader: ThumbnailLoader) -> list[ThumbnailResult]:
    results: list[ThumbnailResult] = []
    loader.loaded.connect(results.append)
    return results


def test_one_thread_per_core(qtbot: QtBot) -> None:
    loader = ThumbnailLoader(32)
    assert loader.pool.max_threads == max(2, usable_cores())
    loader.shutdown()


def test_every_request_arrives_once_and_nothing_stays_pending(
    qtbot: QtBot, pictures: list[Path]
) -> None:
    loader = ThumbnailLoader(32)
    results = collect(loader)
    for index, path in enumerate(pictures):
        loader.request(index, path)
        loader.request(index, path)  # asked again while waiting or being made: still once
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=WAIT_MS)
    assert sorted(r.key for r in results) == list(range(len(pictures)))
    assert all(r.problem is None and r.image.width() == 32 for r in results)
    assert loader.requested == len(pictures)
    loader.shutdown()


def test_many_waiting_requests_are_made_in_batches(
    qtbot: QtBot, pictures: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    batches: list[int] = []
    original = workers._ThumbnailJob.__call__

    def spy(self: workers._ThumbnailJob, control: workers.TaskControl) -> object:
        gate.wait(10)  # hold the first runs until every request is waiting
        batches.append(len(self.items))
        return original(self, control)

    monkeypatch.setattr(workers._ThumbnailJob, "__call__", spy)
    loader = ThumbnailLoader(32)
    results = collect(loader)
    for index, path in enumerate(pictures):
        loader.request(index, path)
    gate.set()
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=WAIT_MS)
    assert len(results) == len(pictures)
    assert batches[0] == 1  # the first request starts alone, at once
    assert max(batches) == ThumbnailLoader.MAX_BATCH  # a backlog goes in batches
    assert len(batches) < len(pictures)
    loader.shutdown()


def test_a_bug_in_one_thumbnail_does_not_lose_the_others_of_its_batch(
    qtbot: QtBot, pictures: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = pictures[5]
    real = fileio_thumbnails.thumbnail_for

    def buggy(path: Path, *args: object) -> fileio_thumbnails.Thumbnail:
        if Path(path) == bad:
            raise RuntimeError("a bug")
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "thumbnail_for", buggy)
    loader = ThumbnailLoader(32)
    results = collect(loader)
    for index, path in enumerate(pictures):
        loader.request(index, path)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=WAIT_MS)
    assert sorted(r.key for r in results) == [i for i in range(len(pictures)) if i != 5]
    loader.shutdown()


def test_urgent_requests_go_first(
    qtbot: QtBot, pictures: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    original = workers._ThumbnailJob.__call__

    def held(self: workers._ThumbnailJob, control: workers.TaskControl) -> object:
        gate.wait(10)
        return original(self, control)

    monkeypatch.setattr(workers._ThumbnailJob, "__call__", held)
    loader = ThumbnailLoader(32)
    dispatched: list[list[object]] = []  # the keys of each run, in the order they started
    real_start = workers.Task.start

    def recording_start(task: workers.Task, pool: object = None) -> None:
        dispatched.append([key for key, _path in loader._busy[task].items])
        real_start(task, pool)  # type: ignore[arg-type]

    monkeypatch.setattr(workers.Task, "start", recording_start)
    threads = loader.pool.max_threads
    for index, path in enumerate(pictures[:-1]):
        loader.request(index, path)
    loader.request("urgent", pictures[-1], urgent=True)
    gate.set()
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=WAIT_MS)
    # The first runs started before the urgent request came; the next one starts with it.
    assert all("urgent" not in keys for keys in dispatched[:threads])
    assert dispatched[threads][0] == "urgent"
    loader.shutdown()


def test_cache_hits_run_on_one_thread_in_big_batches_and_misses_on_all(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = [photo(tmp_path / f"c{index:02d}.png", (64, 48)) for index in range(40)]
    fresh = [photo(tmp_path / f"f{index:02d}.png", (64, 48)) for index in range(40)]
    loader = ThumbnailLoader(32)
    results = collect(loader)
    for index, path in enumerate(cached):
        loader.request(("first", index), path)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=WAIT_MS)

    starts: list[tuple[int, int, bool]] = []  # (batch size, runs already busy, all cached)
    real_start = workers.Task.start

    def recording_start(task: workers.Task, pool: object = None) -> None:
        items = loader._busy[task].items
        already = len(loader._busy) - 1
        starts.append((len(items), already, all(path in cached for _key, path in items)))
        real_start(task, pool)  # type: ignore[arg-type]

    monkeypatch.setattr(workers.Task, "start", recording_start)
    for index, path in enumerate(cached):
        loader.request(("again", index), path)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=WAIT_MS)
    warm = [start for start in starts if start[0] > ThumbnailLoader.MAX_BATCH]
    assert warm, "a warm gallery is read in big batches"
    assert all(already == 0 for _size, already, _cached in warm)  # ... on one thread
    assert all(r.from_cache for r in results if r.key[0] == "again")

    # Scrolling on: cached and new thumbnails asked for together, while the loader is warm.
    # The new ones must be made on every thread in small batches, the cached thread serving
    # only what is cached; no thread makes a big batch on its own.
    made_per_run: list[int] = []
    local = threading.local()
    real_call = workers._ThumbnailJob.__call__
    real_make = workers.thumbnail_for

    def counting_call(job: workers._ThumbnailJob, control: workers.TaskControl) -> object:
        local.made = 0
        try:
            return real_call(job, control)
        finally:
            made_per_run.append(local.made)

    def counting_make(*args: object, **kwargs: object) -> object:
        local.made += 1
        return real_make(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers._ThumbnailJob, "__call__", counting_call)
    monkeypatch.setattr(workers, "thumbnail_for", counting_make)
    starts.clear()
    for index, (old, new) in enumerate(zip(cached, fresh, strict=True)):
        loader.request(("third", index), old)
        loader.request(("fresh", index), new)
    qtbot.waitUntil(lambda: loader.pending == 0, timeout=WAIT_MS)
    assert sum(made_per_run) == len(fresh)
    assert max(made_per_run) <= ThumbnailLoader.MAX_BATCH
    assert any(already > 0 for _size, already, _cached in starts)  # on several threads
    assert sorted(r.key[1] for r in results if r.key[0] == "fresh") == list(range(len(fresh)))
    assert sorted(r.key[1] for r in results if r.key[0] == "third") == list(range(len(cached)))
    loader.shutdown()


def test_the_thumbnail_modules_do_not_load_the_project_reader() -> None:
    """They are imported before the window's first paint; a folder of pictures never needs it."""
    code = (
        "import sys, maskmeme_gui.fileio.thumbnails, maskmeme_gui.qt.gallery.workers\n"
        "print('maskmeme_gui.fileio.project' in sys.modules,"
        " 'maskmeme_gui.render.compose' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.split() == ["False", "False"]


def test_a_cached_thumbnail_is_read_by_qt_and_a_cut_short_one_is_made_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PIL import Image

    # Detailed, so most of the thumbnail's file is picture data that can be cut short.
    path = tmp_path / "detailed.png"
    Image.effect_mandelbrot((400, 300), (-2.0, -1.5, 1.0, 1.5), 60).convert("RGB").save(path)
    first = ThumbnailLoader(160)
    made = collect(first)
    first.request("made", path)
    qtbot.waitUntil(lambda: len(made) == 1, timeout=WAIT_MS)
    first.shutdown()
    assert not made[0].from_cache

    entry = fileio_thumbnails.cached_entry(path, 160)
    assert entry is not None
    data = Path(entry).read_bytes()
    assert data.startswith(b"\xff\xd8")  # an opaque thumbnail is kept as JPEG

    # Read again by Qt, straight from the cache: the same picture.
    again = ThumbnailLoader(160)
    hits = collect(again)
    again.request("hit", path)
    qtbot.waitUntil(lambda: len(hits) == 1, timeout=WAIT_MS)
    assert hits[0].from_cache and hits[0].image.size() == made[0].image.size()

    # Cut short on disk: Qt would show half a picture, so it is made again instead.
    Path(entry).write_bytes(data[: len(data) * 3 // 4])
    remade = collect(again)
    again.request("remade", path)
    qtbot.waitUntil(lambda: len(remade) == 1, timeout=WAIT_MS)
    assert not remade[-1].from_cache
    assert Path(entry).read_bytes().endswith(b"\xff\xd9")  # whole again
    again.shutdown()
