"""The thumbnail cache at scale: size cap with least-recently-used eviction, project
fingerprints, damaged entries, and the temporary files of killed writes."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image

from maskmeme_gui.fileio import thumbnails
from maskmeme_gui.fileio.project import load_project, save_project
from maskmeme_gui.fileio.thumbnails import ThumbnailCache, default_cache, thumbnail_for
from maskmeme_gui.model.layers import CaptionLayer
from test_thumbnails import make_project, photo

DAY = 24 * 60 * 60


def noisy(seed: int, size: int = 64) -> Image.Image:
    """A picture that compresses badly, so entries have a predictable, non-trivial size."""
    return Image.effect_noise((size, size), 60 + seed).convert("RGB")


def entries(cache: ThumbnailCache) -> dict[str, Path]:
    return {p.stem: p for p in cache.folder.rglob("*.thumb")}


def folder_bytes(cache: ThumbnailCache) -> int:
    return sum(p.stat().st_size for p in entries(cache).values())


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def key(n: int) -> str:
    return f"{n:064x}"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each picture or project preview actually decoded (not found in the cache) is named."""
    calls: list[str] = []
    make, preview = thumbnails._make_thumbnail, thumbnails._make_preview_thumbnail

    def making(path: Path, size: int) -> Image.Image:
        calls.append(path.name)
        return make(path, size)

    def previewing(png: bytes, name: str, size: int) -> Image.Image:
        calls.append(name)
        return preview(png, name, size)

    monkeypatch.setattr(thumbnails, "_make_thumbnail", making)
    monkeypatch.setattr(thumbnails, "_make_preview_thumbnail", previewing)
    return calls


# -- size cap and least-recently-used eviction ------------------------------------------------


def test_the_cap_evicts_the_least_recently_used_entries(tmp_path: Path) -> None:
    probe = ThumbnailCache(tmp_path / "probe")
    probe.put(key(0), noisy(0))
    entry_size = folder_bytes(probe)
    cache = ThumbnailCache(tmp_path / "cache", max_bytes=entry_size * 10)
    for n in range(8):
        cache.put(key(n), noisy(n))
    stored = entries(cache)
    assert len(stored) == 8
    for n in range(8):  # entry 0 is the oldest, entry 7 the newest
        age(stored[key(n)], (10 - n) * DAY)
    cache.sweep()  # as at start-up: under the cap, nothing goes
    assert len(entries(cache)) == 8
    assert cache.get(key(1), 64) is not None  # used again now: it becomes the newest

    for n in range(8, 12):  # over the cap
        cache.put(key(n), noisy(n))

    kept = entries(cache)
    assert len(kept) < 12 and folder_bytes(cache) <= cache.max_bytes
    assert key(1) in kept  # used recently, although written early
    assert key(0) not in kept and key(2) not in kept  # the least recently used went first
    assert all(key(n) in kept for n in range(8, 12))  # the newest stay


def test_eviction_runs_only_when_the_cap_is_passed(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path, max_bytes=10 * 1024 * 1024)
    for n in range(40):
        cache.put(key(n), noisy(n, 32))
    # A process learns the folder's size once, after a few dozen writes; then writes are
    # only counted.
    assert cache.sweeps == 1
    assert len(entries(cache)) == 40

    entry_size = folder_bytes(cache) // 40
    small = ThumbnailCache(tmp_path / "small", max_bytes=entry_size * 20)
    for n in range(60):
        small.put(key(n), noisy(n, 32))
    # Once to learn the size, then each time the cap is passed again, every fifth of it (each
    # sweep frees down to 80 %): a handful of sweeps for 60 writes, not 60.
    assert 3 <= small.sweeps <= 12
    assert folder_bytes(small) <= small.max_bytes


def test_a_cache_over_its_cap_at_start_up_is_trimmed_by_the_start_up_sweep(
    tmp_path: Path,
) -> None:
    big = ThumbnailCache(tmp_path)
    for n in range(10):
        big.put(key(n), noisy(n))
    total = folder_bytes(big)
    reopened = ThumbnailCache(tmp_path, max_bytes=total // 2)  # the cap was lowered
    reopened.put(key(99), noisy(99))
    assert reopened.sweeps == 0  # one write does not list the whole folder
    reopened.sweep()
    assert folder_bytes(reopened) <= total // 2


def test_a_process_that_never_swept_trims_after_a_few_dozen_writes(tmp_path: Path) -> None:
    big = ThumbnailCache(tmp_path)
    for n in range(10):
        big.put(key(n), noisy(n, 32))
    reopened = ThumbnailCache(tmp_path, max_bytes=folder_bytes(big) // 2)
    for n in range(100, 140):
        reopened.put(key(n), noisy(n, 32))
    assert reopened.sweeps >= 1
    assert folder_bytes(reopened) <= reopened.max_bytes


def test_a_recent_hit_does_not_write_to_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ThumbnailCache(tmp_path)
    cache.put(key(1), noisy(1))
    touched: list[object] = []
    monkeypatch.setattr(thumbnails.os, "utime", lambda *args, **kw: touched.append(args))
    assert cache.get(key(1), 64) is not None
    assert touched == []  # marked used less than an hour ago: no write for a warm gallery
    age(entries(cache)[key(1)], DAY)
    assert cache.get(key(1), 64) is not None
    assert len(touched) == 1


def test_an_entry_that_cannot_be_removed_does_not_stop_eviction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ThumbnailCache(tmp_path)
    for n in range(6):
        cache.put(key(n), noisy(n))
    stored = entries(cache)
    for n in range(6):
        age(stored[key(n)], (10 - n) * DAY)
    stuck = stored[key(0)]
    real_unlink = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == stuck:
            raise PermissionError(13, "Permission denied", str(self))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    cache.max_bytes = folder_bytes(cache) // 2
    cache.sweep()
    assert stuck.exists()
    assert key(1) not in entries(cache)
    assert folder_bytes(cache) <= cache.max_bytes


def test_thumbnail_for_uses_the_cache_it_is_given(tmp_path: Path, counted: list[str]) -> None:
    source = photo(tmp_path / "cat.png")
    mine = ThumbnailCache(tmp_path / "mine")
    assert not thumbnail_for(source, 80, cache=mine).from_cache
    assert thumbnail_for(source, 80, cache=mine).from_cache
    assert len(entries(mine)) == 1
    assert not default_cache().folder.exists() or not entries(default_cache())
    assert counted == ["cat.png"]


# -- projects: keyed by their content ---------------------------------------------------------


def bump_mtime(path: Path) -> None:
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 5_000_000_000))


def test_a_project_saved_again_unchanged_hits_the_cache(tmp_path: Path, counted: list[str]) -> None:
    path = make_project(tmp_path / "meme.maskmeme")
    first = thumbnail_for(path, 100)
    assert not first.from_cache and counted == ["meme.maskmeme"]

    save_project(load_project(path), path)  # the same content, a new file version
    bump_mtime(path)
    again = thumbnail_for(path, 100)
    assert again.from_cache
    assert counted == ["meme.maskmeme"]
    assert again.image.size == first.image.size
    # ... and this file version is now found by its path alone.
    assert thumbnail_for(path, 100).from_cache


def test_a_copied_project_hits_the_cache(tmp_path: Path, counted: list[str]) -> None:
    original = make_project(tmp_path / "meme.maskmeme")
    thumbnail_for(original, 100)
    copy = tmp_path / "copy of meme.maskmeme"
    copy.write_bytes(original.read_bytes())
    assert thumbnail_for(copy, 100).from_cache
    assert counted == ["meme.maskmeme"]


def test_a_changed_project_misses_the_cache(tmp_path: Path, counted: list[str]) -> None:
    path = make_project(tmp_path / "meme.maskmeme", caption="I'm fine")
    before = thumbnail_for(path, 100)
    doc = load_project(path)
    caption = next(layer for layer in doc.layers if isinstance(layer, CaptionLayer))
    caption.text = "Totally fine, honestly"
    save_project(doc, path)
    bump_mtime(path)
    after = thumbnail_for(path, 100)
    assert not after.from_cache
    assert counted == ["meme.maskmeme", "meme.maskmeme"]
    assert after.image.tobytes() != before.image.tobytes()


def test_the_content_key_depends_on_the_size(tmp_path: Path, counted: list[str]) -> None:
    path = make_project(tmp_path / "meme.maskmeme")
    thumbnail_for(path, 100)
    assert not thumbnail_for(path, 60).from_cache
    assert len(counted) == 2


# -- damaged entries --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry.write_bytes(b""),
        lambda entry: entry.write_bytes(entry.read_bytes()[:40]),  # truncated
        lambda entry: entry.write_bytes(b"\x00" * 500),
        lambda entry: entry.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        lambda entry: entry.write_bytes(b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024)),  # huge
    ],
    ids=["empty", "truncated", "zeros", "not-a-picture", "too-large"],
)
def test_a_damaged_entry_is_ignored_and_made_again(
    tmp_path: Path, counted: list[str], damage: object
) -> None:
    source = photo(tmp_path / "cat.jpg")
    made = thumbnail_for(source, 120)
    (entry,) = entries(default_cache()).values()
    damage(entry)  # type: ignore[operator]
    again = thumbnail_for(source, 120)
    assert not again.from_cache and again.problem is None
    assert again.image.size == made.image.size
    assert len(counted) == 2
    assert thumbnail_for(source, 120).from_cache  # rewritten, readable again


def test_a_folder_in_place_of_an_entry_only_costs_speed(tmp_path: Path) -> None:
    source = photo(tmp_path / "cat.png")
    thumbnail_for(source, 120)
    (entry,) = entries(default_cache()).values()
    entry.unlink()
    entry.mkdir()
    again = thumbnail_for(source, 120)
    assert again.problem is None and not again.from_cache
    assert entry.is_dir()


# -- leftovers of killed writes ---------------------------------------------------------------


def test_a_sweep_removes_stale_temporary_files_of_killed_writes(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path)
    cache.put(key(1), noisy(1))
    sub = cache.entry_path(key(1)).parent
    stale = sub / f".{key(2)}.thumb.0badf00d.tmp"
    fresh = sub / f".{key(3)}.thumb.0c0ffee0.tmp"
    for temp in (stale, fresh):
        temp.write_bytes(b"half")
    age(stale, 2 * DAY)
    cache.sweep()
    assert not stale.exists()
    assert fresh.exists()  # a write in progress, maybe in another running copy of the app
    assert key(1) in entries(cache)
